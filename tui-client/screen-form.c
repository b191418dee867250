/*
 * The application form (申请表): the applicant with 读取 from the registry,
 * the item's fields, the pickup and the 容缺 commitment.  The draft is saved
 * as the operator goes: on leaving a changed field, on every choice, and
 * with F2; F7 goes on to the materials.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define CODE(c)		BANSHI__V1__STATUS_CODE__STATUS_##c
#define FT(t)		BANSHI__V1__FIELD_TYPE__FIELD_TYPE_##t
#define KIND(k)		BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_##k

#define FSCREEN_TEXT_W	50	/* widest text input */

enum fscreen_state {
	FSCREEN_ITEM,			/* fetching the item */
	FSCREEN_CREATE,			/* creating the draft */
	FSCREEN_DRAFT,			/* fetching the draft */
	FSCREEN_READY,
	FSCREEN_GONE			/* the draft no longer exists */
};

struct fscreen {
	struct app		 app;
	struct form		 form;
	enum fscreen_state	 state;
	char			*item_code;
	char			*draft_id;
	uint32_t		 pending;	/* GetItem/CreateDraft/GetDraft */
	uint8_t			 create_key[FILING_KEY_LEN];
	uint32_t		 saving;	/* SaveDraft in flight */
	uint32_t		 reading;	/* ReadApplicant in flight */
	uint32_t		 naming;	/* ListRegions naming a region */
	char			 named[16];	/* the parent it listed */
	char			*read_id;	/* the number 读取 sent */
	int			 save_again;	/* save after the write in flight */
	int			 read_wanted;	/* 读取 after it */
	int			 then_materials; /* open them once saved */
	int			 then_back;	/* leave once saved */
	int			 may_discard;	/* F3 leaves without saving */
	int			 in_materials;	/* the materials are open */
	unsigned int		 edits;		/* changes made, counted */
	unsigned int		 saved;		/* edits the server has */
	unsigned int		 sent;		/* edits the save in flight has */
	char			 saved_at[16];	/* when, "14:05:03" */
	int			 focus;		/* row index */
	int			 top;		/* first line shown */
	int			 view;		/* lines of rows on screen */
	int			 lw;		/* label column width */
};

static void	fscreen_save_key(struct screen *);
static void	fscreen_back(struct screen *);
static void	fscreen_pick(struct screen *);
static void	fscreen_reload(struct screen *);
static void	fscreen_read(struct screen *);
static void	fscreen_materials(struct screen *);
static void	fscreen_next(struct screen *);
static void	fscreen_prev(struct screen *);
static void	fscreen_page_down(struct screen *);
static void	fscreen_page_up(struct screen *);
static void	fscreen_space(struct screen *);
static void	fscreen_choice_next(struct screen *);
static void	fscreen_choice_prev(struct screen *);
static void	fscreen_save(struct screen *);
static void	fscreen_close(struct screen *);

static const struct ui_key fscreen_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 2, 0, N_("Save"), N_("Save the draft now (it is also saved as you "
	    "go)"), fscreen_save_key },
	{ 3, 0, N_("Back"), N_("Save and go back; the draft stays in My "
	    "drafts"), fscreen_back },
	{ 4, 0, N_("Choose"), N_("Choose this field's value from a list"),
	    fscreen_pick },
	{ 5, 0, N_("Reload"), N_("Load the draft again from the server"),
	    fscreen_reload },
	{ 6, 0, N_("Read"), N_("Read the applicant from the registry by "
	    "the number typed (读取)"), fscreen_read },
	{ 7, 0, N_("Materials"), N_("Save and go on to the materials"),
	    fscreen_materials },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '\t', NULL, N_("Next field"), fscreen_next },
	{ 0, KEY_DOWN, NULL, NULL, fscreen_next },
	{ 0, '\n', NULL, NULL, fscreen_next },
	{ 0, KEY_ENTER, NULL, NULL, fscreen_next },
	{ 0, KEY_BTAB, NULL, N_("Previous field"), fscreen_prev },
	{ 0, KEY_UP, NULL, NULL, fscreen_prev },
	{ 0, KEY_NPAGE, NULL, N_("Down a page"), fscreen_page_down },
	{ 0, KEY_PPAGE, NULL, N_("Up a page"), fscreen_page_up },
	{ 0, ' ', NULL, N_("On a choice or region: choose from a list; on a "
	    "tick box: tick or untick"), fscreen_space },
	{ 0, KEY_RIGHT, NULL, N_("On a choice: the next value"),
	    fscreen_choice_next },
	{ 0, KEY_LEFT, NULL, N_("On a choice: the previous value"),
	    fscreen_choice_prev },
	{ 0, 27, NULL, NULL, fscreen_back },
	{ 0, 'S' - '@', NULL, NULL, fscreen_save_key },
	{ 0, 'R' - '@', NULL, NULL, fscreen_read },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

static struct form_row *
fscreen_row(struct fscreen *fs)
{
	if (fs->state != FSCREEN_READY || fs->focus < 0 ||
	    (size_t)fs->focus >= fs->form.n)
		return (NULL);
	return (&fs->form.rows[fs->focus]);
}

/* Choosing needs a choice or region; Space and the arrows likewise. */
static int
fscreen_valid(struct screen *s, const struct ui_key *k)
{
	struct fscreen	*fs = s->data;
	struct form_row	*r = fscreen_row(fs);

	if (k->fn == fscreen_pick)
		return (r != NULL && (r->kind == FORM_CHOICE ||
		    r->kind == FORM_REGION));
	if (k->fn == fscreen_space)
		return (r != NULL && r->kind != FORM_TEXT);
	if (k->fn == fscreen_choice_next || k->fn == fscreen_choice_prev)
		return (r != NULL && r->kind == FORM_CHOICE);
	if (k->fn == fscreen_save_key || k->fn == fscreen_read ||
	    k->fn == fscreen_materials)
		return (fs->state == FSCREEN_READY);
	return (1);
}

/* ---- requests ---------------------------------------------------------- */

static void
fscreen_error(const Banshi__V1__Reply *r)
{
	char	buf[512];

	status_text(r, buf, sizeof buf);
	ui_error("%s", buf);
}

/* Ask for what the state needs: the item, a new draft, or the draft. */
static void
fscreen_fetch(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__GetItem		 gi = BANSHI__V1__GET_ITEM__INIT;
	Banshi__V1__CreateDraft		 cd = BANSHI__V1__CREATE_DRAFT__INIT;
	Banshi__V1__GetDraft		 gd = BANSHI__V1__GET_DRAFT__INIT;
	struct fscreen			*fs = s->data;
	int				 mutating = 0;

	if (fs->pending != 0)
		return;
	switch (fs->state) {
	case FSCREEN_ITEM:
		gi.code = fs->item_code;
		msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_ITEM;
		msg.get_item = &gi;
		break;
	case FSCREEN_CREATE:
		/* A retry after a reconnect must not make a second draft. */
		cd.item_code = fs->item_code;
		msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_CREATE_DRAFT;
		msg.create_draft = &cd;
		filing_use_key(&msg, fs->create_key);
		mutating = 1;
		break;
	case FSCREEN_DRAFT:
	case FSCREEN_READY:
		gd.draft_id = fs->draft_id;
		msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_DRAFT;
		msg.get_draft = &gd;
		break;
	default:
		return;
	}
	fs->pending = tui_call(s, &msg, mutating);
}

/* Name the next region still shown as a code, one listing at a time. */
static void
fscreen_name_regions(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListRegions		 lr = BANSHI__V1__LIST_REGIONS__INIT;
	struct fscreen			*fs = s->data;
	struct form_row			*r;
	char				 parent[16];
	size_t				 i;

	if (fs->naming != 0)
		return;
	for (i = 0; i < fs->form.n; i++) {
		r = &fs->form.rows[i];
		if (r->kind != FORM_REGION || r->code == NULL)
			continue;
		if (r->path == NULL)
			r->path = region_path(r->code);
		if (r->path != NULL || !region_missing(r->code, parent,
		    sizeof parent) || strcmp(parent, fs->named) == 0)
			continue;
		snprintf(fs->named, sizeof fs->named, "%s", parent);
		lr.parent_code = parent;
		msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_REGIONS;
		msg.list_regions = &lr;
		fs->naming = tui_call(s, &msg, 0);
		return;
	}
}

static int
fscreen_busy(struct fscreen *fs)
{
	return (fs->saving != 0 || fs->reading != 0);
}

/* Send the form as it is; one write at a time, the next one queued. */
static void
fscreen_save(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	struct fscreen			*fs = s->data;
	struct form_msg			 m;

	if (fs->state != FSCREEN_READY)
		return;
	if (fscreen_busy(fs)) {
		fs->save_again = 1;
		return;
	}
	fs->save_again = 0;
	form_msg_build(&fs->form, &m);
	m.sd.draft_id = fs->app.draft->draft_id;
	m.sd.expected_version = fs->app.draft->version;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SAVE_DRAFT;
	msg.save_draft = &m.sd;
	fs->sent = fs->edits;
	fs->saving = tui_call(s, &msg, 1);
	form_msg_free(&m);
}

/* A change that is saved at once (a choice, a region, a tick). */
static void
fscreen_changed(struct screen *s, struct form_row *r)
{
	struct fscreen	*fs = s->data;

	fs->edits++;
	fs->may_discard = 0;
	r->bad = 0;
	form_row_error(r, NULL);
	fscreen_save(s);
}

static void
fscreen_open_materials(struct screen *s)
{
	struct fscreen	*fs = s->data;

	fs->then_materials = 0;
	fs->in_materials = 1;
	materials_open(s, &fs->app);
}

/* After a write's answer: what was waiting for it. */
static void
fscreen_after_write(struct screen *s)
{
	struct fscreen	*fs = s->data;

	if (fs->read_wanted) {
		fs->read_wanted = 0;
		fscreen_read(s);
	} else if (fs->save_again)
		fscreen_save(s);
	else if (fs->then_back && fs->edits == fs->saved)
		fscreen_close(s);
	else if (fs->then_materials && fs->edits == fs->saved)
		fscreen_open_materials(s);
}

/* ---- focus and scrolling ------------------------------------------------ */

/*
 * Leave the focused row: a changed value is saved.  An ID number or credit
 * code that fails the shared checks is marked at once and left out.
 */
static void
fscreen_leave(struct screen *s)
{
	struct fscreen	*fs = s->data;
	struct form_row	*r = fscreen_row(fs);
	char		 why[256];

	if (r == NULL || !r->dirty)
		return;
	r->dirty = 0;
	if (!form_row_plausible(r)) {
		form_explain(&fs->form, r, fs->app.item, why, sizeof why);
		form_row_error(r, why);
		r->bad = 1;
		ui_error(_("%s: %s"), r->label, why);
	}
	if (r->target >= FORM_ID && r->target <= FORM_PHONE &&
	    form_prefill(&fs->form, fs->app.item) > 0)
		fs->edits++;
	fscreen_save(s);
}

static void
fscreen_focus(struct screen *s, int i)
{
	struct fscreen	*fs = s->data;
	struct form_row	*r;

	if (i == fs->focus)
		return;
	fscreen_leave(s);
	fs->focus = i;
	if ((r = fscreen_row(fs)) != NULL && r->kind == FORM_TEXT)
		r->f.pos = r->f.len;
}

/* Move the focus by delta focusable rows, staying inside the form. */
static void
fscreen_move(struct screen *s, int delta)
{
	struct fscreen	*fs = s->data;
	int		 i = fs->focus, step = delta > 0 ? 1 : -1, to = fs->focus;

	if (fs->state != FSCREEN_READY)
		return;
	while (delta != 0) {
		i += step;
		if (i < 0 || (size_t)i >= fs->form.n)
			break;
		if (!form_focusable(&fs->form, &fs->form.rows[i]))
			continue;
		to = i;
		delta -= step;
	}
	fscreen_focus(s, to);
}

static void
fscreen_next(struct screen *s)
{
	fscreen_move(s, 1);
}

static void
fscreen_prev(struct screen *s)
{
	fscreen_move(s, -1);
}

static void
fscreen_page_down(struct screen *s)
{
	struct fscreen	*fs = s->data;

	fscreen_move(s, fs->view > 4 ? fs->view / 2 : 2);
}

static void
fscreen_page_up(struct screen *s)
{
	struct fscreen	*fs = s->data;

	fscreen_move(s, -(fs->view > 4 ? fs->view / 2 : 2));
}

/* The first required field still empty, else the first field. */
static void
fscreen_focus_first(struct fscreen *fs)
{
	struct form_row	*r;
	char		*v;
	size_t		 i;
	int		 first = -1, empty = -1;

	for (i = 0; i < fs->form.n && empty == -1; i++) {
		r = &fs->form.rows[i];
		if (!form_focusable(&fs->form, r))
			continue;
		if (first == -1)
			first = (int)i;
		v = form_row_value(r);
		if (r->required && *v == '\0')
			empty = (int)i;
		free(v);
	}
	fs->focus = empty != -1 ? empty : first != -1 ? first : 0;
	fs->top = 0;
}

/* ---- choices, regions, ticks ------------------------------------------- */

/* The applicant kind or the pickup changed: other rows show. */
static void
fscreen_switch(struct fscreen *fs, struct form_row *r)
{
	if (r->target == FORM_KIND)
		fs->form.person = r->choice != 1;
	else if (r->target == FORM_PICKUP)
		fs->form.express = r->choice == 1;
}

static void
fscreen_set_choice(struct screen *s, struct form_row *r, int i)
{
	struct fscreen	*fs = s->data;

	if (i < 0 || (size_t)i >= r->nchoices || i == r->choice)
		return;
	r->choice = i;
	free(r->other);
	r->other = NULL;
	fscreen_switch(fs, r);
	fscreen_changed(s, r);
}

static void
fscreen_cycle(struct screen *s, int delta)
{
	struct form_row	*r = fscreen_row(s->data);
	int		 n;

	if (r == NULL || r->kind != FORM_CHOICE || r->nchoices == 0)
		return;
	n = (int)r->nchoices;
	fscreen_set_choice(s, r, r->choice < 0 ? (delta > 0 ? 0 : n - 1) :
	    (r->choice + delta + n) % n);
}

static void
fscreen_choice_next(struct screen *s)
{
	fscreen_cycle(s, 1);
}

static void
fscreen_choice_prev(struct screen *s)
{
	fscreen_cycle(s, -1);
}

/* The pick list answered: row tag took value index. */
static void
fscreen_picked(struct screen *s, long tag, int index)
{
	struct fscreen	*fs = s->data;

	if (fs->state != FSCREEN_READY || tag < 0 || (size_t)tag >= fs->form.n)
		return;
	fscreen_set_choice(s, &fs->form.rows[tag], index);
}

/* The region cascade answered: row tag is now code, named path. */
static void
fscreen_region_chosen(struct screen *s, long tag, const char *code,
    const char *path)
{
	struct fscreen	*fs = s->data;
	struct form_row	*r;

	if (fs->state != FSCREEN_READY || tag < 0 || (size_t)tag >= fs->form.n)
		return;
	r = &fs->form.rows[tag];
	free(r->code);
	free(r->path);
	r->code = xstrdup(code);
	r->path = xstrdup(path);
	fscreen_changed(s, r);
}

static void
fscreen_pick(struct screen *s)
{
	struct fscreen	*fs = s->data;
	struct form_row	*r = fscreen_row(fs);
	struct pick_arg	 p;

	if (r == NULL)
		return;
	memset(&p, 0, sizeof p);
	p.owner = s;
	p.title = r->label;
	p.tag = fs->focus;
	if (r->kind == FORM_CHOICE) {
		p.items = (const char *const *)r->shown;
		p.n = r->nchoices;
		p.current = r->choice;
		p.done = fscreen_picked;
		pick_open(&p);
	} else if (r->kind == FORM_REGION) {
		p.depth = r->depth;
		p.region_done = fscreen_region_chosen;
		region_pick_open(&p);
	}
}

static void
fscreen_space(struct screen *s)
{
	struct form_row	*r = fscreen_row(s->data);

	if (r == NULL)
		return;
	if (r->kind == FORM_TICK) {
		r->tick = !r->tick;
		fscreen_changed(s, r);
	} else
		fscreen_pick(s);
}

/* ---- keys ---------------------------------------------------------------- */

static void
fscreen_save_key(struct screen *s)
{
	struct fscreen	*fs = s->data;
	struct form_row	*r = fscreen_row(fs);

	if (r != NULL)
		r->dirty = 0;
	fs->edits++;		/* F2 always saves, even unchanged */
	fscreen_save(s);
	ui_message("%s", _("Saving..."));
}

static void
fscreen_reload(struct screen *s)
{
	struct fscreen	*fs = s->data;

	if (fs->draft_id == NULL)
		fscreen_fetch(s);
	else if (fs->pending == 0 && !fscreen_busy(fs)) {
		if (fs->state == FSCREEN_GONE)
			fs->state = FSCREEN_DRAFT;
		fscreen_fetch(s);
		ui_message("%s", _("Loading..."));
	}
}

/* 读取: the number in the ID row, looked up in the registry. */
static void
fscreen_read(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ReadApplicant	 ra = BANSHI__V1__READ_APPLICANT__INIT;
	struct fscreen			*fs = s->data;
	struct form_row			*id;

	if (fs->state != FSCREEN_READY ||
	    (id = form_target(&fs->form, FORM_ID)) == NULL)
		return;
	if (field_empty(&id->f)) {
		fscreen_focus(s, (int)(id - fs->form.rows));
		form_row_error(id, fs->form.person ? _("Type the ID number "
		    "first") : _("Type the credit code first"));
		ui_error("%s", id->error);
		return;
	}
	if (fscreen_busy(fs)) {
		fs->read_wanted = 1;
		return;
	}
	free(fs->read_id);
	fs->read_id = field_text(&id->f);
	ra.draft_id = fs->app.draft->draft_id;
	ra.expected_version = fs->app.draft->version;
	ra.kind = fs->form.person ? KIND(PERSON) : KIND(ENTERPRISE);
	ra.id_number = fs->read_id;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_READ_APPLICANT;
	msg.read_applicant = &ra;
	if ((fs->reading = tui_call(s, &msg, 1)) != 0)
		ui_message("%s", _("Reading from the registry..."));
}

static void
fscreen_materials(struct screen *s)
{
	struct fscreen	*fs = s->data;

	if (fs->state != FSCREEN_READY)
		return;
	fscreen_leave(s);
	if (fs->edits == fs->saved && !fscreen_busy(fs)) {
		fscreen_open_materials(s);
		return;
	}
	fs->then_materials = 1;
	if (!fscreen_busy(fs))
		fscreen_save(s);
	ui_message("%s", _("Saving..."));
}

/* An application nobody touched: no draft to keep for it. */
static void
fscreen_drop_empty(struct fscreen *fs)
{
	Banshi__V1__ClientMessage	msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__DeleteDraft		dd = BANSHI__V1__DELETE_DRAFT__INIT;

	if (fs->app.draft == NULL || fs->app.draft->version != 1 ||
	    fs->edits != 0 || !client_ready(tui.client))
		return;
	dd.draft_id = fs->app.draft->draft_id;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_DELETE_DRAFT;
	msg.delete_draft = &dd;
	client_call(tui.client, &msg, 1, NULL, NULL);
}

/* Leave the form: the draft stays, unless nothing was ever put in it. */
static void
fscreen_close(struct screen *s)
{
	struct fscreen	*fs = s->data;

	fscreen_drop_empty(fs);
	if (fs->app.draft != NULL && fs->app.draft->version > 1)
		ui_message("%s", _("The draft is kept; resume it from My "
		    "drafts"));
	screen_pop(s);
}

static void
fscreen_back(struct screen *s)
{
	struct fscreen	*fs = s->data;

	if (fs->state == FSCREEN_READY && !fs->may_discard) {
		fscreen_leave(s);
		if (fs->edits != fs->saved || fscreen_busy(fs)) {
			fs->then_back = 1;
			if (!fscreen_busy(fs))
				fscreen_save(s);
			if (fscreen_busy(fs))
				ui_message("%s", _("Saving..."));
			else {
				/* Not connected: do not keep the user here. */
				fs->then_back = 0;
				fs->may_discard = 1;
				ui_error("%s", _("Not connected: the changes are "
				    "not saved; F3 again leaves without them"));
			}
			return;
		}
	}
	fscreen_close(s);
}

/* Typing into a text row. */
static int
fscreen_key(struct screen *s, const struct ui_input *in)
{
	struct fscreen	*fs = s->data;
	struct form_row	*r = fscreen_row(fs);
	wchar_t		 before[FIELD_MAX + 1];
	size_t		 len;

	if (r == NULL || r->kind != FORM_TEXT)
		return (0);
	len = r->f.len;
	wmemcpy(before, r->f.buf, len);
	if (!field_key(&r->f, in))
		return (0);
	if (len != r->f.len || wmemcmp(before, r->f.buf, len) != 0) {
		r->dirty = 1;
		r->bad = 0;
		form_row_error(r, NULL);
		fs->edits++;
		fs->may_discard = 0;
	}
	return (1);
}

/* ---- replies ------------------------------------------------------------- */

static void
fscreen_ready(struct screen *s, const char *msg)
{
	struct fscreen	*fs = s->data;

	fs->state = FSCREEN_READY;
	fs->edits = fs->saved = fs->sent = 0;
	form_load(&fs->form, fs->app.draft);
	fscreen_focus_first(fs);
	fs->named[0] = '\0';
	fscreen_name_regions(s);
	if (msg != NULL)
		ui_message("%s", msg);
}

/* The answer to GetItem, CreateDraft or GetDraft. */
static void
fscreen_fetched(struct screen *s, const Banshi__V1__Reply *r)
{
	struct fscreen	*fs = s->data;
	int		 reload = fs->state == FSCREEN_READY;

	if (r->body_case == BANSHI__V1__REPLY__BODY_ITEM && r->item->summary !=
	    NULL && fs->state == FSCREEN_ITEM) {
		app_set_item(&fs->app, r->item);
		form_build(&fs->form, fs->app.item);
		if (fs->app.draft != NULL)
			fscreen_ready(s, NULL);
		else {
			fs->state = FSCREEN_CREATE;
			fscreen_fetch(s);
		}
		return;
	}
	if (r->body_case != BANSHI__V1__REPLY__BODY_DRAFT) {
		ui_error("%s", _("The server gave an unexpected answer"));
		return;
	}
	app_set_draft(&fs->app, r->draft);
	free(fs->draft_id);
	fs->draft_id = xstrdup(r->draft->draft_id);
	if (fs->app.item == NULL) {
		free(fs->item_code);
		fs->item_code = xstrdup(r->draft->item_code);
		fs->state = FSCREEN_ITEM;
		fscreen_fetch(s);
		return;
	}
	if (fs->state == FSCREEN_CREATE)
		fscreen_ready(s, _("A new draft: it is saved as you fill it "
		    "in"));
	else
		fscreen_ready(s, reload ? _("The draft was loaded again") :
		    NULL);
}

/* The draft changed elsewhere: load it again and say so. */
static void
fscreen_conflict(struct screen *s)
{
	struct fscreen	*fs = s->data;

	fs->save_again = fs->read_wanted = fs->then_materials = 0;
	fs->then_back = 0;
	fscreen_fetch(s);
	ui_error("%s", _("The draft was changed on another terminal; it has "
	    "been loaded again, check it and go on"));
}

/*
 * A refusal naming one of the form's rows: the reason beside the row, and
 * on the message line.  Returns the row, or NULL when none is named.
 */
static struct form_row *
fscreen_refused(struct screen *s, const Banshi__V1__Reply *r, int focus)
{
	struct fscreen	*fs = s->data;
	struct form_row	*row;
	char		 why[256];

	if ((row = form_find(&fs->form, status_field(r))) == NULL)
		return (NULL);
	if (row->kind == FORM_TEXT && row->target == FORM_ID &&
	    fs->read_id != NULL && status_code(r) != CODE(NOT_FOUND) &&
	    strcmp(status_field(r), "id_number") == 0)
		filing_id_reason(why, sizeof why, fs->form.person, fs->read_id);
	else
		form_explain(&fs->form, row, fs->app.item, why, sizeof why);
	form_row_error(row, why);
	ui_error(_("%s: %s"), row->label, why);
	if (focus && form_visible(&fs->form, row))
		fscreen_focus(s, (int)(row - fs->form.rows));
	return (row);
}

static void
fscreen_saved(struct screen *s, const Banshi__V1__Reply *r)
{
	struct fscreen	*fs = s->data;
	struct form_row	*row = NULL;
	struct tm	 tm;
	time_t		 now;
	int		 code = status_code(r);

	if (code == CODE(OK) && r->body_case == BANSHI__V1__REPLY__BODY_DRAFT) {
		app_set_draft(&fs->app, r->draft);
		fs->saved = fs->sent;
		now = time(NULL);
		localtime_r(&now, &tm);
		strftime(fs->saved_at, sizeof fs->saved_at, "%H:%M:%S", &tm);
		fscreen_after_write(s);
		return;
	}
	if (code == CODE(CONFLICT)) {
		fscreen_conflict(s);
		return;
	}
	fs->then_materials = 0;
	if (fs->then_back) {
		fs->then_back = 0;
		fs->may_discard = 1;
	}
	if (code == CODE(INVALID_ARGUMENT) &&
	    (row = fscreen_refused(s, r, 0)) != NULL && !row->bad) {
		/* Keep what is good: save again without the refused value. */
		row->bad = 1;
		fs->save_again = 1;
		fscreen_after_write(s);
		return;
	}
	if (code == CODE(NOT_FOUND) && status_field(r) != NULL &&
	    strcmp(status_field(r), "draft_id") == 0) {
		fs->state = FSCREEN_GONE;
		ui_error("%s", _("This draft no longer exists: it was submitted "
		    "or deleted"));
		return;
	}
	if (row == NULL)
		fscreen_error(r);
}

/* How many materials the e-licence library stands in for. */
static size_t
fscreen_elicences(const Banshi__V1__Draft *d)
{
	size_t	i, n = 0;

	for (i = 0; i < d->n_materials; i++)
		n += d->materials[i]->from_elicence;
	return (n);
}

static void
fscreen_read_done(struct screen *s, const Banshi__V1__Reply *r)
{
	struct fscreen	*fs = s->data;
	struct form_row	*id;
	char		*name;
	int		 code = status_code(r);

	if (code == CODE(OK) && r->body_case == BANSHI__V1__REPLY__BODY_DRAFT) {
		app_set_draft(&fs->app, r->draft);
		form_load_applicant(&fs->form, r->draft->applicant);
		if (form_prefill(&fs->form, fs->app.item) > 0)
			fs->edits++;
		if (fs->edits != fs->saved)
			fs->save_again = 1;
		name = catalog_safe(r->draft->applicant->name);
		ui_message(_("Read from the registry: %s; %zu material(s) "
		    "attached from the e-licence library"), name,
		    fscreen_elicences(r->draft));
		free(name);
		fscreen_after_write(s);
		return;
	}
	if (code == CODE(CONFLICT)) {
		fscreen_conflict(s);
		return;
	}
	if (code == CODE(NOT_FOUND) && (id = form_target(&fs->form,
	    FORM_ID)) != NULL && status_field(r) != NULL &&
	    strcmp(status_field(r), "id_number") == 0) {
		form_row_error(id, fs->form.person ? _("Not in the population "
		    "registry: type the applicant's details by hand") : _("Not "
		    "in the enterprise registry: type the details by hand"));
		ui_error("%s", id->error);
	} else if (code != CODE(INVALID_ARGUMENT) ||
	    fscreen_refused(s, r, 1) == NULL)
		fscreen_error(r);
	fscreen_after_write(s);
}

static void
fscreen_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct fscreen	*fs = s->data;

	if (id == 0)
		return;
	if (id == fs->naming) {
		fs->naming = 0;
		if (r != NULL && r->body_case == BANSHI__V1__REPLY__BODY_REGIONS) {
			region_learn(r->regions);
			fscreen_name_regions(s);
		}
		return;
	}
	if (id == fs->pending) {
		fs->pending = 0;
		if (r == NULL)
			return;		/* again when connected */
		if (status_code(r) != CODE(OK)) {
			if (fs->draft_id != NULL &&
			    status_code(r) == CODE(NOT_FOUND))
				fs->state = FSCREEN_GONE;
			fscreen_error(r);
			return;
		}
		fscreen_fetched(s, r);
	} else if (id == fs->saving) {
		fs->saving = 0;
		if (r == NULL) {
			fs->then_materials = fs->then_back = 0;
			return;		/* saved again when connected */
		}
		fscreen_saved(s, r);
	} else if (id == fs->reading) {
		fs->reading = 0;
		if (r == NULL)
			return;
		fscreen_read_done(s, r);
	}
}

/* Back from the materials: the commitment may have changed there. */
static void
fscreen_shown(struct screen *s)
{
	struct fscreen	*fs = s->data;
	struct form_row	*r;

	if (!fs->in_materials || fs->state != FSCREEN_READY ||
	    fs->app.draft == NULL)
		return;
	fs->in_materials = 0;
	if (fs->app.reloaded) {
		/* Loaded again there: it may hold another terminal's work. */
		fs->app.reloaded = 0;
		form_load(&fs->form, fs->app.draft);
		fs->edits = fs->saved = fs->sent = 0;
		if (!form_focusable(&fs->form, &fs->form.rows[fs->focus]))
			fscreen_focus_first(fs);
	} else if ((r = form_target(&fs->form, FORM_COMMIT)) != NULL)
		r->tick = fs->app.draft->missing_commitment;
}

static void
fscreen_connected(struct screen *s)
{
	struct fscreen	*fs = s->data;

	if (fs->state != FSCREEN_READY && fs->state != FSCREEN_GONE)
		fscreen_fetch(s);
	else if (fs->state == FSCREEN_READY) {
		if (fs->edits != fs->saved)
			fscreen_save(s);
		fs->named[0] = '\0';
		fscreen_name_regions(s);
	}
}

/*
 * Show the server's refusal of a submission on the form when it names one
 * of its rows; returns 0 when it names none.
 */
int
form_show_refusal(struct screen *s, const Banshi__V1__Reply *r)
{
	struct fscreen	*fs = s->data;

	if (s->type != &screen_form_type || fs->state != FSCREEN_READY)
		return (0);
	return (fscreen_refused(s, r, 1) != NULL);
}

/* ---- drawing -------------------------------------------------------------- */

/* Columns of a row's input. */
static int
fscreen_input_width(const struct form_row *r, int room)
{
	size_t	i;
	int	w = 10;

	switch (r->kind) {
	case FORM_CHOICE:
		w = (int)text_width(_("(choose)")) + 2;
		for (i = 0; i < r->nchoices; i++) {
			if ((int)text_width(r->shown[i]) + 2 > w)
				w = (int)text_width(r->shown[i]) + 2;
		}
		break;
	case FORM_REGION:
		w = FSCREEN_TEXT_W;
		break;
	case FORM_TEXT:
		if (r->type == FT(ID_NUMBER) || r->type == FT(CREDIT_CODE))
			w = 20;
		else if (r->type == FT(PHONE))
			w = 15;
		else if (r->type == FT(DATE))
			w = 12;
		else if (r->type == FT(NUMBER))
			w = 14;
		else
			w = FSCREEN_TEXT_W;
		break;
	default:
		break;
	}
	return (w > room ? room : w);
}

/* Lines a row takes: a heading has a blank line above it. */
static int
fscreen_height(const struct fscreen *fs, size_t i)
{
	const struct form_row	*r = &fs->form.rows[i];

	if (!form_visible(&fs->form, r))
		return (0);
	if (r->kind == FORM_HEAD)
		return (i > 0 ? 2 : 1);
	return (r->error != NULL ? 2 : 1);
}

/*
 * Scroll so that the focused row shows, with its heading when it is the
 * section's first, and what follows down to the next field when it fits.
 */
static void
fscreen_scroll(struct fscreen *fs)
{
	int	line = 0, start = 0, h = 0, head = -1, more = 0, end;
	size_t	i;

	for (i = 0; i < fs->form.n; i++) {
		if ((int)i > fs->focus) {
			more += fscreen_height(fs, i);
			if (form_focusable(&fs->form, &fs->form.rows[i]))
				break;
			continue;
		}
		if (fs->form.rows[i].kind == FORM_HEAD &&
		    form_visible(&fs->form, &fs->form.rows[i]))
			head = line;
		if ((int)i == fs->focus) {
			start = line;
			h = fscreen_height(fs, i);
			continue;
		}
		if (form_focusable(&fs->form, &fs->form.rows[i]))
			head = -1;
		line += fscreen_height(fs, i);
	}
	end = start + h;
	if (head >= 0 && end - head <= fs->view)
		start = head;
	if (end + more - start <= fs->view)
		end += more;
	if (start < fs->top)
		fs->top = start;
	if (end > fs->top + fs->view)
		fs->top = end - fs->view;
	if (fs->top < 0)
		fs->top = 0;
}

/* The label column's width: the widest label, at most a third. */
static int
fscreen_label_width(const struct fscreen *fs)
{
	const struct form_row	*r;
	size_t			 i;
	int			 w = 4, lw;

	for (i = 0; i < fs->form.n; i++) {
		r = &fs->form.rows[i];
		if (r->kind == FORM_HEAD || r->kind == FORM_NOTE ||
		    r->kind == FORM_TICK)
			continue;
		if ((lw = (int)text_width(r->label)) > w)
			w = lw;
	}
	return (w > COLS / 3 ? COLS / 3 : w);
}

/* What a choice or region shows, sanitized; the caller frees. */
static char *
fscreen_shown_value(const struct form_row *r, int *empty)
{
	*empty = 0;
	if (r->kind == FORM_CHOICE && r->choice >= 0)
		return (xstrdup(r->shown[r->choice]));
	if (r->kind == FORM_CHOICE && r->other != NULL)
		return (text_sanitize(r->other));
	if (r->kind == FORM_REGION && r->path != NULL)
		return (xstrdup(r->path));
	if (r->kind == FORM_REGION && r->code != NULL)
		return (text_sanitize(r->code));
	*empty = 1;
	return (xstrdup(r->kind == FORM_REGION ? _("(not chosen)") :
	    _("(choose)")));
}

/* A hint after the focused input: the keys that work on it. */
static const char *
fscreen_hint(const struct fscreen *fs, const struct form_row *r)
{
	if (r->kind == FORM_CHOICE)
		return (_("Left/Right or Space: choose"));
	if (r->kind == FORM_REGION)
		return (_("Space or F4: choose level by level"));
	if (r->kind == FORM_TEXT && r->target == FORM_ID)
		return (_("F6: read from the registry"));
	if (r->kind == FORM_TEXT && r->type == FT(DATE))
		return ("YYYY-MM-DD");
	return (NULL);
}

static void
fscreen_draw_input(struct fscreen *fs, struct form_row *r, int y, int x,
    int w, int focused)
{
	const char	*hint;
	char		*v;
	int		 empty, used;
	attr_t		 attr = ui_attr(focused ? UI_ATTR_FOCUS : UI_ATTR_FIELD);

	if (r->kind == FORM_TEXT)
		field_draw(&r->f, y, x, w, focused);
	else {
		v = fscreen_shown_value(r, &empty);
		attron(attr);
		mvhline(y, x, ' ', w);
		attroff(attr);
		ui_put(y, x, v, w - 1, attr | (empty ? A_DIM : 0));
		free(v);
		if (focused)
			ui_cursor(y, x);
	}
	if (focused && (hint = fscreen_hint(fs, r)) != NULL &&
	    (used = x + w + 2) < COLS - 4)
		ui_put(y, used, hint, COLS - 2 - used, ui_attr(UI_ATTR_DIM));
}

/* One row at line y; returns the lines it took. */
static int
fscreen_draw_row(struct fscreen *fs, size_t i, int y, int last)
{
	struct form_row	*r = &fs->form.rows[i];
	int		 x = 3, ix = x + 2 + fs->lw + 2, focused;
	int		 w = COLS - 2;
	char		 buf[512], *fit;

	focused = (int)i == fs->focus;
	if (r->kind == FORM_HEAD) {
		if (i > 0)
			y++;
		if (y > last)
			return (2);
		x += ui_put(y, x - 1, r->label, w - x, A_BOLD) + 1;
		mvhline(y, x, ACS_HLINE, w - x);
		return (i > 0 ? 2 : 1);
	}
	if (r->kind == FORM_NOTE) {
		ui_put(y, ix, r->label, w - ix, ui_attr(UI_ATTR_DIM));
		return (1);
	}
	if (r->kind == FORM_TICK) {
		snprintf(buf, sizeof buf, "[%c] %s", r->tick ? 'x' : ' ',
		    r->label);
		ui_put(y, x + 2, buf, w - x - 2, focused ?
		    ui_attr(UI_ATTR_FOCUS) : A_NORMAL);
		if (focused)
			ui_cursor(y, x + 3);
	} else {
		if (r->required)
			ui_put(y, x, "*", 1, ui_attr(UI_ATTR_ERROR));
		ui_put(y, x + 2, r->label, fs->lw, focused ? A_BOLD :
		    A_NORMAL);
		fscreen_draw_input(fs, r, y, ix, fscreen_input_width(r,
		    w - ix - 1), focused);
	}
	if (r->error == NULL)
		return (1);
	if (y + 1 <= last) {
		fit = ui_ellipsize(r->error, w - ix);
		ui_put(y + 1, ix, fit, w - ix, ui_attr(UI_ATTR_ERROR));
		free(fit);
	}
	return (2);
}

/* The line above the rows: how the saving goes. */
static void
fscreen_draw_status(struct fscreen *fs, int y)
{
	char		 buf[128];
	const char	*text;
	attr_t		 attr = ui_attr(UI_ATTR_DIM);

	if (fs->saving != 0 || fs->reading != 0)
		text = fs->reading != 0 ? _("Reading from the registry...") :
		    _("Saving...");
	else if (fs->edits != fs->saved) {
		text = _("Changes not saved yet");
		attr = A_BOLD;
	} else if (fs->saved_at[0] != '\0') {
		snprintf(buf, sizeof buf, _("Draft saved at %s"), fs->saved_at);
		text = buf;
	} else
		text = _("Draft saved");
	ui_put(y, 3, text, COLS / 2, attr);
	text = _("* required");
	ui_put(y, COLS - 3 - (int)text_width(text), text, COLS / 2,
	    ui_attr(UI_ATTR_DIM));
	ui_put(y, COLS - 3 - (int)text_width(text), "*", 1,
	    ui_attr(UI_ATTR_ERROR));
}

/* Where the form stands before it can be filled in. */
static const char *
fscreen_state_text(struct fscreen *fs)
{
	if (fs->state == FSCREEN_GONE)
		return (_("This draft no longer exists: it was submitted or "
		    "deleted"));
	if (fs->pending != 0)
		return (fs->state == FSCREEN_CREATE ? _("Creating the "
		    "draft...") : _("Loading..."));
	return (_("Not loaded; press F5 to try again"));
}

static void
fscreen_draw(struct screen *s)
{
	struct fscreen	*fs = s->data;
	char		 title[512];
	int		 y = ui_top(), h = ui_bottom() - ui_top() + 1;
	int		 line = 0, row, last;
	size_t		 i;

	snprintf(title, sizeof title, _("Application: %s"),
	    fs->app.item_name != NULL ? fs->app.item_name : "");
	ui_box(y, 0, h, COLS, title);
	if (fs->state != FSCREEN_READY) {
		ui_put(y + 2, 3, fscreen_state_text(fs), COLS - 6,
		    ui_attr(UI_ATTR_DIM));
		return;
	}
	fscreen_draw_status(fs, y + 1);
	ui_box_rule(y + 2, 0, COLS);
	fs->view = h - 4;
	fs->lw = fscreen_label_width(fs);
	fscreen_scroll(fs);
	row = y + 3;
	last = y + h - 2;
	for (i = 0; i < fs->form.n && row <= last; i++) {
		if (!form_visible(&fs->form, &fs->form.rows[i]))
			continue;
		if (line + fscreen_height(fs, i) <= fs->top) {
			line += fscreen_height(fs, i);
			continue;
		}
		line += fscreen_draw_row(fs, i, row, last);
		row = y + 3 + line - fs->top;
	}
}

/* ---- life -------------------------------------------------------------- */

static void
fscreen_init(struct screen *s, void *arg)
{
	const struct form_arg	*a = arg;
	struct fscreen		*fs;

	fs = xcalloc(1, sizeof *fs);
	s->data = fs;
	filing_key(fs->create_key);
	if (a->draft_id != NULL) {
		fs->draft_id = xstrdup(a->draft_id);
		fs->state = FSCREEN_DRAFT;
	} else if (a->item != NULL) {
		app_set_item(&fs->app, a->item);
		form_build(&fs->form, fs->app.item);
		fs->item_code = xstrdup(a->item->summary->code);
		fs->state = FSCREEN_CREATE;
	} else {
		fs->item_code = xstrdup(a->item_code);
		fs->state = FSCREEN_ITEM;
	}
	fscreen_fetch(s);
}

static void
fscreen_free(struct screen *s)
{
	struct fscreen	*fs = s->data;

	form_free(&fs->form);
	app_free(&fs->app);
	free(fs->item_code);
	free(fs->draft_id);
	free(fs->read_id);
	free(fs);
}

const struct screen_type screen_form_type = {
	.name = "form",
	.title = N_("Application form"),
	.keys = fscreen_keys,
	.fields = 1,
	.init = fscreen_init,
	.draw = fscreen_draw,
	.key = fscreen_key,
	.reply = fscreen_reply,
	.free = fscreen_free,
	.valid = fscreen_valid,
	.shown = fscreen_shown,
	.connected = fscreen_connected,
};

/* File a new application for item (the guide's), or resume draft_id. */
void
form_open(const Banshi__V1__Item *item, const char *item_code,
    const char *draft_id)
{
	struct form_arg	a;

	if (!filing_allowed()) {
		ui_error("%s", _("Only the agent post files applications"));
		return;
	}
	a.item = item;
	a.item_code = item_code;
	a.draft_id = draft_id;
	screen_push(&screen_form_type, &a);
}
