/*
 * The region cascade (所属区域): the regions of one level at a time, from
 * the city down to the level the field wants (a village or community for
 * civic items), the path chosen so far above the list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define REGION_BOX_W	64
#define REGION_LEVELS	4

struct region_row {
	char		*code;
	char		*name;		/* sanitized */
	int		 level;
	int		 children;
};

struct rpick {
	uint64_t	 owner;
	char		*title;
	long		 tag;
	int		 depth;
	void		(*done)(struct screen *, long, const char *,
			    const char *);
	/* The levels chosen so far, and where the selection was in each. */
	char		*codes[REGION_LEVELS];
	char		*names[REGION_LEVELS];
	int		 sels[REGION_LEVELS];
	int		 nchosen;
	struct region_row *rows;
	size_t		 n;
	struct ui_list	 list;
	int		 loaded;
	uint32_t	 pending;
	int		 rows_shown;
};

static void	rpick_enter(struct screen *);
static void	rpick_up_level(struct screen *);
static void	rpick_cancel(struct screen *);
static void	rpick_up(struct screen *);
static void	rpick_down(struct screen *);
static void	rpick_page_up(struct screen *);
static void	rpick_page_down(struct screen *);

static const struct ui_key rpick_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Cancel"), N_("Close without choosing"), rpick_cancel },
	{ 0, '\n', N_("Choose"), N_("Go down into the selected region; at "
	    "the last level, choose it"), rpick_enter },
	{ 0, KEY_ENTER, NULL, NULL, rpick_enter },
	{ 0, KEY_RIGHT, NULL, NULL, rpick_enter },
	{ 0, KEY_BACKSPACE, N_("Up a level"), N_("Back up a level"),
	    rpick_up_level },
	{ 0, KEY_LEFT, NULL, NULL, rpick_up_level },
	{ 0, 127, NULL, NULL, rpick_up_level },
	{ 0, 8, NULL, NULL, rpick_up_level },
	{ 0, KEY_UP, NULL, N_("Previous region"), rpick_up },
	{ 0, KEY_DOWN, NULL, N_("Next region"), rpick_down },
	{ 0, KEY_PPAGE, NULL, N_("Previous page"), rpick_page_up },
	{ 0, KEY_NPAGE, NULL, N_("Next page"), rpick_page_down },
	{ 0, 27, NULL, NULL, rpick_cancel },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 0, NULL, NULL, NULL }
};

/* Open the cascade for a region field of depth a->depth. */
void
region_pick_open(const struct pick_arg *a)
{
	screen_push(&screen_region_type, (void *)a);
}

/* List the regions under the last level chosen (the top when none). */
static void
rpick_fetch(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListRegions		 lr = BANSHI__V1__LIST_REGIONS__INIT;
	struct rpick			*rp = s->data;

	lr.parent_code = rp->nchosen > 0 ? rp->codes[rp->nchosen - 1] : "";
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_REGIONS;
	msg.list_regions = &lr;
	rp->pending = tui_call(s, &msg, 0);
}

static void
rpick_clear(struct rpick *rp)
{
	size_t	i;

	for (i = 0; i < rp->n; i++) {
		free(rp->rows[i].code);
		free(rp->rows[i].name);
	}
	free(rp->rows);
	rp->rows = NULL;
	rp->n = 0;
	rp->list.n = rp->list.sel = rp->list.top = 0;
	rp->loaded = 0;
}

static void
rpick_init(struct screen *s, void *arg)
{
	const struct pick_arg	*a = arg;
	struct rpick		*rp;

	rp = xcalloc(1, sizeof *rp);
	rp->owner = a->owner->serial;
	rp->title = xstrdup(a->title != NULL ? a->title : "");
	rp->tag = a->tag;
	rp->depth = a->depth != 0 ? a->depth :
	    BANSHI__V1__REGION_LEVEL__REGION_LEVEL_VILLAGE;
	rp->done = a->region_done;
	rp->rows_shown = 10;
	s->data = rp;
	rpick_fetch(s);
}

/* The path of the levels chosen, and name after them when set. */
static char *
rpick_path(struct rpick *rp, const char *name)
{
	char	*path = xstrdup(""), *next;
	int	 i;

	for (i = 0; i < rp->nchosen; i++) {
		xasprintf(&next, "%s%s%s", path, i > 0 ? " / " : "",
		    rp->names[i]);
		free(path);
		path = next;
	}
	if (name != NULL) {
		xasprintf(&next, "%s%s%s", path, *path != '\0' ? " / " : "",
		    name);
		free(path);
		path = next;
	}
	return (path);
}

static void
rpick_enter(struct screen *s)
{
	struct rpick		*rp = s->data;
	struct region_row	*r;
	struct screen		*owner;
	char			*path, *code;

	if (!rp->loaded || rp->list.sel >= (int)rp->n)
		return;
	r = &rp->rows[rp->list.sel];
	if (r->level >= rp->depth || rp->nchosen >= REGION_LEVELS - 1) {
		path = rpick_path(rp, r->name);
		code = xstrdup(r->code);
		screen_pop(s);
		if ((owner = screen_find(rp->owner)) != NULL)
			rp->done(owner, rp->tag, code, path);
		free(code);
		free(path);
		return;
	}
	if (!r->children) {
		ui_error(_("%s has no regions under it; the field wants a %s"),
		    r->name, filing_level_text(rp->depth));
		return;
	}
	rp->codes[rp->nchosen] = xstrdup(r->code);
	rp->names[rp->nchosen] = xstrdup(r->name);
	rp->sels[rp->nchosen++] = rp->list.sel;
	rpick_clear(rp);
	rpick_fetch(s);
}

static void
rpick_up_level(struct screen *s)
{
	struct rpick	*rp = s->data;
	int		 sel;

	if (rp->nchosen == 0)
		return;
	rp->nchosen--;
	free(rp->codes[rp->nchosen]);
	free(rp->names[rp->nchosen]);
	sel = rp->sels[rp->nchosen];
	rpick_clear(rp);
	rp->list.sel = sel;
	rpick_fetch(s);
}

static void
rpick_cancel(struct screen *s)
{
	screen_pop(s);
}

static void
rpick_up(struct screen *s)
{
	ui_list_move(&((struct rpick *)s->data)->list, -1);
}

static void
rpick_down(struct screen *s)
{
	ui_list_move(&((struct rpick *)s->data)->list, 1);
}

static void
rpick_page_up(struct screen *s)
{
	struct rpick	*rp = s->data;

	ui_list_move(&rp->list, -rp->rows_shown);
}

static void
rpick_page_down(struct screen *s)
{
	struct rpick	*rp = s->data;

	ui_list_move(&rp->list, rp->rows_shown);
}

static void
rpick_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct rpick	*rp = s->data;
	char		 buf[512];
	size_t		 i;
	int		 sel = rp->list.sel;

	if (id != rp->pending)
		return;
	rp->pending = 0;
	if (r == NULL)
		return;		/* again when connected */
	if (status_code(r) != BANSHI__V1__STATUS_CODE__STATUS_OK) {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		return;
	}
	if (r->body_case != BANSHI__V1__REPLY__BODY_REGIONS) {
		ui_error("%s", _("The server gave an unexpected answer"));
		return;
	}
	region_learn(r->regions);
	rpick_clear(rp);
	rp->rows = xcalloc(r->regions->n_regions + 1, sizeof *rp->rows);
	for (i = 0; i < r->regions->n_regions; i++) {
		rp->rows[i].code = xstrdup(r->regions->regions[i]->code);
		rp->rows[i].name = catalog_safe(r->regions->regions[i]->name);
		rp->rows[i].level = (int)r->regions->regions[i]->level;
		rp->rows[i].children = r->regions->regions[i]->has_children;
	}
	rp->n = r->regions->n_regions;
	rp->list.n = (int)rp->n;
	rp->list.sel = sel;
	ui_list_move(&rp->list, 0);
	rp->loaded = 1;
}

static void
rpick_connected(struct screen *s)
{
	struct rpick	*rp = s->data;

	if (!rp->loaded && rp->pending == 0)
		rpick_fetch(s);
}

static void
rpick_draw(struct screen *s)
{
	struct rpick	*rp = s->data;
	char		 title[256], *path;
	int		 w = REGION_BOX_W, h, y, x, i, sel, room;
	attr_t		 attr;

	if (w > COLS - 2)
		w = COLS - 2;
	room = ui_bottom() - ui_top() + 1;
	h = room > 20 ? 20 : room;
	y = ui_top() + (room - h) / 2;
	x = (COLS - w) / 2;
	snprintf(title, sizeof title, _("Choose: %s"), rp->title);
	ui_box(y, x, h, w, title);
	path = rpick_path(rp, NULL);
	ui_put(y + 1, x + 3, *path != '\0' ? path : _("(nothing chosen yet)"),
	    w - 6, *path != '\0' ? A_BOLD : ui_attr(UI_ATTR_DIM));
	free(path);
	snprintf(title, sizeof title, _("Choose down to the %s; Backspace "
	    "goes up a level"), filing_level_text(rp->depth));
	ui_put(y + 2, x + 3, title, w - 6, ui_attr(UI_ATTR_DIM));
	ui_box_rule(y + 3, x, w);
	rp->rows_shown = h - 5;
	if (!rp->loaded) {
		ui_put(y + 4, x + 3, rp->pending != 0 ? _("Loading...") :
		    _("Not loaded yet"), w - 6, ui_attr(UI_ATTR_DIM));
		return;
	}
	ui_list_show(&rp->list, rp->rows_shown);
	for (i = 0; i < rp->rows_shown && rp->list.top + i < (int)rp->n;
	    i++) {
		sel = rp->list.top + i == rp->list.sel;
		attr = sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
		ui_select_bar(y + 4 + i, x + 1, w - 2, sel);
		ui_put(y + 4 + i, x + 3, rp->rows[rp->list.top + i].name,
		    w - 10, attr);
		if (rp->rows[rp->list.top + i].level < rp->depth &&
		    rp->rows[rp->list.top + i].children)
			ui_put(y + 4 + i, x + w - 5, ">", 1, attr);
	}
}

static int
rpick_key(struct screen *s, const struct ui_input *in)
{
	return (1);
}

static void
rpick_free(struct screen *s)
{
	struct rpick	*rp = s->data;
	int		 i;

	rpick_clear(rp);
	for (i = 0; i < rp->nchosen; i++) {
		free(rp->codes[i]);
		free(rp->names[i]);
	}
	free(rp->title);
	free(rp);
}

const struct screen_type screen_region_type = {
	.name = "region",
	.title = N_("Choose a region"),
	.keys = rpick_keys,
	.overlay = 1,
	.init = rpick_init,
	.draw = rpick_draw,
	.key = rpick_key,
	.reply = rpick_reply,
	.free = rpick_free,
	.connected = rpick_connected,
};
