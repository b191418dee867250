/*
 * 提交成功: the application went in.  Its serial number (受理流水号), the
 * item and the applicant; home, another application for the same item, or
 * the operator's cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define SUB_BOX_W	72
#define SUB_BOX_H	15

struct submitted {
	char	*serial;		/* all sanitized */
	char	*item_code;		/* as sent, for another one */
	char	*item_name;
	char	*applicant;
	char	*department;
	int	 status;
};

static void	sub_home(struct screen *);
static void	sub_back(struct screen *);
static void	sub_another(struct screen *);
static void	sub_cases(struct screen *);

static const struct ui_key sub_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 2, 0, N_("Home"), N_("Back to My desk"), sub_home },
	{ 3, 0, N_("Back"), N_("Back to the screen the application was "
	    "started from"), sub_back },
	{ 6, 0, N_("File another"), N_("Start another application for the "
	    "same item"), sub_another },
	{ 7, 0, N_("My cases"), N_("The applications you filed"), sub_cases },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '\n', NULL, NULL, sub_home },
	{ 0, KEY_ENTER, NULL, NULL, sub_home },
	{ 0, 27, NULL, NULL, sub_back },
	{ 0, 'a', NULL, NULL, sub_another },
	{ 0, 'c', NULL, NULL, sub_cases },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

static void
sub_init(struct screen *s, void *arg)
{
	const struct submitted_arg	*a = arg;
	struct submitted		*sb;

	sb = xcalloc(1, sizeof *sb);
	sb->serial = catalog_safe(a->serial);
	sb->item_code = xstrdup(a->item_code != NULL ? a->item_code : "");
	sb->item_name = catalog_safe(a->item_name);
	sb->applicant = catalog_safe(a->applicant);
	sb->department = catalog_safe(a->department);
	sb->status = a->status;
	s->data = sb;
}

static void
sub_home(struct screen *s)
{
	struct screen	*home = screen_find_type(&screen_home_type);

	if (home != NULL)
		screen_pop_above(home);
	else
		screen_pop(s);
}

static void
sub_back(struct screen *s)
{
	screen_pop(s);
}

static void
sub_another(struct screen *s)
{
	struct submitted	*sb = s->data;
	char			*code = xstrdup(sb->item_code);

	screen_pop(s);
	form_open(NULL, code, NULL);
	free(code);
}

static void
sub_cases(struct screen *s)
{
	sub_home(s);
	screen_push(&screen_cases_type, NULL);
}

static void
sub_draw(struct screen *s)
{
	static const char *const labels[] = {
		N_("Serial number"), N_("Item"), N_("Applicant"),
		N_("Department"), N_("State"),
	};
	struct submitted	*sb = s->data;
	const char		*values[5];
	const char		*big = _("Submitted successfully!");
	int			 w = SUB_BOX_W, y, x, lw, i, room;

	if (w > COLS - 2)
		w = COLS - 2;
	room = ui_bottom() - ui_top() + 1;
	y = ui_top() + (room > SUB_BOX_H ? (room - SUB_BOX_H) / 2 : 0);
	x = (COLS - w) / 2;
	ui_box(y, x, SUB_BOX_H, w, _("Submission"));
	ui_put(y + 2, x + (w - (int)text_width(big)) / 2, big, w - 4, A_BOLD);
	values[0] = sb->serial;
	values[1] = sb->item_name;
	values[2] = sb->applicant;
	values[3] = sb->department;
	values[4] = filing_case_status(sb->status);
	lw = ui_label_width(labels, 5);
	for (i = 0; i < 5; i++)
		ui_row(y + 4 + i, x + 6, lw, _(labels[i]), values[i], w - 10,
		    i == 0 ? A_BOLD : A_NORMAL);
	ui_put(y + 10, x + 6, _("The applicant can follow the case with "
	    "their name and this serial number."), w - 10,
	    ui_attr(UI_ATTR_DIM));
	ui_put(y + 12, x + 6, _("Enter: home    F6: file another    F7: my "
	    "cases"), w - 10, ui_attr(UI_ATTR_DIM));
}

static void
sub_free(struct screen *s)
{
	struct submitted	*sb = s->data;

	free(sb->serial);
	free(sb->item_code);
	free(sb->item_name);
	free(sb->applicant);
	free(sb->department);
	free(sb);
}

const struct screen_type screen_submitted_type = {
	.name = "submitted",
	.title = N_("Submission"),
	.keys = sub_keys,
	.init = sub_init,
	.draw = sub_draw,
	.free = sub_free,
};
