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
#define HOME_FILING	1	/* the areas that are open: filing, */
#define HOME_CATALOG	2	/* the catalogue */

static void	home_refresh(struct screen *);
static void	home_passwd(struct screen *);
static void	home_up(struct screen *);
static void	home_down(struct screen *);
static void	home_open(struct screen *);

static const struct ui_key home_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 5, 0, N_("Refresh"), N_("Reload your details from the server"),
	    home_refresh },
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
	{ 0, 'l', NULL, NULL, session_logout },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

static void
home_init(struct screen *s, void *arg)
{
	s->data = xcalloc(1, sizeof (struct home));
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

	h->sel = (h->sel + HOME_NAREAS - 1) % HOME_NAREAS;
}

static void
home_down(struct screen *s)
{
	struct home	*h = s->data;

	h->sel = (h->sel + 1) % HOME_NAREAS;
}

static void
home_open(struct screen *s)
{
	struct home	*h = s->data;

	if (h->sel == HOME_CATALOG) {
		screen_push(&screen_catalog_type, NULL);
		return;
	}
	if (h->sel == HOME_FILING) {
		if (filing_allowed())
			screen_push(&screen_filing_type, NULL);
		else
			ui_error("%s", _("Only the agent post files "
			    "applications"));
		return;
	}
	ui_message(_("%s: not open yet"), _(home_labels[HOME_NINFO + h->sel]));
}

static void
home_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct home	*h = s->data;
	char		 buf[512];

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
	if (area == HOME_CATALOG)
		return (_("Find items; read their guides and flow charts"));
	if (area == HOME_FILING)
		return (filing_allowed() ? _("New applications, my drafts and "
		    "my cases") : _("For the agent post only"));
	return (_("Not open yet"));
}

static void
home_draw_areas(struct home *h, int y, int x, int w, int lw)
{
	attr_t	attr;
	int	i;

	ui_box_rule(y, x, w);
	ui_put(y, x + 2, " ", 1, A_NORMAL);
	ui_put(y, x + 3 + ui_put(y, x + 3, _("Work areas"), w - 8, A_BOLD),
	    " ", 1, A_NORMAL);
	for (i = 0; i < HOME_NAREAS; i++) {
		attr = i == h->sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
		if (i == h->sel) {
			attron(attr);
			mvhline(y + 2 + i, x + 2, ' ', w - 4);
			attroff(attr);
			ui_put(y + 2 + i, x + 2, ">", 1, attr);
		}
		ui_row(y + 2 + i, x + 4, lw, _(home_labels[HOME_NINFO + i]),
		    home_area_text(i), w - 6, attr);
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
	if (ui_bottom() - ui_top() + 1 > HOME_BOX_H)
		y++;		/* a blank line under the header if it fits */
	x = (COLS - w) / 2;
	lw = ui_label_width(home_labels, HOME_NLABELS);
	ui_box(y, x, HOME_BOX_H, w, _("My desk"));
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
	.free = home_free,
};
