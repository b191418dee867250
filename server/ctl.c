/*
 * Control commands from banshictl: org units, users, reload, status and the
 * audit check.  Writes go through the batch like any request; password
 * hashing runs on the worker pool.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "log.h"
#include "server.h"
#include "text.h"
#include "xmalloc.h"

#define CTL_CODE_MAX	32
#define CTL_NAME_MAX	64	/* characters */
#define CTL_LIST_MAX	500

struct ctl_call {
	struct batch_job	 job;
	struct conn		*conn;
	uint32_t		 id;
	char			 actor[48];
	/* What the command works on. */
	char			 login[128];
	char			 name[CTL_NAME_MAX * 4 + 1];
	char			 code[CTL_CODE_MAX + 1];
	char			 parent[CTL_CODE_MAX + 1];
	int			 kind;
	uint32_t		 posts;
	int			 lock;
	char			 password[257];
	int			 generated;	/* one-time password */
	char			 hash[128];
	int			 memory;
	int			 passes;
	/* The outcome. */
	StatusCode		 code_out;
	char			 msg[256];
	char			 line[300];
	int64_t			 user_id;
	Banshi__V1__SessionEndReason end_reason;
};

static struct ctl_call *
ctl_call_new(struct conn *c, uint32_t id, int (*run)(struct batch_job *))
{
	struct ctl_call	*cc;

	cc = xcalloc(1, sizeof *cc);
	cc->conn = c;
	conn_ref(c);
	cc->id = id;
	cc->job.run = run;
	snprintf(cc->actor, sizeof cc->actor, "admin(uid=%ld)", (long)c->uid);
	return (cc);
}

/* Reply after COMMIT, with the line or the refusal the run left. */
static void
ctl_done(struct batch_job *job, int committed)
{
	struct ctl_call	*cc = (struct ctl_call *)job;
	CtlReply	 r = BANSHI__V1__CTL_REPLY__INIT;
	char		*lines[1];

	if (!committed || job->failed)
		ctl_reply_status(cc->conn, cc->id,
		    cc->code_out != 0 ? cc->code_out :
		    BANSHI__V1__STATUS_CODE__STATUS_INTERNAL,
		    cc->msg[0] != '\0' ? cc->msg : "the change was not stored");
	else {
		if (cc->end_reason != 0)
			session_end_user(cc->user_id, cc->end_reason);
		lines[0] = cc->line;
		r.lines = lines;
		r.n_lines = cc->line[0] != '\0';
		ctl_reply_send(cc->conn, cc->id, &r);
	}
	sodium_memzero(cc->password, sizeof cc->password);
	conn_unref(cc->conn);
	free(cc);
}

/* Refuse from inside a run: the savepoint is rolled back. */
static int
ctl_refuse(struct ctl_call *cc, StatusCode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int
ctl_refuse(struct ctl_call *cc, StatusCode code, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(cc->msg, sizeof cc->msg, fmt, ap);
	va_end(ap);
	cc->code_out = code;
	return (-1);
}

static int
ctl_audit(struct ctl_call *cc, const char *action, const char *object,
    const char *detail)
{
	struct audit_rec	r = { cc->actor, "", "control", action, object,
				    "ok", detail };

	return (audit_append(&r));
}

/* ASCII identifiers: letters, digits, '_', '-', '.'. */
static int
ctl_ident_ok(const char *s, size_t max)
{
	size_t	n = strlen(s), i;

	if (n == 0 || n > max)
		return (0);
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '-' && s[i] != '.')
			return (0);
	}
	return (1);
}

static int
ctl_name_ok(const char *s)
{
	return (*s != '\0' && text_check(s, CTL_NAME_MAX, 0) == TEXT_OK);
}

/* The id of an org unit by code on the write connection, or 0. */
static int64_t
ctl_org_id(const char *code)
{
	static const char *sql = "SELECT id FROM org_unit WHERE code = :code";
	sqlite3_stmt	*st;
	int64_t		 id = 0;

	st = db_w(sql);
	db_bind_text(st, ":code", code);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return (id);
}

/* ---- org add ---------------------------------------------------------- */

static int
ctl_org_add_run(struct batch_job *job)
{
	static const char *sql =
	    "INSERT INTO org_unit(code, name, kind, parent_id)"
	    " VALUES (:code, :name, :kind, :parent)";
	struct ctl_call	*cc = (struct ctl_call *)job;
	sqlite3_stmt	*st;
	int64_t		 parent = 0;
	char		 object[64];

	if (ctl_org_id(cc->code) != 0)
		return (ctl_refuse(cc, BANSHI__V1__STATUS_CODE__STATUS_CONFLICT,
		    "org unit %s already exists", cc->code));
	if (cc->parent[0] != '\0' && (parent = ctl_org_id(cc->parent)) == 0)
		return (ctl_refuse(cc,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no parent org unit %s", cc->parent));
	st = db_w(sql);
	db_bind_text(st, ":code", cc->code);
	db_bind_text(st, ":name", cc->name);
	db_bind_int(st, ":kind", cc->kind);
	if (parent != 0)
		db_bind_int(st, ":parent", parent);
	if (db_step_done(st) == -1)
		return (-1);
	snprintf(object, sizeof object, "org:%s", cc->code);
	snprintf(cc->line, sizeof cc->line, "added org unit %s", cc->code);
	return (ctl_audit(cc, "org-add", object, cc->name));
}

void
ctl_org_add(struct conn *c, uint32_t id, const CtlRequest *m)
{
	const Banshi__V1__CtlOrgAdd	*oa = m->org_add;
	struct ctl_call			*cc;

	if (!ctl_ident_ok(oa->code, CTL_CODE_MAX)) {
		ctl_reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "code: 1 to 32 letters, digits, '_', '-' or '.'");
		return;
	}
	if (!ctl_name_ok(oa->name)) {
		ctl_reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "name: 1 to 64 characters of plain text");
		return;
	}
	cc = ctl_call_new(c, id, ctl_org_add_run);
	cc->job.done = ctl_done;
	snprintf(cc->code, sizeof cc->code, "%s", oa->code);
	snprintf(cc->name, sizeof cc->name, "%s", oa->name);
	snprintf(cc->parent, sizeof cc->parent, "%s", oa->parent_code);
	cc->kind = oa->kind != 0 ? (int)oa->kind : *oa->parent_code == '\0' ?
	    BANSHI__V1__ORG_KIND__ORG_KIND_HALL :
	    BANSHI__V1__ORG_KIND__ORG_KIND_DEPARTMENT;
	batch_enqueue(&cc->job);
}

/* ---- user add / passwd (hash on a worker, then write) ----------------- */

static void
ctl_hash_work(void *arg)
{
	struct ctl_call	*cc = arg;

	if (password_hash(cc->hash, cc->password, cc->memory, cc->passes) == -1)
		cc->hash[0] = '\0';
}

static void
ctl_hash_done(void *arg)
{
	struct ctl_call	*cc = arg;

	batch_enqueue(&cc->job);
}

/* Hash cc->password (generated when empty) on a worker, then run. */
static void
ctl_hash_then_run(struct ctl_call *cc)
{
	if (cc->password[0] == '\0') {
		password_generate(cc->password);
		cc->generated = 1;
	}
	cc->memory = cfg->hash_memory;
	cc->passes = cfg->hash_passes;
	cc->job.done = ctl_done;
	worker_submit(ctl_hash_work, ctl_hash_done, cc);
}

static int
ctl_user_add_run(struct batch_job *job)
{
	static const char *sql =
	    "INSERT INTO user(login, name, org_id, posts, pw_hash,"
	    " pw_changed_at, must_change, created_at) VALUES (:login, :name,"
	    " :org, :posts, :hash, :now, 1, :now)";
	struct ctl_call	*cc = (struct ctl_call *)job;
	struct user_row	 u;
	sqlite3_stmt	*st;
	int64_t		 org;
	char		 object[200], detail[96];

	if (cc->hash[0] == '\0')
		return (-1);
	if (account_load(1, cc->login, &u) == 0)
		return (ctl_refuse(cc, BANSHI__V1__STATUS_CODE__STATUS_CONFLICT,
		    "user %s already exists", cc->login));
	if ((org = ctl_org_id(cc->code)) == 0)
		return (ctl_refuse(cc,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no org unit %s", cc->code));
	st = db_w(sql);
	db_bind_text(st, ":login", cc->login);
	db_bind_text(st, ":name", cc->name);
	db_bind_int(st, ":org", org);
	db_bind_int(st, ":posts", cc->posts);
	db_bind_text(st, ":hash", cc->hash);
	db_bind_int(st, ":now", clock_now());
	if (db_step_done(st) == -1)
		return (-1);
	snprintf(object, sizeof object, "user:%s", cc->login);
	snprintf(detail, sizeof detail, "org=%s posts=%#x", cc->code,
	    cc->posts);
	snprintf(cc->line, sizeof cc->line, "%s", cc->password);
	return (ctl_audit(cc, "user-add", object, detail));
}

void
ctl_user_add(struct conn *c, uint32_t id, const CtlRequest *m)
{
	const Banshi__V1__CtlUserAdd	*ua = m->user_add;
	struct ctl_call			*cc;
	uint32_t			 posts = 0;
	size_t				 i;

	if (!ctl_ident_ok(ua->login, 64)) {
		ctl_reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "login: 1 to 64 letters, digits, '_', '-' or '.'");
		return;
	}
	if (!ctl_name_ok(ua->name)) {
		ctl_reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "name: 1 to 64 characters of plain text");
		return;
	}
	for (i = 0; i < ua->n_posts; i++) {
		if (ua->posts[i] <= 0 || ua->posts[i] > 31 ||
		    strcmp(post_name(ua->posts[i]), "?") == 0) {
			ctl_reply_status(c, id,
			    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
			    "post: unknown post");
			return;
		}
		posts |= 1u << ua->posts[i];
	}
	if (posts == 0) {
		ctl_reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "post: at least one post is required");
		return;
	}
	cc = ctl_call_new(c, id, ctl_user_add_run);
	snprintf(cc->login, sizeof cc->login, "%s", ua->login);
	snprintf(cc->name, sizeof cc->name, "%s", ua->name);
	snprintf(cc->code, sizeof cc->code, "%s", ua->org_code);
	cc->posts = posts;
	ctl_hash_then_run(cc);
}

static int
ctl_user_passwd_run(struct batch_job *job)
{
	static const char *sql =
	    "UPDATE user SET pw_hash = :hash, pw_changed_at = :now,"
	    " must_change = :must, failures = 0, locked_until = 0"
	    " WHERE login = :login";
	struct ctl_call	*cc = (struct ctl_call *)job;
	struct user_row	 u;
	sqlite3_stmt	*st;
	char		 object[200];

	if (cc->hash[0] == '\0')
		return (-1);
	if (account_load(1, cc->login, &u) == -1)
		return (ctl_refuse(cc,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no user %s", cc->login));
	st = db_w(sql);
	db_bind_text(st, ":hash", cc->hash);
	db_bind_int(st, ":now", clock_now());
	db_bind_int(st, ":must", cc->generated);
	db_bind_text(st, ":login", cc->login);
	if (db_step_done(st) == -1)
		return (-1);
	cc->user_id = u.id;
	cc->end_reason =
	    BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_PASSWORD_RESET;
	snprintf(object, sizeof object, "user:%s", cc->login);
	snprintf(cc->line, sizeof cc->line, "%s", cc->generated ?
	    cc->password : "password set");
	return (ctl_audit(cc, "password-reset", object, cc->generated ?
	    "one-time password" : "set by admin"));
}

void
ctl_user_passwd(struct conn *c, uint32_t id, const CtlRequest *m)
{
	const Banshi__V1__CtlUserPasswd	*up = m->user_passwd;
	struct ctl_call			*cc;
	char				 why[160];

	if (*up->password != '\0' && (strlen(up->password) > 256 ||
	    password_check_policy(&cfg->password, up->login, up->password,
	    why, sizeof why) == -1)) {
		ctl_reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    strlen(up->password) > 256 ? "password too long" : why);
		return;
	}
	cc = ctl_call_new(c, id, ctl_user_passwd_run);
	snprintf(cc->login, sizeof cc->login, "%s", up->login);
	snprintf(cc->password, sizeof cc->password, "%s", up->password);
	ctl_hash_then_run(cc);
}

/* ---- user lock / unlock ----------------------------------------------- */

static int
ctl_user_lock_run(struct batch_job *job)
{
	static const char *sql =
	    "UPDATE user SET admin_locked = :lock, locked_until = 0,"
	    " failures = 0 WHERE login = :login";
	struct ctl_call	*cc = (struct ctl_call *)job;
	struct user_row	 u;
	sqlite3_stmt	*st;
	char		 object[200];

	if (account_load(1, cc->login, &u) == -1)
		return (ctl_refuse(cc,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no user %s", cc->login));
	st = db_w(sql);
	db_bind_int(st, ":lock", cc->lock);
	db_bind_text(st, ":login", cc->login);
	if (db_step_done(st) == -1)
		return (-1);
	cc->user_id = u.id;
	if (cc->lock)
		cc->end_reason =
		    BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_LOCKED;
	snprintf(object, sizeof object, "user:%s", cc->login);
	snprintf(cc->line, sizeof cc->line, "%s %s", cc->lock ? "locked" :
	    "unlocked", cc->login);
	return (ctl_audit(cc, cc->lock ? "lock" : "unlock", object, ""));
}

void
ctl_user_lock(struct conn *c, uint32_t id, const CtlRequest *m)
{
	struct ctl_call	*cc;

	cc = ctl_call_new(c, id, ctl_user_lock_run);
	cc->job.done = ctl_done;
	snprintf(cc->login, sizeof cc->login, "%s", m->user_lock->login);
	cc->lock = m->user_lock->lock;
	batch_enqueue(&cc->job);
}

/* ---- reads ------------------------------------------------------------ */

void
ctl_user_list(struct conn *c, uint32_t id, const CtlRequest *m)
{
	static const char *sql =
	    "SELECT u.login, u.name, o.code, u.posts, u.admin_locked,"
	    " u.locked_until, u.must_change FROM user u"
	    " JOIN org_unit o ON o.id = u.org_id"
	    " WHERE u.login > :after ORDER BY u.login LIMIT :limit";
	CtlReply		  r = BANSHI__V1__CTL_REPLY__INIT;
	Banshi__V1__CtlUserRow	**rows, *row;
	sqlite3_stmt		 *st;
	uint32_t		  limit = m->user_list->limit;
	char			  after[129];
	size_t			  i, n = 0;
	int			  p;

	if (limit == 0 || limit > CTL_LIST_MAX)
		limit = CTL_LIST_MAX;
	snprintf(after, sizeof after, "%.*s",
	    (int)m->user_list->cursor.len, m->user_list->cursor.data);
	rows = xcalloc(limit, sizeof *rows);
	st = db_r(sql);
	db_bind_text(st, ":after", after);
	db_bind_int(st, ":limit", limit);
	while (sqlite3_step(st) == SQLITE_ROW) {
		row = rows[n++] = xmalloc(sizeof *row);
		banshi__v1__ctl_user_row__init(row);
		row->login = xstrdup((const char *)sqlite3_column_text(st, 0));
		row->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		row->org_code = xstrdup((const char *)sqlite3_column_text(st,
		    2));
		row->posts = xcalloc(32, sizeof *row->posts);
		for (p = 1; p < 32; p++)
			if (sqlite3_column_int64(st, 3) & (1ll << p))
				row->posts[row->n_posts++] = p;
		row->locked = sqlite3_column_int(st, 4) ||
		    sqlite3_column_int64(st, 5) > clock_now();
		row->password_change_required = sqlite3_column_int(st, 6);
	}
	sqlite3_reset(st);
	r.users = rows;
	r.n_users = n;
	if (n == limit) {
		r.next_cursor.data = (uint8_t *)rows[n - 1]->login;
		r.next_cursor.len = strlen(rows[n - 1]->login);
	}
	ctl_reply_send(c, id, &r);
	for (i = 0; i < n; i++) {
		free(rows[i]->login);
		free(rows[i]->name);
		free(rows[i]->org_code);
		free(rows[i]->posts);
		free(rows[i]);
	}
	free(rows);
}

/* A reload finished: reply to the admin who asked for it. */
struct ctl_reload_wait {
	struct conn	*conn;
	uint32_t	 id;
};

static void
ctl_reload_done(void *arg, const char *err)
{
	struct ctl_reload_wait	*w = arg;
	CtlReply		 r = BANSHI__V1__CTL_REPLY__INIT;
	char			*lines[1] = { "reloaded" };

	if (err != NULL)
		ctl_reply_status(w->conn, w->id,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, err);
	else {
		r.lines = lines;
		r.n_lines = 1;
		ctl_reply_send(w->conn, w->id, &r);
	}
	conn_unref(w->conn);
	free(w);
}

void
ctl_reload(struct conn *c, uint32_t id, const CtlRequest *m)
{
	struct ctl_reload_wait	*w;
	char			 err[512];

	if (server_reload(err, sizeof err) == -1) {
		ctl_reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, err);
		return;
	}
	w = xcalloc(1, sizeof *w);
	w->conn = c;
	conn_ref(c);
	w->id = id;
	catalog_reload(cfg->catalog_dir, ctl_reload_done, w);
}

void
ctl_status(struct conn *c, uint32_t id, const CtlRequest *m)
{
	CtlReply		 r = BANSHI__V1__CTL_REPLY__INIT;
	struct batch_stats	 bs;
	struct catalog		*cat = catalog_live;
	char			 buf[10][96], *lines[10];
	int			 i, n = 9;

	batch_stats(&bs);

	snprintf(buf[0], sizeof buf[0], "version %s", BANSHI_VERSION);
	snprintf(buf[1], sizeof buf[1], "uptime %lld",
	    (long long)(time(NULL) - server_started));
	snprintf(buf[2], sizeof buf[2], "connections %d", conn_count());
	snprintf(buf[3], sizeof buf[3], "sessions %d", session_count());
	snprintf(buf[4], sizeof buf[4], "batches %llu",
	    (unsigned long long)bs.batches);
	snprintf(buf[5], sizeof buf[5], "mean_batch_size %.2f",
	    bs.batches == 0 ? 0.0 : (double)bs.jobs / (double)bs.batches);
	snprintf(buf[6], sizeof buf[6], "mean_batch_run_ms %.3f",
	    bs.batches == 0 ? 0.0 : bs.run_us / 1000.0 / (double)bs.batches);
	snprintf(buf[7], sizeof buf[7], "mean_commit_ms %.3f",
	    bs.batches == 0 ? 0.0 : bs.commit_us / 1000.0 /
	    (double)bs.batches);
	snprintf(buf[8], sizeof buf[8], "catalog_items %zu",
	    cat != NULL ? cat->n_items : 0);
	if (catalog_uncovered_year() != 0)
		snprintf(buf[n++], sizeof buf[9], "calendar_warning %d is not "
		    "in the calendar, counting weekends only",
		    catalog_uncovered_year());
	for (i = 0; i < n; i++)
		lines[i] = buf[i];
	r.lines = lines;
	r.n_lines = (size_t)n;
	ctl_reply_send(c, id, &r);
}

struct verify_call {
	struct conn	*conn;
	uint32_t	 id;
	char		 path[1024];
	char		 why[256];
	int64_t		 n;
};

static void
verify_work(void *arg)
{
	struct verify_call	*v = arg;

	v->n = audit_verify(v->path, v->why, sizeof v->why);
}

static void
verify_done(void *arg)
{
	struct verify_call	*v = arg;
	CtlReply		 r = BANSHI__V1__CTL_REPLY__INIT;
	char			 line[64], *lines[1] = { line };

	if (v->n == -1)
		ctl_reply_status(v->conn, v->id,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, v->why);
	else {
		snprintf(line, sizeof line, "ok %lld records",
		    (long long)v->n);
		r.lines = lines;
		r.n_lines = 1;
		ctl_reply_send(v->conn, v->id, &r);
	}
	conn_unref(v->conn);
	free(v);
}

void
ctl_audit_verify(struct conn *c, uint32_t id, const CtlRequest *m)
{
	struct verify_call	*v;

	v = xcalloc(1, sizeof *v);
	v->conn = c;
	conn_ref(c);
	v->id = id;
	snprintf(v->path, sizeof v->path, "%s", cfg->database);
	worker_submit(verify_work, verify_done, v);
}

void
ctl_clock_advance(struct conn *c, uint32_t id, const CtlRequest *m)
{
	CtlReply	 r = BANSHI__V1__CTL_REPLY__INIT;
	char		 line[64], *lines[1] = { line };

	if (!cfg->clock_control) {
		ctl_reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_PERMISSION_DENIED,
		    "the clock is not controllable ([debug] clock_control)");
		return;
	}
	clock_advance(m->clock_advance->seconds);
	snprintf(line, sizeof line, "clock %lld", (long long)clock_now());
	r.lines = lines;
	r.n_lines = 1;
	ctl_reply_send(c, id, &r);
}

void
ctl_calendar_deadline(struct conn *c, uint32_t id, const CtlRequest *m)
{
	const Banshi__V1__CtlCalendarDeadline	*q = m->calendar_deadline;
	CtlReply				 r = BANSHI__V1__CTL_REPLY__INIT;
	char					 line[16], warn[96];
	char					*lines[1] = { line };
	char					*warnings[1] = { warn };
	int32_t					 from;
	int					 uncovered = 0;

	if (cal_parse_date(q->date, &from) == -1 || q->days > 3650) {
		ctl_reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "expected a date YYYY-MM-DD and 0 to 3650 days");
		return;
	}
	cal_format_date(cal_deadline(catalog_calendar(), from, (int)q->days,
	    &uncovered), line);
	r.lines = lines;
	r.n_lines = 1;
	if (uncovered != 0) {
		catalog_note_uncovered(uncovered);
		snprintf(warn, sizeof warn, "%d is not in the calendar: "
		    "counting weekends only", uncovered);
		r.warnings = warnings;
		r.n_warnings = 1;
	}
	ctl_reply_send(c, id, &r);
}

void
ctl_calendar_show(struct conn *c, uint32_t id, const CtlRequest *m)
{
	const struct cal_year	*cy;
	CtlReply		 r = BANSHI__V1__CTL_REPLY__INIT;
	char			**lines, date[11];
	size_t			 i, n = 0;

	if ((cy = cal_year(catalog_calendar(), (int)m->calendar_show->year)) ==
	    NULL) {
		ctl_reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "that year is not in the calendar (weekends only)");
		return;
	}
	lines = xcalloc(cy->n_holidays + cy->n_work + 2, sizeof *lines);
	if (cy->source[0] != '\0')
		xasprintf(&lines[n++], "# %s", cy->source);
	for (i = 0; i < cy->n_holidays; i++) {
		char to[11];

		cal_format_date(cy->holidays[i].from, date);
		cal_format_date(cy->holidays[i].to, to);
		xasprintf(&lines[n++], "off\t%s\t%s\t%s", date, to,
		    cy->holidays[i].name);
	}
	for (i = 0; i < cy->n_work; i++) {
		cal_format_date(cy->work[i], date);
		xasprintf(&lines[n++], "work\t%s", date);
	}
	r.lines = lines;
	r.n_lines = n;
	ctl_reply_send(c, id, &r);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
