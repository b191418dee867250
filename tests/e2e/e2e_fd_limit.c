/*
 * Out of file descriptors: banshid says at start that its limit cannot
 * hold max_connections, stops accepting for a moment instead of spinning
 * on accept(), and serves again once connections close.
 */
#include <sys/resource.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define LIMIT	100	/* soft and hard, for us and the banshid we start */
#define SPARE	4	/* descriptors we keep free for ourselves */
#define FREED	40

/* Descriptors open in this process. */
static int
fds_open(void)
{
	DIR	*d;
	int	 n = 0;

	if ((d = opendir("/proc/self/fd")) == NULL)
		return (-1);
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return (n - 3);		/* ".", ".." and the directory's own */
}

/* Lines of the daemon's log holding str. */
static int
log_count(struct server *s, const char *str)
{
	char	 line[1024];
	FILE	*f;
	int	 n = 0;

	if ((f = fopen(s->log, "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof line, f) != NULL)
		n += strstr(line, str) != NULL;
	fclose(f);
	return (n);
}

/* The daemon's user + system CPU time in clock ticks. */
static long long
cpu_ticks(struct server *s)
{
	char		 path[64], buf[1024], *p;
	FILE		*f;
	long long	 ut = -1, st = -1;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)s->pid);
	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	if (fgets(buf, sizeof buf, f) != NULL &&
	    (p = strrchr(buf, ')')) != NULL)
		sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
		    "%lld %lld", &ut, &st);
	fclose(f);
	return (ut < 0 || st < 0 ? -1 : ut + st);
}

int
main(void)
{
	struct server	 s;
	struct rlimit	 rl = { LIMIT, LIMIT };
	struct wire	*w;
	long long	 c0, c1;
	long		 hz = sysconf(_SC_CLK_TCK);
	int		 fd[LIMIT], held, i, n = 0;

	REQUIRE(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit %d", LIMIT);
	/* Connections that never start their handshake stay open. */
	server_start(&s, "[limits]\nhandshake_timeout = 1m\n");
	CHECK(log_count(&s, "is below [limits] max_connections 10000 + 100")
	    == 1, "no warning about the descriptor limit at start");

	/* The SMS pool's pipe is made a second after start: let it be. */
	usleep(1500 * 1000);
	/*
	 * banshid has what we inherited and its own files (listeners, the
	 * database, pipes) besides: it runs out before we do.
	 */
	held = LIMIT - fds_open() - SPARE;
	REQUIRE(held > FREED && held < LIMIT, "%d descriptors open",
	    fds_open());
	for (i = 0; i < held; i++)
		if ((fd[n] = wire_tcp_connect("127.0.0.1", s.port)) != -1)
			n++;
	REQUIRE(n == held, "%d of %d TCP connections", n, held);
	/* Let banshid run out and settle, then watch it for a second. */
	usleep(500 * 1000);
	c0 = cpu_ticks(&s);
	usleep(1000 * 1000);
	c1 = cpu_ticks(&s);
	CHECK(c0 >= 0 && c1 - c0 < hz / 5, "banshid used %lld of %ld ticks "
	    "out of descriptors", c1 - c0, hz);
	CHECK(log_count(&s, "not accepting for") == 1,
	    "%d 'not accepting' lines", log_count(&s, "not accepting for"));
	CHECK(log_count(&s, "Error from accept") == 0, "accept() spun");

	/* Closed connections make room, and new clients are served. */
	for (i = 0; i < FREED; i++)
		close(fd[i]);
	w = connect_tls(&s);
	CHECK(w != NULL, "no TLS connection after others closed");
	wire_close(w);
	for (i = FREED; i < n; i++)
		close(fd[i]);
	return (harness_done(&s));
}
