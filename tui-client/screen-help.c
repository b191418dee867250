/* The help box: the keys of the screen below it, with their aliases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define HELP_KEYS_MAX	96	/* columns of the key column text */

struct help {
	uint64_t	of;		/* the screen whose keys are shown */
};

/* Field editing keys, handled by field.c on every screen with fields. */
static const struct {
	const char	*keys;
	const char	*help;
} help_field_keys[] = {
	{ "Left, Right, Home, End", N_("Move within the field") },
	{ "Backspace, Delete", N_("Delete a character") },
	{ "Ctrl-U", N_("Clear the field") },
};

static void	help_close(struct screen *);

static const struct ui_key help_keys[] = {
	{ 0, 27, N_("Close"), N_("Close the help"), help_close },
	{ 1, 0, NULL, NULL, help_close },
	{ 3, 0, NULL, NULL, help_close },
	{ 0, '\n', NULL, NULL, help_close },
	{ 0, 'q', NULL, NULL, help_close },
	{ 0, 0, NULL, NULL, NULL }
};

/* Open the help for screen s. */
void
ui_help(struct screen *s)
{
	screen_push(&screen_help_type, s);
}

static void
help_close(struct screen *s)
{
	screen_pop(s);
}

static void
help_init(struct screen *s, void *arg)
{
	struct help	*h;

	h = xcalloc(1, sizeof *h);
	h->of = ((struct screen *)arg)->serial;
	s->data = h;
}

/* Whether name is already one of the ", "-separated names in list. */
static int
help_listed(const char *list, const char *name)
{
	size_t	len = strlen(name);

	while (*list != '\0') {
		if (strncmp(list, name, len) == 0 &&
		    (list[len] == '\0' || list[len] == ','))
			return (1);
		if ((list = strchr(list, ',')) == NULL)
			break;
		list += 2;
	}
	return (0);
}

/* "F2, Alt-2" or "Tab", then the names of its aliases. */
static void
help_key_text(struct screen *of, const struct ui_key *k, char *buf,
    size_t len)
{
	const struct ui_key	*a;
	char			 name[32];
	size_t			 used;

	ui_key_name(k, buf, len);
	if (k->fkey != 0) {
		used = strlen(buf);
		snprintf(buf + used, len - used, ", Alt-%d", k->fkey % 10);
	}
	for (a = of->type->keys; a->fn != NULL; a++) {
		if (a == k || a->help != NULL || a->fn != k->fn ||
		    !screen_key_valid(of, a))
			continue;
		ui_key_name(a, name, sizeof name);
		if (help_listed(buf, name))
			continue;	/* '\n' and KEY_ENTER are both Enter */
		used = strlen(buf);
		snprintf(buf + used, len - used, ", %s", name);
	}
}

/* The rows of the help box as key text and help text. */
static size_t
help_rows(struct screen *of, char keys[][HELP_KEYS_MAX],
    const char **helps, size_t max)
{
	const struct ui_key	*k;
	size_t			 n = 0, i;

	for (k = of->type->keys; k->fn != NULL && n < max; k++) {
		if (k->help == NULL || !screen_key_valid(of, k))
			continue;
		help_key_text(of, k, keys[n], HELP_KEYS_MAX);
		helps[n++] = _(k->help);
	}
	for (i = 0; of->type->fields && i < sizeof help_field_keys /
	    sizeof help_field_keys[0] && n < max; i++) {
		snprintf(keys[n], HELP_KEYS_MAX, "%s", help_field_keys[i].keys);
		helps[n++] = _(help_field_keys[i].help);
	}
	if (n < max) {
		snprintf(keys[n], HELP_KEYS_MAX, "Ctrl-L");
		helps[n++] = _("Redraw the screen");
	}
	return (n);
}

static void
help_draw(struct screen *s)
{
	struct help	*h = s->data;
	struct screen	*of;
	char		 keys[32][HELP_KEYS_MAX], title[128];
	const char	*helps[32];
	size_t		 n, i, kw = 0, hw = 0;
	int		 w, ht, y, x;

	if ((of = screen_find(h->of)) == NULL)
		return;
	n = help_rows(of, keys, helps, 32);
	for (i = 0; i < n; i++) {
		if (text_width(keys[i]) > kw)
			kw = text_width(keys[i]);
		if (text_width(helps[i]) > hw)
			hw = text_width(helps[i]);
	}
	w = (int)(kw + hw) + 7;
	if (w > COLS - 2)
		w = COLS - 2;
	ht = (int)n + 4;
	if (ht > ui_bottom() - ui_top() + 1)
		ht = ui_bottom() - ui_top() + 1;
	y = ui_top() + (ui_bottom() - ui_top() + 1 - ht) / 2;
	x = (COLS - w) / 2;
	snprintf(title, sizeof title, _("Help: %s"), _(of->type->title));
	ui_box(y, x, ht, w, title);
	for (i = 0; i < n && (int)i < ht - 4; i++) {
		ui_put(y + 2 + (int)i, x + 2, keys[i], (int)kw,
		    ui_attr(UI_ATTR_KEY));
		ui_put(y + 2 + (int)i, x + 5 + (int)kw, helps[i],
		    w - (int)kw - 7, A_NORMAL);
	}
}

/* Any other key closes the help too. */
static int
help_key(struct screen *s, const struct ui_input *in)
{
	screen_pop(s);
	return (1);
}

static void
help_free(struct screen *s)
{
	free(s->data);
}

const struct screen_type screen_help_type = {
	.name = "help",
	.title = N_("Help"),
	.keys = help_keys,
	.overlay = 1,
	.init = help_init,
	.draw = help_draw,
	.key = help_key,
	.free = help_free,
};
