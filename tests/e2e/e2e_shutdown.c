/* SIGTERM: clients are told, get a TLS close_notify, and banshid exits 0. */
#include <signal.h>

#include <openssl/ssl.h>

#include "harness.h"

int
main(void)
{
	struct server	 s;
	struct wire	*w;
	ServerMessage	*r;
	int		 rc;

	server_start(&s, NULL);
	add_user(&s, "clerk", "accept");
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	REQUIRE(login(w, "clerk", TEST_PASSWORD, NULL) == 0, "login");
	kill(s.pid, SIGTERM);
	r = next_message(w);
	CHECK(r != NULL && r->body_case ==
	    BANSHI__V1__SERVER_MESSAGE__BODY_EVENT &&
	    r->event->session_ended->reason ==
	    BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_SHUTDOWN,
	    "shutdown event");
	msg_free(r);
	CHECK(next_message(w) == NULL, "then the stream ends");
	CHECK(wire_tls_closed_cleanly(w), "with a TLS close_notify");
	wire_close(w);
	rc = server_stop(&s);
	CHECK(rc == 0, "exit status %d", rc);
	s.pid = 0;
	return (harness_done(&s));
}
