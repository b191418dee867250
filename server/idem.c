/*
 * Idempotency keys: a mutating request's reply is stored under its key in
 * the same transaction as its effect, so a retry after a reconnect gets the
 * first reply and never a second effect.
 */
#include <stdlib.h>

#include <event2/event.h>

#include "log.h"
#include "server.h"
#include "xmalloc.h"

int
idem_replay(struct conn *c, uint32_t id, const uint8_t *key)
{
	static const char *sql =
	    "SELECT reply FROM idempotency WHERE key = :key AND user_id = :user";
	sqlite3_stmt	*st;
	Reply		*r;
	int		 found = 0;

	st = db_r(sql);
	db_bind_blob(st, ":key", key, IDEM_KEY_LEN);
	db_bind_int(st, ":user", c->session != NULL ?
	    c->session->user_id : 0);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r = banshi__v1__reply__unpack(NULL,
		    (size_t)sqlite3_column_bytes(st, 0),
		    sqlite3_column_blob(st, 0));
		if (r != NULL) {
			log_debug("conn=%llu replaying reply for a retried "
			    "request", (unsigned long long)c->id);
			reply_send(c, id, r);
			banshi__v1__reply__free_unpacked(r, NULL);
			found = 1;
		}
	}
	sqlite3_reset(st);
	return (found);
}

int
idem_store(const uint8_t *key, int64_t user_id, const uint8_t *reply,
    size_t len)
{
	static const char *sql =
	    "INSERT INTO idempotency(key, user_id, reply, at)"
	    " VALUES (:key, :user, :reply, :at)";
	sqlite3_stmt	*st;

	st = db_w(sql);
	db_bind_blob(st, ":key", key, IDEM_KEY_LEN);
	db_bind_int(st, ":user", user_id);
	db_bind_blob(st, ":reply", reply, len);
	db_bind_int(st, ":at", clock_now());
	return (db_step_done(st));
}

int
idem_store_reply(const uint8_t *key, int64_t user_id, Reply *r)
{
	uint8_t	*buf;
	size_t	 len;
	int	 rc;

	len = banshi__v1__reply__get_packed_size(r);
	buf = xmalloc(len + 1);
	banshi__v1__reply__pack(r, buf);
	rc = idem_store(key, user_id, buf, len);
	free(buf);
	return (rc);
}

int
idem_seen(const uint8_t *key)
{
	static const char *sql = "SELECT 1 FROM idempotency WHERE key = :key";
	sqlite3_stmt	*st;
	int		 seen;

	st = db_w(sql);
	db_bind_blob(st, ":key", key, IDEM_KEY_LEN);
	seen = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return (seen);
}

/* ---- forgetting old keys ---------------------------------------------- */

#define IDEM_KEEP	(24 * 3600)	/* a retry comes within minutes */
#define IDEM_SWEEP	3600

static struct event	*idem_ev;
static struct batch_job	 idem_job;
static int		 idem_queued;

static int
idem_sweep_run(struct batch_job *job)
{
	static const char *sql = "DELETE FROM idempotency WHERE at < :before";
	sqlite3_stmt	*st;

	st = db_w(sql);
	db_bind_int(st, ":before", clock_now() - IDEM_KEEP);
	return (db_step_done(st));
}

static void
idem_sweep_done(struct batch_job *job, int committed)
{
	idem_queued = 0;
}

static void
idem_timer(evutil_socket_t fd, short events, void *arg)
{
	if (idem_queued)
		return;
	idem_queued = 1;
	idem_job.run = idem_sweep_run;
	idem_job.done = idem_sweep_done;
	batch_enqueue(&idem_job);
}

void
idem_init(struct event_base *base)
{
	struct timeval	tv = { IDEM_SWEEP, 0 };

	idem_ev = event_new(base, -1, EV_PERSIST, idem_timer, NULL);
	event_add(idem_ev, &tv);
}
