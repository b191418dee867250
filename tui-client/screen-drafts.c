/* 我的草稿: applications started and not submitted, newest first, paged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define DRAFTS_PAGE	20

struct draft_row {
	char	*id;			/* as sent */
	char	*item;			/* sanitized */
	char	*applicant;		/* sanitized */
	char	 updated[32];
};

struct drafts {
	struct list		 list;		/* first, for the keys */
	struct draft_row	*rows;
	uint32_t		 deleting;
	int			 stale;		/* a draft was opened */
	int			 iw;		/* the item column's width */
};

static void	drafts_open(struct screen *);
static void	drafts_delete(struct screen *);
static void	drafts_refresh(struct screen *);
static void	drafts_back(struct screen *);
static void	drafts_fetch(struct screen *);
static void	drafts_head(struct screen *, int, int);
static void	drafts_row(struct screen *, size_t, int, int);
static void	drafts_tail(struct screen *, char *, size_t);

static const struct list_type drafts_list = {
	.fetch = drafts_fetch,
	.head = drafts_head,
	.row = drafts_row,
	.tail = drafts_tail,
};

static const struct ui_key drafts_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Back"), N_("Back to the previous screen"), drafts_back },
	{ 5, 0, N_("Refresh"), N_("Load the list again from the server"),
	    drafts_refresh },
	{ 8, 0, N_("Delete"), N_("Delete the selected draft, after asking"),
	    drafts_delete },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '\n', N_("Resume"), N_("Go on with the selected draft"),
	    drafts_open },
	{ 0, KEY_ENTER, NULL, NULL, drafts_open },
	{ 0, KEY_UP, NULL, N_("Previous draft"), list_up },
	{ 0, KEY_DOWN, NULL, N_("Next draft; at the end, load more"),
	    list_down },
	{ 0, KEY_PPAGE, NULL, N_("Previous page"), list_page_up },
	{ 0, KEY_NPAGE, NULL, N_("Next page"), list_page_down },
	{ 0, KEY_HOME, NULL, N_("First draft"), list_home },
	{ 0, KEY_END, NULL, N_("Last draft loaded; load more"), list_end },
	{ 0, KEY_DC, NULL, NULL, drafts_delete },
	{ 0, 27, NULL, NULL, drafts_back },
	{ 0, 'd', NULL, NULL, drafts_delete },
	{ 0, 'r', NULL, NULL, drafts_refresh },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

static int
drafts_valid(struct screen *s, const struct ui_key *k)
{
	struct drafts	*d = s->data;

	if (k->fn == drafts_delete || k->fn == drafts_open)
		return (d->list.ui.sel < (int)d->list.n);
	return (1);
}

static void
drafts_fetch(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListDrafts		 ld = BANSHI__V1__LIST_DRAFTS__INIT;
	struct drafts			*d = s->data;

	if (d->list.pending != 0)
		return;
	ld.cursor.data = d->list.cursor;
	ld.cursor.len = d->list.cursor_len;
	ld.limit = DRAFTS_PAGE;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_DRAFTS;
	msg.list_drafts = &ld;
	d->list.pending = tui_call(s, &msg, 0);
}

static void
drafts_clear(struct drafts *d)
{
	size_t	i;

	for (i = 0; i < d->list.n; i++) {
		free(d->rows[i].id);
		free(d->rows[i].item);
		free(d->rows[i].applicant);
	}
	free(d->rows);
	d->rows = NULL;
	list_clear(&d->list);
}

static void
drafts_init(struct screen *s, void *arg)
{
	struct drafts	*d;

	d = xcalloc(1, sizeof *d);
	list_init(&d->list, &drafts_list);
	s->data = d;
	drafts_fetch(s);
}

/* Start again from the first page, keeping the selection's place. */
static void
drafts_refresh(struct screen *s)
{
	struct drafts	*d = s->data;

	if (d->list.pending != 0)
		return;
	drafts_clear(d);
	drafts_fetch(s);
}

static void
drafts_back(struct screen *s)
{
	screen_pop(s);
}

static void
drafts_open(struct screen *s)
{
	struct drafts	*d = s->data;

	if (d->list.ui.sel < (int)d->list.n) {
		d->stale = 1;
		form_open(NULL, NULL, d->rows[d->list.ui.sel].id);
	}
}

/* Deletion confirmed for the draft with id str. */
static void
drafts_delete_yes(struct screen *s, const char *id, long num)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__DeleteDraft		 dd = BANSHI__V1__DELETE_DRAFT__INIT;
	struct drafts			*d = s->data;

	dd.draft_id = (char *)id;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_DELETE_DRAFT;
	msg.delete_draft = &dd;
	d->deleting = tui_call(s, &msg, 1);
}

static void
drafts_delete(struct screen *s)
{
	struct drafts		*d = s->data;
	struct draft_row	*row;
	struct dialog_arg	 a;
	char			*q;

	if (d->list.ui.sel >= (int)d->list.n || d->deleting != 0)
		return;
	row = &d->rows[d->list.ui.sel];
	xasprintf(&q, _("Delete the draft of \"%s\" for %s? Its form and "
	    "materials go with it."), row->item, *row->applicant != '\0' ?
	    row->applicant : _("an applicant not yet named"));
	memset(&a, 0, sizeof a);
	a.owner = s;
	a.title = _("Delete draft");
	a.text = q;
	a.yes = _("delete");
	a.str = row->id;
	a.done = drafts_delete_yes;
	dialog_confirm(&a);
	free(q);
}

static void
drafts_add_page(struct drafts *d, const Banshi__V1__DraftPage *p)
{
	struct draft_row	*row;
	size_t			 i;

	d->rows = xreallocarray(d->rows, d->list.n + p->n_drafts + 1,
	    sizeof *d->rows);
	for (i = 0; i < p->n_drafts; i++) {
		row = &d->rows[d->list.n++];
		row->id = xstrdup(p->drafts[i]->draft_id);
		row->item = catalog_safe(p->drafts[i]->item_name);
		row->applicant = catalog_safe(p->drafts[i]->applicant_name);
		filing_time(row->updated, sizeof row->updated,
		    p->drafts[i]->updated_at);
	}
	list_page(&d->list, &p->next_cursor);
	ui_list_move(&d->list.ui, 0);
}

static void
drafts_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct drafts	*d = s->data;
	char		 buf[512];

	if (id == 0 || (id != d->list.pending && id != d->deleting))
		return;
	if (id == d->deleting) {
		d->deleting = 0;
		if (r == NULL)
			return;
		if (status_code(r) != BANSHI__V1__STATUS_CODE__STATUS_OK) {
			status_text(r, buf, sizeof buf);
			ui_error("%s", buf);
		} else
			ui_message("%s", _("The draft was deleted"));
		drafts_refresh(s);
		return;
	}
	if (list_reply(&d->list, r, BANSHI__V1__REPLY__BODY_DRAFTS) == -1)
		return;
	drafts_add_page(d, r->drafts);
	list_more(s, &d->list);
}

/* Back from a draft: it may have been submitted or changed. */
static void
drafts_shown(struct screen *s)
{
	struct drafts	*d = s->data;

	if (d->stale && screen_top() == s) {
		d->stale = 0;
		drafts_refresh(s);
	}
}

static void
drafts_connected(struct screen *s)
{
	struct drafts	*d = s->data;

	if (!d->list.loaded && d->list.pending == 0)
		drafts_fetch(s);
}

/* Column titles; the item gets what the others leave. */
static void
drafts_head(struct screen *s, int y, int w)
{
	struct drafts	*d = s->data;
	int		 aw = 20, tw = 16;

	d->iw = w - 4 - aw - tw - 4;
	ui_put(y, 3, _("Item"), d->iw, ui_attr(UI_ATTR_DIM));
	ui_put(y, 3 + d->iw + 2, _("Applicant"), aw, ui_attr(UI_ATTR_DIM));
	ui_put(y, 3 + d->iw + aw + 4, _("Last saved"), tw,
	    ui_attr(UI_ATTR_DIM));
}

static void
drafts_row(struct screen *s, size_t i, int y, int sel)
{
	struct drafts		*d = s->data;
	struct draft_row	*row = &d->rows[i];
	attr_t			 attr = sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
	char			*fit;
	int			 iw = d->iw, aw = 20, tw = 16;

	fit = ui_ellipsize(row->item, iw);
	ui_put(y, 3, fit, iw, attr);
	free(fit);
	ui_put(y, 3 + iw + 2, *row->applicant != '\0' ?
	    row->applicant : _("(not named yet)"), aw, attr);
	ui_put(y, 3 + iw + aw + 4, row->updated, tw, attr);
}

static void
drafts_tail(struct screen *s, char *buf, size_t len)
{
	struct drafts	*d = s->data;

	if (d->list.more)
		snprintf(buf, len, "%s", _("More drafts: scroll down to "
		    "load them"));
	else if (d->list.n == 0)
		snprintf(buf, len, "%s", _("No drafts: an application "
		    "starts with F6 on an item's guide"));
	else
		snprintf(buf, len, ngettext("%zu draft", "%zu drafts",
		    d->list.n), d->list.n);
}

static void
drafts_draw(struct screen *s)
{
	struct drafts	*d = s->data;

	list_draw(s, &d->list, _("My drafts"));
}

static void
drafts_free(struct screen *s)
{
	struct drafts	*d = s->data;

	drafts_clear(d);
	free(d);
}

const struct screen_type screen_drafts_type = {
	.name = "drafts",
	.title = N_("My drafts"),
	.keys = drafts_keys,
	.init = drafts_init,
	.draw = drafts_draw,
	.reply = drafts_reply,
	.free = drafts_free,
	.valid = drafts_valid,
	.shown = drafts_shown,
	.connected = drafts_connected,
};
