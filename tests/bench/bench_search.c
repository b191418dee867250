/*
 * Catalogue search over a generated 10,000-item catalogue in a real SQLite
 * file: p50 and p99 latency of 1-, 2- and 4-character queries through the
 * gram index, beside a plain LIKE scan over the same rows as the baseline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server.h"
#include "xmalloc.h"

#define ITEMS	10000
#define RUNS	300

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

/* A catalogue of ITEMS items over 20 departments, names from words[]. */
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
	h->n_departments = 20;
	h->departments = arena_array(a, 20, sizeof *h->departments);
	for (i = 0; i < 20; i++) {
		Banshi__V1__Department *d = arena_alloc(a, sizeof *d);

		banshi__v1__department__init(d);
		snprintf(code, sizeof code, "D%02d", i);
		d->code = arena_strdup(a, code);
		snprintf(name, sizeof name, "市%s%s局", words[i], words[i + 20]);
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
		snprintf(code, sizeof code, "ITEM-%05d", i);
		s->code = arena_strdup(a, code);
		s->name = arena_strdup(a, name);
		s->kind = BANSHI__V1__ITEM_KIND__ITEM_KIND_APPROVAL;
		s->department_code = h->departments[i % 20]->code;
		s->department_name = h->departments[i % 20]->name;
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

/* The first n characters of a random word pair, as a query. */
static void
query(char *out, size_t len, int chars)
{
	char		buf[64];
	const char	*p;
	int		i;

	snprintf(buf, sizeof buf, "%s%s", words[rand() % NWORDS],
	    words[rand() % NWORDS]);
	for (p = buf, i = 0; i < chars && *p != '\0'; i++)
		p += 3;		/* every word is 3-byte CJK */
	snprintf(out, len, "%.*s", (int)(p - buf), buf);
}

/* p50 and p99 in microseconds of RUNS calls of fn. */
static void
measure(int chars, int (*fn)(const char *), double *p50, double *p99,
    long *hits)
{
	double	lat[RUNS], t;
	char	q[64];
	int	i;

	srand(42 + chars);	/* both runs see the same queries */
	*hits = 0;
	for (i = 0; i < RUNS; i++) {
		query(q, sizeof q, chars);
		t = now_us();
		*hits += fn(q);
		lat[i] = now_us() - t;
	}
	qsort(lat, RUNS, sizeof lat[0], cmp_double);
	*p50 = lat[RUNS / 2];
	*p99 = lat[RUNS * 99 / 100];
}

static int
by_index(const char *q)
{
	Banshi__V1__ItemPage	page;
	int			n;

	if (catalog_search(q, NULL, 0, 50, &page) != 0)
		return (0);
	n = (int)page.n_items;
	catalog_page_free(&page);
	return (n);
}

/* The baseline: the same rows, the same order, found by a LIKE scan. */
static int
by_like(const char *q)
{
	static const char *sql =
	    "SELECT summary, CASE WHEN name_lc = :q THEN 0"
	    " WHEN instr(name_lc, :q) = 1 THEN 1"
	    " WHEN instr(name_lc, :q) > 0 THEN 2 ELSE 3 END AS rank"
	    " FROM cat_item WHERE search_text LIKE '%' || :q || '%'"
	    " ORDER BY rank, name_lc, code LIMIT 50";
	sqlite3_stmt	*st;
	int		 n = 0;

	st = db_r(sql);
	db_bind_text(st, ":q", q);
	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	sqlite3_reset(st);
	return (n);
}

int
main(void)
{
	struct catalog	*cat;
	char		 dir[] = "/tmp/banshi-bench-XXXXXX", path[64], err[256];
	double		 i50, i99, l50, l99, t;
	long		 ih, lh;
	int		 chars[] = { 1, 2, 4 }, k;

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
	printf("  %-7s %10s %10s   %10s %10s   %7s %7s\n", "query",
	    "index p50", "p99", "LIKE p50", "p99", "x p50", "x p99");
	for (k = 0; k < 3; k++) {
		measure(chars[k], by_index, &i50, &i99, &ih);
		measure(chars[k], by_like, &l50, &l99, &lh);
		printf("  %d char  %8.0fus %8.0fus   %8.0fus %8.0fus   "
		    "%6.1fx %6.1fx\n", chars[k], i50, i99, l50, l99,
		    l50 / i50, l99 / i99);
		if (ih > lh)
			printf("  (index found more rows than LIKE: %ld vs "
			    "%ld)\n", ih, lh);
	}
	db_close();
	catalog_free(cat);
	free(cfg);
	snprintf(err, sizeof err, "rm -rf %s", dir);
	return (system(err) == 0 ? 0 : 1);
}
