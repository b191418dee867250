/* An idle session ends on the server's (controllable) clock. */
#include "harness.h"

int
main(void)
{
	struct server		 s;
	struct wire		*w;
	ServerMessage		*r;
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__WhoAmI	 q = BANSHI__V1__WHO_AM_I__INIT;
	char			 out[128];

	server_start(&s, "[limits]\nsession_idle = 5m\n"
	    "[debug]\nclock_control = yes\n");
	add_user(&s, "clerk", "accept");
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	REQUIRE(login(w, "clerk", TEST_PASSWORD, NULL) == 0, "login");

	/* Four minutes on: still alive, and the request refreshes it. */
	CHECK(ctl(&s, NULL, out, sizeof out, "clock advance 240") == 0,
	    "clock advance");
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_WHO_AM_I;
	m.who_am_i = &q;
	r = call(w, &m);
	CHECK(status_of(r) == 0, "whoami at 4 min: %d", status_of(r));
	msg_free(r);
	CHECK(ctl(&s, NULL, out, sizeof out, "clock advance 240") == 0,
	    "clock advance");
	m.id = 0;
	r = call(w, &m);
	CHECK(status_of(r) == 0, "4 min after the last request: %d",
	    status_of(r));
	msg_free(r);

	/* Six idle minutes: the server pushes SessionEnded(idle). */
	CHECK(ctl(&s, NULL, out, sizeof out, "clock advance 360") == 0,
	    "clock advance");
	r = next_message(w);
	CHECK(r != NULL && r->body_case ==
	    BANSHI__V1__SERVER_MESSAGE__BODY_EVENT &&
	    r->event->session_ended->reason ==
	    BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_IDLE,
	    "idle event");
	msg_free(r);
	m.id = 0;
	r = call(w, &m);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED,
	    "after idle timeout: %d", status_of(r));
	msg_free(r);
	wire_close(w);
	return (harness_done(&s));
}
