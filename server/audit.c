/*
 * The audit chain.  Each record carries the BLAKE2b of the previous one; the
 * head row names the last record, so an edited, removed or inserted record
 * breaks the chain where it happened and a cut-off tail is seen too.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "log.h"
#include "server.h"

#define AUDIT_HASH_LEN	32

/* Hash one record: the previous hash, then every field length-prefixed. */
static void
audit_hash(uint8_t out[AUDIT_HASH_LEN], const uint8_t *prev, size_t prevlen,
    int64_t id, int64_t at, const char *fields[7])
{
	crypto_generichash_state	st;
	uint8_t				num[8];
	uint32_t			len;
	int				i;

	crypto_generichash_init(&st, NULL, 0, AUDIT_HASH_LEN);
	crypto_generichash_update(&st, prev, prevlen);
	for (i = 0; i < 8; i++)
		num[i] = (uint8_t)((uint64_t)id >> (8 * i));
	crypto_generichash_update(&st, num, sizeof num);
	for (i = 0; i < 8; i++)
		num[i] = (uint8_t)((uint64_t)at >> (8 * i));
	crypto_generichash_update(&st, num, sizeof num);
	for (i = 0; i < 7; i++) {
		len = (uint32_t)strlen(fields[i]);
		crypto_generichash_update(&st, (const uint8_t *)&len,
		    sizeof len);
		crypto_generichash_update(&st, (const uint8_t *)fields[i],
		    len);
	}
	crypto_generichash_final(&st, out, AUDIT_HASH_LEN);
}

int
audit_append(const struct audit_rec *r)
{
	static const char *head_sql =
	    "SELECT last_id, last_hash FROM audit_head WHERE one = 1";
	static const char *insert_sql =
	    "INSERT INTO audit(id, at, actor, post, peer, action, object,"
	    " outcome, detail, prev, hash) VALUES (:id, :at, :actor, :post,"
	    " :peer, :action, :object, :outcome, :detail, :prev, :hash)";
	static const char *update_sql =
	    "INSERT INTO audit_head(one, last_id, last_hash)"
	    " VALUES (1, :id, :hash) ON CONFLICT(one) DO UPDATE SET"
	    " last_id = excluded.last_id, last_hash = excluded.last_hash";
	sqlite3_stmt	*st;
	uint8_t		 prev[AUDIT_HASH_LEN], hash[AUDIT_HASH_LEN];
	int64_t		 id = 1, at = clock_now();
	const char	*f[7] = { r->actor, r->post, r->peer, r->action,
			    r->object, r->outcome, r->detail };

	memset(prev, 0, sizeof prev);
	st = db_w(head_sql);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0) + 1;
		if (sqlite3_column_bytes(st, 1) == AUDIT_HASH_LEN)
			memcpy(prev, sqlite3_column_blob(st, 1), sizeof prev);
	}
	sqlite3_reset(st);
	audit_hash(hash, prev, sizeof prev, id, at, f);

	st = db_w(insert_sql);
	db_bind_int(st, ":id", id);
	db_bind_int(st, ":at", at);
	db_bind_text(st, ":actor", r->actor);
	db_bind_text(st, ":post", r->post);
	db_bind_text(st, ":peer", r->peer);
	db_bind_text(st, ":action", r->action);
	db_bind_text(st, ":object", r->object);
	db_bind_text(st, ":outcome", r->outcome);
	db_bind_text(st, ":detail", r->detail);
	db_bind_blob(st, ":prev", prev, sizeof prev);
	db_bind_blob(st, ":hash", hash, sizeof hash);
	if (db_step_done(st) == -1)
		return (-1);
	st = db_w(update_sql);
	db_bind_int(st, ":id", id);
	db_bind_blob(st, ":hash", hash, sizeof hash);
	return (db_step_done(st));
}

/* Text of a column, never NULL. */
static const char *
audit_col(sqlite3_stmt *st, int i)
{
	const char	*s = (const char *)sqlite3_column_text(st, i);

	return (s != NULL ? s : "");
}

/*
 * Walk the chain on its own read-only connection, so that it can run on a
 * worker while the loop serves: the chain grows with every action.
 */
int64_t
audit_verify(const char *path, char *why, size_t whylen)
{
	static const char *walk_sql =
	    "SELECT id, at, actor, post, peer, action, object, outcome,"
	    " detail, prev, hash FROM audit ORDER BY id";
	static const char *head_sql =
	    "SELECT last_id, last_hash FROM audit_head WHERE one = 1";
	sqlite3		*db;
	sqlite3_stmt	*st = NULL;
	uint8_t		 prev[AUDIT_HASH_LEN], hash[AUDIT_HASH_LEN];
	int64_t		 n = 0, id, expect = 1, head_id = 0, rc_n = -1;
	const char	*f[7];
	int		 i, rc;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		snprintf(why, whylen, "%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return (-1);
	}
	sqlite3_busy_timeout(db, 5000);
	memset(prev, 0, sizeof prev);
	if (sqlite3_prepare_v2(db, walk_sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		for (i = 0; i < 7; i++)
			f[i] = audit_col(st, 2 + i);
		if (id != expect) {
			snprintf(why, whylen, "record %lld: expected record "
			    "%lld here (removed or inserted)", (long long)id,
			    (long long)expect);
			goto out;
		}
		if (sqlite3_column_bytes(st, 9) != AUDIT_HASH_LEN ||
		    memcmp(sqlite3_column_blob(st, 9), prev, sizeof prev) !=
		    0) {
			snprintf(why, whylen, "record %lld: does not follow "
			    "record %lld (removed or inserted)", (long long)id,
			    (long long)(id - 1));
			goto out;
		}
		audit_hash(hash, prev, sizeof prev, id,
		    sqlite3_column_int64(st, 1), f);
		if (sqlite3_column_bytes(st, 10) != AUDIT_HASH_LEN ||
		    memcmp(sqlite3_column_blob(st, 10), hash, sizeof hash) !=
		    0) {
			snprintf(why, whylen, "record %lld: altered (%s %s by "
			    "%s)", (long long)id, f[3], f[4], f[0]);
			goto out;
		}
		memcpy(prev, hash, sizeof prev);
		expect++;
		n++;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, head_sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW) {
		head_id = sqlite3_column_int64(st, 0);
		if (head_id != n || sqlite3_column_bytes(st, 1) !=
		    AUDIT_HASH_LEN || memcmp(sqlite3_column_blob(st, 1), prev,
		    sizeof prev) != 0) {
			snprintf(why, whylen, "record %lld: the chain ends "
			    "here but the last record written was %lld "
			    "(records removed from the end)",
			    (long long)n, (long long)head_id);
			goto out;
		}
	} else if (n != 0) {
		snprintf(why, whylen, "the audit head is missing");
		goto out;
	}
	rc_n = n;
	goto out;
fail:
	snprintf(why, whylen, "reading the audit table failed: %s",
	    sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return (rc_n);
}
