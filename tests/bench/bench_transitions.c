/*
 * Durable case transitions per second over TLS with 1, 8 and 64 clients,
 * each pausing and resuming its own case, with the mean group-commit batch
 * size; beside an in-process SQLite run of the same writes (the case row,
 * a history row, an audit row and an idempotency row) with one transaction
 * per write under synchronous=FULL, as the baseline.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "harness.h"

#define MAX_CLIENTS	64
#define SECONDS		3.0

static struct server	 s;
static char		 serials[MAX_CLIENTS][40];
static long		 done[MAX_CLIENTS];
static double		 stop_at;

static void *
client(void *arg)
{
	long		 i = (long)arg;
	struct wire	*w = login_as(&s, "boss");
	ServerMessage	*r = open_case(w, serials[i], 0);
	uint64_t	 v = r->reply->case_detail->version;
	int		 a = r->reply->case_detail->clock->paused ?
			    BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_RESUME :
			    BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_PAUSE;

	msg_free(r);

	while (now_ms() < stop_at) {
		r = act(w, BANSHI__V1__CLIENT_MESSAGE__BODY_SPECIAL_CASE,
		    serials[i], v, a, "基准测试");
		if (status_of(r) != 0) {
			fprintf(stderr, "client %ld: %d\n", i, status_of(r));
			msg_free(r);
			break;
		}
		v = r->reply->action->change->version;
		msg_free(r);
		a = a == BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_PAUSE ?
		    BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_RESUME :
		    BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_PAUSE;
		done[i]++;
	}
	wire_close(w);
	return (NULL);
}

/* batches and jobs so far, from banshictl status. */
static void
batches(double *b, double *jobs)
{
	char	out[512], *p;
	double	mean = 0;

	ctl(&s, NULL, out, sizeof out, "status");
	*b = (p = strstr(out, "batches ")) != NULL ? atof(p + 8) : 0;
	mean = (p = strstr(out, "mean_batch_size ")) != NULL ? atof(p + 16) :
	    0;
	*jobs = *b * mean;
}

static void
run(int n, double *rate, double *mean)
{
	pthread_t	th[MAX_CLIENTS];
	double		t0, b0, j0, b1, j1;
	long		total = 0;
	int		i;

	memset(done, 0, sizeof done);
	batches(&b0, &j0);
	t0 = now_ms();
	stop_at = t0 + SECONDS * 1000;
	for (i = 0; i < n; i++)
		pthread_create(&th[i], NULL, client, (void *)(long)i);
	for (i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		total += done[i];
	}
	*rate = total / ((now_ms() - t0) / 1000);
	batches(&b1, &j1);
	*mean = b1 > b0 ? (j1 - j0) / (b1 - b0) : 0;
}

/* The same four writes per transition, one transaction each. */
static double
baseline(long count)
{
	sqlite3		*db;
	sqlite3_stmt	*up, *ev, *au, *id;
	char		 path[400];
	double		 t0;
	long		 i;

	snprintf(path, sizeof path, "%s/baseline.db", s.dir);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	    "CREATE TABLE c(id INTEGER PRIMARY KEY, version INTEGER,"
	    " paused INTEGER, body BLOB);"
	    "CREATE TABLE e(id INTEGER PRIMARY KEY, case_id INTEGER, at INTEGER,"
	    " actor TEXT, action TEXT, opinion TEXT);"
	    "CREATE TABLE a(id INTEGER PRIMARY KEY, at INTEGER, actor TEXT,"
	    " action TEXT, object TEXT, prev BLOB, hash BLOB);"
	    "CREATE TABLE k(key BLOB PRIMARY KEY, reply BLOB) WITHOUT ROWID;"
	    "INSERT INTO c VALUES (1, 1, 0, zeroblob(2000));", NULL, NULL,
	    NULL);
	sqlite3_prepare_v2(db, "UPDATE c SET version = version + 1,"
	    " paused = 1 - paused WHERE id = 1", -1, &up, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO e(case_id, at, actor, action,"
	    " opinion) VALUES (1, ?, 'boss', 'pause', '基准测试')", -1, &ev,
	    NULL);
	sqlite3_prepare_v2(db, "INSERT INTO a(at, actor, action, object, prev,"
	    " hash) VALUES (?, 'boss', 'case-action', 'case:1',"
	    " randomblob(32), randomblob(32))", -1, &au, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO k VALUES (randomblob(16),"
	    " zeroblob(3000))", -1, &id, NULL);
	t0 = now_ms();
	for (i = 0; i < count; i++) {
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_step(up);
		sqlite3_reset(up);
		sqlite3_bind_int64(ev, 1, i);
		sqlite3_step(ev);
		sqlite3_reset(ev);
		sqlite3_bind_int64(au, 1, i);
		sqlite3_step(au);
		sqlite3_reset(au);
		sqlite3_step(id);
		sqlite3_reset(id);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	t0 = count / ((now_ms() - t0) / 1000);
	sqlite3_finalize(up);
	sqlite3_finalize(ev);
	sqlite3_finalize(au);
	sqlite3_finalize(id);
	sqlite3_close(db);
	return (t0);
}

int
main(void)
{
	struct wire	*ag;
	double		 rate[3], mean[3], base;
	int		 clients[3] = { 1, 8, 64 }, i;

	server_start(&s, getenv("BENCH_EXTRA") ? getenv("BENCH_EXTRA") : "[limits]\nmax_connections = 500\n");
	setup_back_office(&s);
	ag = login_as(&s, "agent");
	for (i = 0; i < MAX_CLIENTS; i++)
		file_case(ag, "大型户外广告设置许可", 0, serials[i],
		    sizeof serials[i]);
	wire_close(ag);
	for (i = 0; i < 3; i++)
		run(clients[i], &rate[i], &mean[i]);
	base = baseline((long)(rate[0] * SECONDS));
	printf("bench_transitions: pause/resume over TLS, %.0f s a run\n",
	    SECONDS);
	printf("  baseline: in-process SQLite, one transaction a write  "
	    "%8.0f /s\n", base);
	for (i = 0; i < 3; i++)
		printf("  %2d client%s  %8.0f transitions/s  mean batch %5.2f"
		    "  ratio %.2f\n", clients[i], clients[i] == 1 ? " " : "s",
		    rate[i], mean[i], rate[i] / base);
	return (harness_done(&s));
}
