/*
 * The catalogue over the protocol: halls and departments, categories, the
 * items of a department page by page, search, one item's guide and flow,
 * the region tree.
 */
#include <string.h>

#include "harness.h"

static struct wire	*w;

static ServerMessage *
rpc(ClientMessage *m)
{
	m->id = 0;
	return (call(w, m));
}

static ServerMessage *
search(const char *q, const uint8_t *cursor, size_t len, uint32_t limit)
{
	ClientMessage		m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__SearchItems	s = BANSHI__V1__SEARCH_ITEMS__INIT;

	s.query = (char *)q;
	s.cursor.data = (uint8_t *)cursor;
	s.cursor.len = len;
	s.limit = limit;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SEARCH_ITEMS;
	m.search_items = &s;
	return (rpc(&m));
}

/* Does a page hold an item of this name, and at which position? */
static int
page_find(const ServerMessage *r, const char *name)
{
	size_t	i;

	if (status_of(r) != 0)
		return (-1);
	for (i = 0; i < r->reply->items->n_items; i++)
		if (strcmp(r->reply->items->items[i]->name, name) == 0)
			return ((int)i);
	return (-1);
}

static void
test_halls(void)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListHalls	 lh = BANSHI__V1__LIST_HALLS__INIT;
	ServerMessage		*r;
	size_t			 i, j, depts = 0;
	int			 found = 0;

	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_HALLS;
	m.list_halls = &lh;
	r = rpc(&m);
	REQUIRE(status_of(r) == 0, "ListHalls: %d", status_of(r));
	CHECK(r->reply->halls->n_halls == 5, "five halls: %zu",
	    r->reply->halls->n_halls);
	CHECK(strcmp(r->reply->halls->halls[0]->name, "市直厅") == 0,
	    "市直厅 first");
	for (i = 0; i < r->reply->halls->n_halls; i++)
		for (j = 0; j < r->reply->halls->halls[i]->n_departments;
		    j++, depts++)
			if (strcmp(r->reply->halls->halls[i]->departments[j]->
			    name, "市城管执法局") == 0 && r->reply->halls->
			    halls[i]->departments[j]->item_count > 0)
				found = 1;
	CHECK(depts >= 10, "at least 10 departments: %zu", depts);
	CHECK(found, "市城管执法局 with items");
	msg_free(r);
}

static void
test_department_pages(void)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListItems	 li = BANSHI__V1__LIST_ITEMS__INIT;
	ServerMessage		*r;
	uint8_t			 cursor[512];
	size_t			 total = 0, pages = 0;
	int			 found = 0;
	char			 last[400] = "";

	li.filter_case = BANSHI__V1__LIST_ITEMS__FILTER_DEPARTMENT_CODE;
	li.department_code = "SZT-CGJ";
	li.limit = 2;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_ITEMS;
	m.list_items = &li;
	do {
		r = rpc(&m);
		REQUIRE(status_of(r) == 0, "ListItems: %d", status_of(r));
		CHECK(r->reply->items->n_items <= 2, "page size");
		if (page_find(r, "大型户外广告设置许可") >= 0)
			found = 1;
		if (r->reply->items->n_items > 0) {
			CHECK(strcmp(last, r->reply->items->items[0]->name) <=
			    0, "pages in name order");
			snprintf(last, sizeof last, "%s", r->reply->items->
			    items[r->reply->items->n_items - 1]->name);
		}
		total += r->reply->items->n_items;
		pages++;
		li.cursor.len = r->reply->items->next_cursor.len;
		if (li.cursor.len > 0)
			memcpy(cursor, r->reply->items->next_cursor.data,
			    li.cursor.len);
		li.cursor.data = cursor;
		msg_free(r);
	} while (li.cursor.len > 0 && pages < 100);
	CHECK(found, "大型户外广告设置许可 among 市城管执法局's items");
	CHECK(total >= 2 && pages >= 2, "%zu items in %zu pages", total,
	    pages);

	li.cursor.data = (uint8_t *)"garbage";
	li.cursor.len = 7;
	r = rpc(&m);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "cursor") == 0, "bad cursor: %d",
	    status_of(r));
	msg_free(r);
}

static void
test_categories(void)
{
	ClientMessage			 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListCategories	 lc = BANSHI__V1__LIST_CATEGORIES__INIT;
	Banshi__V1__ListItems		 li = BANSHI__V1__LIST_ITEMS__INIT;
	Banshi__V1__CategoryRef		 ref = BANSHI__V1__CATEGORY_REF__INIT;
	ServerMessage			*r;
	int				 f;

	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_CATEGORIES;
	m.list_categories = &lc;
	for (f = BANSHI__V1__FACET__FACET_PERSON_STAGE;
	    f <= BANSHI__V1__FACET__FACET_ENTERPRISE_GROUP; f++) {
		lc.facet = f;
		r = rpc(&m);
		CHECK(status_of(r) == 0 && r->reply->categories->n_categories
		    > 0, "facet %d has categories", f);
		if (f == BANSHI__V1__FACET__FACET_ENTERPRISE_TOPIC &&
		    status_of(r) == 0 && r->reply->categories->n_categories) {
			ref.facet = f;
			ref.name = r->reply->categories->categories[0]->name;
			li.filter_case =
			    BANSHI__V1__LIST_ITEMS__FILTER_CATEGORY;
			li.category = &ref;
			{
				ClientMessage m2 =
				    BANSHI__V1__CLIENT_MESSAGE__INIT;
				ServerMessage *r2;

				m2.body_case =
				    BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_ITEMS;
				m2.list_items = &li;
				r2 = rpc(&m2);
				CHECK(status_of(r2) == 0 &&
				    r2->reply->items->n_items ==
				    r->reply->categories->categories[0]->
				    item_count, "category count matches");
				msg_free(r2);
			}
		}
		msg_free(r);
	}
	lc.facet = 99;
	r = rpc(&m);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
	    "unknown facet");
	msg_free(r);
}

static void
test_search(void)
{
	ServerMessage	*r, *r2;
	size_t		 seen;

	r = search("广告", NULL, 0, 0);
	CHECK(page_find(r, "大型户外广告设置许可") >= 0, "广告 finds it");
	msg_free(r);
	r = search("户", NULL, 0, 0);
	CHECK(page_find(r, "大型户外广告设置许可") >= 0, "户 finds it");
	msg_free(r);
	r = search("户外广告设置", NULL, 0, 0);
	CHECK(page_find(r, "大型户外广告设置许可") == 0, "6 characters");
	msg_free(r);
	r = search("大型户外广告设置许可", NULL, 0, 0);
	CHECK(page_find(r, "大型户外广告设置许可") == 0,
	    "the exact name ranks first");
	msg_free(r);
	r = search("城管执法", NULL, 0, 0);
	CHECK(page_find(r, "大型户外广告设置许可") >= 0,
	    "a department name finds its items");
	msg_free(r);
	r = search("流动人口", NULL, 0, 0);
	CHECK(page_find(r, "流动人口居住证明") == 0, "流动人口");
	msg_free(r);
	r = search("  驾驶证 ", NULL, 0, 0);
	CHECK(page_find(r, "机动车驾驶证核发") >= 0, "trimmed query");
	msg_free(r);
	r = search("不存在的事项", NULL, 0, 0);
	CHECK(status_of(r) == 0 && r->reply->items->n_items == 0,
	    "no match: an empty page");
	msg_free(r);
	r = search("   ", NULL, 0, 0);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "query") == 0, "empty query");
	msg_free(r);
	r = search("广\xe2\x80\xae告", NULL, 0, 0);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && strcmp(field_of(r), "query") == 0, "bidi in the query");
	msg_free(r);

	/* Paged search: one result per page, no repeats, same total. */
	r = search("证", NULL, 0, 0);
	REQUIRE(status_of(r) == 0, "search 证");
	seen = 0;
	{
		uint8_t		cursor[512];
		size_t		len = 0, pages = 0;

		do {
			r2 = search("证", cursor, len, 1);
			REQUIRE(status_of(r2) == 0, "page");
			if (r2->reply->items->n_items == 1) {
				CHECK(seen < r->reply->items->n_items &&
				    strcmp(r2->reply->items->items[0]->code,
				    r->reply->items->items[seen]->code) == 0,
				    "page %zu matches the one-page order", seen);
				seen++;
			}
			len = r2->reply->items->next_cursor.len;
			if (len > 0)
				memcpy(cursor,
				    r2->reply->items->next_cursor.data, len);
			msg_free(r2);
		} while (len > 0 && ++pages < 200);
	}
	CHECK(seen == r->reply->items->n_items && seen >= 3,
	    "paged %zu of %zu", seen, r->reply->items->n_items);
	msg_free(r);
}

static void
test_item(void)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__GetItem	 gi = BANSHI__V1__GET_ITEM__INIT;
	ServerMessage		*r;
	const Banshi__V1__Item	*it;
	char			 code[64];

	r = search("大型户外广告设置许可", NULL, 0, 1);
	REQUIRE(page_find(r, "大型户外广告设置许可") == 0, "find the code");
	snprintf(code, sizeof code, "%s", r->reply->items->items[0]->code);
	msg_free(r);
	gi.code = code;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_ITEM;
	m.get_item = &gi;
	r = rpc(&m);
	REQUIRE(status_of(r) == 0, "GetItem: %d", status_of(r));
	it = r->reply->item;
	CHECK(it->summary->kind == BANSHI__V1__ITEM_KIND__ITEM_KIND_APPROVAL,
	    "approval");
	CHECK(strcmp(it->summary->department_name, "市城管执法局") == 0,
	    "department");
	CHECK(it->guide->basis[0] != '\0' && it->guide->conditions[0] != '\0'
	    && it->guide->n_materials > 0 && it->guide->promised_limit > 0 &&
	    it->guide->legal_limit >= it->guide->promised_limit,
	    "a complete guide");
	CHECK(it->guide->online && it->n_form > 0, "filed online, with a form");
	CHECK(it->n_flow >= 3 && it->flow[0]->steps[0] ==
	    BANSHI__V1__STEP__STEP_ACCEPT && it->flow[0]->post ==
	    BANSHI__V1__POST__POST_ACCEPT, "flow starts with acceptance");
	msg_free(r);
	gi.code = "NO-SUCH-ITEM";
	r = rpc(&m);
	CHECK(status_of(r) == BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
	    "unknown item");
	msg_free(r);
}

static void
test_regions(void)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListRegions	 lr = BANSHI__V1__LIST_REGIONS__INIT;
	ServerMessage		*r;
	char			 code[16];
	int			 level = 0;

	lr.parent_code = "";
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_REGIONS;
	m.list_regions = &lr;
	/* Walk down the first child to a village. */
	for (;;) {
		r = rpc(&m);
		REQUIRE(status_of(r) == 0 && r->reply->regions->n_regions > 0,
		    "regions under '%s'", lr.parent_code);
		CHECK((int)r->reply->regions->regions[0]->level > level,
		    "levels go down");
		level = r->reply->regions->regions[0]->level;
		snprintf(code, sizeof code, "%s",
		    r->reply->regions->regions[0]->code);
		if (!r->reply->regions->regions[0]->has_children) {
			msg_free(r);
			break;
		}
		msg_free(r);
		lr.parent_code = code;
	}
	CHECK(level == BANSHI__V1__REGION_LEVEL__REGION_LEVEL_VILLAGE,
	    "the cascade ends at a village: level %d", level);
}

int
main(void)
{
	struct server	s;

	server_start(&s, NULL);
	add_user(&s, "agent", "agent");
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	REQUIRE(login(w, "agent", TEST_PASSWORD, NULL) == 0, "login");
	test_halls();
	test_department_pages();
	test_categories();
	test_search();
	test_item();
	test_regions();
	wire_close(w);
	return (harness_done(&s));
}
