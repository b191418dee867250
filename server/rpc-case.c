/*
 * The back office, as requests: queues and their counts, opening and
 * claiming (签收) a case, releasing it, the actions of each step, a case's
 * history in pages, the staff's own settings, and reading a material.
 * The work is done by the core (case.c, case-action.c); the dispatch table
 * names each action family's posts, and this file checks that the action
 * belongs to the family before the core checks the case itself.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "log.h"
#include "server.h"
#include "xmalloc.h"

typedef Banshi__V1__CaseAction	CaseAction;

#define PAGE_DEFAULT	50
#define PAGE_MAX	200
#define EVENTS_DEFAULT	100
#define EVENTS_MAX	500

static uint32_t
page_limit(uint32_t asked)
{
	return (asked == 0 ? PAGE_DEFAULT : asked > PAGE_MAX ? PAGE_MAX :
	    asked);
}

/* ---- queues ----------------------------------------------------------- */

/* Bind the session's org codes as :s0 .. :s7 (unused ones match nothing). */
static void
bind_scopes(sqlite3_stmt *st, const struct session *s)
{
	static const char *names[SESSION_SCOPES] = { ":s0", ":s1", ":s2",
	    ":s3", ":s4", ":s5", ":s6", ":s7" };
	size_t	i;

	for (i = 0; i < SESSION_SCOPES; i++)
		db_bind_text(st, names[i], i < s->n_scopes ? s->scopes[i] :
		    "\x01");
}

/* One queue row from a case row. */
static Banshi__V1__QueueRow *
queue_row(const struct case_row *c, struct arena *a)
{
	Banshi__V1__QueueRow	*q = arena_alloc(a, sizeof *q);

	banshi__v1__queue_row__init(q);
	q->serial = arena_strdup(a, c->serial);
	q->item_name = arena_strdup(a, c->item_name);
	q->applicant_name = arena_strdup(a, c->applicant_name);
	q->status = c->status;
	q->submitted_at = c->created_at;
	q->step = c->step;
	q->clock = arena_alloc(a, sizeof *q->clock);
	case_clock(c, case_today(), q->clock, a);
	q->claimed_by = (char *)(case_claim_live(c) ?
	    case_user_name(c->claimed_by, a, 0) : "");
	return (q);
}

/* A queue cursor is "deadline:created:id" of the last row sent. */
static int
queue_cursor(const ProtobufCBinaryData *c, long long *d, long long *t,
    long long *id)
{
	char	buf[64];

	if (c->len == 0)
		return (0);
	if (c->len >= sizeof buf)
		return (-1);
	memcpy(buf, c->data, c->len);
	buf[c->len] = '\0';
	return (sscanf(buf, "%lld:%lld:%lld", d, t, id) == 3 ? 0 : -1);
}

/* A row's place in a queue: deadline, then filing time, then id. */
static int
queue_before(sqlite3_stmt *a, sqlite3_stmt *b)
{
	static const int cols[] = { 18, 26, 0 };	/* of case_columns() */
	int64_t		 x, y;
	size_t		 i;

	for (i = 0; i < 3; i++) {
		x = sqlite3_column_int64(a, cols[i]);
		y = sqlite3_column_int64(b, cols[i]);
		if (x != y)
			return (x < y);
	}
	return (0);
}

/*
 * The statements that read one scope's part of a step's queue in order.
 * Each is an index seek (step, scope, deadline_day, created_at, id): one
 * per scope and merged here, because SQLite sorts the whole match of an
 * IN list before it can take the first rows.  Distinct buffers make
 * distinct cached statements, all open at once during the merge.
 */
static sqlite3_stmt *
queue_seek(size_t i, int step, const char *scope, uint32_t posts,
    long long d, long long t, long long rid, uint32_t limit)
{
	static char	 sql[SESSION_SCOPES][1200];
	sqlite3_stmt	*st;

	if (sql[i][0] == '\0')
		snprintf(sql[i], sizeof sql[i], "%s WHERE step = :step"
		    " AND step != 0 AND scope = :scope"
		    " AND (deadline_day, created_at, id) > (:d, :t, :id)"
		    " AND (:posts >> post) & 1 AND status IN (1, 2, 3)"
		    " ORDER BY deadline_day, created_at, id LIMIT :l",
		    case_columns());
	st = db_r(sql[i]);
	db_bind_int(st, ":step", step);
	db_bind_text(st, ":scope", scope);
	db_bind_int(st, ":posts", posts);
	db_bind_int(st, ":d", d);
	db_bind_int(st, ":t", t);
	db_bind_int(st, ":id", rid);
	db_bind_int(st, ":l", limit);
	return (st);
}

/* The filer's 需补办 list, oldest first. */
static sqlite3_stmt *
queue_supplement(int64_t user, long long t, long long rid, uint32_t limit)
{
	static char	 sql[1000];
	sqlite3_stmt	*st;

	if (sql[0] == '\0')
		snprintf(sql, sizeof sql, "%s WHERE created_by = :u"
		    " AND status = 4 AND (created_at, id) > (:t, :id)"
		    " ORDER BY created_at, id LIMIT :l", case_columns());
	st = db_r(sql);
	db_bind_int(st, ":u", user);
	db_bind_int(st, ":t", t);
	db_bind_int(st, ":id", rid);
	db_bind_int(st, ":l", limit);
	return (st);
}

void
rpc_list_queue(struct conn *c, uint32_t id, const ClientMessage *m)
{
	const Banshi__V1__ListQueue *q = m->list_queue;
	const struct session	 *s = c->session;
	Reply			  r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__QueuePage	  page = BANSHI__V1__QUEUE_PAGE__INIT;
	struct arena		  a = { NULL };
	struct case_row		  row;
	sqlite3_stmt		 *st[SESSION_SCOPES], *best;
	uint32_t		  limit = page_limit(q->limit);
	long long		  d = -1, t = -1, rid = -1;
	size_t			  i, n = 0;
	char			  cursor[64];

	if (q->queue < BANSHI__V1__QUEUE__QUEUE_ACCEPT ||
	    q->queue > BANSHI__V1__QUEUE__QUEUE_SUPPLEMENT ||
	    queue_cursor(&q->cursor, &d, &t, &rid) == -1) {
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "queue or cursor not valid", q->queue <
		    BANSHI__V1__QUEUE__QUEUE_ACCEPT || q->queue >
		    BANSHI__V1__QUEUE__QUEUE_SUPPLEMENT ? "queue" : "cursor");
		return;
	}
	if (q->queue == BANSHI__V1__QUEUE__QUEUE_SUPPLEMENT)
		st[n++] = queue_supplement(s->user_id, t, rid, limit + 1);
	else
		for (i = 0; i < s->n_scopes; i++)
			st[n++] = queue_seek(i, q->queue, s->scopes[i],
			    s->posts, d, t, rid, limit + 1);
	/* Step each seek to its first row; merge by taking the smallest. */
	for (i = 0; i < n;) {
		if (sqlite3_step(st[i]) == SQLITE_ROW)
			i++;
		else {
			sqlite3_reset(st[i]);
			st[i] = st[--n];
		}
	}
	page.rows = arena_array(&a, limit + 1, sizeof *page.rows);
	while (n > 0) {
		for (best = st[0], i = 1; i < n; i++)
			if (queue_before(st[i], best))
				best = st[i];
		if (page.n_rows == limit) {
			snprintf(cursor, sizeof cursor, "%lld:%lld:%lld",
			    d, t, rid);
			page.next_cursor.data = (uint8_t *)cursor;
			page.next_cursor.len = strlen(cursor);
			break;
		}
		if (case_fill(best, &row) == 0) {
			page.rows[page.n_rows++] = queue_row(&row, &a);
			d = row.deadline_day;
			t = row.created_at;
			rid = row.id;
		}
		case_free(&row);
		if (sqlite3_step(best) != SQLITE_ROW) {
			sqlite3_reset(best);
			for (i = 0; st[i] != best; i++)
				;
			st[i] = st[--n];
		}
	}
	for (i = 0; i < n; i++)
		sqlite3_reset(st[i]);
	r.body_case = BANSHI__V1__REPLY__BODY_QUEUE;
	r.queue = &page;
	reply_send(c, id, &r);
	arena_free(&a);
}

void
rpc_queue_counts(struct conn *c, uint32_t id, const ClientMessage *m)
{
	static const char *count_sql =
	    "SELECT step, sum(n) FROM queue_count WHERE scope IN (:s0, :s1,"
	    " :s2, :s3, :s4, :s5, :s6, :s7) AND (:posts >> post) & 1"
	    " GROUP BY step ORDER BY step";
	static const char *supp_sql =
	    "SELECT count(*) FROM case_file WHERE created_by = :u"
	    " AND status = 4";
	Reply				 r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__QueueCountList	 l = BANSHI__V1__QUEUE_COUNT_LIST__INIT;
	Banshi__V1__QueueCount		 counts[8], *ptrs[8];
	sqlite3_stmt			*st;
	size_t				 i;

	for (i = 0; i < 8; i++) {
		banshi__v1__queue_count__init(&counts[i]);
		ptrs[i] = &counts[i];
	}
	st = db_r(count_sql);
	bind_scopes(st, c->session);
	db_bind_int(st, ":posts", c->session->posts);
	while (sqlite3_step(st) == SQLITE_ROW && l.n_counts < 7) {
		counts[l.n_counts].queue = sqlite3_column_int(st, 0);
		counts[l.n_counts++].count =
		    (uint32_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (c->session->posts & (1u << BANSHI__V1__POST__POST_AGENT)) {
		st = db_r(supp_sql);
		db_bind_int(st, ":u", c->session->user_id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			counts[l.n_counts].queue =
			    BANSHI__V1__QUEUE__QUEUE_SUPPLEMENT;
			counts[l.n_counts++].count =
			    (uint32_t)sqlite3_column_int64(st, 0);
		}
		sqlite3_reset(st);
	}
	l.counts = ptrs;
	r.body_case = BANSHI__V1__REPLY__BODY_QUEUE_COUNTS;
	r.queue_counts = &l;
	reply_send(c, id, &r);
}

/* ---- OpenCase, ReleaseCase -------------------------------------------- */

static int
open_apply(struct write_call *wc, Reply *r)
{
	const Banshi__V1__OpenCase	*q = wc->req->open_case;
	int				 rc;

	rc = case_open(&wc->tx, q->serial, q->claim, &r->case_detail);
	if (r->case_detail != NULL)
		r->body_case = BANSHI__V1__REPLY__BODY_CASE_DETAIL;
	return (rc);
}

/* The session now shows this case: it gets CaseChanged pushes. */
static void
open_after(struct write_call *wc)
{
	struct session	*s = wc->conn->session;

	if (s != NULL && s->user_id == wc->tx.who.user_id)
		snprintf(s->open_case, sizeof s->open_case, "%s",
		    wc->req->open_case->serial);
}

void
rpc_open_case(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, open_apply, open_after);
}

static int
release_apply(struct write_call *wc, Reply *r)
{
	int	rc;

	rc = case_release(&wc->tx, wc->req->release_case->serial,
	    &r->case_detail);
	if (r->case_detail != NULL)
		r->body_case = BANSHI__V1__REPLY__BODY_CASE_DETAIL;
	return (rc);
}

void
rpc_release_case(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, release_apply, NULL);
}

/* ---- actions ---------------------------------------------------------- */

/* The action families and the actions each may carry. */
struct family {
	Banshi__V1__ClientMessage__BodyCase	 body;
	int					 step;	/* 0: any */
	enum wf_action				 actions[6];
};

static const struct family families[] = {
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_ACCEPT_CASE,
	    BANSHI__V1__STEP__STEP_ACCEPT,
	    { WF_ACCEPT, WF_SUPPLEMENT, WF_REFUSE } },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_REVIEW_CASE,
	    BANSHI__V1__STEP__STEP_REVIEW, { WF_PASS, WF_FAIL } },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_APPROVE_CASE,
	    BANSHI__V1__STEP__STEP_APPROVE, { WF_APPROVE, WF_DENY } },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_ISSUE_CASE,
	    BANSHI__V1__STEP__STEP_ISSUE, { WF_WAIT_PICKUP, WF_PICKUP_ARRIVED,
	    WF_ISSUE, WF_SHIP, WF_CLOSE_ISSUE } },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_PREREVIEW_CASE,
	    BANSHI__V1__STEP__STEP_PREREVIEW,
	    { WF_PREREVIEW_PASS, WF_PREREVIEW_FAIL } },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_HANDLE_CASE,
	    BANSHI__V1__STEP__STEP_HANDLE,
	    { WF_HANDLE_SAVE, WF_HANDLE_CLOSE } },
	{ BANSHI__V1__CLIENT_MESSAGE__BODY_SPECIAL_CASE, 0,
	    { WF_PAUSE, WF_RESUME, WF_EXTEND, WF_TERMINATE, WF_WITHDRAW } },
};

/* The protocol's action kinds in workflow terms (same order). */
static enum wf_action
wf_of(int kind)
{
	static const enum wf_action map[] = { WF_NONE, WF_ACCEPT,
	    WF_SUPPLEMENT, WF_REFUSE, WF_RESUBMIT, WF_PASS, WF_FAIL,
	    WF_APPROVE, WF_DENY, WF_WAIT_PICKUP, WF_PICKUP_ARRIVED, WF_ISSUE,
	    WF_SHIP, WF_CLOSE_ISSUE, WF_PREREVIEW_PASS, WF_PREREVIEW_FAIL,
	    WF_HANDLE_SAVE, WF_HANDLE_CLOSE, WF_PAUSE, WF_RESUME, WF_EXTEND,
	    WF_TERMINATE, WF_WITHDRAW };

	return (kind > 0 && kind < (int)(sizeof map / sizeof map[0]) ?
	    map[kind] : WF_NONE);
}

static const struct family *
family_of(Banshi__V1__ClientMessage__BodyCase body)
{
	size_t	i;

	for (i = 0; i < sizeof families / sizeof families[0]; i++)
		if (families[i].body == body)
			return (&families[i]);
	return (NULL);
}

static const CaseAction *
action_of(const ClientMessage *m)
{
	switch (m->body_case) {
	case BANSHI__V1__CLIENT_MESSAGE__BODY_ACCEPT_CASE:
		return (m->accept_case);
	case BANSHI__V1__CLIENT_MESSAGE__BODY_REVIEW_CASE:
		return (m->review_case);
	case BANSHI__V1__CLIENT_MESSAGE__BODY_APPROVE_CASE:
		return (m->approve_case);
	case BANSHI__V1__CLIENT_MESSAGE__BODY_ISSUE_CASE:
		return (m->issue_case);
	case BANSHI__V1__CLIENT_MESSAGE__BODY_PREREVIEW_CASE:
		return (m->prereview_case);
	case BANSHI__V1__CLIENT_MESSAGE__BODY_HANDLE_CASE:
		return (m->handle_case);
	case BANSHI__V1__CLIENT_MESSAGE__BODY_SPECIAL_CASE:
		return (m->special_case);
	default:
		return (NULL);
	}
}

static int
act_apply(struct write_call *wc, Reply *r)
{
	const struct family		*fam = family_of(wc->req->body_case);
	Banshi__V1__CaseActionReply	*ar;
	enum wf_action			 a;
	size_t				 i;

	a = wf_of(action_of(wc->req)->action);
	for (i = 0; i < 6 && fam->actions[i] != a; i++)
		;
	if (a == WF_NONE || i == 6)
		return (txn_refuse(&wc->tx,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, "action",
		    "action: not one of this request's actions"));
	ar = arena_alloc(&wc->tx.arena, sizeof *ar);
	banshi__v1__case_action_reply__init(ar);
	r->body_case = BANSHI__V1__REPLY__BODY_ACTION;
	r->action = ar;
	return (case_act(&wc->tx, fam->step, a, action_of(wc->req), ar));
}

void
rpc_case_action(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, act_apply, NULL);
}

/* ---- ListCaseEvents: the history in pages ----------------------------- */

void
rpc_list_case_events(struct conn *c, uint32_t id, const ClientMessage *m)
{
	const Banshi__V1__ListCaseEvents *q = m->list_case_events;
	Reply			 r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__CaseEventPage page = BANSHI__V1__CASE_EVENT_PAGE__INIT;
	struct actor		 who;
	struct case_row		 row;
	struct arena		 a = { NULL };
	uint32_t		 limit;
	long long		 after = 0;
	int64_t			 last = 0;
	char			 cursor[24], buf[24];

	if (q->cursor.len > 0) {
		if (q->cursor.len >= sizeof buf)
			goto bad;
		memcpy(buf, q->cursor.data, q->cursor.len);
		buf[q->cursor.len] = '\0';
		if (sscanf(buf, "%lld", &after) != 1 || after < 0)
			goto bad;
	}
	session_actor(c->session, &who);
	if (case_load(0, q->serial, &row) == -1 || !case_visible(&who, &row)) {
		case_free(&row);
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no such case you may see", "serial");
		return;
	}
	limit = q->limit == 0 ? EVENTS_DEFAULT : q->limit > EVENTS_MAX ?
	    EVENTS_MAX : q->limit;
	if (case_events(row.id, after, limit, &page, &last, &a)) {
		snprintf(cursor, sizeof cursor, "%lld", (long long)last);
		page.next_cursor.data = (uint8_t *)cursor;
		page.next_cursor.len = strlen(cursor);
	}
	r.body_case = BANSHI__V1__REPLY__BODY_CASE_EVENTS;
	r.case_events = &page;
	reply_send(c, id, &r);
	case_free(&row);
	arena_free(&a);
	return;
bad:
	reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
	    "cursor: not a cursor this server gave", "cursor");
}

/* ---- staff settings: mobile and 待办事宜提醒 ---------------------------- */

void
rpc_get_settings(struct conn *c, uint32_t id, const ClientMessage *m)
{
	static const char *sql =
	    "SELECT mobile, remind FROM user WHERE id = :u";
	Reply				 r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__StaffSettings	 ss = BANSHI__V1__STAFF_SETTINGS__INIT;
	sqlite3_stmt			*st;
	char				 mobile[32] = "";

	st = db_r(sql);
	db_bind_int(st, ":u", c->session->user_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(mobile, sizeof mobile, "%s",
		    sqlite3_column_text(st, 0));
		ss.remind = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	ss.mobile = mobile;
	r.body_case = BANSHI__V1__REPLY__BODY_SETTINGS;
	r.settings = &ss;
	reply_send(c, id, &r);
}

static int
settings_apply(struct write_call *wc, Reply *r)
{
	static const char *sql =
	    "UPDATE user SET mobile = :m, remind = :r WHERE id = :u";
	Banshi__V1__StaffSettings	*q = wc->req->save_settings;
	sqlite3_stmt			*st;

	if (q->mobile[0] != '\0' && (strlen(q->mobile) != 11 ||
	    q->mobile[0] != '1' || !form_phone_ok(q->mobile)))
		return (txn_refuse(&wc->tx,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, "mobile",
		    "mobile: an 11-digit mobile number"));
	if (q->remind && q->mobile[0] == '\0')
		return (txn_refuse(&wc->tx,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, "mobile",
		    "mobile: reminders need a mobile number"));
	st = db_w(sql);
	db_bind_text(st, ":m", q->mobile);
	db_bind_int(st, ":r", q->remind);
	db_bind_int(st, ":u", wc->tx.who.user_id);
	if (db_step_done(st) == -1 || txn_audit(&wc->tx, "settings",
	    "user:self", "ok", q->remind ? "remind on" : "remind off") == -1)
		return (-1);
	r->body_case = BANSHI__V1__REPLY__BODY_SETTINGS;
	r->settings = q;
	return (0);
}

void
rpc_save_settings(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, settings_apply, NULL);
}

/* ---- ReadFile: a material, for the viewer ----------------------------- */

/* Does the case hold a file with this hash? */
static const Banshi__V1__FileRef *
case_file_ref(const struct case_row *c, const ProtobufCBinaryData *hash)
{
	size_t	i;

	for (i = 0; i < c->body->n_materials; i++) {
		const Banshi__V1__FileRef *f = c->body->materials[i]->file;

		if (f != NULL && f->hash.len == hash->len && hash->len == 32 &&
		    memcmp(f->hash.data, hash->data, 32) == 0)
			return (f);
	}
	return (NULL);
}

void
rpc_read_file(struct conn *c, uint32_t id, const ClientMessage *m)
{
	const Banshi__V1__ReadFile	*q = m->read_file;
	const Banshi__V1__FileRef	*f;
	Reply				 r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__FileChunk		 fc = BANSHI__V1__FILE_CHUNK__INIT;
	struct actor			 who;
	struct case_row			 row;
	char				 hex[65], path[1200];
	uint8_t				*buf = NULL;
	uint32_t			 len;
	ssize_t				 n;
	int				 fd;

	session_actor(c->session, &who);
	if (case_load(0, q->serial, &row) == -1 || !case_visible(&who, &row) ||
	    case_load_body(0, &row) == -1 || (f = case_file_ref(&row,
	    &q->hash)) == NULL) {
		case_free(&row);
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no such file in a case you may see", "hash");
		return;
	}
	len = q->length == 0 || q->length > 256 * 1024 ? 256 * 1024 :
	    q->length;
	sodium_bin2hex(hex, sizeof hex, q->hash.data, 32);
	snprintf(path, sizeof path, "%s/files/%.2s/%s", cfg->data_dir, hex,
	    hex + 2);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		case_free(&row);
		log_warn("read %s", path);
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_UNAVAILABLE,
		    "the file cannot be read now", NULL);
		return;
	}
	buf = xmalloc(len);
	n = q->offset < f->size ? pread(fd, buf, len, (off_t)q->offset) : 0;
	close(fd);
	fc.data.data = buf;
	fc.data.len = n > 0 ? (size_t)n : 0;
	fc.offset = q->offset;
	fc.size = f->size;
	fc.type = f->type;
	r.body_case = BANSHI__V1__REPLY__BODY_FILE;
	r.file = &fc;
	reply_send(c, id, &r);
	free(buf);
	case_free(&row);
}
