/* Hello rules: a request before Hello, a wrong protocol version, Hello twice. */
#include <string.h>

#include "harness.h"

int
main(void)
{
	struct server		 s;
	struct wire		*w;
	ServerMessage		*r;
	char			 want[32];
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__Hello	 h = BANSHI__V1__HELLO__INIT;
	Banshi__V1__WhoAmI	 q = BANSHI__V1__WHO_AM_I__INIT;

	server_start(&s, NULL);

	/* A request before Hello: a status, then the server closes. */
	REQUIRE((w = connect_raw(&s)) != NULL, "connect");
	wire_set_timeout(w, 10000);
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_WHO_AM_I;
	m.who_am_i = &q;
	r = call(w, &m);
	CHECK(status_of(r) ==
	    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION,
	    "before hello: %d", status_of(r));
	msg_free(r);
	CHECK(next_message(w) == NULL, "connection closed after the status");
	wire_abort(w);

	/* A wrong version gets a clear status and the connection stays. */
	REQUIRE((w = connect_raw(&s)) != NULL, "connect");
	wire_set_timeout(w, 10000);
	h.protocol_version = 99;
	h.client_version = "e2e";
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_HELLO;
	m.hello = &h;
	m.id = 0;
	r = call(w, &m);
	CHECK(status_of(r) ==
	    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION &&
	    strcmp(field_of(r), "protocol_version") == 0,
	    "version mismatch: %d", status_of(r));
	snprintf(want, sizeof want, "version %d", PROTOCOL_VERSION);
	CHECK(r != NULL && strstr(r->reply->status->message, want) != NULL,
	    "message names the supported version");
	msg_free(r);
	h.protocol_version = PROTOCOL_VERSION;
	m.id = 0;
	r = call(w, &m);
	CHECK(status_of(r) == 0, "hello after mismatch: %d", status_of(r));
	CHECK(r != NULL && r->reply->hello->protocol_version == PROTOCOL_VERSION, "version");
	msg_free(r);
	m.id = 0;
	r = call(w, &m);
	CHECK(status_of(r) ==
	    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION,
	    "hello twice: %d", status_of(r));
	msg_free(r);

	/* An empty request body is refused and the connection stays. */
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY__NOT_SET;
	m.id = 0;
	r = call(w, &m);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
	    "empty body: %d", status_of(r));
	msg_free(r);
	/* WhoAmI without a session. */
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_WHO_AM_I;
	m.id = 0;
	r = call(w, &m);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED,
	    "no session: %d", status_of(r));
	msg_free(r);
	wire_close(w);
	return (harness_done(&s));
}
