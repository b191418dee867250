/* Catalogue requests: halls, categories, items, search, one item, regions. */
#include <string.h>

#include "server.h"

#define PAGE_DEFAULT	50
#define PAGE_MAX	200

static uint32_t
page_limit(uint32_t asked)
{
	if (asked == 0)
		return (PAGE_DEFAULT);
	return (asked > PAGE_MAX ? PAGE_MAX : asked);
}

void
rpc_list_halls(struct conn *c, uint32_t id, const ClientMessage *m)
{
	Reply			r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__HallList	l;

	catalog_halls(&l);
	r.body_case = BANSHI__V1__REPLY__BODY_HALLS;
	r.halls = &l;
	reply_send(c, id, &r);
	catalog_halls_free(&l);
}

void
rpc_list_categories(struct conn *c, uint32_t id, const ClientMessage *m)
{
	Reply				r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__CategoryList	l;
	int				facet = m->list_categories->facet;

	if (facet < BANSHI__V1__FACET__FACET_PERSON_STAGE ||
	    facet > BANSHI__V1__FACET__FACET_ENTERPRISE_GROUP) {
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "facet: unknown facet", "facet");
		return;
	}
	catalog_categories(facet, &l);
	r.body_case = BANSHI__V1__REPLY__BODY_CATEGORIES;
	r.categories = &l;
	reply_send(c, id, &r);
	catalog_categories_free(&l);
}

/* Send a page of summaries. */
static void
send_page(struct conn *c, uint32_t id, Banshi__V1__ItemPage *p)
{
	Reply	r = BANSHI__V1__REPLY__INIT;

	r.body_case = BANSHI__V1__REPLY__BODY_ITEMS;
	r.items = p;
	reply_send(c, id, &r);
	catalog_page_free(p);
}

void
rpc_list_items(struct conn *c, uint32_t id, const ClientMessage *m)
{
	const Banshi__V1__ListItems	*q = m->list_items;
	Banshi__V1__ItemPage		 p;

	if (q->filter_case == BANSHI__V1__LIST_ITEMS__FILTER__NOT_SET ||
	    (q->filter_case == BANSHI__V1__LIST_ITEMS__FILTER_CATEGORY &&
	    (q->category->facet < BANSHI__V1__FACET__FACET_PERSON_STAGE ||
	    q->category->facet > BANSHI__V1__FACET__FACET_ENTERPRISE_GROUP))) {
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "filter: a department or a category is required",
		    "filter");
		return;
	}
	if (catalog_list_items(q, page_limit(q->limit), &p) == -1) {
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "cursor: not a cursor this server gave", "cursor");
		return;
	}
	send_page(c, id, &p);
}

void
rpc_search_items(struct conn *c, uint32_t id, const ClientMessage *m)
{
	const Banshi__V1__SearchItems	*q = m->search_items;
	Banshi__V1__ItemPage		 p;
	int				 rc;

	rc = catalog_search(q->query, q->cursor.data, q->cursor.len,
	    page_limit(q->limit), &p);
	if (rc == -1)
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "query: 1 to 50 characters of text", "query");
	else if (rc == -2)
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "cursor: not a cursor this server gave", "cursor");
	else
		send_page(c, id, &p);
}

void
rpc_get_item(struct conn *c, uint32_t id, const ClientMessage *m)
{
	Reply			 r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__Item	*it;

	if ((it = catalog_item(m->get_item->code)) == NULL) {
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no such item", "code");
		return;
	}
	r.body_case = BANSHI__V1__REPLY__BODY_ITEM;
	r.item = it;
	reply_send(c, id, &r);
	banshi__v1__item__free_unpacked(it, NULL);
}

void
rpc_list_regions(struct conn *c, uint32_t id, const ClientMessage *m)
{
	Reply			r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__RegionList	l;

	catalog_regions(m->list_regions->parent_code, &l);
	r.body_case = BANSHI__V1__REPLY__BODY_REGIONS;
	r.regions = &l;
	reply_send(c, id, &r);
	catalog_regions_free(&l);
}
