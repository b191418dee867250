/*
 * The other paths of a case: supplement and resubmit, refuse, review fail
 * and back, deny, self pickup with the clock paused and resumed, civic
 * prereview fail and pass with direct handling, each special operation,
 * and a retried action that leaves one SMS.
 */
#include <string.h>

#include "harness.h"

#define B(x)	BANSHI__V1__CLIENT_MESSAGE__BODY_##x
#define A(x)	BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_##x
#define ST(x)	BANSHI__V1__CASE_STATUS__CASE_STATUS_##x

static struct server	 s;
static struct wire	*ag, *acc, *rev, *apr, *pre, *han, *boss;

/* Take an action and return the new version (0 and a failed check if
 * refused). */
static uint64_t
step(struct wire *w, int body, const char *serial, uint64_t v, int a,
    const char *what)
{
	ServerMessage	*r = act(w, body, serial, v, a, "意见");
	uint64_t	 nv = 0;

	CHECK(status_of(r) == 0, "%s: %d %s", what, status_of(r),
	    r != NULL && r->reply->status ? r->reply->status->message : "");
	if (status_of(r) == 0)
		nv = r->reply->action->change->version;
	msg_free(r);
	return (nv);
}

static int
status_now(const char *serial)
{
	ServerMessage	*r = open_case(ag, serial, 0);	/* the filer */
	int		 st = status_of(r) == 0 ?
			    (int)r->reply->case_detail->summary->status : -1;

	msg_free(r);
	return (st);
}

static void
test_supplement(void)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListDrafts	 ld = BANSHI__V1__LIST_DRAFTS__INIT;
	Banshi__V1__SubmitDraft	 sd = BANSHI__V1__SUBMIT_DRAFT__INIT;
	ServerMessage		*r, *dr;
	char			 serial[40], draft[64];
	uint64_t		 v;

	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);
	v = case_version(acc, serial);
	v = step(acc, B(ACCEPT_CASE), serial, v, A(SUPPLEMENT), "supplement");
	CHECK(status_now(serial) == ST(SUPPLEMENT), "需补办");
	/* The filer finds a 补办 draft without the asked-for material. */
	m.body_case = B(LIST_DRAFTS);
	m.list_drafts = &ld;
	r = call(ag, &m);
	REQUIRE(status_of(r) == 0 && r->reply->drafts->n_drafts == 1,
	    "a 补办 draft");
	snprintf(draft, sizeof draft, "%s",
	    r->reply->drafts->drafts[0]->draft_id);
	msg_free(r);
	{
		ClientMessage		m2 = BANSHI__V1__CLIENT_MESSAGE__INIT;
		Banshi__V1__GetDraft	gd = BANSHI__V1__GET_DRAFT__INIT;

		gd.draft_id = draft;
		m2.body_case = B(GET_DRAFT);
		m2.get_draft = &gd;
		dr = call(ag, &m2);
	}
	REQUIRE(status_of(dr) == 0 && strcmp(dr->reply->draft->case_serial,
	    serial) == 0, "linked to the case");
	/* Submitting it without the material is refused, naming it. */
	sd.draft_id = draft;
	sd.expected_version = dr->reply->draft->version;
	memset(&m, 0, sizeof m);
	banshi__v1__client_message__init(&m);
	m.body_case = B(SUBMIT_DRAFT);
	m.submit_draft = &sd;
	r = call_mutating(ag, &m);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "materials.0") == 0, "still missing: %s",
	    field_of(r));
	msg_free(r);
	r = upload(ag, draft, 0, NULL, "%PDF-1.4\nresent", 15, 100);
	REQUIRE(status_of(r) == 0, "re-upload");
	sd.expected_version = r->reply->draft->version;
	msg_free(r);
	m.id = 0;
	m.idempotency_key.len = 0;
	r = call_mutating(ag, &m);
	CHECK(status_of(r) == 0 && strcmp(r->reply->submitted->serial,
	    serial) == 0, "resubmitted under the same serial: %d %s",
	    status_of(r), field_of(r));
	msg_free(r);
	msg_free(dr);
	CHECK(status_now(serial) == ST(PENDING_ACCEPTANCE), "back to 待受理");
	CHECK(db_int(&s, "SELECT count(*) FROM case_file") >= 1 &&
	    db_int(&s, "SELECT count(*) FROM draft") == 0, "no draft left");
	v = case_version(acc, serial);
	step(acc, B(ACCEPT_CASE), serial, v, A(REFUSE), "refuse");
	CHECK(status_now(serial) == ST(REFUSED), "不予受理");
}

static void
test_fail_and_deny(void)
{
	char		serial[40];
	uint64_t	v;

	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);
	v = step(acc, B(ACCEPT_CASE), serial, case_version(acc, serial),
	    A(ACCEPT), "accept");
	v = step(rev, B(REVIEW_CASE), serial, v, A(FAIL), "review fail");
	CHECK(status_now(serial) == ST(PENDING_ACCEPTANCE), "退回 to 受理");
	v = step(acc, B(ACCEPT_CASE), serial, v, A(ACCEPT), "accept again");
	v = step(rev, B(REVIEW_CASE), serial, v, A(PASS), "pass");
	step(apr, B(APPROVE_CASE), serial, v, A(DENY), "deny");
	CHECK(status_now(serial) == ST(DENIED), "不予许可");
}

static void
test_self_pickup(void)
{
	ServerMessage	*r;
	char		 serial[40], out[64];
	uint64_t	 v;
	int		 before;

	REQUIRE(ctl(&s, NULL, out, sizeof out, "clock advance 0") == 0,
	    "clock control");
	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);
	v = step(acc, B(ACCEPT_CASE), serial, case_version(acc, serial),
	    A(ACCEPT), "accept");
	v = step(rev, B(REVIEW_CASE), serial, v, A(PASS), "pass");
	v = step(apr, B(APPROVE_CASE), serial, v, A(APPROVE), "approve");
	r = act(apr, B(ISSUE_CASE), serial, v, A(CLOSE), "");
	CHECK(status_of(r) ==
	    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION,
	    "no close before issuing");
	msg_free(r);
	v = step(apr, B(ISSUE_CASE), serial, v, A(WAIT_PICKUP), "wait");
	r = open_case(apr, serial, 0);
	CHECK(status_of(r) == 0 && r->reply->case_detail->clock->paused,
	    "paused while waiting for pickup");
	before = r->reply->case_detail->clock->remaining_days;
	msg_free(r);
	/* Six days later the applicant comes: the deadline moved with it. */
	ctl(&s, NULL, NULL, 0, "clock advance %d", 6 * 86400);
	r = open_case(apr, serial, 0);
	CHECK(status_of(r) == 0 && r->reply->case_detail->clock->remaining_days
	    == before, "the remaining days stay while paused");
	msg_free(r);
	v = step(apr, B(ISSUE_CASE), serial, v, A(PICKUP_ARRIVED), "arrived");
	r = open_case(apr, serial, 0);
	CHECK(status_of(r) == 0 && !r->reply->case_detail->clock->paused &&
	    r->reply->case_detail->clock->paused_days >= 3 &&
	    r->reply->case_detail->clock->remaining_days == before,
	    "resumed with the paused working days added (%u paused)",
	    status_of(r) == 0 ? r->reply->case_detail->clock->paused_days :
	    0);
	msg_free(r);
	v = step(apr, B(ISSUE_CASE), serial, v, A(ISSUE), "issue");
	step(apr, B(ISSUE_CASE), serial, v, A(CLOSE), "close");
	CHECK(status_now(serial) == ST(DONE), "办结 after pickup");
}

static void
test_civic(void)
{
	ServerMessage	*r;
	char		 serial[40];
	uint64_t	 v;
	size_t		 i;
	int		 mine = 0;

	file_case(ag, "流动人口居住证明", 0, serial, sizeof serial);
	v = case_version(pre, serial);
	step(pre, B(PREREVIEW_CASE), serial, v, A(PREREVIEW_FAIL), "fail");
	CHECK(status_now(serial) == ST(NOT_PASSED), "预审不通过");

	file_case(ag, "流动人口居住证明", 0, serial, sizeof serial);
	r = act(pre, B(PREREVIEW_CASE), serial, case_version(pre, serial),
	    A(PREREVIEW_PASS), "符合条件");
	REQUIRE(status_of(r) == 0, "prereview pass: %d %s", status_of(r),
	    r ? r->reply->status->message : "");
	for (i = 0; i < r->reply->action->n_handlers; i++)
		if (strcmp(r->reply->action->handlers[i]->login, "han") == 0)
			mine = 1;
	CHECK(mine, "the community's handler is named");
	v = r->reply->action->change->version;
	msg_free(r);
	v = step(han, B(HANDLE_CASE), serial, v, A(HANDLE_SAVE), "save");
	step(han, B(HANDLE_CASE), serial, v, A(HANDLE_CLOSE), "close");
	CHECK(status_now(serial) == ST(DONE), "办结 in the community");
}

static void
test_special(void)
{
	ServerMessage	*r;
	char		 serial[40];
	uint64_t	 v;
	int		 before;

	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);
	v = step(acc, B(ACCEPT_CASE), serial, case_version(acc, serial),
	    A(ACCEPT), "accept");
	r = act(rev, B(SPECIAL_CASE), serial, v, A(PAUSE), "待鉴定");
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_PERMISSION_DENIED,
	    "a reviewer may not pause by default: %d", status_of(r));
	msg_free(r);
	v = step(boss, B(SPECIAL_CASE), serial, v, A(PAUSE), "pause");
	v = step(boss, B(SPECIAL_CASE), serial, v, A(RESUME), "resume");
	r = open_case(boss, serial, 0);
	before = r->reply->case_detail->clock->remaining_days;
	msg_free(r);
	v = step(acc, B(SPECIAL_CASE), serial, v, A(EXTEND), "extend");
	r = open_case(boss, serial, 0);
	CHECK(r->reply->case_detail->clock->remaining_days == before + 5 &&
	    r->reply->case_detail->clock->extension_days == 5,
	    "extended by 5 working days");
	msg_free(r);
	step(boss, B(SPECIAL_CASE), serial, v, A(TERMINATE), "terminate");
	CHECK(status_now(serial) == ST(TERMINATED), "异常终止");
	r = act(boss, B(SPECIAL_CASE), serial, v + 1, A(WITHDRAW), "撤回");
	CHECK(status_of(r) ==
	    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION,
	    "nothing on a closed case");
	msg_free(r);
	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);
	step(ag, B(SPECIAL_CASE), serial, case_version(ag, serial),
	    A(WITHDRAW), "withdraw by the filer");
	CHECK(status_now(serial) == ST(WITHDRAWN), "撤回");
}

static void
test_retry_one_sms(void)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__CaseAction	 a = BANSHI__V1__CASE_ACTION__INIT;
	ServerMessage		*r;
	uint8_t			 key[16] = "accept-retry-001";
	char			 serial[40], q[200];
	int			 i;

	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);
	a.serial = serial;
	a.expected_version = case_version(acc, serial);
	a.action = A(ACCEPT);
	a.opinion = "同意";
	a.certificate_number = a.waybill = "";
	m.body_case = B(ACCEPT_CASE);
	m.accept_case = &a;
	m.idempotency_key.data = key;
	m.idempotency_key.len = 16;
	for (i = 0; i < 3; i++) {
		m.id = 0;
		r = call(acc, &m);
		CHECK(status_of(r) == 0, "attempt %d: %d", i, status_of(r));
		msg_free(r);
	}
	snprintf(q, sizeof q, "SELECT count(*) FROM outbox o JOIN case_file c"
	    " ON c.id = o.case_id WHERE c.serial = '%s' AND o.event ="
	    " 'accepted'", serial);
	CHECK(db_int(&s, q) == 1, "one SMS after three tries");
}

int
main(void)
{
	server_start(&s, "[debug]\nclock_control = yes\n"
	    "[limits]\nsession_idle = 7d\n[workflow]\nclaim_idle = 1m\n");
	setup_back_office(&s);
	ag = login_as(&s, "agent");
	acc = login_as(&s, "acc");
	rev = login_as(&s, "rev");
	apr = login_as(&s, "apr");
	pre = login_as(&s, "pre");
	han = login_as(&s, "han");
	boss = login_as(&s, "boss");
	test_supplement();
	test_fail_and_deny();
	test_civic();
	test_special();
	test_retry_one_sms();
	test_self_pickup();
	wire_close(ag);
	wire_close(acc);
	wire_close(rev);
	wire_close(apr);
	wire_close(pre);
	wire_close(han);
	wire_close(boss);
	return (harness_done(&s));
}
