/* Dialogs over the current screen: the quit confirmation. */
#include <stdlib.h>

#include "text.h"
#include "tui.h"

static void	dialog_quit_yes(struct screen *);
static void	dialog_quit_no(struct screen *);

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

static void
dialog_quit_draw(struct screen *s)
{
	const char	*hint = _("Y or Enter: quit    N or Esc: stay");
	int		 w, h = 7, y, x;

	w = (int)text_width(hint) + 8;
	if (w < 40)
		w = 40;
	if (w > COLS - 2)
		w = COLS - 2;
	y = ui_top() + (ui_bottom() - ui_top() + 1 - h) / 2;
	x = (COLS - w) / 2;
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
