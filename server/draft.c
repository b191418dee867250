/*
 * Drafts at the filing counter: created for an item, saved with a version,
 * filled by 读取 from the population or enterprise registry and the
 * e-licence library, materials removed, deleted, and submitted into a case
 * with its serial number.  A supplement request (补办) makes the draft that
 * brings its case back.  Drafts are stored whole as packed messages; every
 * change names the version it was made on.  Core: refusals go into the txn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ids.h"
#include "log.h"
#include "server.h"
#include "xmalloc.h"


int
draft_today(void)
{
	int	y, m, d;

	cal_civil_from_days(clock_day(), &y, &m, &d);
	return (y * 10000 + m * 100 + d);
}

int
draft_region_level(const char *code)
{
	return (catalog_region_level(catalog_live, code));
}

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

/* Insert a new draft row; 0 or -1. */
static int
draft_insert(const char *pid, const char *item, int64_t user, Draft *d,
    struct arena *a)
{
	static const char *sql =
	    "INSERT INTO draft(public_id, item_code, created_by, version,"
	    " created_at, updated_at, body) VALUES (:p, :item, :u, 1, :now,"
	    " :now, :body)";
	sqlite3_stmt	*st;
	uint8_t		*buf;
	size_t		 len;

	len = banshi__v1__draft__get_packed_size(d);
	buf = arena_alloc(a, len + 1);
	banshi__v1__draft__pack(d, buf);
	st = db_w(sql);
	db_bind_text(st, ":p", pid);
	db_bind_text(st, ":item", item);
	db_bind_int(st, ":u", user);
	db_bind_int(st, ":now", d->updated_at);
	db_bind_blob(st, ":body", buf, len);
	return (db_step_done(st));
}

Draft *
draft_for_write(struct txn *tx, const char *public_id, uint64_t expected,
    int64_t *rowid)
{
	Draft	*old, *d;

	old = txn_own(tx, (ProtobufCMessage *)draft_load(1, public_id,
	    tx->who.user_id, rowid));
	if (old == NULL) {
		txn_refuse(tx, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "draft_id", "no such draft of yours");
		return (NULL);
	}
	if (expected != 0 && expected != old->version) {
		txn_refuse(tx, BANSHI__V1__STATUS_CODE__STATUS_CONFLICT,
		    "expected_version", "the draft changed (version %llu, you "
		    "had %llu): reload it", (unsigned long long)old->version,
		    (unsigned long long)expected);
		return (NULL);
	}
	d = arena_alloc(&tx->arena, sizeof *d);
	*d = *old;
	return (d);
}

const Banshi__V1__Item *
draft_item(struct txn *tx, const char *code)
{
	const Banshi__V1__Item	*it;

	if ((it = catalog_find_item(catalog_live, code)) == NULL)
		txn_refuse(tx, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "item_code", "the item %s is no longer in the catalogue",
		    code);
	return (it);
}

Draft *
draft_create(struct txn *tx, const char *code)
{
	const Banshi__V1__Item	*it;
	Draft			*d;
	uint8_t			 rnd[8];
	char			*pid;
	size_t			 i;

	if ((it = draft_item(tx, code)) == NULL)
		return (NULL);
	if (it->summary->kind == BANSHI__V1__ITEM_KIND__ITEM_KIND_BOOKING_ONLY
	    || !it->guide->online) {
		txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION,
		    "item_code", "%s cannot be filed online", code);
		return (NULL);
	}
	d = arena_alloc(&tx->arena, sizeof *d);
	banshi__v1__draft__init(d);
	pid = arena_alloc(&tx->arena, 2 * sizeof rnd + 2);
	randombytes_buf(rnd, sizeof rnd);
	pid[0] = 'D';
	for (i = 0; i < sizeof rnd; i++)
		snprintf(pid + 1 + 2 * i, 3, "%02x", rnd[i]);
	d->draft_id = pid;
	d->item_code = it->summary->code;
	d->item_name = it->summary->name;
	d->version = 1;
	d->updated_at = clock_now();
	d->applicant = arena_alloc(&tx->arena, sizeof *d->applicant);
	banshi__v1__applicant__init(d->applicant);
	d->applicant->kind = it->summary->audience[0] ==
	    BANSHI__V1__AUDIENCE__AUDIENCE_ENTERPRISE ?
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_ENTERPRISE :
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON;
	d->pickup = arena_alloc(&tx->arena, sizeof *d->pickup);
	banshi__v1__pickup__init(d->pickup);
	d->pickup->method = BANSHI__V1__PICKUP_METHOD__PICKUP_METHOD_SELF;
	if (draft_insert(pid, code, tx->who.user_id, d, &tx->arena) == -1)
		return (NULL);
	return (d);
}

/* Forget e-licences attached for an earlier applicant. */
static void
draft_drop_elicences(struct txn *tx, Draft *d)
{
	Banshi__V1__AttachedMaterial	**list;
	size_t				  i, n = 0;

	list = arena_array(&tx->arena, d->n_materials + 1, sizeof *list);
	for (i = 0; i < d->n_materials; i++)
		if (!d->materials[i]->from_elicence)
			list[n++] = d->materials[i];
	d->materials = list;
	d->n_materials = n;
}

Draft *
draft_save(struct txn *tx, const Banshi__V1__SaveDraft *q)
{
	const Banshi__V1__Item	*it;
	Banshi__V1__Applicant	*ap;
	Draft			*d;
	const char		*field;
	char			 fname[80], why[200];
	int64_t			 rowid;
	int			 same;

	if ((d = draft_for_write(tx, q->draft_id, q->expected_version,
	    &rowid)) == NULL || (it = draft_item(tx, d->item_code)) == NULL)
		return (NULL);
	if (q->applicant != NULL) {
		/* What 读取 brought stays only while the number does. */
		same = d->applicant != NULL &&
		    strcmp(q->applicant->id_number, d->applicant->id_number) ==
		    0;
		ap = arena_alloc(&tx->arena, sizeof *ap);
		*ap = *q->applicant;
		ap->from_registry = same && d->applicant->from_registry;
		if (!same)
			draft_drop_elicences(tx, d);
		d->applicant = ap;
	}
	if (q->pickup != NULL)
		d->pickup = q->pickup;
	d->fields = q->fields;
	d->n_fields = q->n_fields;
	d->missing_commitment = q->missing_commitment;
	if (form_check_applicant(d->applicant, 0, draft_today(), &field, why,
	    sizeof why) == -1 || form_check_pickup(d->pickup, 0, &field, why,
	    sizeof why) == -1) {
		txn_refuse(tx, BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    field, "%s: %s", field, why);
		return (NULL);
	}
	if (form_check_fields(it, d, 0, draft_today(), draft_region_level,
	    fname, sizeof fname, why, sizeof why) == -1) {
		txn_refuse(tx, BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    fname, "%s: %s", fname, why);
		return (NULL);
	}
	return (draft_store(rowid, d) == 0 ? d : NULL);
}

/* ---- 读取 -------------------------------------------------------------- */

/* Fill a from the registry; 0, or -1 when the number is not there. */
static int
draft_registry(struct arena *ar, Banshi__V1__Applicant *a)
{
	static const char *person_sql =
	    "SELECT name, sex, birth_date, household_address, household_type,"
	    " phone FROM reg_person WHERE id_number = :id";
	static const char *ent_sql =
	    "SELECT name, legal_rep, address, phone FROM reg_enterprise"
	    " WHERE credit_code = :id";
	sqlite3_stmt	*st;
	int		 person, rc = -1;

	person = a->kind == BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON;
	st = db_w(person ? person_sql : ent_sql);
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

/*
 * Attach from the e-licence library every material the item lets an
 * e-licence stand in for, where the slot is still empty.
 */
static void
draft_elicences(struct arena *ar, const Banshi__V1__Item *it, Draft *d)
{
	static const char *sql =
	    "SELECT number FROM reg_elicence WHERE holder = :h AND type = :t"
	    " ORDER BY id LIMIT 1";
	const Banshi__V1__Material	 *m;
	Banshi__V1__AttachedMaterial	**list, *am;
	sqlite3_stmt			 *st;
	size_t				  i, j, n = d->n_materials;

	list = arena_array(ar, n + it->guide->n_materials + 1, sizeof *list);
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
		st = db_w(sql);
		db_bind_text(st, ":h", d->applicant->id_number);
		db_bind_text(st, ":t", m->elicence);
		if (sqlite3_step(st) == SQLITE_ROW) {
			am = arena_alloc(ar, sizeof *am);
			banshi__v1__attached_material__init(am);
			am->slot = (int32_t)i;
			am->name = m->name;
			am->from_elicence = 1;
			am->elicence_number = arena_strdup(ar,
			    (const char *)sqlite3_column_text(st, 0));
			list[n++] = am;
		}
		sqlite3_reset(st);
	}
	d->materials = list;
	d->n_materials = n;
}

Draft *
draft_read(struct txn *tx, const Banshi__V1__ReadApplicant *q)
{
	const Banshi__V1__Item	*it;
	Banshi__V1__Applicant	*a;
	Draft			*d;
	enum id_error		 e;
	int64_t			 rowid;
	int			 person;

	if ((d = draft_for_write(tx, q->draft_id, q->expected_version,
	    &rowid)) == NULL || (it = draft_item(tx, d->item_code)) == NULL)
		return (NULL);
	person = q->kind == BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_PERSON;
	if (person)
		e = id_check_person(q->id_number, draft_today());
	else if (q->kind ==
	    BANSHI__V1__APPLICANT_KIND__APPLICANT_KIND_ENTERPRISE)
		e = id_check_credit_code(q->id_number);
	else {
		txn_refuse(tx, BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "kind", "kind: person or enterprise");
		return (NULL);
	}
	if (e != ID_OK) {
		txn_refuse(tx, BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT,
		    "id_number", "id_number: %s %s", person ? "ID number" :
		    "credit code", id_error_text(e));
		return (NULL);
	}
	a = arena_alloc(&tx->arena, sizeof *a);
	banshi__v1__applicant__init(a);
	a->kind = q->kind;
	a->id_number = q->id_number;
	if (draft_registry(&tx->arena, a) == -1) {
		txn_refuse(tx, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "id_number", "%s is not in the registry: type the details "
		    "by hand", q->id_number);
		return (NULL);
	}
	d->applicant = a;
	draft_drop_elicences(tx, d);
	draft_elicences(&tx->arena, it, d);
	return (draft_store(rowid, d) == 0 ? d : NULL);
}

/* ---- removing ----------------------------------------------------------- */

Draft *
draft_remove_material(struct txn *tx, const Banshi__V1__RemoveMaterial *q)
{
	Banshi__V1__AttachedMaterial	**list;
	Draft				*d;
	int64_t				 rowid;

	if ((d = draft_for_write(tx, q->draft_id, q->expected_version,
	    &rowid)) == NULL)
		return (NULL);
	if (q->index >= d->n_materials) {
		txn_refuse(tx, BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND,
		    "index", "no material %u in the draft", q->index);
		return (NULL);
	}
	list = arena_array(&tx->arena, d->n_materials, sizeof *list);
	memcpy(list, d->materials, q->index * sizeof *list);
	memcpy(list + q->index, d->materials + q->index + 1,
	    (d->n_materials - q->index - 1) * sizeof *list);
	d->materials = list;
	d->n_materials--;
	return (draft_store(rowid, d) == 0 ? d : NULL);
}

int
draft_delete(struct txn *tx, const char *public_id)
{
	static const char *sql =
	    "DELETE FROM draft WHERE public_id = :p AND created_by = :u"
	    " AND public_id NOT LIKE 'S%'";
	sqlite3_stmt	*st;
	int		 supplement = public_id[0] == 'S';

	st = db_w(sql);
	db_bind_text(st, ":p", public_id);
	db_bind_int(st, ":u", tx->who.user_id);
	if (db_step_done(st) == -1)
		return (-1);
	if (db_changes() == 0)
		return (txn_refuse(tx, supplement ?
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION :
		    BANSHI__V1__STATUS_CODE__STATUS_NOT_FOUND, "draft_id",
		    "%s", supplement ? "a 补办 draft brings its case back: "
		    "submit it, or withdraw the case" :
		    "no such draft of yours"));
	return (0);
}

/* ---- submission --------------------------------------------------------- */

/*
 * The next serial number: the hall's 6-digit region, the day, and a
 * 5-digit count of that hall's cases that day, e.g. 341600-20261128-00001.
 */
static int
draft_serial(const char *dept_code, char *out, size_t outlen)
{
	static const char *next_sql =
	    "INSERT INTO serial_counter(prefix, next) VALUES (:p, 2)"
	    " ON CONFLICT(prefix) DO UPDATE SET next = next + 1"
	    " RETURNING next - 1";
	const Banshi__V1__Hall	*hall = NULL;
	struct catalog		*cat = catalog_live;
	sqlite3_stmt		*st;
	char			 prefix[32];
	int64_t			 n = 0;
	int			 y, m, d;

	if (cat == NULL || catalog_department(cat, dept_code, &hall) == NULL)
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
draft_field_of_type(const Banshi__V1__Item *it, const Draft *d, int type)
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

int
draft_check_complete(struct txn *tx, const Banshi__V1__Item *it,
    const Draft *d)
{
	const char	*field;
	char		 fname[80], why[300];

	if (form_check_applicant(d->applicant, 1, draft_today(), &field, why,
	    sizeof why) == -1 || form_check_pickup(d->pickup, 1, &field, why,
	    sizeof why) == -1)
		return (txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, field,
		    "%s: %s", field, why));
	if (form_check_fields(it, d, 1, draft_today(), draft_region_level,
	    fname, sizeof fname, why, sizeof why) == -1 ||
	    form_check_materials(it, d, fname, sizeof fname, why,
	    sizeof why) == -1)
		return (txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_INVALID_ARGUMENT, fname,
		    "%s: %s", fname, why));
	return (0);
}

Banshi__V1__SubmitReply *
draft_submit(struct txn *tx, const Banshi__V1__Item *it, const Draft *d,
    int64_t rowid)
{
	static const char *del_sql = "DELETE FROM draft WHERE id = :id";
	Banshi__V1__Case	*c;
	Banshi__V1__CaseSummary	*s;
	Banshi__V1__SubmitReply	*sr;
	sqlite3_stmt		*st;
	char			*serial, object[64];

	serial = arena_alloc(&tx->arena, 32);
	switch (draft_serial(it->summary->department_code, serial, 32)) {
	case -2:
		txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_FAILED_PRECONDITION,
		    "item_code", "the item's department %s is not in the "
		    "catalogue", it->summary->department_code);
		return (NULL);
	case -1:
		txn_refuse(tx,
		    BANSHI__V1__STATUS_CODE__STATUS_RESOURCE_EXHAUSTED, NULL,
		    "no serial number left for today");
		return (NULL);
	}
	s = arena_alloc(&tx->arena, sizeof *s);
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
	c = arena_alloc(&tx->arena, sizeof *c);
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
	if (case_create(tx, it, c, draft_field_of_type(it, d,
	    BANSHI__V1__FIELD_TYPE__FIELD_TYPE_REGION)) == -1)
		return (NULL);
	st = db_w(del_sql);
	db_bind_int(st, ":id", rowid);
	snprintf(object, sizeof object, "case:%s", serial);
	if (db_step_done(st) == -1 || txn_audit(tx, "case-submit", object,
	    "ok", it->summary->code) == -1)
		return (NULL);
	sr = arena_alloc(&tx->arena, sizeof *sr);
	banshi__v1__submit_reply__init(sr);
	sr->serial = serial;
	sr->summary = s;
	return (sr);
}

int
draft_for_supplement(struct txn *tx, const struct case_row *c,
    const Banshi__V1__Case *extra)
{
	Banshi__V1__AttachedMaterial	**keep;
	Draft				 d = BANSHI__V1__DRAFT__INIT;
	sqlite3_stmt			*st;
	char				 pid[40];
	size_t				 i, j, n = 0;
	int				 asked;

	/* The draft keeps what is fine; the ticked materials come again. */
	keep = arena_array(&tx->arena, c->body->n_materials + 1,
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
	/* A second supplement of the same case replaces the first draft. */
	st = db_w("DELETE FROM draft WHERE public_id = :p");
	db_bind_text(st, ":p", pid);
	if (db_step_done(st) == -1)
		return (-1);
	return (draft_insert(pid, c->item_code, c->created_by, &d,
	    &tx->arena));
}
