/*
 * An approval case from filing to 办结 through four users holding four
 * posts: queues and counts, 签收, accept, review, approve, ship, close;
 * a colleague's queue is pushed the change; the clock; history; one SMS
 * per event; a clean audit chain.
 */
#include <string.h>

#include "harness.h"

#define B(x)	BANSHI__V1__CLIENT_MESSAGE__BODY_##x
#define A(x)	BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_##x

static struct server	s;

static uint32_t
count_of(struct wire *w, int queue)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__QueueCounts	 q = BANSHI__V1__QUEUE_COUNTS__INIT;
	ServerMessage		*r;
	uint32_t		 n = 0;
	size_t			 i;

	m.body_case = B(QUEUE_COUNTS);
	m.queue_counts = &q;
	r = call(w, &m);
	for (i = 0; status_of(r) == 0 && i < r->reply->queue_counts->n_counts;
	    i++)
		if ((int)r->reply->queue_counts->counts[i]->queue == queue)
			n = r->reply->queue_counts->counts[i]->count;
	msg_free(r);
	return (n);
}

static int
in_queue(struct wire *w, int queue, const char *serial)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListQueue	 q = BANSHI__V1__LIST_QUEUE__INIT;
	ServerMessage		*r;
	size_t			 i;
	int			 found = 0;

	q.queue = queue;
	m.body_case = B(LIST_QUEUE);
	m.list_queue = &q;
	r = call(w, &m);
	for (i = 0; status_of(r) == 0 && i < r->reply->queue->n_rows; i++)
		if (strcmp(r->reply->queue->rows[i]->serial, serial) == 0)
			found = 1;
	msg_free(r);
	return (found);
}

/* Wait for a QueueChanged push of queue on w. */
static int
pushed(struct wire *w, int queue)
{
	ServerMessage	*r;
	int		 got = 0;

	wire_set_timeout(w, 5000);
	while (!got && (r = next_message(w)) != NULL) {
		got = r->body_case == BANSHI__V1__SERVER_MESSAGE__BODY_EVENT &&
		    r->event->body_case ==
		    BANSHI__V1__EVENT__BODY_QUEUE_CHANGED &&
		    (int)r->event->queue_changed->queue == queue;
		msg_free(r);
	}
	wire_set_timeout(w, 60000);
	return (got);
}

int
main(void)
{
	struct wire	*ag, *acc, *rev, *apr, *other;
	ServerMessage	*r;
	char		 serial[40], out[256];
	uint64_t	 v;

	server_start(&s, NULL);
	setup_back_office(&s);
	ag = login_as(&s, "agent");
	acc = login_as(&s, "acc");
	rev = login_as(&s, "rev");
	file_case(ag, "大型户外广告设置许可", 1, serial, sizeof serial);

	/* 待受理: listed and counted for the department's acceptance clerk. */
	CHECK(pushed(acc, BANSHI__V1__QUEUE__QUEUE_ACCEPT),
	    "the acceptance queue was pushed the new case");
	CHECK(count_of(acc, BANSHI__V1__QUEUE__QUEUE_ACCEPT) == 1, "count 1");
	CHECK(in_queue(acc, BANSHI__V1__QUEUE__QUEUE_ACCEPT, serial),
	    "in 待受理");
	CHECK(!in_queue(rev, BANSHI__V1__QUEUE__QUEUE_ACCEPT, serial),
	    "not in a reviewer's list");
	other = login_as(&s, "acc2");
	CHECK(!in_queue(other, BANSHI__V1__QUEUE__QUEUE_ACCEPT, serial),
	    "not in another department's 待受理");

	/* 签收, then another department's clerk cannot act on it. */
	r = open_case(acc, serial, 1);
	REQUIRE(status_of(r) == 0 && r->reply->case_detail->claimed_by_me,
	    "claimed");
	v = r->reply->case_detail->version;
	CHECK(r->reply->case_detail->clock->level ==
	    BANSHI__V1__CLOCK_LEVEL__CLOCK_LEVEL_NOT_STARTED, "clock not yet");
	msg_free(r);
	r = act(other, B(ACCEPT_CASE), serial, v, A(ACCEPT), "同意受理");
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND ||
	    status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_PERMISSION_DENIED,
	    "wrong department: %d", status_of(r));
	msg_free(r);
	r = act(rev, B(ACCEPT_CASE), serial, v, A(ACCEPT), "同意受理");
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_PERMISSION_DENIED,
	    "wrong post: %d", status_of(r));
	msg_free(r);

	/* 受理 → 审核: the reviewer's queue is told without asking. */
	r = act(acc, B(ACCEPT_CASE), serial, v, A(ACCEPT), "材料齐全，同意受理");
	REQUIRE(status_of(r) == 0, "accept: %d %s", status_of(r),
	    r ? r->reply->status->message : "");
	CHECK(strcmp(r->reply->action->next_step, "审核") == 0 &&
	    r->reply->action->next_post == BANSHI__V1__POST__POST_REVIEW,
	    "names the next step and post");
	CHECK(r->reply->action->change->clock->accepted_on[0] != '\0' &&
	    r->reply->action->change->clock->remaining_days > 0,
	    "the clock runs");
	v = r->reply->action->change->version;
	msg_free(r);
	CHECK(pushed(rev, BANSHI__V1__QUEUE__QUEUE_REVIEW),
	    "reviewer pushed");
	CHECK(in_queue(rev, BANSHI__V1__QUEUE__QUEUE_REVIEW, serial),
	    "in 待审核");
	CHECK(count_of(acc, BANSHI__V1__QUEUE__QUEUE_ACCEPT) == 0,
	    "left 待受理");

	r = act(rev, B(REVIEW_CASE), serial, v, A(PASS), "审核通过");
	REQUIRE(status_of(r) == 0, "review: %d", status_of(r));
	v = r->reply->action->change->version;
	msg_free(r);
	apr = login_as(&s, "apr");
	r = act(apr, B(APPROVE_CASE), serial, v, A(APPROVE), "准予许可");
	REQUIRE(status_of(r) == 0, "approve: %d", status_of(r));
	v = r->reply->action->change->version;
	msg_free(r);
	/* Express pickup: ship with a waybill, then close. */
	r = act(apr, B(ISSUE_CASE), serial, v, A(WAIT_PICKUP), "");
	CHECK(status_of(r) ==
	    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION,
	    "an express case does not wait for pickup");
	msg_free(r);
	r = act(apr, B(ISSUE_CASE), serial, v, A(SHIP), "");
	REQUIRE(status_of(r) == 0, "ship: %d %s", status_of(r),
	    r ? r->reply->status->message : "");
	v = r->reply->action->change->version;
	msg_free(r);
	r = act(apr, B(ISSUE_CASE), serial, v, A(CLOSE), "办结");
	REQUIRE(status_of(r) == 0, "close: %d", status_of(r));
	CHECK(r->reply->action->change->status ==
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_DONE &&
	    r->reply->action->change->step == 0, "办结");
	CHECK(r->reply->action->change->event != NULL &&
	    strcmp(r->reply->action->change->event->action, "close") ==
	    0 && strncmp(r->reply->action->change->event->opinion, "办结", 6) == 0,
	    "the reply carries the history entry it appended");
	msg_free(r);
	CHECK(history_len(apr, serial, 4) == 6, "history: submit + 5 actions "
	    "(%zu), read in pages of 4", history_len(apr, serial, 4));

	CHECK(db_int(&s, "SELECT count(*) FROM outbox WHERE event IN"
	    " ('accepted', 'approved', 'shipped', 'closed')") == 4,
	    "one SMS per event to the applicant");
	CHECK(db_int(&s, "SELECT count(*) FROM queue_count WHERE n != 0") == 0,
	    "no queue counts left over");
	CHECK(ctl(&s, NULL, out, sizeof out, "audit verify") == 0,
	    "audit chain: %s", out);
	wire_close(ag);
	wire_close(acc);
	wire_close(rev);
	wire_close(apr);
	wire_close(other);
	return (harness_done(&s));
}
