/*
 * The flow chart of one item (办事流程): its steps as boxes of one width,
 * top to bottom between 开始 and 办结, joined by arrows; scrollable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define FLOW_PAD	3	/* columns between a box's side and its text */

struct flow_step {
	char		*name;		/* sanitized */
	char		*merged;	/* "Approval + Issuing", or NULL */
	char		*desk;		/* "Acceptance desk  1 working day" */
};

struct flow {
	char			*name;		/* the item's, sanitized */
	int			 kind;
	struct flow_step	*v;
	size_t			 n;
	unsigned int		 days;		/* all steps together */
	int			 top;		/* first chart row shown */
	int			 vh;		/* chart rows on screen */
	int			 height;	/* chart rows in all */
};

/* Where the chart is drawn: its first row and the rows shown. */
struct flow_view {
	const struct flow	*f;
	int			 y;		/* screen row of chart row top */
	int			 bx;		/* the boxes' left column */
	int			 bw;		/* the boxes' width */
	int			 arrow;		/* rows of an arrow */
};

static void	flow_up(struct screen *);
static void	flow_down(struct screen *);
static void	flow_page_up(struct screen *);
static void	flow_page_down(struct screen *);
static void	flow_home(struct screen *);
static void	flow_end(struct screen *);
static void	flow_back(struct screen *);

static const struct ui_key flow_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Back"), N_("Back to the guide"), flow_back },
	{ 4, 0, N_("Guide"), NULL, flow_back },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '/', N_("Search"), N_("Search items by name or keyword"),
	    ui_search },
	{ 0, KEY_UP, NULL, N_("Scroll up a line"), flow_up },
	{ 0, KEY_DOWN, NULL, N_("Scroll down a line"), flow_down },
	{ 0, KEY_PPAGE, NULL, N_("Scroll up a page"), flow_page_up },
	{ 0, KEY_NPAGE, NULL, N_("Scroll down a page"), flow_page_down },
	{ 0, KEY_HOME, NULL, N_("Go to the top"), flow_home },
	{ 0, KEY_END, NULL, N_("Go to the end"), flow_end },
	{ 0, 27, NULL, NULL, flow_back },
	{ 0, 'f', NULL, NULL, flow_back },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

/* "Approval + Issuing" for a step that merges several; NULL for one. */
static char *
flow_merged(const Banshi__V1__FlowStep *fs)
{
	char	*out = NULL, *next;
	size_t	 i;

	if (fs->n_steps < 2)
		return (NULL);
	for (i = 0; i < fs->n_steps; i++) {
		xasprintf(&next, "%s%s%s", out != NULL ? out : "",
		    out != NULL ? " + " : "", catalog_step_text(fs->steps[i]));
		free(out);
		out = next;
	}
	return (out);
}

/* Copy what the chart shows; the guide below keeps the item. */
static void
flow_init(struct screen *s, void *arg)
{
	const Banshi__V1__Item		*it = arg;
	const Banshi__V1__FlowStep	*fs;
	struct flow			*f;
	char				 days[64];
	size_t				 i;

	f = xcalloc(1, sizeof *f);
	f->name = catalog_safe(it->summary != NULL ? it->summary->name : "");
	f->kind = it->summary != NULL ? (int)it->summary->kind : 0;
	f->v = xcalloc(it->n_flow + 1, sizeof *f->v);
	for (i = 0; i < it->n_flow; i++) {
		fs = it->flow[i];
		f->v[i].name = catalog_safe(fs->name);
		f->v[i].merged = flow_merged(fs);
		catalog_days(days, sizeof days, fs->days);
		xasprintf(&f->v[i].desk, "%s  %s", catalog_desk_text(fs->post),
		    days);
		f->days += fs->days;
	}
	f->n = it->n_flow;
	f->vh = 10;
	s->data = f;
}

static void
flow_scroll(struct screen *s, int delta)
{
	struct flow	*f = s->data;
	long		 top = (long)f->top + delta;

	if (top > f->height - f->vh)
		top = f->height - f->vh;
	if (top < 0)
		top = 0;
	f->top = (int)top;
}

static void
flow_up(struct screen *s)
{
	flow_scroll(s, -1);
}

static void
flow_down(struct screen *s)
{
	flow_scroll(s, 1);
}

static void
flow_page_up(struct screen *s)
{
	flow_scroll(s, -(((struct flow *)s->data)->vh - 1));
}

static void
flow_page_down(struct screen *s)
{
	flow_scroll(s, ((struct flow *)s->data)->vh - 1);
}

static void
flow_home(struct screen *s)
{
	flow_scroll(s, -((struct flow *)s->data)->height);
}

static void
flow_end(struct screen *s)
{
	flow_scroll(s, ((struct flow *)s->data)->height);
}

static void
flow_back(struct screen *s)
{
	screen_pop(s);
}

/* The screen row of chart row r, or -1 when it is scrolled out of view. */
static int
flow_row(const struct flow_view *v, int r)
{
	r -= v->f->top;
	if (r < 0 || r >= v->f->vh)
		return (-1);
	return (v->y + r);
}

/* Text centred in the box, on chart row r. */
static void
flow_center(const struct flow_view *v, int r, const char *text, attr_t attr)
{
	int	y, tw = (int)text_width(text), in = v->bw - 2;

	if ((y = flow_row(v, r)) == -1)
		return;
	if (tw > in)
		tw = in;
	ui_put(y, v->bx + 1 + (in - tw) / 2, text, tw, attr);
}

/* A terminal (开始, 办结): the word in reverse video, centred. */
static int
flow_terminal(const struct flow_view *v, int r, const char *word)
{
	char	buf[64];

	snprintf(buf, sizeof buf, "  %s  ", word);
	flow_center(v, r, buf, A_REVERSE | A_BOLD);
	return (r + 1);
}

/* An arrow down the middle: a line, then the head. */
static int
flow_arrow(const struct flow_view *v, int r)
{
	int	i, y, cx = v->bx + v->bw / 2;

	for (i = 0; i < v->arrow; i++, r++) {
		if ((y = flow_row(v, r)) == -1)
			continue;
		mvaddch(y, cx, i == v->arrow - 1 ? 'v' : ACS_VLINE);
	}
	return (r);
}

/* The border row of a box: top or bottom, with the arrow's tee below. */
static void
flow_border(const struct flow_view *v, int r, int bottom)
{
	int	y;

	if ((y = flow_row(v, r)) == -1)
		return;
	mvaddch(y, v->bx, bottom ? ACS_LLCORNER : ACS_ULCORNER);
	mvhline(y, v->bx + 1, ACS_HLINE, v->bw - 2);
	mvaddch(y, v->bx + v->bw - 1, bottom ? ACS_LRCORNER : ACS_URCORNER);
	if (bottom)
		mvaddch(y, v->bx + v->bw / 2, ACS_TTEE);
}

/* One step's box: name, the merged steps, desk and days. */
static int
flow_box(const struct flow_view *v, int r, const struct flow_step *st)
{
	const char	*lines[3];
	int		 n = 0, i, y;

	lines[n++] = st->name;
	if (st->merged != NULL)
		lines[n++] = st->merged;
	lines[n++] = st->desk;
	flow_border(v, r++, 0);
	for (i = 0; i < n; i++, r++) {
		if ((y = flow_row(v, r)) != -1) {
			mvaddch(y, v->bx, ACS_VLINE);
			mvaddch(y, v->bx + v->bw - 1, ACS_VLINE);
		}
		flow_center(v, r, lines[i], i == 0 ? A_BOLD : A_NORMAL);
	}
	flow_border(v, r++, 1);
	return (r);
}

/* The boxes' width: the widest text with room on both sides. */
static int
flow_box_width(const struct flow *f)
{
	size_t	i;
	int	w = (int)text_width(_("Start")) + 4, tw;

	for (i = 0; i < f->n; i++) {
		if ((tw = (int)text_width(f->v[i].name)) > w)
			w = tw;
		if (f->v[i].merged != NULL &&
		    (tw = (int)text_width(f->v[i].merged)) > w)
			w = tw;
		if ((tw = (int)text_width(f->v[i].desk)) > w)
			w = tw;
	}
	return (w + 2 * FLOW_PAD + 2);
}

/* Chart rows with arrows of this length. */
static int
flow_height(const struct flow *f, int arrow)
{
	size_t	i;
	int	h = 2 + (int)(f->n + 1) * arrow;

	for (i = 0; i < f->n; i++)
		h += f->v[i].merged != NULL ? 5 : 4;
	return (h);
}

static void
flow_draw_chart(struct flow *f, int y, int w)
{
	struct flow_view	v;
	size_t			i;
	int			r = 0;

	v.f = f;
	v.y = y;
	v.arrow = flow_height(f, 2) <= f->vh ? 2 : 1;
	f->height = flow_height(f, v.arrow);
	if (f->top > f->height - f->vh)
		f->top = f->height - f->vh > 0 ? f->height - f->vh : 0;
	v.bw = flow_box_width(f);
	if (v.bw > w - 4)
		v.bw = w - 4;
	v.bx = (w - v.bw) / 2;
	r = flow_terminal(&v, r, _("Start"));
	for (i = 0; i < f->n; i++) {
		r = flow_arrow(&v, r);
		r = flow_box(&v, r, &f->v[i]);
	}
	r = flow_arrow(&v, r);
	flow_terminal(&v, r, _("Closed"));
}

/* On the bottom border when the chart is taller than the screen. */
static void
flow_draw_position(struct flow *f, int y)
{
	const char	*text;
	int		 tw;

	text = f->top + f->vh < f->height ? _(" more below ") : _(" end ");
	tw = (int)text_width(text);
	ui_put(y, COLS - tw - 2, text, tw, A_NORMAL);
}

static void
flow_draw(struct screen *s)
{
	struct flow	*f = s->data;
	char		 title[512], days[64], sum[256];
	int		 y = ui_top(), h = ui_bottom() - ui_top() + 1;

	snprintf(title, sizeof title, _("Flow: %s"), f->name);
	ui_box(y, 0, h, COLS, title);
	if (f->n == 0) {
		f->height = 0;
		ui_put(y + 2, 3, f->kind ==
		    BANSHI__V1__ITEM_KIND__ITEM_KIND_BOOKING_ONLY ?
		    _("This item can only be booked; it has no online handling "
		    "flow") : _("This item has no handling flow"), COLS - 6,
		    A_BOLD);
		return;
	}
	catalog_days(days, sizeof days, f->days);
	snprintf(sum, sizeof sum, ngettext("%zu step, %s in all",
	    "%zu steps, %s in all", f->n), f->n, days);
	ui_put(y + 1, 3, sum, COLS - 6, ui_attr(UI_ATTR_DIM));
	f->vh = h - 3;
	flow_draw_chart(f, y + 2, COLS);
	if (f->height > f->vh)
		flow_draw_position(f, y + h - 1);
}

static void
flow_free(struct screen *s)
{
	struct flow	*f = s->data;
	size_t		 i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].merged);
		free(f->v[i].desk);
	}
	free(f->v);
	free(f->name);
	free(f);
}

const struct screen_type screen_flow_type = {
	.name = "flow",
	.title = N_("Flow chart"),
	.keys = flow_keys,
	.init = flow_init,
	.draw = flow_draw,
	.free = flow_free,
};
