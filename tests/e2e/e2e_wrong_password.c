/* Wrong password, unknown login and bad strings: one error, named fields. */
#include <string.h>

#include "harness.h"

static char *
message_of(ServerMessage *r)
{
	return (r != NULL && r->reply->status != NULL ?
	    r->reply->status->message : "");
}

int
main(void)
{
	struct server	 s;
	struct wire	*w;
	ServerMessage	*r1, *r2;
	int		 code;

	server_start(&s, NULL);
	add_user(&s, "clerk", "accept");
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");

	code = login(w, "clerk", "wrong-Password1", &r1);
	CHECK(code == BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED,
	    "wrong password: %d", code);
	code = login(w, "nobody", "wrong-Password1", &r2);
	CHECK(code == BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED,
	    "unknown login: %d", code);
	CHECK(strcmp(message_of(r1), message_of(r2)) == 0,
	    "same message: '%s' vs '%s'", message_of(r1), message_of(r2));
	msg_free(r1);
	msg_free(r2);

	code = login(w, "cl\xff" "erk", "x", &r1);
	CHECK(code == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT &&
	    strcmp(field_of(r1), "login") == 0, "invalid UTF-8: %d %s", code,
	    field_of(r1));
	msg_free(r1);
	code = login(w, "clerk", "pass\xe2\x80\xaeword", &r1);
	CHECK(code == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT &&
	    strcmp(field_of(r1), "password") == 0, "bidi: %d %s", code,
	    field_of(r1));
	msg_free(r1);
	code = login(w, "cl\x01" "erk", "x", &r1);
	CHECK(code == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT &&
	    strcmp(field_of(r1), "login") == 0, "control: %d", code);
	msg_free(r1);
	code = login(w, "", "x", &r1);
	CHECK(code == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT &&
	    strcmp(field_of(r1), "login") == 0, "empty login: %d", code);
	msg_free(r1);

	/* The connection still serves, and the right password works. */
	CHECK(login(w, "clerk", TEST_PASSWORD, NULL) == 0, "right password");
	CHECK(db_int(&s, "SELECT count(*) FROM audit WHERE action = "
	    "'login-failed'") == 2, "two failed logins audited");
	wire_close(w);
	return (harness_done(&s));
}
