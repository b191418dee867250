/*
 * Catalogue search over a generated 100,000-item catalogue (a province's
 * whole list) in a real SQLite file: p50 and p99 latency of the first page
 * of 1-, 2- and 4-character queries through the gram index, beside a plain
 * LIKE scan over the same rows as the baseline.  The 2-character queries
 * come in three kinds: the start of a word (most names that match start
 * with it), two characters across or inside words (they match inside
 * names), and two characters of a department name (they match no name,
 * only the 5,000 items of the department).  The first pages of a sample
 * of queries are compared item by item with the LIKE scan's first, which
 * also prepares the statements and warms the cache as a running server has
 * them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server.h"
#include "xmalloc.h"

#define ITEMS		100000
#define DEPTS		20
#define RUNS		300	/* queries per kind through the index */
#define RUNS_LIKE	60	/* the baseline scans 100,000 rows each */
#define CHECKS		40	/* first pages compared with LIKE's */
#define PAGE		50	/* the default page size (rpc-catalog.c) */

struct config *_Atomic cfg;
time_t		 server_started;

int
server_reload(char *err, size_t errlen)
{
	return (-1);
}

static const char *words[] = {
	"户外", "广告", "设置", "许可", "登记", "证明", "居住", "流动",
	"人口", "机动车", "驾驶证", "核发", "食品", "经营", "建筑", "垃圾",
	"处置", "核准", "道路", "挖掘", "占用", "城市", "绿地", "养老",
	"补贴", "申领", "社会", "保障", "医疗", "备案", "变更", "注销",
	"药品", "零售", "排水", "户口", "迁移", "出生", "婚姻", "残疾",
	"高龄", "津贴", "失业", "就业", "培训", "危险", "化学品", "运输",
	"烟草", "专卖", "农村", "宅基地", "林木", "采伐", "渔业", "船舶",
};
#define NWORDS	(sizeof words / sizeof words[0])

/* What a query is made of; see the comment at the top. */
enum query_kind {
	QUERY_WORDS,		/* the first characters of a word pair */
	QUERY_INSIDE,		/* two characters from the second on */
	QUERY_DEPARTMENT	/* two characters of a department name */
};

static const struct query_class {
	const char		*label;
	enum query_kind		 kind;
	int			 chars;
} classes[] = {
	{ "1 char", QUERY_WORDS, 1 },
	{ "2 char", QUERY_WORDS, 2 },
	{ "2 inner", QUERY_INSIDE, 2 },
	{ "2 dept", QUERY_DEPARTMENT, 2 },
	{ "4 char", QUERY_WORDS, 4 },
};
#define NCLASSES	(sizeof classes / sizeof classes[0])

static double
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1e6 + ts.tv_nsec / 1e3);
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/* The name of department i. */
static void
department_name(char *out, size_t len, int i)
{
	snprintf(out, len, "市%s%s局", words[i], words[i + DEPTS]);
}

/* A catalogue of ITEMS items over DEPTS departments, names from words[]. */
static struct catalog *
generate(void)
{
	struct catalog		*cat = xcalloc(1, sizeof *cat);
	struct arena		*a = &cat->arena;
	Banshi__V1__Hall	*h;
	int			 i, j, n;
	char			 name[256], code[32];

	cat->n_halls = 1;
	cat->halls = arena_array(a, 1, sizeof *cat->halls);
	h = cat->halls[0] = arena_alloc(a, sizeof *h);
	banshi__v1__hall__init(h);
	h->code = "H";
	h->name = "市直厅";
	h->address = "";
	h->n_departments = DEPTS;
	h->departments = arena_array(a, DEPTS, sizeof *h->departments);
	for (i = 0; i < DEPTS; i++) {
		Banshi__V1__Department *d = arena_alloc(a, sizeof *d);

		banshi__v1__department__init(d);
		snprintf(code, sizeof code, "D%02d", i);
		d->code = arena_strdup(a, code);
		department_name(name, sizeof name, i);
		d->name = arena_strdup(a, name);
		d->hall_code = "H";
		d->address = d->phone = d->hours = "";
		h->departments[i] = d;
	}
	cat->n_items = ITEMS;
	cat->items = xcalloc(ITEMS, sizeof *cat->items);
	for (i = 0; i < ITEMS; i++) {
		Banshi__V1__Item	*it = arena_alloc(a, sizeof *it);
		Banshi__V1__ItemSummary	*s = arena_alloc(a, sizeof *s);
		Banshi__V1__Guide	*g = arena_alloc(a, sizeof *g);

		banshi__v1__item__init(it);
		banshi__v1__item_summary__init(s);
		banshi__v1__guide__init(g);
		name[0] = '\0';
		n = 2 + rand() % 3;
		for (j = 0; j < n; j++)
			strcat(name, words[rand() % NWORDS]);
		snprintf(code, sizeof code, "ITEM-%06d", i);
		s->code = arena_strdup(a, code);
		s->name = arena_strdup(a, name);
		s->kind = BANSHI__V1__ITEM_KIND__ITEM_KIND_APPROVAL;
		s->department_code = h->departments[i % DEPTS]->code;
		s->department_name = h->departments[i % DEPTS]->name;
		s->hall_name = h->name;
		it->summary = s;
		it->guide = g;
		it->keywords = arena_array(a, 1, sizeof *it->keywords);
		it->keywords[0] = (char *)words[rand() % NWORDS];
		it->n_keywords = 1;
		cat->items[i] = it;
	}
	return (cat);
}

/* A random query of class c (every character is 3-byte CJK). */
static void
query(char *out, size_t len, const struct query_class *c)
{
	char	buf[64];
	int	from = 0, n;

	switch (c->kind) {
	case QUERY_WORDS:
	case QUERY_INSIDE:
		snprintf(buf, sizeof buf, "%s%s", words[rand() % NWORDS],
		    words[rand() % NWORDS]);
		from = c->kind == QUERY_INSIDE;
		break;
	case QUERY_DEPARTMENT:
		department_name(buf, sizeof buf, rand() % DEPTS);
		n = (int)strlen(buf) / 3;
		from = rand() % (n - c->chars + 1);
		break;
	}
	snprintf(out, len, "%.*s", 3 * c->chars, buf + 3 * from);
}

/* The codes of the first page of q through the index; the count. */
static int
by_index(const char *q, char codes[][16])
{
	Banshi__V1__ItemPage	page;
	int			i, n;

	if (catalog_search(q, NULL, 0, PAGE, &page) != 0)
		return (0);
	n = (int)page.n_items;
	for (i = 0; codes != NULL && i < n; i++)
		snprintf(codes[i], sizeof codes[i], "%s", page.items[i]->code);
	catalog_page_free(&page);
	return (n);
}

/* The baseline: the same rows, the same order, found by a LIKE scan. */
static int
by_like(const char *q, char codes[][16])
{
	static const char *sql =
	    "SELECT summary, code, CASE WHEN name_lc = :q THEN 0"
	    " WHEN instr(name_lc, :q) = 1 THEN 1"
	    " WHEN instr(name_lc, :q) > 0 THEN 2 ELSE 3 END AS rank"
	    " FROM cat_item WHERE search_text LIKE '%' || :q || '%'"
	    " ORDER BY rank, name_lc, code LIMIT :l";
	sqlite3_stmt	*st;
	int		 n = 0;

	st = db_r(sql);
	db_bind_text(st, ":q", q);
	db_bind_int(st, ":l", PAGE);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (codes != NULL)
			snprintf(codes[n], sizeof codes[n], "%s",
			    sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	return (n);
}

/* p50 and p99 in microseconds of runs first pages; hits per page. */
static void
measure(int k, int runs, int (*fn)(const char *, char [][16]),
    double *p50, double *p99, double *hits)
{
	static double	lat[RUNS];
	double		t;
	char		q[64];
	long		n = 0;
	int		i;

	srand(42 + k);		/* both runs see the same queries */
	for (i = 0; i < runs; i++) {
		query(q, sizeof q, &classes[k]);
		t = now_us();
		n += fn(q, NULL);
		lat[i] = now_us() - t;
	}
	qsort(lat, (size_t)runs, sizeof lat[0], cmp_double);
	*p50 = lat[runs / 2];
	*p99 = lat[runs * 99 / 100];
	*hits = (double)n / runs;
}

/* Queries of class k whose first page differs from the LIKE scan's. */
static int
check(int k)
{
	char	q[64], a[PAGE][16], b[PAGE][16];
	int	i, j, na, nb, bad = 0;

	srand(42 + k);
	for (i = 0; i < CHECKS; i++) {
		query(q, sizeof q, &classes[k]);
		na = by_index(q, a);
		nb = by_like(q, b);
		for (j = 0; j < na && j < nb; j++)
			if (strcmp(a[j], b[j]) != 0)
				break;
		if (na != nb || j < na) {
			if (bad++ == 0)
				printf("  \"%s\": index and LIKE differ at "
				    "item %d of %d/%d\n", q, j, na, nb);
		}
	}
	return (bad);
}

int
main(void)
{
	struct catalog	*cat;
	char		 dir[] = "/tmp/banshi-bench-XXXXXX", path[64], err[256];
	double		 i50, i99, l50, l99, ih, lh, t;
	int		 bad = 0;
	size_t		 k;

	cfg = xcalloc(1, sizeof (struct config));
	if (mkdtemp(dir) == NULL)
		return (1);
	snprintf(path, sizeof path, "%s/bench.db", dir);
	if (db_open(path, 64 << 20, 1L << 30, err, sizeof err) == -1) {
		fprintf(stderr, "%s\n", err);
		return (1);
	}
	srand(1);
	cat = generate();
	t = now_us();
	db_exec("BEGIN IMMEDIATE");
	if (catalog_store(cat) == -1 || db_exec("COMMIT") == -1)
		return (1);
	printf("bench_search: %d items stored with their grams in %.0f ms\n",
	    ITEMS, (now_us() - t) / 1000);
	/* First, as a running server has them: statements, a warm cache. */
	for (k = 0; k < NCLASSES; k++)
		bad += check((int)k);
	printf("  first pages that differ from LIKE's: %d of %d\n", bad,
	    (int)(CHECKS * NCLASSES));
	printf("  first page of %d; index %d queries, LIKE %d\n", PAGE, RUNS,
	    RUNS_LIKE);
	printf("  %-8s %9s %9s   %9s %9s   %7s %7s   %5s\n", "query",
	    "index p50", "p99", "LIKE p50", "p99", "x p50", "x p99", "items");
	for (k = 0; k < NCLASSES; k++) {
		measure((int)k, RUNS, by_index, &i50, &i99, &ih);
		measure((int)k, RUNS_LIKE, by_like, &l50, &l99, &lh);
		printf("  %-8s %7.0fus %7.0fus   %7.0fus %7.0fus   "
		    "%6.1fx %6.1fx   %5.1f\n", classes[k].label, i50, i99,
		    l50, l99, l50 / i50, l99 / i99, ih);
	}
	db_close();
	catalog_free(cat);
	free(cfg);
	snprintf(err, sizeof err, "rm -rf %s", dir);
	return (system(err) == 0 && bad == 0 ? 0 : 1);
}
