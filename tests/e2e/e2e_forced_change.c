/*
 * A new account's one-time password forces a change at first login; the
 * policy, the history and idempotent retries of ChangePassword.
 */
#include <string.h>

#include "harness.h"

static ServerMessage *
change(struct wire *w, const char *old, const char *new, const uint8_t *key)
{
	ClientMessage			m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ChangePassword	cp = BANSHI__V1__CHANGE_PASSWORD__INIT;

	cp.old_password = (char *)old;
	cp.new_password = (char *)new;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_CHANGE_PASSWORD;
	m.change_password = &cp;
	if (key != NULL) {
		m.idempotency_key.data = (uint8_t *)key;
		m.idempotency_key.len = 16;
	}
	return (call_mutating(w, &m));
}

int
main(void)
{
	struct server	 s;
	struct wire	*w;
	ServerMessage	*r, *r2;
	char		 otp[128];
	uint8_t		 key[16] = "retry-key-16byte";
	int		 code;

	server_start(&s, "[password]\nhash_memory = 8\nhash_passes = 1\n"
	    "history = 2\nmin_length = 10\n");
	ctl(&s, NULL, NULL, 0, "org add T --name 测试厅");
	REQUIRE(ctl(&s, NULL, otp, sizeof otp, "user add newbie --name 新人 "
	    "--org T --post agent") == 0, "user add");
	otp[strcspn(otp, "\n")] = '\0';
	CHECK(strlen(otp) == 16, "one-time password alone on stdout: '%s'",
	    otp);

	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	code = login(w, "newbie", otp, &r);
	REQUIRE(code == 0, "login with the one-time password: %d", code);
	CHECK(r->reply->login->user->password_change_required,
	    "change required");
	msg_free(r);

	r = change(w, "not-the-otp", "Brand@New2026", NULL);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "old_password") == 0, "wrong old: %d %s",
	    status_of(r), field_of(r));
	msg_free(r);
	r = change(w, otp, "short1A", NULL);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "new_password") == 0, "too short: %d",
	    status_of(r));
	msg_free(r);
	r = change(w, otp, "alllowercaseletters", NULL);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "new_password") == 0, "one class: %d",
	    status_of(r));
	msg_free(r);
	r = change(w, otp, otp, NULL);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "new_password") == 0, "same as current: %d",
	    status_of(r));
	msg_free(r);

	r = change(w, otp, "Brand@New2026", key);
	REQUIRE(status_of(r) == 0, "change: %d", status_of(r));
	CHECK(!r->reply->change_password->user->password_change_required,
	    "no longer required");
	/* A retry with the same key: the same reply, no second change. */
	r2 = change(w, otp, "Brand@New2026", key);
	CHECK(status_of(r2) == 0 && r2->reply->body_case ==
	    BANSHI__V1__REPLY__BODY_CHANGE_PASSWORD, "retry replays: %d",
	    status_of(r2));
	msg_free(r);
	msg_free(r2);
	CHECK(db_int(&s, "SELECT count(*) FROM audit WHERE action = "
	    "'password-change' AND outcome = 'ok'") == 1, "one change audited");

	/* History: the one-time password may not come back. */
	r = change(w, "Brand@New2026", otp, NULL);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "new_password") == 0, "history: %d",
	    status_of(r));
	msg_free(r);
	wire_close(w);

	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	CHECK(login(w, "newbie", otp, NULL) ==
	    BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED, "old password");
	code = login(w, "newbie", "Brand@New2026", &r);
	CHECK(code == 0 && !r->reply->login->user->password_change_required,
	    "new password logs in without a change");
	msg_free(r);

	/* An admin reset forces a change again and ends the session. */
	REQUIRE(ctl(&s, NULL, otp, sizeof otp, "user passwd newbie") == 0,
	    "reset");
	otp[strcspn(otp, "\n")] = '\0';
	r = next_message(w);
	CHECK(r != NULL && r->body_case ==
	    BANSHI__V1__SERVER_MESSAGE__BODY_EVENT &&
	    r->event->session_ended->reason ==
	    BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_PASSWORD_RESET,
	    "session ended by the reset");
	msg_free(r);
	code = login(w, "newbie", otp, &r);
	CHECK(code == 0 && r->reply->login->user->password_change_required,
	    "reset forces a change");
	msg_free(r);
	wire_close(w);
	return (harness_done(&s));
}
