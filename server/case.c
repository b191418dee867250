/*
 * The case as the back office sees it: the row with its step, claim and
 * clock (the case as filed is a separate row, read only when shown), the
 * clock's arithmetic in working days, the history, the per-queue counts,
 * who may see a case, and the views sent to a viewer: the whole case with
 * what they may not read masked, and the change one action made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ids.h"
#include "log.h"
#include "server.h"
#include "xmalloc.h"

#define CASE_COLS \
    "SELECT id, serial, item_code, item_name, kind, department_code," \
    " department_name, region_code, status, step, post, scope, phase," \
    " express, phone, promised_days, legal_days, accepted_day," \
    " deadline_day, paused_since, paused_days, extension_days, claimed_by," \
    " claimed_at, created_by, version, created_at, applicant_name, extra" \
    " FROM case_file"

static void
case_text(sqlite3_stmt *st, int i, char *dst, size_t len)
{
	const char	*s = (const char *)sqlite3_column_text(st, i);

	snprintf(dst, len, "%s", s != NULL ? s : "");
}

static int64_t
case_int_or(sqlite3_stmt *st, int i, int64_t def)
{
	return (sqlite3_column_type(st, i) == SQLITE_NULL ? def :
	    sqlite3_column_int64(st, i));
}

const char *
case_columns(void)
{
	return (CASE_COLS);
}

int
case_fill(sqlite3_stmt *st, struct case_row *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	case_text(st, 1, c->serial, sizeof c->serial);
	case_text(st, 2, c->item_code, sizeof c->item_code);
	case_text(st, 3, c->item_name, sizeof c->item_name);
	c->kind = sqlite3_column_int(st, 4);
	case_text(st, 5, c->department_code, sizeof c->department_code);
	case_text(st, 6, c->department_name, sizeof c->department_name);
	case_text(st, 7, c->region_code, sizeof c->region_code);
	c->status = sqlite3_column_int(st, 8);
	c->step = sqlite3_column_int(st, 9);
	c->post = sqlite3_column_int(st, 10);
	case_text(st, 11, c->scope, sizeof c->scope);
	c->phase = sqlite3_column_int(st, 12);
	c->express = sqlite3_column_int(st, 13);
	case_text(st, 14, c->phone, sizeof c->phone);
	c->promised_days = sqlite3_column_int(st, 15);
	c->legal_days = sqlite3_column_int(st, 16);
	c->accepted_day = (int32_t)case_int_or(st, 17, -1);
	c->deadline_day = (int32_t)sqlite3_column_int64(st, 18);
	c->paused_since = (int32_t)case_int_or(st, 19, -1);
	c->paused_days = sqlite3_column_int(st, 20);
	c->extension_days = sqlite3_column_int(st, 21);
	c->claimed_by = case_int_or(st, 22, 0);
	c->claimed_at = sqlite3_column_int64(st, 23);
	c->created_by = sqlite3_column_int64(st, 24);
	c->version = (uint64_t)sqlite3_column_int64(st, 25);
	c->created_at = sqlite3_column_int64(st, 26);
	case_text(st, 27, c->applicant_name, sizeof c->applicant_name);
	if (sqlite3_column_type(st, 28) != SQLITE_NULL &&
	    (c->extra = banshi__v1__case__unpack(NULL,
	    (size_t)sqlite3_column_bytes(st, 28),
	    sqlite3_column_blob(st, 28))) == NULL)
		return (-1);
	return (0);
}

int
case_load(int write, const char *serial, struct case_row *c)
{
	static const char *sql = CASE_COLS " WHERE serial = :s";
	sqlite3_stmt	*st;
	int		 rc = -1;

	memset(c, 0, sizeof *c);
	st = write ? db_w(sql) : db_r(sql);
	db_bind_text(st, ":s", serial);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = case_fill(st, c);
	sqlite3_reset(st);
	if (rc == -1)
		case_free(c);
	return (rc);
}

int
case_load_body(int write, struct case_row *c)
{
	static const char *sql =
	    "SELECT body FROM case_body WHERE case_id = :id";
	sqlite3_stmt	*st;

	if (c->body != NULL)
		return (0);
	st = write ? db_w(sql) : db_r(sql);
	db_bind_int(st, ":id", c->id);
	if (sqlite3_step(st) == SQLITE_ROW)
		c->body = banshi__v1__case__unpack(NULL,
		    (size_t)sqlite3_column_bytes(st, 0),
		    sqlite3_column_blob(st, 0));
	sqlite3_reset(st);
	return (c->body != NULL ? 0 : -1);
}

void
case_free(struct case_row *c)
{
	if (c->body != NULL)
		banshi__v1__case__free_unpacked(c->body, NULL);
	if (c->extra != NULL)
		banshi__v1__case__free_unpacked(c->extra, NULL);
	c->body = c->extra = NULL;
}

void
case_free_later(struct txn *tx, struct case_row *c)
{
	txn_own(tx, (ProtobufCMessage *)c->body);
	txn_own(tx, (ProtobufCMessage *)c->extra);
}

int32_t
case_today(void)
{
	return (clock_day());
}

/* The item's flow as single steps with the post of each. */
size_t
case_flow(const Banshi__V1__Item *it, int *steps, int *posts, size_t max)
{
	size_t	i, j, n = 0;

	for (i = 0; i < it->n_flow; i++)
		for (j = 0; j < it->flow[i]->n_steps && n < max; j++) {
			steps[n] = it->flow[i]->steps[j];
			posts[n++] = it->flow[i]->post;
		}
	return (n);
}

const char *
case_scope_for(int step, const char *department, const char *region)
{
	/* Handling is done by the applicant's village or community. */
	return (step == BANSHI__V1__STEP__STEP_HANDLE ? region : department);
}

int
queue_count_add(const char *scope, int step, int post, int delta)
{
	static const char *sql =
	    "INSERT INTO queue_count(scope, step, post, n) VALUES (:scope,"
	    " :step, :post, :d) ON CONFLICT(scope, step, post) DO UPDATE"
	    " SET n = n + :d";
	sqlite3_stmt	*st;

	if (step == 0)
		return (0);
	st = db_w(sql);
	db_bind_text(st, ":scope", scope);
	db_bind_int(st, ":step", step);
	db_bind_int(st, ":post", post);
	db_bind_int(st, ":d", delta);
	return (db_step_done(st));
}

int
case_in_queue(int step, int status)
{
	return (step != 0 && (status ==
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_PENDING_ACCEPTANCE ||
	    status == BANSHI__V1__CASE_STATUS__CASE_STATUS_PENDING_PREREVIEW ||
	    status == BANSHI__V1__CASE_STATUS__CASE_STATUS_IN_PROGRESS));
}

int
case_remaining(const struct case_row *c, int32_t today, int *uncovered)
{
	int32_t	from = c->paused_since >= 0 ? c->paused_since : today;

	return (cal_working_days_between(catalog_calendar(), from,
	    c->deadline_day, uncovered));
}

void
case_clock(const struct case_row *c, int32_t today, Banshi__V1__CaseClock *k,
    struct arena *a)
{
	char	*buf;
	int	 uncovered = 0;

	banshi__v1__case_clock__init(k);
	k->promised_days = (uint32_t)c->promised_days;
	k->legal_days = (uint32_t)c->legal_days;
	k->paused_days = (uint32_t)c->paused_days;
	k->extension_days = (uint32_t)c->extension_days;
	k->paused = c->paused_since >= 0;
	k->accepted_on = "";
	if (c->accepted_day >= 0) {
		buf = arena_alloc(a, 11);
		cal_format_date(c->accepted_day, buf);
		k->accepted_on = buf;
	}
	buf = arena_alloc(a, 11);
	cal_format_date(c->deadline_day, buf);
	k->deadline = buf;
	k->remaining_days = case_remaining(c, today, &uncovered);
	catalog_note_uncovered(uncovered);
	if (c->accepted_day < 0)
		k->level = BANSHI__V1__CLOCK_LEVEL__CLOCK_LEVEL_NOT_STARTED;
	else if (k->paused)
		k->level = BANSHI__V1__CLOCK_LEVEL__CLOCK_LEVEL_PAUSED;
	else if (k->remaining_days < 0)
		k->level = BANSHI__V1__CLOCK_LEVEL__CLOCK_LEVEL_RED;
	else if (k->remaining_days <= cfg->warn_days)
		k->level = BANSHI__V1__CLOCK_LEVEL__CLOCK_LEVEL_YELLOW;
	else
		k->level = BANSHI__V1__CLOCK_LEVEL__CLOCK_LEVEL_NORMAL;
}

/* The display name of a user, "" when none. */
const char *
case_user_name(int64_t id, struct arena *a, int write)
{
	static const char *sql = "SELECT name FROM user WHERE id = :id";
	sqlite3_stmt	*st;
	const char	*name = "";

	if (id == 0)
		return ("");
	st = write ? db_w(sql) : db_r(sql);
	db_bind_int(st, ":id", id);
	if (sqlite3_step(st) == SQLITE_ROW)
		name = arena_strdup(a, (const char *)sqlite3_column_text(st,
		    0));
	sqlite3_reset(st);
	return (name);
}

int
case_claim_live(const struct case_row *c)
{
	return (c->claimed_by != 0 &&
	    clock_now() - c->claimed_at <= cfg->claim_idle);
}

int
case_visible(const struct actor *who, const struct case_row *c)
{
	const Banshi__V1__Hall	*hall = NULL;
	struct catalog		*cat;

	if (c->created_by == who->user_id || actor_in_scope(who, c->scope) ||
	    actor_in_scope(who, c->department_code))
		return (1);
	/* A supervisor sees the cases of the hall they belong to. */
	cat = catalog_live;
	return ((who->posts & (1u << BANSHI__V1__POST__POST_SUPERVISOR)) &&
	    cat != NULL && catalog_department(cat, c->department_code,
	    &hall) != NULL && actor_in_scope(who, hall->code));
}

/* ---- masking ---------------------------------------------------------- */

/* Does a value look like an ID number, a credit code or a phone? */
static int
case_sensitive(const char *v)
{
	return (id_check_person(v, 99991231) == ID_OK ||
	    id_check_credit_code(v) == ID_OK || form_phone_ok(v));
}

static char *
case_masked(const char *s, struct arena *a)
{
	char	*buf = arena_alloc(a, strlen(s) + 1);

	id_mask(buf, strlen(s) + 1, s);
	return (buf);
}

/* Mask form values and e-licence numbers that identify a person. */
static void
case_mask_rest(Banshi__V1__Case *c, struct arena *a)
{
	Banshi__V1__FieldValue		**fv, *f;
	Banshi__V1__AttachedMaterial	**am, *m;
	size_t				  i;

	fv = arena_array(a, c->n_fields + 1, sizeof *fv);
	for (i = 0; i < c->n_fields; i++) {
		fv[i] = c->fields[i];
		if (!case_sensitive(fv[i]->value))
			continue;
		f = arena_alloc(a, sizeof *f);
		*f = *fv[i];
		f->value = case_masked(f->value, a);
		fv[i] = f;
	}
	c->fields = fv;
	am = arena_array(a, c->n_materials + 1, sizeof *am);
	for (i = 0; i < c->n_materials; i++) {
		am[i] = c->materials[i];
		if (am[i]->elicence_number[0] == '\0')
			continue;
		m = arena_alloc(a, sizeof *m);
		*m = *am[i];
		m->elicence_number = case_masked(m->elicence_number, a);
		am[i] = m;
	}
	c->materials = am;
}

void
case_mask(Banshi__V1__Case *c, uint32_t viewer_posts, int own,
    struct arena *a)
{
	uint32_t		 need = 1u << BANSHI__V1__POST__POST_AGENT |
				    1u << BANSHI__V1__POST__POST_ACCEPT |
				    1u << BANSHI__V1__POST__POST_PREREVIEW |
				    1u << BANSHI__V1__POST__POST_HANDLE |
				    1u << BANSHI__V1__POST__POST_ISSUE;
	Banshi__V1__Applicant	*ap;
	Banshi__V1__Pickup	*pk;

	if (own || (viewer_posts & need) != 0 || c->applicant == NULL)
		return;
	/* c is a shallow copy: change copies, never the unpacked parts. */
	ap = arena_alloc(a, sizeof *ap);
	*ap = *c->applicant;
	c->applicant = ap;
	ap->id_number = case_masked(ap->id_number, a);
	ap->phone = case_masked(ap->phone, a);
	if (c->pickup != NULL) {
		pk = arena_alloc(a, sizeof *pk);
		*pk = *c->pickup;
		pk->phone = case_masked(pk->phone, a);
		c->pickup = pk;
	}
	case_mask_rest(c, a);
}

/* ---- views ------------------------------------------------------------ */

/* The claim, the phase and the extra parts into a view. */
static void
case_view_state(const struct case_row *c, int64_t viewer, struct arena *a,
    int write, Banshi__V1__Case *v)
{
	int	live = case_claim_live(c);

	v->version = c->version;
	v->step = c->step;
	v->post = c->post;
	v->clock = arena_alloc(a, sizeof *v->clock);
	case_clock(c, case_today(), v->clock, a);
	v->claimed_by = (char *)(live ? case_user_name(c->claimed_by, a,
	    write) : "");
	v->claimed_by_me = live && c->claimed_by == viewer;
	v->issue_phase = (uint32_t)c->phase;
	if (c->extra != NULL) {
		v->notes = c->extra->notes;
		v->n_notes = c->extra->n_notes;
		v->supplement = c->extra->supplement;
		v->n_supplement = c->extra->n_supplement;
		v->certificate_number = c->extra->certificate_number;
		v->waybill = c->extra->waybill;
	}
}

Banshi__V1__Case *
case_view(const struct case_row *c, const struct actor *viewer,
    struct arena *a, int write)
{
	Banshi__V1__Case	*v;
	Banshi__V1__CaseSummary	*s;

	v = arena_alloc(a, sizeof *v);
	*v = *c->body;
	s = arena_alloc(a, sizeof *s);
	*s = *c->body->summary;
	s->status = c->status;
	v->summary = s;
	case_view_state(c, viewer->user_id, a, write, v);
	case_mask(v, viewer->posts, viewer->user_id == c->created_by, a);
	return (v);
}

Banshi__V1__CaseChange *
case_change(const struct case_row *c, int64_t viewer,
    Banshi__V1__CaseEvent *event, struct arena *a)
{
	Banshi__V1__CaseChange	*ch;
	Banshi__V1__Case	 v = BANSHI__V1__CASE__INIT;

	case_view_state(c, viewer, a, 1, &v);
	ch = arena_alloc(a, sizeof *ch);
	banshi__v1__case_change__init(ch);
	ch->version = v.version;
	ch->status = c->status;
	ch->step = v.step;
	ch->post = v.post;
	ch->clock = v.clock;
	ch->claimed_by = v.claimed_by;
	ch->claimed_by_me = v.claimed_by_me;
	ch->issue_phase = v.issue_phase;
	ch->event = event;
	ch->supplement = v.supplement;
	ch->n_supplement = v.n_supplement;
	ch->certificate_number = v.certificate_number != NULL ?
	    v.certificate_number : "";
	ch->waybill = v.waybill != NULL ? v.waybill : "";
	ch->notes = v.notes;
	ch->n_notes = v.n_notes;
	return (ch);
}

/* ---- the history ------------------------------------------------------ */

Banshi__V1__CaseEvent *
case_event_add(int64_t case_id, const char *actor, int post,
    const char *action, const char *opinion, struct arena *a)
{
	static const char *sql =
	    "INSERT INTO case_event(case_id, at, actor, post, action, opinion)"
	    " VALUES (:case, :now, :actor, :post, :action, :opinion)";
	Banshi__V1__CaseEvent	*e;
	sqlite3_stmt		*st;

	e = arena_alloc(a, sizeof *e);
	banshi__v1__case_event__init(e);
	e->at = clock_now();
	e->actor = (char *)actor;
	e->post = (char *)post_name(post);
	e->action = (char *)action;
	e->opinion = (char *)opinion;
	st = db_w(sql);
	db_bind_int(st, ":case", case_id);
	db_bind_int(st, ":now", e->at);
	db_bind_text(st, ":actor", actor);
	db_bind_text(st, ":post", e->post);
	db_bind_text(st, ":action", action);
	db_bind_text(st, ":opinion", opinion);
	return (db_step_done(st) == 0 ? e : NULL);
}

int
case_events(int64_t case_id, int64_t after, uint32_t limit,
    Banshi__V1__CaseEventPage *page, int64_t *last, struct arena *a)
{
	static const char *sql =
	    "SELECT id, at, actor, post, action, opinion FROM case_event"
	    " WHERE case_id = :c AND id > :after ORDER BY id LIMIT :l";
	sqlite3_stmt		*st;
	Banshi__V1__CaseEvent	*e;
	int			 more = 0;

	page->events = arena_array(a, limit + 1, sizeof *page->events);
	st = db_r(sql);
	db_bind_int(st, ":c", case_id);
	db_bind_int(st, ":after", after);
	db_bind_int(st, ":l", (int64_t)limit + 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (page->n_events == limit) {
			more = 1;
			break;
		}
		*last = sqlite3_column_int64(st, 0);
		e = page->events[page->n_events++] = arena_alloc(a, sizeof *e);
		banshi__v1__case_event__init(e);
		e->at = sqlite3_column_int64(st, 1);
#define COL(i)	arena_strdup(a, (const char *)sqlite3_column_text(st, i))
		e->actor = COL(2);
		e->post = COL(3);
		e->action = COL(4);
		e->opinion = COL(5);
#undef COL
	}
	sqlite3_reset(st);
	return (more);
}

/* ---- writes ----------------------------------------------------------- */

int
case_store(struct case_row *c, const struct case_row *old,
    const Banshi__V1__Case *extra)
{
	static const char *moved_sql =
	    "UPDATE case_file SET status = :status, step = :step,"
	    " scope = :scope, deadline_day = :deadline,"
	    " post = :post, phase = :phase, accepted_day = :acc,"
	    " paused_since = :paused, paused_days = :pdays,"
	    " extension_days = :ext, claimed_by = :claim,"
	    " claimed_at = :claimed_at, version = version + 1,"
	    " updated_at = :now, extra = :extra WHERE id = :id";
	/* Without the indexed columns, whose index entries SQLite rewrites
	   whenever they are assigned, even to the same value. */
	static const char *stayed_sql =
	    "UPDATE case_file SET"
	    " post = :post, phase = :phase, accepted_day = :acc,"
	    " paused_since = :paused, paused_days = :pdays,"
	    " extension_days = :ext, claimed_by = :claim,"
	    " claimed_at = :claimed_at, version = version + 1,"
	    " updated_at = :now, extra = :extra WHERE id = :id";
	sqlite3_stmt	*st;
	uint8_t		 small[512], *buf = small;
	size_t		 len;
	int		 rc, moved;

	moved = old == NULL || c->status != old->status ||
	    c->step != old->step || strcmp(c->scope, old->scope) != 0 ||
	    c->deadline_day != old->deadline_day;
	len = banshi__v1__case__get_packed_size(extra);
	if (len > sizeof small)
		buf = xmalloc(len);
	banshi__v1__case__pack(extra, buf);
	st = db_w(moved ? moved_sql : stayed_sql);
	if (moved) {
		db_bind_int(st, ":status", c->status);
		db_bind_int(st, ":step", c->step);
		db_bind_text(st, ":scope", c->scope);
		db_bind_int(st, ":deadline", c->deadline_day);
	}
	db_bind_int(st, ":post", c->post);
	db_bind_int(st, ":phase", c->phase);
	if (c->accepted_day >= 0)
		db_bind_int(st, ":acc", c->accepted_day);
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
	if (buf != small)
		free(buf);
	c->version++;
	return (rc);
}

int
case_claim_store(struct case_row *c, int64_t who)
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

int
case_body_store(int64_t case_id, const Banshi__V1__Case *body)
{
	static const char *sql =
	    "INSERT INTO case_body(case_id, body) VALUES (:id, :body)"
	    " ON CONFLICT(case_id) DO UPDATE SET body = excluded.body";
	sqlite3_stmt	*st;
	uint8_t		*buf;
	size_t		 len;
	int		 rc;

	len = banshi__v1__case__get_packed_size(body);
	buf = xmalloc(len + 1);
	banshi__v1__case__pack(body, buf);
	st = db_w(sql);
	db_bind_int(st, ":id", case_id);
	db_bind_blob(st, ":body", buf, len);
	rc = db_step_done(st);
	free(buf);
	return (rc);
}

int64_t
case_create(struct txn *tx, const Banshi__V1__Item *it,
    const Banshi__V1__Case *c, const char *region)
{
	static const char *case_sql =
	    "INSERT INTO case_file(serial, item_code, item_name, kind,"
	    " department_code, department_name, applicant_name, region_code,"
	    " status, version, created_by, created_at, updated_at,"
	    " step, post, scope, express, phone, promised_days, legal_days,"
	    " deadline_day) VALUES (:serial, :item, :name, :kind, :dept,"
	    " :dname, :app, :region, :status, 1, :u, :now, :now,"
	    " :step, :post, :scope, :express, :phone, :promised, :legal,"
	    " :deadline)";
	sqlite3_stmt	*st;
	int64_t		 case_id;
	int		 steps[CASE_FLOW_MAX], posts[CASE_FLOW_MAX];
	const char	*scope;

	if (case_flow(it, steps, posts, CASE_FLOW_MAX) == 0)
		return (-1);
	scope = case_scope_for(steps[0], it->summary->department_code,
	    region);
	st = db_w(case_sql);
	db_bind_text(st, ":serial", c->summary->serial);
	db_bind_text(st, ":item", it->summary->code);
	db_bind_text(st, ":name", it->summary->name);
	db_bind_int(st, ":kind", it->summary->kind);
	db_bind_text(st, ":dept", it->summary->department_code);
	db_bind_text(st, ":dname", it->summary->department_name);
	db_bind_text(st, ":app", c->applicant->name);
	db_bind_text(st, ":region", region);
	db_bind_int(st, ":status", c->summary->status);
	db_bind_int(st, ":u", tx->who.user_id);
	db_bind_int(st, ":now", c->summary->submitted_at);
	db_bind_int(st, ":step", steps[0]);
	db_bind_int(st, ":post", posts[0]);
	db_bind_text(st, ":scope", scope);
	db_bind_int(st, ":express", c->pickup->method ==
	    BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_EXPRESS);
	db_bind_text(st, ":phone", c->applicant->phone);
	db_bind_int(st, ":promised", it->guide->promised_limit);
	db_bind_int(st, ":legal", it->guide->legal_limit);
	/* Until acceptance the deadline is where it would be if accepted
	   today: queues sort by it. */
	db_bind_int(st, ":deadline", cal_deadline(catalog_calendar(),
	    case_today(), (int)it->guide->promised_limit, NULL));
	if (db_step_done(st) == -1)
		return (-1);
	case_id = db_last_rowid();
	if (case_body_store(case_id, c) == -1 ||
	    queue_count_add(scope, steps[0], posts[0], 1) == -1 ||
	    sms_remind(steps[0], posts[0], scope) == -1 ||
	    case_event_add(case_id, tx->who.login, BANSHI__V1__POST__POST_AGENT,
	    "submit", "", &tx->arena) == NULL)
		return (-1);
	txn_notify_queue(tx, steps[0], scope);
	return (case_id);
}
