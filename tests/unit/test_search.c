/*
 * Unit tests for server/catalog-db.c: catalogue search and browsing over a
 * real SQLite database holding tests/unit/data/search.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Tests run from the top of the source tree. */
#define FIXTURE		"tests/unit/data/search"
#define MAX_CODES	32

typedef Banshi__V1__ItemPage	ItemPage;

static char	db_dir[] = "/tmp/banshi-test-search-XXXXXX";
static char	db_path[sizeof db_dir + 16];

/* Store the fixture catalogue in a new database, as catalog_start does. */
static int
store_fixture(void)
{
	struct catalog	*cat;
	char		 err[1024] = "";

	if (catalog_load(FIXTURE, &cat, err, sizeof err) != 0) {
		print_error("catalog_load: %s\n", err);
		return (-1);
	}
	if (db_exec("BEGIN IMMEDIATE") == -1 || catalog_store(cat) == -1 ||
	    db_exec("COMMIT") == -1) {
		catalog_free(cat);
		return (-1);
	}
	catalog_free(cat);
	return (0);
}

static int
group_setup(void **state)
{
	char	err[1024] = "";

	if (mkdtemp(db_dir) == NULL)
		return (-1);
	snprintf(db_path, sizeof db_path, "%s/banshi.db", db_dir);
	if (db_open(db_path, 8 << 20, 0, err, sizeof err) == -1) {
		print_error("db_open: %s\n", err);
		return (-1);
	}
	return (store_fixture());
}

static int
group_teardown(void **state)
{
	char	path[sizeof db_path + 8];

	db_close();
	unlink(db_path);
	snprintf(path, sizeof path, "%s-wal", db_path);
	unlink(path);
	snprintf(path, sizeof path, "%s-shm", db_path);
	unlink(path);
	return (rmdir(db_dir));
}

/* Copy the codes of a page into codes[n..]; returns the new n. */
static size_t
page_codes(const ItemPage *p, char codes[][16], size_t n)
{
	size_t	i;

	for (i = 0; i < p->n_items && n < MAX_CODES; i++, n++)
		snprintf(codes[n], sizeof codes[n], "%s", p->items[i]->code);
	return (n);
}

/* Compare codes with want (NULL-terminated); prints both on a mismatch. */
static int
codes_equal(char codes[][16], size_t n, const char *const *want)
{
	size_t	i;

	for (i = 0; i < n && want[i] != NULL; i++)
		if (strcmp(codes[i], want[i]) != 0)
			break;
	if (i == n && want[i] == NULL)
		return (1);
	print_error("got: ");
	for (i = 0; i < n; i++)
		print_error(" %s", codes[i]);
	print_error("\nwant:");
	for (i = 0; want[i] != NULL; i++)
		print_error(" %s", want[i]);
	print_error("\n");
	return (0);
}

/* One big page of query: exactly the items of want, in that order. */
static void
expect_search(const char *query, const char *const *want)
{
	ItemPage	p;
	char		codes[MAX_CODES][16];
	size_t		n;
	int		rc, ok, more;

	rc = catalog_search(query, NULL, 0, 100, &p);
	if (rc != 0)
		fail_msg("\"%s\": catalog_search returned %d", query, rc);
	n = page_codes(&p, codes, 0);
	more = p.next_cursor.len != 0;
	catalog_page_free(&p);
	ok = codes_equal(codes, n, want);
	if (!ok)
		fail_msg("\"%s\": wrong items", query);
	assert_false(more);
}

/*
 * Page through query limit at a time, checking every page but the last
 * is full and carries a cursor; returns the number of codes.
 */
static size_t
walk_search(const char *query, uint32_t limit, char codes[][16])
{
	ItemPage	 p;
	uint8_t		*cursor = NULL;
	size_t		 cursor_len = 0, n = 0, before;
	int		 rc, pages = 0;

	for (;;) {
		rc = catalog_search(query, cursor, cursor_len, limit, &p);
		free(cursor);
		cursor = NULL;
		assert_int_equal(rc, 0);
		before = n;
		n = page_codes(&p, codes, n);
		if (p.next_cursor.len == 0) {
			catalog_page_free(&p);
			break;
		}
		cursor = p.next_cursor.data;
		cursor_len = p.next_cursor.len;
		p.next_cursor.data = NULL;
		p.next_cursor.len = 0;
		catalog_page_free(&p);
		if (n - before != limit || ++pages > MAX_CODES) {
			free(cursor);
			fail_msg("page %d of \"%s\" has %zu items", pages,
			    query, n - before);
		}
	}
	return (n);
}

static void
expect_walk_matches_one_page(const char *query, uint32_t limit,
    size_t count)
{
	ItemPage	p;
	char		all[MAX_CODES][16], walked[MAX_CODES][16];
	size_t		n_all, n_walked, i, j;

	assert_int_equal(catalog_search(query, NULL, 0, 100, &p), 0);
	n_all = page_codes(&p, all, 0);
	catalog_page_free(&p);
	assert_int_equal(n_all, count);
	n_walked = walk_search(query, limit, walked);
	assert_int_equal(n_walked, n_all);
	for (i = 0; i < n_all; i++) {
		assert_string_equal(walked[i], all[i]);
		for (j = 0; j < i; j++)
			assert_string_not_equal(walked[i], walked[j]);
	}
}

static void
expect_bad_query(const char *query)
{
	ItemPage	p;
	int		rc;

	memset(&p, 0, sizeof p);
	rc = catalog_search(query, NULL, 0, 10, &p);
	if (rc == 0)
		catalog_page_free(&p);
	if (rc != -1)
		fail_msg("\"%s\": got %d, want -1", query, rc);
}

/* ---- search ------------------------------------------------------------- */

static void
test_catalog_search_one_character(void **state)
{
	/* Prefix, then infix, then keyword; by name inside each. */
	static const char *const want[] = {
		"GAJ-001",	/* 户口迁移 */
		"GAJ-002",	/* 户口迁移证明 */
		"CGJ-002",	/* 户外招牌设置备案 */
		"GAJ-003",	/* 人才引进户口迁移 */
		"CGJ-001",	/* 大型户外广告设置许可 */
		"GAJ-004",	/* 准迁证签发 (keyword 户口迁移) */
		NULL,
	};

	expect_search("户", want);
}

static void
test_catalog_search_two_characters(void **state)
{
	static const char *const want[] = {
		"CGJ-001",	/* 大型户外广告设置许可 */
		"CGJ-002",	/* keyword 广告招牌 */
		NULL,
	};

	expect_search("广告", want);
}

static void
test_catalog_search_four_characters(void **state)
{
	static const char *const want[] = { "CGJ-001", NULL };
	static const char *const want3[] = { "CGJ-001", NULL };

	expect_search("户外广告", want);
	expect_search("外广告", want3);
	expect_search("大型户外广告设置许可", want);
}

static void
test_catalog_search_exact_prefix_infix_keyword(void **state)
{
	static const char *const want[] = {
		"GAJ-001",	/* 户口迁移: the name itself */
		"GAJ-002",	/* 户口迁移证明: starts with it */
		"GAJ-003",	/* 人才引进户口迁移: contains it */
		"GAJ-004",	/* 准迁证签发: a keyword */
		NULL,
	};

	expect_search("户口迁移", want);
}

static void
test_catalog_search_exact_name_first(void **state)
{
	static const char *const want[] = { "CGJ-002", NULL };
	static const char *const want2[] = { "GAJ-002", NULL };

	expect_search("户外招牌设置备案", want);
	expect_search("户口迁移证明", want2);
}

static void
test_catalog_search_keyword_only(void **state)
{
	static const char *const want[] = { "CGJ-002", NULL };
	static const char *const want2[] = { "GAJ-005", NULL };

	expect_search("门头", want);
	expect_search("驾照", want2);
}

static void
test_catalog_search_department_name_only(void **state)
{
	static const char *const want[] = {
		"CGJ-003",	/* 城市道路挖掘许可 */
		"CGJ-001",	/* 大型户外广告设置许可 */
		"CGJ-002",	/* 户外招牌设置备案 */
		NULL,
	};

	expect_search("城管执法", want);
	expect_search("市城管执法局", want);
}

static void
test_catalog_search_mixed_chinese_ascii(void **state)
{
	static const char *const want[] = { "TXJ-001", NULL };

	expect_search("ICP备案", want);
	expect_search("ICP备案服务", want);
}

static void
test_catalog_search_ascii_case_folded(void **state)
{
	static const char *const want[] = {
		"TXJ-001",	/* ICP备案服务: prefix */
		"TXJ-002",	/* keyword ICP许可证 */
		NULL,
	};
	static const char *const want2[] = { "TXJ-001", NULL };
	static const char *const want3[] = { "CGJ-001", NULL };

	expect_search("icp", want);
	expect_search("ICP", want);
	expect_search("iCp", want);
	expect_search("Icp备案", want2);
	expect_search("led", want3);
	expect_search("l", want3);
}

static void
test_catalog_search_trims_spaces(void **state)
{
	static const char *const want[] = { "CGJ-001", NULL };

	expect_search("  户外广告  ", want);
	expect_search("\t户外广告\n", want);
	expect_search(" 户外广告", want);
}

/* Same name in two departments: the code breaks the tie. */
static void
test_catalog_search_same_name_by_code(void **state)
{
	static const char *const want[] = {
		"GMZ-001",	/* 流动人口居住证明, 涡阳县民政局 */
		"QMZ-001",	/* 流动人口居住证明, 谯城区民政局 */
		NULL,
	};
	static const char *const want2[] = {
		"GMZ-001", "QMZ-001",
		"QMZ-002",	/* 高龄津贴申领 */
		NULL,
	};

	expect_search("居住证明", want);
	expect_search("民政局", want2);
}

static void
test_catalog_search_summary_fields(void **state)
{
	ItemPage	p;

	assert_int_equal(catalog_search("户外招牌设置备案", NULL, 0, 10, &p),
	    0);
	assert_int_equal(p.n_items, 1);
	assert_string_equal(p.items[0]->name, "户外招牌设置备案");
	assert_string_equal(p.items[0]->department_code, "SZT-CGJ");
	assert_string_equal(p.items[0]->department_name, "市城管执法局");
	assert_string_equal(p.items[0]->hall_name, "市直厅");
	assert_int_equal(p.items[0]->kind,
	    BANSHI__V1__ITEM_KIND__ITEM_KIND_APPROVAL);
	assert_int_equal(p.items[0]->promised_limit, 10);
	assert_true(p.items[0]->online);
	catalog_page_free(&p);
}

static void
test_catalog_search_no_match(void **state)
{
	static const char *const none[] = { NULL };
	ItemPage		 p;

	expect_search("火星", none);
	expect_search("户外广告许可", none);	/* not a substring */
	expect_search("x", none);
	assert_int_equal(catalog_search("火星人", NULL, 0, 1, &p), 0);
	assert_int_equal(p.n_items, 0);
	assert_int_equal(p.next_cursor.len, 0);
	assert_null(p.next_cursor.data);
	catalog_page_free(&p);
}

/* Category names are for browsing, not search. */
static void
test_catalog_search_ignores_categories(void **state)
{
	static const char *const none[] = { NULL };

	expect_search("城市管理", none);
	expect_search("户籍", none);
}

static void
test_catalog_search_empty_or_blank_query(void **state)
{
	expect_bad_query("");
	expect_bad_query(" ");
	expect_bad_query("   \t\n ");
}

static void
test_catalog_search_query_length(void **state)
{
	static const char *const none[] = { NULL };
	char			 q[256];
	int			 i;

	q[0] = '\0';
	for (i = 0; i < 50; i++)
		strcat(q, "户");
	expect_search(q, none);		/* 50 characters: fine */
	strcat(q, "户");
	expect_bad_query(q);		/* 51 */
	memset(q, 'a', 51);
	q[51] = '\0';
	expect_bad_query(q);
	q[50] = '\0';
	expect_search(q, none);
	/* Spaces around do not count. */
	memset(q, ' ', 56);
	memset(q + 3, 'a', 50);
	q[56] = '\0';
	expect_search(q, none);
	/* More bytes than the buffer holds. */
	memset(q, 'a', sizeof q - 1);
	q[sizeof q - 1] = '\0';
	expect_bad_query(q);
}

static void
test_catalog_search_rejects_unsafe_text(void **state)
{
	expect_bad_query("户外\xe2\x80\xae广告");	/* U+202E RLO */
	expect_bad_query("\xe2\x81\xa6户外");		/* U+2066 LRI */
	expect_bad_query("户\x01外");
	expect_bad_query("户外\x7f");
	expect_bad_query("户\n外");
	expect_bad_query("户外\xe2\x80\x8b");		/* U+200B ZWSP */
	expect_bad_query("户\xff外");			/* invalid UTF-8 */
	expect_bad_query("\xe6\x88");			/* truncated 户 */
}

/* Single characters with spaces between are a query, not an error. */
static void
test_catalog_search_spaced_single_characters(void **state)
{
	ItemPage	p;
	int		rc;

	rc = catalog_search("户 口", NULL, 0, 10, &p);
	if (rc == 0)
		catalog_page_free(&p);
	assert_int_equal(rc, 0);
}

static void
test_catalog_search_paging_limit_1(void **state)
{
	expect_walk_matches_one_page("户", 1, 6);
	expect_walk_matches_one_page("户口迁移", 1, 4);
	expect_walk_matches_one_page("民政局", 1, 3);
	expect_walk_matches_one_page("城管执法", 1, 3);
}

static void
test_catalog_search_paging_other_limits(void **state)
{
	expect_walk_matches_one_page("户", 2, 6);
	expect_walk_matches_one_page("户", 3, 6);	/* ends with rank 1 */
	expect_walk_matches_one_page("户", 4, 6);
	expect_walk_matches_one_page("户", 5, 6);
	expect_walk_matches_one_page("户", 6, 6);
	expect_walk_matches_one_page("户口迁移", 3, 4);
}

/* A page that ends exactly at the last item says there is no more. */
static void
test_catalog_search_last_page_no_cursor(void **state)
{
	ItemPage	p;

	assert_int_equal(catalog_search("户", NULL, 0, 6, &p), 0);
	assert_int_equal(p.n_items, 6);
	assert_int_equal(p.next_cursor.len, 0);
	catalog_page_free(&p);
	assert_int_equal(catalog_search("户", NULL, 0, 5, &p), 0);
	assert_int_equal(p.n_items, 5);
	assert_true(p.next_cursor.len > 0);
	catalog_page_free(&p);
}

static void
test_catalog_search_garbage_cursor(void **state)
{
	static const uint8_t	 nul[] = { '1', 0x1f, 'a', 0, 0x1f, 'b' };
	ItemPage		 p;
	uint8_t			 big[600];

	assert_int_equal(catalog_search("户", (const uint8_t *)"garbage", 7,
	    10, &p), -2);
	assert_int_equal(catalog_search("户", (const uint8_t *)"1\x1f", 2,
	    10, &p), -2);
	assert_int_equal(catalog_search("户", nul, sizeof nul, 10, &p), -2);
	memset(big, 'a', sizeof big);
	big[1] = big[3] = 0x1f;
	assert_int_equal(catalog_search("户", big, sizeof big, 10, &p), -2);
	assert_int_equal(catalog_search("户", (const uint8_t *)"1\x1f\x01\x1f"
	    "A", 5, 10, &p), -2);
	/* A bad query is reported before a bad cursor. */
	assert_int_equal(catalog_search("", (const uint8_t *)"garbage", 7,
	    10, &p), -1);
}

/* Storing again (a reload) replaces the rows instead of adding to them. */
static void
test_catalog_search_after_second_store(void **state)
{
	static const char *const want[] = {
		"GAJ-001", "GAJ-002", "GAJ-003", "GAJ-004", NULL,
	};

	assert_int_equal(store_fixture(), 0);
	expect_search("户口迁移", want);
	expect_walk_matches_one_page("户", 1, 6);
}

/* ---- catalog_search_gram ------------------------------------------------ */

static void
expect_gram(const char *q, const char *want)
{
	char	gram[9] = "";

	if (catalog_search_gram(q, gram, sizeof gram) != 0)
		fail_msg("\"%s\": catalog_search_gram failed", q);
	if (strcmp(gram, want) != 0)
		fail_msg("\"%s\": gram \"%s\", want \"%s\"", q, gram, want);
}

static void
test_catalog_search_gram_single_character(void **state)
{
	expect_gram("户", "户");
	expect_gram("a", "a");
}

static void
test_catalog_search_gram_rarest_bigram(void **state)
{
	/* 户外 2 items, 外广 1, 广告 2. */
	expect_gram("户外广告", "外广");
	/* 户口 4 items, 口迁 4, 迁移 4, 移证 1, 证明 3. */
	expect_gram("户口迁移证明", "移证");
	/* ic 2 items, cp 2, p备 1, 备案 2. */
	expect_gram("icp备案", "p备");
	/* Neither is indexed: the first of the equally rare. */
	expect_gram("火星", "火星");
	expect_gram("火星人", "火星");
}

static void
test_catalog_search_gram_skips_spaces(void **state)
{
	/* 招牌 1 item, 广告 2; "牌 " and " 广" are never grams. */
	expect_gram("招牌 广告", "招牌");
	expect_gram("广告 招牌", "招牌");
}

static void
test_catalog_search_gram_invalid(void **state)
{
	char	gram[9];

	assert_int_equal(catalog_search_gram("", gram, sizeof gram), -1);
	assert_int_equal(catalog_search_gram("\xff", gram, sizeof gram), -1);
	assert_int_equal(catalog_search_gram("户\xff", gram, sizeof gram),
	    -1);
}

/* ---- catalog_list_items ------------------------------------------------- */

/* List with filter q, limit at a time, and compare with want. */
static void
expect_list(Banshi__V1__ListItems *q, uint32_t limit,
    const char *const *want)
{
	ItemPage	 p;
	char		 codes[MAX_CODES][16];
	size_t		 n = 0, before, pages = 0;
	int		 ok;

	q->cursor.data = NULL;
	q->cursor.len = 0;
	for (;;) {
		assert_int_equal(catalog_list_items(q, limit, &p), 0);
		free(q->cursor.data);
		before = n;
		n = page_codes(&p, codes, n);
		q->cursor = p.next_cursor;
		p.next_cursor.data = NULL;
		p.next_cursor.len = 0;
		catalog_page_free(&p);
		if (q->cursor.len == 0)
			break;
		if (n - before != limit || ++pages > MAX_CODES) {
			free(q->cursor.data);
			fail_msg("page %zu has %zu items", pages, n - before);
		}
	}
	ok = codes_equal(codes, n, want);
	assert_true(ok);
}

static void
test_catalog_list_items_by_department(void **state)
{
	static const char *const cgj[] = {
		"CGJ-003",	/* 城市道路挖掘许可 */
		"CGJ-001",	/* 大型户外广告设置许可 */
		"CGJ-002",	/* 户外招牌设置备案 */
		NULL,
	};
	static const char *const gaj[] = {
		"GAJ-003",	/* 人才引进户口迁移 */
		"GAJ-004",	/* 准迁证签发 */
		"GAJ-001",	/* 户口迁移 */
		"GAJ-002",	/* 户口迁移证明 */
		"GAJ-005",	/* 机动车驾驶证核发 */
		NULL,
	};
	Banshi__V1__ListItems	 q = BANSHI__V1__LIST_ITEMS__INIT;

	q.filter_case = BANSHI__V1__LIST_ITEMS__FILTER_DEPARTMENT_CODE;
	q.department_code = "SZT-CGJ";
	expect_list(&q, 100, cgj);
	expect_list(&q, 1, cgj);
	expect_list(&q, 2, cgj);
	expect_list(&q, 3, cgj);
	q.department_code = "SZT-GAJ";
	expect_list(&q, 100, gaj);
	expect_list(&q, 2, gaj);
}

static void
test_catalog_list_items_by_category(void **state)
{
	static const char *const huji[] = {
		"GAJ-003", "GAJ-004", "GAJ-001", "GAJ-002", NULL,
	};
	static const char *const web[] = {
		"TXJ-001",	/* ICP备案服务 */
		"TXJ-002",	/* 互联网信息服务经营许可 */
		NULL,
	};
	Banshi__V1__ListItems	 q = BANSHI__V1__LIST_ITEMS__INIT;
	Banshi__V1__CategoryRef	 c = BANSHI__V1__CATEGORY_REF__INIT;

	q.filter_case = BANSHI__V1__LIST_ITEMS__FILTER_CATEGORY;
	q.category = &c;
	c.facet = BANSHI__V1__FACET__FACET_PERSON_TOPIC;
	c.name = "户籍";
	expect_list(&q, 100, huji);
	expect_list(&q, 1, huji);
	expect_list(&q, 3, huji);
	c.facet = BANSHI__V1__FACET__FACET_ENTERPRISE_TOPIC;
	c.name = "互联网";
	expect_list(&q, 1, web);
}

static void
test_catalog_list_items_no_match(void **state)
{
	static const char *const none[] = { NULL };
	Banshi__V1__ListItems	 q = BANSHI__V1__LIST_ITEMS__INIT;
	Banshi__V1__CategoryRef	 c = BANSHI__V1__CATEGORY_REF__INIT;

	q.filter_case = BANSHI__V1__LIST_ITEMS__FILTER_DEPARTMENT_CODE;
	q.department_code = "SZT-XXX";
	expect_list(&q, 10, none);
	q.filter_case = BANSHI__V1__LIST_ITEMS__FILTER_CATEGORY;
	q.category = &c;
	c.facet = BANSHI__V1__FACET__FACET_ENTERPRISE_TOPIC;
	c.name = "户籍";		/* a person_topic name */
	expect_list(&q, 10, none);
}

static void
test_catalog_list_items_garbage_cursor(void **state)
{
	Banshi__V1__ListItems	 q = BANSHI__V1__LIST_ITEMS__INIT;
	ItemPage		 p;

	q.filter_case = BANSHI__V1__LIST_ITEMS__FILTER_DEPARTMENT_CODE;
	q.department_code = "SZT-CGJ";
	q.cursor.data = (uint8_t *)"garbage";
	q.cursor.len = 7;
	assert_int_equal(catalog_list_items(&q, 10, &p), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_search_one_character),
		cmocka_unit_test(test_catalog_search_two_characters),
		cmocka_unit_test(test_catalog_search_four_characters),
		cmocka_unit_test(
		    test_catalog_search_exact_prefix_infix_keyword),
		cmocka_unit_test(test_catalog_search_exact_name_first),
		cmocka_unit_test(test_catalog_search_keyword_only),
		cmocka_unit_test(test_catalog_search_department_name_only),
		cmocka_unit_test(test_catalog_search_mixed_chinese_ascii),
		cmocka_unit_test(test_catalog_search_ascii_case_folded),
		cmocka_unit_test(test_catalog_search_trims_spaces),
		cmocka_unit_test(test_catalog_search_same_name_by_code),
		cmocka_unit_test(test_catalog_search_summary_fields),
		cmocka_unit_test(test_catalog_search_no_match),
		cmocka_unit_test(test_catalog_search_ignores_categories),
		cmocka_unit_test(test_catalog_search_empty_or_blank_query),
		cmocka_unit_test(test_catalog_search_query_length),
		cmocka_unit_test(test_catalog_search_rejects_unsafe_text),
		cmocka_unit_test(test_catalog_search_spaced_single_characters),
		cmocka_unit_test(test_catalog_search_paging_limit_1),
		cmocka_unit_test(test_catalog_search_paging_other_limits),
		cmocka_unit_test(test_catalog_search_last_page_no_cursor),
		cmocka_unit_test(test_catalog_search_garbage_cursor),
		cmocka_unit_test(test_catalog_search_after_second_store),
		cmocka_unit_test(test_catalog_search_gram_single_character),
		cmocka_unit_test(test_catalog_search_gram_rarest_bigram),
		cmocka_unit_test(test_catalog_search_gram_skips_spaces),
		cmocka_unit_test(test_catalog_search_gram_invalid),
		cmocka_unit_test(test_catalog_list_items_by_department),
		cmocka_unit_test(test_catalog_list_items_by_category),
		cmocka_unit_test(test_catalog_list_items_no_match),
		cmocka_unit_test(test_catalog_list_items_garbage_cursor),
	};

	return (cmocka_run_group_tests(tests, group_setup, group_teardown));
}
