/*
 * 50 concurrent attempts to accept one version of a case, each on its own
 * connection: exactly one succeeds and the other 49 get CONFLICT.
 */
#include <pthread.h>
#include <string.h>

#include "harness.h"

#define TRIES	50

static struct server	 s;
static char		 serial[40];
static uint64_t		 version;
static int		 codes[TRIES];
static struct wire	*conns[TRIES];
static pthread_barrier_t barrier;

static void *
attempt(void *arg)
{
	long		 i = (long)arg;
	ServerMessage	*r;

	pthread_barrier_wait(&barrier);
	r = act(conns[i], BANSHI__V1__CLIENT_MESSAGE__BODY_ACCEPT_CASE, serial,
	    version, BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_ACCEPT,
	    "同意受理");
	codes[i] = status_of(r);
	msg_free(r);
	return (NULL);
}

int
main(void)
{
	pthread_t	 th[TRIES];
	struct wire	*ag;
	long		 i;
	int		 ok = 0, conflict = 0;

	server_start(&s, NULL);
	setup_back_office(&s);
	ag = login_as(&s, "agent");
	file_case(ag, "大型户外广告设置许可", 0, serial, sizeof serial);
	for (i = 0; i < TRIES; i++)
		conns[i] = login_as(&s, "acc");
	version = case_version(conns[0], serial);
	pthread_barrier_init(&barrier, NULL, TRIES);
	for (i = 0; i < TRIES; i++)
		pthread_create(&th[i], NULL, attempt, (void *)i);
	for (i = 0; i < TRIES; i++) {
		pthread_join(th[i], NULL);
		if (codes[i] == 0)
			ok++;
		else if (codes[i] == BANSHI__V1__STATUS_CODE__STATUS_CONFLICT)
			conflict++;
	}
	fprintf(stderr, "%d succeeded, %d conflicts\n", ok, conflict);
	CHECK(ok == 1, "exactly one succeeds: %d", ok);
	CHECK(conflict == TRIES - 1, "the rest get CONFLICT: %d", conflict);
	CHECK(db_int(&s, "SELECT count(*) FROM case_event WHERE action ="
	    " 'accept'") == 1, "one acceptance in the history");
	CHECK(db_int(&s, "SELECT count(*) FROM outbox WHERE event ="
	    " 'accepted'") == 1, "one SMS");
	for (i = 0; i < TRIES; i++)
		wire_close(conns[i]);
	wire_close(ag);
	return (harness_done(&s));
}
