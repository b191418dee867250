/* The login screen: login and password, connection state, errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define LOGIN_BOX_W	60
#define LOGIN_BOX_H	13
#define LOGIN_FIELD_W	30

enum { LOGIN_NAME, LOGIN_PASSWORD, LOGIN_NFIELDS };

struct login {
	struct field	f[LOGIN_NFIELDS];
	int		focus;
	uint32_t	pending;	/* id of the Login in flight */
};

static void	login_submit(struct screen *);
static void	login_enter(struct screen *);
static void	login_next(struct screen *);
static void	login_prev(struct screen *);
static void	login_reconnect(struct screen *);

static const struct ui_key login_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 2, 0, N_("Log in"), N_("Log in with this login and password"),
	    login_submit },
	{ 5, 0, N_("Reconnect"), N_("Connect again now when disconnected"),
	    login_reconnect },
	{ 10, 0, N_("Quit"), N_("Quit banshi"), ui_quit },
	{ 0, '\t', NULL, N_("Next field"), login_next },
	{ 0, KEY_DOWN, NULL, NULL, login_next },
	{ 0, KEY_BTAB, NULL, N_("Previous field"), login_prev },
	{ 0, KEY_UP, NULL, NULL, login_prev },
	{ 0, '\n', NULL, N_("Next field; on the password, log in"),
	    login_enter },
	{ 0, KEY_ENTER, NULL, NULL, login_enter },
	{ 0, 'S' - '@', NULL, NULL, login_submit },
	{ 0, 'R' - '@', NULL, NULL, login_reconnect },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

static void
login_init(struct screen *s, void *arg)
{
	struct login	*l;

	l = xcalloc(1, sizeof *l);
	field_init(&l->f[LOGIN_NAME], N_("Login"), 64, 0);
	field_init(&l->f[LOGIN_PASSWORD], N_("Password"), FIELD_MAX, 1);
	s->data = l;
}

static void
login_next(struct screen *s)
{
	struct login	*l = s->data;

	l->focus = (l->focus + 1) % LOGIN_NFIELDS;
}

static void
login_prev(struct screen *s)
{
	struct login	*l = s->data;

	l->focus = (l->focus + LOGIN_NFIELDS - 1) % LOGIN_NFIELDS;
}

static void
login_enter(struct screen *s)
{
	struct login	*l = s->data;

	if (l->focus == LOGIN_PASSWORD)
		login_submit(s);
	else
		login_next(s);
}

static void
login_reconnect(struct screen *s)
{
	if (tui.conn == TUI_LOST)
		client_retry(tui.client);
	else if (tui.conn == TUI_CONNECTED)
		ui_message(_("Connected to %s"), tui.endpoint);
}

/* Check both fields are filled; focus and mark the first empty one. */
static int
login_check(struct login *l)
{
	static const char *missing[LOGIN_NFIELDS] = {
		N_("Enter your login"), N_("Enter your password")
	};
	int	i;

	for (i = 0; i < LOGIN_NFIELDS; i++) {
		if (field_empty(&l->f[i])) {
			l->focus = i;
			ui_error("%s", _(missing[i]));
			return (-1);
		}
	}
	return (0);
}

static void
login_submit(struct screen *s)
{
	Banshi__V1__ClientMessage	 msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__Login		 login = BANSHI__V1__LOGIN__INIT;
	struct login			*l = s->data;
	char				*name, *password;

	if (l->pending != 0) {
		ui_message("%s", _("Logging in, please wait..."));
		return;
	}
	if (login_check(l) == -1)
		return;
	name = field_text(&l->f[LOGIN_NAME]);
	password = field_text(&l->f[LOGIN_PASSWORD]);
	login.login = name;
	login.password = password;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LOGIN;
	msg.login = &login;
	l->pending = tui_call(s, &msg, 1);
	if (l->pending != 0)
		ui_message("%s", _("Logging in, please wait..."));
	explicit_bzero(password, strlen(password));
	free(password);
	free(name);
}

static void
login_reply(struct screen *s, uint32_t id, const Banshi__V1__Reply *r)
{
	struct login	*l = s->data;
	char		 buf[512];
	int		 code;

	if (id != l->pending)
		return;
	l->pending = 0;
	if (r == NULL) {
		ui_error("%s", _("The connection was lost before the server "
		    "answered; try again"));
		return;
	}
	code = status_code(r);
	if (code == BANSHI__V1__STATUS_CODE__STATUS_OK &&
	    r->body_case == BANSHI__V1__REPLY__BODY_LOGIN) {
		field_clear(&l->f[LOGIN_PASSWORD]);
		session_begin(r->login);
		return;
	}
	field_clear(&l->f[LOGIN_PASSWORD]);
	l->focus = LOGIN_PASSWORD;
	if (code == BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED)
		ui_error("%s", _("Wrong login or password, or the account is "
		    "locked"));
	else {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
	}
}

/* The connection's state as the login box shows it. */
static void
login_conn_text(char *buf, size_t len, int *error)
{
	int	n;

	*error = 0;
	if (tui.conn == TUI_CONNECTED)
		snprintf(buf, len, _("Connected to %s"), tui.endpoint);
	else if ((n = conn_retry_in()) > 0) {
		snprintf(buf, len, ngettext(
		    "Connection lost; retrying in %d second",
		    "Connection lost; retrying in %d seconds", n), n);
		*error = 1;
	} else
		snprintf(buf, len, _("Connecting to %s..."), tui.endpoint);
}

static void
login_draw(struct screen *s)
{
	static const char *const labels[] = { N_("Login"), N_("Password") };
	struct login	*l = s->data;
	const char	*title = _("banshi - Government Service Hall");
	char		 conn[256];
	int		 y, x, w = LOGIN_BOX_W, lw, i, fx, err, tw;

	if (w > COLS - 2)
		w = COLS - 2;
	y = ui_top() + (ui_bottom() - ui_top() + 1 - LOGIN_BOX_H) / 2;
	x = (COLS - w) / 2;
	ui_box(y, x, LOGIN_BOX_H, w, _("Log in"));
	tw = (int)text_width(title);
	ui_put(y + 2, x + (w - tw) / 2, title, w - 4, A_BOLD);
	lw = ui_label_width(labels, LOGIN_NFIELDS);
	fx = x + 6 + lw + 2;
	for (i = 0; i < LOGIN_NFIELDS; i++) {
		ui_put(y + 4 + 2 * i, x + 6, _(labels[i]), lw, A_NORMAL);
		field_draw(&l->f[i], y + 4 + 2 * i, fx, LOGIN_FIELD_W,
		    i == l->focus);
	}
	ui_put(y + 9, x + 6, _("Enter the password, then press Enter to log "
	    "in."), w - 8, ui_attr(UI_ATTR_DIM));
	login_conn_text(conn, sizeof conn, &err);
	ui_put(y + 10, x + 6, conn, w - 8,
	    err ? ui_attr(UI_ATTR_ERROR) : ui_attr(UI_ATTR_DIM));
}

static int
login_key(struct screen *s, const struct ui_input *in)
{
	struct login	*l = s->data;

	return (field_key(&l->f[l->focus], in));
}

static void
login_free(struct screen *s)
{
	struct login	*l = s->data;
	int		 i;

	for (i = 0; i < LOGIN_NFIELDS; i++)
		field_free(&l->f[i]);
	free(l);
}

const struct screen_type screen_login_type = {
	.name = "login",
	.title = N_("Log in"),
	.keys = login_keys,
	.fields = 1,
	.init = login_init,
	.draw = login_draw,
	.key = login_key,
	.reply = login_reply,
	.free = login_free,
};
