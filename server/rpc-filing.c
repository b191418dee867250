/*
 * Filing at agency counters: drafts (create, save, 读取 from the registry,
 * remove a material, delete, list), submission into a case with its serial
 * number, and the operator's own cases.  Drafts are stored whole as packed
 * messages with a version; every change names the version it was made on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ids.h"
#include "log.h"
#include "server.h"
#include "xmalloc.h"

#define PAGE_DEFAULT	30
#define PAGE_MAX	100

int
filing_today(void)
{
	int	y, m, d;

	cal_civil_from_days(clock_day(), &y, &m, &d);
	return (y * 10000 + m * 100 + d);
}

/* The level of a region code from the catalogue, 0 when unknown. */
int
filing_region_level(const char *code)
{
	static const char *sql = "SELECT level FROM cat_region WHERE code = :c";
	sqlite3_stmt	*st;
	int		 level = 0;

	st = db_r(sql);
	db_bind_text(st, ":c", code);
	if (sqlite3_step(st) == SQLITE_ROW)
		level = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return (level);
}

/* Load a draft of user (write or read connection); NULL when not theirs. */
Draft *
draft_load(int write, const char *public_id, int64_t user, int64_t *rowid)
{
	static const char *sql =
	    "SELECT id, version, updated_at, body FROM draft"
	    " WHERE public_id = :p AND created_by = :u";
	sqlite3_stmt	*st;
	Draft		*d = NULL;

	st = write ? db_w(sql) : db_r(sql);
	db_bind_text(st, ":p", public_id);
	db_bind_int(st, ":u", user);
	if (sqlite3_step(st) == SQLITE_ROW) {
		d = banshi__v1__draft__unpack(NULL,
		    (size_t)sqlite3_column_bytes(st, 3),
		    sqlite3_column_blob(st, 3));
		if (d != NULL) {
			if (rowid != NULL)
				*rowid = sqlite3_column_int64(st, 0);
			d->version = (uint64_t)sqlite3_column_int64(st, 1);
			d->updated_at = sqlite3_column_int64(st, 2);
		}
	}
	sqlite3_reset(st);
	return (d);
}

/* Store a changed draft as the next version; 0 or -1. */
int
draft_store(int64_t rowid, Draft *d)
{
	static const char *sql =
	    "UPDATE draft SET version = :v, updated_at = :now, body = :body"
	    " WHERE id = :id";
	sqlite3_stmt	*st;
	uint8_t		*buf;
	size_t		 len;
	int		 rc;

	d->version++;
	d->updated_at = clock_now();
	len = banshi__v1__draft__get_packed_size(d);
	buf = xmalloc(len + 1);
	banshi__v1__draft__pack(d, buf);
	st = db_w(sql);
	db_bind_int(st, ":v", (int64_t)d->version);
	db_bind_int(st, ":now", d->updated_at);
	db_bind_blob(st, ":body", buf, len);
	db_bind_int(st, ":id", rowid);
	rc = db_step_done(st);
	free(buf);
	return (rc);
}

/*
 * The draft a write works on, as a copy the apply function may change:
 * checked for owner and version.  NULL with the refusal set in r.
 */
Draft *
draft_for_write(struct write_call *wc, Reply *r, const char *public_id,
    uint64_t expected, int64_t *rowid)
{
	Draft	*old, *d;

	old = write_own(wc, (ProtobufCMessage *)draft_load(1, public_id,
	    wc->user_id, rowid));
	if (old == NULL) {
		write_refuse(r, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "draft_id", "no such draft of yours");
		return (NULL);
	}
	if (expected != 0 && expected != old->version) {
		write_refuse(r, BANSHI__V1__STATUS_CODE__STATUS_CONFLICT,
		    "expected_version", "the draft changed (version %llu, you "
		    "had %llu): reload it", (unsigned long long)old->version,
		    (unsigned long long)expected);
		return (NULL);
	}
	d = arena_alloc(&wc->arena, sizeof *d);
	*d = *old;
	return (d);
}

/* The reply body for a draft. */
int
draft_reply(Reply *r, Draft *d)
{
	r->body_case = BANSHI__V1__REPLY__BODY_DRAFT;
	r->draft = d;
	return (0);
}

/* The catalogue item of a draft; NULL with a refusal when it is gone. */
static Banshi__V1__Item *
filing_item(struct write_call *wc, Reply *r, const char *code)
{
	Banshi__V1__Item	*it;

	it = write_own(wc, (ProtobufCMessage *)catalog_item(code));
	if (it == NULL)
		write_refuse(r, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "item_code", "the item %s is no longer in the catalogue",
		    code);
	return (it);
}

static void	drop_elicences(struct write_call *, Draft *);

/* ---- CreateDraft ------------------------------------------------------ */

static int
create_apply(struct write_call *wc, Reply *r)
{
	static const char *sql =
	    "INSERT INTO draft(public_id, item_code, created_by, version,"
	    " created_at, updated_at, body) VALUES (:p, :item, :u, 1, :now,"
	    " :now, :body)";
	const char		*code = wc->req->create_draft->item_code;
	Banshi__V1__Item	*it;
	Draft			*d;
	sqlite3_stmt		*st;
	uint8_t			 rnd[8], *buf;
	char			*pid;
	size_t			 len, i;

	if ((it = filing_item(wc, r, code)) == NULL)
		return (-1);
	if (it->summary->kind == BANSHI__V1__ITEM_KIND__ITEM_KIND_BOOKING_ONLY
	    || !it->guide->online)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION,
		    "item_code", "%s cannot be filed online", code));
	d = arena_alloc(&wc->arena, sizeof *d);
	banshi__v1__draft__init(d);
	pid = arena_alloc(&wc->arena, 2 * sizeof rnd + 2);
	randombytes_buf(rnd, sizeof rnd);
	pid[0] = 'D';
	for (i = 0; i < sizeof rnd; i++)
		snprintf(pid + 1 + 2 * i, 3, "%02x", rnd[i]);
	d->draft_id = pid;
	d->item_code = it->summary->code;
	d->item_name = it->summary->name;
	d->version = 1;
	d->updated_at = clock_now();
	d->applicant = arena_alloc(&wc->arena, sizeof *d->applicant);
	banshi__v1__applicant__init(d->applicant);
	d->applicant->kind = it->summary->audience[0] ==
	    BANSHI__V1__AUDIENCE__AUDIENCE_ENTERPRISE ?
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_ENTERPRISE :
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON;
	d->pickup = arena_alloc(&wc->arena, sizeof *d->pickup);
	banshi__v1__pickup__init(d->pickup);
	d->pickup->method = BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_SELF;
	len = banshi__v1__draft__get_packed_size(d);
	buf = arena_alloc(&wc->arena, len + 1);
	banshi__v1__draft__pack(d, buf);
	st = db_w(sql);
	db_bind_text(st, ":p", pid);
	db_bind_text(st, ":item", code);
	db_bind_int(st, ":u", wc->user_id);
	db_bind_int(st, ":now", d->updated_at);
	db_bind_blob(st, ":body", buf, len);
	if (db_step_done(st) == -1)
		return (-1);
	return (draft_reply(r, d));
}

void
rpc_create_draft(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, create_apply, NULL);
}

/* ---- SaveDraft -------------------------------------------------------- */

static int
save_apply(struct write_call *wc, Reply *r)
{
	const Banshi__V1__SaveDraft	*q = wc->req->save_draft;
	Banshi__V1__Item		*it;
	Draft				*d;
	const char			*field;
	char				 fname[80], why[200];
	int64_t				 rowid;

	if ((d = draft_for_write(wc, r, q->draft_id, q->expected_version,
	    &rowid)) == NULL || (it = filing_item(wc, r, d->item_code)) ==
	    NULL)
		return (-1);
	if (q->applicant != NULL) {
		/* What 读取 brought stays only while the number does. */
		int same = d->applicant != NULL &&
		    strcmp(q->applicant->id_number, d->applicant->id_number) ==
		    0;

		q->applicant->from_registry = same &&
		    d->applicant->from_registry;
		if (!same)
			drop_elicences(wc, d);
		d->applicant = q->applicant;
	}
	if (q->pickup != NULL)
		d->pickup = q->pickup;
	d->fields = q->fields;
	d->n_fields = q->n_fields;
	d->missing_commitment = q->missing_commitment;
	if (form_check_applicant(d->applicant, 0, filing_today(), &field, why,
	    sizeof why) == -1 || form_check_pickup(d->pickup, 0, &field, why,
	    sizeof why) == -1)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, field,
		    "%s: %s", field, why));
	if (form_check_fields(it, d, 0, filing_today(), filing_region_level,
	    fname, sizeof fname, why, sizeof why) == -1)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, fname,
		    "%s: %s", fname, why));
	if (draft_store(rowid, d) == -1)
		return (-1);
	return (draft_reply(r, d));
}

void
rpc_save_draft(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, save_apply, NULL);
}

/* ---- ReadApplicant (读取) ---------------------------------------------- */

/* Fill a from the registry; 0, or -1 when the number is not there. */
static int
read_registry(struct write_call *wc, Banshi__V1__Applicant *a)
{
	static const char *person_sql =
	    "SELECT name, sex, birth_date, household_address, household_type,"
	    " phone FROM reg_person WHERE id_number = :id";
	static const char *ent_sql =
	    "SELECT name, legal_rep, address, phone FROM reg_enterprise"
	    " WHERE credit_code = :id";
	struct arena	*ar = &wc->arena;
	sqlite3_stmt	*st;
	int		 person, rc = -1;

	person = a->kind == BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON;
	st = db_r(person ? person_sql : ent_sql);
	db_bind_text(st, ":id", a->id_number);
	if (sqlite3_step(st) == SQLITE_ROW) {
#define COL(i)	arena_strdup(ar, (const char *)sqlite3_column_text(st, i))
		a->name = COL(0);
		if (person) {
			a->sex = COL(1);
			a->birth_date = COL(2);
			a->household_address = COL(3);
			a->household_type = COL(4);
			a->phone = COL(5);
		} else {
			a->legal_rep = COL(1);
			a->address = COL(2);
			a->phone = COL(3);
		}
#undef COL
		a->from_registry = 1;
		rc = 0;
	}
	sqlite3_reset(st);
	return (rc);
}

/* Forget e-licences attached for an earlier applicant. */
static void
drop_elicences(struct write_call *wc, Draft *d)
{
	Banshi__V1__AttachedMaterial	**list;
	size_t				  i, n = 0;

	list = arena_array(&wc->arena, d->n_materials + 1, sizeof *list);
	for (i = 0; i < d->n_materials; i++)
		if (!d->materials[i]->from_elicence)
			list[n++] = d->materials[i];
	d->materials = list;
	d->n_materials = n;
}

/*
 * Attach from the e-licence library every material the item lets an
 * e-licence stand in for, where the slot is still empty.
 */
static void
read_elicences(struct write_call *wc, const Banshi__V1__Item *it, Draft *d)
{
	static const char *sql =
	    "SELECT number FROM reg_elicence WHERE holder = :h AND type = :t"
	    " ORDER BY id LIMIT 1";
	const Banshi__V1__Material	 *m;
	Banshi__V1__AttachedMaterial	**list, *am;
	sqlite3_stmt			 *st;
	size_t				  i, j, n = d->n_materials;

	list = arena_array(&wc->arena, n + it->guide->n_materials + 1,
	    sizeof *list);
	if (n > 0)
		memcpy(list, d->materials, n * sizeof *list);
	for (i = 0; i < it->guide->n_materials; i++) {
		m = it->guide->materials[i];
		if (m->elicence[0] == '\0')
			continue;
		for (j = 0; j < n; j++)
			if (list[j]->slot == (int32_t)i)
				break;
		if (j < n)
			continue;
		st = db_r(sql);
		db_bind_text(st, ":h", d->applicant->id_number);
		db_bind_text(st, ":t", m->elicence);
		if (sqlite3_step(st) == SQLITE_ROW) {
			am = arena_alloc(&wc->arena, sizeof *am);
			banshi__v1__attached_material__init(am);
			am->slot = (int32_t)i;
			am->name = m->name;
			am->from_elicence = 1;
			am->elicence_number = arena_strdup(&wc->arena,
			    (const char *)sqlite3_column_text(st, 0));
			list[n++] = am;
		}
		sqlite3_reset(st);
	}
	d->materials = list;
	d->n_materials = n;
}

static int
read_apply(struct write_call *wc, Reply *r)
{
	const Banshi__V1__ReadApplicant	*q = wc->req->read_applicant;
	Banshi__V1__Item		*it;
	Banshi__V1__Applicant		*a;
	Draft				*d;
	enum id_error			 e;
	int64_t				 rowid;

	if ((d = draft_for_write(wc, r, q->draft_id, q->expected_version,
	    &rowid)) == NULL || (it = filing_item(wc, r, d->item_code)) ==
	    NULL)
		return (-1);
	if (q->kind == BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON)
		e = id_check_person(q->id_number, filing_today());
	else if (q->kind ==
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_ENTERPRISE)
		e = id_check_credit_code(q->id_number);
	else
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, "kind",
		    "kind: person or enterprise"));
	if (e != ID_OK)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "id_number", "id_number: %s %s", q->kind ==
		    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON ?
		    "ID number" : "credit code", id_error_text(e)));
	a = arena_alloc(&wc->arena, sizeof *a);
	banshi__v1__applicant__init(a);
	a->kind = q->kind;
	a->id_number = q->id_number;
	if (read_registry(wc, a) == -1)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND, "id_number",
		    "%s is not in the registry: type the details by hand",
		    q->id_number));
	d->applicant = a;
	drop_elicences(wc, d);
	read_elicences(wc, it, d);
	if (draft_store(rowid, d) == -1)
		return (-1);
	return (draft_reply(r, d));
}

void
rpc_read_applicant(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, read_apply, NULL);
}

/* ---- RemoveMaterial, DeleteDraft -------------------------------------- */

static int
remove_apply(struct write_call *wc, Reply *r)
{
	const Banshi__V1__RemoveMaterial	*q = wc->req->remove_material;
	Banshi__V1__AttachedMaterial		**list;
	Draft					*d;
	int64_t					 rowid;

	if ((d = draft_for_write(wc, r, q->draft_id, q->expected_version,
	    &rowid)) == NULL)
		return (-1);
	if (q->index >= d->n_materials)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND, "index",
		    "no material %u in the draft", q->index));
	list = arena_array(&wc->arena, d->n_materials, sizeof *list);
	memcpy(list, d->materials, q->index * sizeof *list);
	memcpy(list + q->index, d->materials + q->index + 1,
	    (d->n_materials - q->index - 1) * sizeof *list);
	d->materials = list;
	d->n_materials--;
	if (draft_store(rowid, d) == -1)
		return (-1);
	return (draft_reply(r, d));
}

void
rpc_remove_material(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, remove_apply, NULL);
}

static int
delete_apply(struct write_call *wc, Reply *r)
{
	static const char *sql =
	    "DELETE FROM draft WHERE public_id = :p AND created_by = :u"
	    " AND public_id NOT LIKE 'S%'";
	static Banshi__V1__DraftDeleted	 del = BANSHI__V1__DRAFT_DELETED__INIT;
	sqlite3_stmt			*st;

	st = db_w(sql);
	db_bind_text(st, ":p", wc->req->delete_draft->draft_id);
	db_bind_int(st, ":u", wc->user_id);
	if (db_step_done(st) == -1)
		return (-1);
	if (db_changes() == 0)
		return (write_refuse(r, wc->req->delete_draft->draft_id[0] ==
		    'S' ? BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION :
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND, "draft_id",
		    wc->req->delete_draft->draft_id[0] == 'S' ?
		    "a 补办 draft brings its case back: submit it, or withdraw "
		    "the case" : "no such draft of yours"));
	r->body_case = BANSHI__V1__REPLY__BODY_DELETED;
	r->deleted = &del;
	return (0);
}

static void
delete_after(struct write_call *wc)
{
	upload_forget_draft(wc->req->delete_draft->draft_id);
}

void
rpc_delete_draft(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, delete_apply, delete_after);
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
	draft_reply(&r, d);
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

/* ---- SubmitDraft ------------------------------------------------------ */

/*
 * The next serial number: the hall's 6-digit region, the day, and a
 * 5-digit count of that hall's cases that day, e.g. 341600-20261128-00001.
 */
static int
submit_serial(const char *dept_code, char *out, size_t outlen)
{
	static const char *next_sql =
	    "INSERT INTO serial_counter(prefix, next) VALUES (:p, 2)"
	    " ON CONFLICT(prefix) DO UPDATE SET next = next + 1"
	    " RETURNING next - 1";
	const Banshi__V1__Hall	*hall = NULL;
	sqlite3_stmt		*st;
	char			 prefix[32];
	int64_t			 n = 0;
	int			 y, m, d;

	if (catalog_live == NULL ||
	    catalog_department(catalog_live, dept_code, &hall) == NULL)
		return (-2);
	cal_civil_from_days(clock_day(), &y, &m, &d);
	snprintf(prefix, sizeof prefix, "%.6s-%04d%02d%02d", hall->region,
	    y % 10000, m, d);
	st = db_w(next_sql);
	db_bind_text(st, ":p", prefix);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (n <= 0 || n > 99999)
		return (-1);
	snprintf(out, outlen, "%.15s-%05lld", prefix, (long long)n);
	return (0);
}

/* The value of the first field of a type, or "". */
static const char *
submit_field_of_type(const Banshi__V1__Item *it, const Draft *d, int type)
{
	size_t	i, j;

	for (i = 0; i < it->n_form; i++) {
		if ((int)it->form[i]->type != type)
			continue;
		for (j = 0; j < d->n_fields; j++)
			if (strcmp(d->fields[j]->name, it->form[i]->name) == 0)
				return (d->fields[j]->value);
	}
	return ("");
}

/* Everything submission needs; -1 with the refusal set in r. */
static int
submit_check(const Banshi__V1__Item *it, const Draft *d, Reply *r)
{
	const char	*field;
	char		 fname[80], why[300];

	if (form_check_applicant(d->applicant, 1, filing_today(), &field, why,
	    sizeof why) == -1 || form_check_pickup(d->pickup, 1, &field, why,
	    sizeof why) == -1)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, field,
		    "%s: %s", field, why));
	if (form_check_fields(it, d, 1, filing_today(), filing_region_level,
	    fname, sizeof fname, why, sizeof why) == -1 ||
	    form_check_materials(it, d, fname, sizeof fname, why,
	    sizeof why) == -1)
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, fname,
		    "%s: %s", fname, why));
	return (0);
}

/* Write the case row and its first history entry. */
static int
submit_insert(struct write_call *wc, const Banshi__V1__Item *it,
    Banshi__V1__Case *c, const char *region)
{
	static const char *case_sql =
	    "INSERT INTO case_file(serial, item_code, item_name, kind,"
	    " department_code, department_name, applicant_name, region_code,"
	    " status, version, created_by, created_at, updated_at, body,"
	    " step, post, scope, express, phone, promised_days, legal_days,"
	    " deadline_day) VALUES (:serial, :item, :name, :kind, :dept,"
	    " :dname, :app, :region, :status, 1, :u, :now, :now, :body,"
	    " :step, :post, :scope, :express, :phone, :promised, :legal,"
	    " :deadline)";
	static const char *event_sql =
	    "INSERT INTO case_event(case_id, at, actor, post, action, opinion)"
	    " VALUES (:case, :now, :actor, 'agent', 'submit', '')";
	sqlite3_stmt	*st;
	uint8_t		*buf;
	size_t		 len;
	int64_t		 case_id;
	int		 steps[12], posts[12];
	const char	*scope;

	if (case_flow(it, steps, posts, 12) == 0)
		return (-1);
	scope = case_scope_for(steps[0], it->summary->department_code,
	    region);
	len = banshi__v1__case__get_packed_size(c);
	buf = arena_alloc(&wc->arena, len + 1);
	banshi__v1__case__pack(c, buf);
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
	db_bind_int(st, ":u", wc->user_id);
	db_bind_int(st, ":now", c->summary->submitted_at);
	db_bind_blob(st, ":body", buf, len);
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
	if (queue_count_add(scope, steps[0], posts[0], 1) == -1 ||
	    sms_remind(steps[0], posts[0], scope) == -1)
		return (-1);
	wc->notify_step = steps[0];
	snprintf(wc->notify_scope, sizeof wc->notify_scope, "%s", scope);
	st = db_w(event_sql);
	db_bind_int(st, ":case", case_id);
	db_bind_int(st, ":now", c->summary->submitted_at);
	db_bind_text(st, ":actor", wc->login);
	return (db_step_done(st));
}

static int
submit_apply(struct write_call *wc, Reply *r)
{
	static const char *del_sql = "DELETE FROM draft WHERE id = :id";
	const Banshi__V1__SubmitDraft	*q = wc->req->submit_draft;
	Banshi__V1__Item		*it;
	Banshi__V1__Case		*c;
	Banshi__V1__CaseSummary		*s;
	Banshi__V1__SubmitReply		*sr;
	sqlite3_stmt			*st;
	Draft				*d;
	char				*serial, object[64];
	int64_t				 rowid;

	if ((d = draft_for_write(wc, r, q->draft_id, q->expected_version,
	    &rowid)) == NULL || (it = filing_item(wc, r, d->item_code)) ==
	    NULL || submit_check(it, d, r) == -1)
		return (-1);
	if (d->case_serial[0] != '\0') {
		wc->extra = xstrdup(d->draft_id);
		return (case_resubmit(wc, r, d, it, rowid));
	}
	serial = arena_alloc(&wc->arena, 32);
	switch (submit_serial(it->summary->department_code, serial, 32)) {
	case -2:
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION,
		    "item_code", "the item's department %s is not in the "
		    "catalogue", it->summary->department_code));
	case -1:
		return (write_refuse(r,
		    BANSHI__V1__STATUS_CODE__STATUS_RESOURCE_EXHAUSTED, NULL,
		    "no serial number left for today"));
	}
	s = arena_alloc(&wc->arena, sizeof *s);
	banshi__v1__case_summary__init(s);
	s->serial = serial;
	s->item_code = it->summary->code;
	s->item_name = it->summary->name;
	s->applicant_name = d->applicant->name;
	s->department_name = it->summary->department_name;
	s->submitted_at = clock_now();
	s->status = it->summary->kind == BANSHI__V1__ITEM_KIND__ITEM_KIND_CIVIC
	    ? BANSHI__V1__CASE_STATUS__CASE_STATUS_PENDING_PREREVIEW :
	    BANSHI__V1__CASE_STATUS__CASE_STATUS_PENDING_ACCEPTANCE;
	c = arena_alloc(&wc->arena, sizeof *c);
	banshi__v1__case__init(c);
	c->summary = s;
	c->version = 1;
	c->applicant = d->applicant;
	c->fields = d->fields;
	c->n_fields = d->n_fields;
	c->pickup = d->pickup;
	c->materials = d->materials;
	c->n_materials = d->n_materials;
	c->missing_commitment = d->missing_commitment;
	if (submit_insert(wc, it, c, submit_field_of_type(it, d,
	    BANSHI__V1__FIELD_TYPE__FIELD_TYPE_REGION)) == -1)
		return (-1);
	st = db_w(del_sql);
	db_bind_int(st, ":id", rowid);
	snprintf(object, sizeof object, "case:%s", serial);
	if (db_step_done(st) == -1 || write_audit(wc, "case-submit", object,
	    it->summary->code) == -1)
		return (-1);
	wc->extra = xstrdup(d->draft_id);
	sr = arena_alloc(&wc->arena, sizeof *sr);
	banshi__v1__submit_reply__init(sr);
	sr->serial = serial;
	sr->summary = s;
	r->body_case = BANSHI__V1__REPLY__BODY_SUBMITTED;
	r->submitted = sr;
	return (0);
}

/* The draft is gone: so are the parts of its unfinished uploads. */
static void
submit_after(struct write_call *wc)
{
	if (wc->extra != NULL)
		upload_forget_draft(wc->extra);
	case_notify_queue(wc->notify_step, wc->notify_scope, 0);
	if (wc->notify_step2 != 0)
		case_notify_queue(wc->notify_step2, "", wc->notify_user);
}

void
rpc_submit_draft(struct conn *c, uint32_t id, const ClientMessage *m)
{
	write_start(c, id, m, submit_apply, submit_after);
}

/* ---- the operator's cases --------------------------------------------- */

/* Does a value look like an ID number, a credit code or a phone? */
static int
filing_sensitive(const char *v)
{
	return (id_check_person(v, 99991231) == ID_OK ||
	    id_check_credit_code(v) == ID_OK || form_phone_ok(v));
}

/* Mask form values and e-licence numbers that identify a person. */
static void
filing_mask_rest(Banshi__V1__Case *c, struct arena *a)
{
	Banshi__V1__FieldValue		**fv, *f;
	Banshi__V1__AttachedMaterial	**am, *m;
	char				 *buf;
	size_t				  i;

	fv = arena_array(a, c->n_fields + 1, sizeof *fv);
	for (i = 0; i < c->n_fields; i++) {
		fv[i] = c->fields[i];
		if (!filing_sensitive(fv[i]->value))
			continue;
		f = arena_alloc(a, sizeof *f);
		*f = *fv[i];
		buf = arena_alloc(a, strlen(f->value) + 1);
		id_mask(buf, strlen(f->value) + 1, f->value);
		f->value = buf;
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
		buf = arena_alloc(a, strlen(m->elicence_number) + 1);
		id_mask(buf, strlen(m->elicence_number) + 1,
		    m->elicence_number);
		m->elicence_number = buf;
		am[i] = m;
	}
	c->materials = am;
}

/* Mask the ID number and phones for a viewer who does not need them. */
void
filing_mask(Banshi__V1__Case *c, uint32_t viewer_posts, int own,
    struct arena *a)
{
	uint32_t		 need = 1u << BANSHI__V1__POST__POST_AGENT |
				    1u << BANSHI__V1__POST__POST_ACCEPT |
				    1u << BANSHI__V1__POST__POST_PREREVIEW |
				    1u << BANSHI__V1__POST__POST_HANDLE |
				    1u << BANSHI__V1__POST__POST_ISSUE;
	char			*buf;

	Banshi__V1__Applicant	*ap;
	Banshi__V1__Pickup	*pk;

	if (own || (viewer_posts & need) != 0 || c->applicant == NULL)
		return;
	/* c is a shallow copy: change copies, never the unpacked parts. */
	ap = arena_alloc(a, sizeof *ap);
	*ap = *c->applicant;
	c->applicant = ap;
	if (c->pickup != NULL) {
		pk = arena_alloc(a, sizeof *pk);
		*pk = *c->pickup;
		c->pickup = pk;
	}
#define MASK(field)	do {						\
	buf = arena_alloc(a, strlen(field) + 1);			\
	id_mask(buf, strlen(field) + 1, field);				\
	field = buf;							\
} while (0)
	MASK(c->applicant->id_number);
	MASK(c->applicant->phone);
	if (c->pickup != NULL)
		MASK(c->pickup->phone);
	filing_mask_rest(c, a);
#undef MASK
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

/* The history of a case, oldest first, into c (arena strings). */
static void
case_history(int64_t case_id, Banshi__V1__Case *c, struct arena *a)
{
	static const char *sql =
	    "SELECT at, actor, post, action, opinion FROM case_event"
	    " WHERE case_id = :c ORDER BY id LIMIT 500";
	sqlite3_stmt		*st;
	Banshi__V1__CaseEvent	*e;

	c->history = arena_array(a, 501, sizeof *c->history);
	st = db_r(sql);
	db_bind_int(st, ":c", case_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		e = c->history[c->n_history++] = arena_alloc(a, sizeof *e);
		banshi__v1__case_event__init(e);
		e->at = sqlite3_column_int64(st, 0);
		e->actor = arena_strdup(a, (const char *)sqlite3_column_text(st,
		    1));
		e->post = arena_strdup(a, (const char *)sqlite3_column_text(st,
		    2));
		e->action = arena_strdup(a, (const char *)sqlite3_column_text(st,
		    3));
		e->opinion = arena_strdup(a,
		    (const char *)sqlite3_column_text(st, 4));
	}
	sqlite3_reset(st);
}

/* Is the session a supervisor of the hall the item's department is in? */
static int
filing_supervises(const struct session *s, const char *item_code)
{
	const Banshi__V1__Hall	*hall = NULL;
	Banshi__V1__Item	*it;
	int			 yes = 0;

	if (!(s->posts & (1u << BANSHI__V1__POST__POST_SUPERVISOR)) ||
	    (it = catalog_item(item_code)) == NULL)
		return (0);
	if (catalog_live != NULL && catalog_department(catalog_live,
	    it->summary->department_code, &hall) != NULL)
		yes = session_in_scope(s, hall->code);
	banshi__v1__item__free_unpacked(it, NULL);
	return (yes);
}

void
rpc_get_case(struct conn *c, uint32_t id, const ClientMessage *m)
{
	static const char *sql =
	    "SELECT id, created_by, version, status, body FROM case_file"
	    " WHERE serial = :s";
	Reply			 r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__Case	*cs = NULL, copy;
	struct arena		 a = { NULL };
	sqlite3_stmt		*st;
	int64_t			 case_id = 0;
	int			 own = 0;

	st = db_r(sql);
	db_bind_text(st, ":s", m->get_case->serial);
	if (sqlite3_step(st) == SQLITE_ROW) {
		case_id = sqlite3_column_int64(st, 0);
		own = sqlite3_column_int64(st, 1) == c->session->user_id;
		cs = banshi__v1__case__unpack(NULL,
		    (size_t)sqlite3_column_bytes(st, 4),
		    sqlite3_column_blob(st, 4));
		if (cs != NULL) {
			cs->version = (uint64_t)sqlite3_column_int64(st, 2);
			cs->summary->status = sqlite3_column_int(st, 3);
		}
	}
	sqlite3_reset(st);
	/* Its filer sees it, and the supervisors of its hall. */
	if (cs == NULL || (!own && !filing_supervises(c->session,
	    cs->summary->item_code))) {
		reply_status(c, id, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "no such case you may see", "serial");
		if (cs != NULL)
			banshi__v1__case__free_unpacked(cs, NULL);
		return;
	}
	copy = *cs;
	filing_mask(&copy, c->session->posts, own, &a);
	case_history(case_id, &copy, &a);
	r.body_case = BANSHI__V1__REPLY__BODY_CASE_DETAIL;
	r.case_detail = &copy;
	reply_send(c, id, &r);
	/* The masked strings and the history live in the arena. */
	banshi__v1__case__free_unpacked(cs, NULL);
	arena_free(&a);
}
