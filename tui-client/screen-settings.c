/*
 * 个人设置 (the manual's 短信发送设置): the user's mobile number and the
 * 待办事宜提醒 tick box, for SMS reminders of new work in the to-do lists.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define CODE(c)		BANSHI__V1__STATUS_CODE__STATUS_##c

#define SET_BOX_W	72
#define SET_BOX_H	13
#define SET_MOBILE_LEN	11

enum { SET_MOBILE, SET_REMIND, SET_NROWS };

struct settings {
	struct field		 mobile;
	int			 remind;
	int			 focus;
	int			 loaded;
	uint32_t		 loading;	/* GetSettings */
	struct work_call	 save;		/* SaveSettings */
	int			 remind_on;	/* what was sent, for retries */
	char			*sent_mobile;
};

static const char *const set_labels[SET_NROWS] = {
	N_("Mobile number"), N_("To-do reminders"),
};

static void	set_save(struct screen *);
static void	set_back(struct screen *);
static void	set_next(struct screen *);
static void	set_prev(struct screen *);
static void	set_enter(struct screen *);
static void	set_toggle(struct screen *);
static void	set_reload(struct screen *);

static const struct ui_key set_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 2, 0, N_("Save"), N_("Save the settings"), set_save },
	{ 3, 0, N_("Back"), N_("Back without saving"), set_back },
	{ 5, 0, N_("Refresh"), N_("Load the settings again from the server"),
	    set_reload },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, ' ', NULL, N_("Tick or untick the reminders"), set_toggle },
	{ 0, '\t', NULL, N_("Next field"), set_next },
	{ 0, KEY_DOWN, NULL, NULL, set_next },
	{ 0, KEY_BTAB, NULL, N_("Previous field"), set_prev },
	{ 0, KEY_UP, NULL, NULL, set_prev },
	{ 0, '\n', NULL, N_("Next field; on the last one, save"), set_enter },
	{ 0, KEY_ENTER, NULL, NULL, set_enter },
	{ 0, 'S' - '@', NULL, NULL, set_save },
	{ 0, 27, NULL, NULL, set_back },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

/* Open the settings (from the home screen, F7). */
void
settings_open(struct screen *s)
{
	screen_push(&screen_settings_type, NULL);
}

static void
set_fetch(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__GetSettings		 gs = BANSHI__V1__GET_SETTINGS__INIT;
	struct settings			*t = s->data;

	if (t->loading != 0)
		return;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_GET_SETTINGS;
	msg.get_settings = &gs;
	t->loading = tui_call(s, &msg, 0);
}

static void
set_init(struct screen *s, void *arg)
{
	struct settings	*t;

	t = xcalloc(1, sizeof *t);
	field_init(&t->mobile, set_labels[SET_MOBILE], SET_MOBILE_LEN, 0);
	s->data = t;
	set_fetch(s);
}

static void
set_reload(struct screen *s)
{
	set_fetch(s);
}

/* Space ticks the box, or is a character in the number field. */
static int
set_valid(struct screen *s, const struct ui_key *k)
{
	struct settings	*t = s->data;

	if (k->fn == set_toggle)
		return (t->focus == SET_REMIND);
	if (k->fn == set_save)
		return (t->loaded && t->save.id == 0);
	return (1);
}

static void
set_next(struct screen *s)
{
	struct settings	*t = s->data;

	t->focus = (t->focus + 1) % SET_NROWS;
}

static void
set_prev(struct screen *s)
{
	struct settings	*t = s->data;

	t->focus = (t->focus + SET_NROWS - 1) % SET_NROWS;
}

static void
set_enter(struct screen *s)
{
	struct settings	*t = s->data;

	if (t->focus == SET_NROWS - 1)
		set_save(s);
	else
		set_next(s);
}

static void
set_toggle(struct screen *s)
{
	struct settings	*t = s->data;

	t->remind = !t->remind;
	field_set_error(&t->mobile, NULL);
}

static void
set_back(struct screen *s)
{
	screen_pop(s);
}

/* The server's rule: empty, or 11 digits starting with 1. */
static int
set_mobile_ok(const char *m)
{
	size_t	i;

	if (*m == '\0')
		return (1);
	if (strlen(m) != SET_MOBILE_LEN || m[0] != '1')
		return (0);
	for (i = 0; m[i] != '\0'; i++) {
		if (!isdigit((unsigned char)m[i]))
			return (0);
	}
	return (1);
}

static void
set_send(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__StaffSettings	 ss = BANSHI__V1__STAFF_SETTINGS__INIT;
	struct settings			*t = s->data;

	ss.mobile = t->sent_mobile;
	ss.remind = t->remind_on;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SAVE_SETTINGS;
	msg.save_settings = &ss;
	if (work_call_send(s, &t->save, &msg) != 0)
		ui_message("%s", _("Saving, please wait..."));
	else
		t->save.lost = 1;
}

static void
set_save(struct screen *s)
{
	struct settings	*t = s->data;
	char		*m;

	if (!t->loaded || t->save.id != 0)
		return;
	m = field_text(&t->mobile);
	field_set_error(&t->mobile, NULL);
	if (!set_mobile_ok(m))
		field_set_error(&t->mobile, _("An 11-digit mobile number, "
		    "starting with 1"));
	else if (t->remind && *m == '\0')
		field_set_error(&t->mobile, _("Reminders are sent to this "
		    "number: give it first"));
	if (t->mobile.error != NULL) {
		t->focus = SET_MOBILE;
		ui_error("%s", t->mobile.error);
		free(m);
		return;
	}
	free(t->sent_mobile);
	t->sent_mobile = m;
	t->remind_on = t->remind;
	work_call_done(&t->save);
	set_send(s);
}

static void
set_loaded(struct settings *t, const Banshi__V1__StaffSettings *ss)
{
	field_set(&t->mobile, ss->mobile);
	t->remind = ss->remind;
	t->loaded = 1;
}

static void
set_save_reply(struct screen *s, const Banshi__V1__Reply *r)
{
	struct settings	*t = s->data;
	char		 buf[512];

	if (r == NULL) {
		t->save.lost = 1;	/* sent again on reconnecting */
		return;
	}
	work_call_done(&t->save);
	if (status_code(r) == CODE(INVALID_ARGUMENT) && status_field(r) !=
	    NULL && strcmp(status_field(r), "mobile") == 0) {
		field_set_error(&t->mobile, _("The server refused this "
		    "number"));
		t->focus = SET_MOBILE;
	}
	if (status_code(r) != CODE(OK)) {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		return;
	}
	screen_pop(s);
	ui_message("%s", t->remind_on ? _("Saved: reminders of new work go "
	    "to your mobile") : _("Saved: no reminders"));
}

static void
set_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct settings	*t = s->data;
	char		 buf[512];

	if (id == 0)
		return;
	if (id == t->save.id) {
		t->save.id = 0;
		set_save_reply(s, r);
		return;
	}
	if (id != t->loading)
		return;
	t->loading = 0;
	if (r == NULL)
		return;
	if (status_code(r) != CODE(OK) ||
	    r->body_case != BANSHI__V1__REPLY__BODY_SETTINGS) {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		return;
	}
	set_loaded(t, r->settings);
}

static void
set_connected(struct screen *s)
{
	struct settings	*t = s->data;

	if (t->save.lost)
		set_send(s);
	else if (!t->loaded)
		set_fetch(s);
}

static void
set_draw(struct screen *s)
{
	struct settings	*t = s->data;
	int		 y, x, w = SET_BOX_W, lw, fx;
	char		 box[8];
	attr_t		 attr;

	if (w > COLS - 2)
		w = COLS - 2;
	y = ui_top() + (ui_bottom() - ui_top() + 1 - SET_BOX_H) / 2;
	x = (COLS - w) / 2;
	ui_box(y, x, SET_BOX_H, w, _("Settings"));
	ui_put(y + 2, x + 3, _("Reminders of new work in your to-do lists "
	    "come by SMS."), w - 6, A_NORMAL);
	if (!t->loaded) {
		ui_put(y + 4, x + 3, t->loading != 0 ? _("Loading...") :
		    _("Not loaded; press F5 to try again"), w - 6,
		    ui_attr(UI_ATTR_DIM));
		return;
	}
	lw = ui_label_width(set_labels, SET_NROWS);
	fx = x + 5 + lw + 2;
	ui_put(y + 4, x + 5, _(set_labels[SET_MOBILE]), lw, A_NORMAL);
	if (t->mobile.error != NULL)
		ui_put(y + 5, fx, t->mobile.error, x + w - 2 - fx,
		    ui_attr(UI_ATTR_ERROR));
	ui_put(y + 6, x + 5, _(set_labels[SET_REMIND]), lw, A_NORMAL);
	snprintf(box, sizeof box, "[%c]", t->remind ? 'x' : ' ');
	attr = t->focus == SET_REMIND ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
	ui_put(y + 6, fx, box, 3, attr);
	ui_put(y + 6, fx + 4, _("Send me an SMS when new work comes"),
	    x + w - 3 - fx - 4, A_NORMAL);
	ui_put(y + 9, x + 3, _("Space ticks the box; F2 saves."), w - 6,
	    ui_attr(UI_ATTR_DIM));
	field_draw(&t->mobile, y + 4, fx, SET_MOBILE_LEN + 2,
	    t->focus == SET_MOBILE);
}

static int
set_key(struct screen *s, const struct ui_input *in)
{
	struct settings	*t = s->data;

	if (t->focus != SET_MOBILE || !t->loaded)
		return (0);
	if (in->code == 0 && !in->alt && in->ch >= 0x20 && in->ch < 0x7f &&
	    !isdigit((int)in->ch)) {
		ui_error("%s", _("Digits only"));
		return (1);
	}
	return (field_key(&t->mobile, in));
}

static void
set_free(struct screen *s)
{
	struct settings	*t = s->data;

	field_free(&t->mobile);
	free(t->sent_mobile);
	free(t);
}

const struct screen_type screen_settings_type = {
	.name = "settings",
	.title = N_("Settings"),
	.keys = set_keys,
	.fields = 1,
	.init = set_init,
	.draw = set_draw,
	.key = set_key,
	.reply = set_reply,
	.free = set_free,
	.valid = set_valid,
	.connected = set_connected,
};
