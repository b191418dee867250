/* Lockout after the configured failures; banshictl user unlock. */
#include <string.h>

#include "harness.h"

int
main(void)
{
	struct server	 s;
	struct wire	*w;
	ServerMessage	*r;
	char		 out[256];
	int		 i, code;

	server_start(&s, "[lockout]\nfailures = 3\nwindow = 10m\n"
	    "duration = 30m\n");
	add_user(&s, "clerk", "accept");
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	for (i = 0; i < 3; i++)
		CHECK(login(w, "clerk", "Wrong@pass1", NULL) ==
		    BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED,
		    "failure %d", i);
	CHECK(db_int(&s, "SELECT count(*) FROM audit WHERE action = "
	    "'lockout'") == 1, "lockout audited");

	/* Locked: the right password gets the same refusal. */
	code = login(w, "clerk", TEST_PASSWORD, &r);
	CHECK(code == BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED,
	    "locked account: %d", code);
	CHECK(r != NULL && strstr(r->reply->status->message, "wrong login")
	    != NULL, "identical message: %s",
	    r != NULL ? r->reply->status->message : "");
	msg_free(r);
	CHECK(ctl(&s, NULL, out, sizeof out, "user list") == 0 &&
	    strstr(out, "locked") != NULL, "user list shows locked: %s", out);

	CHECK(ctl(&s, NULL, out, sizeof out, "user unlock clerk") == 0,
	    "unlock");
	CHECK(login(w, "clerk", TEST_PASSWORD, NULL) == 0, "login after unlock");
	CHECK(db_int(&s, "SELECT count(*) FROM audit WHERE action = 'unlock'")
	    == 1, "unlock audited");

	/* An admin lock ends the live session with an event. */
	CHECK(ctl(&s, NULL, NULL, 0, "user lock clerk") == 0, "lock");
	r = next_message(w);
	CHECK(r != NULL && r->body_case ==
	    BANSHI__V1__SERVER_MESSAGE__BODY_EVENT &&
	    r->event->session_ended->reason ==
	    BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_LOCKED,
	    "session ended: locked");
	msg_free(r);
	CHECK(login(w, "clerk", TEST_PASSWORD, NULL) ==
	    BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED, "admin lock");
	CHECK(ctl(&s, NULL, NULL, 0, "user unlock nobody") == 1,
	    "unknown user: exit 1");
	wire_close(w);
	return (harness_done(&s));
}
