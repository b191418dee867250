/* Login, WhoAmI, session resume on a new connection, logout. */
#include <string.h>

#include "harness.h"

static void
whoami(struct wire *w, ServerMessage **out)
{
	ClientMessage		m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__WhoAmI	q = BANSHI__V1__WHO_AM_I__INIT;

	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_WHO_AM_I;
	m.who_am_i = &q;
	*out = call(w, &m);
}

int
main(void)
{
	struct server		 s;
	struct wire		*w, *w2;
	ServerMessage		*r;
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__Hello	 h = BANSHI__V1__HELLO__INIT;
	Banshi__V1__Logout	 lo = BANSHI__V1__LOGOUT__INIT;
	uint8_t			 token[32];
	int			 code;

	server_start(&s, NULL);
	ctl(&s, NULL, NULL, 0, "org add SZT --name 市直厅");
	ctl(&s, NULL, NULL, 0, "org add SZT-GAJ --name 市公安局 --parent SZT");
	REQUIRE(ctl(&s, NULL, NULL, 0, "user add clerk --name 王芳 "
	    "--org SZT-GAJ --post accept,review") == 0, "user add");
	REQUIRE(ctl(&s, TEST_PASSWORD "\n", NULL, 0,
	    "user passwd clerk --stdin") == 0, "passwd");

	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	code = login(w, "clerk", TEST_PASSWORD, &r);
	REQUIRE(code == 0, "login status %d", code);
	REQUIRE(r->reply->body_case == BANSHI__V1__REPLY__BODY_LOGIN,
	    "login body");
	CHECK(r->reply->login->session_token.len == 32, "token length");
	memcpy(token, r->reply->login->session_token.data, 32);
	CHECK(strcmp(r->reply->login->user->display_name, "王芳") == 0,
	    "display name %s", r->reply->login->user->display_name);
	CHECK(!r->reply->login->user->password_change_required,
	    "no forced change after an admin-set password");
	msg_free(r);

	whoami(w, &r);
	REQUIRE(status_of(r) == 0, "whoami status %d", status_of(r));
	CHECK(strcmp(r->reply->who_am_i->login, "clerk") == 0, "login");
	CHECK(strcmp(r->reply->who_am_i->org->name, "市公安局") == 0, "org");
	CHECK(r->reply->who_am_i->n_org_path == 2 &&
	    strcmp(r->reply->who_am_i->org_path[1]->name, "市直厅") == 0,
	    "org path");
	CHECK(r->reply->who_am_i->n_posts == 2 &&
	    r->reply->who_am_i->posts[0] == BANSHI__V1__POST__POST_ACCEPT &&
	    r->reply->who_am_i->posts[1] == BANSHI__V1__POST__POST_REVIEW,
	    "posts");
	msg_free(r);

	/* A new connection resumes the session with its token. */
	REQUIRE((w2 = connect_raw(&s)) != NULL, "connect 2");
	h.protocol_version = PROTOCOL_VERSION;
	h.client_version = "e2e";
	h.resume_token.data = token;
	h.resume_token.len = 32;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_HELLO;
	m.hello = &h;
	r = call(w2, &m);
	REQUIRE(status_of(r) == 0, "hello status");
	CHECK(r->reply->hello->session_resumed, "session resumed");
	CHECK(r->reply->hello->user != NULL &&
	    strcmp(r->reply->hello->user->login, "clerk") == 0, "resumed user");
	msg_free(r);

	/* Logout ends the session: WhoAmI is refused afterwards. */
	memset(&m, 0, sizeof m);
	banshi__v1__client_message__init(&m);
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LOGOUT;
	m.logout = &lo;
	r = call_mutating(w2, &m);
	CHECK(status_of(r) == 0, "logout status %d", status_of(r));
	msg_free(r);
	whoami(w2, &r);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED,
	    "whoami after logout: %d", status_of(r));
	msg_free(r);
	whoami(w, &r);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED,
	    "old connection lost the session: %d", status_of(r));
	msg_free(r);

	/* A mutating request without an idempotency key is refused. */
	CHECK(login(w, "clerk", TEST_PASSWORD, NULL) == 0, "login again");
	m.idempotency_key.len = 0;
	m.id = 0;
	r = call(w, &m);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "idempotency_key") == 0,
	    "logout without key: %d %s", status_of(r), field_of(r));
	msg_free(r);

	CHECK(db_int(&s, "SELECT count(*) FROM audit WHERE action = 'login'")
	    == 2, "two login records");
	CHECK(db_int(&s, "SELECT count(*) FROM audit WHERE action = 'logout'")
	    == 1, "one logout record");
	wire_close(w);
	wire_close(w2);
	return (harness_done(&s));
}
