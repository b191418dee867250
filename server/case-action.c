/*
 * What the back office does to a case: open it (and claim it, 签收),
 * release it, and the actions of each step.  An action is taken only from
 * the post of the case's step, for the clerk's own department or community,
 * on the version the clerk was shown; it is written with its history entry,
 * its audit record, its SMS and the queue counts in one transaction, and
 * answered with what changed.  Also: the case coming back from the filing
 * counter after a supplement (补办).  Pure core: no request or reply
 * decoding, no sockets; refusals go into the txn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "server.h"
#include "text.h"

typedef Banshi__V1__CaseAction	CaseAction;

static const char *step_cn[] = { "", "受理", "审核", "审批", "发证", "预审",
    "办理" };

/* ---- who may do what -------------------------------------------------- */

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

/* A refusal for lack of rights, audited: returns 1 (keep the record). */
static int
deny(struct txn *tx, const char *serial, const char *why)
{
	char	object[64];

	snprintf(object, sizeof object, "case:%s", serial);
	if (txn_audit(tx, "permission-denied", object, "denied", why) == -1)
		return (-1);
	txn_refuse(tx, BANSHI__V1__STATUS_CODE__STATUS_PERMISSION_DENIED,
	    NULL, "%s", why);
	return (1);
}

/* Load a case the actor may see; -1 with NOT_FOUND when there is none. */
static int
action_load(struct txn *tx, const char *serial, struct case_row *c)
{
	if (case_load(1, serial, c) == -1 || !case_visible(&tx->who, c)) {
		case_free(c);
		return (txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND, "serial",
		    "no such case you may see"));
	}
	case_free_later(tx, c);
	return (0);
}

/* The whole case (as filed, masked for the actor). */
static Banshi__V1__Case *
action_view(struct txn *tx, struct case_row *c)
{
	if (case_load_body(1, c) == -1)
		return (NULL);
	txn_own(tx, (ProtobufCMessage *)c->body);
	return (case_view(c, &tx->who, &tx->arena, 1));
}

/* ---- OpenCase, ReleaseCase -------------------------------------------- */

int
case_open(struct txn *tx, const char *serial, int claim,
    Banshi__V1__Case **out)
{
	struct case_row	c;
	int		rc = 0;

	if (action_load(tx, serial, &c) == -1)
		return (-1);
	/* 签收: take it when the user works this step and nobody holds it. */
	if (claim && case_in_queue(c.step, c.status) &&
	    (tx->who.posts >> c.post & 1) && actor_in_scope(&tx->who,
	    c.scope) && (!case_claim_live(&c) ||
	    c.claimed_by == tx->who.user_id)) {
		rc = case_claim_store(&c, tx->who.user_id);
		/* Others see who holds it now. */
		txn_notify_queue(tx, c.step, c.scope);
	}
	if ((*out = action_view(tx, &c)) == NULL)
		return (-1);
	return (rc);
}

int
case_release(struct txn *tx, const char *serial, Banshi__V1__Case **out)
{
	struct case_row	c;
	char		object[64];

	if (action_load(tx, serial, &c) == -1)
		return (-1);
	snprintf(object, sizeof object, "case:%s", c.serial);
	if (case_claim_store(&c, 0) == -1 || txn_audit(tx, "case-release",
	    object, "ok", "") == -1)
		return (-1);
	txn_notify_queue(tx, c.step, c.scope);
	txn_notify_case(tx, c.serial, c.version);
	if ((*out = action_view(tx, &c)) == NULL)
		return (-1);
	return (0);
}

/* ---- actions ---------------------------------------------------------- */

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

/* The history's words for an action: the opinion and the details. */
static const char *
action_opinion(enum wf_action a, const CaseAction *q, struct arena *ar)
{
	char	*opinion = q->opinion, buf[64];
	size_t	 i;

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
	return (opinion);
}

/* The users who may handle a case in a community (prereview pass). */
static void
action_handlers(struct txn *tx, const char *scope,
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

	ar->handlers = arena_array(&tx->arena, 21, sizeof *ar->handlers);
	st = db_w(sql);
	db_bind_text(st, ":scope", scope);
	db_bind_int(st, ":post", BANSHI__V1__POST__POST_HANDLE);
	while (sqlite3_step(st) == SQLITE_ROW) {
		h = ar->handlers[ar->n_handlers++] = arena_alloc(&tx->arena,
		    sizeof *h);
		banshi__v1__handler__init(h);
		h->login = arena_strdup(&tx->arena,
		    (const char *)sqlite3_column_text(st, 0));
		h->display_name = arena_strdup(&tx->arena,
		    (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
}

/*
 * Check that the user may take the action on this case now: 0 to go on,
 * -1 when refused, 1 when denied with an audit record to keep.
 */
static int
action_allowed(struct txn *tx, const struct case_row *c, int family_step,
    enum wf_action a)
{
	const struct actor	*who = &tx->who;
	char			 why[160];

	if (family_step == 0) {
		if ((who->posts & special_posts(a)) == 0 ||
		    (!actor_in_scope(who, c->scope) && !actor_in_scope(who,
		    c->department_code) && c->created_by != who->user_id &&
		    !(who->posts & (1u << BANSHI__V1__POST__POST_SUPERVISOR))))
			return (deny(tx, c->serial, "your posts may not "
			    "take this action on this case"));
		return (0);
	}
	if (c->step != family_step)
		return (txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, "action",
		    "the case is not at the %s step", step_cn[family_step]));
	if (!(who->posts >> c->post & 1) || !actor_in_scope(who, c->scope)) {
		snprintf(why, sizeof why, "the %s step of this case belongs "
		    "to another post, department or community",
		    step_cn[c->step]);
		return (deny(tx, c->serial, why));
	}
	if (case_claim_live(c) && c->claimed_by != who->user_id)
		return (txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, NULL,
		    "being handled by %s", case_user_name(c->claimed_by,
		    &tx->arena, 1)));
	return (0);
}

/* Move the case along its flow. */
static void
action_move(struct case_row *c, const struct wf_result *res,
    const Banshi__V1__Item *it)
{
	int	steps[CASE_FLOW_MAX], posts[CASE_FLOW_MAX], next = c->step;
	size_t	n, i;

	n = case_flow(it, steps, posts, CASE_FLOW_MAX);
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

/* The queue counts, reminders and notices of a move from old to c. */
static int
action_queues(struct txn *tx, const struct case_row *old,
    const struct case_row *c)
{
	if (case_in_queue(old->step, old->status) &&
	    queue_count_add(old->scope, old->step, old->post, -1) == -1)
		return (-1);
	if (case_in_queue(c->step, c->status)) {
		if (queue_count_add(c->scope, c->step, c->post, 1) == -1)
			return (-1);
		if ((c->step != old->step || !case_in_queue(old->step,
		    old->status)) && sms_remind(c->step, c->post, c->scope) ==
		    -1)
			return (-1);
	}
	txn_notify_queue(tx, old->step, old->scope);
	if (c->status == BANSHI__V1__CASE_STATUS__CASE_STATUS_SUPPLEMENT)
		txn_notify_filer(tx, c->created_by);
	else
		txn_notify_queue(tx, c->step, c->scope);
	txn_notify_case(tx, c->serial, c->version);
	return (0);
}

/* A closed case's 补办 draft could never be submitted: drop it. */
static int
action_drop_supplement(const struct case_row *c)
{
	sqlite3_stmt	*st;

	st = db_w("DELETE FROM draft WHERE public_id = 'S' || :serial");
	db_bind_text(st, ":serial", c->serial);
	return (db_step_done(st));
}

int
case_act(struct txn *tx, int family_step, enum wf_action a,
    const CaseAction *q, Banshi__V1__CaseActionReply *ar)
{
	const Banshi__V1__Item	*it;
	Banshi__V1__Case	*extra;
	Banshi__V1__CaseEvent	*ev;
	struct case_row		 c, old;
	struct wf_case		 wfc;
	struct wf_result	 res;
	const char		*why, *field;
	char			 object[64];
	int			 rc;

	if ((why = action_missing(a, q, &field)) != NULL)
		return (txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, field,
		    "%s: %s", field, why));
	if (action_load(tx, q->serial, &c) == -1)
		return (-1);
	/* Two clerks cannot both act on one version: the second is told. */
	if (q->expected_version != c.version) {
		ar->case_detail = action_view(tx, &c);
		return (txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_CONFLICT, "expected_version",
		    "the case changed (now version %llu): it was reloaded",
		    (unsigned long long)c.version));
	}
	if ((rc = action_allowed(tx, &c, family_step, a)) != 0)
		return (rc == 1 ? 0 : -1);
	wfc.step = c.step;
	wfc.status = c.status;
	wfc.phase = c.phase;
	wfc.express = c.express;
	wfc.paused = c.paused_since >= 0;
	if ((why = wf_check(&wfc, a, &res)) != NULL)
		return (txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, "action",
		    "%s: %s", wf_action_name(a), why));
	if ((it = catalog_find_item(catalog_live, c.item_code)) == NULL)
		return (txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, NULL,
		    "the item %s is no longer in the catalogue", c.item_code));
	old = c;
	extra = arena_alloc(&tx->arena, sizeof *extra);
	if (c.extra != NULL)
		*extra = *c.extra;
	else
		banshi__v1__case__init(extra);
	action_effects(&c, a, q, extra, &tx->arena);
	action_move(&c, &res, it);
	if (c.step != 0 && c.step == old.step && res.move == WF_STAY &&
	    family_step != 0) {
		c.claimed_by = tx->who.user_id;	/* still working on it */
		c.claimed_at = clock_now();
	}
	snprintf(object, sizeof object, "case:%s", c.serial);
	if (case_store(&c, &old, extra) == -1 ||
	    (ev = case_event_add(c.id, tx->who.login, family_step != 0 ?
	    old.post : acting_post(tx->who.posts & special_posts(a)),
	    wf_action_name(a), action_opinion(a, q, &tx->arena),
	    &tx->arena)) == NULL ||
	    txn_audit(tx, "case-action", object, "ok", wf_action_name(a)) ==
	    -1 || action_sms(&c, res.sms, q) == -1 ||
	    action_queues(tx, &old, &c) == -1)
		return (-1);
	if (a == WF_SUPPLEMENT) {
		if (case_load_body(1, &c) == -1)
			return (-1);
		txn_own(tx, (ProtobufCMessage *)c.body);
		if (draft_for_supplement(tx, &c, extra) == -1)
			return (-1);
	}
	if (res.move == WF_CLOSE && action_drop_supplement(&c) == -1)
		return (-1);
	c.extra = extra;
	ar->change = case_change(&c, tx->who.user_id, ev, &tx->arena);
	ar->next_step = (char *)step_cn[c.step];
	ar->next_post = c.post;
	if (a == WF_PREREVIEW_PASS)
		action_handlers(tx, c.scope, ar);
	return (0);
}

/* ---- 补办: the case comes back from the filing counter ----------------- */

int
case_resubmit(struct txn *tx, const Banshi__V1__Draft *d,
    int64_t draft_rowid, Banshi__V1__SubmitReply **out)
{
	static const char *row_sql =
	    "UPDATE case_file SET applicant_name = :name, phone = :phone,"
	    " updated_at = :now WHERE id = :id";
	Banshi__V1__SubmitReply	*sr;
	Banshi__V1__Case	*body, *extra;
	struct case_row		 c;
	sqlite3_stmt		*st;
	struct wf_case		 wfc;
	struct wf_result	 res;
	const char		*why;
	char			 object[64];

	if (case_load(1, d->case_serial, &c) == -1 ||
	    case_load_body(1, &c) == -1) {
		case_free(&c);
		return (txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND, "case_serial",
		    "the case %s is gone", d->case_serial));
	}
	case_free_later(tx, &c);
	if (c.created_by != tx->who.user_id)
		return (txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_PERMISSION_DENIED, NULL,
		    "only the filer brings a case back"));
	memset(&wfc, 0, sizeof wfc);
	wfc.step = c.step;
	wfc.status = c.status;
	if ((why = wf_check(&wfc, WF_RESUBMIT, &res)) != NULL)
		return (txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION, NULL,
		    "resubmit: %s", why));
	body = arena_alloc(&tx->arena, sizeof *body);
	*body = *c.body;
	body->summary = arena_alloc(&tx->arena, sizeof *body->summary);
	*body->summary = *c.body->summary;
	body->summary->applicant_name = d->applicant->name;
	body->applicant = d->applicant;
	body->fields = d->fields;
	body->n_fields = d->n_fields;
	body->pickup = d->pickup;
	body->materials = d->materials;
	body->n_materials = d->n_materials;
	body->missing_commitment = d->missing_commitment;
	st = db_w(row_sql);
	db_bind_text(st, ":name", d->applicant->name);
	db_bind_text(st, ":phone", d->applicant->phone);
	db_bind_int(st, ":now", clock_now());
	db_bind_int(st, ":id", c.id);
	if (db_step_done(st) == -1 || case_body_store(c.id, body) == -1)
		return (-1);
	extra = arena_alloc(&tx->arena, sizeof *extra);
	if (c.extra != NULL)
		*extra = *c.extra;
	else
		banshi__v1__case__init(extra);
	extra->supplement = NULL;
	extra->n_supplement = 0;
	c.status = res.status;
	snprintf(c.phone, sizeof c.phone, "%s", d->applicant->phone);
	snprintf(object, sizeof object, "case:%s", c.serial);
	st = db_w("DELETE FROM draft WHERE id = :id");
	db_bind_int(st, ":id", draft_rowid);
	if (case_store(&c, NULL, extra) == -1 ||
	    case_event_add(c.id, tx->who.login, BANSHI__V1__POST__POST_AGENT,
	    wf_action_name(WF_RESUBMIT), "", &tx->arena) == NULL ||
	    txn_audit(tx, "case-resubmit", object, "ok", "") == -1 ||
	    queue_count_add(c.scope, c.step, c.post, 1) == -1 ||
	    sms_remind(c.step, c.post, c.scope) == -1 ||
	    db_step_done(st) == -1)
		return (-1);
	txn_notify_queue(tx, c.step, c.scope);
	txn_notify_filer(tx, c.created_by);
	txn_notify_case(tx, c.serial, c.version);
	sr = arena_alloc(&tx->arena, sizeof *sr);
	banshi__v1__submit_reply__init(sr);
	sr->serial = arena_strdup(&tx->arena, c.serial);
	sr->summary = arena_alloc(&tx->arena, sizeof *sr->summary);
	*sr->summary = *body->summary;
	sr->summary->status = c.status;
	*out = sr;
	return (0);
}
