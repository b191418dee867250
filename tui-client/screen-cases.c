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

/* Column widths: the item gets what the others leave. */
struct cases_cols {
	int	serial, item, applicant, status, date;
};

struct cases {
	struct list		 list;		/* first, for the keys */
	struct case_row		*rows;
	struct cases_cols	 cols;		/* as last drawn */
};

static void	cases_open(struct screen *);
static void	cases_refresh(struct screen *);
static void	cases_back(struct screen *);
static void	cases_fetch(struct screen *);
static void	cases_head(struct screen *, int, int);
static void	cases_row(struct screen *, size_t, int, int);
static void	cases_tail(struct screen *, char *, size_t);

static const struct list_type cases_list = {
	.fetch = cases_fetch,
	.head = cases_head,
	.row = cases_row,
	.tail = cases_tail,
};

static const struct ui_key cases_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Back"), N_("Back to the previous screen"), cases_back },
	{ 5, 0, N_("Refresh"), N_("Load the list again from the server"),
	    cases_refresh },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '\n', N_("Open"), N_("Show the selected case"), cases_open },
	{ 0, KEY_ENTER, NULL, NULL, cases_open },
	{ 0, KEY_UP, NULL, N_("Previous case"), list_up },
	{ 0, KEY_DOWN, NULL, N_("Next case; at the end, load more"),
	    list_down },
	{ 0, KEY_PPAGE, NULL, N_("Previous page"), list_page_up },
	{ 0, KEY_NPAGE, NULL, N_("Next page; at the end, load more"),
	    list_page_down },
	{ 0, KEY_HOME, NULL, N_("First case"), list_home },
	{ 0, KEY_END, NULL, N_("Last case loaded; load more"), list_end },
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
		return (c->list.ui.sel < (int)c->list.n);
	return (1);
}

static void
cases_fetch(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListMyCases		 lc = BANSHI__V1__LIST_MY_CASES__INIT;
	struct cases			*c = s->data;

	if (c->list.pending != 0)
		return;
	lc.cursor.data = c->list.cursor;
	lc.cursor.len = c->list.cursor_len;
	lc.limit = CASES_PAGE;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_MY_CASES;
	msg.list_my_cases = &lc;
	c->list.pending = tui_call(s, &msg, 0);
}

static void
cases_clear(struct cases *c)
{
	size_t	i;

	for (i = 0; i < c->list.n; i++) {
		free(c->rows[i].serial);
		free(c->rows[i].shown);
		free(c->rows[i].item);
		free(c->rows[i].applicant);
	}
	free(c->rows);
	c->rows = NULL;
	list_clear(&c->list);
}

static void
cases_init(struct screen *s, void *arg)
{
	struct cases	*c;

	if (!filing_allowed())
		ui_error("%s", _("Only the agent post files applications"));
	c = xcalloc(1, sizeof *c);
	list_init(&c->list, &cases_list);
	s->data = c;
	cases_fetch(s);
}

static void
cases_refresh(struct screen *s)
{
	struct cases	*c = s->data;

	if (c->list.pending != 0)
		return;
	cases_clear(c);
	cases_fetch(s);
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

	if (c->list.ui.sel < (int)c->list.n)
		screen_push(&screen_case_type, c->rows[c->list.ui.sel].serial);
}

static void
cases_add_page(struct cases *c, const Banshi__V1__CasePage *p)
{
	const Banshi__V1__CaseSummary	*sum;
	struct case_row			*row;
	size_t				 i;

	c->rows = xreallocarray(c->rows, c->list.n + p->n_cases + 1,
	    sizeof *c->rows);
	for (i = 0; i < p->n_cases; i++) {
		sum = p->cases[i];
		row = &c->rows[c->list.n++];
		row->serial = xstrdup(sum->serial);
		row->shown = catalog_safe(sum->serial);
		row->item = catalog_safe(sum->item_name);
		row->applicant = catalog_safe(sum->applicant_name);
		row->status = (int)sum->status;
		filing_time(row->submitted, sizeof row->submitted,
		    sum->submitted_at);
	}
	list_page(&c->list, &p->next_cursor);
}

static void
cases_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct cases	*c = s->data;

	if (id != c->list.pending)
		return;
	if (list_reply(&c->list, r, BANSHI__V1__REPLY__BODY_CASES) == -1)
		return;
	cases_add_page(c, r->cases);
	list_more(s, &c->list);
}

static void
cases_connected(struct screen *s)
{
	struct cases	*c = s->data;

	if (!c->list.loaded && c->list.pending == 0)
		cases_fetch(s);
}

static void
cases_columns(const struct cases *c, int w, struct cases_cols *k)
{
	size_t	i;
	int	cw;

	k->serial = 21;
	k->applicant = (int)text_width(_("Applicant"));
	k->status = (int)text_width(_("State"));
	k->date = 16;
	for (i = 0; i < c->list.n; i++) {
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
cases_tail(struct screen *s, char *buf, size_t len)
{
	struct cases	*c = s->data;

	if (c->list.more)
		snprintf(buf, len, "%s", _("More cases: scroll down to "
		    "load them"));
	else if (c->list.n == 0)
		snprintf(buf, len, "%s", _("No applications submitted "
		    "yet"));
	else
		snprintf(buf, len, ngettext("End of the list: %zu case",
		    "End of the list: %zu cases", c->list.n), c->list.n);
}

static void
cases_head(struct screen *s, int y, int w)
{
	struct cases		*c = s->data;
	struct cases_cols	*k = &c->cols;
	attr_t			 dim = ui_attr(UI_ATTR_DIM);
	int			 x = 3;

	cases_columns(c, w - 4, k);
	cases_put(y, &x, _("Serial number"), k->serial, dim);
	cases_put(y, &x, _("Item"), k->item, dim);
	cases_put(y, &x, _("Applicant"), k->applicant, dim);
	cases_put(y, &x, _("State"), k->status, dim);
	cases_put(y, &x, _("Submitted"), k->date, dim);
}

static void
cases_row(struct screen *s, size_t i, int y, int sel)
{
	struct cases		*c = s->data;
	struct cases_cols	*k = &c->cols;
	struct case_row		*row = &c->rows[i];
	attr_t			 attr = sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
	int			 x = 3;

	cases_put(y, &x, row->shown, k->serial, attr);
	cases_put(y, &x, row->item, k->item, attr);
	cases_put(y, &x, row->applicant, k->applicant, attr);
	cases_put(y, &x, filing_case_status(row->status), k->status, attr);
	cases_put(y, &x, row->submitted, k->date, attr);
}

static void
cases_draw(struct screen *s)
{
	struct cases	*c = s->data;

	list_draw(s, &c->list, _("My cases"));
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
