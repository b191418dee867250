/* A pick list over a form: the values of a choice field, one chosen. */
#include <stdio.h>
#include <stdlib.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define PICK_MAX_W	60

struct pick {
	uint64_t	 owner;
	char		*title;
	long		 tag;
	char		**items;	/* sanitized */
	size_t		 n;
	struct ui_list	 list;
	int		 rows;		/* list rows on screen */
	void		(*done)(struct screen *, long, int);
};

static void	pick_choose(struct screen *);
static void	pick_cancel(struct screen *);
static void	pick_up(struct screen *);
static void	pick_down(struct screen *);
static void	pick_home(struct screen *);
static void	pick_end(struct screen *);

static const struct ui_key pick_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Cancel"), N_("Close the list without choosing"),
	    pick_cancel },
	{ 0, '\n', N_("Choose"), N_("Choose the selected value"),
	    pick_choose },
	{ 0, KEY_ENTER, NULL, NULL, pick_choose },
	{ 0, ' ', NULL, NULL, pick_choose },
	{ 0, KEY_UP, NULL, N_("Previous value"), pick_up },
	{ 0, KEY_DOWN, NULL, N_("Next value"), pick_down },
	{ 0, KEY_HOME, NULL, N_("First value"), pick_home },
	{ 0, KEY_END, NULL, N_("Last value"), pick_end },
	{ 0, 27, NULL, NULL, pick_cancel },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 0, NULL, NULL, NULL }
};

/* Open a pick list; the strings are copied. */
void
pick_open(const struct pick_arg *a)
{
	screen_push(&screen_pick_type, (void *)a);
}

static void
pick_init(struct screen *s, void *arg)
{
	const struct pick_arg	*a = arg;
	struct pick		*p;
	size_t			 i;

	p = xcalloc(1, sizeof *p);
	p->owner = a->owner->serial;
	p->title = xstrdup(a->title != NULL ? a->title : "");
	p->tag = a->tag;
	p->done = a->done;
	p->items = xcalloc(a->n + 1, sizeof *p->items);
	for (i = 0; i < a->n; i++)
		p->items[i] = text_sanitize(a->items[i]);
	p->n = a->n;
	p->list.n = (int)a->n;
	p->list.sel = a->current >= 0 && (size_t)a->current < a->n ?
	    a->current : 0;
	p->rows = 10;
	s->data = p;
}

static void
pick_choose(struct screen *s)
{
	struct pick	*p = s->data;
	struct screen	*owner;
	int		 sel = p->list.sel;

	if (p->n == 0)
		return;
	screen_pop(s);
	if ((owner = screen_find(p->owner)) != NULL)
		p->done(owner, p->tag, sel);
}

static void
pick_cancel(struct screen *s)
{
	screen_pop(s);
}

static void
pick_up(struct screen *s)
{
	ui_list_move(&((struct pick *)s->data)->list, -1);
}

static void
pick_down(struct screen *s)
{
	ui_list_move(&((struct pick *)s->data)->list, 1);
}

static void
pick_home(struct screen *s)
{
	struct pick	*p = s->data;

	ui_list_move(&p->list, -p->list.n);
}

static void
pick_end(struct screen *s)
{
	struct pick	*p = s->data;

	ui_list_move(&p->list, p->list.n);
}

static void
pick_draw(struct screen *s)
{
	struct pick	*p = s->data;
	char		 title[256];
	size_t		 i;
	int		 w = 20, h, y, x, sel, room;

	for (i = 0; i < p->n; i++) {
		if ((int)text_width(p->items[i]) + 8 > w)
			w = (int)text_width(p->items[i]) + 8;
	}
	snprintf(title, sizeof title, _("Choose: %s"), p->title);
	if ((int)text_width(title) + 8 > w)
		w = (int)text_width(title) + 8;
	if (w > PICK_MAX_W)
		w = PICK_MAX_W;
	if (w > COLS - 2)
		w = COLS - 2;
	room = ui_bottom() - ui_top() + 1;
	h = (int)p->n + 2;
	if (h > room)
		h = room;
	p->rows = h - 2;
	y = ui_top() + (room - h) / 2;
	x = (COLS - w) / 2;
	ui_box(y, x, h, w, title);
	ui_list_show(&p->list, p->rows);
	for (i = 0; (int)i < p->rows && p->list.top + (int)i < p->list.n;
	    i++) {
		sel = p->list.top + (int)i == p->list.sel;
		ui_select_bar(y + 1 + (int)i, x + 1, w - 2, sel);
		ui_put(y + 1 + (int)i, x + 3, p->items[p->list.top + i], w - 5,
		    sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL);
	}
}

/* Other keys do nothing while the list is open. */
static int
pick_key(struct screen *s, const struct ui_input *in)
{
	return (1);
}

static void
pick_free(struct screen *s)
{
	struct pick	*p = s->data;
	size_t		 i;

	for (i = 0; i < p->n; i++)
		free(p->items[i]);
	free(p->items);
	free(p->title);
	free(p);
}

const struct screen_type screen_pick_type = {
	.name = "pick",
	.title = N_("Choose a value"),
	.keys = pick_keys,
	.overlay = 1,
	.init = pick_init,
	.draw = pick_draw,
	.key = pick_key,
	.free = pick_free,
};
