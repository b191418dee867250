/*
 * Hello, Login, Logout, ChangePassword and WhoAmI.  Password hashes are
 * checked on the worker pool; the outcome is written in the group-commit
 * batch and the reply goes out after COMMIT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "frame.h"
#include "log.h"
#include "server.h"
#include "xmalloc.h"

#define LOGIN_MAX	64
#define PASSWORD_MAX	256

static const char *dummy_hash;	/* verified for unknown logins */

/* Make the hash that unknown logins are checked against (at start-up). */
static const char *
auth_dummy_hash(void)
{
	static char	hash[128];
	char		pw[17];

	if (dummy_hash == NULL) {
		password_generate(pw);
		if (password_hash(hash, pw, cfg->hash_memory,
		    cfg->hash_passes) == -1)
			fatalx("cannot hash the dummy password");
		dummy_hash = hash;
	}
	return (dummy_hash);
}

/* ---- Hello ---------------------------------------------------------- */

void
rpc_hello(struct conn *c, uint32_t id, const ClientMessage *m)
{
	Reply			 r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__HelloReply	 hr = BANSHI__V1__HELLO_REPLY__INIT;
	UserInfo		 ui;
	struct session		*s;
	char			 msg[128];

	if (m->hello->protocol_version != PROTOCOL_VERSION) {
		snprintf(msg, sizeof msg, "protocol version %u is not "
		    "supported; this server speaks version %d",
		    m->hello->protocol_version, PROTOCOL_VERSION);
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, msg,
		    "protocol_version");
		return;
	}
	conn_opened(c);
	hr.protocol_version = PROTOCOL_VERSION;
	hr.server_version = BANSHI_VERSION;
	s = session_find(m->hello->resume_token.data,
	    m->hello->resume_token.len);
	if (s != NULL && session_touch(s) == 0) {
		session_attach(s, c);
		account_userinfo(0, s->user_id, s->must_change, &ui);
		hr.session_resumed = 1;
		hr.user = &ui;
		log_info("conn=%llu peer=%s session=%llu user=%s resumed",
		    (unsigned long long)c->id, c->peer,
		    (unsigned long long)s->id, s->login);
	}
	r.body_case = BANSHI__V1__REPLY__BODY_HELLO;
	r.hello = &hr;
	reply_send(c, id, &r);
	if (hr.user != NULL)
		account_userinfo_free(&ui);
}

/* ---- Login ---------------------------------------------------------- */

enum login_result {
	LOGIN_REFUSED,
	LOGIN_OK
};

struct login_call {
	struct batch_job	 job;
	struct conn		*conn;
	uint32_t		 id;
	char			 login[LOGIN_MAX * 4 + 1];
	char			*password;
	char			 hash[128];
	int			 match;
	enum login_result	 result;
	int			 must_change;
	int64_t			 user_id;
	uint32_t		 posts;
};

/* On a worker thread: its helper process checks the password. */
static void
login_work(void *arg)
{
	struct login_call	*lc = arg;

	lc->match = worker_password_verify(lc->hash, lc->password);
}

/* Audit one login outcome in the write transaction. */
static int
login_audit(struct login_call *lc, const char *action, const char *outcome,
    const char *detail)
{
	struct audit_rec	r;
	char			object[LOGIN_MAX * 4 + 8];

	snprintf(object, sizeof object, "user:%s", lc->login);
	r.actor = lc->login;
	r.post = "";
	r.peer = lc->conn->peer;
	r.action = action;
	r.object = object;
	r.outcome = outcome;
	r.detail = detail;
	return (audit_append(&r));
}

static int
login_run(struct batch_job *job)
{
	static const char *ok_sql =
	    "UPDATE user SET failures = 0, first_failure_at = 0,"
	    " last_login_at = :now WHERE id = :id";
	struct login_call	*lc = (struct login_call *)job;
	struct user_row		 u;
	sqlite3_stmt		*st;
	int			 locked;

	lc->result = LOGIN_REFUSED;
	if (account_load(1, lc->login, &u) == -1)
		return (login_audit(lc, "login-failed", "refused",
		    "unknown login"));
	if (u.admin_locked || u.locked_until > clock_now())
		return (login_audit(lc, "login-failed", "refused",
		    "account locked"));
	if (!lc->match) {
		if ((locked = account_note_failure(&u)) == -1 ||
		    login_audit(lc, "login-failed", "refused",
		    "wrong password") == -1)
			return (-1);
		if (locked) {
			log_warnx("user=%s locked after %d failed logins",
			    lc->login, cfg->lockout_failures);
			return (login_audit(lc, "lockout", "ok",
			    "too many failed logins"));
		}
		return (0);
	}
	st = db_w(ok_sql);
	db_bind_int(st, ":now", clock_now());
	db_bind_int(st, ":id", u.id);
	if (db_step_done(st) == -1)
		return (-1);
	lc->result = LOGIN_OK;
	lc->user_id = u.id;
	lc->posts = u.posts;
	lc->must_change = u.must_change || account_password_expired(&u);
	return (login_audit(lc, "login", "ok", lc->must_change ?
	    "password change required" : ""));
}

static void
login_done(struct batch_job *job, int committed)
{
	struct login_call		*lc = (struct login_call *)job;
	Reply				 r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__LoginReply		 lr = BANSHI__V1__LOGIN_REPLY__INIT;
	UserInfo			 ui;
	struct session			*s;

	lc->conn->login_pending = 0;
	if (!committed || job->failed)
		reply_status(lc->conn, lc->id,
		    BANSHI__V1__STATUS_CODE__STATUS_UNAVAILABLE,
		    "the server could not record the login", NULL);
	else if (lc->result != LOGIN_OK) {
		log_info("conn=%llu peer=%s login refused",
		    (unsigned long long)lc->conn->id, lc->conn->peer);
		reply_status(lc->conn, lc->id,
		    BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED,
		    "wrong login or password, or the account is locked",
		    NULL);
	} else if (lc->conn->state == CONN_OPEN) {
		s = session_create(lc->user_id, lc->login, lc->posts,
		    lc->must_change);
		session_attach(s, lc->conn);
		log_info("conn=%llu peer=%s session=%llu user=%s logged in",
		    (unsigned long long)lc->conn->id, lc->conn->peer,
		    (unsigned long long)s->id, s->login);
		account_userinfo(0, s->user_id, s->must_change, &ui);
		lr.session_token.data = s->token;
		lr.session_token.len = TOKEN_LEN;
		lr.user = &ui;
		lr.idle_timeout_seconds = (uint32_t)cfg->session_idle;
		r.body_case = BANSHI__V1__REPLY__BODY_LOGIN;
		r.login = &lr;
		reply_send(lc->conn, lc->id, &r);
		account_userinfo_free(&ui);
	}
	conn_unref(lc->conn);
	free(lc);
}

static void
login_verified(void *arg)
{
	struct login_call	*lc = arg;

	sodium_memzero(lc->password, strlen(lc->password));
	free(lc->password);
	lc->password = NULL;
	lc->job.run = login_run;
	lc->job.done = login_done;
	batch_enqueue(&lc->job);
}

/* A login or password field that is empty or too long; -1 when replied. */
static int
auth_check_len(struct conn *c, uint32_t id, const char *s, size_t max,
    const char *field)
{
	char	msg[64];

	if (*s != '\0' && strlen(s) <= max)
		return (0);
	snprintf(msg, sizeof msg, "%s: must be 1 to %zu bytes", field, max);
	reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
	    msg, field);
	return (-1);
}

void
rpc_login(struct conn *c, uint32_t id, const ClientMessage *m)
{
	struct login_call	*lc;
	struct user_row		 u;

	if (auth_check_len(c, id, m->login->login, LOGIN_MAX, "login") == -1 ||
	    auth_check_len(c, id, m->login->password, PASSWORD_MAX,
	    "password") == -1)
		return;
	/* One password check at a time per connection: the workers are few. */
	if (c->login_pending) {
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_RESOURCE_EXHAUSTED,
		    "a login is already being checked on this connection", NULL);
		return;
	}
	c->login_pending = 1;
	lc = xcalloc(1, sizeof *lc);
	lc->conn = c;
	conn_ref(c);
	lc->id = id;
	snprintf(lc->login, sizeof lc->login, "%s", m->login->login);
	lc->password = xstrdup(m->login->password);
	/* Unknown logins cost the same hash check as known ones. */
	if (account_load(0, lc->login, &u) == 0)
		snprintf(lc->hash, sizeof lc->hash, "%s", u.pw_hash);
	else
		snprintf(lc->hash, sizeof lc->hash, "%s", auth_dummy_hash());
	sodium_memzero(&u, sizeof u);
	worker_submit(login_work, login_verified, lc);
}

/* ---- Logout --------------------------------------------------------- */

struct logout_call {
	struct batch_job	 job;
	struct conn		*conn;
	uint32_t		 id;
	uint8_t			 key[IDEM_KEY_LEN];
	int64_t			 user_id;
	char			*login;
	uint64_t		 session_id;
	int			 dup;		/* a retry raced the first */
};

static int
logout_run(struct batch_job *job)
{
	struct logout_call	*lc = (struct logout_call *)job;
	Reply			 r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__LogoutReply	 lr = BANSHI__V1__LOGOUT_REPLY__INIT;
	Banshi__V1__Status	 ok = BANSHI__V1__STATUS__INIT;
	struct audit_rec	 a = { lc->login, "", lc->conn->peer, "logout",
				    "", "ok", "" };
	char			 object[300];

	if ((lc->dup = idem_seen(lc->key)))
		return (0);
	snprintf(object, sizeof object, "user:%s", lc->login);
	a.object = object;
	r.status = &ok;
	r.body_case = BANSHI__V1__REPLY__BODY_LOGOUT;
	r.logout = &lr;
	if (audit_append(&a) == -1 || idem_store_reply(lc->key, lc->user_id, &r) ==
	    -1)
		return (-1);
	return (0);
}

static void
logout_done(struct batch_job *job, int committed)
{
	struct logout_call	*lc = (struct logout_call *)job;
	Reply			 r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__LogoutReply	 lr = BANSHI__V1__LOGOUT_REPLY__INIT;

	if (!committed || job->failed)
		reply_status(lc->conn, lc->id,
		    BANSHI__V1__STATUS_CODE__STATUS_UNAVAILABLE,
		    "the server could not record the logout", NULL);
	else if (lc->dup)
		idem_replay(lc->conn, lc->id, lc->key);
	else {
		if (lc->conn->session != NULL &&
		    lc->conn->session->id == lc->session_id)
			session_end(lc->conn->session,
			    BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_UNSPECIFIED);
		r.body_case = BANSHI__V1__REPLY__BODY_LOGOUT;
		r.logout = &lr;
		reply_send(lc->conn, lc->id, &r);
	}
	conn_unref(lc->conn);
	free(lc->login);
	free(lc);
}

void
rpc_logout(struct conn *c, uint32_t id, const ClientMessage *m)
{
	struct logout_call	*lc;

	lc = xcalloc(1, sizeof *lc);
	lc->job.run = logout_run;
	lc->job.done = logout_done;
	lc->conn = c;
	conn_ref(c);
	lc->id = id;
	memcpy(lc->key, m->idempotency_key.data, IDEM_KEY_LEN);
	lc->user_id = c->session->user_id;
	lc->login = xstrdup(c->session->login);
	lc->session_id = c->session->id;
	batch_enqueue(&lc->job);
}

/* ---- ChangePassword ------------------------------------------------- */

enum passwd_result {
	PASSWD_OK,
	PASSWD_WRONG_OLD,
	PASSWD_REUSED,
	PASSWD_FAILED
};

struct passwd_call {
	struct batch_job	 job;
	struct conn		*conn;
	uint32_t		 id;
	uint8_t			 key[IDEM_KEY_LEN];
	int64_t			 user_id;
	char			*login;
	char			*old_pw;
	char			*new_pw;
	char			 current[128];
	char			(*history)[128];
	int			 n_history;
	int			 memory;
	int			 passes;
	char			 new_hash[128];
	enum passwd_result	 result;
	int			 locked;
	int			 dup;		/* a retry raced the first */
};

static void
passwd_work(void *arg)
{
	struct passwd_call	*pc = arg;
	int			 i;

	if (!password_verify(pc->current, pc->old_pw)) {
		pc->result = PASSWD_WRONG_OLD;
		return;
	}
	if (password_verify(pc->current, pc->new_pw)) {
		pc->result = PASSWD_REUSED;
		return;
	}
	for (i = 0; i < pc->n_history; i++) {
		if (password_verify(pc->history[i], pc->new_pw)) {
			pc->result = PASSWD_REUSED;
			return;
		}
	}
	pc->result = password_hash(pc->new_hash, pc->new_pw, pc->memory,
	    pc->passes) == 0 ? PASSWD_OK : PASSWD_FAILED;
}

/* Write the new hash, keep the old one in the history, trim it. */
static int
passwd_store(struct passwd_call *pc)
{
	static const char *upd_sql =
	    "UPDATE user SET pw_hash = :hash, pw_changed_at = :now,"
	    " must_change = 0 WHERE id = :id";
	static const char *hist_sql =
	    "INSERT INTO password_history(user_id, pw_hash, changed_at)"
	    " VALUES (:id, :hash, :now)";
	static const char *trim_sql =
	    "DELETE FROM password_history WHERE user_id = :id AND id NOT IN"
	    " (SELECT id FROM password_history WHERE user_id = :id"
	    "  ORDER BY id DESC LIMIT :keep)";
	sqlite3_stmt	*st;

	st = db_w(hist_sql);
	db_bind_int(st, ":id", pc->user_id);
	db_bind_text(st, ":hash", pc->current);
	db_bind_int(st, ":now", clock_now());
	if (db_step_done(st) == -1)
		return (-1);
	st = db_w(trim_sql);
	db_bind_int(st, ":id", pc->user_id);
	db_bind_int(st, ":keep", cfg->password.history);
	if (db_step_done(st) == -1)
		return (-1);
	st = db_w(upd_sql);
	db_bind_text(st, ":hash", pc->new_hash);
	db_bind_int(st, ":now", clock_now());
	db_bind_int(st, ":id", pc->user_id);
	return (db_step_done(st));
}

static int
passwd_run(struct batch_job *job)
{
	struct passwd_call		*pc = (struct passwd_call *)job;
	Reply				 r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__ChangePasswordReply	 cr =
	    BANSHI__V1__CHANGE_PASSWORD_REPLY__INIT;
	Banshi__V1__Status		 ok = BANSHI__V1__STATUS__INIT;
	struct audit_rec		 a = { pc->login, "", pc->conn->peer,
					    "password-change", "", "ok", "" };
	struct user_row			 u;
	UserInfo			 ui;
	char				 object[300];
	int				 rc;

	if ((pc->dup = idem_seen(pc->key)))
		return (0);
	snprintf(object, sizeof object, "user:%s", pc->login);
	a.object = object;
	switch (pc->result) {
	case PASSWD_OK:
		break;
	case PASSWD_WRONG_OLD:
		if (account_load(1, pc->login, &u) == -1 ||
		    (pc->locked = account_note_failure(&u)) == -1)
			return (-1);
		a.outcome = "refused";
		a.detail = "wrong current password";
		if (audit_append(&a) == -1)
			return (-1);
		if (pc->locked) {
			a.action = "lockout";
			a.outcome = "ok";
			a.detail = "too many failed password checks";
			return (audit_append(&a));
		}
		return (0);
	case PASSWD_REUSED:
		a.outcome = "refused";
		a.detail = "password used recently";
		return (audit_append(&a));
	case PASSWD_FAILED:
		return (-1);
	}
	if (passwd_store(pc) == -1 || audit_append(&a) == -1)
		return (-1);
	/* The stored reply is what a retry with the same key gets. */
	account_userinfo(1, pc->user_id, 0, &ui);
	cr.user = &ui;
	r.status = &ok;
	r.body_case = BANSHI__V1__REPLY__BODY_CHANGE_PASSWORD;
	r.change_password = &cr;
	rc = idem_store_reply(pc->key, pc->user_id, &r);
	account_userinfo_free(&ui);
	return (rc);
}

static void
passwd_free(struct passwd_call *pc)
{
	conn_unref(pc->conn);
	free(pc->login);
	free(pc->history);
	sodium_memzero(pc->new_hash, sizeof pc->new_hash);
	free(pc);
}

static void
passwd_done(struct batch_job *job, int committed)
{
	struct passwd_call		*pc = (struct passwd_call *)job;
	Reply				 r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__ChangePasswordReply	 cr =
	    BANSHI__V1__CHANGE_PASSWORD_REPLY__INIT;
	UserInfo			 ui;
	struct conn			*c = pc->conn;

	if (committed && pc->dup)
		idem_replay(c, pc->id, pc->key);
	else if (!committed || job->failed || pc->result == PASSWD_FAILED)
		reply_status(c, pc->id,
		    BANSHI__V1__STATUS_CODE__STATUS_UNAVAILABLE,
		    "the server could not change the password", NULL);
	else if (pc->result == PASSWD_WRONG_OLD) {
		reply_status(c, pc->id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "the current password is wrong", "old_password");
		if (pc->locked)
			session_end_user(pc->user_id,
			    BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_LOCKED);
	} else if (pc->result == PASSWD_REUSED)
		reply_status(c, pc->id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "the new password was used recently", "new_password");
	else {
		if (c->session != NULL && c->session->user_id == pc->user_id)
			c->session->must_change = 0;
		/* A session someone else may hold ends with the old password. */
		session_end_user_except(pc->user_id, c->session,
		    BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_PASSWORD_RESET);
		account_userinfo(0, pc->user_id, 0, &ui);
		cr.user = &ui;
		r.body_case = BANSHI__V1__REPLY__BODY_CHANGE_PASSWORD;
		r.change_password = &cr;
		reply_send(c, pc->id, &r);
		account_userinfo_free(&ui);
	}
	passwd_free(pc);
}

static void
passwd_verified(void *arg)
{
	struct passwd_call	*pc = arg;

	sodium_memzero(pc->old_pw, strlen(pc->old_pw));
	sodium_memzero(pc->new_pw, strlen(pc->new_pw));
	free(pc->old_pw);
	free(pc->new_pw);
	pc->old_pw = pc->new_pw = NULL;
	pc->job.run = passwd_run;
	pc->job.done = passwd_done;
	batch_enqueue(&pc->job);
}

/* Copy the hashes the new password may not repeat. */
static void
passwd_load_history(struct passwd_call *pc)
{
	static const char *sql =
	    "SELECT pw_hash FROM password_history WHERE user_id = :id"
	    " ORDER BY id DESC LIMIT :n";
	sqlite3_stmt	*st;
	int		 n = cfg->password.history;

	if (n == 0)
		return;
	pc->history = xcalloc((size_t)n, sizeof *pc->history);
	st = db_r(sql);
	db_bind_int(st, ":id", pc->user_id);
	db_bind_int(st, ":n", n);
	while (pc->n_history < n && sqlite3_step(st) == SQLITE_ROW)
		snprintf(pc->history[pc->n_history++], 128, "%s",
		    sqlite3_column_text(st, 0));
	sqlite3_reset(st);
}

void
rpc_change_password(struct conn *c, uint32_t id, const ClientMessage *m)
{
	const Banshi__V1__ChangePassword	*cp = m->change_password;
	struct passwd_call			*pc;
	struct user_row				 u;
	char					 why[160];

	if (auth_check_len(c, id, cp->old_password, PASSWORD_MAX,
	    "old_password") == -1 || auth_check_len(c, id, cp->new_password,
	    PASSWORD_MAX, "new_password") == -1)
		return;
	if (password_check_policy(&cfg->password, c->session->login,
	    cp->new_password, why, sizeof why) == -1) {
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, why,
		    "new_password");
		return;
	}
	if (account_load(0, c->session->login, &u) == -1) {
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "the account no longer exists", NULL);
		return;
	}
	pc = xcalloc(1, sizeof *pc);
	pc->conn = c;
	conn_ref(c);
	pc->id = id;
	memcpy(pc->key, m->idempotency_key.data, IDEM_KEY_LEN);
	pc->user_id = u.id;
	pc->login = xstrdup(u.login);
	pc->old_pw = xstrdup(cp->old_password);
	pc->new_pw = xstrdup(cp->new_password);
	snprintf(pc->current, sizeof pc->current, "%s", u.pw_hash);
	pc->memory = cfg->hash_memory;
	pc->passes = cfg->hash_passes;
	passwd_load_history(pc);
	worker_submit(passwd_work, passwd_verified, pc);
}

/* ---- WhoAmI --------------------------------------------------------- */

void
rpc_who_am_i(struct conn *c, uint32_t id, const ClientMessage *m)
{
	Reply		r = BANSHI__V1__REPLY__INIT;
	UserInfo	ui;

	account_userinfo(0, c->session->user_id, c->session->must_change, &ui);
	r.body_case = BANSHI__V1__REPLY__BODY_WHO_AM_I;
	r.who_am_i = &ui;
	reply_send(c, id, &r);
	account_userinfo_free(&ui);
}

/* Prepare what logins need before the loop starts serving. */
void
auth_init(void)
{
	(void)auth_dummy_hash();
}
