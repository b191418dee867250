/* A peer that stops in the TLS handshake, or never says Hello, is dropped. */
#include <poll.h>
#include <unistd.h>

#include "harness.h"

/* Wait for the server to close fd; returns the milliseconds it took. */
static double
wait_closed(int fd)
{
	struct pollfd	pfd = { fd, POLLIN, 0 };
	char		buf[4096];
	double		t = now_ms();

	while (now_ms() - t < 15000) {
		if (poll(&pfd, 1, 500) == 1 && read(fd, buf, sizeof buf) <= 0)
			return (now_ms() - t);
	}
	return (-1);
}

int
main(void)
{
	struct server	 s;
	struct wire	*w;
	double		 ms;
	int		 fd;
	/* The first bytes of a TLS ClientHello record, then nothing. */
	static const unsigned char partial[] = { 0x16, 0x03, 0x01, 0x02, 0x00,
	    0x01, 0x00, 0x01, 0xfc, 0x03, 0x03 };

	server_start(&s, "[limits]\nhandshake_timeout = 2s\n");
	add_user(&s, "clerk", "accept");

	fd = wire_tcp_connect("127.0.0.1", s.port);
	REQUIRE(fd != -1, "tcp connect");
	ms = wait_closed(fd);
	CHECK(ms >= 1000 && ms < 10000, "silent peer dropped after %.0f ms",
	    ms);
	close(fd);

	fd = wire_tcp_connect("127.0.0.1", s.port);
	REQUIRE(fd != -1, "tcp connect");
	CHECK(write(fd, partial, sizeof partial) == sizeof partial, "write");
	ms = wait_closed(fd);
	CHECK(ms >= 1000 && ms < 10000,
	    "peer stalled mid-handshake dropped after %.0f ms", ms);
	close(fd);

	/* Handshake done but no Hello: dropped too. */
	REQUIRE((w = connect_raw(&s)) != NULL, "tls connect");
	ms = wait_closed(wire_fd(w));
	CHECK(ms >= 1000 && ms < 10000, "no Hello: dropped after %.0f ms",
	    ms);
	wire_abort(w);

	w = connect_tls(&s);
	CHECK(w != NULL && login(w, "clerk", TEST_PASSWORD, NULL) == 0,
	    "server still serves");
	wire_close(w);
	return (harness_done(&s));
}
