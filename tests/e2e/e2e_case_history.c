/*
 * Lean replies and the history in pages: an action answers with what it
 * changed, the same few hundred bytes however long the history grows;
 * ListCaseEvents pages through the history oldest first for whoever may see
 * the case, and answers a case one may not see exactly like a missing one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define A(k)	BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_##k
#define B(b)	BANSHI__V1__CLIENT_MESSAGE__BODY_##b
#define ROUNDS	30

static ServerMessage *
events(struct wire *w, const char *serial, const void *cursor, size_t len,
    uint32_t limit)
{
	ClientMessage			m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListCaseEvents	q = BANSHI__V1__LIST_CASE_EVENTS__INIT;

	q.serial = (char *)serial;
	q.cursor.data = (uint8_t *)cursor;
	q.cursor.len = len;
	q.limit = limit;
	m.body_case = B(LIST_CASE_EVENTS);
	m.list_case_events = &q;
	return (call(w, &m));
}

int
main(void)
{
	struct server	 s;
	struct wire	*ag, *acc, *other;
	ServerMessage	*r;
	char		 serial[40], last_action[32] = "";
	uint8_t		 cursor[64];
	size_t		 first = 0, bytes = 0, n = 0, cursor_len = 0, pages = 0;
	uint64_t	 v;
	int64_t		 at = 0;
	int		 i, ordered = 1;

	server_start(&s, NULL);
	setup_back_office(&s);
	ag = login_as(&s, "agent");
	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);
	acc = login_as(&s, "acc");
	v = case_version(acc, serial);

	for (i = 0; i < 2 * ROUNDS; i++) {
		r = act(acc, B(SPECIAL_CASE), serial, v, i % 2 ? A(RESUME) :
		    A(PAUSE), "等待补充说明");
		REQUIRE(status_of(r) == 0, "transition %d: %d", i,
		    status_of(r));
		REQUIRE(r->reply->action->change != NULL &&
		    r->reply->action->case_detail == NULL, "a change, not the "
		    "case");
		CHECK(r->reply->action->change->version == v + 1, "version");
		CHECK(r->reply->action->change->clock->paused == (i % 2 == 0),
		    "the clock in the change");
		CHECK(r->reply->action->change->event != NULL &&
		    strcmp(r->reply->action->change->event->action, i % 2 ?
		    "resume" : "pause") == 0, "the entry appended");
		v = r->reply->action->change->version;
		bytes = banshi__v1__server_message__get_packed_size(r);
		if (i == 0)
			first = bytes;
		msg_free(r);
	}
	CHECK(bytes <= first + 4 && bytes < 600, "the reply does not grow "
	    "with the history: %zu bytes first, %zu after %d actions", first,
	    bytes, 2 * ROUNDS);

	/* The history in pages of 7, oldest first, each entry once. */
	for (;;) {
		r = events(acc, serial, cursor, cursor_len, 7);
		REQUIRE(status_of(r) == 0, "page: %d", status_of(r));
		CHECK(r->reply->case_events->n_events <= 7, "page size");
		for (size_t k = 0; k < r->reply->case_events->n_events; k++) {
			Banshi__V1__CaseEvent *e =
			    r->reply->case_events->events[k];

			if (e->at < at || (n > 1 && strcmp(e->action,
			    last_action) == 0))
				ordered = 0;
			at = e->at;
			snprintf(last_action, sizeof last_action, "%s",
			    e->action);
			if (n == 0)
				CHECK(strcmp(e->action, "submit") == 0,
				    "the filing comes first");
			n++;
		}
		pages++;
		cursor_len = r->reply->case_events->next_cursor.len;
		REQUIRE(cursor_len <= sizeof cursor, "cursor length");
		if (cursor_len > 0)
			memcpy(cursor,
			    r->reply->case_events->next_cursor.data,
			    cursor_len);
		msg_free(r);
		if (cursor_len == 0)
			break;
		REQUIRE(pages < 100, "paging ends");
	}
	CHECK(n == 1 + 2 * ROUNDS, "every entry: %zu", n);
	CHECK(pages == (1 + 2 * ROUNDS + 6) / 7, "pages: %zu", pages);
	CHECK(ordered, "pause and resume alternate, in time order");
	CHECK(history_len(ag, serial, 0) == 1 + 2 * ROUNDS,
	    "the filer reads it too");

	/* Another department's clerk: exactly as for no such case. */
	other = login_as(&s, "acc2");
	r = events(other, serial, NULL, 0, 0);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND &&
	    strcmp(field_of(r), "serial") == 0, "not theirs: %d",
	    status_of(r));
	msg_free(r);
	r = events(other, "341600-20260101-99999", NULL, 0, 0);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND &&
	    strcmp(field_of(r), "serial") == 0, "no such case");
	msg_free(r);
	r = events(acc, serial, "x;1", 3, 0);
	CHECK(status_of(r) ==
	    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT &&
	    strcmp(field_of(r), "cursor") == 0, "a cursor the server did not "
	    "give");
	msg_free(r);
	r = events(acc, serial, "-5", 2, 0);
	CHECK(status_of(r) ==
	    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, "a negative "
	    "cursor");
	msg_free(r);

	wire_close(other);
	wire_close(acc);
	wire_close(ag);
	return (harness_done(&s));
}
