/*
 * Durable case transitions per second over TLS with 1, 8 and 64 clients,
 * each pausing and resuming its own case, with the mean group-commit batch
 * size; then 64 again with a probe asking for a WhoAmI and a queue page
 * every 5 ms, for their latency while 64 clients write flat out.  Baselines
 * measured in the same run:
 *  - in-process SQLite doing the same writes as banshid (the case row, its
 *    history entry, the audit record and its head, the idempotency row)
 *    on a copy of the server's own database, one transaction per write and
 *    in batches of the mean size the 64-client run had;
 *  - PostgreSQL running the same transition (tests/bench/pg-transition.sh,
 *    run by tests/bench/run when PostgreSQL is installed: PG_TPS_1,
 *    PG_TPS_8, PG_TPS_64 in the environment), else the baseline is said to
 *    be skipped.
 * Figures, never pass/fail.
 */
#include <pthread.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "harness.h"

#define MAX_CLIENTS	64
#define SECONDS		4.0
#define PROBES_MAX	200000
/* A WhoAmI and a queue page every 5 ms: a hundred clerks' screens at once,
   paced so that the probe measures the writers' effect, not its own. */
#define PROBE_EVERY_MS	5.0

#define PAUSE	BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_PAUSE
#define RESUME	BANSHI__V1__CASE_ACTION_KIND__CASE_ACTION_RESUME

struct client {
	struct wire	*w;
	char		 serial[40];
	uint64_t	 version;
	int		 action;
	long		 done;
	size_t		 reply_bytes;	/* of the last reply */
};

static struct server	 s;
static struct client	 clients[MAX_CLIENTS];
static volatile int	 go, stop;
static pthread_barrier_t start_line;
static double		 who_lat[PROBES_MAX], queue_lat[PROBES_MAX];
static int		 n_who, n_queue;

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static double
pct(double *v, int n, double p)
{
	if (n == 0)
		return (0);
	qsort(v, (size_t)n, sizeof v[0], cmp_double);
	return (v[(int)((n - 1) * p)]);
}

/* One pause or resume; 0 or -1. */
static int
transition(struct client *c)
{
	ServerMessage	*r;

	r = act(c->w, BANSHI__V1__CLIENT_MESSAGE__BODY_SPECIAL_CASE,
	    c->serial, c->version, c->action, "基准测试");
	if (status_of(r) != 0) {
		fprintf(stderr, "transition: %d %s\n", status_of(r),
		    r != NULL ? r->reply->status->message : "no reply");
		msg_free(r);
		return (-1);
	}
	c->version = r->reply->action->change->version;
	c->reply_bytes = banshi__v1__server_message__get_packed_size(r);
	c->action = c->action == PAUSE ? RESUME : PAUSE;
	msg_free(r);
	return (0);
}

static void *
client_main(void *arg)
{
	struct client	*c = arg;

	pthread_barrier_wait(&start_line);
	while (!stop && transition(c) == 0)
		c->done++;
	return (NULL);
}

/* WhoAmI and a queue page in turn, timed, until stop. */
static void *
prober_main(void *arg)
{
	struct wire			*w = arg;
	ClientMessage			 who = BANSHI__V1__CLIENT_MESSAGE__INIT;
	ClientMessage			 lq = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__WhoAmI		 wq = BANSHI__V1__WHO_AM_I__INIT;
	Banshi__V1__ListQueue		 qq = BANSHI__V1__LIST_QUEUE__INIT;
	ServerMessage			*r;
	double				 t, next;

	who.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_WHO_AM_I;
	who.who_am_i = &wq;
	qq.queue = BANSHI__V1__QUEUE__QUEUE_ACCEPT;
	qq.limit = 50;
	lq.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_QUEUE;
	lq.list_queue = &qq;
	pthread_barrier_wait(&start_line);
	for (next = now_ms(); !stop && n_who < PROBES_MAX;
	    next += PROBE_EVERY_MS) {
		if ((t = now_ms()) < next)
			usleep((useconds_t)((next - t) * 1000));
		t = now_ms();
		who.id = 0;
		r = call(w, &who);
		who_lat[n_who++] = now_ms() - t;
		msg_free(r);
		t = now_ms();
		lq.id = 0;
		r = call(w, &lq);
		if (status_of(r) == 0 && r->reply->queue->n_rows > 0)
			queue_lat[n_queue++] = now_ms() - t;
		msg_free(r);
	}
	return (NULL);
}

/* Cumulative batches and jobs, from banshictl status. */
static void
batches(double *b, double *jobs)
{
	char	out[1024], *p;
	double	mean;

	ctl(&s, NULL, out, sizeof out, "status");
	*b = (p = strstr(out, "batches ")) != NULL ? atof(p + 8) : 0;
	mean = (p = strstr(out, "mean_batch_size ")) != NULL ? atof(p + 16) :
	    0;
	*jobs = *b * mean;
}

/* n clients (and the prober when probe) for SECONDS; transitions/s. */
static double
run(int n, struct wire *probe, double *mean)
{
	pthread_t	th[MAX_CLIENTS + 1];
	double		t0, t1, b0, j0, b1, j1;
	long		total = 0;
	int		i;

	stop = 0;
	pthread_barrier_init(&start_line, NULL, (unsigned)n + 1 +
	    (probe != NULL));
	for (i = 0; i < n; i++) {
		clients[i].done = 0;
		pthread_create(&th[i], NULL, client_main, &clients[i]);
	}
	if (probe != NULL) {
		n_who = n_queue = 0;
		pthread_create(&th[n], NULL, prober_main, probe);
	}
	batches(&b0, &j0);
	pthread_barrier_wait(&start_line);
	t0 = now_ms();
	while (now_ms() - t0 < SECONDS * 1000)
		usleep(10000);
	stop = 1;
	t1 = now_ms();
	for (i = 0; i < n + (probe != NULL); i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < n; i++)
		total += clients[i].done;
	batches(&b1, &j1);
	*mean = b1 > b0 ? (j1 - j0) / (b1 - b0) : 0;
	pthread_barrier_destroy(&start_line);
	return (total / ((t1 - t0) / 1000));
}

/* ---- the in-process baseline ------------------------------------------ */

/*
 * A copy of the server's database (consistent: SQLite's backup API) on
 * which the baseline runs the statements banshid runs for a pause or a
 * resume.
 */
static sqlite3 *
baseline_open(void)
{
	sqlite3		*src, *db;
	sqlite3_backup	*b;
	char		 path[400];

	snprintf(path, sizeof path, "%s/baseline.db", s.dir);
	if (sqlite3_open_v2(s.db, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || sqlite3_open(path, &db) != SQLITE_OK)
		return (NULL);
	b = sqlite3_backup_init(db, "main", src, "main");
	sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	sqlite3_close(src);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
	    "PRAGMA cache_size=-65536;", NULL, NULL, NULL);
	return (db);
}

struct baseline {
	sqlite3		*db;
	sqlite3_stmt	*load, *up, *ev, *head, *au, *ahead, *idem;
	int64_t		 case_id;
	uint8_t		 reply[160];	/* a lean action reply's size */
};

static void
baseline_prepare(struct baseline *b)
{
#define PREP(st, sql) sqlite3_prepare_v2(b->db, sql, -1, &b->st, NULL)
	PREP(load, "SELECT id, serial, item_code, item_name, kind,"
	    " department_code, department_name, region_code, status, step,"
	    " post, scope, phase, express, phone, promised_days, legal_days,"
	    " accepted_day, deadline_day, paused_since, paused_days,"
	    " extension_days, claimed_by, claimed_at, created_by, version,"
	    " created_at, applicant_name, extra FROM case_file WHERE id = ?");
	/* As case_store for a case that stays at its step. */
	PREP(up, "UPDATE case_file SET post = post, phase = phase,"
	    " accepted_day = accepted_day, paused_since = ?, paused_days = ?,"
	    " extension_days = extension_days, claimed_by = claimed_by,"
	    " claimed_at = claimed_at, version = version + 1, updated_at = ?,"
	    " extra = ? WHERE id = ?");
	PREP(ev, "INSERT INTO case_event(case_id, at, actor, post, action,"
	    " opinion) VALUES (?, ?, 'acc', 'accept', 'pause', '基准测试')");
	PREP(head, "SELECT last_id, last_hash FROM audit_head WHERE one = 1");
	PREP(au, "INSERT INTO audit(id, at, actor, post, peer, action, object,"
	    " outcome, detail, prev, hash) VALUES (?, ?, 'acc', '',"
	    " '127.0.0.1:40000', 'case-action', 'case:341600-20261204-00001',"
	    " 'ok', 'pause', ?, ?)");
	PREP(ahead, "INSERT INTO audit_head(one, last_id, last_hash)"
	    " VALUES (1, ?, ?) ON CONFLICT(one) DO UPDATE SET"
	    " last_id = excluded.last_id, last_hash = excluded.last_hash");
	PREP(idem, "INSERT INTO idempotency(key, user_id, reply, at)"
	    " VALUES (?, 1, ?, ?)");
#undef PREP
	b->case_id = 1;
}

/* The statements of one transition (the case row read first). */
static void
baseline_write(struct baseline *b, long i)
{
	uint8_t		key[16], prev[32], hash[32];
	int64_t		id = 1;

	sqlite3_bind_int64(b->load, 1, b->case_id);
	sqlite3_step(b->load);
	sqlite3_reset(b->load);
	sqlite3_bind_int64(b->up, 1, i % 2 ? 20000 + i % 7 : 0);
	sqlite3_bind_int64(b->up, 2, 0);
	sqlite3_bind_int64(b->up, 3, i);
	sqlite3_bind_blob(b->up, 4, "", 0, SQLITE_STATIC);
	sqlite3_bind_int64(b->up, 5, b->case_id);
	sqlite3_step(b->up);
	sqlite3_reset(b->up);
	sqlite3_bind_int64(b->ev, 1, b->case_id);
	sqlite3_bind_int64(b->ev, 2, i);
	sqlite3_step(b->ev);
	sqlite3_reset(b->ev);
	memset(prev, 0, sizeof prev);
	if (sqlite3_step(b->head) == SQLITE_ROW) {
		id = sqlite3_column_int64(b->head, 0) + 1;
		memcpy(prev, sqlite3_column_blob(b->head, 1), sizeof prev);
	}
	sqlite3_reset(b->head);
	crypto_generichash(hash, sizeof hash, prev, sizeof prev, NULL, 0);
	sqlite3_bind_int64(b->au, 1, id);
	sqlite3_bind_int64(b->au, 2, i);
	sqlite3_bind_blob(b->au, 3, prev, sizeof prev, SQLITE_STATIC);
	sqlite3_bind_blob(b->au, 4, hash, sizeof hash, SQLITE_STATIC);
	sqlite3_step(b->au);
	sqlite3_reset(b->au);
	sqlite3_bind_int64(b->ahead, 1, id);
	sqlite3_bind_blob(b->ahead, 2, hash, sizeof hash, SQLITE_STATIC);
	sqlite3_step(b->ahead);
	sqlite3_reset(b->ahead);
	randombytes_buf(key, sizeof key);
	sqlite3_bind_blob(b->idem, 1, key, sizeof key, SQLITE_STATIC);
	sqlite3_bind_blob(b->idem, 2, b->reply, sizeof b->reply,
	    SQLITE_STATIC);
	sqlite3_bind_int64(b->idem, 3, i);
	sqlite3_step(b->idem);
	sqlite3_reset(b->idem);
}

/* Writes per second, per transaction of batch writes (each in a savepoint
   as banshid runs them), for about seconds. */
static double
baseline(struct baseline *b, int batch, double seconds)
{
	double	t0 = now_ms();
	long	i = 0;
	int	k;

	while (now_ms() - t0 < seconds * 1000) {
		sqlite3_exec(b->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		for (k = 0; k < batch; k++, i++) {
			sqlite3_exec(b->db, "SAVEPOINT job", NULL, NULL, NULL);
			baseline_write(b, i);
			sqlite3_exec(b->db, "RELEASE job", NULL, NULL, NULL);
		}
		sqlite3_exec(b->db, "COMMIT", NULL, NULL, NULL);
	}
	return (i / ((now_ms() - t0) / 1000));
}

static void
baseline_close(struct baseline *b)
{
	sqlite3_finalize(b->load);
	sqlite3_finalize(b->up);
	sqlite3_finalize(b->ev);
	sqlite3_finalize(b->head);
	sqlite3_finalize(b->au);
	sqlite3_finalize(b->ahead);
	sqlite3_finalize(b->idem);
	sqlite3_close(b->db);
}

/* ---- main ------------------------------------------------------------- */

static void
setup(void)
{
	struct wire	*ag, *w;
	ServerMessage	*r;
	int		 i;

	ag = login_as(&s, "agent");
	for (i = 0; i < MAX_CLIENTS; i++)
		file_case(ag, "大型户外广告设置许可", 0, clients[i].serial,
		    sizeof clients[i].serial);
	wire_close(ag);
	/* Every client logs in and reads its case before the clock runs. */
	for (i = 0; i < MAX_CLIENTS; i++) {
		w = clients[i].w = login_as(&s, "acc");
		r = open_case(w, clients[i].serial, 0);
		REQUIRE(status_of(r) == 0, "open %s", clients[i].serial);
		clients[i].version = r->reply->case_detail->version;
		clients[i].action = r->reply->case_detail->clock->paused ?
		    RESUME : PAUSE;
		msg_free(r);
	}
}

int
main(void)
{
	/* The last run repeats 64 clients with the probe beside them. */
	static const int clients_n[4] = { 1, 8, 64, 64 };
	static const char *pg_env[3] = { "PG_TPS_1", "PG_TPS_8", "PG_TPS_64" };
	struct baseline	 b;
	struct wire	*probe;
	double		 rate[4], mean[4], base1, base_batch, pg[3], pg_best = 0;
	double		 who_idle, queue_idle, who99, queue99, who50, queue50;
	size_t		 first_bytes;
	int		 i;

	if (sodium_init() == -1)
		return (1);
	harness_verbose = 0;	/* as deployed: no debug log */
	server_start(&s, "[limits]\nmax_connections = 500\n");
	setup_back_office(&s);
	setup();
	probe = login_as(&s, "acc");

	/* The probe alone first: the idle figures. */
	(void)run(0, probe, &mean[0]);
	who_idle = pct(who_lat, n_who, 0.99);
	queue_idle = pct(queue_lat, n_queue, 0.99);

	REQUIRE(transition(&clients[0]) == 0, "first transition");
	first_bytes = clients[0].reply_bytes;
	for (i = 0; i < 4; i++)
		rate[i] = run(clients_n[i], i == 3 ? probe : NULL, &mean[i]);
	who50 = pct(who_lat, n_who, 0.5);
	who99 = pct(who_lat, n_who, 0.99);
	queue50 = pct(queue_lat, n_queue, 0.5);
	queue99 = pct(queue_lat, n_queue, 0.99);

	memset(&b, 0, sizeof b);
	REQUIRE((b.db = baseline_open()) != NULL, "baseline database");
	baseline_prepare(&b);
	base1 = baseline(&b, 1, SECONDS);
	base_batch = baseline(&b, mean[2] < 1 ? 1 : (int)(mean[2] + 0.5),
	    SECONDS);
	baseline_close(&b);

	printf("bench_transitions: pause/resume over TLS, %.0f s a run\n",
	    SECONDS);
	printf("  in-process SQLite, the same writes on a copy of the "
	    "server's database:\n");
	printf("    one transaction a write        %8.0f /s\n", base1);
	printf("    batches of %3d writes          %8.0f /s\n",
	    mean[2] < 1 ? 1 : (int)(mean[2] + 0.5), base_batch);
	for (i = 0; i < 3; i++) {
		pg[i] = getenv(pg_env[i]) != NULL ? atof(getenv(pg_env[i])) : 0;
		if (pg[i] > pg_best)
			pg_best = pg[i];
	}
	if (pg_best > 0)
		printf("  PostgreSQL, the same transition (pgbench, fsync on): "
		    "%.0f / %.0f / %.0f /s, best %.0f\n", pg[0], pg[1], pg[2],
		    pg_best);
	else
		printf("  PostgreSQL baseline skipped (install postgresql and "
		    "run make bench as root)\n");
	printf("  %-10s %12s %10s %12s %12s\n", "clients", "transitions/s",
	    "mean batch", "x SQLite", "x PG best");
	for (i = 0; i < 4; i++) {
		printf("  %-3d%-7s %12.0f %10.2f %12.2f", clients_n[i],
		    i == 3 ? " +probe" : "", rate[i], mean[i],
		    rate[i] / (i >= 2 ? base_batch : base1));
		if (pg_best > 0)
			printf(" %12.2f", rate[i] / pg_best);
		printf("\n");
	}
	printf("  (x SQLite: 1 and 8 clients against one transaction a "
	    "write, 64 against batches of its mean size; +probe: with a "
	    "WhoAmI and a queue page every %.0f ms)\n", PROBE_EVERY_MS);
	printf("  targets: 1 client >= 0.70 x SQLite; 64 clients >= 0.50 x "
	    "SQLite batched and >= 5 x PG best\n");
	printf("  reply to a pause/resume: %zu bytes at first, %zu bytes after "
	    "%ld transitions\n", first_bytes, clients[0].reply_bytes,
	    clients[0].done);
	printf("  while 64 clients write: WhoAmI p50 %.3f p99 %.3f ms "
	    "(idle p99 %.3f); queue page (50 rows) p50 %.3f p99 %.3f ms "
	    "(idle p99 %.3f); target p99 <= 2 ms\n", who50, who99, who_idle,
	    queue50, queue99, queue_idle);
	for (i = 0; i < MAX_CLIENTS; i++)
		wire_close(clients[i].w);
	wire_close(probe);
	return (harness_done(&s));
}
