/*
 * The catalogue in SQLite: a load is written whole in one batch job (the
 * old rows go in the same transaction), and the read connection answers
 * browsing, item and search requests.  Search keeps its own index of 1- and
 * 2-character grams, because FTS5's trigram tokenizer finds nothing for the
 * 1- and 2-character queries that Chinese users type most.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "server.h"
#include "text.h"
#include "xmalloc.h"

#define SEARCH_MAX_CHARS	50

/* A string buffer that grows. */
struct sbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

static void
sbuf_add(struct sbuf *b, const char *s)
{
	size_t	n = strlen(s);

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

void
catalog_fold(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/*
 * One gram row for an item, with its kind: 1 when the name starts with the
 * gram, 2 when the name holds it further in, 3 when only a keyword or the
 * department name does (the search ranks of a query that is the gram).
 */
static int
catalog_gram(const char *gram, int64_t item_id, const char *name_lc,
    const char *code)
{
	static const char *sql =
	    "INSERT OR IGNORE INTO cat_gram(gram, name_lc, code, item_id, kind)"
	    " VALUES (:g, :name, :code, :id,"
	    " CASE instr(:name, :g) WHEN 0 THEN 3 WHEN 1 THEN 1 ELSE 2 END)";
	sqlite3_stmt	*st;

	st = db_w(sql);
	db_bind_text(st, ":g", gram);
	db_bind_text(st, ":name", name_lc);
	db_bind_text(st, ":code", code);
	db_bind_int(st, ":id", item_id);
	return (db_step_done(st));
}

/* Add the 1- and 2-character grams of text for an item. */
static int
catalog_index_text(int64_t item_id, const char *name_lc, const char *code,
    const char *text)
{
	char		 gram[9];
	size_t		 n = strlen(text), u1, u2;
	uint32_t	 c1, c2;

	while (n > 0) {
		if ((u1 = text_decode(text, n, &c1)) == 0)
			return (-1);
		if (!isspace((unsigned char)*text)) {
			memcpy(gram, text, u1);
			gram[u1] = '\0';
			if (catalog_gram(gram, item_id, name_lc, code) == -1)
				return (-1);
			if (n > u1 && (u2 = text_decode(text + u1, n - u1,
			    &c2)) > 0 && !isspace((unsigned char)text[u1])) {
				memcpy(gram + u1, text + u1, u2);
				gram[u1 + u2] = '\0';
				if (catalog_gram(gram, item_id, name_lc,
				    code) == -1)
					return (-1);
			}
		}
		text += u1;
		n -= u1;
	}
	return (0);
}

/* Pack a message into an SQLite blob parameter. */
static void
catalog_bind_msg(sqlite3_stmt *st, const char *name,
    const ProtobufCMessage *m)
{
	size_t	 len = protobuf_c_message_get_packed_size(m);
	uint8_t	*buf = xmalloc(len + 1);

	protobuf_c_message_pack(m, buf);
	db_bind_blob(st, name, buf, len);
	free(buf);
}

static int
catalog_store_halls(const struct catalog *cat)
{
	static const char *hall_sql =
	    "INSERT INTO cat_hall(code, name, address, seq)"
	    " VALUES (:code, :name, :address, :seq)";
	static const char *dept_sql =
	    "INSERT INTO cat_department(code, hall_code, name, address, phone,"
	    " hours, seq) VALUES (:code, :hall, :name, :address, :phone,"
	    " :hours, :seq)";
	static const char *region_sql =
	    "INSERT INTO cat_region(code, parent, name, level, seq)"
	    " VALUES (:code, :parent, :name, :level, :seq)";
	sqlite3_stmt	*st;
	size_t		 i, j, seq = 0;

	for (i = 0; i < cat->n_regions; i++) {
		st = db_w(region_sql);
		db_bind_text(st, ":code", cat->regions[i].code);
		if (cat->regions[i].parent != NULL)
			db_bind_text(st, ":parent", cat->regions[i].parent);
		db_bind_text(st, ":name", cat->regions[i].name);
		db_bind_int(st, ":level", cat->regions[i].level);
		db_bind_int(st, ":seq", (int64_t)i);
		if (db_step_done(st) == -1)
			return (-1);
	}
	for (i = 0; i < cat->n_halls; i++) {
		const Banshi__V1__Hall *h = cat->halls[i];

		st = db_w(hall_sql);
		db_bind_text(st, ":code", h->code);
		db_bind_text(st, ":name", h->name);
		db_bind_text(st, ":address", h->address);
		db_bind_int(st, ":seq", (int64_t)i);
		if (db_step_done(st) == -1)
			return (-1);
		for (j = 0; j < h->n_departments; j++) {
			const Banshi__V1__Department *d = h->departments[j];

			st = db_w(dept_sql);
			db_bind_text(st, ":code", d->code);
			db_bind_text(st, ":hall", h->code);
			db_bind_text(st, ":name", d->name);
			db_bind_text(st, ":address", d->address);
			db_bind_text(st, ":phone", d->phone);
			db_bind_text(st, ":hours", d->hours);
			db_bind_int(st, ":seq", (int64_t)seq++);
			if (db_step_done(st) == -1)
				return (-1);
		}
	}
	return (0);
}

static int
catalog_store_categories(int64_t id, const Banshi__V1__Item *it,
    int64_t *seq)
{
	static const char *cat_sql =
	    "INSERT OR IGNORE INTO cat_category(facet, name, seq)"
	    " VALUES (:facet, :name, :seq)";
	static const char *link_sql =
	    "INSERT OR IGNORE INTO cat_item_category(facet, name, item_id)"
	    " VALUES (:facet, :name, :id)";
	sqlite3_stmt	*st;
	size_t		 i;

	for (i = 0; i < it->n_categories; i++) {
		st = db_w(cat_sql);
		db_bind_int(st, ":facet", it->categories[i]->facet);
		db_bind_text(st, ":name", it->categories[i]->name);
		db_bind_int(st, ":seq", (*seq)++);
		if (db_step_done(st) == -1)
			return (-1);
		st = db_w(link_sql);
		db_bind_int(st, ":facet", it->categories[i]->facet);
		db_bind_text(st, ":name", it->categories[i]->name);
		db_bind_int(st, ":id", id);
		if (db_step_done(st) == -1)
			return (-1);
	}
	return (0);
}

/* Write one item, its categories and its search grams. */
static int
catalog_store_item(int64_t id, const Banshi__V1__Item *it, int64_t *seq)
{
	static const char *item_sql =
	    "INSERT INTO cat_item(id, code, name, name_lc, department_code,"
	    " search_text, summary, detail) VALUES (:id, :code, :name,"
	    " :name_lc, :dept, :text, :summary, :detail)";
	sqlite3_stmt	*st;
	struct sbuf	 text = { NULL, 0, 0 };
	char		*name_lc;
	size_t		 i;
	int		 rc = -1;

	name_lc = xstrdup(it->summary->name);
	catalog_fold(name_lc);
	sbuf_add(&text, name_lc);
	for (i = 0; i < it->n_keywords; i++) {
		sbuf_add(&text, "\n");
		sbuf_add(&text, it->keywords[i]);
	}
	sbuf_add(&text, "\n");
	sbuf_add(&text, it->summary->department_name);
	catalog_fold(text.s);

	st = db_w(item_sql);
	db_bind_int(st, ":id", id);
	db_bind_text(st, ":code", it->summary->code);
	db_bind_text(st, ":name", it->summary->name);
	db_bind_text(st, ":name_lc", name_lc);
	db_bind_text(st, ":dept", it->summary->department_code);
	db_bind_text(st, ":text", text.s);
	catalog_bind_msg(st, ":summary", &it->summary->base);
	catalog_bind_msg(st, ":detail", &it->base);
	if (db_step_done(st) == -1 ||
	    catalog_store_categories(id, it, seq) == -1)
		goto out;
	/* Index each part on its own so no gram spans two of them. */
	for (i = 0; text.s[0] != '\0'; i++) {
		char *nl = strchr(text.s, '\n');

		if (nl != NULL)
			*nl = '\0';
		if (catalog_index_text(id, name_lc, it->summary->code,
		    text.s) == -1)
			goto out;
		if (nl == NULL)
			break;
		memmove(text.s, nl + 1, strlen(nl + 1) + 1);
	}
	rc = 0;
out:
	free(name_lc);
	free(text.s);
	return (rc);
}

/* Replace the registry tables with the loaded demo registry. */
static int
catalog_store_registry(const struct catalog *cat)
{
	static const char *person_sql =
	    "INSERT OR REPLACE INTO reg_person(id_number, name, sex,"
	    " birth_date, household_address, household_type, phone)"
	    " VALUES (:id, :name, :sex, :birth, :addr, :type, :phone)";
	static const char *ent_sql =
	    "INSERT OR REPLACE INTO reg_enterprise(credit_code, name,"
	    " legal_rep, address, phone) VALUES (:code, :name, :rep, :addr,"
	    " :phone)";
	static const char *lic_sql =
	    "INSERT INTO reg_elicence(holder, type, number, issuer,"
	    " valid_until) VALUES (:holder, :type, :number, :issuer, :until)";
	sqlite3_stmt	*st;
	size_t		 i;

	if (db_exec("DELETE FROM reg_person; DELETE FROM reg_enterprise;"
	    " DELETE FROM reg_elicence;") == -1)
		return (-1);
	for (i = 0; i < cat->n_people; i++) {
		const struct reg_person *p = &cat->people[i];

		st = db_w(person_sql);
		db_bind_text(st, ":id", p->id_number);
		db_bind_text(st, ":name", p->name);
		db_bind_text(st, ":sex", p->sex);
		db_bind_text(st, ":birth", p->birth_date);
		db_bind_text(st, ":addr", p->household_address);
		db_bind_text(st, ":type", p->household_type);
		db_bind_text(st, ":phone", p->phone);
		if (db_step_done(st) == -1)
			return (-1);
	}
	for (i = 0; i < cat->n_enterprises; i++) {
		const struct reg_enterprise *e = &cat->enterprises[i];

		st = db_w(ent_sql);
		db_bind_text(st, ":code", e->credit_code);
		db_bind_text(st, ":name", e->name);
		db_bind_text(st, ":rep", e->legal_rep);
		db_bind_text(st, ":addr", e->address);
		db_bind_text(st, ":phone", e->phone);
		if (db_step_done(st) == -1)
			return (-1);
	}
	for (i = 0; i < cat->n_elicences; i++) {
		const struct reg_elicence *e = &cat->elicences[i];

		st = db_w(lic_sql);
		db_bind_text(st, ":holder", e->holder);
		db_bind_text(st, ":type", e->type);
		db_bind_text(st, ":number", e->number);
		db_bind_text(st, ":issuer", e->issuer);
		db_bind_text(st, ":until", e->valid_until);
		if (db_step_done(st) == -1)
			return (-1);
	}
	return (0);
}

int
catalog_store(const struct catalog *cat)
{
	static const char *clear =
	    "DELETE FROM cat_gram; DELETE FROM cat_item_category;"
	    " DELETE FROM cat_category; DELETE FROM cat_item;"
	    " DELETE FROM cat_department; DELETE FROM cat_hall;"
	    " DELETE FROM cat_region;";
	static const char *meta_sql =
	    "INSERT OR REPLACE INTO cat_meta(key, value) VALUES (:k, :v)";
	sqlite3_stmt	*st;
	char		 buf[32];
	int64_t		 seq = 0;
	size_t		 i;

	if (db_exec(clear) == -1 || catalog_store_halls(cat) == -1 ||
	    catalog_store_registry(cat) == -1)
		return (-1);
	for (i = 0; i < cat->n_items; i++)
		if (catalog_store_item((int64_t)i + 1, cat->items[i], &seq) ==
		    -1)
			return (-1);
	snprintf(buf, sizeof buf, "%lld", (long long)clock_now());
	st = db_w(meta_sql);
	db_bind_text(st, ":k", "loaded_at");
	db_bind_text(st, ":v", buf);
	return (db_step_done(st));
}

/* ---- reads ------------------------------------------------------------ */

/* Copy a text column into a newly allocated string. */
static char *
col_str(sqlite3_stmt *st, int i)
{
	const char	*s = (const char *)sqlite3_column_text(st, i);

	return (xstrdup(s != NULL ? s : ""));
}

void
catalog_halls(Banshi__V1__HallList *out)
{
	static const char *hall_sql =
	    "SELECT code, name, address FROM cat_hall ORDER BY seq";
	static const char *dept_sql =
	    "SELECT d.code, d.name, d.address, d.phone, d.hours,"
	    " (SELECT count(*) FROM cat_item i WHERE i.department_code ="
	    "  d.code) FROM cat_department d WHERE d.hall_code = :hall"
	    " ORDER BY d.seq";
	sqlite3_stmt		*st, *ds;
	Banshi__V1__Hall	*h;
	Banshi__V1__Department	*d;
	size_t			 cap = 8, dcap;

	banshi__v1__hall_list__init(out);
	out->halls = xcalloc(cap, sizeof *out->halls);
	st = db_r(hall_sql);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (out->n_halls == cap) {
			cap *= 2;
			out->halls = xreallocarray(out->halls, cap,
			    sizeof *out->halls);
		}
		h = out->halls[out->n_halls++] = xmalloc(sizeof *h);
		banshi__v1__hall__init(h);
		h->code = col_str(st, 0);
		h->name = col_str(st, 1);
		h->address = col_str(st, 2);
		dcap = 8;
		h->departments = xcalloc(dcap, sizeof *h->departments);
		ds = db_r(dept_sql);
		db_bind_text(ds, ":hall", h->code);
		while (sqlite3_step(ds) == SQLITE_ROW) {
			if (h->n_departments == dcap) {
				dcap *= 2;
				h->departments = xreallocarray(h->departments,
				    dcap, sizeof *h->departments);
			}
			d = h->departments[h->n_departments++] =
			    xmalloc(sizeof *d);
			banshi__v1__department__init(d);
			d->code = col_str(ds, 0);
			d->name = col_str(ds, 1);
			d->hall_code = h->code;
			d->address = col_str(ds, 2);
			d->phone = col_str(ds, 3);
			d->hours = col_str(ds, 4);
			d->item_count = (uint32_t)sqlite3_column_int(ds, 5);
		}
		sqlite3_reset(ds);
	}
	sqlite3_reset(st);
}

void
catalog_halls_free(Banshi__V1__HallList *l)
{
	size_t	i, j;

	for (i = 0; i < l->n_halls; i++) {
		Banshi__V1__Hall *h = l->halls[i];

		for (j = 0; j < h->n_departments; j++) {
			free(h->departments[j]->code);
			free(h->departments[j]->name);
			free(h->departments[j]->address);
			free(h->departments[j]->phone);
			free(h->departments[j]->hours);
			free(h->departments[j]);
		}
		free(h->departments);
		free(h->code);
		free(h->name);
		free(h->address);
		free(h);
	}
	free(l->halls);
}

void
catalog_categories(int facet, Banshi__V1__CategoryList *out)
{
	static const char *sql =
	    "SELECT c.name, (SELECT count(*) FROM cat_item_category ic"
	    "  WHERE ic.facet = c.facet AND ic.name = c.name)"
	    " FROM cat_category c WHERE c.facet = :facet ORDER BY c.seq";
	sqlite3_stmt		*st;
	Banshi__V1__Category	*c;
	size_t			 cap = 16;

	banshi__v1__category_list__init(out);
	out->categories = xcalloc(cap, sizeof *out->categories);
	st = db_r(sql);
	db_bind_int(st, ":facet", facet);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (out->n_categories == cap) {
			cap *= 2;
			out->categories = xreallocarray(out->categories, cap,
			    sizeof *out->categories);
		}
		c = out->categories[out->n_categories++] = xmalloc(sizeof *c);
		banshi__v1__category__init(c);
		c->facet = facet;
		c->name = col_str(st, 0);
		c->item_count = (uint32_t)sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
}

void
catalog_categories_free(Banshi__V1__CategoryList *l)
{
	size_t	i;

	for (i = 0; i < l->n_categories; i++) {
		free(l->categories[i]->name);
		free(l->categories[i]);
	}
	free(l->categories);
}

/*
 * Cursors are the sort key of the last row sent: "rank\x1fname\x1fcode".
 * Returns 0 (also for an empty cursor, which starts at the top) or -1.
 */
static int
catalog_cursor(const uint8_t *data, size_t len, int *rank, char *name,
    size_t namelen, char *code, size_t codelen)
{
	char	buf[512], *p, *q;

	*rank = -1;
	name[0] = code[0] = '\0';
	if (len == 0)
		return (0);
	if (len >= sizeof buf || memchr(data, '\0', len) != NULL)
		return (-1);
	memcpy(buf, data, len);
	buf[len] = '\0';
	if ((p = strchr(buf, '\x1f')) == NULL ||
	    (q = strchr(p + 1, '\x1f')) == NULL)
		return (-1);
	*p = *q = '\0';
	*rank = atoi(buf);
	if (strlen(p + 1) >= namelen || strlen(q + 1) >= codelen ||
	    text_check(p + 1, 0, 0) != TEXT_OK)
		return (-1);
	strcpy(name, p + 1);
	strcpy(code, q + 1);
	return (0);
}

/*
 * Add rows (summary, rank, key, code) to a page until it holds limit items;
 * a row beyond that leaves a cursor naming the last item sent.  Returns 1
 * when the page is full.
 */
struct page_last {
	int	rank;
	char	key[400];
	char	code[64];
};

static int
catalog_page_add(sqlite3_stmt *st, uint32_t limit, Banshi__V1__ItemPage *out,
    struct page_last *last)
{
	char	cursor[512];
	int	full = 0;

	while (sqlite3_step(st) == SQLITE_ROW) {
		if (out->n_items == limit) {
			snprintf(cursor, sizeof cursor, "%d\x1f%s\x1f%s",
			    last->rank, last->key, last->code);
			out->next_cursor.data = (uint8_t *)xstrdup(cursor);
			out->next_cursor.len = strlen(cursor);
			full = 1;
			break;
		}
		out->items[out->n_items] = banshi__v1__item_summary__unpack(
		    NULL, (size_t)sqlite3_column_bytes(st, 0),
		    sqlite3_column_blob(st, 0));
		if (out->items[out->n_items] == NULL)
			continue;
		last->rank = sqlite3_column_int(st, 1);
		snprintf(last->key, sizeof last->key, "%s",
		    sqlite3_column_text(st, 2));
		snprintf(last->code, sizeof last->code, "%s",
		    sqlite3_column_text(st, 3));
		out->n_items++;
	}
	sqlite3_reset(st);
	return (full);
}

static void
catalog_page_init(Banshi__V1__ItemPage *out, uint32_t limit)
{
	banshi__v1__item_page__init(out);
	out->items = xcalloc(limit + 1, sizeof *out->items);
}

void
catalog_page_free(Banshi__V1__ItemPage *p)
{
	size_t	i;

	for (i = 0; i < p->n_items; i++)
		banshi__v1__item_summary__free_unpacked(p->items[i], NULL);
	free(p->items);
	free(p->next_cursor.data);
}

int
catalog_list_items(const Banshi__V1__ListItems *q, uint32_t limit,
    Banshi__V1__ItemPage *out)
{
	static const char *dept_sql =
	    "SELECT summary, 0, name, code FROM cat_item"
	    " WHERE department_code = :dept AND (name, code) > (:name, :code)"
	    " ORDER BY name, code LIMIT :limit";
	static const char *cat_sql =
	    "SELECT i.summary, 0, i.name, i.code FROM cat_item_category c"
	    " JOIN cat_item i ON i.id = c.item_id WHERE c.facet = :facet"
	    " AND c.name = :cat AND (i.name, i.code) > (:name, :code)"
	    " ORDER BY i.name, i.code LIMIT :limit";
	sqlite3_stmt		*st;
	struct page_last	 last;
	char			 name[400], code[64];
	int			 rank;

	if (catalog_cursor(q->cursor.data, q->cursor.len, &rank, name,
	    sizeof name, code, sizeof code) == -1)
		return (-1);
	if (q->filter_case ==
	    BANSHI__V1__LIST_ITEMS__FILTER_DEPARTMENT_CODE) {
		st = db_r(dept_sql);
		db_bind_text(st, ":dept", q->department_code);
	} else {
		st = db_r(cat_sql);
		db_bind_int(st, ":facet", q->category->facet);
		db_bind_text(st, ":cat", q->category->name);
	}
	db_bind_text(st, ":name", name);
	db_bind_text(st, ":code", code);
	db_bind_int(st, ":limit", limit + 1);
	catalog_page_init(out, limit);
	catalog_page_add(st, limit, out, &last);
	return (0);
}

/*
 * Count the items indexed under one gram, up to 1,000: past that, a pair
 * costs as much to count as the others would to read, so the first such
 * pair will do.
 */
static int64_t
catalog_gram_count(const char *gram)
{
	static const char *sql =
	    "SELECT count(*) FROM (SELECT 1 FROM cat_gram WHERE gram = :g"
	    " LIMIT 1000)";
	sqlite3_stmt	*st;
	int64_t		 n = 0;

	st = db_r(sql);
	db_bind_text(st, ":g", gram);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return (n);
}

/*
 * The gram of a query to look up: the query itself when it is one
 * character or two, else its rarest 2-character gram, or its first
 * character when every pair has a blank in it ("a b").  -1 for an empty
 * query.
 */
int
catalog_search_gram(const char *q, char *gram, size_t gramlen)
{
	size_t		n = strlen(q), u1, u2;
	uint32_t	c;
	int64_t		best = -1, cnt;
	char		g[9];

	gram[0] = '\0';
	if ((u1 = text_decode(q, n, &c)) == 0)
		return (-1);
	if (!isspace((unsigned char)q[0]))
		snprintf(gram, gramlen, "%.*s", (int)u1, q);
	/* One pair has no rival: do not count a gram every item may hold. */
	if (n > u1 && (u2 = text_decode(q + u1, n - u1, &c)) == n - u1 &&
	    !isspace((unsigned char)q[0]) && !isspace((unsigned char)q[u1]) &&
	    n < gramlen) {
		memcpy(gram, q, n + 1);
		return (0);
	}
	/* Each pair: the character at q and the one after it. */
	while (n > u1) {
		if ((u2 = text_decode(q + u1, n - u1, &c)) == 0)
			return (-1);
		if (!isspace((unsigned char)q[0]) &&
		    !isspace((unsigned char)q[u1])) {
			memcpy(g, q, u1 + u2);
			g[u1 + u2] = '\0';
			cnt = catalog_gram_count(g);
			if (best == -1 || cnt < best) {
				best = cnt;
				snprintf(gram, gramlen, "%s", g);
			}
		}
		q += u1;
		n -= u1;
		u1 = u2;
	}
	return (gram[0] == '\0' ? -1 : 0);
}

/*
 * Results come in four ranks: the exact name, names that start with the
 * query, names that contain it, and items where only a keyword or the
 * department matches.  Each rank is read in (name, code) order from an index
 * and the next rank is read only while the page has room.  The cursor's rank
 * and key say where to resume.
 *
 * Ranks 2 and 3 walk the items that hold the query's gram, kind by kind
 * (cat_gram's key is gram, kind, name, code).  When the query is the gram
 * itself (one character, or two), a row's kind is its item's rank, so each
 * rank is one range of the key: a page costs a page of rows however many
 * items match ("局" is in every department's name).  A longer query merges
 * the kinds that may hold it in name order and filters by the whole query,
 * so its cost grows with the rows of its rarest pair that the page skips.
 */
#define SEARCH_KIND(rank, kind, filter)					\
	"SELECT i.summary, " #rank ", g.name_lc, g.code"		\
	" FROM cat_gram g JOIN cat_item i ON i.id = g.item_id"	\
	" WHERE g.gram = :gram AND g.kind = " #kind			\
	" AND (g.name_lc, g.code) > (:k, :c)" filter
#define SEARCH_INSIDE	" AND instr(g.name_lc, :q) > 1"
#define SEARCH_ELSEWHERE \
	" AND instr(g.name_lc, :q) = 0 AND instr(i.search_text, :q) > 0"
#define SEARCH_PAGE	" ORDER BY 3, 4 LIMIT :l"

static const char *const search_sql[4] = {
	"SELECT summary, 0, name_lc, code FROM cat_item"
	" WHERE name_lc = :q AND (name_lc, code) > (:k, :c)"
	" ORDER BY name_lc, code LIMIT :l",
	"SELECT summary, 1, name_lc, code FROM cat_item"
	" WHERE name_lc > :q AND name_lc < :qhi AND (name_lc, code) > (:k, :c)"
	" ORDER BY name_lc, code LIMIT :l",
	SEARCH_KIND(2, 1, SEARCH_INSIDE) " UNION ALL "
	SEARCH_KIND(2, 2, SEARCH_INSIDE) SEARCH_PAGE,
	SEARCH_KIND(3, 1, SEARCH_ELSEWHERE) " UNION ALL "
	SEARCH_KIND(3, 2, SEARCH_ELSEWHERE) " UNION ALL "
	SEARCH_KIND(3, 3, SEARCH_ELSEWHERE) SEARCH_PAGE,
};
/* Ranks 2 and 3 of a query that is its own gram. */
static const char *const search_gram_sql[2] = {
	SEARCH_KIND(2, 2, "") SEARCH_PAGE,
	SEARCH_KIND(3, 3, "") SEARCH_PAGE,
};

/* Bind what rank k's statement names; by_kind: it is search_gram_sql's. */
static void
catalog_search_bind(sqlite3_stmt *st, int k, int by_kind, const char *q,
    const char *gram, const char *key, const char *code, uint32_t room)
{
	char	qhi[SEARCH_MAX_CHARS * 4 + 8];

	if (!by_kind)
		db_bind_text(st, ":q", q);
	if (k == 1) {
		/* Every name that starts with q sorts below q + U+10FFFF. */
		snprintf(qhi, sizeof qhi, "%s\xf4\x8f\xbf\xbf", q);
		db_bind_text(st, ":qhi", qhi);
	}
	if (k >= 2)
		db_bind_text(st, ":gram", gram);
	db_bind_text(st, ":k", key);
	db_bind_text(st, ":c", code);
	db_bind_int(st, ":l", room + 1);
}

int
catalog_search(const char *query, const uint8_t *cursor, size_t cursor_len,
    uint32_t limit, Banshi__V1__ItemPage *out)
{
	struct page_last	 last;
	sqlite3_stmt		*st;
	char			 q[SEARCH_MAX_CHARS * 4 + 1], gram[9];
	char			 key[400], code[64];
	int			 rank, k, by_kind;
	size_t			 b, e;

	/* Trim, fold ASCII case. */
	for (b = 0; isspace((unsigned char)query[b]); b++)
		;
	for (e = strlen(query); e > b && isspace((unsigned char)query[e - 1]);
	    e--)
		;
	if (e - b >= sizeof q)
		return (-1);
	memcpy(q, query + b, e - b);
	q[e - b] = '\0';
	catalog_fold(q);
	if (q[0] == '\0' || text_check(q, SEARCH_MAX_CHARS, 0) != TEXT_OK ||
	    catalog_search_gram(q, gram, sizeof gram) == -1)
		return (-1);
	if (catalog_cursor(cursor, cursor_len, &rank, key, sizeof key, code,
	    sizeof code) == -1 || rank > 3)
		return (-2);
	catalog_page_init(out, limit);
	for (k = rank < 0 ? 0 : rank; k < 4; k++) {
		by_kind = k >= 2 && strcmp(q, gram) == 0;
		st = db_r(by_kind ? search_gram_sql[k - 2] : search_sql[k]);
		catalog_search_bind(st, k, by_kind, q, gram,
		    k == rank ? key : "", k == rank ? code : "",
		    limit - (uint32_t)out->n_items);
		if (catalog_page_add(st, limit, out, &last))
			break;
	}
	return (0);
}

Banshi__V1__Item *
catalog_item(const char *code)
{
	static const char *sql = "SELECT detail FROM cat_item WHERE code = :c";
	sqlite3_stmt		*st;
	Banshi__V1__Item	*it = NULL;

	st = db_r(sql);
	db_bind_text(st, ":c", code);
	if (sqlite3_step(st) == SQLITE_ROW)
		it = banshi__v1__item__unpack(NULL,
		    (size_t)sqlite3_column_bytes(st, 0),
		    sqlite3_column_blob(st, 0));
	sqlite3_reset(st);
	return (it);
}

void
catalog_regions(const char *parent, Banshi__V1__RegionList *out)
{
	static const char *top_sql =
	    "SELECT r.code, r.name, r.level, EXISTS (SELECT 1 FROM cat_region"
	    " c WHERE c.parent = r.code) FROM cat_region r"
	    " WHERE r.parent IS NULL ORDER BY r.seq";
	static const char *sub_sql =
	    "SELECT r.code, r.name, r.level, EXISTS (SELECT 1 FROM cat_region"
	    " c WHERE c.parent = r.code) FROM cat_region r"
	    " WHERE r.parent = :parent ORDER BY r.seq";
	sqlite3_stmt		*st;
	Banshi__V1__Region	*r;
	size_t			 cap = 16;

	banshi__v1__region_list__init(out);
	out->regions = xcalloc(cap, sizeof *out->regions);
	if (*parent == '\0')
		st = db_r(top_sql);
	else {
		st = db_r(sub_sql);
		db_bind_text(st, ":parent", parent);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (out->n_regions == cap) {
			cap *= 2;
			out->regions = xreallocarray(out->regions, cap,
			    sizeof *out->regions);
		}
		r = out->regions[out->n_regions++] = xmalloc(sizeof *r);
		banshi__v1__region__init(r);
		r->code = col_str(st, 0);
		r->name = col_str(st, 1);
		r->level = sqlite3_column_int(st, 2);
		r->has_children = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
}

void
catalog_regions_free(Banshi__V1__RegionList *l)
{
	size_t	i;

	for (i = 0; i < l->n_regions; i++) {
		free(l->regions[i]->code);
		free(l->regions[i]->name);
		free(l->regions[i]);
	}
	free(l->regions);
}
