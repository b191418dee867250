/*
 * Garbage, oversize, zero-length and truncated frames, and a frame left
 * half-sent: each closes that connection, and the server keeps serving.
 */
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "harness.h"

static struct server	s;

/* A fresh client can still log in. */
static void
still_serves(const char *after)
{
	struct wire	*w;

	w = connect_tls(&s);
	CHECK(w != NULL && login(w, "clerk", TEST_PASSWORD, NULL) == 0,
	    "server still serves after %s", after);
	if (w != NULL)
		wire_close(w);
}

/* Send raw bytes after Hello and expect the connection to close. */
static ServerMessage *
send_raw(const void *buf, size_t len, int *closed)
{
	struct wire	*w;
	ServerMessage	*r, *first = NULL;

	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	wire_set_timeout(w, 10000);
	CHECK(wire_write(w, buf, len) == 0, "write");
	while ((r = next_message(w)) != NULL) {
		if (first == NULL)
			first = r;
		else
			msg_free(r);
	}
	*closed = 1;
	wire_abort(w);
	return (first);
}

int
main(void)
{
	uint8_t		 garbage[64], hdr[4], *big;
	ServerMessage	*r;
	struct wire	*w;
	ClientMessage	 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__Login l = BANSHI__V1__LOGIN__INIT;
	double		 t;
	int		 closed;
	size_t		 i;

	server_start(&s, "[limits]\nmax_frame = 64K\nframe_timeout = 1s\n");
	add_user(&s, "clerk", "accept");

	/* Garbage body: a status naming it, then the close. */
	frame_put_header(garbage, sizeof garbage - 4);
	for (i = 4; i < sizeof garbage; i++)
		garbage[i] = 0xff;
	r = send_raw(garbage, sizeof garbage, &closed);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
	    "garbage: %d", status_of(r));
	msg_free(r);
	still_serves("garbage");

	/* Over the limit: closed before the body is read or allocated. */
	frame_put_header(hdr, 0xfffffff0u);
	r = send_raw(hdr, sizeof hdr, &closed);
	CHECK(r == NULL && closed, "oversize length: closed without reply");
	frame_put_header(hdr, 64 * 1024 + 1);
	r = send_raw(hdr, sizeof hdr, &closed);
	CHECK(r == NULL && closed, "limit + 1: closed");
	still_serves("oversize frames");

	/* Zero length. */
	frame_put_header(hdr, 0);
	r = send_raw(hdr, sizeof hdr, &closed);
	CHECK(r == NULL && closed, "zero length: closed");
	still_serves("a zero-length frame");

	/* Truncated: the peer goes away mid-frame. */
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	frame_put_header(hdr, 100);
	CHECK(wire_write(w, hdr, 4) == 0 && wire_write(w, "0123456789", 10)
	    == 0, "write part");
	wire_abort(w);
	still_serves("a truncated frame");

	/* Half a frame and then silence: dropped after frame_timeout. */
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	wire_set_timeout(w, 10000);
	CHECK(wire_write(w, hdr, 4) == 0, "write header");
	t = now_ms();
	r = next_message(w);
	CHECK(r == NULL && now_ms() - t < 8000,
	    "stalled frame dropped after %.0f ms", now_ms() - t);
	wire_abort(w);

	/* A large frame spanning several TLS records is read whole. */
	big = malloc(40001);
	memset(big, 'a', 40000);
	big[40000] = '\0';
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	l.login = "clerk";
	l.password = (char *)big;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LOGIN;
	m.login = &l;
	r = call(w, &m);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "password") == 0,
	    "40000-byte password refused by field: %d", status_of(r));
	msg_free(r);
	CHECK(login(w, "clerk", TEST_PASSWORD, NULL) == 0,
	    "same connection serves after a large frame");
	wire_close(w);
	free(big);
	still_serves("everything");
	return (harness_done(&s));
}
