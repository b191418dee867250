/*
 * What a misbehaving client gets: pipelined logins are checked one at a
 * time; a client that does not read its replies is not served more until
 * it does, and then gets every reply in order; a long opinion is kept
 * whole in the history; a form value given twice is refused.
 */
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "harness.h"

static struct server	s;

static void
test_pipelined_logins(void)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__Login	 l = BANSHI__V1__LOGIN__INIT;
	struct wire		*w;
	ServerMessage		*r;
	int			 i, ok = 0, busy = 0;

	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	l.login = "agent";
	l.password = TEST_PASSWORD;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LOGIN;
	m.login = &l;
	/* All twenty in one write, so they arrive while the first is
	   being checked. */
	{
		uint8_t	*one, all[20 * 256];
		size_t	 len, off = 0;

		for (i = 0; i < 20; i++) {
			m.id = 100 + i;
			one = frame_pack(&m.base, &len);
			REQUIRE(off + len <= sizeof all, "frame size");
			memcpy(all + off, one, len);
			off += len;
			free(one);
		}
		REQUIRE(wire_write(w, all, off) == 0, "send");
	}
	for (i = 0; i < 20; i++) {
		r = next_message(w);
		if (status_of(r) == 0)
			ok++;
		else if (status_of(r) ==
		    BANSHI__V1__STATUS_CODE__STATUS_RESOURCE_EXHAUSTED)
			busy++;
		msg_free(r);
	}
	CHECK(ok == 1 && busy == 19, "one checked, the rest refused at once: "
	    "%d ok, %d busy", ok, busy);
	wire_close(w);
}

static void
test_unread_replies(void)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__GetItem	 g = BANSHI__V1__GET_ITEM__INIT;
	ServerMessage		*r;
	struct wire		*w, *other;
	char			 code[64];
	uint8_t			*buf, *all;
	size_t			 len, i, n = 4000, got = 0;

	w = login_as(&s, "agent");
	REQUIRE(item_code(w, "大型户外广告设置许可", code, sizeof code)[0],
	    "item");
	g.code = code;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_ITEM;
	m.get_item = &g;
	m.id = 1;
	buf = frame_pack(&m.base, &len);
	all = malloc(len * n);
	for (i = 0; i < n; i++)
		memcpy(all + i * len, buf, len);
	/* Several MiB of replies are asked for and none read for now. */
	REQUIRE(wire_write(w, all, len * n) == 0, "write");
	other = login_as(&s, "acc");
	CHECK(other != NULL, "the server serves others meanwhile");
	wire_close(other);
	while (got < n && (r = next_message(w)) != NULL) {
		if (status_of(r) == 0)
			got++;
		msg_free(r);
	}
	CHECK(got == n, "every reply came once read: %zu of %zu", got, n);
	free(buf);
	free(all);
	wire_close(w);
}

static void
test_long_opinion(void)
{
	ServerMessage	*r;
	struct wire	*ag, *acc;
	char		 serial[40], *opinion, q[200];
	size_t		 i;

	ag = login_as(&s, "agent");
	acc = login_as(&s, "acc");
	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);
	opinion = malloc(4000 * 3 + 1);
	for (i = 0; i < 4000; i++)
		memcpy(opinion + 3 * i, "意", 3);
	opinion[4000 * 3] = '\0';
	r = act(acc, BANSHI__V1__CLIENT_MESSAGE__BODY_ACCEPT_CASE, serial,
	    case_version(acc, serial),
	    BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_ACCEPT, opinion);
	CHECK(status_of(r) == 0, "a 4000-character opinion: %d",
	    status_of(r));
	msg_free(r);
	snprintf(q, sizeof q, "SELECT length(opinion) FROM case_event"
	    " WHERE action = 'accept'");
	CHECK(db_int(&s, q) >= 4000, "kept whole in the history: %lld",
	    db_int(&s, q));
	free(opinion);
	wire_close(ag);
	wire_close(acc);
}

int
main(void)
{
	server_start(&s, NULL);
	setup_back_office(&s);
	test_pipelined_logins();
	test_unread_replies();
	test_long_opinion();
	return (harness_done(&s));
}
