/*
 * The case as the back office sees it: the row with its step, claim and
 * clock, the clock's arithmetic in working days, the per-queue counts, and
 * the full view sent to a clerk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "server.h"
#include "xmalloc.h"

static const char *case_cols =
    "SELECT id, serial, item_code, item_name, kind, department_code,"
    " department_name, region_code, status, step, post, scope, phase,"
    " express, phone, promised_days, legal_days, accepted_day,"
    " deadline_day, paused_since, paused_days, extension_days, claimed_by,"
    " claimed_at, created_by, version, created_at, body, extra"
    " FROM case_file";

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
	return (case_cols);
}

/* Fill a row from the columns of case_cols. */
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
	c->body = banshi__v1__case__unpack(NULL,
	    (size_t)sqlite3_column_bytes(st, 27), sqlite3_column_blob(st, 27));
	if (sqlite3_column_type(st, 28) != SQLITE_NULL)
		c->extra = banshi__v1__case__unpack(NULL,
		    (size_t)sqlite3_column_bytes(st, 28),
		    sqlite3_column_blob(st, 28));
	return (c->body != NULL ? 0 : -1);
}

int
case_load(int write, const char *serial, struct case_row *c)
{
	static char	 sql[1024];
	sqlite3_stmt	*st;
	int		 rc = -1;

	memset(c, 0, sizeof *c);
	if (sql[0] == '\0')
		snprintf(sql, sizeof sql, "%s WHERE serial = :s", case_cols);
	st = write ? db_w(sql) : db_r(sql);
	db_bind_text(st, ":s", serial);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = case_fill(st, c);
	sqlite3_reset(st);
	if (rc == -1)
		case_free(c);
	return (rc);
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

/* Append the history of the case (oldest first). */
static void
case_history_into(int64_t case_id, Banshi__V1__Case *v, struct arena *a,
    int write)
{
	static const char *sql =
	    "SELECT at, actor, post, action, opinion FROM case_event"
	    " WHERE case_id = :c ORDER BY id LIMIT 500";
	sqlite3_stmt		*st;
	Banshi__V1__CaseEvent	*e;

	v->history = arena_array(a, 501, sizeof *v->history);
	v->n_history = 0;
	st = write ? db_w(sql) : db_r(sql);
	db_bind_int(st, ":c", case_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		e = v->history[v->n_history++] = arena_alloc(a, sizeof *e);
		banshi__v1__case_event__init(e);
		e->at = sqlite3_column_int64(st, 0);
#define COL(i)	arena_strdup(a, (const char *)sqlite3_column_text(st, i))
		e->actor = COL(1);
		e->post = COL(2);
		e->action = COL(3);
		e->opinion = COL(4);
#undef COL
	}
	sqlite3_reset(st);
}

Banshi__V1__Case *
case_view(const struct case_row *c, int64_t viewer, uint32_t viewer_posts,
    struct arena *a, int write)
{
	Banshi__V1__Case	*v;
	Banshi__V1__CaseSummary	*s;
	Banshi__V1__CaseClock	*k;

	v = arena_alloc(a, sizeof *v);
	*v = *c->body;
	s = arena_alloc(a, sizeof *s);
	*s = *c->body->summary;
	s->status = c->status;
	v->summary = s;
	v->version = c->version;
	v->step = c->step;
	v->post = c->post;
	k = arena_alloc(a, sizeof *k);
	case_clock(c, case_today(), k, a);
	v->clock = k;
	v->claimed_by = (char *)(case_claim_live(c) ?
	    case_user_name(c->claimed_by, a, write) : "");
	v->claimed_by_me = case_claim_live(c) && c->claimed_by == viewer;
	v->issue_phase = (uint32_t)c->phase;
	if (c->extra != NULL) {
		v->notes = c->extra->notes;
		v->n_notes = c->extra->n_notes;
		v->supplement = c->extra->supplement;
		v->n_supplement = c->extra->n_supplement;
		v->certificate_number = c->extra->certificate_number;
		v->waybill = c->extra->waybill;
	}
	filing_mask(v, viewer_posts, viewer == c->created_by, a);
	case_history_into(c->id, v, a, write);
	return (v);
}
