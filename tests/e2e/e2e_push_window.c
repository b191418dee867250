/*
 * Pushes gathered in windows: a colleague's screen showing a case that
 * another clerk pauses and resumes many times in a row is told of the case
 * and of its queue in a few events, not one per write, and the last event
 * carries the case's last version, so no change goes untold.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define A(k)	BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_##k
#define B(b)	BANSHI__V1__CLIENT_MESSAGE__BODY_##b
#define WRITES	60

int
main(void)
{
	struct server	 s;
	struct wire	*ag, *acc, *watcher;
	ServerMessage	*r;
	char		 serial[40];
	uint64_t	 v, last_pushed = 0;
	int		 i, queue_events = 0, case_events = 0, others = 0;

	server_start(&s, NULL);
	setup_back_office(&s);
	ag = login_as(&s, "agent");
	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);
	acc = login_as(&s, "acc");
	watcher = login_as(&s, "acc");
	v = case_version(acc, serial);

	/* The watcher has the case on screen. */
	r = open_case(watcher, serial, 0);
	REQUIRE(status_of(r) == 0, "the watcher opens the case");
	msg_free(r);
	for (i = 0; i < WRITES; i++) {
		r = act(acc, B(SPECIAL_CASE), serial, v, i % 2 ? A(RESUME) :
		    A(PAUSE), "等待补充说明");
		REQUIRE(status_of(r) == 0, "write %d: %d", i, status_of(r));
		v = r->reply->action->change->version;
		msg_free(r);
	}

	/* Everything the watcher was sent, until a quiet second. */
	wire_set_timeout(watcher, 1000);
	while ((r = next_message(watcher)) != NULL) {
		if (r->body_case != BANSHI__V1__SERVER_MESSAGE__BODY_EVENT)
			others++;
		else if (r->event->body_case ==
		    BANSHI__V1__EVENT__BODY_QUEUE_CHANGED)
			queue_events++;
		else if (r->event->body_case ==
		    BANSHI__V1__EVENT__BODY_CASE_CHANGED &&
		    strcmp(r->event->case_changed->serial, serial) == 0) {
			case_events++;
			CHECK(r->event->case_changed->version > last_pushed,
			    "versions only go up");
			last_pushed = r->event->case_changed->version;
		}
		msg_free(r);
	}
	CHECK(others == 0, "only events: %d", others);
	CHECK(case_events >= 1 && case_events <= WRITES / 3,
	    "the case told in a few events: %d for %d writes", case_events,
	    WRITES);
	CHECK(last_pushed == v, "the last event has the last version: %llu, "
	    "not %llu", (unsigned long long)last_pushed,
	    (unsigned long long)v);
	CHECK(queue_events >= 1 && queue_events <= WRITES / 3,
	    "the queue told in a few events: %d", queue_events);

	/* A lone change after a quiet window goes out at once. */
	r = act(acc, B(SPECIAL_CASE), serial, v, WRITES % 2 ? A(RESUME) :
	    A(PAUSE), "等待补充说明");
	REQUIRE(status_of(r) == 0, "one more write");
	v = r->reply->action->change->version;
	msg_free(r);
	case_events = 0;
	while ((r = next_message(watcher)) != NULL) {
		if (r->body_case == BANSHI__V1__SERVER_MESSAGE__BODY_EVENT &&
		    r->event->body_case ==
		    BANSHI__V1__EVENT__BODY_CASE_CHANGED) {
			case_events++;
			last_pushed = r->event->case_changed->version;
		}
		msg_free(r);
	}
	CHECK(case_events == 1 && last_pushed == v,
	    "one event for one write: %d, version %llu", case_events,
	    (unsigned long long)last_pushed);
	wire_close(ag);
	wire_close(acc);
	wire_close(watcher);
	return (harness_done(&s));
}
