/*
 * SQLite: a write connection owned by the writer thread (batch.c) and a read
 * connection owned by the event loop, which sees only committed data; cached
 * statements bound by name; migrations by PRAGMA user_version.  Each
 * connection is opened without SQLite's mutexes, so using one from the other
 * thread is a programming error and fatal.  Only db*.c and the modules that
 * use its cached statements touch sqlite3 objects.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "server.h"
#include "xmalloc.h"

struct db_cached {
	const char		*sql;
	sqlite3_stmt		*stmt;
	struct db_cached	*next;
};

static sqlite3		*db_wconn, *db_rconn;
static struct db_cached	*db_wcache, *db_rcache;
static pthread_t	 db_reader, db_writer;	/* who may use each */

/* Each entry moves the schema from version i to i + 1. */
static const char *db_migrations[] = {
	/* 1: accounts, org units and the audit chain. */
	"CREATE TABLE org_unit ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  parent_id INTEGER REFERENCES org_unit(id)"
	");"
	"CREATE INDEX org_unit_parent ON org_unit(parent_id);"
	"CREATE TABLE user ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  org_id INTEGER NOT NULL REFERENCES org_unit(id),"
	"  posts INTEGER NOT NULL,"
	"  pw_hash TEXT NOT NULL,"
	"  pw_changed_at INTEGER NOT NULL,"
	"  must_change INTEGER NOT NULL,"
	"  admin_locked INTEGER NOT NULL DEFAULT 0,"
	"  locked_until INTEGER NOT NULL DEFAULT 0,"
	"  failures INTEGER NOT NULL DEFAULT 0,"
	"  first_failure_at INTEGER NOT NULL DEFAULT 0,"
	"  last_login_at INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX user_org ON user(org_id);"
	"CREATE TABLE password_history ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES user(id),"
	"  pw_hash TEXT NOT NULL,"
	"  changed_at INTEGER NOT NULL"
	");"
	"CREATE INDEX password_history_user ON password_history(user_id, id);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  post TEXT NOT NULL,"
	"  peer TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  object TEXT NOT NULL,"
	"  outcome TEXT NOT NULL,"
	"  detail TEXT NOT NULL,"
	"  prev BLOB NOT NULL,"
	"  hash BLOB NOT NULL"
	");"
	"CREATE TABLE audit_head ("
	"  one INTEGER PRIMARY KEY CHECK (one = 1),"
	"  last_id INTEGER NOT NULL,"
	"  last_hash BLOB NOT NULL"
	");"
	"CREATE TABLE idempotency ("
	"  key BLOB PRIMARY KEY,"
	"  user_id INTEGER NOT NULL,"
	"  reply BLOB NOT NULL,"
	"  at INTEGER NOT NULL"
	") WITHOUT ROWID;",

	/* 2: the service catalogue, replaced whole on each load. */
	"CREATE TABLE cat_hall ("
	"  code TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  address TEXT NOT NULL,"
	"  seq INTEGER NOT NULL"
	");"
	"CREATE TABLE cat_department ("
	"  code TEXT PRIMARY KEY,"
	"  hall_code TEXT NOT NULL REFERENCES cat_hall(code),"
	"  name TEXT NOT NULL,"
	"  address TEXT NOT NULL,"
	"  phone TEXT NOT NULL,"
	"  hours TEXT NOT NULL,"
	"  seq INTEGER NOT NULL"
	");"
	"CREATE TABLE cat_region ("
	"  code TEXT PRIMARY KEY,"
	"  parent TEXT,"
	"  name TEXT NOT NULL,"
	"  level INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL"
	");"
	"CREATE INDEX cat_region_parent ON cat_region(parent, seq);"
	"CREATE TABLE cat_item ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  name_lc TEXT NOT NULL,"
	"  department_code TEXT NOT NULL REFERENCES cat_department(code),"
	"  search_text TEXT NOT NULL,"
	"  summary BLOB NOT NULL,"
	"  detail BLOB NOT NULL"
	");"
	"CREATE INDEX cat_item_department ON cat_item(department_code, name,"
	"  code);"
	"CREATE INDEX cat_item_name ON cat_item(name_lc, code);"
	"CREATE TABLE cat_category ("
	"  facet INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  PRIMARY KEY (facet, name)"
	") WITHOUT ROWID;"
	"CREATE TABLE cat_item_category ("
	"  facet INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  item_id INTEGER NOT NULL REFERENCES cat_item(id),"
	"  PRIMARY KEY (facet, name, item_id)"
	") WITHOUT ROWID;"
	/* One row per (1- or 2-character gram, item), in the items' sort
	   order: FTS5's trigram tokenizer cannot answer 1- and 2-character
	   Chinese queries, and a search walks a gram's items in order. */
	"CREATE TABLE cat_gram ("
	"  gram TEXT NOT NULL,"
	"  name_lc TEXT NOT NULL,"
	"  code TEXT NOT NULL,"
	"  item_id INTEGER NOT NULL,"
	"  PRIMARY KEY (gram, name_lc, code)"
	") WITHOUT ROWID;"
	"CREATE TABLE cat_meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	");",

	/* 3: filing: the registry, files, drafts, uploads and cases. */
	"CREATE TABLE reg_person ("
	"  id_number TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  sex TEXT NOT NULL,"
	"  birth_date TEXT NOT NULL,"
	"  household_address TEXT NOT NULL,"
	"  household_type TEXT NOT NULL,"
	"  phone TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE reg_enterprise ("
	"  credit_code TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  legal_rep TEXT NOT NULL,"
	"  address TEXT NOT NULL,"
	"  phone TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE reg_elicence ("
	"  id INTEGER PRIMARY KEY,"
	"  holder TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  number TEXT NOT NULL,"
	"  issuer TEXT NOT NULL,"
	"  valid_until TEXT NOT NULL"
	");"
	"CREATE INDEX reg_elicence_holder ON reg_elicence(holder, type);"
	/* Content-addressed files under data_dir/files. */
	"CREATE TABLE file ("
	"  hash BLOB PRIMARY KEY,"
	"  size INTEGER NOT NULL,"
	"  type TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE draft ("
	"  id INTEGER PRIMARY KEY,"
	"  public_id TEXT NOT NULL UNIQUE,"
	"  item_code TEXT NOT NULL,"
	"  created_by INTEGER NOT NULL REFERENCES user(id),"
	"  version INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  body BLOB NOT NULL"
	");"
	"CREATE INDEX draft_owner ON draft(created_by, updated_at, id);"
	"CREATE TABLE upload ("
	"  id INTEGER PRIMARY KEY,"
	"  public_id TEXT NOT NULL UNIQUE,"
	"  draft_id INTEGER NOT NULL REFERENCES draft(id) ON DELETE CASCADE,"
	"  slot INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  filename TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  hash BLOB NOT NULL,"
	"  created_by INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX upload_draft ON upload(draft_id, slot, size, hash);"
	"CREATE TABLE serial_counter ("
	"  prefix TEXT PRIMARY KEY,"
	"  next INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE case_file ("
	"  id INTEGER PRIMARY KEY,"
	"  serial TEXT NOT NULL UNIQUE,"
	"  item_code TEXT NOT NULL,"
	"  item_name TEXT NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  department_code TEXT NOT NULL,"
	"  department_name TEXT NOT NULL,"
	"  applicant_name TEXT NOT NULL,"
	"  region_code TEXT NOT NULL,"
	"  status INTEGER NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  created_by INTEGER NOT NULL REFERENCES user(id),"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  body BLOB NOT NULL"
	");"
	"CREATE INDEX case_creator ON case_file(created_by, id);"
	"CREATE TABLE case_event ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES case_file(id),"
	"  at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  post TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  opinion TEXT NOT NULL"
	");"
	"CREATE INDEX case_event_case ON case_event(case_id, id);",

	/* 4: the back office: steps, claims, the clock, SMS, reminders. */
	"ALTER TABLE case_file ADD COLUMN step INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE case_file ADD COLUMN post INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE case_file ADD COLUMN scope TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE case_file ADD COLUMN phase INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE case_file ADD COLUMN express INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE case_file ADD COLUMN phone TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE case_file ADD COLUMN promised_days INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE case_file ADD COLUMN legal_days INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE case_file ADD COLUMN accepted_day INTEGER;"
	"ALTER TABLE case_file ADD COLUMN deadline_day INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE case_file ADD COLUMN paused_since INTEGER;"
	"ALTER TABLE case_file ADD COLUMN paused_days INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE case_file ADD COLUMN extension_days INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE case_file ADD COLUMN claimed_by INTEGER;"
	"ALTER TABLE case_file ADD COLUMN claimed_at INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE case_file ADD COLUMN extra BLOB;"
	"CREATE INDEX case_queue ON case_file(step, scope, deadline_day,"
	"  created_at, id) WHERE step != 0;"
	"CREATE INDEX case_supplement ON case_file(created_by, status, id);"
	/* Open cases per (scope, step), kept in the same transaction. */
	"CREATE TABLE queue_count ("
	"  scope TEXT NOT NULL,"
	"  step INTEGER NOT NULL,"
	"  post INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (scope, step, post)"
	") WITHOUT ROWID;"
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  phone TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  event TEXT NOT NULL,"
	"  case_id INTEGER,"
	"  created_at INTEGER NOT NULL,"
	"  state INTEGER NOT NULL DEFAULT 0,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_at INTEGER NOT NULL,"
	"  sent_at INTEGER,"
	"  last_error TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX outbox_due ON outbox(state, next_at);"
	"ALTER TABLE user ADD COLUMN mobile TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE user ADD COLUMN remind INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE user ADD COLUMN reminded_at INTEGER NOT NULL DEFAULT 0;"
	/* Cases filed before: waiting at their first step (civic: 预审). */
	"UPDATE case_file SET step = CASE kind WHEN 2 THEN 5 ELSE 1 END,"
	"  post = CASE kind WHEN 2 THEN 6 ELSE 2 END, scope = department_code"
	"  WHERE status IN (1, 2);"
	"INSERT INTO queue_count(scope, step, post, n) SELECT scope, step,"
	"  post, count(*) FROM case_file WHERE step != 0 AND status IN (1, 2)"
	"  GROUP BY scope, step, post;",

	/* 5: the case as filed moves to a row of its own, so the rows the
	   queues and the actions read stay small (a few hundred bytes). */
	"CREATE TABLE case_body ("
	"  case_id INTEGER PRIMARY KEY REFERENCES case_file(id),"
	"  body BLOB NOT NULL"
	");"
	"INSERT INTO case_body(case_id, body) SELECT id, body FROM case_file;"
	"ALTER TABLE case_file DROP COLUMN body;",

	/* 6: catalogue search: each gram row says where its gram sits in the
	   item's name (1 at the start, 2 further in, 3 not in the name), and
	   the key orders by it after the gram, so a 1- or 2-character query
	   reads each rank as one range, a page at a time however many items
	   match. */
	"ALTER TABLE cat_gram RENAME TO cat_gram_old;"
	"CREATE TABLE cat_gram ("
	"  gram TEXT NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  name_lc TEXT NOT NULL,"
	"  code TEXT NOT NULL,"
	"  item_id INTEGER NOT NULL,"
	"  PRIMARY KEY (gram, kind, name_lc, code)"
	") WITHOUT ROWID;"
	"INSERT INTO cat_gram(gram, kind, name_lc, code, item_id)"
	"  SELECT gram, CASE instr(name_lc, gram) WHEN 0 THEN 3 WHEN 1 THEN 1"
	"  ELSE 2 END, name_lc, code, item_id FROM cat_gram_old;"
	"DROP TABLE cat_gram_old;",
};

/*
 * The page cache and the memory map of one connection.  Each commit of the
 * writer empties the reader's page cache (WAL mode), and with the file
 * mapped it also unmaps the reader's whole map (SQLite's pager does that
 * when the database changed): under a steady stream of commits the munmap
 * and its TLB shootdowns cost the loop more than pread, so the map is off
 * unless [storage] mmap_size asks for it (read-mostly deployments).
 */
static int
db_tune(sqlite3 *c, size_t cache, size_t map, char *err, size_t errlen)
{
	char	sql[128];

	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%zu; PRAGMA mmap_size="
	    "%zu;", cache / 1024, map);
	if (sqlite3_exec(c, sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "pragmas: %s", sqlite3_errmsg(c));
		return (-1);
	}
	return (0);
}

/* Apply one connection's pragmas and check they took. */
static int
db_pragmas(sqlite3 *c, char *err, size_t errlen)
{
	sqlite3_stmt	*st;
	int		 sync = -1;

	sqlite3_busy_timeout(c, 5000);
	if (sqlite3_exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
	    "PRAGMA temp_store=MEMORY;", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "pragmas: %s", sqlite3_errmsg(c));
		return (-1);
	}
	if (sqlite3_prepare_v2(c, "PRAGMA synchronous", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		sync = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (sync != 2) {
		snprintf(err, errlen, "synchronous=FULL did not take "
		    "(got %d): refusing to run without durable commits", sync);
		return (-1);
	}
	if (sqlite3_prepare_v2(c, "PRAGMA journal_mode", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "wal") != 0) {
		snprintf(err, errlen, "journal_mode=WAL did not take");
		sqlite3_finalize(st);
		return (-1);
	}
	sqlite3_finalize(st);
	return (0);
}

/* Bring the schema up to the newest version, one transaction each. */
static int
db_migrate(char *err, size_t errlen)
{
	sqlite3_stmt	*st;
	int		 version = 0, target;
	char		*msg = NULL, sql[64];

	target = (int)(sizeof db_migrations / sizeof db_migrations[0]);
	if (sqlite3_prepare_v2(db_wconn, "PRAGMA user_version", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > target) {
		snprintf(err, errlen, "database schema version %d is newer "
		    "than this banshid (%d)", version, target);
		return (-1);
	}
	for (; version < target; version++) {
		snprintf(sql, sizeof sql, "PRAGMA user_version=%d;",
		    version + 1);
		if (sqlite3_exec(db_wconn, "BEGIN IMMEDIATE", NULL, NULL,
		    &msg) != SQLITE_OK ||
		    sqlite3_exec(db_wconn, db_migrations[version], NULL, NULL,
		    &msg) != SQLITE_OK ||
		    sqlite3_exec(db_wconn, sql, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db_wconn, "COMMIT", NULL, NULL, &msg) !=
		    SQLITE_OK) {
			snprintf(err, errlen, "migration to version %d: %s",
			    version + 1, msg != NULL ? msg : "?");
			sqlite3_free(msg);
			sqlite3_exec(db_wconn, "ROLLBACK", NULL, NULL, NULL);
			return (-1);
		}
		log_info("database migrated to version %d", version + 1);
	}
	return (0);
}

int
db_open(const char *path, size_t cache, size_t map, char *err, size_t errlen)
{
	int	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX;

	db_reader = db_writer = pthread_self();
	if (sqlite3_open_v2(path, &db_wconn, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
		    sqlite3_errmsg(db_wconn));
		goto fail;
	}
	if (db_pragmas(db_wconn, err, errlen) == -1 ||
	    db_tune(db_wconn, cache, map, err, errlen) == -1 ||
	    db_migrate(err, errlen) == -1)
		goto fail;
	if (sqlite3_open_v2(path, &db_rconn, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
		    sqlite3_errmsg(db_rconn));
		goto fail;
	}
	sqlite3_busy_timeout(db_rconn, 5000);
	if (db_tune(db_rconn, cache, map, err, errlen) == -1)
		goto fail;
	return (0);
fail:
	db_close();
	return (-1);
}

static void
db_cache_free(struct db_cached **head)
{
	struct db_cached	*c, *next;

	for (c = *head; c != NULL; c = next) {
		next = c->next;
		sqlite3_finalize(c->stmt);
		free(c);
	}
	*head = NULL;
}

void
db_close(void)
{
	db_cache_free(&db_wcache);
	db_cache_free(&db_rcache);
	if (db_rconn != NULL)
		sqlite3_close(db_rconn);
	if (db_wconn != NULL)
		sqlite3_close(db_wconn);
	db_rconn = db_wconn = NULL;
}

/* Find or prepare a statement for sql on a connection. */
static sqlite3_stmt *
db_cached(sqlite3 *c, struct db_cached **head, const char *sql)
{
	struct db_cached	*e;

	for (e = *head; e != NULL; e = e->next) {
		if (e->sql == sql) {
			sqlite3_reset(e->stmt);
			sqlite3_clear_bindings(e->stmt);
			return (e->stmt);
		}
	}
	e = xcalloc(1, sizeof *e);
	e->sql = sql;
	if (sqlite3_prepare_v3(c, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &e->stmt, NULL) != SQLITE_OK)
		fatalx("prepare %s: %s", sql, sqlite3_errmsg(c));
	e->next = *head;
	*head = e;
	return (e->stmt);
}

void
db_writer_attach(pthread_t t)
{
	db_writer = t;
}

sqlite3_stmt *
db_w(const char *sql)
{
	if (!pthread_equal(pthread_self(), db_writer))
		fatalx("write connection used off the writer thread: %s", sql);
	return (db_cached(db_wconn, &db_wcache, sql));
}

sqlite3_stmt *
db_r(const char *sql)
{
	if (!pthread_equal(pthread_self(), db_reader))
		fatalx("read connection used off the loop: %s", sql);
	return (db_cached(db_rconn, &db_rcache, sql));
}

static int
db_param(sqlite3_stmt *st, const char *name)
{
	int	i;

	if ((i = sqlite3_bind_parameter_index(st, name)) == 0)
		fatalx("no parameter %s in %s", name, sqlite3_sql(st));
	return (i);
}

void
db_bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	sqlite3_bind_text(st, db_param(st, name), v, -1, SQLITE_TRANSIENT);
}

void
db_bind_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	sqlite3_bind_int64(st, db_param(st, name), v);
}

void
db_bind_blob(sqlite3_stmt *st, const char *name, const void *v, size_t len)
{
	sqlite3_bind_blob(st, db_param(st, name), v, (int)len,
	    SQLITE_TRANSIENT);
}

int
db_step_done(sqlite3_stmt *st)
{
	int	rc;

	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		log_warnx("sqlite: %s: %s", sqlite3_sql(st),
		    sqlite3_errmsg(sqlite3_db_handle(st)));
		sqlite3_reset(st);
		return (-1);
	}
	sqlite3_reset(st);
	return (0);
}

int
db_do(const char *sql)
{
	return (db_step_done(db_w(sql)));
}

int
db_exec(const char *sql)
{
	char	*msg = NULL;

	if (!pthread_equal(pthread_self(), db_writer))
		fatalx("write connection used off the writer thread: %s", sql);
	if (sqlite3_exec(db_wconn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_warnx("sqlite: %s: %s", sql, msg != NULL ? msg : "?");
		sqlite3_free(msg);
		return (-1);
	}
	return (0);
}

const char *
db_errmsg(void)
{
	return (sqlite3_errmsg(db_wconn));
}

int
db_errcode(void)
{
	return (sqlite3_extended_errcode(db_wconn));
}

int64_t
db_last_rowid(void)
{
	return (sqlite3_last_insert_rowid(db_wconn));
}

int
db_changes(void)
{
	return (sqlite3_changes(db_wconn));
}
