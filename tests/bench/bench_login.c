/*
 * Login throughput and WhoAmI latency while logins run, against a real
 * banshid over TLS.  Baselines from the same process: WhoAmI latency on an
 * idle server, and Argon2id verifications per second done in-process on as
 * many threads as banshid has workers (the ceiling for logins/s).
 *
 * The clients connect first and send their logins together, so the window
 * measured is the hashing, not 200 TLS handshakes.  The WhoAmI probe sends
 * one call a millisecond rather than back to back: a probe that never
 * sleeps is a CPU hog of its own on a small machine, taking from the
 * workers the cores that logins/s measures, and it counts a stall of a few
 * milliseconds as one slow call among the thousands it makes meanwhile.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "harness.h"

#define CLIENTS		200
#define WORKERS		2
#define PROBES_MAX	1000000
#define PROBE_GAP_NS	1000000		/* between two WhoAmI calls */

static struct server	 s;
static double		 lat[PROBES_MAX];
static volatile int	 logins_running;
static int		 logins_ok;
static pthread_barrier_t logins_go;
static char		 hash[crypto_pwhash_STRBYTES];

static void	*waiter_main(void *);

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static double
pct(double *v, int n, double p)
{
	return (n == 0 ? 0 : v[(int)((n - 1) * p)]);
}

/* Connect, wait for every other client, then log in once. */
static void *
login_thread(void *arg)
{
	struct wire	*w;

	w = connect_tls(&s);
	pthread_barrier_wait(&logins_go);
	if (w != NULL) {
		if (login(w, "clerk", TEST_PASSWORD, NULL) == 0)
			__atomic_fetch_add(&logins_ok, 1, __ATOMIC_RELAXED);
		wire_close(w);
	}
	return (NULL);
}

/* WhoAmI round trips, PROBE_GAP_NS apart, until go_on says no; the count. */
static int
probe(struct wire *w, int (*go_on)(int))
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__WhoAmI	 q = BANSHI__V1__WHO_AM_I__INIT;
	ServerMessage		*r;
	struct timespec		 gap = { 0, PROBE_GAP_NS };
	double			 t;
	int			 n = 0;

	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_WHO_AM_I;
	m.who_am_i = &q;
	while (n < PROBES_MAX && go_on(n)) {
		nanosleep(&gap, NULL);
		t = now_ms();
		m.id = 0;
		r = call(w, &m);
		lat[n++] = now_ms() - t;
		msg_free(r);
	}
	qsort(lat, (size_t)n, sizeof lat[0], cmp_double);
	return (n);
}

static int
go_idle(int n)
{
	return (n < 2000);
}

static int
go_loaded(int n)
{
	return (logins_running);
}

static void *
verify_thread(void *arg)
{
	long	i, n = (long)arg;

	for (i = 0; i < n; i++)
		if (crypto_pwhash_str_verify(hash, TEST_PASSWORD,
		    strlen(TEST_PASSWORD)) != 0)
			abort();
	return (NULL);
}

int
main(void)
{
	pthread_t	 th[CLIENTS], vt[WORKERS], waiter;
	struct wire	*w;
	double		 t0, t_login, t_verify, p50i, p99i, p50l, p99l;
	int		 i, n_idle, n_loaded;
	long		 per = 20;

	if (sodium_init() == -1)
		return (1);
	harness_verbose = 0;	/* as deployed: no debug log */
	server_start(&s, "[password]\nhash_memory = 64\nhash_passes = 2\n"
	    "workers = 2\n[limits]\nmax_connections = 1000\n");
	add_user(&s, "clerk", "accept");
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	REQUIRE(login(w, "clerk", TEST_PASSWORD, NULL) == 0, "login");

	n_idle = probe(w, go_idle);
	p50i = pct(lat, n_idle, 0.50);
	p99i = pct(lat, n_idle, 0.99);

	logins_running = 1;
	pthread_barrier_init(&logins_go, NULL, CLIENTS + 1);
	for (i = 0; i < CLIENTS; i++)
		pthread_create(&th[i], NULL, login_thread, NULL);
	pthread_barrier_wait(&logins_go);
	t0 = now_ms();
	/* A waiter joins the logins and stops the probe when they end. */
	pthread_create(&waiter, NULL, waiter_main, th);
	n_loaded = probe(w, go_loaded);
	pthread_join(waiter, NULL);
	t_login = now_ms() - t0;
	pthread_barrier_destroy(&logins_go);
	p50l = pct(lat, n_loaded, 0.50);
	p99l = pct(lat, n_loaded, 0.99);

	/* Baseline: Argon2id verifications on WORKERS threads, in-process. */
	REQUIRE(crypto_pwhash_str(hash, TEST_PASSWORD, strlen(TEST_PASSWORD),
	    2, 64 * 1024 * 1024) == 0, "hash");
	t0 = now_ms();
	for (i = 0; i < WORKERS; i++)
		pthread_create(&vt[i], NULL, verify_thread, (void *)per);
	for (i = 0; i < WORKERS; i++)
		pthread_join(vt[i], NULL);
	t_verify = now_ms() - t0;

	printf("bench_login: %d clients, Argon2id 64 MiB / 2 passes, "
	    "%d workers\n", CLIENTS, WORKERS);
	printf("  logins/s over TLS:              %8.1f  (%d of %d "
	    "succeeded)\n", CLIENTS / (t_login / 1000), logins_ok, CLIENTS);
	printf("  baseline verifications/s:       %8.1f  (in-process, %d "
	    "threads)\n", WORKERS * per / (t_verify / 1000), WORKERS);
	printf("  ratio logins/verifications:     %8.2f\n",
	    (CLIENTS / (t_login / 1000)) / (WORKERS * per / (t_verify / 1000)));
	printf("  WhoAmI idle     p50 %7.3f ms  p99 %7.3f ms  (%d calls, "
	    "1 a ms)\n", p50i, p99i, n_idle);
	printf("  WhoAmI logins   p50 %7.3f ms  p99 %7.3f ms  (%d calls, "
	    "1 a ms)\n", p50l, p99l, n_loaded);
	printf("  ratio loaded/idle p50 %.2f  p99 %.2f\n", p50l / p50i,
	    p99l / p99i);
	wire_close(w);
	return (harness_done(&s));
}

/* Wait for every login thread, then stop the probe. */
static void *
waiter_main(void *arg)
{
	pthread_t	*th = arg;
	int		 i;

	for (i = 0; i < CLIENTS; i++)
		pthread_join(th[i], NULL);
	logins_running = 0;
	return (NULL);
}
