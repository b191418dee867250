/* 代办申报 from home: a new application, my drafts, my cases. */
#include <stdio.h>
#include <stdlib.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define FMENU_BOX_W	60

static const char *const fmenu_entries[] = {
	N_("New application: find the item"),
	N_("My drafts"),
	N_("My cases"),
};
static const char *const fmenu_helps[] = {
	N_("Open the catalogue; F6 on an item's guide starts the application"),
	N_("Applications started and not yet submitted: resume or delete"),
	N_("Applications you submitted, newest first"),
};
#define FMENU_N	3

struct fmenu {
	int	sel;
};

static void	fmenu_open(struct screen *);
static void	fmenu_cancel(struct screen *);
static void	fmenu_up(struct screen *);
static void	fmenu_down(struct screen *);
static void	fmenu_one(struct screen *);
static void	fmenu_two(struct screen *);
static void	fmenu_three(struct screen *);

static const struct ui_key fmenu_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Back"), N_("Back to My desk"), fmenu_cancel },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '\n', N_("Open"), N_("Open the selected entry"), fmenu_open },
	{ 0, KEY_ENTER, NULL, NULL, fmenu_open },
	{ 0, KEY_UP, NULL, N_("Previous entry"), fmenu_up },
	{ 0, KEY_BTAB, NULL, NULL, fmenu_up },
	{ 0, KEY_DOWN, NULL, N_("Next entry"), fmenu_down },
	{ 0, '\t', NULL, NULL, fmenu_down },
	{ 0, '1', NULL, N_("New application"), fmenu_one },
	{ 0, '2', NULL, N_("My drafts"), fmenu_two },
	{ 0, '3', NULL, N_("My cases"), fmenu_three },
	{ 0, 27, NULL, NULL, fmenu_cancel },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

static void
fmenu_init(struct screen *s, void *arg)
{
	s->data = xcalloc(1, sizeof (struct fmenu));
}

/* Open entry i in place of the menu. */
static void
fmenu_go(struct screen *s, int i)
{
	screen_pop(s);
	if (i == 0)
		screen_push(&screen_catalog_type, NULL);
	else if (i == 1)
		screen_push(&screen_drafts_type, NULL);
	else
		screen_push(&screen_cases_type, NULL);
}

static void
fmenu_open(struct screen *s)
{
	fmenu_go(s, ((struct fmenu *)s->data)->sel);
}

static void
fmenu_one(struct screen *s)
{
	fmenu_go(s, 0);
}

static void
fmenu_two(struct screen *s)
{
	fmenu_go(s, 1);
}

static void
fmenu_three(struct screen *s)
{
	fmenu_go(s, 2);
}

static void
fmenu_cancel(struct screen *s)
{
	screen_pop(s);
}

static void
fmenu_up(struct screen *s)
{
	struct fmenu	*f = s->data;

	f->sel = (f->sel + FMENU_N - 1) % FMENU_N;
}

static void
fmenu_down(struct screen *s)
{
	struct fmenu	*f = s->data;

	f->sel = (f->sel + 1) % FMENU_N;
}

static void
fmenu_draw(struct screen *s)
{
	struct fmenu	*f = s->data;
	char		 buf[256];
	int		 w = FMENU_BOX_W, h = FMENU_N + 7, y, x, i, room;

	if (w > COLS - 2)
		w = COLS - 2;
	room = ui_bottom() - ui_top() + 1;
	y = ui_top() + (room - h) / 2;
	x = (COLS - w) / 2;
	ui_box(y, x, h, w, _("File for an applicant"));
	for (i = 0; i < FMENU_N; i++) {
		ui_select_bar(y + 2 + i, x + 2, w - 4, i == f->sel);
		snprintf(buf, sizeof buf, "%d  %s", i + 1, _(fmenu_entries[i]));
		ui_put(y + 2 + i, x + 4, buf, w - 8, i == f->sel ?
		    ui_attr(UI_ATTR_FOCUS) : A_NORMAL);
	}
	ui_box_rule(y + FMENU_N + 3, x, w);
	ui_put(y + FMENU_N + 4, x + 3, _(fmenu_helps[f->sel]), w - 6,
	    ui_attr(UI_ATTR_DIM));
}

static void
fmenu_free(struct screen *s)
{
	free(s->data);
}

const struct screen_type screen_filing_type = {
	.name = "filing",
	.title = N_("File for an applicant"),
	.keys = fmenu_keys,
	.overlay = 1,
	.init = fmenu_init,
	.draw = fmenu_draw,
	.free = fmenu_free,
};
