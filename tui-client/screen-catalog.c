/* The catalogue: personal and business services by category, departments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define FACET(f)	BANSHI__V1__FACET__FACET_##f

enum { CAT_PERSON, CAT_ENTERPRISE, CAT_DEPARTMENTS, CAT_NTABS };
#define CAT_NSUBS	3

static const char *const cat_tabs[CAT_NTABS] = {
	N_("Personal services"), N_("Business services"), N_("Departments")
};

/* The sub-tabs of the first two tabs, as the manual orders them. */
static const int cat_facets[2][CAT_NSUBS] = {
	{ FACET(PERSON_STAGE), FACET(PERSON_GROUP), FACET(PERSON_TOPIC) },
	{ FACET(ENTERPRISE_TOPIC), FACET(ENTERPRISE_ACTIVITY),
	    FACET(ENTERPRISE_GROUP) },
};

struct cat_entry {
	char		*name;		/* sanitized */
	char		*raw;		/* as the server sent it, for ListItems */
	unsigned int	 count;
};

/* The categories of one facet. */
struct cat_facet {
	struct cat_entry	*v;
	size_t			 n;
	int			 loaded;
	uint32_t		 pending;
	struct ui_list		 list;
};

struct cat_dept {
	char		*code;
	char		*name;		/* sanitized */
	unsigned int	 count;
};

struct cat_hall {
	char		*name;		/* sanitized */
	struct cat_dept	*depts;
	size_t		 n;
	int		 open;		/* departments shown */
};

struct catalog {
	int		 tab;
	int		 sub[2];
	struct cat_facet facets[CATALOG_NFACETS + 1];	/* by Facet value */
	struct cat_hall	*halls;
	size_t		 nhalls;
	int		 halls_loaded;
	uint32_t	 halls_pending;
	struct ui_list	 hlist;
};

static void	cat_tab_person(struct screen *);
static void	cat_tab_enterprise(struct screen *);
static void	cat_tab_departments(struct screen *);
static void	cat_tab_prev(struct screen *);
static void	cat_tab_next(struct screen *);
static void	cat_sub_next(struct screen *);
static void	cat_sub_prev(struct screen *);
static void	cat_up(struct screen *);
static void	cat_down(struct screen *);
static void	cat_page_up(struct screen *);
static void	cat_page_down(struct screen *);
static void	cat_home(struct screen *);
static void	cat_end(struct screen *);
static void	cat_open(struct screen *);
static void	cat_refresh(struct screen *);
static void	cat_back(struct screen *);

static const struct ui_key cat_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Back"), N_("Back to the previous screen"), cat_back },
	{ 5, 0, N_("Refresh"), N_("Load this list again from the server"),
	    cat_refresh },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '/', N_("Search"), N_("Search items by name or keyword"),
	    ui_search },
	{ 0, '1', NULL, N_("Personal services"), cat_tab_person },
	{ 0, '2', NULL, N_("Business services"), cat_tab_enterprise },
	{ 0, '3', NULL, N_("Services by department"), cat_tab_departments },
	{ 0, KEY_LEFT, NULL, N_("Previous tab"), cat_tab_prev },
	{ 0, KEY_RIGHT, NULL, N_("Next tab"), cat_tab_next },
	{ 0, '\t', NULL, N_("Next sub-tab"), cat_sub_next },
	{ 0, KEY_BTAB, NULL, N_("Previous sub-tab"), cat_sub_prev },
	{ 0, KEY_UP, NULL, N_("Previous row"), cat_up },
	{ 0, KEY_DOWN, NULL, N_("Next row"), cat_down },
	{ 0, KEY_PPAGE, NULL, N_("Previous page"), cat_page_up },
	{ 0, KEY_NPAGE, NULL, N_("Next page"), cat_page_down },
	{ 0, KEY_HOME, NULL, N_("First row"), cat_home },
	{ 0, KEY_END, NULL, N_("Last row"), cat_end },
	{ 0, '\n', NULL, N_("Open the category or department; on a hall, "
	    "show or hide its departments"), cat_open },
	{ 0, KEY_ENTER, NULL, NULL, cat_open },
	{ 0, 27, NULL, NULL, cat_back },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'r', NULL, NULL, cat_refresh },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

/* Sub-tabs exist on the first two tabs only. */
static int
cat_valid(struct screen *s, const struct ui_key *k)
{
	struct catalog	*c = s->data;

	if (k->fn == cat_sub_next || k->fn == cat_sub_prev)
		return (c->tab != CAT_DEPARTMENTS);
	return (1);
}

/* The rows of the list on screen. */
static int
cat_rows(void)
{
	return (ui_bottom() - ui_top() + 1 - 5);
}

/* The facet shown, or 0 on the departments tab. */
static int
cat_facet(struct catalog *c)
{
	if (c->tab == CAT_DEPARTMENTS)
		return (0);
	return (cat_facets[c->tab][c->sub[c->tab]]);
}

/* The rows of the departments tab: each hall, then its open departments. */
static int
cat_hall_rows(struct catalog *c)
{
	size_t	i;
	int	n = 0;

	for (i = 0; i < c->nhalls; i++)
		n += 1 + (c->halls[i].open ? (int)c->halls[i].n : 0);
	return (n);
}

/* Which hall and department (-1 for the hall itself) row is. */
static void
cat_hall_at(struct catalog *c, int row, size_t *hall, int *dept)
{
	size_t	i;

	for (i = 0; i < c->nhalls; i++) {
		if (row == 0) {
			*hall = i;
			*dept = -1;
			return;
		}
		row--;
		if (c->halls[i].open) {
			if (row < (int)c->halls[i].n) {
				*hall = i;
				*dept = row;
				return;
			}
			row -= (int)c->halls[i].n;
		}
	}
	*hall = c->nhalls;
	*dept = -1;
}

/* The list shown, its row count brought up to date. */
static struct ui_list *
cat_list(struct catalog *c)
{
	struct cat_facet	*f;

	if (c->tab == CAT_DEPARTMENTS) {
		c->hlist.n = cat_hall_rows(c);
		return (&c->hlist);
	}
	f = &c->facets[cat_facet(c)];
	f->list.n = (int)f->n;
	return (&f->list);
}

/* Ask for what the shown tab needs and does not have yet. */
static void
cat_load(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListHalls		 lh = BANSHI__V1__LIST_HALLS__INIT;
	Banshi__V1__ListCategories	 lc = BANSHI__V1__LIST_CATEGORIES__INIT;
	struct catalog			*c = s->data;
	struct cat_facet		*f;

	if (c->tab == CAT_DEPARTMENTS) {
		if (c->halls_loaded || c->halls_pending != 0)
			return;
		msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_HALLS;
		msg.list_halls = &lh;
		c->halls_pending = tui_call(s, &msg, 0);
		return;
	}
	f = &c->facets[cat_facet(c)];
	if (f->loaded || f->pending != 0)
		return;
	lc.facet = (Banshi__V1__Facet)cat_facet(c);
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_CATEGORIES;
	msg.list_categories = &lc;
	f->pending = tui_call(s, &msg, 0);
}

static void
cat_init(struct screen *s, void *arg)
{
	s->data = xcalloc(1, sizeof (struct catalog));
	cat_load(s);
}

static void
cat_set_tab(struct screen *s, int tab)
{
	struct catalog	*c = s->data;

	c->tab = (tab + CAT_NTABS) % CAT_NTABS;
	cat_load(s);
}

static void
cat_tab_person(struct screen *s)
{
	cat_set_tab(s, CAT_PERSON);
}

static void
cat_tab_enterprise(struct screen *s)
{
	cat_set_tab(s, CAT_ENTERPRISE);
}

static void
cat_tab_departments(struct screen *s)
{
	cat_set_tab(s, CAT_DEPARTMENTS);
}

static void
cat_tab_prev(struct screen *s)
{
	cat_set_tab(s, ((struct catalog *)s->data)->tab - 1);
}

static void
cat_tab_next(struct screen *s)
{
	cat_set_tab(s, ((struct catalog *)s->data)->tab + 1);
}

static void
cat_sub_step(struct screen *s, int delta)
{
	struct catalog	*c = s->data;

	if (c->tab == CAT_DEPARTMENTS)
		return;
	c->sub[c->tab] = (c->sub[c->tab] + CAT_NSUBS + delta) % CAT_NSUBS;
	cat_load(s);
}

static void
cat_sub_next(struct screen *s)
{
	cat_sub_step(s, 1);
}

static void
cat_sub_prev(struct screen *s)
{
	cat_sub_step(s, -1);
}

static void
cat_move(struct screen *s, int delta)
{
	struct catalog	*c = s->data;

	ui_list_move(cat_list(c), delta);
}

static void
cat_up(struct screen *s)
{
	cat_move(s, -1);
}

static void
cat_down(struct screen *s)
{
	cat_move(s, 1);
}

static void
cat_page_up(struct screen *s)
{
	cat_move(s, -cat_rows());
}

static void
cat_page_down(struct screen *s)
{
	cat_move(s, cat_rows());
}

static void
cat_home(struct screen *s)
{
	cat_move(s, -cat_list(s->data)->n);
}

static void
cat_end(struct screen *s)
{
	cat_move(s, cat_list(s->data)->n);
}

static void
cat_back(struct screen *s)
{
	screen_pop(s);
}

/* Open the selected category's items. */
static void
cat_open_category(struct catalog *c)
{
	struct items_query	 q;
	struct cat_facet	*f = &c->facets[cat_facet(c)];
	struct cat_entry	*e;
	char			*title;

	if (f->list.sel >= (int)f->n)
		return;
	e = &f->v[f->list.sel];
	xasprintf(&title, "%s / %s / %s", _(cat_tabs[c->tab]),
	    catalog_facet_text(cat_facet(c)), e->name);
	memset(&q, 0, sizeof q);
	q.title = title;
	q.facet = cat_facet(c);
	q.category = e->raw;
	screen_push(&screen_items_type, &q);
	free(title);
}

/* Open a department's items, or show or hide a hall's departments. */
static void
cat_open_hall_row(struct catalog *c)
{
	struct items_query	 q;
	struct cat_hall		*h;
	size_t			 hall;
	int			 dept;
	char			*title;

	cat_hall_at(c, c->hlist.sel, &hall, &dept);
	if (hall >= c->nhalls)
		return;
	h = &c->halls[hall];
	if (dept < 0) {
		h->open = !h->open;
		return;
	}
	xasprintf(&title, "%s / %s", h->name, h->depts[dept].name);
	memset(&q, 0, sizeof q);
	q.title = title;
	q.department = h->depts[dept].code;
	screen_push(&screen_items_type, &q);
	free(title);
}

static void
cat_open(struct screen *s)
{
	struct catalog	*c = s->data;

	cat_list(c);
	if (c->tab == CAT_DEPARTMENTS)
		cat_open_hall_row(c);
	else
		cat_open_category(c);
}

static void
cat_free_facet(struct cat_facet *f)
{
	size_t	i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].raw);
	}
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

static void
cat_free_halls(struct catalog *c)
{
	size_t	i, j;

	for (i = 0; i < c->nhalls; i++) {
		for (j = 0; j < c->halls[i].n; j++) {
			free(c->halls[i].depts[j].code);
			free(c->halls[i].depts[j].name);
		}
		free(c->halls[i].depts);
		free(c->halls[i].name);
	}
	free(c->halls);
	c->halls = NULL;
	c->nhalls = 0;
}

/* Forget the shown list and ask for it again. */
static void
cat_refresh(struct screen *s)
{
	struct catalog	*c = s->data;

	if (c->tab == CAT_DEPARTMENTS) {
		if (c->halls_pending != 0)
			return;
		c->halls_loaded = 0;
	} else {
		if (c->facets[cat_facet(c)].pending != 0)
			return;
		c->facets[cat_facet(c)].loaded = 0;
	}
	cat_load(s);
}

static void
cat_take_categories(struct cat_facet *f, const Banshi__V1__CategoryList *l)
{
	size_t	i;

	cat_free_facet(f);
	f->v = xcalloc(l->n_categories + 1, sizeof *f->v);
	for (i = 0; i < l->n_categories; i++) {
		f->v[i].name = catalog_safe(l->categories[i]->name);
		f->v[i].raw = xstrdup(l->categories[i]->name != NULL ?
		    l->categories[i]->name : "");
		f->v[i].count = l->categories[i]->item_count;
	}
	f->n = l->n_categories;
	f->loaded = 1;
}

static void
cat_take_halls(struct catalog *c, const Banshi__V1__HallList *l)
{
	const Banshi__V1__Hall	*h;
	size_t			 i, j;

	cat_free_halls(c);
	c->halls = xcalloc(l->n_halls + 1, sizeof *c->halls);
	for (i = 0; i < l->n_halls; i++) {
		h = l->halls[i];
		c->halls[i].name = catalog_safe(h->name);
		c->halls[i].depts = xcalloc(h->n_departments + 1,
		    sizeof *c->halls[i].depts);
		for (j = 0; j < h->n_departments; j++) {
			c->halls[i].depts[j].code = xstrdup(
			    h->departments[j]->code != NULL ?
			    h->departments[j]->code : "");
			c->halls[i].depts[j].name = catalog_safe(
			    h->departments[j]->name);
			c->halls[i].depts[j].count =
			    h->departments[j]->item_count;
		}
		c->halls[i].n = h->n_departments;
	}
	c->nhalls = l->n_halls;
	c->halls_loaded = 1;
}

/* The reply for one of the lists; it may come after the tab changed. */
static void
cat_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct catalog		*c = s->data;
	struct cat_facet	*f = NULL;
	char			 buf[512];
	int			 i;

	for (i = 1; i <= CATALOG_NFACETS; i++) {
		if (c->facets[i].pending == id)
			f = &c->facets[i];
	}
	if (f == NULL && (id == 0 || c->halls_pending != id))
		return;
	if (f != NULL)
		f->pending = 0;
	else
		c->halls_pending = 0;
	if (r == NULL)
		return;		/* the connection message says it */
	if (status_code(r) != BANSHI__V1__STATUS_CODE__STATUS_OK) {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		return;
	}
	if (f != NULL && r->body_case == BANSHI__V1__REPLY__BODY_CATEGORIES)
		cat_take_categories(f, r->categories);
	else if (f == NULL && r->body_case == BANSHI__V1__REPLY__BODY_HALLS)
		cat_take_halls(c, r->halls);
	else
		ui_error("%s", _("The server gave an unexpected answer"));
}

/* The tab line, or the sub-tab line: the current one in brackets. */
static void
cat_draw_tabs(int y, int x, int w, const char *const *names, int n, int cur,
    int digits)
{
	char	buf[128];
	int	i, used = 0;
	attr_t	attr;

	for (i = 0; i < n && used < w; i++) {
		if (digits)
			snprintf(buf, sizeof buf, i == cur ? "[%d %s]" :
			    " %d %s ", i + 1, names[i]);
		else
			snprintf(buf, sizeof buf, i == cur ? "[%s]" : " %s ",
			    names[i]);
		attr = i == cur ? ui_attr(UI_ATTR_FOCUS) | A_BOLD : A_NORMAL;
		used += ui_put(y, x + used, buf, w - used, attr) + 2;
	}
}

/* "12 items" (12 项). */
static void
cat_count(char *buf, size_t len, unsigned int n)
{
	snprintf(buf, len, ngettext("%u item", "%u items", n), n);
}

static void
cat_draw_categories(struct catalog *c, int y, int x, int w)
{
	struct cat_facet	*f = &c->facets[cat_facet(c)];
	struct ui_list		*l = cat_list(c);
	char			 count[64];
	int			 i, nw = 0, sel;
	attr_t			 attr;

	for (i = 0; i < (int)f->n; i++) {
		if ((int)text_width(f->v[i].name) > nw)
			nw = (int)text_width(f->v[i].name);
	}
	if (nw > w - 16)
		nw = w - 16;
	ui_list_show(l, cat_rows());
	for (i = 0; i < cat_rows() && l->top + i < (int)f->n; i++) {
		sel = l->top + i == l->sel;
		attr = sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
		ui_select_bar(y + i, x, w, sel);
		ui_put(y + i, x + 2, f->v[l->top + i].name, nw, attr);
		cat_count(count, sizeof count, f->v[l->top + i].count);
		ui_put(y + i, x + 2 + nw + 4, count, w - nw - 6, attr);
	}
}

static void
cat_draw_halls(struct catalog *c, int y, int x, int w)
{
	struct ui_list	*l = cat_list(c);
	struct cat_hall	*h;
	char		 buf[256], count[64];
	size_t		 hall;
	int		 i, dept, sel;
	attr_t		 attr;

	ui_list_show(l, cat_rows());
	for (i = 0; i < cat_rows() && l->top + i < l->n; i++) {
		cat_hall_at(c, l->top + i, &hall, &dept);
		h = &c->halls[hall];
		sel = l->top + i == l->sel;
		attr = sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
		ui_select_bar(y + i, x, w, sel);
		if (dept < 0) {
			snprintf(buf, sizeof buf, "[%c] %s", h->open ? '-' :
			    '+', h->name);
			ui_put(y + i, x + 2, buf, w / 2, attr | A_BOLD);
			snprintf(buf, sizeof buf, ngettext("%zu department",
			    "%zu departments", h->n), h->n);
			ui_put(y + i, x + 2 + w / 2, buf, w / 2 - 4, attr);
			continue;
		}
		ui_put(y + i, x + 6, h->depts[dept].name, w / 2 - 4, attr);
		cat_count(count, sizeof count, h->depts[dept].count);
		ui_put(y + i, x + 2 + w / 2, count, w / 2 - 4, attr);
	}
}

/* What the list area says when it has no rows to show. */
static const char *
cat_empty_text(struct catalog *c)
{
	int	loaded, pending;

	if (c->tab == CAT_DEPARTMENTS) {
		loaded = c->halls_loaded;
		pending = c->halls_pending != 0;
	} else {
		loaded = c->facets[cat_facet(c)].loaded;
		pending = c->facets[cat_facet(c)].pending != 0;
	}
	if (pending)
		return (_("Loading..."));
	if (!loaded)
		return (_("Not loaded; press F5 to try again"));
	return (cat_list(c)->n == 0 ? _("Nothing here") : NULL);
}

static void
cat_draw(struct screen *s)
{
	struct catalog	*c = s->data;
	const char	*tabs[CAT_NTABS], *subs[CAT_NSUBS], *empty;
	int		 y = ui_top(), h = ui_bottom() - ui_top() + 1, i;
	int		 w = COLS;

	ui_box(y, 0, h, w, _("Find an item"));
	for (i = 0; i < CAT_NTABS; i++)
		tabs[i] = _(cat_tabs[i]);
	cat_draw_tabs(y + 1, 2, w - 4, tabs, CAT_NTABS, c->tab, 1);
	if (c->tab != CAT_DEPARTMENTS) {
		for (i = 0; i < CAT_NSUBS; i++)
			subs[i] = catalog_facet_text(cat_facets[c->tab][i]);
		cat_draw_tabs(y + 2, 4, w - 6, subs, CAT_NSUBS,
		    c->sub[c->tab], 0);
	} else
		ui_put(y + 2, 5, _("Halls and their departments; Enter "
		    "shows or hides a hall's departments"), w - 7,
		    ui_attr(UI_ATTR_DIM));
	ui_box_rule(y + 3, 0, w);
	if ((empty = cat_empty_text(c)) != NULL)
		ui_put(y + 5, 4, empty, w - 6, ui_attr(UI_ATTR_DIM));
	else if (c->tab == CAT_DEPARTMENTS)
		cat_draw_halls(c, y + 4, 1, w - 2);
	else
		cat_draw_categories(c, y + 4, 1, w - 2);
}

static void
cat_free(struct screen *s)
{
	struct catalog	*c = s->data;
	int		 i;

	for (i = 0; i <= CATALOG_NFACETS; i++)
		cat_free_facet(&c->facets[i]);
	cat_free_halls(c);
	free(c);
}

const struct screen_type screen_catalog_type = {
	.name = "catalog",
	.title = N_("Find an item"),
	.keys = cat_keys,
	.init = cat_init,
	.draw = cat_draw,
	.reply = cat_reply,
	.free = cat_free,
	.valid = cat_valid,
};
