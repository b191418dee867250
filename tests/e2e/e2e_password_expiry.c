/* A password older than [password] expiry_days must be changed at login. */
#include "harness.h"

int
main(void)
{
	struct server	 s;
	struct wire	*w;
	ServerMessage	*r;
	int		 code;

	server_start(&s, "[password]\nhash_memory = 8\nhash_passes = 1\n"
	    "expiry_days = 90\n[debug]\nclock_control = yes\n");
	add_user(&s, "clerk", "accept");
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");

	code = login(w, "clerk", TEST_PASSWORD, &r);
	CHECK(code == 0 && !r->reply->login->user->password_change_required,
	    "a fresh password needs no change");
	msg_free(r);

	/* 89 days on: still fine.  91 days on: expired. */
	CHECK(ctl(&s, NULL, NULL, 0, "clock advance %d", 89 * 86400) == 0,
	    "clock");
	code = login(w, "clerk", TEST_PASSWORD, &r);
	CHECK(code == 0 && !r->reply->login->user->password_change_required,
	    "89 days old");
	msg_free(r);
	CHECK(ctl(&s, NULL, NULL, 0, "clock advance %d", 2 * 86400) == 0,
	    "clock");
	code = login(w, "clerk", TEST_PASSWORD, &r);
	CHECK(code == 0 && r->reply->login->user->password_change_required,
	    "91 days old: change required");
	msg_free(r);
	CHECK(db_int(&s, "SELECT count(*) FROM audit WHERE action = 'login' "
	    "AND detail = 'password change required'") == 1,
	    "the audit says why");
	wire_close(w);
	return (harness_done(&s));
}
