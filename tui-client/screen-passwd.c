/* The password change screen, forced after a reset or chosen from home. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define PASSWD_BOX_W	72
#define PASSWD_BOX_H	14
#define PASSWD_FIELD_W	30

enum { PASSWD_OLD, PASSWD_NEW, PASSWD_REPEAT, PASSWD_NFIELDS };

struct passwd {
	struct field	f[PASSWD_NFIELDS];
	int		focus;
	int		forced;
	uint32_t	pending;
};

static void	passwd_submit(struct screen *);
static void	passwd_enter(struct screen *);
static void	passwd_next(struct screen *);
static void	passwd_prev(struct screen *);
static void	passwd_back(struct screen *);

#define PASSWD_COMMON_KEYS						\
	{ 0, '\t', NULL, N_("Next field"), passwd_next },		\
	{ 0, KEY_DOWN, NULL, NULL, passwd_next },			\
	{ 0, KEY_BTAB, NULL, N_("Previous field"), passwd_prev },	\
	{ 0, KEY_UP, NULL, NULL, passwd_prev },				\
	{ 0, '\n', NULL, N_("Next field; on the last one, save"),	\
	    passwd_enter },						\
	{ 0, KEY_ENTER, NULL, NULL, passwd_enter },			\
	{ 0, 'S' - '@', NULL, NULL, passwd_submit },			\
	{ 0, 'X' - '@', NULL, NULL, ui_quit },				\
	{ 0, 0, NULL, NULL, NULL }

static const struct ui_key passwd_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 2, 0, N_("Save"), N_("Change the password"), passwd_submit },
	{ 3, 0, N_("Back"), N_("Back without changing the password"),
	    passwd_back },
	{ 9, 0, N_("Log out"), N_("Log out and go back to the login screen"),
	    session_logout },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, 27, NULL, NULL, passwd_back },
	PASSWD_COMMON_KEYS
};

static const struct ui_key passwd_forced_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 2, 0, N_("Save"), N_("Change the password"), passwd_submit },
	{ 9, 0, N_("Log out"), N_("Log out and go back to the login screen"),
	    session_logout },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	PASSWD_COMMON_KEYS
};

static const char *const passwd_labels[PASSWD_NFIELDS] = {
	N_("Current password"), N_("New password"), N_("Repeat new password")
};

static void
passwd_init(struct screen *s, void *arg)
{
	struct passwd	*p;
	int		 i;

	p = xcalloc(1, sizeof *p);
	for (i = 0; i < PASSWD_NFIELDS; i++)
		field_init(&p->f[i], passwd_labels[i], FIELD_MAX, 1);
	p->forced = (s->type == &screen_passwd_forced_type);
	s->data = p;
}

static void
passwd_next(struct screen *s)
{
	struct passwd	*p = s->data;

	p->focus = (p->focus + 1) % PASSWD_NFIELDS;
}

static void
passwd_prev(struct screen *s)
{
	struct passwd	*p = s->data;

	p->focus = (p->focus + PASSWD_NFIELDS - 1) % PASSWD_NFIELDS;
}

static void
passwd_enter(struct screen *s)
{
	struct passwd	*p = s->data;

	if (p->focus == PASSWD_REPEAT)
		passwd_submit(s);
	else
		passwd_next(s);
}

static void
passwd_back(struct screen *s)
{
	screen_pop(s);
}

/* Mark field i with msg, focus it and say it on the message line. */
static void
passwd_fail(struct passwd *p, int i, const char *msg)
{
	field_set_error(&p->f[i], msg);
	p->focus = i;
	ui_error("%s", msg);
}

/* The checks the client can make: filled in, and typed the same twice. */
static int
passwd_check(struct passwd *p, const char *old, const char *new,
    const char *repeat)
{
	int	i;

	for (i = 0; i < PASSWD_NFIELDS; i++) {
		field_set_error(&p->f[i], NULL);
		if (field_empty(&p->f[i])) {
			passwd_fail(p, i, _("Required"));
			ui_error(_("%s: required"), _(passwd_labels[i]));
			return (-1);
		}
	}
	if (strcmp(new, repeat) != 0) {
		field_clear(&p->f[PASSWD_REPEAT]);
		passwd_fail(p, PASSWD_REPEAT,
		    _("The two new passwords differ"));
		return (-1);
	}
	if (strcmp(old, new) == 0) {
		field_clear(&p->f[PASSWD_NEW]);
		field_clear(&p->f[PASSWD_REPEAT]);
		passwd_fail(p, PASSWD_NEW,
		    _("The new password must differ from the current one"));
		return (-1);
	}
	return (0);
}

static void
passwd_wipe(char *s)
{
	explicit_bzero(s, strlen(s));
	free(s);
}

static void
passwd_submit(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ChangePassword	 cp = BANSHI__V1__CHANGE_PASSWORD__INIT;
	struct passwd			*p = s->data;
	char				*old, *new, *repeat;

	if (p->pending != 0) {
		ui_message("%s", _("Saving, please wait..."));
		return;
	}
	old = field_text(&p->f[PASSWD_OLD]);
	new = field_text(&p->f[PASSWD_NEW]);
	repeat = field_text(&p->f[PASSWD_REPEAT]);
	if (passwd_check(p, old, new, repeat) == 0) {
		cp.old_password = old;
		cp.new_password = new;
		msg.body_case =
		    BANSHI__V1__CLIENT_MESSAGE__BODY_CHANGE_PASSWORD;
		msg.change_password = &cp;
		p->pending = tui_call(s, &msg, 1);
		if (p->pending != 0)
			ui_message("%s", _("Saving, please wait..."));
	}
	passwd_wipe(old);
	passwd_wipe(new);
	passwd_wipe(repeat);
}

/* A refusal: name the field it concerns when the server says which. */
static void
passwd_refused(struct passwd *p, const Banshi__V1__Reply *r)
{
	const char	*field = status_field(r);
	char		 buf[512], *safe;

	if (status_code(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && field != NULL && strcmp(field, "old_password") == 0) {
		field_clear(&p->f[PASSWD_OLD]);
		passwd_fail(p, PASSWD_OLD, _("The current password is wrong"));
		return;
	}
	if (status_code(r) == BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT
	    && field != NULL && strcmp(field, "new_password") == 0) {
		safe = text_sanitize(r->status->message != NULL ?
		    r->status->message : "");
		snprintf(buf, sizeof buf, _("The new password does not meet "
		    "the policy: %s"), safe);
		free(safe);
		field_clear(&p->f[PASSWD_NEW]);
		field_clear(&p->f[PASSWD_REPEAT]);
		passwd_fail(p, PASSWD_NEW, buf);
		return;
	}
	status_text(r, buf, sizeof buf);
	ui_error("%s", buf);
}

static void
passwd_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct passwd	*p = s->data;

	if (id != p->pending)
		return;
	p->pending = 0;
	if (r == NULL) {
		ui_error("%s", _("The connection was lost before the server "
		    "answered; try again"));
		return;
	}
	if (status_code(r) != BANSHI__V1__STATUS_CODE__STATUS_OK) {
		passwd_refused(p, r);
		return;
	}
	if (r->body_case == BANSHI__V1__REPLY__BODY_CHANGE_PASSWORD &&
	    r->change_password != NULL)
		session_update(r->change_password->user);
	if (tui.user != NULL)
		tui.user->must_change = 0;
	if (p->forced)
		screen_reset(&screen_home_type, NULL);
	else
		screen_pop(s);
	ui_message("%s", _("Your password has been changed"));
}

static void
passwd_draw(struct screen *s)
{
	struct passwd	*p = s->data;
	int		 y, x, w = PASSWD_BOX_W, lw, fx, i, fy;

	if (w > COLS - 2)
		w = COLS - 2;
	y = ui_top() + (ui_bottom() - ui_top() + 1 - PASSWD_BOX_H) / 2;
	x = (COLS - w) / 2;
	ui_box(y, x, PASSWD_BOX_H, w, _("Change password"));
	if (p->forced)
		ui_put(y + 2, x + 3, _("You must set a new password before "
		    "you continue."), w - 6, A_BOLD);
	else
		ui_put(y + 2, x + 3, _("Enter your current password and the "
		    "new one twice."), w - 6, A_NORMAL);
	lw = ui_label_width(passwd_labels, PASSWD_NFIELDS);
	fx = x + 5 + lw + 2;
	for (i = 0; i < PASSWD_NFIELDS; i++) {
		fy = y + 4 + 2 * i;
		ui_put(fy, x + 5, _(passwd_labels[i]), lw, A_NORMAL);
		field_draw(&p->f[i], fy, fx, PASSWD_FIELD_W, i == p->focus);
		if (p->f[i].error != NULL)
			ui_put(fy + 1, fx, p->f[i].error, x + w - 2 - fx,
			    ui_attr(UI_ATTR_ERROR));
	}
	ui_put(y + 11, x + 3, _("Enter moves to the next field; F2 saves."),
	    w - 6, ui_attr(UI_ATTR_DIM));
}

static int
passwd_key(struct screen *s, const struct ui_input *in)
{
	struct passwd	*p = s->data;

	return (field_key(&p->f[p->focus], in));
}

static void
passwd_free(struct screen *s)
{
	struct passwd	*p = s->data;
	int		 i;

	for (i = 0; i < PASSWD_NFIELDS; i++)
		field_free(&p->f[i]);
	free(p);
}

const struct screen_type screen_passwd_type = {
	.name = "passwd",
	.title = N_("Change password"),
	.keys = passwd_keys,
	.fields = 1,
	.init = passwd_init,
	.draw = passwd_draw,
	.key = passwd_key,
	.reply = passwd_reply,
	.free = passwd_free,
};

const struct screen_type screen_passwd_forced_type = {
	.name = "passwd-forced",
	.title = N_("Change password"),
	.keys = passwd_forced_keys,
	.fields = 1,
	.init = passwd_init,
	.draw = passwd_draw,
	.key = passwd_key,
	.reply = passwd_reply,
	.free = passwd_free,
};
