/* Dialogs over the current screen: quit, yes-or-no questions, one-line prompts. */
#include <stdio.h>
#include <stdlib.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define DIALOG_MIN_W	40

/* A question or a prompt: whom to tell, and what to tell them with. */
struct dialog {
	uint64_t	 owner;		/* the screen that asked */
	char		*title;
	char		*text;		/* the question, or the prompt's label */
	char		*yes;		/* what yes does ("Delete") */
	char		*str;		/* handed back to done */
	long		 num;
	void		(*done)(struct screen *, const char *, long);
	struct field	 f;		/* the prompt's line */
};

static void	dialog_quit_yes(struct screen *);
static void	dialog_quit_no(struct screen *);
static void	dialog_yes(struct screen *);
static void	dialog_no(struct screen *);
static void	dialog_prompt_ok(struct screen *);

static const struct ui_key dialog_quit_keys[] = {
	{ 0, 'y', N_("Quit"), N_("Quit banshi"), dialog_quit_yes },
	{ 0, 'Y', NULL, NULL, dialog_quit_yes },
	{ 0, '\n', NULL, NULL, dialog_quit_yes },
	{ 0, KEY_ENTER, NULL, NULL, dialog_quit_yes },
	{ 0, 'n', N_("Stay"), N_("Go back to work"), dialog_quit_no },
	{ 0, 'N', NULL, NULL, dialog_quit_no },
	{ 0, 27, NULL, NULL, dialog_quit_no },
	{ 0, 0, NULL, NULL, NULL }
};

static const struct ui_key dialog_confirm_keys[] = {
	{ 0, 'y', N_("Yes"), N_("Yes, do it"), dialog_yes },
	{ 0, 'Y', NULL, NULL, dialog_yes },
	{ 0, '\n', NULL, NULL, dialog_yes },
	{ 0, KEY_ENTER, NULL, NULL, dialog_yes },
	{ 0, 'n', N_("No"), N_("No, leave it as it is"), dialog_no },
	{ 0, 'N', NULL, NULL, dialog_no },
	{ 0, 27, NULL, NULL, dialog_no },
	{ 3, 0, NULL, NULL, dialog_no },
	{ 0, 0, NULL, NULL, NULL }
};

static const struct ui_key dialog_prompt_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 2, 0, N_("OK"), N_("Take the text"), dialog_prompt_ok },
	{ 3, 0, N_("Cancel"), N_("Close the box without doing anything"),
	    dialog_no },
	{ 0, '\n', NULL, NULL, dialog_prompt_ok },
	{ 0, KEY_ENTER, NULL, NULL, dialog_prompt_ok },
	{ 0, 27, NULL, NULL, dialog_no },
	{ 0, 0, NULL, NULL, NULL }
};

/* Ask before quitting (F10 on every screen). */
void
ui_quit(struct screen *s)
{
	screen_push(&dialog_quit_type, NULL);
}

static void
dialog_quit_yes(struct screen *s)
{
	tui_quit();
}

static void
dialog_quit_no(struct screen *s)
{
	screen_pop(s);
}

/* Draw text centred on row y of a box at x, w wide. */
static void
dialog_center(int y, int x, int w, const char *text, attr_t attr)
{
	int	tw = (int)text_width(text);

	if (tw > w - 4)
		tw = w - 4;
	ui_put(y, x + (w - tw) / 2, text, tw, attr);
}

/* Where a box h rows high and about want columns wide goes. */
static void
dialog_place(int h, int want, int *y, int *x, int *w)
{
	*w = want < DIALOG_MIN_W ? DIALOG_MIN_W : want;
	if (*w > COLS - 2)
		*w = COLS - 2;
	*y = ui_top() + (ui_bottom() - ui_top() + 1 - h) / 2;
	*x = (COLS - *w) / 2;
}

static void
dialog_quit_draw(struct screen *s)
{
	const char	*hint = _("Y or Enter: quit    N or Esc: stay");
	int		 w, h = 7, y, x;

	dialog_place(h, (int)text_width(hint) + 8, &y, &x, &w);
	ui_box(y, x, h, w, _("Quit"));
	dialog_center(y + 2, x, w, _("Quit banshi?"), A_BOLD);
	dialog_center(y + 4, x, w, hint, A_NORMAL);
}

/* Other keys do nothing while the question is open. */
static int
dialog_quit_key(struct screen *s, const struct ui_input *in)
{
	return (1);
}

const struct screen_type dialog_quit_type = {
	.name = "quit",
	.title = N_("Quit"),
	.keys = dialog_quit_keys,
	.overlay = 1,
	.draw = dialog_quit_draw,
	.key = dialog_quit_key,
};

/* ---- questions and prompts --------------------------------------------- */

static char *
dialog_dup(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

static void
dialog_init(struct screen *s, void *arg)
{
	const struct dialog_arg	*a = arg;
	struct dialog		*d;

	d = xcalloc(1, sizeof *d);
	d->owner = a->owner->serial;
	d->title = xstrdup(a->title);
	d->text = xstrdup(a->text);
	d->yes = dialog_dup(a->yes);
	d->str = dialog_dup(a->str);
	d->num = a->num;
	d->done = a->done;
	field_init(&d->f, a->text, a->max > 0 ? a->max : FIELD_MAX, 0);
	if (a->value != NULL)
		field_set(&d->f, a->value);
	s->data = d;
}

/* Close the dialog, then tell its owner (if still there) text. */
static void
dialog_finish(struct screen *s, const char *text)
{
	struct dialog	*d = s->data;
	struct screen	*owner;

	screen_pop(s);
	if ((owner = screen_find(d->owner)) != NULL)
		d->done(owner, text, d->num);
}

static void
dialog_yes(struct screen *s)
{
	struct dialog	*d = s->data;

	dialog_finish(s, d->str != NULL ? d->str : "");
}

static void
dialog_no(struct screen *s)
{
	screen_pop(s);
}

static void
dialog_prompt_ok(struct screen *s)
{
	struct dialog	*d = s->data;
	char		*text;

	if (field_empty(&d->f)) {
		field_set_error(&d->f, _("Type something first, or press Esc "
		    "to cancel"));
		return;
	}
	text = field_text(&d->f);
	dialog_finish(s, text);
	free(text);
}

static void
dialog_confirm_draw(struct screen *s)
{
	struct dialog	*d = s->data;
	char		 hint[256];
	char		**lines;
	size_t		 n, i;
	int		 w, h, y, x;

	snprintf(hint, sizeof hint, _("Y or Enter: %s    N or Esc: cancel"),
	    d->yes != NULL ? d->yes : _("Yes"));
	w = (int)text_width(hint) + 8;
	if ((int)text_width(d->text) + 8 > w)
		w = (int)text_width(d->text) + 8;
	if (w > 72)
		w = 72;
	lines = ui_wrap(d->text, w - 8 < 10 ? 10 : w - 8, w - 8 < 10 ? 10 :
	    w - 8, &n);
	if (n > 6)
		n = 6;
	h = (int)n + 6;
	dialog_place(h, w, &y, &x, &w);
	ui_box(y, x, h, w, d->title);
	for (i = 0; i < n; i++)
		dialog_center(y + 2 + (int)i, x, w, lines[i], A_BOLD);
	dialog_center(y + h - 2, x, w, hint, A_NORMAL);
	ui_wrap_free(lines, n);
}

static int
dialog_confirm_key(struct screen *s, const struct ui_input *in)
{
	return (1);
}

static void
dialog_prompt_draw(struct screen *s)
{
	struct dialog	*d = s->data;
	int		 w, h = 8, y, x, lw, fx;

	dialog_place(h, 64, &y, &x, &w);
	ui_box(y, x, h, w, d->title);
	lw = (int)text_width(d->text);
	if (lw > w / 2)
		lw = w / 2;
	ui_put(y + 2, x + 3, d->text, lw, A_NORMAL);
	fx = x + 3 + lw + 2;
	if (d->f.error != NULL)
		ui_put(y + 3, fx, d->f.error, x + w - 2 - fx,
		    ui_attr(UI_ATTR_ERROR));
	ui_put(y + 5, x + 3, _("Enter: OK    Esc: cancel"), w - 6,
	    ui_attr(UI_ATTR_DIM));
	field_draw(&d->f, y + 2, fx, x + w - 3 - fx, 1);
}

static int
dialog_prompt_key(struct screen *s, const struct ui_input *in)
{
	struct dialog	*d = s->data;

	if (!field_key(&d->f, in))
		return (0);
	field_set_error(&d->f, NULL);
	return (1);
}

static void
dialog_free(struct screen *s)
{
	struct dialog	*d = s->data;

	field_free(&d->f);
	free(d->title);
	free(d->text);
	free(d->yes);
	free(d->str);
	free(d);
}

const struct screen_type dialog_confirm_type = {
	.name = "confirm",
	.title = N_("Confirm"),
	.keys = dialog_confirm_keys,
	.overlay = 1,
	.init = dialog_init,
	.draw = dialog_confirm_draw,
	.key = dialog_confirm_key,
	.free = dialog_free,
};

const struct screen_type dialog_prompt_type = {
	.name = "prompt",
	.title = N_("Enter text"),
	.keys = dialog_prompt_keys,
	.overlay = 1,
	.fields = 1,
	.init = dialog_init,
	.draw = dialog_prompt_draw,
	.key = dialog_prompt_key,
	.free = dialog_free,
};

/*
 * Ask a yes-or-no question over owner: on yes, done gets a->str (or "")
 * and a->num.  The strings are copied.
 */
void
dialog_confirm(const struct dialog_arg *a)
{
	screen_push(&dialog_confirm_type, (void *)a);
}

/* Ask for one line of text over owner: done gets the text and a->num. */
void
dialog_prompt(const struct dialog_arg *a)
{
	screen_push(&dialog_prompt_type, (void *)a);
}
