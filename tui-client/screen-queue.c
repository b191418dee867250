/*
 * A to-do list (待受理, 待审核 …): the cases waiting at one step for the
 * user's posts, the most urgent first, paged; it follows the server's
 * pushes.  Enter opens a case and takes it (签收); on the filing counter's
 * 需补办 list, Enter resumes the case's 补办 draft.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define Q(q)		BANSHI__V1__QUEUE__QUEUE_##q

#define QUEUE_PAGE	20	/* rows asked for at a time */
#define QUEUE_RELOAD	200	/* at most, when the list is loaded again */

struct qrow {
	char	*serial;		/* as sent */
	char	*shown;			/* sanitized */
	char	*item;
	char	*applicant;
	char	*holder;		/* "由 张伟 办理中", or "" */
	char	 date[32];
	char	 limit[64];		/* "剩 3 天 !" */
	attr_t	 attr;
};

/* Column widths: the item gets what the others leave. */
struct queue_cols {
	int	serial, item, applicant, date, limit, holder;
};

struct queue {
	struct list		 list;	/* first, for the keys */
	int			 queue;
	struct qrow		*rows;
	int			 fresh;	/* the pending page starts the list */
	int			 stale;	/* changed while loading or hidden */
	struct queue_cols	 cols;	/* as last drawn */
};

static void	queue_enter(struct screen *);
static void	queue_resume(struct screen *);
static void	queue_view(struct screen *);
static void	queue_refresh(struct screen *);
static void	queue_back(struct screen *);
static void	queue_fetch_more(struct screen *);
static void	queue_head(struct screen *, int, int);
static void	queue_row(struct screen *, size_t, int, int);
static void	queue_tail(struct screen *, char *, size_t);

static const struct list_type queue_list = {
	.fetch = queue_fetch_more,
	.head = queue_head,
	.row = queue_row,
	.tail = queue_tail,
	.quiet_reload = 1,
};

static const struct ui_key queue_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Back"), N_("Back to the previous screen"), queue_back },
	{ 4, 0, N_("View"), N_("Show the selected case, read only"),
	    queue_view },
	{ 5, 0, N_("Refresh"), N_("Load the list again from the server"),
	    queue_refresh },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '\n', N_("Work on it"), N_("Open the selected case and take it "
	    "(if nobody has)"), queue_enter },
	{ 0, KEY_ENTER, NULL, NULL, queue_enter },
	{ 0, '\n', N_("Supplement"), N_("Resume the case's supplement draft "
	    "to hand in the materials again"), queue_resume },
	{ 0, KEY_ENTER, NULL, NULL, queue_resume },
	{ 0, KEY_UP, NULL, N_("Previous case"), list_up },
	{ 0, KEY_DOWN, NULL, N_("Next case; at the end, load more"),
	    list_down },
	{ 0, KEY_PPAGE, NULL, N_("Previous page"), list_page_up },
	{ 0, KEY_NPAGE, NULL, N_("Next page; at the end, load more"),
	    list_page_down },
	{ 0, KEY_HOME, NULL, N_("First case"), list_home },
	{ 0, KEY_END, NULL, N_("Last case loaded; load more"), list_end },
	{ 0, 27, NULL, NULL, queue_back },
	{ 0, 'v', NULL, NULL, queue_view },
	{ 0, 'r', NULL, NULL, queue_refresh },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

/* Open the to-do list queue. */
void
queue_open(int queue)
{
	screen_push(&screen_queue_type, &queue);
}

static int
queue_valid(struct screen *s, const struct ui_key *k)
{
	struct queue	*q = s->data;

	if (k->fn == queue_enter || k->fn == queue_resume)
		return (q->list.ui.sel < (int)q->list.n &&
		    (k->fn == queue_resume) ==
		    (q->queue == Q(SUPPLEMENT)));
	if (k->fn == queue_view)
		return (q->list.ui.sel < (int)q->list.n);
	return (1);
}

static void
queue_fetch(struct screen *s, int fresh)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListQueue		 lq = BANSHI__V1__LIST_QUEUE__INIT;
	struct queue			*q = s->data;

	if (q->list.pending != 0) {
		q->stale |= fresh;
		return;
	}
	lq.queue = q->queue;
	if (fresh) {
		lq.limit = q->list.n < QUEUE_PAGE ? QUEUE_PAGE :
		    q->list.n > QUEUE_RELOAD ? QUEUE_RELOAD :
		    (uint32_t)q->list.n;
	} else {
		lq.cursor.data = q->list.cursor;
		lq.cursor.len = q->list.cursor_len;
		lq.limit = QUEUE_PAGE;
	}
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_QUEUE;
	msg.list_queue = &lq;
	q->fresh = fresh;
	q->stale = 0;
	q->list.pending = tui_call(s, &msg, 0);
}

static void
queue_fetch_more(struct screen *s)
{
	queue_fetch(s, 0);
}

static void
queue_clear_rows(struct queue *q)
{
	size_t	i;

	for (i = 0; i < q->list.n; i++) {
		free(q->rows[i].serial);
		free(q->rows[i].shown);
		free(q->rows[i].item);
		free(q->rows[i].applicant);
		free(q->rows[i].holder);
	}
	free(q->rows);
	q->rows = NULL;
	list_clear(&q->list);
}

static void
queue_init(struct screen *s, void *arg)
{
	struct queue	*q;

	q = xcalloc(1, sizeof *q);
	list_init(&q->list, &queue_list);
	q->queue = *(int *)arg;
	s->data = q;
	queue_fetch(s, 1);
}

static void
queue_refresh(struct screen *s)
{
	queue_fetch(s, 1);
}

static void
queue_back(struct screen *s)
{
	screen_pop(s);
}

/* Enter: work on the case, taking it. */
static void
queue_enter(struct screen *s)
{
	struct queue	*q = s->data;

	if (q->list.ui.sel < (int)q->list.n)
		work_open(q->rows[q->list.ui.sel].serial, 1);
}

/* Enter on 需补办: the case's 补办 draft, made when it was sent back. */
static void
queue_resume(struct screen *s)
{
	struct queue	*q = s->data;
	char		*draft;

	if (q->list.ui.sel >= (int)q->list.n)
		return;
	xasprintf(&draft, "S%s", q->rows[q->list.ui.sel].serial);
	form_open(NULL, NULL, draft);
	free(draft);
}

/* F4: the case without taking it. */
static void
queue_view(struct screen *s)
{
	struct queue	*q = s->data;

	if (q->list.ui.sel >= (int)q->list.n)
		return;
	if (q->queue == Q(SUPPLEMENT))
		screen_push(&screen_case_type, q->rows[q->list.ui.sel].serial);
	else
		work_open(q->rows[q->list.ui.sel].serial, 0);
}

static void
queue_row_set(struct qrow *row, const Banshi__V1__QueueRow *r)
{
	char		 limit[48], *name;
	const char	*mark = work_clock_mark(r->clock);

	row->serial = xstrdup(r->serial);
	row->shown = catalog_safe(r->serial);
	row->item = catalog_safe(r->item_name);
	row->applicant = catalog_safe(r->applicant_name);
	filing_time(row->date, sizeof row->date, r->submitted_at);
	row->date[10] = '\0';		/* the day: "2026-11-28" */
	work_clock_text(limit, sizeof limit, r->clock);
	snprintf(row->limit, sizeof row->limit, "%s%s%s", limit,
	    *mark != '\0' ? " " : "", mark);
	row->attr = work_clock_attr(r->clock);
	if (r->claimed_by == NULL || *r->claimed_by == '\0') {
		row->holder = xstrdup("");
		return;
	}
	name = catalog_safe(r->claimed_by);
	if (tui.user != NULL && strcmp(name, tui.user->display_name) == 0)
		row->holder = xstrdup(_("Taken by you"));
	else
		xasprintf(&row->holder, _("Being handled by %s"), name);
	free(name);
}

/* Take a page; a fresh one replaces the list, keeping the selected case. */
static void
queue_add_page(struct queue *q, const Banshi__V1__QueuePage *p, int fresh)
{
	char	*keep = NULL;
	size_t	 i;

	if (fresh) {
		if (q->list.ui.sel < (int)q->list.n)
			keep = xstrdup(q->rows[q->list.ui.sel].serial);
		queue_clear_rows(q);
	}
	q->rows = xreallocarray(q->rows, q->list.n + p->n_rows + 1,
	    sizeof *q->rows);
	for (i = 0; i < p->n_rows; i++) {
		if (keep != NULL && strcmp(p->rows[i]->serial, keep) == 0)
			q->list.ui.sel = (int)q->list.n;
		queue_row_set(&q->rows[q->list.n++], p->rows[i]);
	}
	free(keep);
	list_page(&q->list, &p->next_cursor);
	ui_list_move(&q->list.ui, 0);
}

static void
queue_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct queue	*q = s->data;

	if (id == 0 || id != q->list.pending)
		return;
	if (r == NULL)
		q->stale = 1;		/* asked again on reconnecting */
	if (list_reply(&q->list, r, BANSHI__V1__REPLY__BODY_QUEUE) == -1)
		return;
	queue_add_page(q, r->queue, q->fresh);
	if (q->stale)
		queue_fetch(s, 1);
	else
		list_more(s, &q->list);
}

/* The server says the list changed: load it again now, or once shown. */
static void
queue_event(struct screen *s, const Banshi__V1__Event *ev)
{
	struct queue	*q = s->data;

	if (work_queue_event(ev) != q->queue)
		return;
	if (screen_top() == s)
		queue_fetch(s, 1);
	else
		q->stale = 1;
}

static void
queue_shown(struct screen *s)
{
	queue_fetch(s, 1);	/* back from a case: it may have moved on */
}

/* Pushes may have been missed meanwhile: load the list again. */
static void
queue_connected(struct screen *s)
{
	queue_fetch(s, 1);
}

/* Take up to *over columns from *col, leaving it at least min. */
static void
queue_shrink(int *col, int min, int *over)
{
	int	take = *col - min;

	if (*over <= 0 || take <= 0)
		return;
	if (take > *over)
		take = *over;
	*col -= take;
	*over -= take;
}

/*
 * Column widths: the item gets what the others leave.  On a narrow
 * terminal the holder, the applicant and the day give way first (a column
 * of width 0 is left out).
 */
static void
queue_columns(const struct queue *q, int w, struct queue_cols *k)
{
	size_t	i;
	int	cw, over;

	k->serial = 21;
	k->date = 10;
	k->applicant = (int)text_width(_("Applicant"));
	k->limit = (int)text_width(_("Time left"));
	k->holder = (int)text_width(_("Handled by"));
	for (i = 0; i < q->list.n; i++) {
		if ((cw = (int)text_width(q->rows[i].applicant)) > k->applicant)
			k->applicant = cw;
		if ((cw = (int)text_width(q->rows[i].limit)) > k->limit)
			k->limit = cw;
		if ((cw = (int)text_width(q->rows[i].holder)) > k->holder)
			k->holder = cw;
	}
	if (k->applicant > 14)
		k->applicant = 14;
	if (k->holder > 16)
		k->holder = 16;
	over = k->serial + 16 + k->applicant + k->date + k->limit +
	    k->holder + 10 - w;
	queue_shrink(&k->holder, 0, &over);
	queue_shrink(&k->applicant, 0, &over);
	queue_shrink(&k->date, 0, &over);
	k->item = w - k->serial - k->applicant - k->date - k->limit -
	    k->holder - 2 * (2 + (k->applicant > 0) + (k->date > 0) +
	    (k->holder > 0));
	if (k->item < 4)
		k->item = 4;
}

static void
queue_put(int y, int *x, const char *text, int w, attr_t attr)
{
	char	*fit;

	if (w <= 0)
		return;
	fit = ui_ellipsize(text, w);

	ui_put(y, *x, fit, w, attr);
	free(fit);
	*x += w + 2;
}

static void
queue_tail(struct screen *s, char *buf, size_t len)
{
	struct queue	*q = s->data;

	if (q->list.more)
		snprintf(buf, len, "%s", _("More cases: scroll down to "
		    "load them"));
	else if (q->list.n == 0)
		snprintf(buf, len, "%s", _("Nothing to do in this "
		    "list"));
	else
		snprintf(buf, len, ngettext("End of the list: %zu case",
		    "End of the list: %zu cases", q->list.n), q->list.n);
}

static void
queue_head(struct screen *s, int y, int w)
{
	struct queue		*q = s->data;
	struct queue_cols	*k = &q->cols;
	attr_t			 dim = ui_attr(UI_ATTR_DIM);
	int			 x = 3;

	queue_columns(q, w - 4, k);
	queue_put(y, &x, _("Serial number"), k->serial, dim);
	queue_put(y, &x, _("Item"), k->item, dim);
	queue_put(y, &x, _("Applicant"), k->applicant, dim);
	queue_put(y, &x, _("Submitted"), k->date, dim);
	queue_put(y, &x, _("Time left"), k->limit, dim);
	queue_put(y, &x, _("Handled by"), k->holder, dim);
}

static void
queue_row(struct screen *s, size_t i, int y, int sel)
{
	struct queue		*q = s->data;
	struct queue_cols	*k = &q->cols;
	struct qrow		*row = &q->rows[i];
	attr_t			 attr = sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
	int			 x = 3;

	queue_put(y, &x, row->shown, k->serial, attr);
	queue_put(y, &x, row->item, k->item, attr);
	queue_put(y, &x, row->applicant, k->applicant, attr);
	queue_put(y, &x, row->date, k->date, attr);
	queue_put(y, &x, row->limit, k->limit, sel ? attr : row->attr);
	queue_put(y, &x, row->holder, k->holder, attr);
}

static void
queue_draw(struct screen *s)
{
	struct queue	*q = s->data;
	char		 title[128];
	long		 n = work_count(q->queue);

	if (n >= 0)
		snprintf(title, sizeof title, ngettext("%s (%ld case)",
		    "%s (%ld cases)", n), work_queue_name(q->queue), n);
	else
		snprintf(title, sizeof title, "%s", work_queue_name(q->queue));
	list_draw(s, &q->list, title);
}

static void
queue_free(struct screen *s)
{
	struct queue	*q = s->data;

	queue_clear_rows(q);
	free(q);
}

const struct screen_type screen_queue_type = {
	.name = "queue",
	.title = N_("To-do list"),
	.keys = queue_keys,
	.init = queue_init,
	.draw = queue_draw,
	.reply = queue_reply,
	.event = queue_event,
	.free = queue_free,
	.valid = queue_valid,
	.shown = queue_shown,
	.connected = queue_connected,
};
