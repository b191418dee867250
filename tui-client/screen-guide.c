/* The guide of one item (办事指南): every field of it, scrollable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define GUIDE_INDENT	2	/* columns of text under a heading */
#define GUIDE_NCOLS	7	/* columns of the materials table */

struct guide {
	char			*code;
	char			*name;		/* sanitized, for the title */
	Banshi__V1__Item	*item;		/* NULL until it comes */
	uint32_t		 pending;
	struct doc		 doc;
	int			 dh;		/* document rows on screen */
};

/* What the push of a guide gets. */
struct guide_arg {
	const char	*code;
	const char	*name;
};

static void	guide_up(struct screen *);
static void	guide_down(struct screen *);
static void	guide_page_up(struct screen *);
static void	guide_page_down(struct screen *);
static void	guide_home(struct screen *);
static void	guide_end(struct screen *);
static void	guide_flow(struct screen *);
static void	guide_file(struct screen *);
static void	guide_book(struct screen *);
static void	guide_refresh(struct screen *);
static void	guide_back(struct screen *);

static const struct ui_key guide_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Back"), N_("Back to the previous screen"), guide_back },
	{ 4, 0, N_("Flow chart"), N_("Show the item's flow chart"),
	    guide_flow },
	{ 5, 0, N_("Refresh"), N_("Load the guide again from the server"),
	    guide_refresh },
	{ 6, 0, N_("File"), N_("File an application for this item"),
	    guide_file },
	{ 7, 0, N_("Book"), N_("Book an appointment for this item"),
	    guide_book },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '/', N_("Search"), N_("Search items by name or keyword"),
	    ui_search },
	{ 0, KEY_UP, NULL, N_("Scroll up a line"), guide_up },
	{ 0, KEY_DOWN, NULL, N_("Scroll down a line"), guide_down },
	{ 0, KEY_PPAGE, NULL, N_("Scroll up a page"), guide_page_up },
	{ 0, KEY_NPAGE, NULL, N_("Scroll down a page"), guide_page_down },
	{ 0, ' ', NULL, NULL, guide_page_down },
	{ 0, KEY_HOME, NULL, N_("Go to the top"), guide_home },
	{ 0, KEY_END, NULL, N_("Go to the end"), guide_end },
	{ 0, 27, NULL, NULL, guide_back },
	{ 0, 'f', NULL, NULL, guide_flow },
	{ 0, 'a', NULL, NULL, guide_file },
	{ 0, 'b', NULL, NULL, guide_book },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'r', NULL, NULL, guide_refresh },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

/* The flow needs the item; filing and booking only where the item allows. */
static int
guide_valid(struct screen *s, const struct ui_key *k)
{
	struct guide			*g = s->data;
	const Banshi__V1__Guide		*gd;

	if (k->fn != guide_flow && k->fn != guide_file && k->fn != guide_book)
		return (1);
	if (g->item == NULL)
		return (0);
	gd = g->item->guide;
	if (k->fn == guide_file)
		return (gd != NULL && gd->online);
	if (k->fn == guide_book)
		return (gd != NULL && gd->booking);
	return (1);
}

/* Open the guide of the item with this code; name shows until it comes. */
void
guide_open(const char *code, const char *name)
{
	struct guide_arg	a = { code, name };

	screen_push(&screen_guide_type, &a);
}

static void
guide_fetch(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__GetItem		 q = BANSHI__V1__GET_ITEM__INIT;
	struct guide			*g = s->data;

	q.code = g->code;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_ITEM;
	msg.get_item = &q;
	g->pending = tui_call(s, &msg, 0);
}

static void
guide_init(struct screen *s, void *arg)
{
	const struct guide_arg	*a = arg;
	struct guide		*g;

	g = xcalloc(1, sizeof *g);
	g->code = xstrdup(a->code);
	g->name = xstrdup(a->name != NULL ? a->name : "");
	g->dh = 10;
	s->data = g;
	guide_fetch(s);
}

static void
guide_scroll(struct screen *s, int delta)
{
	struct guide	*g = s->data;

	doc_scroll(&g->doc, delta, g->dh);
}

static void
guide_up(struct screen *s)
{
	guide_scroll(s, -1);
}

static void
guide_down(struct screen *s)
{
	guide_scroll(s, 1);
}

static void
guide_page_up(struct screen *s)
{
	guide_scroll(s, -(((struct guide *)s->data)->dh - 1));
}

static void
guide_page_down(struct screen *s)
{
	guide_scroll(s, ((struct guide *)s->data)->dh - 1);
}

static void
guide_home(struct screen *s)
{
	guide_scroll(s, -(int)((struct guide *)s->data)->doc.n);
}

static void
guide_end(struct screen *s)
{
	guide_scroll(s, (int)((struct guide *)s->data)->doc.n);
}

static void
guide_flow(struct screen *s)
{
	struct guide	*g = s->data;

	if (g->item != NULL)
		screen_push(&screen_flow_type, g->item);
}

/* 申报: a new application for this item (a new draft). */
static void
guide_file(struct screen *s)
{
	struct guide	*g = s->data;

	if (g->item != NULL)
		form_open(g->item, NULL, NULL);
}

/* Booking has its screens in a later version. */
static void
guide_book(struct screen *s)
{
	ui_message("%s", _("Booking appointments is not in this version of "
	    "banshi yet; it comes in a later version"));
}

static void
guide_back(struct screen *s)
{
	screen_pop(s);
}

static void
guide_refresh(struct screen *s)
{
	struct guide	*g = s->data;

	if (g->pending == 0)
		guide_fetch(s);
}

static void
guide_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct guide	*g = s->data;
	char		 buf[512];

	if (id != g->pending)
		return;
	g->pending = 0;
	if (r == NULL)
		return;		/* the connection message says it */
	if (status_code(r) != BANSHI__V1__STATUS_CODE__STATUS_OK) {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		return;
	}
	if (r->body_case != BANSHI__V1__REPLY__BODY_ITEM ||
	    r->item->summary == NULL || r->item->guide == NULL) {
		ui_error("%s", _("The server gave an unexpected answer"));
		return;
	}
	catalog_item_free(g->item);
	g->item = catalog_item_copy(r->item);
	free(g->name);
	g->name = catalog_safe(g->item->summary->name);
	g->doc.width = 0;		/* lay it out again */
}

/* Strings joined with sep, for one row; the caller frees. */
static char *
guide_join(char **v, size_t n, const char *sep)
{
	char	*out = xstrdup(""), *next;
	size_t	 i;

	for (i = 0; i < n; i++) {
		xasprintf(&next, "%s%s%s", out, i > 0 ? sep : "",
		    v[i] != NULL ? v[i] : "");
		free(out);
		out = next;
	}
	return (out);
}

/* 基本信息: code, name, kind, department, who it serves, keywords. */
static void
guide_basic(struct doc *d, const Banshi__V1__Item *it)
{
	static const char *const labels[] = {
		N_("Code"), N_("Item name"), N_("Kind"), N_("Department"),
		N_("Serves"), N_("Keywords"),
	};
	const Banshi__V1__ItemSummary	*sum = it->summary;
	char				*v, *aud[4];
	size_t				 i, n = 0;
	int				 lw = ui_label_width(labels, 6);

	doc_heading(d, _("Basic information"));
	doc_row(d, GUIDE_INDENT, lw, _("Code"), sum->code);
	doc_row(d, GUIDE_INDENT, lw, _("Item name"), sum->name);
	doc_row(d, GUIDE_INDENT, lw, _("Kind"), catalog_kind_long(sum->kind));
	xasprintf(&v, "%s / %s", sum->hall_name, sum->department_name);
	doc_row(d, GUIDE_INDENT, lw, _("Department"), v);
	free(v);
	for (i = 0; i < sum->n_audience && n < 4; i++)
		aud[n++] = (char *)catalog_audience_text(sum->audience[i]);
	v = guide_join(aud, n, _(", "));
	doc_row(d, GUIDE_INDENT, lw, _("Serves"), v);
	free(v);
	v = guide_join(it->keywords, it->n_keywords, _(", "));
	doc_row(d, GUIDE_INDENT, lw, _("Keywords"), v);
	free(v);
}

/* 申报材料: the table, then the notes of the materials that have one. */
static void
guide_materials(struct doc *d, const Banshi__V1__Guide *gd)
{
	static const char *const heads[GUIDE_NCOLS] = {
		N_("Material"), N_("Needed"), N_("Main/secondary"),
		N_("Originals"), N_("Copies"), N_("Formats"), N_("E-licence"),
	};
	const char		*th[GUIDE_NCOLS];
	const Banshi__V1__Material *m;
	char			**cells, *v;
	size_t			 i, c;

	doc_heading(d, _("Materials to submit"));
	if (gd->n_materials == 0) {
		doc_text(d, GUIDE_INDENT, "", A_NORMAL);
		return;
	}
	for (c = 0; c < GUIDE_NCOLS; c++)
		th[c] = _(heads[c]);
	cells = xcalloc(gd->n_materials * GUIDE_NCOLS, sizeof *cells);
	for (i = 0; i < gd->n_materials; i++) {
		m = gd->materials[i];
		c = i * GUIDE_NCOLS;
		cells[c] = catalog_safe(m->name);
		cells[c + 1] = xstrdup(m->required ? _("Yes") : _("No"));
		cells[c + 2] = xstrdup(m->main ? _("Main") : _("Secondary"));
		xasprintf(&cells[c + 3], "%u", m->originals);
		xasprintf(&cells[c + 4], "%u", m->copies);
		v = guide_join(m->formats, m->n_formats, ", ");
		cells[c + 5] = catalog_safe(v);
		free(v);
		cells[c + 6] = catalog_safe(m->elicence);
	}
	doc_table(d, GUIDE_INDENT, GUIDE_NCOLS, th, cells, gd->n_materials);
	for (i = 0; i < gd->n_materials * GUIDE_NCOLS; i++)
		free(cells[i]);
	free(cells);
	for (i = 0; i < gd->n_materials; i++) {
		m = gd->materials[i];
		if (m->note == NULL || *m->note == '\0')
			continue;
		xasprintf(&v, _("%s: %s"), m->name, m->note);
		doc_text(d, GUIDE_INDENT, v, A_NORMAL);
		free(v);
	}
}

/* 办理时限: legal and promised limits in working days. */
static void
guide_limits(struct doc *d, const Banshi__V1__Guide *gd)
{
	static const char *const labels[] = { N_("Legal"), N_("Promised") };
	char	buf[64];
	int	lw = ui_label_width(labels, 2);

	doc_heading(d, _("Time limits"));
	if (gd->legal_limit > 0)
		catalog_days(buf, sizeof buf, gd->legal_limit);
	else
		snprintf(buf, sizeof buf, "%s", _("Not set"));
	doc_row(d, GUIDE_INDENT, lw, _("Legal"), buf);
	if (gd->promised_limit > 0)
		catalog_days(buf, sizeof buf, gd->promised_limit);
	else
		snprintf(buf, sizeof buf, "%s", _("Not set"));
	doc_row(d, GUIDE_INDENT, lw, _("Promised"), buf);
}

/* 联系方式 and 办理渠道. */
static void
guide_contact(struct doc *d, const Banshi__V1__Guide *gd)
{
	static const char *const labels[] = {
		N_("Address"), N_("Phone"), N_("Office hours"),
		N_("File online"), N_("Book online"),
	};
	int	lw = ui_label_width(labels, 5);

	doc_heading(d, _("Contact"));
	doc_row(d, GUIDE_INDENT, lw, _("Address"), gd->contact_address);
	doc_row(d, GUIDE_INDENT, lw, _("Phone"), gd->contact_phone);
	doc_row(d, GUIDE_INDENT, lw, _("Office hours"), gd->contact_hours);
	doc_heading(d, _("Channels"));
	doc_row(d, GUIDE_INDENT, lw, _("File online"), gd->online ?
	    _("Yes (F6)") : _("No"));
	doc_row(d, GUIDE_INDENT, lw, _("Book online"), gd->booking ?
	    _("Yes (F7)") : _("No"));
}

/* Lay the whole guide out for width columns. */
static void
guide_build(struct guide *g, int width)
{
	const Banshi__V1__Guide	*gd = g->item->guide;
	struct doc		*d = &g->doc;

	doc_clear(d, width);
	guide_basic(d, g->item);
	doc_heading(d, _("Legal basis"));
	doc_text(d, GUIDE_INDENT, gd->basis, A_NORMAL);
	doc_heading(d, _("Who may apply"));
	doc_text(d, GUIDE_INDENT, gd->target, A_NORMAL);
	doc_heading(d, _("Legal conditions"));
	doc_text(d, GUIDE_INDENT, gd->conditions, A_NORMAL);
	guide_materials(d, gd);
	doc_heading(d, _("Missing materials"));
	doc_text(d, GUIDE_INDENT, gd->missing_allowed ?
	    _("Allowed: secondary materials may be handed in later") :
	    _("Not allowed: every required material must be complete"),
	    A_NORMAL);
	doc_heading(d, _("Procedure"));
	doc_text(d, GUIDE_INDENT, gd->procedure, A_NORMAL);
	guide_limits(d, gd);
	doc_heading(d, _("Fees"));
	doc_text(d, GUIDE_INDENT, gd->fees, A_NORMAL);
	guide_contact(d, gd);
}

/* Where the view is: "lines 1-25 of 80" on the box's bottom border. */
static void
guide_draw_position(struct guide *g, int y, int w)
{
	char	buf[128];
	int	last = g->doc.top + g->dh, tw;

	if ((int)g->doc.n <= g->dh)
		return;
	if (last > (int)g->doc.n)
		last = (int)g->doc.n;
	snprintf(buf, sizeof buf, _(" lines %d-%d of %zu "), g->doc.top + 1,
	    last, g->doc.n);
	tw = (int)text_width(buf);
	ui_put(y, w - tw - 2, buf, tw, A_NORMAL);
}

static void
guide_draw(struct screen *s)
{
	struct guide	*g = s->data;
	char		 title[512];
	int		 y = ui_top(), h = ui_bottom() - ui_top() + 1;
	int		 w = COLS;

	snprintf(title, sizeof title, _("Guide: %s"), g->name);
	ui_box(y, 0, h, w, title);
	g->dh = h - 2;
	if (g->item == NULL) {
		ui_put(y + 2, 3, g->pending != 0 ? _("Loading...") :
		    _("Not loaded; press F5 to try again"), w - 6,
		    ui_attr(UI_ATTR_DIM));
		return;
	}
	if (g->doc.width != w - 6)
		guide_build(g, w - 6);
	doc_draw(&g->doc, y + 1, 3, g->dh);
	guide_draw_position(g, y + h - 1, w);
}

static void
guide_free(struct screen *s)
{
	struct guide	*g = s->data;

	doc_free(&g->doc);
	catalog_item_free(g->item);
	free(g->code);
	free(g->name);
	free(g);
}

const struct screen_type screen_guide_type = {
	.name = "guide",
	.title = N_("Guide"),
	.keys = guide_keys,
	.init = guide_init,
	.draw = guide_draw,
	.reply = guide_reply,
	.free = guide_free,
	.valid = guide_valid,
};
