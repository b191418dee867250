/*
 * 100 clients log in at once (Argon2id at its full 64 MiB cost) while another
 * client's WhoAmI requests keep completing: password hashing runs on the
 * worker pool, not in the event loop, so the WhoAmI requests issued during
 * the logins all finish before the logins do.
 */
#include <pthread.h>
#include <stdlib.h>

#include "harness.h"

#define CLIENTS	100
#define PROBES	50

static struct server	 s;
static double		 login_done_at[CLIENTS];
static int		 login_code[CLIENTS];

static void *
login_thread(void *arg)
{
	long		 i = (long)arg;
	struct wire	*w;

	if ((w = connect_tls(&s)) == NULL) {
		login_code[i] = -1;
		return (NULL);
	}
	login_code[i] = login(w, "clerk", TEST_PASSWORD, NULL);
	login_done_at[i] = now_ms();
	wire_close(w);
	return (NULL);
}

int
main(void)
{
	pthread_t		 th[CLIENTS];
	struct wire		*probe;
	ServerMessage		*r;
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__WhoAmI	 q = BANSHI__V1__WHO_AM_I__INIT;
	double			 start, probes_done, last_login = 0, worst = 0;
	double			 t;
	long			 i;
	int			 ok = 0, probe_ok = 0;

	server_start(&s, "[password]\nhash_memory = 64\nhash_passes = 2\n"
	    "workers = 2\n");
	add_user(&s, "clerk", "accept");
	REQUIRE((probe = connect_tls(&s)) != NULL, "probe connect");
	REQUIRE(login(probe, "clerk", TEST_PASSWORD, NULL) == 0, "probe login");

	start = now_ms();
	for (i = 0; i < CLIENTS; i++)
		REQUIRE(pthread_create(&th[i], NULL, login_thread, (void *)i)
		    == 0, "thread");
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_WHO_AM_I;
	m.who_am_i = &q;
	for (i = 0; i < PROBES; i++) {
		t = now_ms();
		m.id = 0;
		r = call(probe, &m);
		if (status_of(r) == 0)
			probe_ok++;
		msg_free(r);
		if (now_ms() - t > worst)
			worst = now_ms() - t;
	}
	probes_done = now_ms();
	for (i = 0; i < CLIENTS; i++) {
		pthread_join(th[i], NULL);
		if (login_code[i] == 0)
			ok++;
		if (login_done_at[i] > last_login)
			last_login = login_done_at[i];
	}
	fprintf(stderr, "logins: %d/%d in %.0f ms; %d WhoAmI done after "
	    "%.0f ms (worst %.1f ms)\n", ok, CLIENTS, last_login - start,
	    probe_ok, probes_done - start, worst);
	CHECK(ok == CLIENTS, "all logins succeed: %d", ok);
	CHECK(probe_ok == PROBES, "all WhoAmI succeed: %d", probe_ok);
	CHECK(probes_done < last_login,
	    "WhoAmI requests finished (%.0f ms) before the logins (%.0f ms)",
	    probes_done - start, last_login - start);
	wire_close(probe);
	return (harness_done(&s));
}
