/* The signed-in user: log in, stay in across reconnects, log out. */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "text.h"
#include "tui.h"
#include "xmalloc.h"

static char *
user_safe(const char *s)
{
	return (text_sanitize(s != NULL ? s : ""));
}

/* The org path root first ("市直厅 / 市公安局"); it comes nearest first. */
static char *
user_org_path(const Banshi__V1__UserInfo *u)
{
	char	*path = xstrdup(""), *name, *next;
	size_t	 i;

	for (i = u->n_org_path; i > 0; i--) {
		name = user_safe(u->org_path[i - 1] != NULL ?
		    u->org_path[i - 1]->name : "");
		xasprintf(&next, "%s%s%s", path, *path != '\0' ? " / " : "",
		    name);
		free(name);
		free(path);
		path = next;
	}
	if (*path == '\0' && u->org != NULL) {
		free(path);
		path = user_safe(u->org->name);
	}
	return (path);
}

/* Copy a UserInfo, sanitizing every string for display. */
struct user *
user_new(const Banshi__V1__UserInfo *u)
{
	struct user	*user;
	size_t		 i;

	user = xcalloc(1, sizeof *user);
	user->login = user_safe(u->login);
	user->display_name = user_safe(u->display_name);
	user->org = user_safe(u->org != NULL ? u->org->name : "");
	user->org_path = user_org_path(u);
	user->posts = xreallocarray(NULL, u->n_posts + 1, sizeof (int));
	for (i = 0; i < u->n_posts; i++)
		user->posts[i] = (int)u->posts[i];
	user->nposts = u->n_posts;
	user->must_change = u->password_change_required;
	return (user);
}

void
user_free(struct user *user)
{
	if (user == NULL)
		return;
	free(user->login);
	free(user->display_name);
	free(user->org);
	free(user->org_path);
	free(user->posts);
	free(user);
}

/* The user's posts, translated and joined; the caller frees. */
char *
user_posts_text(const struct user *user)
{
	char	*text = xstrdup(""), *next;
	size_t	 i;

	for (i = 0; i < user->nposts; i++) {
		xasprintf(&next, "%s%s%s", text, i > 0 ? _(", ") : "",
		    post_name(user->posts[i]));
		free(text);
		text = next;
	}
	if (*text == '\0') {
		free(text);
		text = xstrdup(_("None"));
	}
	return (text);
}

/* Go to the screen a freshly signed-in user starts on. */
void
session_after_login(void)
{
	if (tui.user != NULL && tui.user->must_change)
		screen_reset(&screen_passwd_forced_type, NULL);
	else
		screen_reset(&screen_home_type, NULL);
}

/* A successful Login: keep the token for reconnects and the user. */
void
session_begin(const Banshi__V1__LoginReply *lr)
{
	Banshi__V1__UserInfo	empty = BANSHI__V1__USER_INFO__INIT;
	char			esc[128];

	client_set_token(tui.client, lr->session_token.data,
	    lr->session_token.len);
	user_free(tui.user);
	tui.user = user_new(lr->user != NULL ? lr->user : &empty);
	log_info("session: login user=%s idle_timeout=%u",
	    log_escape(esc, sizeof esc, tui.user->login),
	    lr->idle_timeout_seconds);
	ui_clear_message();
	session_after_login();
}

/* Newer facts about the signed-in user (WhoAmI, resume, password change). */
void
session_update(const Banshi__V1__UserInfo *u)
{
	if (u == NULL || tui.user == NULL)
		return;
	user_free(tui.user);
	tui.user = user_new(u);
}

/* Forget the session and go back to the login screen with msg. */
void
session_end(const char *msg)
{
	client_set_token(tui.client, NULL, 0);
	user_free(tui.user);
	tui.user = NULL;
	log_info("session: ended why=\"%s\"", msg);
	screen_reset(&screen_login_type, NULL);
	ui_error("%s", msg);
}

/*
 * Log out: tell the server when connected, and go back to the login screen
 * at once either way (a session the server never hears about times out).
 */
void
session_logout(struct screen *s)
{
	Banshi__V1__ClientMessage	msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__Logout		logout = BANSHI__V1__LOGOUT__INIT;

	if (client_ready(tui.client)) {
		msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LOGOUT;
		msg.logout = &logout;
		client_call(tui.client, &msg, 1, NULL, NULL);
	}
	session_end(_("You have logged out"));
	ui_message("%s", _("You have logged out"));
}
