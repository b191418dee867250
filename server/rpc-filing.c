/*
 * Filing at agency counters, as requests: drafts (create, save, 读取,
 * remove a material, delete, get, list), submission, and the operator's
 * own cases.  The work is done by the core (draft.c, case-action.c); this
 * file translates requests into its calls and its results into replies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "server.h"
#include "xmalloc.h"

#define PAGE_DEFAULT	30
#define PAGE_MAX	100

/* The reply body for a draft; -1 when the core refused (set in the txn). */
static int
filing_reply(Reply *r, Draft *d)
{
	if (d == NULL)
		return (-1);
	r->body_case = BANSHI__V1__REPLY__BODY_DRAFT;
	r->draft = d;
	return (0);
}

/* ---- writes ----------------------------------------------------------- */

static int
create_apply(struct write_call *wc, Reply *r)
{
	return (filing_reply(r, draft_create(&wc->tx,
	    wc->req->create_draft->item_code)));
}

void
rpc_create_draft(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, create_apply, NULL);
}

static int
save_apply(struct write_call *wc, Reply *r)
{
	return (filing_reply(r, draft_save(&wc->tx, wc->req->save_draft)));
}

void
rpc_save_draft(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, save_apply, NULL);
}

static int
read_apply(struct write_call *wc, Reply *r)
{
	return (filing_reply(r, draft_read(&wc->tx, wc->req->read_applicant)));
}

void
rpc_read_applicant(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, read_apply, NULL);
}

static int
remove_apply(struct write_call *wc, Reply *r)
{
	return (filing_reply(r, draft_remove_material(&wc->tx,
	    wc->req->remove_material)));
}

void
rpc_remove_material(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, remove_apply, NULL);
}

static int
delete_apply(struct write_call *wc, Reply *r)
{
	static Banshi__V1__DraftDeleted	 del = BANSHI__V1__DRAFT_DELETED__INIT;

	if (draft_delete(&wc->tx, wc->req->delete_draft->draft_id) == -1)
		return (-1);
	r->body_case = BANSHI__V1__REPLY__BODY_DELETED;
	r->deleted = &del;
	return (0);
}

/* The draft is gone: so are the parts of its unfinished uploads. */
static void
filing_draft_gone(struct write_call *wc)
{
	upload_forget_draft(wc->extra);
}

void
rpc_delete_draft(struct conn *c, uint32_t id, const ClientMessage *m)
{
	struct write_call	*wc;

	wc = write_new(c, id, m, delete_apply);
	wc->after = filing_draft_gone;
	wc->extra = xstrdup(m->delete_draft->draft_id);
	write_submit(wc);
}

static int
submit_apply(struct write_call *wc, Reply *r)
{
	const Banshi__V1__SubmitDraft	*q = wc->req->submit_draft;
	const Banshi__V1__Item		*it;
	Banshi__V1__SubmitReply		*sr = NULL;
	Draft				*d;
	int64_t				 rowid;

	if ((d = draft_for_write(&wc->tx, q->draft_id, q->expected_version,
	    &rowid)) == NULL || (it = draft_item(&wc->tx, d->item_code)) ==
	    NULL || draft_check_complete(&wc->tx, it, d) == -1)
		return (-1);
	if (d->case_serial[0] != '\0') {
		if (case_resubmit(&wc->tx, d, rowid, &sr) == -1)
			return (-1);
	} else if ((sr = draft_submit(&wc->tx, it, d, rowid)) == NULL)
		return (-1);
	r->body_case = BANSHI__V1__REPLY__BODY_SUBMITTED;
	r->submitted = sr;
	return (0);
}

void
rpc_submit_draft(struct conn *c, uint32_t id, const ClientMessage *m)
{
	struct write_call	*wc;

	wc = write_new(c, id, m, submit_apply);
	wc->after = filing_draft_gone;
	wc->extra = xstrdup(m->submit_draft->draft_id);
	write_submit(wc);
}

/* ---- reads: GetDraft, ListDrafts -------------------------------------- */

void
rpc_get_draft(struct conn *c, uint32_t id, const ClientMessage *m)
{
	Reply	 r = BANSHI__V1__REPLY__INIT;
	Draft	*d;

	if ((d = draft_load(0, m->get_draft->draft_id, c->session->user_id,
	    NULL)) == NULL) {
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no such draft of yours", "draft_id");
		return;
	}
	filing_reply(&r, d);
	reply_send(c, id, &r);
	banshi__v1__draft__free_unpacked(d, NULL);
}

static uint32_t
page_limit(uint32_t asked)
{
	return (asked == 0 ? PAGE_DEFAULT : asked > PAGE_MAX ? PAGE_MAX :
	    asked);
}

/* Keyset cursors over (time, id), newest first: "time:id". */
static int
filing_cursor(const ProtobufCBinaryData *c, int64_t *t, int64_t *id)
{
	char	buf[48];

	*t = INT64_MAX;
	*id = INT64_MAX;
	if (c->len == 0)
		return (0);
	if (c->len >= sizeof buf)
		return (-1);
	memcpy(buf, c->data, c->len);
	buf[c->len] = '\0';
	return (sscanf(buf, "%lld:%lld", (long long *)t, (long long *)id) ==
	    2 ? 0 : -1);
}

void
rpc_list_drafts(struct conn *c, uint32_t id, const ClientMessage *m)
{
	static const char *sql =
	    "SELECT id, updated_at, body FROM draft WHERE created_by = :u"
	    " AND (updated_at, id) < (:t, :id)"
	    " ORDER BY updated_at DESC, id DESC LIMIT :l";
	Reply			  r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__DraftPage	  page = BANSHI__V1__DRAFT_PAGE__INIT;
	Banshi__V1__DraftSummary **rows;
	sqlite3_stmt		 *st;
	Draft			 *d;
	uint32_t		  limit = page_limit(m->list_drafts->limit);
	int64_t			  t, rid, last_t = 0, last_id = 0;
	char			  cursor[48];
	size_t			  i, n = 0;

	if (filing_cursor(&m->list_drafts->cursor, &t, &rid) == -1) {
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "cursor: not a cursor this server gave", "cursor");
		return;
	}
	rows = xcalloc(limit + 1, sizeof *rows);
	st = db_r(sql);
	db_bind_int(st, ":u", c->session->user_id);
	db_bind_int(st, ":t", t);
	db_bind_int(st, ":id", rid);
	db_bind_int(st, ":l", limit + 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == limit) {
			snprintf(cursor, sizeof cursor, "%lld:%lld",
			    (long long)last_t, (long long)last_id);
			page.next_cursor.data = (uint8_t *)cursor;
			page.next_cursor.len = strlen(cursor);
			break;
		}
		d = banshi__v1__draft__unpack(NULL,
		    (size_t)sqlite3_column_bytes(st, 2),
		    sqlite3_column_blob(st, 2));
		if (d == NULL)
			continue;
		last_id = sqlite3_column_int64(st, 0);
		last_t = sqlite3_column_int64(st, 1);
		rows[n] = xmalloc(sizeof *rows[n]);
		banshi__v1__draft_summary__init(rows[n]);
		rows[n]->draft_id = xstrdup(d->draft_id);
		rows[n]->item_code = xstrdup(d->item_code);
		rows[n]->item_name = xstrdup(d->item_name);
		rows[n]->applicant_name = xstrdup(d->applicant != NULL ?
		    d->applicant->name : "");
		rows[n]->updated_at = last_t;
		banshi__v1__draft__free_unpacked(d, NULL);
		n++;
	}
	sqlite3_reset(st);
	page.drafts = rows;
	page.n_drafts = n;
	r.body_case = BANSHI__V1__REPLY__BODY_DRAFTS;
	r.drafts = &page;
	reply_send(c, id, &r);
	for (i = 0; i < n; i++) {
		free(rows[i]->draft_id);
		free(rows[i]->item_code);
		free(rows[i]->item_name);
		free(rows[i]->applicant_name);
		free(rows[i]);
	}
	free(rows);
}

void
rpc_list_my_cases(struct conn *c, uint32_t id, const ClientMessage *m)
{
	static const char *sql =
	    "SELECT id, created_at, serial, item_code, item_name,"
	    " applicant_name, status, department_name FROM case_file"
	    " WHERE created_by = :u AND (created_at, id) < (:t, :id)"
	    " ORDER BY created_at DESC, id DESC LIMIT :l";
	Reply			  r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__CasePage	  page = BANSHI__V1__CASE_PAGE__INIT;
	Banshi__V1__CaseSummary	**rows, *s;
	struct arena		  a = { NULL };
	sqlite3_stmt		 *st;
	uint32_t		  limit = page_limit(m->list_my_cases->limit);
	int64_t			  t, rid, last_t = 0, last_id = 0;
	char			  cursor[48];
	size_t			  n = 0;

	if (filing_cursor(&m->list_my_cases->cursor, &t, &rid) == -1) {
		reply_status(c, id,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "cursor: not a cursor this server gave", "cursor");
		return;
	}
	rows = arena_array(&a, limit + 1, sizeof *rows);
	st = db_r(sql);
	db_bind_int(st, ":u", c->session->user_id);
	db_bind_int(st, ":t", t);
	db_bind_int(st, ":id", rid);
	db_bind_int(st, ":l", limit + 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == limit) {
			snprintf(cursor, sizeof cursor, "%lld:%lld",
			    (long long)last_t, (long long)last_id);
			page.next_cursor.data = (uint8_t *)cursor;
			page.next_cursor.len = strlen(cursor);
			break;
		}
		last_id = sqlite3_column_int64(st, 0);
		last_t = sqlite3_column_int64(st, 1);
		s = rows[n++] = arena_alloc(&a, sizeof *s);
		banshi__v1__case_summary__init(s);
#define COL(i)	arena_strdup(&a, (const char *)sqlite3_column_text(st, i))
		s->serial = COL(2);
		s->item_code = COL(3);
		s->item_name = COL(4);
		s->applicant_name = COL(5);
		s->department_name = COL(7);
#undef COL
		s->status = sqlite3_column_int(st, 6);
		s->submitted_at = last_t;
	}
	sqlite3_reset(st);
	page.cases = rows;
	page.n_cases = n;
	r.body_case = BANSHI__V1__REPLY__BODY_CASES;
	r.cases = &page;
	reply_send(c, id, &r);
	arena_free(&a);
}

void
rpc_get_case(struct conn *c, uint32_t id, const ClientMessage *m)
{
	Reply		 r = BANSHI__V1__REPLY__INIT;
	struct actor	 who;
	struct case_row	 row;
	struct arena	 a = { NULL };

	session_actor(c->session, &who);
	if (case_load(0, m->get_case->serial, &row) == -1 ||
	    !case_visible(&who, &row) || case_load_body(0, &row) == -1) {
		case_free(&row);
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no such case you may see", "serial");
		return;
	}
	r.body_case = BANSHI__V1__REPLY__BODY_CASE_DETAIL;
	r.case_detail = case_view(&row, &who, &a, 0);
	reply_send(c, id, &r);
	case_free(&row);
	arena_free(&a);
}
