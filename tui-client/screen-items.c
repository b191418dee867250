/* A list of items: a department's, a category's, or search results, paged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define ITEMS_DEPT_MAX	24	/* columns of the department column, at most */

struct item_row {
	char		*code;		/* as the server sent it, for GetItem */
	char		*name;		/* sanitized */
	char		*dept;		/* sanitized */
	int		 kind;
	char		 promise[64];	/* "Promised in 10 working days" */
};

struct items {
	char		*title;		/* sanitized */
	char		*department;
	int		 facet;
	char		*category;
	char		*search;
	struct item_row	*rows;
	size_t		 n;
	uint8_t		*cursor;	/* the next page's, when more */
	size_t		 cursor_len;
	int		 more;		/* the server has more pages */
	int		 loaded;	/* the first page came */
	uint32_t	 pending;
	struct ui_list	 list;
};

static void	items_up(struct screen *);
static void	items_down(struct screen *);
static void	items_page_up(struct screen *);
static void	items_page_down(struct screen *);
static void	items_home(struct screen *);
static void	items_end(struct screen *);
static void	items_open(struct screen *);
static void	items_refresh(struct screen *);
static void	items_back(struct screen *);

static const struct ui_key items_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Back"), N_("Back to the previous screen"), items_back },
	{ 5, 0, N_("Refresh"), N_("Load the list again from the server"),
	    items_refresh },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '/', N_("Search"), N_("Search items by name or keyword"),
	    ui_search },
	{ 0, KEY_UP, NULL, N_("Previous item"), items_up },
	{ 0, KEY_DOWN, NULL, N_("Next item; at the end, load more"),
	    items_down },
	{ 0, KEY_PPAGE, NULL, N_("Previous page"), items_page_up },
	{ 0, KEY_NPAGE, NULL, N_("Next page; at the end, load more"),
	    items_page_down },
	{ 0, KEY_HOME, NULL, N_("First item"), items_home },
	{ 0, KEY_END, NULL, N_("Last item loaded; load more"), items_end },
	{ 0, '\n', NULL, N_("Open the item's guide"), items_open },
	{ 0, KEY_ENTER, NULL, NULL, items_open },
	{ 0, 27, NULL, NULL, items_back },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'r', NULL, NULL, items_refresh },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

static char *
items_dup(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

/* Ask for the next page (the first when there is no cursor). */
static void
items_fetch(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListItems		 li = BANSHI__V1__LIST_ITEMS__INIT;
	Banshi__V1__SearchItems		 si = BANSHI__V1__SEARCH_ITEMS__INIT;
	Banshi__V1__CategoryRef		 cr = BANSHI__V1__CATEGORY_REF__INIT;
	struct items			*it = s->data;

	if (it->pending != 0)
		return;
	if (it->search != NULL) {
		si.query = it->search;
		si.cursor.data = it->cursor;
		si.cursor.len = it->cursor_len;
		si.limit = ITEMS_PAGE;
		msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SEARCH_ITEMS;
		msg.search_items = &si;
	} else {
		if (it->department != NULL) {
			li.filter_case =
			    BANSHI__V1__LIST_ITEMS__FILTER_DEPARTMENT_CODE;
			li.department_code = it->department;
		} else {
			cr.facet = (Banshi__V1__Facet)it->facet;
			cr.name = it->category;
			li.filter_case = BANSHI__V1__LIST_ITEMS__FILTER_CATEGORY;
			li.category = &cr;
		}
		li.cursor.data = it->cursor;
		li.cursor.len = it->cursor_len;
		li.limit = ITEMS_PAGE;
		msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_ITEMS;
		msg.list_items = &li;
	}
	it->pending = tui_call(s, &msg, 0);
}

/* The rows of the list on screen (a row under it says what follows). */
static int
items_rows(void)
{
	return (ui_bottom() - ui_top() + 1 - 6);
}

/* Fetch more when the selection reached the end or the list is short. */
static void
items_want_more(struct screen *s)
{
	struct items	*it = s->data;

	if (it->more && (it->list.sel >= (int)it->n - 1 ||
	    (int)it->n < items_rows()))
		items_fetch(s);
}

/* Add a page's rows and remember where the next one starts. */
static void
items_add_page(struct items *it, const Banshi__V1__ItemPage *p)
{
	const Banshi__V1__ItemSummary	*sum;
	struct item_row			*row;
	size_t				 i;

	it->rows = xreallocarray(it->rows, it->n + p->n_items + 1,
	    sizeof *it->rows);
	for (i = 0; i < p->n_items; i++) {
		sum = p->items[i];
		row = &it->rows[it->n++];
		row->code = xstrdup(sum->code != NULL ? sum->code : "");
		row->name = catalog_safe(sum->name);
		row->dept = catalog_safe(sum->department_name);
		row->kind = (int)sum->kind;
		catalog_promise(row->promise, sizeof row->promise,
		    sum->promised_limit);
	}
	free(it->cursor);
	it->cursor = NULL;
	it->cursor_len = p->next_cursor.len;
	if (it->cursor_len > 0) {
		it->cursor = xmalloc(it->cursor_len);
		memcpy(it->cursor, p->next_cursor.data, it->cursor_len);
	}
	it->more = it->cursor_len > 0;
	it->loaded = 1;
	it->list.n = (int)it->n;
}

static void
items_init(struct screen *s, void *arg)
{
	const struct items_query	*q = arg;
	struct items			*it;

	it = xcalloc(1, sizeof *it);
	it->title = xstrdup(q->title != NULL ? q->title : "");
	it->department = items_dup(q->department);
	it->facet = q->facet;
	it->category = items_dup(q->category);
	it->search = items_dup(q->search);
	s->data = it;
	if (q->first != NULL) {
		items_add_page(it, q->first);
		items_want_more(s);
	} else
		items_fetch(s);
}

static void
items_clear(struct items *it)
{
	size_t	i;

	for (i = 0; i < it->n; i++) {
		free(it->rows[i].code);
		free(it->rows[i].name);
		free(it->rows[i].dept);
	}
	free(it->rows);
	it->rows = NULL;
	it->n = 0;
	free(it->cursor);
	it->cursor = NULL;
	it->cursor_len = 0;
	it->more = 0;
	it->loaded = 0;
	it->list.n = 0;
}

static void
items_move(struct screen *s, int delta)
{
	struct items	*it = s->data;

	ui_list_move(&it->list, delta);
	items_want_more(s);
}

static void
items_up(struct screen *s)
{
	items_move(s, -1);
}

static void
items_down(struct screen *s)
{
	items_move(s, 1);
}

static void
items_page_up(struct screen *s)
{
	items_move(s, -items_rows());
}

static void
items_page_down(struct screen *s)
{
	items_move(s, items_rows());
}

static void
items_home(struct screen *s)
{
	items_move(s, -(int)((struct items *)s->data)->n);
}

static void
items_end(struct screen *s)
{
	items_move(s, (int)((struct items *)s->data)->n);
}

static void
items_open(struct screen *s)
{
	struct items	*it = s->data;

	if (it->list.sel < (int)it->n)
		guide_open(it->rows[it->list.sel].code,
		    it->rows[it->list.sel].name);
}

static void
items_back(struct screen *s)
{
	screen_pop(s);
}

/* Start again from the first page. */
static void
items_refresh(struct screen *s)
{
	struct items	*it = s->data;

	if (it->pending != 0)
		return;
	items_clear(it);
	it->list.sel = it->list.top = 0;
	items_fetch(s);
}

static void
items_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct items	*it = s->data;
	char		 buf[512];

	if (id != it->pending)
		return;
	it->pending = 0;
	if (r == NULL)
		return;		/* the connection message says it */
	if (status_code(r) != BANSHI__V1__STATUS_CODE__STATUS_OK) {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		return;
	}
	if (r->body_case != BANSHI__V1__REPLY__BODY_ITEMS) {
		ui_error("%s", _("The server gave an unexpected answer"));
		return;
	}
	items_add_page(it, r->items);
	items_want_more(s);
}

/* Column widths: name gets what the others leave. */
struct items_cols {
	int	name, dept, kind, promise;
};

static void
items_columns(struct items *it, int w, struct items_cols *c)
{
	static const int	kinds[] = {
		BANSHI__V1__ITEM_KIND__ITEM_KIND_APPROVAL,
		BANSHI__V1__ITEM_KIND__ITEM_KIND_CIVIC,
		BANSHI__V1__ITEM_KIND__ITEM_KIND_BOOKING_ONLY,
	};
	size_t			 i;
	int			 cw, room;

	c->dept = (int)text_width(_("Department"));
	c->kind = (int)text_width(_("Kind"));
	c->promise = (int)text_width(_("Time limit"));
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if ((cw = (int)text_width(catalog_kind_text(kinds[i]))) >
		    c->kind)
			c->kind = cw;
	}
	for (i = 0; i < it->n; i++) {
		if ((cw = (int)text_width(it->rows[i].dept)) > c->dept)
			c->dept = cw;
		if ((cw = (int)text_width(it->rows[i].promise)) > c->promise)
			c->promise = cw;
	}
	/* The department takes at most a third of what the name shares. */
	room = w - c->kind - c->promise - 6;
	if (c->dept > ITEMS_DEPT_MAX)
		c->dept = ITEMS_DEPT_MAX;
	if (c->dept > room / 3)
		c->dept = room / 3;
	c->name = room - c->dept;
}

/* One row: name, department, kind and promise in their columns. */
static void
items_draw_row(int y, int x, const struct items_cols *c, const char *name,
    const char *dept, const char *kind, const char *promise, attr_t attr)
{
	char	*fit;

	fit = ui_ellipsize(name, c->name);
	ui_put(y, x, fit, c->name, attr);
	free(fit);
	x += c->name + 2;
	fit = ui_ellipsize(dept, c->dept);
	ui_put(y, x, fit, c->dept, attr);
	free(fit);
	x += c->dept + 2;
	ui_put(y, x, kind, c->kind, attr);
	x += c->kind + 2;
	ui_put(y, x, promise, c->promise, attr);
}

/* The last row: more to load, loading, or the end. */
static void
items_draw_tail(struct items *it, int y, int x, int w)
{
	const char	*text;
	char		 buf[128];

	if (it->pending != 0)
		text = it->loaded ? _("Loading more...") : _("Loading...");
	else if (!it->loaded)
		text = _("Not loaded; press F5 to try again");
	else if (it->more)
		text = _("More items: scroll down to load them");
	else if (it->n == 0)
		text = it->search != NULL ? _("No items match the search") :
		    _("No items here");
	else {
		snprintf(buf, sizeof buf, ngettext("End of the list: %zu item",
		    "End of the list: %zu items", it->n), it->n);
		text = buf;
	}
	ui_put(y, x, text, w, ui_attr(UI_ATTR_DIM));
}

static void
items_draw(struct screen *s)
{
	struct items		*it = s->data;
	struct items_cols	 c;
	struct item_row		*row;
	int			 y = ui_top(), h = ui_bottom() - ui_top() + 1;
	int			 i, w = COLS - 2, sel, lh = items_rows();
	attr_t			 attr;

	ui_box(y, 0, h, COLS, _("Items"));
	ui_put(y + 1, 2, it->title, w - 2, A_BOLD);
	items_columns(it, w - 4, &c);
	items_draw_row(y + 2, 3, &c, _("Item"), _("Department"), _("Kind"),
	    _("Time limit"), ui_attr(UI_ATTR_DIM));
	ui_box_rule(y + 3, 0, COLS);
	it->list.n = (int)it->n;
	ui_list_show(&it->list, lh);
	for (i = 0; i < lh && it->list.top + i < (int)it->n; i++) {
		row = &it->rows[it->list.top + i];
		sel = it->list.top + i == it->list.sel;
		attr = sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
		ui_select_bar(y + 4 + i, 1, w, sel);
		items_draw_row(y + 4 + i, 3, &c, row->name, row->dept,
		    catalog_kind_text(row->kind), row->promise, attr);
	}
	items_draw_tail(it, y + 4 + i, 3, w - 4);
}

static void
items_free(struct screen *s)
{
	struct items	*it = s->data;

	items_clear(it);
	free(it->title);
	free(it->department);
	free(it->category);
	free(it->search);
	free(it);
}

const struct screen_type screen_items_type = {
	.name = "items",
	.title = N_("Items"),
	.keys = items_keys,
	.init = items_init,
	.draw = items_draw,
	.reply = items_reply,
	.free = items_free,
};

/* Whether s is a list of search results (a new search replaces it). */
int
items_is_search(struct screen *s)
{
	return (s != NULL && s->type == &screen_items_type &&
	    ((struct items *)s->data)->search != NULL);
}

/* The search text of a list of search results. */
const char *
items_search_text(struct screen *s)
{
	return (items_is_search(s) ? ((struct items *)s->data)->search : "");
}
