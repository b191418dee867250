/*
 * Memory per idle connection: banshid's resident-memory growth while it
 * holds 1,000 and then 10,000 TLS connections that finished the handshake
 * and Hello and sent nothing since, against the target of 16 KiB each.
 * Further figures: what a session adds (N_LOGIN of them log in), whether
 * the memory of closed connections serves new ones, and, on a fresh
 * daemon, 10,000 connecting at once (up to BURST_INFLIGHT handshakes at a
 * time, as terminals do after a restart), where the handshakes' transient
 * buffers add to the peak.
 */
#include <sys/resource.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>

#include "harness.h"
#include "tls.h"

#define N_SMALL		1000
#define N_LARGE		10000
#define N_LOGIN		200
#define BURST_INFLIGHT	500
#define BURST_DEADLINE	300000	/* ms */
#define FD_MARGIN	64	/* the harness's own files, banshictl pipes */
#define TARGET		(16 * 1024)

/* One connection of the burst, driven without blocking. */
enum burst_state { B_HANDSHAKE, B_HELLO, B_REPLY, B_DONE };
struct burst {
	int			 fd;
	SSL			*ssl;
	enum burst_state	 state;
	uint8_t			 hdr[4];
	size_t			 got;
};

static struct server	 s;
static struct wire	*w[N_LARGE];
static struct burst	 b[N_LARGE];
static uint8_t		*hello;
static size_t		 hello_len;

/* The daemon's VmRSS in bytes, or -1. */
static long long
server_rss(struct server *sv)
{
	char		 path[64], line[256];
	FILE		*f;
	long long	 kb = -1;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)sv->pid);
	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmRSS: %lld kB", &kb) == 1)
			break;
	fclose(f);
	return (kb < 0 ? -1 : kb * 1024);
}

/* Raise our descriptor limit to the hard limit; returns the soft limit. */
static long
raise_nofile(long want)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return (0);
	if (rl.rlim_cur != rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	return (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (rlim_t)want ?
	    want : (long)rl.rlim_cur);
}

/* Open connections from *have up to n; returns how many are held. */
static int
open_upto(int *have, int n)
{
	while (*have < n) {
		if ((w[*have] = connect_tls(&s)) == NULL) {
			fprintf(stderr, "bench_idle: connection %d failed\n",
			    *have + 1);
			break;
		}
		(*have)++;
	}
	return (*have);
}

static void
report(const char *what, int n, long long grew, double ms)
{
	double	per = n > 0 ? (double)grew / n : 0;

	printf("  %-26s %6d conn  RSS %+7.1f MiB  %7.0f B/conn  "
	    "(%4.2f x 16 KiB)  %5.1f s\n", what, n, grew / 1048576.0, per,
	    per / TARGET, ms / 1000);
}

/* Start connecting; -1 on failure. */
static int
burst_start(struct server *sv, struct burst *c)
{
	struct sockaddr_in	sin;
	int			one = 1;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)atoi(sv->port));
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	memset(c, 0, sizeof *c);
	if ((c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1)
		return (-1);
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if ((connect(c->fd, (struct sockaddr *)&sin, sizeof sin) == -1 &&
	    errno != EINPROGRESS) ||
	    (c->ssl = tls_client_ssl(sv->ctx, "localhost")) == NULL ||
	    SSL_set_fd(c->ssl, c->fd) != 1) {
		close(c->fd);
		SSL_free(c->ssl);
		c->ssl = NULL;
		return (-1);
	}
	return (0);
}

/* Map an SSL result to the poll events it waits for (-1: failed). */
static short
burst_wait(struct burst *c, int r)
{
	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_READ:
		return (POLLIN);
	case SSL_ERROR_WANT_WRITE:
		return (POLLOUT);
	default:
		return (-1);
	}
}

/* Handshake, send Hello, read its reply; the events to wait for, 0 done. */
static short
burst_step(struct burst *c)
{
	uint8_t	buf[4096];
	size_t	need;
	int	r;

	for (;;) {
		ERR_clear_error();
		switch (c->state) {
		case B_HANDSHAKE:
			if ((r = SSL_connect(c->ssl)) != 1)
				return (burst_wait(c, r));
			c->state = B_HELLO;
			break;
		case B_HELLO:
			if ((r = SSL_write(c->ssl, hello, (int)hello_len)) <= 0)
				return (burst_wait(c, r));
			c->state = B_REPLY;
			break;
		case B_REPLY:
			if ((r = SSL_read(c->ssl, buf, sizeof buf)) <= 0)
				return (burst_wait(c, r));
			for (need = 0; need < (size_t)r && c->got < 4; need++)
				c->hdr[c->got++] = buf[need];
			c->got += (size_t)r - need;
			need = 4 + ((size_t)c->hdr[0] << 24 | c->hdr[1] << 16 |
			    c->hdr[2] << 8 | c->hdr[3]);
			if (c->got >= 4 && c->got >= need)
				c->state = B_DONE;
			break;
		case B_DONE:
			return (0);
		}
	}
}

/* Connect n at once, at most BURST_INFLIGHT in progress; returns held. */
static int
burst_open(struct server *sv, int n)
{
	struct pollfd	pfd[BURST_INFLIGHT];
	int		act[BURST_INFLIGHT], nact = 0, next = 0, held = 0, i;
	short		ev;
	double		deadline = now_ms() + BURST_DEADLINE;

	while ((next < n || nact > 0) && now_ms() < deadline) {
		while (nact < BURST_INFLIGHT && next < n) {
			if (burst_start(sv, &b[next]) == 0)
				act[nact++] = next;
			next++;
		}
		for (i = 0; i < nact; i++) {
			if ((ev = burst_step(&b[act[i]])) <= 0) {
				held += ev == 0;
				act[i--] = act[--nact];
				continue;
			}
			pfd[i].fd = b[act[i]].fd;
			pfd[i].events = ev;
		}
		if (nact > 0)
			poll(pfd, (nfds_t)nact, 100);
	}
	return (held);
}

static void
burst_close(int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (b[i].ssl == NULL)
			continue;
		ERR_clear_error();
		if (b[i].state == B_DONE)
			SSL_shutdown(b[i].ssl);
		SSL_free(b[i].ssl);
		close(b[i].fd);
	}
}

/* A fresh daemon, all connecting at once; returns harness_done's code. */
static int
burst(const char *extra, int n)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__Hello	 h = BANSHI__V1__HELLO__INIT;
	struct server		 sv;
	struct wire		*ww;
	long long		 rss0, rss1;
	double			 t0, t1;
	int			 held, i;

	h.protocol_version = PROTOCOL_VERSION;
	h.client_version = "bench";
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_HELLO;
	m.hello = &h;
	m.id = 1;
	hello = frame_pack(&m.base, &hello_len);
	server_start(&sv, extra);
	for (i = 0; i < 10; i++) {
		REQUIRE((ww = connect_tls(&sv)) != NULL, "warm-up");
		wire_close(ww);
	}
	rss0 = server_rss(&sv);
	t0 = now_ms();
	held = burst_open(&sv, n);
	t1 = now_ms();
	rss1 = server_rss(&sv);
	report("at once, 500 in flight", held, rss1 - rss0, t1 - t0);
	burst_close(n);
	free(hello);
	CHECK(held == n, "burst: only %d of %d connections held", held, n);
	return (harness_done(&sv));
}

int
main(void)
{
	long long	 cold, rss0, rss1, rss2, rss3, rss4, rss5;
	double		 t0, t1, t2, t3, t4;
	long		 fds;
	int		 have = 0, want, n_small, n_large, n_login = 0, n_again;
	int		 i, rc;
	char		 extra[128];

	fds = raise_nofile(N_LARGE + FD_MARGIN);
	if (fds < N_LARGE + FD_MARGIN)
		printf("bench_idle: RLIMIT_NOFILE hard limit %ld is below the "
		    "%d this needs: measuring with what it allows\n", fds,
		    N_LARGE + FD_MARGIN);
	want = fds - FD_MARGIN < N_LARGE ? (int)(fds - FD_MARGIN) : N_LARGE;
	snprintf(extra, sizeof extra, "[limits]\nmax_connections = %d\n",
	    N_LARGE + 100);
	harness_verbose = 0;	/* as deployed: no debug log */
	server_start(&s, extra);
	add_user(&s, "clerk", "accept");

	/*
	 * The first handshakes set up lasting state (providers, fetched
	 * algorithms, the login path): counted apart, as "cold".
	 */
	cold = server_rss(&s);
	REQUIRE(open_upto(&have, 10) == 10, "warm-up");
	REQUIRE(login(w[0], "clerk", TEST_PASSWORD, NULL) == 0, "login");
	while (have > 0)
		wire_close(w[--have]);
	REQUIRE((w[0] = connect_tls(&s)) != NULL, "connect");
	wire_close(w[0]);

	rss0 = server_rss(&s);
	t0 = now_ms();
	n_small = open_upto(&have, want < N_SMALL ? want : N_SMALL);
	t1 = now_ms();
	rss1 = server_rss(&s);
	n_large = open_upto(&have, want);
	t2 = now_ms();
	rss2 = server_rss(&s);
	REQUIRE(cold > 0 && rss1 > 0 && rss2 > 0, "VmRSS of %ld",
	    (long)s.pid);

	/* Sessions on the first N_LOGIN of them. */
	for (i = 0; i < N_LOGIN && i < have; i++)
		if (login(w[i], "clerk", TEST_PASSWORD, NULL) == 0)
			n_login++;
	t3 = now_ms();
	rss3 = server_rss(&s);

	/* Closed, the memory stays with the daemon but is used again. */
	while (have > 0)
		wire_close(w[--have]);
	REQUIRE((w[0] = connect_tls(&s)) != NULL, "connect after close");
	wire_close(w[0]);
	rss4 = server_rss(&s);
	n_again = open_upto(&have, n_small);
	t4 = now_ms();
	rss5 = server_rss(&s);
	while (have > 0)
		wire_close(w[--have]);

	printf("bench_idle: TLS connections idle after Hello, banshid VmRSS "
	    "%.1f MiB before, target 16 KiB/conn\n", rss0 / 1048576.0);
	report("first 1,000, cold", n_small, rss1 - cold, t1 - t0);
	report("first 1,000", n_small, rss1 - rss0, t1 - t0);
	report("1,000 to 10,000", n_large - n_small, rss2 - rss1, t2 - t1);
	report("all 10,000", n_large, rss2 - rss0, t2 - t0);
	report("+ session on each of", n_login, rss3 - rss2, t3 - t2);
	report("all closed, 1,000 again", n_again, rss5 - rss4, t4 - t3);
	printf("  held at once: %d; handshake + Hello: %.0f conn/s; after "
	    "closing all, VmRSS %.1f MiB\n", n_large,
	    n_large / ((t2 - t0) / 1000), rss4 / 1048576.0);
	CHECK(n_large == want, "only %d of %d connections held", n_large,
	    want);
	rc = harness_done(&s);
	return (burst(extra, want) | rc);
}
