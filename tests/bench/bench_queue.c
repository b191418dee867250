/*
 * A queue page (50 rows) over TLS with 10^5 and then 10^6 cases in the
 * database: p50 and p99 of the first page and of pages deep in the queue,
 * and the ratio of the figures at 10^6 to those at 10^5 (flat is 1.0).
 * The cases are made in this process by the server's own code (case_create
 * in large transactions on the server's database while banshid is
 * stopped), spread over every department's first step the way a city's
 * cases are; the clerk measured works one department's 待受理.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "server.h"
#include "xmalloc.h"

#define FIRST		100000
#define SECOND		1000000
#define PER_TXN		20000
#define PROBES		2000
#define DEEP		400	/* pages walked down the queue */

struct config *_Atomic	 cfg;
time_t			 server_started;

int
server_reload(char *err, size_t errlen)
{
	return (-1);
}

static struct server	 s;
static double		 lat[PROBES];

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static double
pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof v[0], cmp_double);
	return (n == 0 ? 0 : v[(int)((n - 1) * p)]);
}

/* The items that may be filed online, the measured clerk's first. */
static size_t
fill_items(const Banshi__V1__Item **out, size_t max)
{
	struct catalog	*cat = catalog_live;
	size_t		 i, n = 1;

	out[0] = NULL;
	for (i = 0; i < cat->n_items && n < max; i++) {
		const Banshi__V1__Item *it = cat->items[i];

		if (strcmp(it->summary->name, "大型户外广告设置许可") == 0)
			out[0] = it;
		else if (it->guide->online && it->summary->kind !=
		    BANSHI__V1__ITEM_KIND__ITEM_KIND_BOOKING_ONLY &&
		    it->summary->kind != BANSHI__V1__ITEM_KIND__ITEM_KIND_CIVIC)
			out[n++] = it;
	}
	return (n);
}

/* Cases from..to-1 through case_create, PER_TXN to a transaction. */
static void
fill(long from, long to, int64_t agent)
{
	const Banshi__V1__Item		*items[64];
	Banshi__V1__Case		 c = BANSHI__V1__CASE__INIT;
	Banshi__V1__CaseSummary		 sum = BANSHI__V1__CASE_SUMMARY__INIT;
	Banshi__V1__Applicant		 ap = BANSHI__V1__APPLICANT__INIT;
	Banshi__V1__Pickup		 pk = BANSHI__V1__PICKUP__INIT;
	struct txn			 tx;
	char				 serial[32], name[32], err[512];
	size_t				 n;
	long				 i;
	double				 t0 = now_ms();

	config_load(s.conf, cfg, err, sizeof err);
	REQUIRE(db_open(cfg->database, cfg->cache_size, 0, err, sizeof err) ==
	    0, "db_open: %s", err);
	REQUIRE(catalog_start(cfg->catalog_dir, err, sizeof err) == 0,
	    "catalogue: %s", err);
	n = fill_items(items, 64);
	REQUIRE(n > 1 && items[0] != NULL, "items");
	memset(&tx, 0, sizeof tx);
	txn_init(&tx);
	tx.who.user_id = agent;
	snprintf(tx.who.login, sizeof tx.who.login, "agent");
	c.summary = &sum;
	c.applicant = &ap;
	c.pickup = &pk;
	ap.kind = BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON;
	ap.id_number = "341602196803126144";
	ap.phone = "13905581201";
	ap.name = name;
	pk.method = BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_SELF;
	sum.serial = serial;
	sum.applicant_name = name;
	sum.status = BANSHI__V1__CASE_STATUS__CASE_STATUS_PENDING_ACCEPTANCE;
	for (i = from; i < to; i++) {
		const Banshi__V1__Item *it = items[i % 4 == 0 ? 0 :
		    1 + (size_t)i % (n - 1)];

		if ((i - from) % PER_TXN == 0)
			REQUIRE(db_exec("BEGIN IMMEDIATE") == 0, "begin");
		snprintf(serial, sizeof serial, "BENCH-%08ld", i);
		snprintf(name, sizeof name, "申请人%ld", i);
		sum.item_code = it->summary->code;
		sum.item_name = it->summary->name;
		sum.department_name = it->summary->department_name;
		sum.submitted_at = 1764800000 + i;
		tx.n_notices = 0;
		REQUIRE(case_create(&tx, it, &c, "") > 0, "case %ld", i);
		if ((i - from) % PER_TXN == PER_TXN - 1 || i == to - 1) {
			REQUIRE(db_exec("COMMIT") == 0, "commit");
			txn_clear(&tx);
		}
	}
	db_close();
	catalog_free(catalog_live);
	catalog_live = NULL;
	config_free(cfg);
	printf("  made cases %ld to %ld in %.1f s (case_create, %d a "
	    "transaction)\n", from, to, (now_ms() - t0) / 1000, PER_TXN);
}

/* First pages, then walking down the queue; p50 and p99 of each. */
static void
measure(const char *label, double *first99, double *deep99)
{
	ClientMessage			 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListQueue		 q = BANSHI__V1__LIST_QUEUE__INIT;
	ServerMessage			*r;
	struct wire			*w = login_as(&s, "acc");
	uint8_t				 cursor[64];
	double				 t, p50;
	long long			 last = -1;
	int				 i, sorted = 1;

	q.queue = BANSHI__V1__QUEUE__QUEUE_ACCEPT;
	q.limit = 50;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_QUEUE;
	m.list_queue = &q;
	for (i = 0; i < PROBES; i++) {
		t = now_ms();
		m.id = 0;
		r = call(w, &m);
		lat[i] = now_ms() - t;
		REQUIRE(status_of(r) == 0 && r->reply->queue->n_rows == 50,
		    "first page");
		msg_free(r);
	}
	p50 = pct(lat, PROBES, 0.5);
	*first99 = pct(lat, PROBES, 0.99);
	printf("  %-12s first page      p50 %.3f ms  p99 %.3f ms\n", label,
	    p50, *first99);
	for (i = 0; i < DEEP; i++) {
		t = now_ms();
		m.id = 0;
		r = call(w, &m);
		lat[i] = now_ms() - t;
		REQUIRE(status_of(r) == 0 && r->reply->queue->n_rows == 50 &&
		    r->reply->queue->next_cursor.len > 0 &&
		    r->reply->queue->next_cursor.len <= sizeof cursor,
		    "page %d", i);
		/* Within the queue's order: serials were made in id order. */
		if (atoll(r->reply->queue->rows[0]->serial + 6) <= last)
			sorted = 0;
		last = atoll(r->reply->queue->rows[49]->serial + 6);
		if (r->reply->queue->next_cursor.len > 0)
			memcpy(cursor, r->reply->queue->next_cursor.data,
			    r->reply->queue->next_cursor.len);
		q.cursor.data = cursor;
		q.cursor.len = r->reply->queue->next_cursor.len;
		msg_free(r);
	}
	p50 = pct(lat, DEEP, 0.5);
	*deep99 = pct(lat, DEEP, 0.99);
	printf("  %-12s next %d pages  p50 %.3f ms  p99 %.3f ms%s\n", label,
	    DEEP, p50, *deep99, sorted ? "" : "  (OUT OF ORDER)");
	wire_close(w);
}

static int64_t
agent_id(void)
{
	return (db_int(&s, "SELECT id FROM user WHERE login = 'agent'"));
}

int
main(void)
{
	double	f1, d1, f2, d2;
	int64_t	agent;

	cfg = xcalloc(1, sizeof (struct config));
	harness_verbose = 0;	/* as deployed: no debug log */
	server_start(&s, NULL);
	setup_back_office(&s);
	agent = agent_id();
	REQUIRE(server_stop(&s) == 0, "stop");
	printf("bench_queue: a queue page (50 rows) over TLS as the database "
	    "grows\n");
	fill(0, FIRST, agent);
	server_spawn(&s);
	measure("10^5 cases:", &f1, &d1);
	REQUIRE(server_stop(&s) == 0, "stop");
	fill(FIRST, SECOND, agent);
	server_spawn(&s);
	measure("10^6 cases:", &f2, &d2);
	printf("  p99 at 10^6 / at 10^5: first page %.2f, deep pages %.2f "
	    "(target p99 <= 1 ms and <= 1.3x)\n", f2 / f1, d2 / d1);
	free(cfg);
	return (harness_done(&s));
}
