/* The search box: one line of text, searched on Enter, results in a list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define SEARCH_BOX_W	64
#define SEARCH_BOX_H	9
#define SEARCH_MAX	50	/* characters the server takes */

struct search {
	struct field	f;
	uint32_t	pending;
	uint64_t	replace;	/* results screen to replace, or 0 */
};

static void	search_submit(struct screen *);
static void	search_cancel(struct screen *);

static const struct ui_key search_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 2, 0, N_("Search"), N_("Search for the text"), search_submit },
	{ 3, 0, N_("Cancel"), N_("Close the search box"), search_cancel },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '\n', NULL, NULL, search_submit },
	{ 0, KEY_ENTER, NULL, NULL, search_submit },
	{ 0, 27, NULL, NULL, search_cancel },
	{ 0, 'S' - '@', NULL, NULL, search_submit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

/* Open the search box over s ('/' on the browsing screens). */
void
ui_search(struct screen *s)
{
	screen_push(&screen_search_type, s);
}

/* Start with the text of the results shown below, to refine it. */
static void
search_init(struct screen *s, void *arg)
{
	struct screen	*below = arg;
	struct search	*sr;

	sr = xcalloc(1, sizeof *sr);
	field_init(&sr->f, N_("Search for"), SEARCH_MAX, 0);
	if (items_is_search(below)) {
		sr->replace = below->serial;
		field_set(&sr->f, items_search_text(below));
	}
	s->data = sr;
}

static void
search_cancel(struct screen *s)
{
	screen_pop(s);
}

static void
search_submit(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__SearchItems		 q = BANSHI__V1__SEARCH_ITEMS__INIT;
	struct search			*sr = s->data;
	char				*text;

	if (sr->pending != 0)
		return;
	if (field_empty(&sr->f)) {
		field_set_error(&sr->f, _("Type part of an item's name or a "
		    "keyword"));
		return;
	}
	field_set_error(&sr->f, NULL);
	text = field_text(&sr->f);
	q.query = text;
	q.limit = ITEMS_PAGE;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SEARCH_ITEMS;
	msg.search_items = &q;
	sr->pending = tui_call(s, &msg, 0);
	free(text);
}

/* Show the results in a list, in place of the results searched before. */
static void
search_show(struct screen *s, const Banshi__V1__ItemPage *page)
{
	struct search		*sr = s->data;
	struct screen		*old;
	struct items_query	 q;
	char			*text, *safe, *title;

	text = field_text(&sr->f);
	safe = text_sanitize(text);
	xasprintf(&title, _("Search results for \"%s\""), safe);
	old = sr->replace != 0 ? screen_find(sr->replace) : NULL;
	if (old != NULL && old == screen_below(s))
		screen_pop(old);
	else
		screen_pop(s);
	memset(&q, 0, sizeof q);
	q.title = title;
	q.search = text;
	q.first = page;
	screen_push(&screen_items_type, &q);
	free(title);
	free(safe);
	free(text);
}

static void
search_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct search	*sr = s->data;
	char		 buf[512];

	if (id != sr->pending)
		return;
	sr->pending = 0;
	if (r == NULL) {
		field_set_error(&sr->f, _("The connection was lost before the "
		    "server answered; try again"));
		return;
	}
	if (status_code(r) != BANSHI__V1__STATUS_CODE__STATUS_OK) {
		status_text(r, buf, sizeof buf);
		field_set_error(&sr->f, buf);
		return;
	}
	if (r->body_case != BANSHI__V1__REPLY__BODY_ITEMS) {
		field_set_error(&sr->f, _("The server gave an unexpected "
		    "answer"));
		return;
	}
	if (r->items->n_items == 0) {
		field_set_error(&sr->f, _("No items match; try fewer or other "
		    "words"));
		return;
	}
	search_show(s, r->items);
}

static void
search_draw(struct screen *s)
{
	struct search	*sr = s->data;
	const char	*label = _("Search for");
	int		 w = SEARCH_BOX_W, y, x, lw, fx;

	if (w > COLS - 2)
		w = COLS - 2;
	y = ui_top() + (ui_bottom() - ui_top() + 1 - SEARCH_BOX_H) / 2;
	x = (COLS - w) / 2;
	ui_box(y, x, SEARCH_BOX_H, w, _("Search items"));
	ui_put(y + 2, x + 3, _("Part of an item's name, or a keyword:"), w - 6, ui_attr(UI_ATTR_DIM));
	lw = (int)text_width(label);
	ui_put(y + 4, x + 3, label, lw, A_NORMAL);
	fx = x + 3 + lw + 2;
	if (sr->f.error != NULL)
		ui_put(y + 5, fx, sr->f.error, x + w - 2 - fx,
		    ui_attr(UI_ATTR_ERROR));
	else if (sr->pending != 0)
		ui_put(y + 5, fx, _("Searching..."), x + w - 2 - fx,
		    ui_attr(UI_ATTR_DIM));
	ui_put(y + 7, x + 3, _("Enter: search    Esc: cancel"), w - 6,
	    ui_attr(UI_ATTR_DIM));
	field_draw(&sr->f, y + 4, fx, x + w - 3 - fx, 1);
}

static int
search_key(struct screen *s, const struct ui_input *in)
{
	struct search	*sr = s->data;

	if (!field_key(&sr->f, in))
		return (0);
	field_set_error(&sr->f, NULL);
	return (1);
}

static void
search_free(struct screen *s)
{
	struct search	*sr = s->data;

	field_free(&sr->f);
	free(sr);
}

const struct screen_type screen_search_type = {
	.name = "search",
	.title = N_("Search items"),
	.keys = search_keys,
	.overlay = 1,
	.fields = 1,
	.init = search_init,
	.draw = search_draw,
	.key = search_key,
	.reply = search_reply,
	.free = search_free,
};
