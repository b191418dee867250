/*
 * The back office: queues, opening and claiming (签收) a case, and the
 * actions of each step.  An action is taken only from the post of the
 * case's step (the dispatch table names each family's post; the case's
 * own step and post are checked here), for the clerk's own department or
 * community, on the version the clerk was shown; it is written with its
 * history entry, its audit record and its SMS in one transaction.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "log.h"
#include "server.h"
#include "text.h"
#include "xmalloc.h"

typedef Banshi__V1__CaseAction	CaseAction;

#define PAGE_DEFAULT	50
#define PAGE_MAX	200
#define FLOW_MAX	12

static const char *step_cn[] = { "", "受理", "审核", "审批", "发证", "预审",
    "办理" };

static uint32_t
page_limit(uint32_t asked)
{
	return (asked == 0 ? PAGE_DEFAULT : asked > PAGE_MAX ? PAGE_MAX :
	    asked);
}

/* ---- pushes ----------------------------------------------------------- */

struct queue_push {
	int		 step;
	const char	*scope;
	int64_t		 user;		/* 需补办: the filer */
};

static void
push_queue_one(struct session *s, void *arg)
{
	struct queue_push		*q = arg;
	Banshi__V1__ServerMessage	 msg = BANSHI__V1__SERVER_MESSAGE__INIT;
	Banshi__V1__Event		 ev = BANSHI__V1__EVENT__INIT;
	Banshi__V1__QueueChanged	 qc = BANSHI__V1__QUEUE_CHANGED__INIT;

	if (s->conn == NULL)
		return;
	if (q->step == BANSHI__V1__QUEUE__QUEUE_SUPPLEMENT ?
	    s->user_id != q->user : !session_in_scope(s, q->scope))
		return;
	qc.queue = q->step;
	ev.body_case = BANSHI__V1__EVENT__BODY_QUEUE_CHANGED;
	ev.queue_changed = &qc;
	msg.body_case = BANSHI__V1__SERVER_MESSAGE__BODY_EVENT;
	msg.event = &ev;
	conn_send(s->conn, &msg.base);
}

void
case_notify_queue(int step, const char *scope, int64_t user)
{
	struct queue_push	q = { step, scope, user };

	if (step != 0)
		session_each(push_queue_one, &q);
}

struct case_push {
	const char	*serial;
	uint64_t	 version;
};

static void
push_case_one(struct session *s, void *arg)
{
	struct case_push		*p = arg;
	Banshi__V1__ServerMessage	 msg = BANSHI__V1__SERVER_MESSAGE__INIT;
	Banshi__V1__Event		 ev = BANSHI__V1__EVENT__INIT;
	Banshi__V1__CaseChanged		 cc = BANSHI__V1__CASE_CHANGED__INIT;

	if (s->conn == NULL || strcmp(s->open_case, p->serial) != 0)
		return;
	cc.serial = (char *)p->serial;
	cc.version = p->version;
	ev.body_case = BANSHI__V1__EVENT__BODY_CASE_CHANGED;
	ev.case_changed = &cc;
	msg.body_case = BANSHI__V1__SERVER_MESSAGE__BODY_EVENT;
	msg.event = &ev;
	conn_send(s->conn, &msg.base);
}

/* After COMMIT: tell the queues and the screens that changed. */
static void
case_after(struct write_call *wc)
{
	struct case_push	p = { wc->notify_case, wc->notify_version };

	case_notify_queue(wc->notify_step, wc->notify_scope, wc->notify_user);
	if (wc->notify_step2 != wc->notify_step ||
	    strcmp(wc->notify_scope2, wc->notify_scope) != 0)
		case_notify_queue(wc->notify_step2, wc->notify_scope2,
		    wc->notify_user);
	if (wc->notify_case[0] != '\0')
		session_each(push_case_one, &p);
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
	q->applicant_name = arena_strdup(a, c->body->summary->applicant_name);
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

void
rpc_list_queue(struct conn *c, uint32_t id, const ClientMessage *m)
{
	static char		  step_sql[1400], supp_sql[1000];
	const Banshi__V1__ListQueue *q = m->list_queue;
	Reply			  r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__QueuePage	  page = BANSHI__V1__QUEUE_PAGE__INIT;
	struct arena		  a = { NULL };
	struct case_row		  row;
	sqlite3_stmt		 *st;
	uint32_t		  limit = page_limit(q->limit);
	long long		  d = -1, t = -1, rid = -1;
	char			  cursor[64];

	if (step_sql[0] == '\0') {
		snprintf(step_sql, sizeof step_sql, "%s WHERE step = :step"
		    " AND scope IN (:s0, :s1, :s2, :s3, :s4, :s5, :s6, :s7)"
		    " AND (:posts >> post) & 1 AND status IN (1, 2, 3)"
		    " AND (deadline_day, created_at, id) > (:d, :t, :id)"
		    " ORDER BY deadline_day, created_at, id LIMIT :l",
		    case_columns());
		snprintf(supp_sql, sizeof supp_sql, "%s WHERE created_by = :u"
		    " AND status = 4 AND (0, created_at, id) > (0, :t, :id)"
		    " ORDER BY created_at, id LIMIT :l", case_columns());
	}
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
	if (q->queue == BANSHI__V1__QUEUE__QUEUE_SUPPLEMENT) {
		st = db_r(supp_sql);
		db_bind_int(st, ":u", c->session->user_id);
	} else {
		st = db_r(step_sql);
		db_bind_int(st, ":step", q->queue);
		bind_scopes(st, c->session);
		db_bind_int(st, ":posts", c->session->posts);
		db_bind_int(st, ":d", d);
	}
	db_bind_int(st, ":t", t);
	db_bind_int(st, ":id", rid);
	db_bind_int(st, ":l", limit + 1);
	page.rows = arena_array(&a, limit + 1, sizeof *page.rows);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (case_fill(st, &row) == -1) {
			case_free(&row);
			continue;
		}
		if (page.n_rows == limit) {
			snprintf(cursor, sizeof cursor, "%lld:%lld:%lld",
			    d, t, rid);
			page.next_cursor.data = (uint8_t *)cursor;
			page.next_cursor.len = strlen(cursor);
			case_free(&row);
			break;
		}
		page.rows[page.n_rows++] = queue_row(&row, &a);
		d = row.deadline_day;
		t = row.created_at;
		rid = row.id;
		case_free(&row);
	}
	sqlite3_reset(st);
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

/* ---- who may do what -------------------------------------------------- */

static int
in_scopes(struct write_call *wc, const char *code)
{
	size_t	i;

	for (i = 0; i < wc->n_scopes; i++)
		if (strcmp(wc->scopes[i], code) == 0)
			return (1);
	return (0);
}

/* May the user see the case at all? */
static int
may_see(struct write_call *wc, const struct case_row *c)
{
	const Banshi__V1__Hall	*hall = NULL;

	if (c->created_by == wc->user_id || in_scopes(wc, c->scope) ||
	    in_scopes(wc, c->department_code))
		return (1);
	/* A supervisor sees the cases of the hall they belong to. */
	return ((wc->posts & (1u << BANSHI__V1__POST__POST_SUPERVISOR)) &&
	    catalog_live != NULL && catalog_department(catalog_live,
	    c->department_code, &hall) != NULL && in_scopes(wc, hall->code));
}

static uint32_t
special_posts(enum wf_action a)
{
	switch (a) {
	case WF_PAUSE:
	case WF_RESUME:
		return (cfg->pause_posts);
	case WF_EXTEND:
		return (cfg->extend_posts);
	case WF_TERMINATE:
		return (cfg->terminate_posts);
	case WF_WITHDRAW:
		return (cfg->withdraw_posts);
	default:
		return (0);
	}
}

/* The post a user acts in: the first of the posts that allow it. */
static int
acting_post(uint32_t posts)
{
	int	p;

	for (p = 1; p < 32; p++)
		if (posts >> p & 1)
			return (p);
	return (0);
}

/* A refusal for lack of rights, audited. */
static int
deny(struct write_call *wc, Reply *r, const char *serial, const char *why)
{
	char	object[64];

	snprintf(object, sizeof object, "case:%s", serial);
	if (write_audit_outcome(wc, "permission-denied", object, "denied",
	    why) == -1)
		return (-1);
	/* The denial's audit record is kept: the savepoint is released. */
	write_refuse(r, BANSHI__V1__STATUS_CODE__STATUS_PERMISSION_DENIED,
	    NULL, "%s", why);
	return (1);
}

/* ---- OpenCase, ReleaseCase -------------------------------------------- */

static int
claim_store(struct case_row *c, int64_t who)
{
	static const char *sql =
	    "UPDATE case_file SET claimed_by = :who, claimed_at = :now"
	    " WHERE id = :id";
	sqlite3_stmt	*st;

	st = db_w(sql);
	if (who != 0)
		db_bind_int(st, ":who", who);
	db_bind_int(st, ":now", clock_now());
	db_bind_int(st, ":id", c->id);
	c->claimed_by = who;
	c->claimed_at = clock_now();
	return (db_step_done(st));
}

static int
open_apply(struct write_call *wc, Reply *r)
{
	const Banshi__V1__OpenCase	*q = wc->req->open_case;
	struct case_row			 c;
	int				 rc = 0;

	if (case_load(1, q->serial, &c) == -1 || !may_see(wc, &c)) {
		if (c.body != NULL)
			case_free(&c);
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND, "serial",
		    "no such case you may see"));
	}
	/* 签收: take it when the user works this step and nobody holds it. */
	if (q->claim && case_in_queue(c.step, c.status) &&
	    (wc->posts >> c.post & 1) && in_scopes(wc, c.scope) &&
	    (!case_claim_live(&c) || c.claimed_by == wc->user_id))
		rc = claim_store(&c, wc->user_id);
	r->body_case = BANSHI__V1__REPLY__BODY_CASE_DETAIL;
	r->case_detail = case_view(&c, wc->user_id, wc->posts, &wc->arena, 1);
	snprintf(wc->notify_case, sizeof wc->notify_case, "%s", c.serial);
	if (c.step != 0) {
		wc->notify_step = c.step;
		snprintf(wc->notify_scope, sizeof wc->notify_scope, "%s",
		    c.scope);
	}
	case_free_later(wc, &c);
	return (rc);
}

/* The session now shows this case: it gets CaseChanged pushes. */
static void
open_after(struct write_call *wc)
{
	if (wc->conn->session != NULL)
		snprintf(wc->conn->session->open_case,
		    sizeof wc->conn->session->open_case, "%s",
		    wc->req->open_case->serial);
	/* Others see who holds it now. */
	case_notify_queue(wc->notify_step, wc->notify_scope, 0);
}

void
rpc_open_case(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, open_apply, open_after);
}

static int
release_apply(struct write_call *wc, Reply *r)
{
	struct case_row	c;
	char		object[64];

	if (case_load(1, wc->req->release_case->serial, &c) == -1 ||
	    !may_see(wc, &c)) {
		if (c.body != NULL)
			case_free(&c);
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND, "serial",
		    "no such case you may see"));
	}
	snprintf(object, sizeof object, "case:%s", c.serial);
	if (claim_store(&c, 0) == -1 || write_audit(wc, "case-release",
	    object, "") == -1) {
		case_free(&c);
		return (-1);
	}
	r->body_case = BANSHI__V1__REPLY__BODY_CASE_DETAIL;
	r->case_detail = case_view(&c, wc->user_id, wc->posts, &wc->arena, 1);
	wc->notify_step = c.step;
	snprintf(wc->notify_scope, sizeof wc->notify_scope, "%s", c.scope);
	snprintf(wc->notify_case, sizeof wc->notify_case, "%s", c.serial);
	case_free_later(wc, &c);
	return (0);
}

void
rpc_release_case(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, release_apply, case_after);
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

/* What an action needs besides its opinion; NULL when it has it. */
static const char *
action_missing(enum wf_action a, const CaseAction *q, const char **field)
{
	*field = "opinion";
	switch (a) {
	case WF_SUPPLEMENT:
		if (q->n_materials == 0) {
			*field = "materials";
			return ("tick the materials to bring again");
		}
		/* FALLTHROUGH */
	case WF_REFUSE:
	case WF_FAIL:
	case WF_DENY:
	case WF_PAUSE:
	case WF_TERMINATE:
	case WF_WITHDRAW:
		return (q->opinion[0] == '\0' ? "give the reason" : NULL);
	case WF_PREREVIEW_FAIL:
		*field = "unmet";
		return (q->n_unmet == 0 ? "tick the conditions not met" :
		    NULL);
	case WF_ISSUE:
		*field = "certificate_number";
		return (q->certificate_number[0] == '\0' ?
		    "give the certificate number" : NULL);
	case WF_SHIP:
		*field = "waybill";
		return (q->waybill[0] == '\0' ? "give the waybill number" :
		    NULL);
	case WF_EXTEND:
		*field = q->days == 0 || q->days > 365 ? "days" : "opinion";
		return (q->days == 0 || q->days > 365 ?
		    "extend by 1 to 365 working days" : q->opinion[0] == '\0' ?
		    "give the reason" : NULL);
	default:
		return (NULL);
	}
}

/* The SMS an applicant gets for a change. */
static int
action_sms(const struct case_row *c, enum wf_sms sms, const CaseAction *q)
{
	static const char *events[] = { "", "accepted", "supplement",
	    "refused", "approved", "denied", "ready", "shipped", "closed" };
	char	text[2048], reason[400];

	/* An SMS carries the first 60 or so characters of a reason, cut on
	   a character boundary. */
	text_fit(reason, sizeof reason, q->opinion, 120, 0);

	switch (sms) {
	case WF_SMS_NONE:
		return (0);
	case WF_SMS_ACCEPTED:
		snprintf(text, sizeof text, "【办事】您申请的%s（受理号%s）已受理。",
		    c->item_name, c->serial);
		break;
	case WF_SMS_SUPPLEMENT:
		snprintf(text, sizeof text, "【办事】您申请的%s（受理号%s）需补办材料"
		    "：%s。请到代办点补交。", c->item_name, c->serial,
		    reason);
		break;
	case WF_SMS_REFUSED:
		snprintf(text, sizeof text, "【办事】您申请的%s（受理号%s）未能受理"
		    "：%s", c->item_name, c->serial, reason);
		break;
	case WF_SMS_APPROVED:
		snprintf(text, sizeof text, "【办事】您申请的%s（受理号%s）已审批通过"
		    "。", c->item_name, c->serial);
		break;
	case WF_SMS_DENIED:
		snprintf(text, sizeof text, "【办事】您申请的%s（受理号%s）不予许可"
		    "：%s", c->item_name, c->serial, reason);
		break;
	case WF_SMS_READY:
		snprintf(text, sizeof text, "【办事】您申请的%s（受理号%s）已办好，"
		    "请携带身份证到窗口领取。", c->item_name, c->serial);
		break;
	case WF_SMS_SHIPPED:
		snprintf(text, sizeof text, "【办事】您申请的%s（受理号%s）已寄出，"
		    "运单号%s。", c->item_name, c->serial, q->waybill);
		break;
	case WF_SMS_CLOSED:
		snprintf(text, sizeof text, "【办事】您申请的%s（受理号%s）已%s。",
		    c->item_name, c->serial, c->status ==
		    BANSHI__V1__CASE_STATUS__CASE_STATUS_WITHDRAWN ? "撤回" :
		    c->status == BANSHI__V1__CASE_STATUS__CASE_STATUS_TERMINATED ?
		    "终止办理" : "办结");
		break;
	}
	return (sms_enqueue(c->phone, text, events[sms], c->id));
}

/* Stop the clock or start it again (pauses count no working days). */
static void
clock_pause(struct case_row *c, int32_t today)
{
	if (c->paused_since < 0)
		c->paused_since = today;
}

static void
clock_resume(struct case_row *c, int32_t today)
{
	int	p;

	if (c->paused_since < 0)
		return;
	p = cal_working_days_between(catalog_calendar(), c->paused_since,
	    today, NULL);
	if (p > 0) {
		c->paused_days += p;
		c->deadline_day = cal_deadline(catalog_calendar(),
		    c->deadline_day, p, NULL);
	}
	c->paused_since = -1;
}

/* What an action changes beyond the step: the clock and the numbers. */
static void
action_effects(struct case_row *c, enum wf_action a, const CaseAction *q,
    Banshi__V1__Case *extra, struct arena *ar)
{
	int32_t	today = case_today();

	switch (a) {
	case WF_ACCEPT:
	case WF_PREREVIEW_PASS:
		if (c->accepted_day < 0) {
			/* The clock runs from acceptance (that day not
			   counted), by the promised limit; a pause from
			   before then counts from now. */
			c->accepted_day = today;
			c->deadline_day = cal_deadline(catalog_calendar(),
			    today, c->promised_days + c->extension_days, NULL);
			if (c->paused_since >= 0)
				c->paused_since = today;
		}
		break;
	case WF_SUPPLEMENT:
		extra->supplement = arena_array(ar, q->n_materials,
		    sizeof *extra->supplement);
		memcpy(extra->supplement, q->materials, q->n_materials *
		    sizeof *q->materials);
		extra->n_supplement = q->n_materials;
		break;
	case WF_PAUSE:
	case WF_WAIT_PICKUP:
		clock_pause(c, today);
		break;
	case WF_RESUME:
	case WF_PICKUP_ARRIVED:
		clock_resume(c, today);
		break;
	case WF_EXTEND:
		c->extension_days += (int)q->days;
		c->deadline_day = cal_deadline(catalog_calendar(),
		    c->deadline_day, (int)q->days, NULL);
		break;
	case WF_ISSUE:
		extra->certificate_number = q->certificate_number;
		break;
	case WF_SHIP:
		extra->waybill = q->waybill;
		break;
	default:
		break;
	}
	if (q->n_notes > 0) {
		extra->notes = q->notes;
		extra->n_notes = q->n_notes;
	}
}

/* Store the changed state of a case and the next version. */
static int
case_store(struct case_row *c, const Banshi__V1__Case *extra)
{
	static const char *sql =
	    "UPDATE case_file SET status = :status, step = :step,"
	    " post = :post, scope = :scope, phase = :phase,"
	    " accepted_day = :acc, deadline_day = :deadline,"
	    " paused_since = :paused, paused_days = :pdays,"
	    " extension_days = :ext, claimed_by = :claim,"
	    " claimed_at = :claimed_at, version = version + 1,"
	    " updated_at = :now, extra = :extra WHERE id = :id";
	sqlite3_stmt	*st;
	uint8_t		*buf;
	size_t		 len;
	int		 rc;

	len = banshi__v1__case__get_packed_size(extra);
	buf = xmalloc(len + 1);
	banshi__v1__case__pack(extra, buf);
	st = db_w(sql);
	db_bind_int(st, ":status", c->status);
	db_bind_int(st, ":step", c->step);
	db_bind_int(st, ":post", c->post);
	db_bind_text(st, ":scope", c->scope);
	db_bind_int(st, ":phase", c->phase);
	if (c->accepted_day >= 0)
		db_bind_int(st, ":acc", c->accepted_day);
	db_bind_int(st, ":deadline", c->deadline_day);
	if (c->paused_since >= 0)
		db_bind_int(st, ":paused", c->paused_since);
	db_bind_int(st, ":pdays", c->paused_days);
	db_bind_int(st, ":ext", c->extension_days);
	if (c->claimed_by != 0)
		db_bind_int(st, ":claim", c->claimed_by);
	db_bind_int(st, ":claimed_at", c->claimed_at);
	db_bind_int(st, ":now", clock_now());
	db_bind_blob(st, ":extra", buf, len);
	db_bind_int(st, ":id", c->id);
	rc = db_step_done(st);
	free(buf);
	c->version++;
	return (rc);
}

/* Append to an arena string, growing it: the history keeps every word. */
static char *
text_cat(struct arena *ar, const char *s, const char *sep, const char *t)
{
	size_t	n = strlen(s), m = strlen(sep), k = strlen(t);
	char	*out;

	if (k == 0)
		return ((char *)s);
	if (n == 0)
		m = 0;
	out = arena_alloc(ar, n + m + k + 1);
	memcpy(out, s, n);
	memcpy(out + n, sep, m);
	memcpy(out + n + m, t, k + 1);
	return (out);
}

/* One history entry: who, post, what, the opinion and the details. */
static int
case_event_add(struct write_call *wc, const struct case_row *c, int post,
    enum wf_action a, const CaseAction *q)
{
	static const char *sql =
	    "INSERT INTO case_event(case_id, at, actor, post, action, opinion)"
	    " VALUES (:case, :now, :actor, :post, :action, :opinion)";
	struct arena	*ar = &wc->arena;
	sqlite3_stmt	*st;
	char		*opinion = (char *)q->opinion, buf[64];
	size_t		 i;

	for (i = 0; i < q->n_unmet; i++) {
		opinion = text_cat(ar, opinion, "；", "[未满足] ");
		opinion = text_cat(ar, opinion, "", q->unmet[i]);
	}
	if (q->certificate_number[0] != '\0') {
		opinion = text_cat(ar, opinion, "；", "证书编号 ");
		opinion = text_cat(ar, opinion, "", q->certificate_number);
	} else if (q->waybill[0] != '\0') {
		opinion = text_cat(ar, opinion, "；", "运单号 ");
		opinion = text_cat(ar, opinion, "", q->waybill);
	} else if (a == WF_EXTEND) {
		snprintf(buf, sizeof buf, "（延长 %u 个工作日）", q->days);
		opinion = text_cat(ar, opinion, "", buf);
	}
	st = db_w(sql);
	db_bind_int(st, ":case", c->id);
	db_bind_int(st, ":now", clock_now());
	db_bind_text(st, ":actor", wc->login);
	db_bind_text(st, ":post", post_name(post));
	db_bind_text(st, ":action", wf_action_name(a));
	db_bind_text(st, ":opinion", opinion);
	return (db_step_done(st));
}

/* The users who may handle a case in a community (prereview pass). */
static void
action_handlers(struct write_call *wc, const char *scope,
    Banshi__V1__CaseActionReply *ar)
{
	static const char *sql =
	    "WITH RECURSIVE down(id) AS ("
	    " SELECT id FROM org_unit WHERE code = :scope"
	    " UNION ALL SELECT o.id FROM org_unit o JOIN down"
	    "  ON o.parent_id = down.id)"
	    " SELECT login, name FROM user WHERE (posts >> :post) & 1"
	    " AND admin_locked = 0 AND org_id IN (SELECT id FROM down)"
	    " ORDER BY login LIMIT 20";
	sqlite3_stmt		*st;
	Banshi__V1__Handler	*h;

	ar->handlers = arena_array(&wc->arena, 21, sizeof *ar->handlers);
	st = db_w(sql);
	db_bind_text(st, ":scope", scope);
	db_bind_int(st, ":post", BANSHI__V1__POST__POST_HANDLE);
	while (sqlite3_step(st) == SQLITE_ROW) {
		h = ar->handlers[ar->n_handlers++] = arena_alloc(&wc->arena,
		    sizeof *h);
		banshi__v1__handler__init(h);
		h->login = arena_strdup(&wc->arena,
		    (const char *)sqlite3_column_text(st, 0));
		h->display_name = arena_strdup(&wc->arena,
		    (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
}

/*
 * Check that the user may take the action on this case now; 0 to go on,
 * else the refusal is set in r (1 when it is a denial worth auditing,
 * whose record must be kept).
 */
static int
action_allowed(struct write_call *wc, Reply *r, const struct case_row *c,
    const struct family *fam, enum wf_action a, struct arena *ar)
{
	char	why[160];

	if (fam->step == 0) {
		if ((wc->posts & special_posts(a)) == 0 ||
		    (!in_scopes(wc, c->scope) && !in_scopes(wc,
		    c->department_code) && c->created_by != wc->user_id &&
		    !(wc->posts & (1u << BANSHI__V1__POST__POST_SUPERVISOR))))
			return (deny(wc, r, c->serial, "your posts may not "
			    "take this action on this case"));
		return (0);
	}
	if (c->step != fam->step)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, "action",
		    "the case is not at the %s step", step_cn[fam->step]));
	if (!(wc->posts >> c->post & 1) || !in_scopes(wc, c->scope)) {
		snprintf(why, sizeof why, "the %s step of this case belongs "
		    "to another post, department or community",
		    step_cn[c->step]);
		return (deny(wc, r, c->serial, why));
	}
	if (case_claim_live(c) && c->claimed_by != wc->user_id)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, NULL,
		    "being handled by %s", case_user_name(c->claimed_by, ar,
		    1)));
	return (0);
}

/* Move the case along its flow; keeps the queue counts. */
static void
action_move(struct case_row *c, const struct wf_result *res,
    const Banshi__V1__Item *it)
{
	int	steps[FLOW_MAX], posts[FLOW_MAX], next = c->step;
	size_t	n, i;

	n = case_flow(it, steps, posts, FLOW_MAX);
	if (res->move == WF_NEXT)
		next = wf_next_step(steps, n, c->step);
	else if (res->move == WF_BACK)
		next = wf_prev_step(steps, n, c->step);
	else if (res->move == WF_CLOSE)
		next = 0;
	if (next != c->step) {
		c->claimed_by = 0;	/* a new step is claimed anew */
		c->claimed_at = 0;
		c->phase = WF_PHASE_NONE;
	}
	c->step = next;
	c->post = 0;
	for (i = 0; i < n; i++)
		if (steps[i] == next)
			c->post = posts[i];
	snprintf(c->scope, sizeof c->scope, "%s", next == 0 ? "" :
	    case_scope_for(next, c->department_code, c->region_code));
	c->status = res->status;
	if (next != 0 && res->move != WF_STAY && c->status !=
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_PENDING_ACCEPTANCE)
		c->status = BANSHI__V1__CASE_STATUS__CASE_STATUS_IN_PROGRESS;
	if (res->move == WF_CLOSE)
		clock_resume(c, case_today());
	if (res->phase >= 0 && next == c->step && res->move == WF_STAY)
		c->phase = res->phase;
}

static int
act_apply(struct write_call *wc, Reply *r)
{
	const struct family		*fam = family_of(wc->req->body_case);
	const CaseAction		*q = action_of(wc->req);
	Banshi__V1__CaseActionReply	*ar;
	Banshi__V1__Item		*it;
	Banshi__V1__Case		*extra;
	struct case_row			 c, old;
	struct wf_case			 wfc;
	struct wf_result		 res;
	enum wf_action			 a = wf_of(q->action);
	const char			*why, *field;
	char				 object[64];
	size_t				 i;
	int				 rc;

	for (i = 0; i < 6 && fam->actions[i] != a; i++)
		;
	if (a == WF_NONE || i == 6)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, "action",
		    "action: not one of this request's actions"));
	if ((why = action_missing(a, q, &field)) != NULL)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, field,
		    "%s: %s", field, why));
	if (case_load(1, q->serial, &c) == -1)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND, "serial",
		    "no such case you may see"));
	case_free_later(wc, &c);
	ar = arena_alloc(&wc->arena, sizeof *ar);
	banshi__v1__case_action_reply__init(ar);
	if (!may_see(wc, &c))
		return (write_refuse(r, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "serial", "no such case you may see"));
	/* Two clerks cannot both act on one version: the second is told. */
	if (q->expected_version != c.version) {
		ar->case_detail = case_view(&c, wc->user_id, wc->posts,
		    &wc->arena, 1);
		r->body_case = BANSHI__V1__REPLY__BODY_ACTION;
		r->action = ar;
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_CONFLICT, "expected_version",
		    "the case changed (now version %llu): it was reloaded",
		    (unsigned long long)c.version));
	}
	if ((rc = action_allowed(wc, r, &c, fam, a, &wc->arena)) != 0)
		return (rc == 1 ? 0 : -1);
	wfc.step = c.step;
	wfc.status = c.status;
	wfc.phase = c.phase;
	wfc.express = c.express;
	wfc.paused = c.paused_since >= 0;
	if ((why = wf_check(&wfc, a, &res)) != NULL)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, "action",
		    "%s: %s", wf_action_name(a), why));
	if ((it = write_own(wc, (ProtobufCMessage *)catalog_item(c.item_code)))
	    == NULL)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, NULL,
		    "the item %s is no longer in the catalogue", c.item_code));
	old = c;
	extra = arena_alloc(&wc->arena, sizeof *extra);
	if (c.extra != NULL)
		*extra = *c.extra;
	else
		banshi__v1__case__init(extra);
	action_effects(&c, a, q, extra, &wc->arena);
	action_move(&c, &res, it);
	if (c.step != 0 && c.step == old.step && res.move == WF_STAY &&
	    fam->step != 0) {
		c.claimed_by = wc->user_id;	/* still working on it */
		c.claimed_at = clock_now();
	}
	snprintf(object, sizeof object, "case:%s", c.serial);
	if (case_store(&c, extra) == -1 ||
	    case_event_add(wc, &c, fam->step != 0 ? old.post :
	    acting_post(wc->posts & special_posts(a)), a, q) == -1 ||
	    write_audit(wc, "case-action", object, wf_action_name(a)) == -1 ||
	    action_sms(&c, res.sms, q) == -1)
		return (-1);
	if (case_in_queue(old.step, old.status) && queue_count_add(old.scope,
	    old.step, old.post, -1) == -1)
		return (-1);
	if (case_in_queue(c.step, c.status)) {
		if (queue_count_add(c.scope, c.step, c.post, 1) == -1)
			return (-1);
		if ((c.step != old.step || !case_in_queue(old.step,
		    old.status)) && sms_remind(c.step, c.post, c.scope) == -1)
			return (-1);
	}
	if (a == WF_SUPPLEMENT && supplement_draft(wc, &c, extra) == -1)
		return (-1);
	if (res.move == WF_CLOSE) {
		/* A 补办 draft of a closed case could never be submitted. */
		sqlite3_stmt *st = db_w("DELETE FROM draft WHERE public_id ="
		    " 'S' || :serial");

		db_bind_text(st, ":serial", c.serial);
		if (db_step_done(st) == -1)
			return (-1);
	}
	c.extra = extra;
	ar->case_detail = case_view(&c, wc->user_id, wc->posts, &wc->arena,
	    1);
	c.extra = old.extra;	/* freed with the row, not the arena copy */
	ar->next_step = (char *)step_cn[c.step];
	ar->next_post = c.post;
	if (a == WF_PREREVIEW_PASS)
		action_handlers(wc, c.scope, ar);
	r->body_case = BANSHI__V1__REPLY__BODY_ACTION;
	r->action = ar;
	wc->notify_step = c.step;
	snprintf(wc->notify_scope, sizeof wc->notify_scope, "%s", c.scope);
	wc->notify_step2 = old.step;
	snprintf(wc->notify_scope2, sizeof wc->notify_scope2, "%s", old.scope);
	if (c.status == BANSHI__V1__CASE_STATUS__CASE_STATUS_SUPPLEMENT) {
		wc->notify_step = BANSHI__V1__QUEUE__QUEUE_SUPPLEMENT;
		wc->notify_scope[0] = '\0';
	}
	snprintf(wc->notify_case, sizeof wc->notify_case, "%s", c.serial);
	wc->notify_version = c.version;
	wc->notify_user = c.created_by;
	return (0);
}

void
rpc_case_action(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, act_apply, case_after);
}

/* ---- 补办: supplement and resubmission ---------------------------------- */

int
supplement_draft(struct write_call *wc, const struct case_row *c,
    const Banshi__V1__Case *extra)
{
	static const char *sql =
	    "INSERT INTO draft(public_id, item_code, created_by, version,"
	    " created_at, updated_at, body) VALUES (:p, :item, :u, 1, :now,"
	    " :now, :body)";
	Banshi__V1__AttachedMaterial	**keep;
	Draft				 d = BANSHI__V1__DRAFT__INIT;
	sqlite3_stmt			*st;
	uint8_t				*buf;
	char				 pid[40];
	size_t				 i, j, n = 0, len;
	int				 asked;

	/* The draft keeps what is fine; the ticked materials come again. */
	keep = arena_array(&wc->arena, c->body->n_materials + 1,
	    sizeof *keep);
	for (i = 0; i < c->body->n_materials; i++) {
		for (asked = 0, j = 0; j < extra->n_supplement; j++)
			if ((int32_t)extra->supplement[j] ==
			    c->body->materials[i]->slot)
				asked = 1;
		if (!asked)
			keep[n++] = c->body->materials[i];
	}
	snprintf(pid, sizeof pid, "S%s", c->serial);
	d.draft_id = pid;
	d.item_code = (char *)c->item_code;
	d.item_name = (char *)c->item_name;
	d.version = 1;
	d.applicant = c->body->applicant;
	d.fields = c->body->fields;
	d.n_fields = c->body->n_fields;
	d.pickup = c->body->pickup;
	d.materials = keep;
	d.n_materials = n;
	d.missing_commitment = c->body->missing_commitment;
	d.case_serial = (char *)c->serial;
	d.supplement = extra->supplement;
	d.n_supplement = extra->n_supplement;
	d.updated_at = clock_now();
	len = banshi__v1__draft__get_packed_size(&d);
	buf = arena_alloc(&wc->arena, len + 1);
	banshi__v1__draft__pack(&d, buf);
	/* A second supplement of the same case replaces the first draft. */
	st = db_w("DELETE FROM draft WHERE public_id = :p");
	db_bind_text(st, ":p", pid);
	if (db_step_done(st) == -1)
		return (-1);
	st = db_w(sql);
	db_bind_text(st, ":p", pid);
	db_bind_text(st, ":item", c->item_code);
	db_bind_int(st, ":u", c->created_by);
	db_bind_int(st, ":now", clock_now());
	db_bind_blob(st, ":body", buf, len);
	return (db_step_done(st));
}

int
case_resubmit(struct write_call *wc, Reply *r, Draft *d,
    const Banshi__V1__Item *it, int64_t draft_rowid)
{
	static const char *body_sql =
	    "UPDATE case_file SET body = :body, applicant_name = :name,"
	    " phone = :phone, updated_at = :now WHERE id = :id";
	Banshi__V1__SubmitReply	*sr;
	Banshi__V1__Case	*body, *extra;
	Banshi__V1__CaseAction	 q = BANSHI__V1__CASE_ACTION__INIT;
	struct case_row		 c;
	sqlite3_stmt		*st;
	uint8_t			*buf;
	size_t			 len;
	struct wf_case		 wfc;
	struct wf_result	 res;
	const char		*why;
	char			 object[64];

	if (case_load(1, d->case_serial, &c) == -1)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND, "case_serial",
		    "the case %s is gone", d->case_serial));
	case_free_later(wc, &c);
	if (c.created_by != wc->user_id)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_PERMISSION_DENIED, NULL,
		    "only the filer brings a case back"));
	memset(&wfc, 0, sizeof wfc);
	wfc.step = c.step;
	wfc.status = c.status;
	if ((why = wf_check(&wfc, WF_RESUBMIT, &res)) != NULL)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, NULL,
		    "resubmit: %s", why));
	body = arena_alloc(&wc->arena, sizeof *body);
	*body = *c.body;
	body->summary = arena_alloc(&wc->arena, sizeof *body->summary);
	*body->summary = *c.body->summary;
	body->summary->applicant_name = d->applicant->name;
	body->applicant = d->applicant;
	body->fields = d->fields;
	body->n_fields = d->n_fields;
	body->pickup = d->pickup;
	body->materials = d->materials;
	body->n_materials = d->n_materials;
	body->missing_commitment = d->missing_commitment;
	len = banshi__v1__case__get_packed_size(body);
	buf = arena_alloc(&wc->arena, len + 1);
	banshi__v1__case__pack(body, buf);
	st = db_w(body_sql);
	db_bind_blob(st, ":body", buf, len);
	db_bind_text(st, ":name", d->applicant->name);
	db_bind_text(st, ":phone", d->applicant->phone);
	db_bind_int(st, ":now", clock_now());
	db_bind_int(st, ":id", c.id);
	if (db_step_done(st) == -1)
		return (-1);
	extra = arena_alloc(&wc->arena, sizeof *extra);
	if (c.extra != NULL)
		*extra = *c.extra;
	else
		banshi__v1__case__init(extra);
	extra->supplement = NULL;
	extra->n_supplement = 0;
	c.status = res.status;
	snprintf(c.phone, sizeof c.phone, "%s", d->applicant->phone);
	q.opinion = "";
	q.certificate_number = "";
	q.waybill = "";
	st = db_w("DELETE FROM draft WHERE id = :id");
	db_bind_int(st, ":id", draft_rowid);
	snprintf(object, sizeof object, "case:%s", c.serial);
	if (case_store(&c, extra) == -1 ||
	    case_event_add(wc, &c, BANSHI__V1__POST__POST_AGENT, WF_RESUBMIT,
	    &q) == -1 || write_audit(wc, "case-resubmit", object, "") == -1 ||
	    queue_count_add(c.scope, c.step, c.post, 1) == -1 ||
	    sms_remind(c.step, c.post, c.scope) == -1 ||
	    db_step_done(st) == -1)
		return (-1);
	sr = arena_alloc(&wc->arena, sizeof *sr);
	banshi__v1__submit_reply__init(sr);
	sr->serial = arena_strdup(&wc->arena, c.serial);
	sr->summary = arena_alloc(&wc->arena, sizeof *sr->summary);
	*sr->summary = *body->summary;
	sr->summary->status = c.status;
	r->body_case = BANSHI__V1__REPLY__BODY_SUBMITTED;
	r->submitted = sr;
	wc->notify_step = c.step;
	snprintf(wc->notify_scope, sizeof wc->notify_scope, "%s", c.scope);
	wc->notify_step2 = BANSHI__V1__QUEUE__QUEUE_SUPPLEMENT;
	wc->notify_user = c.created_by;
	snprintf(wc->notify_case, sizeof wc->notify_case, "%s", c.serial);
	(void)it;
	return (0);
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
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, "mobile",
		    "mobile: an 11-digit mobile number"));
	if (q->remind && q->mobile[0] == '\0')
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, "mobile",
		    "mobile: reminders need a mobile number"));
	st = db_w(sql);
	db_bind_text(st, ":m", q->mobile);
	db_bind_int(st, ":r", q->remind);
	db_bind_int(st, ":u", wc->user_id);
	if (db_step_done(st) == -1 || write_audit(wc, "settings", "user:self",
	    q->remind ? "remind on" : "remind off") == -1)
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
	struct write_call		 who;
	struct case_row			 row;
	char				 hex[65], path[1200];
	uint8_t				*buf = NULL;
	uint32_t			 len;
	ssize_t				 n;
	int				 fd;

	if (case_load(0, q->serial, &row) == -1) {
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no such case you may see", "serial");
		return;
	}
	memset(&who, 0, sizeof who);
	who.user_id = c->session->user_id;
	who.posts = c->session->posts;
	memcpy(who.scopes, c->session->scopes, sizeof who.scopes);
	who.n_scopes = c->session->n_scopes;
	if (!may_see(&who, &row) || (f = case_file_ref(&row, &q->hash)) ==
	    NULL) {
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
