/*
 * One submitted case, read only: its summary, the applicant, the form's
 * values (labelled from the item), the pickup, the materials and the
 * history, every string sanitized; scrollable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define CODE(c)		BANSHI__V1__STATUS_CODE__STATUS_##c
#define CASE_INDENT	2

struct cview {
	char			*serial;	/* as sent */
	Banshi__V1__Case	*c;		/* NULL until it comes */
	Banshi__V1__Item	*item;		/* for the labels, or NULL */
	uint32_t		 pending;
	uint32_t		 item_pending;
	uint32_t		 naming;
	char			 named[16];
	struct hist		 hist;
	struct doc		 doc;
	int			 dh;
};

static void	cview_up(struct screen *);
static void	cview_down(struct screen *);
static void	cview_page_up(struct screen *);
static void	cview_page_down(struct screen *);
static void	cview_home(struct screen *);
static void	cview_end(struct screen *);
static void	cview_refresh(struct screen *);
static void	cview_back(struct screen *);

static const struct ui_key cview_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Back"), N_("Back to the list"), cview_back },
	{ 5, 0, N_("Refresh"), N_("Load the case again from the server"),
	    cview_refresh },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, KEY_UP, NULL, N_("Scroll up a line"), cview_up },
	{ 0, KEY_DOWN, NULL, N_("Scroll down a line"), cview_down },
	{ 0, KEY_PPAGE, NULL, N_("Scroll up a page"), cview_page_up },
	{ 0, KEY_NPAGE, NULL, N_("Scroll down a page"), cview_page_down },
	{ 0, ' ', NULL, NULL, cview_page_down },
	{ 0, KEY_HOME, NULL, N_("Go to the top"), cview_home },
	{ 0, KEY_END, NULL, N_("Go to the end"), cview_end },
	{ 0, 27, NULL, NULL, cview_back },
	{ 0, 'r', NULL, NULL, cview_refresh },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

static void
cview_fetch(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__GetCase		 gc = BANSHI__V1__GET_CASE__INIT;
	struct cview			*v = s->data;

	if (v->pending != 0)
		return;
	gc.serial = v->serial;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_CASE;
	msg.get_case = &gc;
	v->pending = tui_call(s, &msg, 0);
}

static void
cview_fetch_item(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__GetItem		 gi = BANSHI__V1__GET_ITEM__INIT;
	struct cview			*v = s->data;

	if (v->item != NULL || v->item_pending != 0 || v->c == NULL ||
	    v->c->summary == NULL)
		return;
	gi.code = v->c->summary->item_code;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_ITEM;
	msg.get_item = &gi;
	v->item_pending = tui_call(s, &msg, 0);
}

/* Ask for the names of the next region value still shown as a code. */
static void
cview_name_regions(struct screen *s)
{
	struct cview	*v = s->data;

	if (v->naming == 0 && v->c != NULL)
		v->naming = region_name_next(s, v->item, v->c, v->named,
		    sizeof v->named);
}

static void
cview_init(struct screen *s, void *arg)
{
	struct cview	*v;

	v = xcalloc(1, sizeof *v);
	v->serial = xstrdup(arg);
	hist_init(&v->hist, v->serial);
	v->dh = 10;
	s->data = v;
	cview_fetch(s);
}

static void
cview_scroll(struct screen *s, int delta)
{
	struct cview	*v = s->data;

	doc_scroll(&v->doc, delta, v->dh);
}

static void
cview_up(struct screen *s)
{
	cview_scroll(s, -1);
}

static void
cview_down(struct screen *s)
{
	cview_scroll(s, 1);
}

static void
cview_page_up(struct screen *s)
{
	cview_scroll(s, -(((struct cview *)s->data)->dh - 1));
}

static void
cview_page_down(struct screen *s)
{
	cview_scroll(s, ((struct cview *)s->data)->dh - 1);
}

static void
cview_home(struct screen *s)
{
	cview_scroll(s, -(int)((struct cview *)s->data)->doc.n);
}

static void
cview_end(struct screen *s)
{
	cview_scroll(s, (int)((struct cview *)s->data)->doc.n);
}

static void
cview_back(struct screen *s)
{
	screen_pop(s);
}

static void
cview_refresh(struct screen *s)
{
	cview_fetch(s);
}

static void
cview_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct cview	*v = s->data;
	char		 buf[512];

	if (id == 0)
		return;
	if (id == v->naming) {
		v->naming = 0;
		if (r != NULL && r->body_case == BANSHI__V1__REPLY__BODY_REGIONS) {
			region_learn(r->regions);
			v->doc.width = 0;
			cview_name_regions(s);
		}
		return;
	}
	if (id == v->item_pending) {
		v->item_pending = 0;
		if (r != NULL && status_code(r) == CODE(OK) &&
		    r->body_case == BANSHI__V1__REPLY__BODY_ITEM) {
			v->item = filing_copy(r->item);
			v->doc.width = 0;
			cview_name_regions(s);
		}
		return;
	}
	if (hist_reply(&v->hist, s, id, r)) {
		v->doc.width = 0;
		return;
	}
	if (id != v->pending)
		return;
	v->pending = 0;
	if (r == NULL)
		return;
	if (status_code(r) != CODE(OK)) {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		return;
	}
	if (r->body_case != BANSHI__V1__REPLY__BODY_CASE_DETAIL ||
	    r->case_detail->summary == NULL) {
		ui_error("%s", _("The server gave an unexpected answer"));
		return;
	}
	filing_free(v->c);
	v->c = filing_copy(r->case_detail);
	v->doc.width = 0;
	hist_stale(&v->hist);
	hist_want(&v->hist, s);
	cview_fetch_item(s);
	cview_name_regions(s);
}

static void
cview_connected(struct screen *s)
{
	struct cview	*v = s->data;

	if (v->c == NULL)
		cview_fetch(s);
	else {
		cview_fetch_item(s);
		hist_want(&v->hist, s);
	}
}

/* 办件信息: serial, item, department, state, when. */
static void
cview_summary(struct doc *d, const Banshi__V1__CaseSummary *sum)
{
	static const char *const labels[] = {
		N_("Serial number"), N_("Item"), N_("Department"), N_("State"),
		N_("Submitted"),
	};
	char	when[32];
	int	lw = ui_label_width(labels, 5);

	doc_heading(d, _("Case"));
	doc_row(d, CASE_INDENT, lw, _("Serial number"), sum->serial);
	doc_row(d, CASE_INDENT, lw, _("Item"), sum->item_name);
	doc_row(d, CASE_INDENT, lw, _("Department"), sum->department_name);
	doc_row(d, CASE_INDENT, lw, _("State"),
	    filing_case_status((int)sum->status));
	filing_time(when, sizeof when, sum->submitted_at);
	doc_row(d, CASE_INDENT, lw, _("Submitted"), when);
}





static void
cview_materials(struct doc *d, const Banshi__V1__Case *c)
{
	const char	*heads[2];
	char		**cells, state[512];
	size_t		 i;

	doc_heading(d, _("Materials"));
	if (c->n_materials == 0) {
		doc_text(d, CASE_INDENT, "", A_NORMAL);
		return;
	}
	heads[0] = _("Material");
	heads[1] = _("State");
	cells = xcalloc(c->n_materials * 2, sizeof *cells);
	for (i = 0; i < c->n_materials; i++) {
		cells[2 * i] = catalog_safe(c->materials[i]->name);
		filing_material_state(state, sizeof state, c->materials[i]);
		cells[2 * i + 1] = xstrdup(state);
	}
	doc_table(d, CASE_INDENT, 2, heads, cells, c->n_materials);
	for (i = 0; i < c->n_materials * 2; i++)
		free(cells[i]);
	free(cells);
}


static void
cview_build(struct cview *v, int width)
{
	static const Banshi__V1__Applicant	no_app =
						    BANSHI__V1__APPLICANT__INIT;
	struct doc				*d = &v->doc;

	doc_clear(d, width);
	cview_summary(d, v->c->summary);
	case_doc_applicant(d, v->c->applicant != NULL ? v->c->applicant :
	    &no_app);
	case_doc_fields(d, v->item, v->c);
	case_doc_pickup(d, v->c);
	cview_materials(d, v->c);
	case_doc_history(d, &v->hist);
}

static void
cview_draw(struct screen *s)
{
	struct cview	*v = s->data;
	char		 title[256], *serial;
	int		 y = ui_top(), h = ui_bottom() - ui_top() + 1;

	serial = text_sanitize(v->serial);
	snprintf(title, sizeof title, _("Case %s"), serial);
	free(serial);
	ui_box(y, 0, h, COLS, title);
	v->dh = h - 2;
	if (v->c == NULL) {
		ui_put(y + 2, 3, v->pending != 0 ? _("Loading...") :
		    _("Not loaded; press F5 to try again"), COLS - 6,
		    ui_attr(UI_ATTR_DIM));
		return;
	}
	if (v->doc.width != COLS - 6)
		cview_build(v, COLS - 6);
	doc_draw(&v->doc, y + 1, 3, v->dh);
}

static void
cview_free(struct screen *s)
{
	struct cview	*v = s->data;

	doc_free(&v->doc);
	hist_free(&v->hist);
	filing_free(v->c);
	filing_free(v->item);
	free(v->serial);
	free(v);
}

const struct screen_type screen_case_type = {
	.name = "case",
	.title = N_("Case"),
	.keys = cview_keys,
	.init = cview_init,
	.draw = cview_draw,
	.reply = cview_reply,
	.free = cview_free,
	.connected = cview_connected,
};
