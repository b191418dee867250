/* Accounts: user rows, org units, posts and the lockout arithmetic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "server.h"
#include "xmalloc.h"

static const char *post_names[] = {
	[BANSHI__V1__POST__POST_AGENT] = "agent",
	[BANSHI__V1__POST__POST_ACCEPT] = "accept",
	[BANSHI__V1__POST__POST_REVIEW] = "review",
	[BANSHI__V1__POST__POST_APPROVE] = "approve",
	[BANSHI__V1__POST__POST_ISSUE] = "issue",
	[BANSHI__V1__POST__POST_PREREVIEW] = "prereview",
	[BANSHI__V1__POST__POST_HANDLE] = "handle",
	[BANSHI__V1__POST__POST_BOOKING] = "booking",
	[BANSHI__V1__POST__POST_SUPERVISOR] = "supervisor",
};
#define POST_MAX	((int)(sizeof post_names / sizeof post_names[0]))

const char *
post_name(int post)
{
	if (post <= 0 || post >= POST_MAX || post_names[post] == NULL)
		return ("?");
	return (post_names[post]);
}

int
post_parse(const char *s)
{
	int	i;

	for (i = 1; i < POST_MAX; i++) {
		if (post_names[i] != NULL && strcmp(post_names[i], s) == 0)
			return (i);
	}
	return (-1);
}

static const char *user_cols =
    "SELECT id, login, name, org_id, posts, pw_hash, pw_changed_at,"
    " must_change, admin_locked, locked_until, failures, first_failure_at"
    " FROM user";

static void
account_row(sqlite3_stmt *st, struct user_row *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	snprintf(u->login, sizeof u->login, "%s", sqlite3_column_text(st, 1));
	snprintf(u->name, sizeof u->name, "%s", sqlite3_column_text(st, 2));
	u->org_id = sqlite3_column_int64(st, 3);
	u->posts = (uint32_t)sqlite3_column_int64(st, 4);
	snprintf(u->pw_hash, sizeof u->pw_hash, "%s",
	    sqlite3_column_text(st, 5));
	u->pw_changed_at = sqlite3_column_int64(st, 6);
	u->must_change = sqlite3_column_int(st, 7);
	u->admin_locked = sqlite3_column_int(st, 8);
	u->locked_until = sqlite3_column_int64(st, 9);
	u->failures = sqlite3_column_int(st, 10);
	u->first_failure_at = sqlite3_column_int64(st, 11);
}

int
account_load(int write, const char *login, struct user_row *u)
{
	static const char *sql_w = NULL, *sql_r = NULL;
	static char	   buf[512];
	sqlite3_stmt	  *st;
	int		   found = 0;

	if (sql_w == NULL) {
		snprintf(buf, sizeof buf, "%s WHERE login = :login", user_cols);
		sql_w = sql_r = buf;
	}
	st = write ? db_w(sql_w) : db_r(sql_r);
	db_bind_text(st, ":login", login);
	if (sqlite3_step(st) == SQLITE_ROW) {
		account_row(st, u);
		found = 1;
	}
	sqlite3_reset(st);
	return (found ? 0 : -1);
}

int
account_load_id(int write, int64_t id, struct user_row *u)
{
	static const char *sql = NULL;
	static char	   buf[512];
	sqlite3_stmt	  *st;
	int		   found = 0;

	if (sql == NULL) {
		snprintf(buf, sizeof buf, "%s WHERE id = :id", user_cols);
		sql = buf;
	}
	st = write ? db_w(sql) : db_r(sql);
	db_bind_int(st, ":id", id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		account_row(st, u);
		found = 1;
	}
	sqlite3_reset(st);
	return (found ? 0 : -1);
}

int
account_password_expired(const struct user_row *u)
{
	if (cfg->password.expiry_days == 0)
		return (0);
	return (clock_now() - u->pw_changed_at >
	    (int64_t)cfg->password.expiry_days * 86400);
}

int
account_note_failure(struct user_row *u)
{
	static const char *sql =
	    "UPDATE user SET failures = :f, first_failure_at = :first,"
	    " locked_until = :until WHERE id = :id";
	sqlite3_stmt	*st;
	time_t		 now = clock_now();
	int		 locked = 0;

	if (u->failures == 0 ||
	    now - u->first_failure_at > cfg->lockout_window) {
		u->failures = 0;
		u->first_failure_at = now;
	}
	u->failures++;
	if (u->failures >= cfg->lockout_failures && u->locked_until <= now) {
		u->locked_until = now + cfg->lockout_duration;
		u->failures = 0;
		locked = 1;
	}
	st = db_w(sql);
	db_bind_int(st, ":f", u->failures);
	db_bind_int(st, ":first", u->first_failure_at);
	db_bind_int(st, ":until", u->locked_until);
	db_bind_int(st, ":id", u->id);
	if (db_step_done(st) == -1)
		return (-1);
	return (locked);
}

/* Fill an OrgUnit from the row of org_unit id; 0 or -1. */
static int
account_org(int write, int64_t id, Banshi__V1__OrgUnit *o, int64_t *parent)
{
	static const char *sql =
	    "SELECT o.code, o.name, o.kind, o.parent_id, p.code"
	    " FROM org_unit o LEFT JOIN org_unit p ON p.id = o.parent_id"
	    " WHERE o.id = :id";
	sqlite3_stmt	*st;
	int		 rc = -1;

	st = write ? db_w(sql) : db_r(sql);
	db_bind_int(st, ":id", id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		banshi__v1__org_unit__init(o);
		o->code = xstrdup((const char *)sqlite3_column_text(st, 0));
		o->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		o->kind = sqlite3_column_int(st, 2);
		*parent = sqlite3_column_int64(st, 3);
		o->parent_code = xstrdup(sqlite3_column_type(st, 4) ==
		    SQLITE_NULL ? "" : (const char *)sqlite3_column_text(st, 4));
		rc = 0;
	}
	sqlite3_reset(st);
	return (rc);
}

void
account_userinfo(int write, int64_t user_id, int must_change, UserInfo *ui)
{
	struct user_row	 u;
	int64_t		 org, parent;
	int		 i, depth;

	banshi__v1__user_info__init(ui);
	if (account_load_id(write, user_id, &u) == -1) {
		ui->login = xstrdup("");
		ui->display_name = xstrdup("");
		return;
	}
	ui->login = xstrdup(u.login);
	ui->display_name = xstrdup(u.name);
	ui->password_change_required = must_change;
	ui->posts = xcalloc(POST_MAX, sizeof *ui->posts);
	for (i = 1; i < POST_MAX; i++) {
		if (u.posts & (1u << i))
			ui->posts[ui->n_posts++] = i;
	}
	/* The org path, nearest first; org units form a shallow tree. */
	ui->org_path = xcalloc(16, sizeof *ui->org_path);
	for (org = u.org_id, depth = 0; org != 0 && depth < 16; depth++) {
		ui->org_path[depth] = xmalloc(sizeof **ui->org_path);
		if (account_org(write, org, ui->org_path[depth],
		    &parent) == -1) {
			free(ui->org_path[depth]);
			break;
		}
		ui->n_org_path++;
		org = parent;
	}
	if (ui->n_org_path > 0)
		ui->org = ui->org_path[0];
}

void
account_userinfo_free(UserInfo *ui)
{
	size_t	i;

	free(ui->login);
	free(ui->display_name);
	free(ui->posts);
	for (i = 0; i < ui->n_org_path; i++) {
		free(ui->org_path[i]->code);
		free(ui->org_path[i]->name);
		free(ui->org_path[i]->parent_code);
		free(ui->org_path[i]);
	}
	free(ui->org_path);
}

size_t
account_scopes(int64_t user_id, char scopes[][40], size_t max)
{
	static const char *sql =
	    "WITH RECURSIVE up(id, code, parent, depth) AS ("
	    " SELECT o.id, o.code, o.parent_id, 0 FROM org_unit o"
	    "  JOIN user u ON u.org_id = o.id WHERE u.id = :u"
	    " UNION ALL SELECT o.id, o.code, o.parent_id, up.depth + 1"
	    "  FROM org_unit o JOIN up ON o.id = up.parent WHERE up.depth < 8)"
	    " SELECT code FROM up ORDER BY depth";
	sqlite3_stmt	*st;
	size_t		 n = 0;

	st = db_r(sql);
	db_bind_int(st, ":u", user_id);
	while (n < max && sqlite3_step(st) == SQLITE_ROW)
		snprintf(scopes[n++], 40, "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return (n);
}
