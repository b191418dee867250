/* 我的申报: the applications the operator submitted, newest first, paged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define CASES_PAGE	20

struct case_row {
	char	*serial;		/* as sent, for GetCase */
	char	*shown;			/* sanitized */
	char	*item;
	char	*applicant;
	int	 status;
	char	 submitted[32];
};

struct cases {
	struct case_row	*rows;
	size_t		 n;
	uint8_t		*cursor;
	size_t		 cursor_len;
	int		 more;
	int		 loaded;
	uint32_t	 pending;
	struct ui_list	 list;
	int		 shown;
};

static void	cases_open(struct screen *);
static void	cases_refresh(struct screen *);
static void	cases_back(struct screen *);
static void	cases_up(struct screen *);
static void	cases_down(struct screen *);
static void	cases_page_up(struct screen *);
static void	cases_page_down(struct screen *);
static void	cases_home(struct screen *);
static void	cases_end(struct screen *);

static const struct ui_key cases_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Back"), N_("Back to the previous screen"), cases_back },
	{ 5, 0, N_("Refresh"), N_("Load the list again from the server"),
	    cases_refresh },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '\n', N_("Open"), N_("Show the selected case"), cases_open },
	{ 0, KEY_ENTER, NULL, NULL, cases_open },
	{ 0, KEY_UP, NULL, N_("Previous case"), cases_up },
	{ 0, KEY_DOWN, NULL, N_("Next case; at the end, load more"),
	    cases_down },
	{ 0, KEY_PPAGE, NULL, N_("Previous page"), cases_page_up },
	{ 0, KEY_NPAGE, NULL, N_("Next page; at the end, load more"),
	    cases_page_down },
	{ 0, KEY_HOME, NULL, N_("First case"), cases_home },
	{ 0, KEY_END, NULL, N_("Last case loaded; load more"), cases_end },
	{ 0, 27, NULL, NULL, cases_back },
	{ 0, 'r', NULL, NULL, cases_refresh },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

static int
cases_valid(struct screen *s, const struct ui_key *k)
{
	struct cases	*c = s->data;

	if (k->fn == cases_open)
		return (c->list.sel < (int)c->n);
	return (1);
}

static void
cases_fetch(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListMyCases		 lc = BANSHI__V1__LIST_MY_CASES__INIT;
	struct cases			*c = s->data;

	if (c->pending != 0)
		return;
	lc.cursor.data = c->cursor;
	lc.cursor.len = c->cursor_len;
	lc.limit = CASES_PAGE;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_MY_CASES;
	msg.list_my_cases = &lc;
	c->pending = tui_call(s, &msg, 0);
}

static void
cases_clear(struct cases *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++) {
		free(c->rows[i].serial);
		free(c->rows[i].shown);
		free(c->rows[i].item);
		free(c->rows[i].applicant);
	}
	free(c->rows);
	c->rows = NULL;
	c->n = 0;
	free(c->cursor);
	c->cursor = NULL;
	c->cursor_len = 0;
	c->more = c->loaded = 0;
	c->list.n = 0;
}

static void
cases_init(struct screen *s, void *arg)
{
	struct cases	*c;

	if (!filing_allowed())
		ui_error("%s", _("Only the agent post files applications"));
	c = xcalloc(1, sizeof *c);
	c->shown = 10;
	s->data = c;
	cases_fetch(s);
}

static void
cases_refresh(struct screen *s)
{
	struct cases	*c = s->data;

	if (c->pending != 0)
		return;
	cases_clear(c);
	cases_fetch(s);
}

static void
cases_want_more(struct screen *s)
{
	struct cases	*c = s->data;

	if (c->more && (c->list.sel >= (int)c->n - 1 ||
	    (int)c->n < c->shown))
		cases_fetch(s);
}

static void
cases_move(struct screen *s, int delta)
{
	struct cases	*c = s->data;

	c->list.n = (int)c->n;
	ui_list_move(&c->list, delta);
	cases_want_more(s);
}

static void
cases_up(struct screen *s)
{
	cases_move(s, -1);
}

static void
cases_down(struct screen *s)
{
	cases_move(s, 1);
}

static void
cases_page_up(struct screen *s)
{
	cases_move(s, -((struct cases *)s->data)->shown);
}

static void
cases_page_down(struct screen *s)
{
	cases_move(s, ((struct cases *)s->data)->shown);
}

static void
cases_home(struct screen *s)
{
	cases_move(s, -(int)((struct cases *)s->data)->n);
}

static void
cases_end(struct screen *s)
{
	cases_move(s, (int)((struct cases *)s->data)->n);
}

static void
cases_back(struct screen *s)
{
	screen_pop(s);
}

static void
cases_open(struct screen *s)
{
	struct cases	*c = s->data;

	if (c->list.sel < (int)c->n)
		screen_push(&screen_case_type, c->rows[c->list.sel].serial);
}

static void
cases_add_page(struct cases *c, const Banshi__V1__CasePage *p)
{
	const Banshi__V1__CaseSummary	*sum;
	struct case_row			*row;
	size_t				 i;

	c->rows = xreallocarray(c->rows, c->n + p->n_cases + 1,
	    sizeof *c->rows);
	for (i = 0; i < p->n_cases; i++) {
		sum = p->cases[i];
		row = &c->rows[c->n++];
		row->serial = xstrdup(sum->serial);
		row->shown = catalog_safe(sum->serial);
		row->item = catalog_safe(sum->item_name);
		row->applicant = catalog_safe(sum->applicant_name);
		row->status = (int)sum->status;
		filing_time(row->submitted, sizeof row->submitted,
		    sum->submitted_at);
	}
	free(c->cursor);
	c->cursor = NULL;
	c->cursor_len = p->next_cursor.len;
	if (c->cursor_len > 0) {
		c->cursor = xmalloc(c->cursor_len);
		memcpy(c->cursor, p->next_cursor.data, c->cursor_len);
	}
	c->more = c->cursor_len > 0;
	c->loaded = 1;
	c->list.n = (int)c->n;
}

static void
cases_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct cases	*c = s->data;
	char		 buf[512];

	if (id != c->pending)
		return;
	c->pending = 0;
	if (r == NULL)
		return;
	if (status_code(r) != BANSHI__V1__STATUS_CODE__STATUS_OK) {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		return;
	}
	if (r->body_case != BANSHI__V1__REPLY__BODY_CASES) {
		ui_error("%s", _("The server gave an unexpected answer"));
		return;
	}
	cases_add_page(c, r->cases);
	cases_want_more(s);
}

static void
cases_connected(struct screen *s)
{
	struct cases	*c = s->data;

	if (!c->loaded && c->pending == 0)
		cases_fetch(s);
}

/* Column widths: the item gets what the others leave. */
struct cases_cols {
	int	serial, item, applicant, status, date;
};

static void
cases_columns(const struct cases *c, int w, struct cases_cols *k)
{
	size_t	i;
	int	cw;

	k->serial = 21;
	k->applicant = (int)text_width(_("Applicant"));
	k->status = (int)text_width(_("State"));
	k->date = 16;
	for (i = 0; i < c->n; i++) {
		if ((cw = (int)text_width(c->rows[i].applicant)) > k->applicant)
			k->applicant = cw;
		cw = (int)text_width(filing_case_status(c->rows[i].status));
		if (cw > k->status)
			k->status = cw;
	}
	if (k->applicant > 16)
		k->applicant = 16;
	k->item = w - k->serial - k->applicant - k->status - k->date - 8;
}

static void
cases_put(int y, int *x, const char *text, int w, attr_t attr)
{
	char	*fit = ui_ellipsize(text, w);

	ui_put(y, *x, fit, w, attr);
	free(fit);
	*x += w + 2;
}

static void
cases_draw_tail(struct cases *c, int y, int w)
{
	char	buf[128];

	if (c->pending != 0)
		snprintf(buf, sizeof buf, "%s", _("Loading..."));
	else if (!c->loaded)
		snprintf(buf, sizeof buf, "%s", _("Not loaded; press F5 to try "
		    "again"));
	else if (c->more)
		snprintf(buf, sizeof buf, "%s", _("More cases: scroll down to "
		    "load them"));
	else if (c->n == 0)
		snprintf(buf, sizeof buf, "%s", _("No applications submitted "
		    "yet"));
	else
		snprintf(buf, sizeof buf, ngettext("End of the list: %zu case",
		    "End of the list: %zu cases", c->n), c->n);
	ui_put(y, 3, buf, w - 4, ui_attr(UI_ATTR_DIM));
}

static void
cases_draw(struct screen *s)
{
	struct cases		*c = s->data;
	struct cases_cols	 k;
	struct case_row		*row;
	int			 y = ui_top(), h = ui_bottom() - ui_top() + 1;
	int			 w = COLS - 2, i, sel, x;
	attr_t			 attr, dim = ui_attr(UI_ATTR_DIM);

	ui_box(y, 0, h, COLS, _("My cases"));
	cases_columns(c, w - 4, &k);
	x = 3;
	cases_put(y + 1, &x, _("Serial number"), k.serial, dim);
	cases_put(y + 1, &x, _("Item"), k.item, dim);
	cases_put(y + 1, &x, _("Applicant"), k.applicant, dim);
	cases_put(y + 1, &x, _("State"), k.status, dim);
	cases_put(y + 1, &x, _("Submitted"), k.date, dim);
	ui_box_rule(y + 2, 0, COLS);
	c->shown = h - 5;
	c->list.n = (int)c->n;
	ui_list_show(&c->list, c->shown);
	for (i = 0; i < c->shown && c->list.top + i < (int)c->n; i++) {
		row = &c->rows[c->list.top + i];
		sel = c->list.top + i == c->list.sel;
		attr = sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
		ui_select_bar(y + 3 + i, 1, w, sel);
		x = 3;
		cases_put(y + 3 + i, &x, row->shown, k.serial, attr);
		cases_put(y + 3 + i, &x, row->item, k.item, attr);
		cases_put(y + 3 + i, &x, row->applicant, k.applicant, attr);
		cases_put(y + 3 + i, &x, filing_case_status(row->status),
		    k.status, attr);
		cases_put(y + 3 + i, &x, row->submitted, k.date, attr);
	}
	if (i < c->shown)
		cases_draw_tail(c, y + 3 + i, w);
}

static void
cases_free(struct screen *s)
{
	struct cases	*c = s->data;

	cases_clear(c);
	free(c);
}

const struct screen_type screen_cases_type = {
	.name = "cases",
	.title = N_("My cases"),
	.keys = cases_keys,
	.init = cases_init,
	.draw = cases_draw,
	.reply = cases_reply,
	.free = cases_free,
	.valid = cases_valid,
	.connected = cases_connected,
};
