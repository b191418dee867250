/* Unit tests for server/catalog.c: the demo catalogue and every load error. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "server.h"

/* Defined in banshid.c, which is not linked into unit tests. */
struct config *_Atomic cfg;
time_t		 server_started;

int
server_reload(char *err, size_t errlen)
{
	return (-1);
}

/* The demo catalogue; tests run from the top of the source tree. */
#define DEMO_DIR	"etc/catalog"

enum { F_CAL, F_REG, F_HALLS, F_ITEMS, F_COUNT };
static const char *const file_names[F_COUNT] = {
	"calendar.yaml", "regions.yaml", "halls.yaml", "items/a.yaml",
};

/*
 * A minimal valid catalogue.  The line numbers in the comments are the ones
 * the error tests below expect, so keep them in step.
 */
#define CALENDAR \
	"years:\n"					/* 1 */ \
	"  - year: 2026\n"				/* 2 */ \
	"    source: test\n"				/* 3 */ \
	"    holidays:\n"				/* 4 */ \
	"      - { name: 元旦, from: 2026-01-01, to: 2026-01-03 }\n" \
	"    workdays:\n"				/* 6 */ \
	"      - 2026-01-04\n"				/* 7 */

#define REGIONS \
	"regions:\n"					/* 1 */ \
	"  - code: \"341600000000\"\n"			/* 2 */ \
	"    name: 亳州市\n"				/* 3 */ \
	"    level: city\n"				/* 4 */ \
	"    children:\n"				/* 5 */ \
	"      - { code: \"341602000000\", name: 谯城区, level: county }\n"

#define HALLS \
	"halls:\n"					/* 1 */ \
	"  - code: SZT\n"				/* 2 */ \
	"    name: 市直厅\n"				/* 3 */ \
	"    region: \"341600000000\"\n"		/* 4 */ \
	"    departments:\n"				/* 5 */ \
	"      - code: SZT-CGJ\n"			/* 6 */ \
	"        name: 市城管执法局\n"			/* 7 */

#define ITEM_A \
	"  - code: A-001\n"				/* 2 */ \
	"    name: 大型户外广告设置许可\n"		/* 3 */ \
	"    kind: approval\n"				/* 4 */ \
	"    department: SZT-CGJ\n"			/* 5 */ \
	"    audience: [enterprise]\n"			/* 6 */ \
	"    keywords: [广告]\n"			/* 7 */ \
	"    guide:\n"					/* 8 */ \
	"      basis: 依据\n"				/* 9 */ \
	"      target: 对象\n"				/* 10 */ \
	"      conditions: 条件\n"			/* 11 */ \
	MATERIALS_A						\
	"      procedure: 程序\n"			/* 14 */ \
	"      limits: { legal: 20, promised: 10 }\n"	/* 15 */ \
	"      fees: 不收费\n"				/* 16 */ \
	"      contact: { address: 地址, phone: \"0558\" }\n"	/* 17 */ \
	"      channels: { online: true, booking: false }\n"	/* 18 */ \
	ITEM_A_FLOW ITEM_A_FORM

#define MATERIALS_A \
	"      materials:\n"				/* 12 */ \
	"        - { name: 申请表 }\n"			/* 13 */

#define ITEM_A_FLOW \
	"    flow:\n"					/* 19 */ \
	"      - { step: accept, name: 受理, post: accept, days: 1 }\n" \
	"      - { step: review, name: 审核, post: review, days: 4 }\n" \
	"      - { step: approve, name: 审批, post: approve, days: 3 }\n" \
	"      - { step: issue, name: 发证, post: issue, days: 2 }\n"

#define ITEM_A_FORM \
	"    form:\n"					/* 24 */ \
	"      - { name: applicant, label: 申请人, type: text, max: 100 }\n"

/* A second item for after ITEM_A (from line 26): merged steps, no form. */
#define ITEM_B \
	"  - code: B-001\n"				/* 26 */ \
	"    name: 户外招牌设置备案\n"			/* 27 */ \
	"    kind: approval\n"				/* 28 */ \
	"    department: SZT-CGJ\n"			/* 29 */ \
	"    audience: [enterprise]\n"			/* 30 */ \
	"    guide:\n"					/* 31 */ \
	"      basis: 依据\n"				/* 32 */ \
	"      target: 对象\n"				/* 33 */ \
	"      conditions: 条件\n"			/* 34 */ \
	"      materials: [{ name: 申请表 }]\n"		/* 35 */ \
	"      procedure: 程序\n"			/* 36 */ \
	"      limits: { legal: 20, promised: 10 }\n"	/* 37 */ \
	"      fees: 不收费\n"				/* 38 */ \
	"      contact: { address: 地址, phone: \"0558\" }\n"	/* 39 */ \
	"      channels: { online: false, booking: false }\n"	/* 40 */ \
	"    flow:\n"					/* 41 */ \
	"      - { step: [accept, review], name: 受审, post: accept,"	\
	" days: 1 }\n"							\
	"      - { step: [approve, issue], name: 批证, post: approve,"	\
	" days: 1 }\n"

/* A civic item (为民服务): prereview, then handle. */
#define CIVIC \
	"items:\n"					/* 1 */ \
	"  - code: C-001\n"				/* 2 */ \
	"    name: 流动人口居住证明\n"			/* 3 */ \
	"    kind: civic\n"				/* 4 */ \
	"    department: SZT-CGJ\n"			/* 5 */ \
	"    audience: [person]\n"			/* 6 */ \
	"    guide:\n"					/* 7 */ \
	"      basis: 依据\n"				/* 8 */ \
	"      target: 对象\n"				/* 9 */ \
	"      conditions: 条件\n"			/* 10 */ \
	"      materials: [{ name: 居民身份证 }]\n"	/* 11 */ \
	"      procedure: 程序\n"			/* 12 */ \
	"      limits: { legal: 5, promised: 3 }\n"	/* 13 */ \
	"      fees: 不收费\n"				/* 14 */ \
	"      contact: { address: 地址, phone: \"0558\" }\n"	/* 15 */ \
	"      channels: { online: true, booking: false }\n"	/* 16 */ \
	"    flow:\n"					/* 17 */ \
	"      - { step: prereview, name: 预审, post: prereview, days: 1 }\n" \
	"      - { step: handle, name: 办理, post: handle, days: 2 }\n"

/* A booking-only item (只预约): no materials, no flow, no form. */
#define BOOKING \
	"items:\n"					/* 1 */ \
	"  - code: D-001\n"				/* 2 */ \
	"    name: 机动车驾驶证核发\n"			/* 3 */ \
	"    kind: booking-only\n"			/* 4 */ \
	"    department: SZT-CGJ\n"			/* 5 */ \
	"    audience: [person]\n"			/* 6 */ \
	"    guide:\n"					/* 7 */ \
	"      basis: 依据\n"				/* 8 */ \
	"      target: 对象\n"				/* 9 */ \
	"      conditions: 条件\n"			/* 10 */ \
	"      procedure: 程序\n"			/* 11 */ \
	"      limits: { legal: 20, promised: 10 }\n"	/* 12 */ \
	"      fees: 不收费\n"				/* 13 */ \
	"      contact: { address: 地址, phone: \"0558\" }\n"	/* 14 */ \
	"      channels: { online: false, booking: true }\n"	/* 15 */

#define ITEMS	"items:\n" ITEM_A

#define E_APPROVAL_FLOW "the flow of approval must be accept, review, " \
	"approve, issue (neighbours may merge)"
#define E_CIVIC_FLOW	"the flow of civic must be prereview, handle"
#define E_FORMATS	"(jpg png pdf doc docx xls xlsx)"

static const char *const base_texts[F_COUNT] = {
	CALENDAR, REGIONS, HALLS, ITEMS,
};

static void
write_file(const char *dir, const char *name, const char *text)
{
	char	 path[1024];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL)
		fail_msg("cannot create %s", path);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* A new directory holding texts[i] as file_names[i]; the caller removes. */
static char *
make_dir(const char *const texts[F_COUNT])
{
	char	*dir, sub[1024];
	int	 i;

	dir = strdup("/tmp/banshi-test-catalog-XXXXXX");
	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/items", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	for (i = 0; i < F_COUNT; i++)
		if (texts[i] != NULL)
			write_file(dir, file_names[i], texts[i]);
	return (dir);
}

static int
remove_entry(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	return (remove(path));
}

static void
remove_dir(char *dir)
{
	nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* base with its only occurrence of old replaced by new; caller frees. */
static char *
subst(const char *base, const char *old, const char *new)
{
	const char	*p = strstr(base, old);
	char		*s;
	size_t		 n;

	if (p == NULL || strstr(p + 1, old) != NULL)
		fail_msg("\"%s\" is not in the text exactly once", old);
	n = strlen(base) - strlen(old) + strlen(new) + 1;
	s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "%.*s%s%s", (int)(p - base), base, new,
	    p + strlen(old));
	return (s);
}

/* Load the catalogue in dir that must be valid; catalog_free after. */
static struct catalog *
load_ok(const char *dir)
{
	struct catalog	*cat = NULL;
	char		 err[1024] = "";

	if (catalog_load(dir, &cat, err, sizeof err) != 0)
		fail_msg("catalog_load %s: %s", dir, err);
	assert_non_null(cat);
	return (cat);
}

/*
 * Load the base catalogue with file replaced by text (NULL: no such file);
 * 1 when it fails with "dir/file:line:col: msg" ("dir/file: msg" when line
 * is 0).  Prints the difference; asserts nothing, so callers can free first.
 */
static int
error_matches(int file, const char *text, int line, int col,
    const char *msg)
{
	const char	*texts[F_COUNT];
	struct catalog	*cat = (struct catalog *)1;
	char		*dir, err[1024], want[1024];
	int		 rc, i;

	for (i = 0; i < F_COUNT; i++)
		texts[i] = i == file ? text : base_texts[i];
	dir = make_dir(texts);
	memset(err, 0, sizeof err);
	rc = catalog_load(dir, &cat, err, sizeof err);
	if (line > 0)
		snprintf(want, sizeof want, "%s/%s:%d:%d: %s", dir,
		    file_names[file], line, col, msg);
	else
		snprintf(want, sizeof want, "%s/%s: %s", dir,
		    file_names[file], msg);
	if (rc == 0)
		catalog_free(cat);
	remove_dir(dir);
	if (rc == 0) {
		print_error("loaded, want error \"%s\"\n", want);
		return (0);
	}
	if (cat != NULL) {
		print_error("failed but *out is not NULL\n");
		return (0);
	}
	if (strcmp(err, want) != 0) {
		print_error("got  \"%s\"\nwant \"%s\"\n", err, want);
		return (0);
	}
	return (1);
}

static void
check_error(int file, const char *text, int line, int col, const char *msg)
{
	assert_true(error_matches(file, text, line, col, msg));
}

/* check_error on the base text of file with old replaced by new. */
static void
expect_error(int file, const char *old, const char *new, int line, int col,
    const char *msg)
{
	char	*text = subst(base_texts[file], old, new);
	int	 ok;

	ok = error_matches(file, text, line, col, msg);
	free(text);
	assert_true(ok);
}

/* The same for items/a.yaml built on base (ITEMS, CIVIC, BOOKING...). */
static void
expect_item_error(const char *base, const char *old, const char *new,
    int line, int col, const char *msg)
{
	char	*text = subst(base, old, new);
	int	 ok;

	ok = error_matches(F_ITEMS, text, line, col, msg);
	free(text);
	assert_true(ok);
}

/*
 * Load the base catalogue with file replaced by text; NULL (and the error
 * printed) when it does not load.  Free with catalog_free.
 */
static struct catalog *
load_variant(int file, const char *text)
{
	const char	*texts[F_COUNT];
	struct catalog	*cat = NULL;
	char		*dir, err[1024] = "";
	int		 i;

	for (i = 0; i < F_COUNT; i++)
		texts[i] = i == file ? text : base_texts[i];
	dir = make_dir(texts);
	if (catalog_load(dir, &cat, err, sizeof err) != 0)
		print_error("catalog_load: %s\n", err);
	remove_dir(dir);
	return (cat);
}

static const Banshi__V1__Item *
find_item(const struct catalog *cat, const char *name)
{
	size_t	i;

	for (i = 0; i < cat->n_items; i++)
		if (strcmp(cat->items[i]->summary->name, name) == 0)
			return (cat->items[i]);
	fail_msg("no item %s", name);
	return (NULL);
}

/* ---- the demo catalogue ------------------------------------------------ */

static void
test_catalog_load_demo(void **state)
{
	struct catalog			*cat = load_ok(DEMO_DIR);
	const struct cal_year		*cy;
	const Banshi__V1__Item		*it;

	assert_true(cat->n_items >= 40);
	assert_int_equal(cat->n_halls, 5);
	assert_non_null(cy = cal_year(&cat->cal, 2026));
	assert_int_equal(cy->n_holidays, 7);
	assert_int_equal(cy->n_work, 6);

	it = find_item(cat, "大型户外广告设置许可");
	assert_int_equal(it->summary->kind,
	    BANSHI__V1__ITEM_KIND__ITEM_KIND_APPROVAL);
	assert_true(it->guide->online);
	assert_true(it->summary->online);
	assert_true(it->n_form > 0);
	assert_true(it->guide->n_materials > 0);
	assert_string_equal(it->summary->department_name, "市城管执法局");

	it = find_item(cat, "流动人口居住证明");
	assert_int_equal(it->summary->kind,
	    BANSHI__V1__ITEM_KIND__ITEM_KIND_CIVIC);
	assert_int_equal(it->n_flow, 2);
	assert_int_equal(it->flow[0]->n_steps, 1);
	assert_int_equal(it->flow[0]->steps[0],
	    BANSHI__V1__STEP__STEP_PREREVIEW);
	assert_int_equal(it->flow[1]->n_steps, 1);
	assert_int_equal(it->flow[1]->steps[0],
	    BANSHI__V1__STEP__STEP_HANDLE);

	it = find_item(cat, "机动车驾驶证核发");
	assert_int_equal(it->summary->kind,
	    BANSHI__V1__ITEM_KIND__ITEM_KIND_BOOKING_ONLY);
	assert_int_equal(it->n_flow, 0);
	assert_int_equal(it->n_form, 0);
	assert_false(it->guide->online);
	assert_true(it->guide->booking);
	catalog_free(cat);
}

/* ---- a minimal catalogue ------------------------------------------------ */

static void
test_catalog_load_minimal(void **state)
{
	const char *const	 texts[F_COUNT] = { CALENDAR, REGIONS, HALLS,
				    "items:\n" ITEM_A ITEM_B };
	struct catalog		*cat;
	const Banshi__V1__Item	*it;
	const Banshi__V1__Hall	*h = NULL;
	const struct cal_year	*cy;
	char			*dir;

	dir = make_dir(texts);
	cat = load_ok(dir);
	remove_dir(dir);
	assert_int_equal(cat->n_files, 4);

	assert_int_equal(cat->cal.n_years, 1);
	cy = &cat->cal.years[0];
	assert_int_equal(cy->year, 2026);
	assert_string_equal(cy->source, "test");
	assert_int_equal(cy->n_holidays, 1);
	assert_string_equal(cy->holidays[0].name, "元旦");
	assert_int_equal(cy->holidays[0].from, 20454);
	assert_int_equal(cy->holidays[0].to, 20456);
	assert_int_equal(cy->n_off, 3);
	assert_int_equal(cy->n_work, 1);
	assert_int_equal(cy->work[0], 20457);

	assert_int_equal(cat->n_regions, 2);
	assert_string_equal(cat->regions[0].code, "341600000000");
	assert_null(cat->regions[0].parent);
	assert_int_equal(cat->regions[0].level,
	    BANSHI__V1__REGION_LEVEL__REGION_LEVEL_CITY);
	assert_string_equal(cat->regions[1].name, "谯城区");
	assert_string_equal(cat->regions[1].parent, "341600000000");
	assert_int_equal(cat->regions[1].level,
	    BANSHI__V1__REGION_LEVEL__REGION_LEVEL_COUNTY);

	assert_int_equal(cat->n_halls, 1);
	assert_string_equal(cat->halls[0]->code, "SZT");
	assert_string_equal(cat->halls[0]->address, "");
	assert_int_equal(cat->halls[0]->n_departments, 1);
	assert_non_null(catalog_department(cat, "SZT-CGJ", &h));
	assert_ptr_equal(h, cat->halls[0]);
	assert_null(catalog_department(cat, "SZT", NULL));

	assert_int_equal(cat->n_items, 2);
	it = cat->items[0];
	assert_string_equal(it->summary->code, "A-001");
	assert_string_equal(it->summary->name, "大型户外广告设置许可");
	assert_string_equal(it->summary->department_code, "SZT-CGJ");
	assert_string_equal(it->summary->department_name, "市城管执法局");
	assert_string_equal(it->summary->hall_name, "市直厅");
	assert_int_equal(it->summary->n_audience, 1);
	assert_int_equal(it->summary->audience[0],
	    BANSHI__V1__AUDIENCE__AUDIENCE_ENTERPRISE);
	assert_int_equal(it->summary->promised_limit, 10);
	assert_true(it->summary->online);
	assert_false(it->summary->booking);
	assert_int_equal(it->n_keywords, 1);
	assert_string_equal(it->keywords[0], "广告");
	assert_int_equal(it->guide->legal_limit, 20);
	assert_int_equal(it->guide->n_materials, 1);
	assert_true(it->guide->materials[0]->required);	/* defaults */
	assert_true(it->guide->materials[0]->main);
	assert_string_equal(it->guide->contact_hours, "");
	assert_int_equal(it->n_flow, 4);
	assert_int_equal(it->flow[2]->post, BANSHI__V1__POST__POST_APPROVE);
	assert_int_equal(it->flow[2]->days, 3);
	assert_int_equal(it->n_form, 1);
	assert_int_equal(it->form[0]->type,
	    BANSHI__V1__FIELD_TYPE__FIELD_TYPE_TEXT);
	assert_true(it->form[0]->has_max);
	assert_int_equal(it->form[0]->max, 100);
	assert_false(it->form[0]->has_min);
	assert_false(it->form[0]->required);

	/* Merged steps: accept+review, then approve+issue. */
	it = cat->items[1];
	assert_int_equal(it->n_flow, 2);
	assert_int_equal(it->flow[0]->n_steps, 2);
	assert_int_equal(it->flow[0]->steps[0], BANSHI__V1__STEP__STEP_ACCEPT);
	assert_int_equal(it->flow[0]->steps[1], BANSHI__V1__STEP__STEP_REVIEW);
	assert_int_equal(it->flow[1]->n_steps, 2);
	assert_int_equal(it->flow[1]->steps[0],
	    BANSHI__V1__STEP__STEP_APPROVE);
	assert_int_equal(it->flow[1]->steps[1], BANSHI__V1__STEP__STEP_ISSUE);
	catalog_free(cat);
}

static void
test_catalog_load_merged_approve_issue(void **state)
{
	struct catalog	*cat;
	char		*text;

	text = subst(ITEMS,
	    "      - { step: approve, name: 审批, post: approve, days: 3 }\n"
	    "      - { step: issue, name: 发证, post: issue, days: 2 }\n",
	    "      - { step: [approve, issue], name: 审批发证, post: approve,"
	    " days: 5 }\n");
	cat = load_variant(F_ITEMS, text);
	free(text);
	assert_non_null(cat);
	assert_int_equal(cat->items[0]->n_flow, 3);
	assert_int_equal(cat->items[0]->flow[2]->n_steps, 2);
	assert_int_equal(cat->items[0]->flow[2]->steps[0],
	    BANSHI__V1__STEP__STEP_APPROVE);
	assert_int_equal(cat->items[0]->flow[2]->steps[1],
	    BANSHI__V1__STEP__STEP_ISSUE);
	assert_string_equal(cat->items[0]->flow[2]->name, "审批发证");
	catalog_free(cat);
}

static void
test_catalog_load_civic_and_booking_only(void **state)
{
	struct catalog		*cat;
	const Banshi__V1__Item	*it;

	cat = load_variant(F_ITEMS, CIVIC);
	assert_non_null(cat);
	it = cat->items[0];
	assert_int_equal(it->summary->kind,
	    BANSHI__V1__ITEM_KIND__ITEM_KIND_CIVIC);
	assert_int_equal(it->n_flow, 2);
	assert_int_equal(it->flow[0]->post, BANSHI__V1__POST__POST_PREREVIEW);
	assert_int_equal(it->flow[1]->post, BANSHI__V1__POST__POST_HANDLE);
	catalog_free(cat);

	cat = load_variant(F_ITEMS, BOOKING);
	assert_non_null(cat);
	it = cat->items[0];
	assert_int_equal(it->summary->kind,
	    BANSHI__V1__ITEM_KIND__ITEM_KIND_BOOKING_ONLY);
	assert_int_equal(it->n_flow, 0);
	assert_int_equal(it->guide->n_materials, 0);
	assert_true(it->summary->booking);
	catalog_free(cat);
}

static void
test_catalog_load_form_field_kinds(void **state)
{
	struct catalog			*cat;
	const Banshi__V1__FormField	*f;
	char				*text;

	text = subst(ITEMS,
	    "      - { name: applicant, label: 申请人, type: text,"
	    " max: 100 }\n",
	    "      - { name: applicant, label: 申请人, type: text,"
	    " max: 100 }\n"
	    "      - { name: area, label: 面积, type: number, min: 1,"
	    " max: 10000, required: yes }\n"
	    "      - { name: ad_type, label: 类型, type: choice,"
	    " choices: [灯箱, 其他] }\n"
	    "      - { name: region, label: 所属区域, type: region }\n"
	    "      - { name: town, label: 乡镇, type: region, depth: town }\n");
	cat = load_variant(F_ITEMS, text);
	free(text);
	assert_non_null(cat);
	assert_int_equal(cat->items[0]->n_form, 5);
	f = cat->items[0]->form[1];
	assert_true(f->has_min && f->has_max);
	assert_int_equal(f->min, 1);
	assert_int_equal(f->max, 10000);
	assert_true(f->required);
	f = cat->items[0]->form[2];
	assert_int_equal(f->n_choices, 2);
	assert_string_equal(f->choices[1], "其他");
	f = cat->items[0]->form[3];
	assert_int_equal(f->depth,
	    BANSHI__V1__REGION_LEVEL__REGION_LEVEL_VILLAGE);
	f = cat->items[0]->form[4];
	assert_int_equal(f->depth, BANSHI__V1__REGION_LEVEL__REGION_LEVEL_TOWN);
	catalog_free(cat);
}

/* Block text keeps its inner line breaks and loses the trailing ones. */
static void
test_catalog_load_long_text_trailing_newline(void **state)
{
	struct catalog	*cat;
	char		*text;

	text = subst(ITEMS, "      basis: 依据\n",
	    "      basis: |\n        第一条\n        第二条\n\n");
	cat = load_variant(F_ITEMS, text);
	free(text);
	assert_non_null(cat);
	assert_string_equal(cat->items[0]->guide->basis, "第一条\n第二条");
	catalog_free(cat);
}

static void
test_catalog_load_name_of_100_characters(void **state)
{
	struct catalog	*cat;
	char		 line[512], *text;
	int		 i;

	strcpy(line, "    name: ");
	for (i = 0; i < 100; i++)
		strcat(line, "许");
	strcat(line, "\n");
	text = subst(ITEMS, "    name: 大型户外广告设置许可\n", line);
	cat = load_variant(F_ITEMS, text);
	free(text);
	assert_non_null(cat);
	assert_int_equal(strlen(cat->items[0]->summary->name), 300);
	catalog_free(cat);
}

/* ---- the directory ------------------------------------------------------ */

static void
test_catalog_load_without_items_dir(void **state)
{
	const char *const	 texts[F_COUNT] = { CALENDAR, REGIONS, HALLS,
				    NULL };
	struct catalog		*cat = (struct catalog *)1;
	char			*dir, sub[1024], err[1024] = "", want[1024];
	int			 rc;

	dir = make_dir(texts);
	snprintf(sub, sizeof sub, "%s/items", dir);
	assert_int_equal(rmdir(sub), 0);
	rc = catalog_load(dir, &cat, err, sizeof err);
	snprintf(want, sizeof want, "%s/items: cannot read the directory",
	    dir);
	remove_dir(dir);
	assert_int_equal(rc, -1);
	assert_null(cat);
	assert_string_equal(err, want);
}

static void
test_catalog_load_missing_file(void **state)
{
	check_error(F_CAL, NULL, 0, 0, "cannot read the file");
	check_error(F_HALLS, NULL, 0, 0, "cannot read the file");
}

static void
test_catalog_load_items_in_name_order(void **state)
{
	const char *const	 texts[F_COUNT] = { CALENDAR, REGIONS, HALLS,
				    NULL };
	struct catalog		*cat;
	char			*dir, *b;

	dir = make_dir(texts);
	b = subst(ITEMS, "A-001", "B-001");
	/* Created in the opposite order; 10 sorts before 9 by name. */
	write_file(dir, "items/b.yaml", b);
	free(b);
	b = subst(ITEMS, "A-001", "C-010");
	write_file(dir, "items/10.yml", b);
	free(b);
	b = subst(ITEMS, "A-001", "C-009");
	write_file(dir, "items/9.yaml", b);
	free(b);
	write_file(dir, "items/a.yaml", ITEMS);
	cat = load_ok(dir);
	remove_dir(dir);
	assert_int_equal(cat->n_items, 4);
	assert_int_equal(cat->n_files, 3 + 4);
	assert_string_equal(cat->items[0]->summary->code, "C-010");
	assert_string_equal(cat->items[1]->summary->code, "C-009");
	assert_string_equal(cat->items[2]->summary->code, "A-001");
	assert_string_equal(cat->items[3]->summary->code, "B-001");
	catalog_free(cat);
}

/* The first file by name reports, even if another was written first. */
static void
test_catalog_load_first_error_by_name(void **state)
{
	const char *const	 texts[F_COUNT] = { CALENDAR, REGIONS, HALLS,
				    NULL };
	struct catalog		*cat = NULL;
	char			*dir, *t, err[1024] = "", want[1024];
	int			 rc;

	dir = make_dir(texts);
	t = subst(ITEMS, "kind: approval", "kind: x");
	write_file(dir, "items/b.yaml", t);
	free(t);
	t = subst(ITEMS, "kind: approval", "kind: y");
	write_file(dir, "items/a.yaml", t);
	free(t);
	rc = catalog_load(dir, &cat, err, sizeof err);
	snprintf(want, sizeof want, "%s/items/a.yaml:4:11: unknown kind 'y'",
	    dir);
	remove_dir(dir);
	assert_int_equal(rc, -1);
	assert_string_equal(err, want);
}

static void
test_catalog_load_ignores_other_files(void **state)
{
	const char *const	 texts[F_COUNT] = { CALENDAR, REGIONS, HALLS,
				    ITEMS };
	struct catalog		*cat;
	char			*dir, sub[1024];

	dir = make_dir(texts);
	write_file(dir, "items/README", "not: [yaml\n");
	write_file(dir, "items/b.yaml.orig", "not: [yaml\n");
	write_file(dir, "items/b.yaml~", "not: [yaml\n");
	write_file(dir, "items/.c.yaml", "not: [yaml\n");
	write_file(dir, "items/.yaml", "not: [yaml\n");
	write_file(dir, "items/notes.txt", "items: []\n");
	snprintf(sub, sizeof sub, "%s/items/old", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(dir, "items/old/z.yaml", "not: [yaml\n");
	cat = load_ok(dir);
	remove_dir(dir);
	assert_int_equal(cat->n_items, 1);
	assert_int_equal(cat->n_files, 4);
	catalog_free(cat);
}

/* ---- YAML and generic value errors -------------------------------------- */

static void
test_catalog_load_yaml_syntax_error(void **state)
{
	expect_item_error(ITEMS, "    name: 大型", "   name: 大型", 3, 4,
	    "did not find expected '-' indicator");
	expect_error(F_CAL, "    holidays:\n", "    holidays: [\n", 5, 7,
	    "did not find expected node content");
}

/* A readable file with nothing in it is not "cannot read the file". */
static void
test_catalog_load_empty_items_file(void **state)
{
	check_error(F_ITEMS, "---\n", 1, 1,
	    "expected a mapping with 'items'");
	check_error(F_ITEMS, "# nothing yet\n", 1, 1,
	    "the file holds no YAML document");
	check_error(F_ITEMS, "", 1, 1, "the file holds no YAML document");
}

static void
test_catalog_load_top_level_shape(void **state)
{
	check_error(F_ITEMS, "- code: A\n", 1, 3,
	    "expected a mapping with 'items'");
	check_error(F_ITEMS, "item: []\n", 1, 1, "unknown key 'item'");
	check_error(F_ITEMS, "items: { a: 1 }\n", 1, 10,
	    "'items' must be a list");
	check_error(F_HALLS, "halls: x\n", 1, 8, "'halls' must be a list");
	check_error(F_ITEMS, "items:\n  - A-001\n", 2, 5,
	    "expected a mapping");
}

static void
test_catalog_load_unknown_key(void **state)
{
	expect_item_error(ITEMS, "    keywords:", "    keyword:", 7, 5,
	    "unknown key 'keyword'");
	expect_item_error(ITEMS, "promised: 10 }", "promised: 10, extra: 1 }",
	    15, 42, "unknown key 'extra'");
	expect_error(F_HALLS, "    name: 市直厅\n",
	    "    name: 市直厅\n    phone: \"1\"\n", 4, 5,
	    "unknown key 'phone'");
	expect_error(F_CAL, "    source: test\n", "    sources: test\n", 3, 5,
	    "unknown key 'sources'");
	expect_error(F_REG, "    level: city\n", "    levels: city\n", 4, 5,
	    "unknown key 'levels'");
}

/*
 * Run check_error in a child, so that a crash (ASan stops the process)
 * fails this test and not the whole file.
 */
static int
error_matches_in_child(int file, const char *text, int line, int col,
    const char *msg)
{
	pid_t	pid;
	int	status;

	fflush(NULL);
	if ((pid = fork()) == -1)
		return (0);
	if (pid == 0)
		_exit(error_matches(file, text, line, col, msg) ? 0 : 1);
	if (waitpid(pid, &status, 0) != pid)
		return (0);
	if (WIFSIGNALED(status))
		print_error("the load was killed by signal %d\n",
		    WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0)
		print_error("the load failed or crashed (exit %d)\n",
		    WEXITSTATUS(status));
	return (WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* categories' table of keys has no NULL at its end. */
static void
test_catalog_load_unknown_category_key(void **state)
{
	char	*text;
	int	 ok;

	text = subst(ITEMS, "    keywords: [广告]\n",
	    "    categories: { person_stages: [出生] }\n");
	ok = error_matches_in_child(F_ITEMS, text, 7, 19,
	    "unknown key 'person_stages'");
	free(text);
	assert_true(ok);
}

/* A missing key is reported where its mapping starts. */
static void
test_catalog_load_missing_required_key(void **state)
{
	expect_item_error(ITEMS, "    name: 大型户外广告设置许可\n", "", 2, 5,
	    "missing 'name'");
	expect_item_error(ITEMS, "      fees: 不收费\n", "", 9, 7,
	    "missing 'fees'");
	expect_item_error(ITEMS, "      limits: { legal: 20, promised: 10 }\n",
	    "", 9, 7, "missing 'limits'");
	expect_item_error(ITEMS, "{ legal: 20, promised: 10 }",
	    "{ legal: 20 }", 15, 17, "missing 'promised'");
	expect_item_error(ITEMS, "      contact: { address: 地址, phone: "
	    "\"0558\" }\n", "", 9, 7, "missing 'contact'");
	expect_item_error(ITEMS, ", phone: \"0558\" }", " }", 17, 18,
	    "missing 'phone'");
	expect_item_error(ITEMS, "      channels: { online: true, booking: "
	    "false }\n", "", 9, 7, "missing 'channels'");
	expect_item_error(ITEMS, "    audience: [enterprise]\n", "", 2, 5,
	    "missing 'audience'");
	expect_item_error(ITEMS, "    department: SZT-CGJ\n", "", 2, 5,
	    "missing 'department'");
	expect_item_error(ITEMS, "    name: 大型户外广告设置许可\n",
	    "    name: \"\"\n", 2, 5, "missing 'name'");
	expect_item_error(ITEMS, "days: 3 }", "}", 22, 11, "missing 'days'");
	expect_item_error(ITEMS, "{ step: accept, ", "{ ", 20, 11,
	    "missing 'step'");
	expect_error(F_CAL, "  - year: 2026\n    source: test\n",
	    "  - source: test\n", 2, 5, "missing 'year'");
	expect_error(F_CAL, "    holidays:\n"
	    "      - { name: 元旦, from: 2026-01-01, to: 2026-01-03 }\n", "",
	    2, 5, "missing 'holidays'");
	expect_error(F_HALLS, "    region: \"341600000000\"\n", "", 2, 5,
	    "missing 'region'");
	expect_error(F_HALLS, "    departments:\n      - code: SZT-CGJ\n"
	    "        name: 市城管执法局\n", "", 2, 5,
	    "missing 'departments'");
}

static void
test_catalog_load_missing_guide(void **state)
{
	char	*text;
	int	 ok;

	/* Cut from "guide:" to the end of the guide (lines 8 to 18). */
	text = strdup(ITEMS);
	assert_non_null(text);
	memmove(strstr(text, "    guide:\n"), strstr(text, "    flow:\n"),
	    strlen(strstr(text, "    flow:\n")) + 1);
	ok = error_matches(F_ITEMS, text, 2, 5, "missing 'guide'");
	free(text);
	assert_true(ok);
}

/*
 * Enumerated keys are required too: a missing kind should read like any
 * other missing key, at the item, not "unknown kind ''" at line 1.
 */
static void
test_catalog_load_missing_kind(void **state)
{
	expect_item_error(ITEMS, "    kind: approval\n", "", 2, 5,
	    "missing 'kind'");
}

/* The same for the other words and dates looked up in a table. */
static void
test_catalog_load_missing_post_type_level_date(void **state)
{
	expect_item_error(ITEMS, "name: 审批, post: approve, days: 3",
	    "name: 审批, days: 3", 22, 11, "missing 'post'");
	expect_item_error(ITEMS, "type: text, ", "", 25, 11,
	    "missing 'type'");
	expect_error(F_REG, ", level: county", "", 6, 11, "missing 'level'");
	expect_error(F_CAL, ", to: 2026-01-03", "", 5, 11, "missing 'to'");
}

static void
test_catalog_load_wrong_type(void **state)
{
	expect_item_error(ITEMS, "    name: 大型户外广告设置许可\n",
	    "    name: [大型, 广告]\n", 3, 12, "'name' must be text");
	expect_item_error(ITEMS, "      basis: 依据\n",
	    "      basis: { a: b }\n", 9, 16, "'basis' must be text");
	expect_item_error(ITEMS, "    audience: [enterprise]",
	    "    audience: enterprise", 6, 15, "'audience' must be a list");
	expect_item_error(ITEMS, "    keywords: [广告]", "    keywords: 广告",
	    7, 15, "'keywords' must be a list");
	expect_item_error(ITEMS, "    keywords: [广告]",
	    "    keywords: [[广告]]", 7, 17,
	    "'keywords': each entry must be a short line of text");
	expect_item_error(ITEMS, "    keywords: [广告]",
	    "    keywords: [广告, \"\"]", 7, 21,
	    "'keywords': each entry must be a short line of text");
	expect_item_error(ITEMS, "days: 4 }", "days: [4] }", 21, 56,
	    "'days' must be a number");
	expect_item_error(ITEMS, "days: 4 }", "days: 4x }", 21, 55,
	    "'days' must be a number from 0 to 365");
	expect_item_error(ITEMS, "days: 4 }", "days: 366 }", 21, 55,
	    "'days' must be a number from 0 to 365");
	expect_item_error(ITEMS, "days: 4 }", "days: -1 }", 21, 55,
	    "'days' must be a number from 0 to 365");
	expect_item_error(ITEMS, "{ online: true,", "{ online: maybe,", 18,
	    27, "'online' must be true or false");
	expect_item_error(ITEMS, MATERIALS_A,
	    "      materials: 申请表\n", 12, 18, "'materials' must be a list");
	expect_item_error(ITEMS, ITEM_A_FLOW, "    flow: { step: accept }\n",
	    19, 13, "'flow' must be a list");
	expect_error(F_CAL, "  - year: 2026", "  - year: 1899", 2, 11,
	    "'year' must be a number from 1900 to 9999");
	expect_error(F_CAL, "  - year: 2026", "  - year: \"\"", 2, 12,
	    "'year' must be a number");
}

static void
test_catalog_load_bad_text(void **state)
{
	expect_item_error(ITEMS, "    name: 大型户外广告设置许可\n",
	    "    name: 大型\xff\n", 3, 11, "plain scalar is malformed UTF8");
	expect_item_error(ITEMS, "    name: 大型户外广告设置许可\n",
	    "    name: \"大型\\x01\"\n", 3, 12, "'name': control character");
	expect_item_error(ITEMS, "    name: 大型户外广告设置许可\n",
	    "    name: \"大型\\t\"\n", 3, 12, "'name': control character");
	expect_item_error(ITEMS, "    name: 大型户外广告设置许可\n",
	    "    name: \"大型\\n广告\"\n", 3, 12, "'name': control character");
	expect_item_error(ITEMS, "    name: 大型户外广告设置许可\n",
	    "    name: \"大型\\u202e广告\"\n", 3, 12,
	    "'name': bidirectional control character");
	expect_item_error(ITEMS, "    name: 大型户外广告设置许可\n",
	    "    name: \"大型\\u200b广告\"\n", 3, 12,
	    "'name': invisible character");
	expect_item_error(ITEMS, "      basis: 依据\n",
	    "      basis: \"依据\\x7f\"\n", 9, 15,
	    "'basis': control character");
	expect_item_error(ITEMS, "    keywords: [广告]",
	    "    keywords: [\"广\\x01告\"]", 7, 17,
	    "'keywords': each entry must be a short line of text");
	expect_error(F_HALLS, "        name: 市城管执法局\n",
	    "        name: \"市城管\\u2066执法局\"\n", 7, 16,
	    "'name': bidirectional control character");
}

static void
test_catalog_load_name_too_long(void **state)
{
	char	line[512];
	int	i;

	strcpy(line, "    name: ");
	for (i = 0; i < 101; i++)
		strcat(line, "许");
	strcat(line, "\n");
	expect_item_error(ITEMS, "    name: 大型户外广告设置许可\n", line, 3,
	    11, "'name': too long");
	expect_error(F_HALLS, "        name: 市城管执法局\n",
	    "        name: 一二三四五六七八九十一二三四五六七八九十"
	    "一二三四五六七八九十一二三四五六七八九十一\n", 7, 15,
	    "'name': too long");
}

static void
test_catalog_load_bad_code(void **state)
{
	expect_item_error(ITEMS, "code: A-001", "code: a-001", 2, 11,
	    "'code' must be upper-case letters, digits and '-' "
	    "(got \"a-001\")");
	expect_item_error(ITEMS, "code: A-001", "code: A_001", 2, 11,
	    "'code' must be upper-case letters, digits and '-' "
	    "(got \"A_001\")");
	expect_item_error(ITEMS, "code: A-001", "code: 事项-001", 2, 11,
	    "'code' must be upper-case letters, digits and '-' "
	    "(got \"事项-001\")");
	expect_item_error(ITEMS, "code: A-001",
	    "code: A1234567890123456789012345678901234567890", 2, 11,
	    "'code': too long");
	expect_error(F_HALLS, "  - code: SZT\n", "  - code: S Z\n", 2, 11,
	    "'code' must be upper-case letters, digits and '-' "
	    "(got \"S Z\")");
	expect_error(F_HALLS, "code: SZT-CGJ", "code: SZT-CGJ-"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 6, 15, "'code': too long");
}

/* ---- calendar.yaml ------------------------------------------------------ */

static void
test_catalog_load_holiday_ends_before_start(void **state)
{
	expect_error(F_CAL, "to: 2026-01-03", "to: 2025-12-31", 5, 43,
	    "2025-12-31 is not in 2026");
	expect_error(F_CAL, "from: 2026-01-01, to: 2026-01-03",
	    "from: 2026-01-03, to: 2026-01-01", 5, 11,
	    "holiday '元旦' ends before it starts");
}

static void
test_catalog_load_date_outside_year(void **state)
{
	expect_error(F_CAL, "from: 2026-01-01", "from: 2025-12-31", 5, 27,
	    "2025-12-31 is not in 2026");
	expect_error(F_CAL, "      - 2026-01-04\n", "      - 2027-01-02\n", 7,
	    9, "2027-01-02 is not in 2026");
}

static void
test_catalog_load_bad_date(void **state)
{
	expect_error(F_CAL, "from: 2026-01-01", "from: 2026-02-30", 5, 27,
	    "expected a date YYYY-MM-DD");
	expect_error(F_CAL, "from: 2026-01-01", "from: 2026-1-1", 5, 27,
	    "expected a date YYYY-MM-DD");
	expect_error(F_CAL, "from: 2026-01-01", "from: [2026-01-01]", 5, 28,
	    "expected a date YYYY-MM-DD");
	expect_error(F_CAL, "      - 2026-01-04\n", "      - 元旦\n", 7, 9,
	    "expected a date YYYY-MM-DD");
}

static void
test_catalog_load_workday_on_weekday(void **state)
{
	expect_error(F_CAL, "      - 2026-01-04\n", "      - 2026-01-05\n", 7,
	    9, "2026-01-05 is not a weekend day, so it cannot be a make-up "
	    "working day");
}

static void
test_catalog_load_holiday_and_workday(void **state)
{
	/* Saturday 3 Jan is inside 元旦. */
	expect_error(F_CAL, "      - 2026-01-04\n",
	    "      - 2026-01-04\n      - 2026-01-03\n", 8, 9,
	    "2026-01-03 is both a holiday and a working day");
}

static void
test_catalog_load_year_twice(void **state)
{
	char	*text;
	int	 ok;

	text = malloc(2 * sizeof CALENDAR);
	assert_non_null(text);
	snprintf(text, 2 * sizeof CALENDAR, "%s%s", CALENDAR,
	    strstr(CALENDAR, "  - year"));
	ok = error_matches(F_CAL, text, 8, 5, "year 2026 appears twice");
	free(text);
	assert_true(ok);
}

/*
 * Holidays may overlap (a sloppy file, or two names for one break).  The
 * days off are kept in room for 367 days, so two whole-year holidays write
 * 730 entries over whatever the arena put after them: the holiday names.
 * Either refuse the file or keep it intact.
 */
static void
test_catalog_load_overlapping_holidays_no_overrun(void **state)
{
	struct catalog	*cat = NULL;
	char		*text, *dir, err[1024] = "", want[1024];
	const char	*texts[F_COUNT] = { NULL, REGIONS, HALLS, ITEMS };
	int		 rc, ok;

	text = subst(CALENDAR,
	    "      - { name: 元旦, from: 2026-01-01, to: 2026-01-03 }\n",
	    "      - { name: 甲, from: 2026-01-01, to: 2026-12-31 }\n"
	    "      - { name: 乙, from: 2026-01-01, to: 2026-12-31 }\n"
	    "      - { name: 丙, from: 2026-01-01, to: 2026-12-31 }\n");
	texts[F_CAL] = subst(text, "    workdays:\n      - 2026-01-04\n", "");
	free(text);
	dir = make_dir(texts);
	free((char *)texts[F_CAL]);
	rc = catalog_load(dir, &cat, err, sizeof err);
	snprintf(want, sizeof want, "%s/calendar.yaml:6:", dir);
	remove_dir(dir);
	if (rc == -1) {
		/* Refused: at the second holiday, the first that overlaps. */
		if (strncmp(err, want, strlen(want)) != 0)
			fail_msg("got \"%s\", want \"%s...\"", err, want);
		return;
	}
	ok = cat->cal.years[0].n_holidays == 3 &&
	    strcmp(cat->cal.years[0].holidays[0].name, "甲") == 0 &&
	    strcmp(cat->cal.years[0].holidays[1].name, "乙") == 0 &&
	    strcmp(cat->cal.years[0].holidays[2].name, "丙") == 0 &&
	    cat->cal.years[0].n_off <= 366;
	if (!ok)
		print_error("names \"%s\" \"%s\" \"%s\", %zu days off\n",
		    cat->cal.years[0].holidays[0].name,
		    cat->cal.years[0].holidays[1].name,
		    cat->cal.years[0].holidays[2].name,
		    cat->cal.years[0].n_off);
	catalog_free(cat);
	assert_true(ok);
}

/* ---- regions.yaml and halls.yaml ---------------------------------------- */

static void
test_catalog_load_region_code_not_12_digits(void **state)
{
	expect_error(F_REG, "code: \"341602000000\"", "code: \"34160200000\"",
	    6, 18, "a region code has 12 digits (got \"34160200000\")");
	expect_error(F_REG, "code: \"341602000000\"", "code: \"34160200000X\"",
	    6, 18, "a region code has 12 digits (got \"34160200000X\")");
	expect_error(F_REG, "code: \"341602000000\"",
	    "code: \"3416020000001\"", 6, 18, "'code': too long");
}

static void
test_catalog_load_region_twice(void **state)
{
	expect_error(F_REG, "code: \"341602000000\"", "code: \"341600000000\"",
	    6, 11, "region 341600000000 appears twice");
}

static void
test_catalog_load_region_level_order(void **state)
{
	expect_error(F_REG, "level: county", "level: city", 6, 11,
	    "a city cannot be under a city");
	expect_error(F_REG, "    level: city\n", "    level: town\n", 6, 11,
	    "a county cannot be under a town");
	expect_error(F_REG, "level: county", "level: district", 6, 51,
	    "unknown level 'district'");
}

static void
test_catalog_load_unknown_region(void **state)
{
	expect_error(F_HALLS, "    region: \"341600000000\"",
	    "    region: \"341699000000\"", 4, 14,
	    "no region 341699000000 in regions.yaml");
}

static void
test_catalog_load_duplicate_hall_code(void **state)
{
	check_error(F_HALLS, HALLS
	    "  - code: SZT\n"						/* 8 */
	    "    name: 另一厅\n"
	    "    region: \"341602000000\"\n"
	    "    departments: []\n", 8, 5, "code SZT is used twice");
	/* A hall code may not repeat a department's either. */
	check_error(F_HALLS, HALLS
	    "  - code: SZT-CGJ\n"					/* 8 */
	    "    name: 另一厅\n"
	    "    region: \"341602000000\"\n"
	    "    departments: []\n", 8, 5, "code SZT-CGJ is used twice");
}

static void
test_catalog_load_duplicate_department_code(void **state)
{
	expect_error(F_HALLS, "        name: 市城管执法局\n",
	    "        name: 市城管执法局\n"
	    "      - code: SZT-CGJ\n"
	    "        name: 市城管局\n", 8, 9, "code SZT-CGJ is used twice");
	/* Halls and departments share one space of codes. */
	expect_error(F_HALLS, "      - code: SZT-CGJ\n", "      - code: SZT\n",
	    6, 9, "code SZT is used twice");
}

/* ---- items -------------------------------------------------------------- */

static void
test_catalog_load_duplicate_item_code(void **state)
{
	char	*b, *text;
	int	 ok;

	b = subst(ITEMS, "items:\n", "");
	text = malloc(strlen(ITEMS) + strlen(b) + 1);
	assert_non_null(text);
	strcpy(text, ITEMS);
	strcat(text, b);
	free(b);
	ok = error_matches(F_ITEMS, text, 26, 5, "item A-001 appears twice");
	free(text);
	assert_true(ok);
}

static void
test_catalog_load_duplicate_item_code_across_files(void **state)
{
	const char *const	 texts[F_COUNT] = { CALENDAR, REGIONS, HALLS,
				    ITEMS };
	struct catalog		*cat = NULL;
	char			*dir, err[1024] = "", want[1024];
	int			 rc;

	dir = make_dir(texts);
	write_file(dir, "items/b.yaml", ITEMS);
	rc = catalog_load(dir, &cat, err, sizeof err);
	snprintf(want, sizeof want, "%s/items/b.yaml:2:5: item A-001 appears "
	    "twice", dir);
	remove_dir(dir);
	assert_int_equal(rc, -1);
	assert_string_equal(err, want);
}

static void
test_catalog_load_unknown_department(void **state)
{
	expect_item_error(ITEMS, "department: SZT-CGJ", "department: SZT-XXX",
	    5, 17, "no department SZT-XXX in halls.yaml");
	/* A hall code is not a department. */
	expect_item_error(ITEMS, "department: SZT-CGJ", "department: SZT", 5,
	    17, "no department SZT in halls.yaml");
}

static void
test_catalog_load_unknown_enum_words(void **state)
{
	expect_item_error(ITEMS, "kind: approval", "kind: permit", 4, 11,
	    "unknown kind 'permit'");
	expect_item_error(ITEMS, "{ step: review,", "{ step: check,", 21, 17,
	    "unknown step 'check'");
	expect_item_error(ITEMS, "post: review,", "post: boss,", 21, 41,
	    "unknown post 'boss'");
	expect_item_error(ITEMS, "type: text", "type: email", 25, 46,
	    "unknown field type 'email'");
	expect_item_error(ITEMS, "audience: [enterprise]",
	    "audience: [robot]", 6, 16, "unknown audience 'robot'");
	expect_item_error(ITEMS, "{ name: 申请表 }",
	    "{ name: 申请表, formats: [gif] }", 13, 34,
	    "unknown format 'gif' " E_FORMATS);
	expect_item_error(ITEMS, "{ step: review,", "{ step: [review, nap],",
	    21, 26, "unknown step 'nap'");
}

/* The error names the entry that is wrong, not the first of the list. */
static void
test_catalog_load_unknown_format_points_at_it(void **state)
{
	expect_item_error(ITEMS, "{ name: 申请表 }",
	    "{ name: 申请表, formats: [pdf, gif] }", 13, 39,
	    "unknown format 'gif' " E_FORMATS);
}

static void
test_catalog_load_approval_flow_out_of_order(void **state)
{
	expect_item_error(ITEMS,
	    "      - { step: accept, name: 受理, post: accept, days: 1 }\n"
	    "      - { step: review, name: 审核, post: review, days: 4 }\n",
	    "      - { step: review, name: 审核, post: review, days: 4 }\n"
	    "      - { step: accept, name: 受理, post: accept, days: 1 }\n",
	    2, 5, E_APPROVAL_FLOW);
	/* Missing the last step. */
	expect_item_error(ITEMS,
	    "      - { step: issue, name: 发证, post: issue, days: 2 }\n", "",
	    2, 5, E_APPROVAL_FLOW);
	/* No flow at all. */
	expect_item_error(ITEMS, ITEM_A_FLOW, "", 2, 5, E_APPROVAL_FLOW);
	expect_item_error(ITEMS, ITEM_A_FLOW, "    flow: []\n", 2, 5,
	    E_APPROVAL_FLOW);
	/* A step twice. */
	expect_item_error(ITEMS, "{ step: review,", "{ step: [review, review],",
	    2, 5, E_APPROVAL_FLOW);
	/* Merged out of order. */
	expect_item_error(ITEMS,
	    "      - { step: approve, name: 审批, post: approve, days: 3 }\n"
	    "      - { step: issue, name: 发证, post: issue, days: 2 }\n",
	    "      - { step: [issue, approve], name: 审批, post: approve,"
	    " days: 3 }\n", 2, 5, E_APPROVAL_FLOW);
	/* A civic step in an approval flow. */
	expect_item_error(ITEMS, "{ step: issue,", "{ step: handle,", 2, 5,
	    E_APPROVAL_FLOW);
}

static void
test_catalog_load_civic_flow_wrong(void **state)
{
	/* The approval flow on a civic item. */
	expect_item_error(ITEMS, "kind: approval", "kind: civic", 2, 5,
	    E_CIVIC_FLOW);
	expect_item_error(CIVIC,
	    "      - { step: handle, name: 办理, post: handle, days: 2 }\n",
	    "", 2, 5, E_CIVIC_FLOW);
	expect_item_error(CIVIC, "{ step: prereview,", "{ step: handle,", 2, 5,
	    E_CIVIC_FLOW);
	expect_item_error(CIVIC, "{ step: handle,", "{ step: [handle, "
	    "prereview],", 2, 5, E_CIVIC_FLOW);
}

static void
test_catalog_load_merged_step_empty(void **state)
{
	/* An empty list has no position of its own: its key is named. */
	expect_item_error(ITEMS, "{ step: review,", "{ step: [],", 21, 11,
	    "a merged step lists its steps");
}

static void
test_catalog_load_booking_only_with_flow(void **state)
{
	expect_item_error(BOOKING, "booking: true }\n", "booking: true }\n"
	    "    flow:\n"
	    "      - { step: accept, name: 受理, post: accept, days: 1 }\n",
	    2, 5, "a booking-only item has no flow");
}

static void
test_catalog_load_booking_only_online(void **state)
{
	expect_item_error(BOOKING, "online: false", "online: true", 2, 5,
	    "a booking-only item has channels online: false and booking: "
	    "true");
	expect_item_error(BOOKING, "booking: true", "booking: false", 2, 5,
	    "a booking-only item has channels online: false and booking: "
	    "true");
}

static void
test_catalog_load_flow_over_promised_limit(void **state)
{
	expect_item_error(ITEMS, "post: review, days: 4",
	    "post: review, days: 5", 2, 5, "the steps take 11 working days, "
	    "more than the promised limit of 10");
	expect_item_error(CIVIC, "promised: 3", "promised: 2", 2, 5,
	    "the steps take 3 working days, more than the promised limit "
	    "of 2");
}

static void
test_catalog_load_promised_over_legal(void **state)
{
	expect_item_error(ITEMS, "promised: 10 }", "promised: 30 }", 15, 17,
	    "the promised limit (30) is longer than the legal limit (20)");
	expect_item_error(ITEMS, "legal: 20,", "legal: 3651,", 15, 24,
	    "'legal' must be a number from 0 to 3650");
}

static void
test_catalog_load_form_field_rules(void **state)
{
	const char	*field =
	    "{ name: applicant, label: 申请人, type: text, max: 100 }";

	expect_item_error(ITEMS, field,
	    "{ name: kind, label: 类型, type: choice }", 25, 11,
	    "a choice field needs 'choices'");
	expect_item_error(ITEMS, field,
	    "{ name: kind, label: 类型, type: choice, choices: [] }", 25, 11,
	    "a choice field needs 'choices'");
	expect_item_error(ITEMS, field,
	    "{ name: kind, label: 类型, type: text, choices: [甲, 乙] }", 25,
	    11, "only a choice field has 'choices'");
	expect_item_error(ITEMS, field,
	    "{ name: applicant, label: 申请人, type: text, min: 1 }", 25, 11,
	    "only a number field has 'min'");
	expect_item_error(ITEMS, field,
	    "{ name: area, label: 面积, type: number, min: 10, max: 1 }", 25,
	    11, "'min' is above 'max'");
	expect_item_error(ITEMS, field,
	    "{ name: day, label: 日期, type: date, max: 1 }", 25, 11,
	    "'max' applies to number, text and address fields");
	expect_item_error(ITEMS, field,
	    "{ name: applicant, label: 申请人, type: text, depth: town }", 25,
	    11, "only a region field has 'depth'");
	expect_item_error(ITEMS, field,
	    "{ name: region, label: 区域, type: region, depth: city }", 25,
	    11, "depth is county, town or village");
	expect_item_error(ITEMS, field,
	    "{ name: region, label: 区域, type: region, depth: street }", 25,
	    57, "unknown depth 'street'");
	expect_item_error(ITEMS, field,
	    "{ name: Applicant, label: 申请人, type: text }", 25, 11,
	    "field name 'Applicant': lower-case ASCII letters, digits and "
	    "'_'");
	expect_item_error(ITEMS, field,
	    "{ name: area, label: 面积, type: number, min: 1.5 }", 25, 53,
	    "'min' must be a number from -1000000000 to 1000000000");
}

static void
test_catalog_load_duplicate_field_name(void **state)
{
	expect_item_error(ITEMS,
	    "      - { name: applicant, label: 申请人, type: text,"
	    " max: 100 }\n",
	    "      - { name: applicant, label: 申请人, type: text,"
	    " max: 100 }\n"
	    "      - { name: applicant, label: 姓名, type: text }\n", 26, 11,
	    "field 'applicant' appears twice");
}

static void
test_catalog_load_form_not_online(void **state)
{
	expect_item_error(ITEMS, "online: true, booking: false",
	    "online: false, booking: true", 25, 11,
	    "only an item filed online (channels: online) has a form");
}

static void
test_catalog_load_no_materials(void **state)
{
	expect_item_error(ITEMS, MATERIALS_A,
	    "", 2, 5, "an item filed with materials lists at least one");
	expect_item_error(ITEMS, MATERIALS_A,
	    "      materials: []\n", 2, 5,
	    "an item filed with materials lists at least one");
	expect_item_error(CIVIC, "      materials: [{ name: 居民身份证 }]\n",
	    "", 2, 5, "an item filed with materials lists at least one");
}

static void
test_catalog_load_duplicate_material(void **state)
{
	expect_item_error(ITEMS, "        - { name: 申请表 }\n",
	    "        - { name: 申请表 }\n"
	    "        - { name: 申请表, copies: 1 }\n",
	    2, 5, "material '申请表' appears twice");
}

static void
test_catalog_load_material_values(void **state)
{
	expect_item_error(ITEMS, "{ name: 申请表 }",
	    "{ name: 申请表, copies: 100 }", 13, 32,
	    "'copies' must be a number from 0 to 99");
	expect_item_error(ITEMS, "{ name: 申请表 }",
	    "{ name: 申请表, main: 1 }", 13, 30,
	    "'main' must be true or false");
	expect_item_error(ITEMS, "{ name: 申请表 }",
	    "{ name: 申请表, size: 1 }", 13, 24, "unknown key 'size'");
}

/* An empty list is reported where it is, not at line 1 column 1. */
static void
test_catalog_load_empty_audience(void **state)
{
	expect_item_error(ITEMS, "audience: [enterprise]", "audience: []", 6,
	    5, "name at least one audience");
}

/* Every refusal says why: a third audience must not fail silently. */
static void
test_catalog_load_too_many_audiences_has_message(void **state)
{
	const char *const	 texts[F_COUNT] = { CALENDAR, REGIONS, HALLS,
				    NULL };
	struct catalog		*cat = NULL;
	char			*dir, *text, err[1024], want[1024];
	int			 rc;

	text = subst(ITEMS, "audience: [enterprise]",
	    "audience: [person, enterprise, person]");
	dir = make_dir(texts);
	write_file(dir, "items/a.yaml", text);
	free(text);
	memset(err, 0, sizeof err);
	rc = catalog_load(dir, &cat, err, sizeof err);
	snprintf(want, sizeof want, "%s/items/a.yaml:6:", dir);
	remove_dir(dir);
	assert_int_equal(rc, -1);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("got \"%s\", want \"%s...\"", err, want);
}

static void
test_catalog_load_too_many_merged_steps_has_message(void **state)
{
	const char *const	 texts[F_COUNT] = { CALENDAR, REGIONS, HALLS,
				    NULL };
	struct catalog		*cat = NULL;
	char			*dir, *text, err[1024], want[1024];
	int			 rc;

	text = subst(ITEMS, "{ step: review,", "{ step: [accept, review, "
	    "approve, issue, prereview, handle, accept],");
	dir = make_dir(texts);
	write_file(dir, "items/a.yaml", text);
	free(text);
	memset(err, 0, sizeof err);
	rc = catalog_load(dir, &cat, err, sizeof err);
	snprintf(want, sizeof want, "%s/items/a.yaml:21:", dir);
	remove_dir(dir);
	assert_int_equal(rc, -1);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("got \"%s\", want \"%s...\"", err, want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_load_demo),
		cmocka_unit_test(test_catalog_load_minimal),
		cmocka_unit_test(test_catalog_load_merged_approve_issue),
		cmocka_unit_test(test_catalog_load_civic_and_booking_only),
		cmocka_unit_test(test_catalog_load_form_field_kinds),
		cmocka_unit_test(test_catalog_load_long_text_trailing_newline),
		cmocka_unit_test(test_catalog_load_name_of_100_characters),
		cmocka_unit_test(test_catalog_load_without_items_dir),
		cmocka_unit_test(test_catalog_load_missing_file),
		cmocka_unit_test(test_catalog_load_items_in_name_order),
		cmocka_unit_test(test_catalog_load_first_error_by_name),
		cmocka_unit_test(test_catalog_load_ignores_other_files),
		cmocka_unit_test(test_catalog_load_yaml_syntax_error),
		cmocka_unit_test(test_catalog_load_empty_items_file),
		cmocka_unit_test(test_catalog_load_top_level_shape),
		cmocka_unit_test(test_catalog_load_unknown_key),
		cmocka_unit_test(test_catalog_load_unknown_category_key),
		cmocka_unit_test(test_catalog_load_missing_required_key),
		cmocka_unit_test(test_catalog_load_missing_guide),
		cmocka_unit_test(test_catalog_load_missing_kind),
		cmocka_unit_test(
		    test_catalog_load_missing_post_type_level_date),
		cmocka_unit_test(test_catalog_load_wrong_type),
		cmocka_unit_test(test_catalog_load_bad_text),
		cmocka_unit_test(test_catalog_load_name_too_long),
		cmocka_unit_test(test_catalog_load_bad_code),
		cmocka_unit_test(test_catalog_load_holiday_ends_before_start),
		cmocka_unit_test(test_catalog_load_date_outside_year),
		cmocka_unit_test(test_catalog_load_bad_date),
		cmocka_unit_test(test_catalog_load_workday_on_weekday),
		cmocka_unit_test(test_catalog_load_holiday_and_workday),
		cmocka_unit_test(test_catalog_load_year_twice),
		cmocka_unit_test(
		    test_catalog_load_overlapping_holidays_no_overrun),
		cmocka_unit_test(test_catalog_load_region_code_not_12_digits),
		cmocka_unit_test(test_catalog_load_region_twice),
		cmocka_unit_test(test_catalog_load_region_level_order),
		cmocka_unit_test(test_catalog_load_unknown_region),
		cmocka_unit_test(test_catalog_load_duplicate_hall_code),
		cmocka_unit_test(test_catalog_load_duplicate_department_code),
		cmocka_unit_test(test_catalog_load_duplicate_item_code),
		cmocka_unit_test(
		    test_catalog_load_duplicate_item_code_across_files),
		cmocka_unit_test(test_catalog_load_unknown_department),
		cmocka_unit_test(test_catalog_load_unknown_enum_words),
		cmocka_unit_test(
		    test_catalog_load_unknown_format_points_at_it),
		cmocka_unit_test(test_catalog_load_approval_flow_out_of_order),
		cmocka_unit_test(test_catalog_load_civic_flow_wrong),
		cmocka_unit_test(test_catalog_load_merged_step_empty),
		cmocka_unit_test(test_catalog_load_booking_only_with_flow),
		cmocka_unit_test(test_catalog_load_booking_only_online),
		cmocka_unit_test(test_catalog_load_flow_over_promised_limit),
		cmocka_unit_test(test_catalog_load_promised_over_legal),
		cmocka_unit_test(test_catalog_load_form_field_rules),
		cmocka_unit_test(test_catalog_load_duplicate_field_name),
		cmocka_unit_test(test_catalog_load_form_not_online),
		cmocka_unit_test(test_catalog_load_no_materials),
		cmocka_unit_test(test_catalog_load_duplicate_material),
		cmocka_unit_test(test_catalog_load_material_values),
		cmocka_unit_test(test_catalog_load_empty_audience),
		cmocka_unit_test(
		    test_catalog_load_too_many_audiences_has_message),
		cmocka_unit_test(
		    test_catalog_load_too_many_merged_steps_has_message),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
