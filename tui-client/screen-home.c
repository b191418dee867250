/* The home screen: who is signed in, and the work areas to go to. */
#include <stdio.h>
#include <stdlib.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define HOME_BOX_W	76
#define HOME_BOX_H	17

enum { HOME_NAME, HOME_LOGIN, HOME_ORG, HOME_PATH, HOME_POSTS, HOME_NINFO };

struct home {
	int		sel;		/* the selected work area */
	uint32_t	pending;	/* the WhoAmI in flight */
};

static const char *const home_labels[] = {
	N_("Name"), N_("Login"), N_("Org unit"), N_("Org path"), N_("Posts"),
	/* The work areas; later releases open the others. */
	N_("Work queue"), N_("File for an applicant"), N_("Service guide"),
	N_("Online booking"), N_("Supervision"),
};
#define HOME_NLABELS	(sizeof home_labels / sizeof home_labels[0])
#define HOME_NAREAS	((int)HOME_NLABELS - HOME_NINFO)
#define HOME_QUEUES	0	/* the to-do lists: a row each under it */
#define HOME_FILING	1	/* the areas that are open: filing, */
#define HOME_CATALOG	2	/* the catalogue */
/* Rows to move over: the areas and the to-do lists (screen-queue.c). */
#define HOME_NROWS	(HOME_NAREAS + work_nqueues())

static void	home_refresh(struct screen *);
static void	home_passwd(struct screen *);
static void	home_up(struct screen *);
static void	home_down(struct screen *);
static void	home_open(struct screen *);

static const struct ui_key home_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 5, 0, N_("Refresh"), N_("Reload your details from the server"),
	    home_refresh },
	{ 7, 0, N_("Settings"), N_("Your mobile number and to-do reminders"),
	    settings_open },
	{ 8, 0, N_("Change password"), N_("Change your password"),
	    home_passwd },
	{ 9, 0, N_("Log out"), N_("Log out and go back to the login screen"),
	    session_logout },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '/', N_("Search"), N_("Search items by name or keyword"),
	    ui_search },
	{ 0, KEY_UP, NULL, N_("Previous work area"), home_up },
	{ 0, KEY_BTAB, NULL, NULL, home_up },
	{ 0, KEY_DOWN, NULL, N_("Next work area"), home_down },
	{ 0, '\t', NULL, NULL, home_down },
	{ 0, '\n', NULL, N_("Open the selected work area"), home_open },
	{ 0, KEY_ENTER, NULL, NULL, home_open },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'r', NULL, NULL, home_refresh },
	{ 0, 'p', NULL, NULL, home_passwd },
	{ 0, 's', NULL, NULL, settings_open },
	{ 0, 'l', NULL, NULL, session_logout },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

static void
home_init(struct screen *s, void *arg)
{
	s->data = xcalloc(1, sizeof (struct home));
	work_counts_fetch(s);
}

static void
home_refresh(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__WhoAmI		 who = BANSHI__V1__WHO_AM_I__INIT;
	struct home			*h = s->data;

	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_WHO_AM_I;
	msg.who_am_i = &who;
	if ((h->pending = tui_call(s, &msg, 0)) != 0)
		ui_message("%s", _("Refreshing..."));
	work_counts_fetch(s);
}

static void
home_passwd(struct screen *s)
{
	screen_push(&screen_passwd_type, NULL);
}

static void
home_up(struct screen *s)
{
	struct home	*h = s->data;

	h->sel = (h->sel + HOME_NROWS - 1) % HOME_NROWS;
}

static void
home_down(struct screen *s)
{
	struct home	*h = s->data;

	h->sel = (h->sel + 1) % HOME_NROWS;
}

/* The work area of a row, or -1 - the to-do list's index. */
static int
home_area_of(int row)
{
	int	nq = work_nqueues();

	if (row >= HOME_NROWS)		/* a list has gone since */
		row = HOME_NROWS - 1;
	if (row > HOME_QUEUES && row <= HOME_QUEUES + nq)
		return (-1 - (row - HOME_QUEUES - 1));
	return (row > HOME_QUEUES ? row - nq : row);
}

static void
home_open(struct screen *s)
{
	struct home	*h = s->data;
	int		 area = home_area_of(h->sel);

	if (area < 0) {
		queue_open(work_queue_at(-1 - area));
		return;
	}
	if (area == HOME_QUEUES) {
		if (work_nqueues() > 0)
			queue_open(work_queue_at(0));
		else
			ui_error("%s", _("Your posts have no to-do lists"));
		return;
	}
	if (area == HOME_CATALOG) {
		screen_push(&screen_catalog_type, NULL);
		return;
	}
	if (area == HOME_FILING) {
		if (filing_allowed())
			screen_push(&screen_filing_type, NULL);
		else
			ui_error("%s", _("Only the agent post files "
			    "applications"));
		return;
	}
	ui_message(_("%s: not open yet"), _(home_labels[HOME_NINFO + area]));
}

static void
home_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct home	*h = s->data;
	char		 buf[512];

	if (work_counts_reply(s, id, r))
		return;
	if (id != h->pending)
		return;
	h->pending = 0;
	if (r == NULL)
		return;		/* the connection message says it */
	if (status_code(r) != BANSHI__V1__STATUS_CODE__STATUS_OK) {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		return;
	}
	if (r->body_case == BANSHI__V1__REPLY__BODY_WHO_AM_I)
		session_update(r->who_am_i);
	ui_message("%s", _("Refreshed"));
}

/* A to-do list changed: its count on this screen too. */
static void
home_event(struct screen *s, const Banshi__V1__Event *ev)
{
	if (work_queue_event(ev) != 0)
		work_counts_fetch(s);
}

static void
home_connected(struct screen *s)
{
	work_counts_fetch(s);
}

/* Where the string beside each info label lives in struct user. */
static const size_t home_values[] = {
	[HOME_NAME] = offsetof(struct user, display_name),
	[HOME_LOGIN] = offsetof(struct user, login),
	[HOME_ORG] = offsetof(struct user, org),
	[HOME_PATH] = offsetof(struct user, org_path),
};

/* What a work area offers, beside its name. */
static const char *
home_area_text(int area)
{
	static char	buf[128];
	long		n, total = 0;
	int		i;

	if (area == HOME_QUEUES) {
		if (work_nqueues() == 0)
			return (_("Your posts have no to-do lists"));
		for (i = 0; i < work_nqueues(); i++)
			if ((n = work_count(work_queue_at(i))) > 0)
				total += n;
		snprintf(buf, sizeof buf, ngettext("%ld case waiting",
		    "%ld cases waiting", total), total);
		return (buf);
	}
	if (area == HOME_CATALOG)
		return (_("Find items; read their guides and flow charts"));
	if (area == HOME_FILING)
		return (filing_allowed() ? _("New applications, my drafts and "
		    "my cases") : _("For the agent post only"));
	return (_("Not open yet"));
}

/* One to-do list under its area: "  待受理    3 件". */
static void
home_draw_queue(struct home *h, int y, int x, int w, int lw, int row,
    int queue)
{
	attr_t	attr = row == h->sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
	char	count[64];
	long	n = work_count(queue);
	int	i, qw;

	for (i = 0; i < work_nqueues(); i++) {	/* the names line up */
		qw = (int)text_width(work_queue_name(work_queue_at(i)));
		if (qw > lw)
			lw = qw;
	}
	if (n >= 0)
		snprintf(count, sizeof count, ngettext("%ld case", "%ld cases",
		    n), n);
	else
		snprintf(count, sizeof count, "%s", "...");
	ui_select_bar(y, x + 2, w - 4, row == h->sel);
	ui_row(y, x + 6, lw, work_queue_name(queue), count, w - 8,
	    n > 0 ? attr | A_BOLD : attr);
}

static void
home_draw_areas(struct home *h, int y, int x, int w, int lw)
{
	attr_t	attr;
	int	i, row, q, nq = work_nqueues();

	if (h->sel >= HOME_NROWS)	/* a list has gone since */
		h->sel = HOME_NROWS - 1;
	ui_box_rule(y, x, w);
	ui_put(y, x + 2, " ", 1, A_NORMAL);
	ui_put(y, x + 3 + ui_put(y, x + 3, _("Work areas"), w - 8, A_BOLD),
	    " ", 1, A_NORMAL);
	for (i = row = 0; i < HOME_NAREAS; i++, row++) {
		attr = row == h->sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
		ui_select_bar(y + 2 + row, x + 2, w - 4, row == h->sel);
		ui_row(y + 2 + row, x + 4, lw, _(home_labels[HOME_NINFO + i]),
		    home_area_text(i), w - 6, attr);
		for (q = 0; i == HOME_QUEUES && q < nq; q++)
			home_draw_queue(h, y + 3 + row + q, x, w, lw, row + 1 +
			    q, work_queue_at(q));
		if (i == HOME_QUEUES)
			row += nq;
	}
}

static void
home_draw(struct screen *s)
{
	struct home	*h = s->data;
	char		*posts;
	int		 y, x, w = HOME_BOX_W, lw, i;

	if (tui.user == NULL)
		return;
	if (w > COLS - 2)
		w = COLS - 2;
	y = ui_top();
	if (ui_bottom() - ui_top() + 1 > HOME_BOX_H + work_nqueues())
		y++;		/* a blank line under the header if it fits */
	x = (COLS - w) / 2;
	lw = ui_label_width(home_labels, HOME_NLABELS);
	ui_box(y, x, HOME_BOX_H + work_nqueues(), w, _("My desk"));
	for (i = 0; i < HOME_POSTS; i++)
		ui_row(y + 2 + i, x + 4, lw, _(home_labels[i]),
		    *(char **)((char *)tui.user + home_values[i]), w - 6,
		    i == HOME_NAME ? A_BOLD : A_NORMAL);
	posts = user_posts_text(tui.user);
	ui_row(y + 2 + HOME_POSTS, x + 4, lw, _(home_labels[HOME_POSTS]),
	    posts, w - 6, A_NORMAL);
	free(posts);
	home_draw_areas(h, y + 8, x, w, lw);
}

static void
home_free(struct screen *s)
{
	free(s->data);
}

const struct screen_type screen_home_type = {
	.name = "home",
	.title = N_("My desk"),
	.keys = home_keys,
	.init = home_init,
	.draw = home_draw,
	.reply = home_reply,
	.event = home_event,
	.free = home_free,
	.connected = home_connected,
};
