/*
 * The common shape of a mutating request.  The handler checks what it can
 * without the database and submits; apply() runs on the writer thread
 * inside the batch, in the request's own savepoint, calls the core and
 * fills the reply, which is packed once, stored under the idempotency key
 * in the same transaction, and sent from the loop after COMMIT together
 * with the pushes the change produced.  A retry with the same key gets the
 * stored reply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "server.h"
#include "xmalloc.h"

static int
write_run(struct batch_job *job)
{
	struct write_call	*wc = (struct write_call *)job;
	Reply			 r = BANSHI__V1__REPLY__INIT;
	int			 rc;

	if (idem_seen(wc->key)) {
		wc->dup = 1;
		return (0);
	}
	r.id = wc->id;
	r.status = &wc->tx.status;
	rc = wc->apply(wc, &r);
	if (rc == -1 && wc->tx.status.code == 0)
		txn_refuse(&wc->tx, BANSHI__V1__STATUS_CODE__STATUS_INTERNAL,
		    NULL, "the change could not be stored");
	wc->code = wc->tx.status.code;
	wc->reply_len = banshi__v1__reply__get_packed_size(&r);
	wc->reply = xmalloc(REPLY_ROOM + wc->reply_len);
	banshi__v1__reply__pack(&r, wc->reply + REPLY_ROOM);
	/*
	 * Refusals are not stored: a retry may succeed once fixed.  An apply
	 * that refuses but returns 0 keeps what it wrote (an audited denial).
	 */
	if (rc == 0 && wc->code == 0 && idem_store(wc->key, wc->tx.who.user_id,
	    wc->reply + REPLY_ROOM, wc->reply_len) == -1)
		return (-1);
	return (rc);
}

static void
write_done(struct batch_job *job, int committed)
{
	struct write_call	*wc = (struct write_call *)job;

	if (!committed)
		reply_status(wc->conn, wc->id,
		    BANSHI__V1__STATUS_CODE__STATUS_UNAVAILABLE,
		    "the server could not store the change", NULL);
	else if (wc->dup) {
		if (!idem_replay(wc->conn, wc->id, wc->key))
			reply_status(wc->conn, wc->id,
			    BANSHI__V1__STATUS_CODE__STATUS_CONFLICT,
			    "this idempotency key was used for another request",
			    "idempotency_key");
	} else if (job->failed && wc->code == 0) {
		/* Built as a success, then undone: say so instead. */
		reply_status(wc->conn, wc->id,
		    BANSHI__V1__STATUS_CODE__STATUS_INTERNAL,
		    "the change could not be stored", NULL);
	} else {
		if (!job->failed) {
			push_notices(wc->tx.notices, wc->tx.n_notices);
			if (wc->after != NULL && wc->code == 0)
				wc->after(wc);
		}
		reply_send_packed(wc->conn, wc->reply, wc->reply_len);
	}
	conn_unref(wc->conn);
	if (wc->req != NULL)
		banshi__v1__client_message__free_unpacked(wc->req, NULL);
	free(wc->reply);
	txn_clear(&wc->tx);
	free(wc->extra);
	free(wc);
}

struct write_call *
write_new(struct conn *c, uint32_t id, const ClientMessage *m,
    int (*apply)(struct write_call *, Reply *))
{
	struct write_call	*wc;
	struct actor		*who;
	uint8_t			*buf;
	size_t			 len;

	wc = xcalloc(1, sizeof *wc);
	wc->job.run = write_run;
	wc->job.done = write_done;
	wc->conn = c;
	conn_ref(c);
	wc->id = id;
	memcpy(wc->key, m->idempotency_key.data, IDEM_KEY_LEN);
	txn_init(&wc->tx);
	/* The writer thread never touches the session: copy who acts. */
	who = &wc->tx.who;
	who->user_id = c->session->user_id;
	snprintf(who->login, sizeof who->login, "%s", c->session->login);
	who->posts = c->session->posts;
	memcpy(who->scopes, c->session->scopes, sizeof who->scopes);
	who->n_scopes = c->session->n_scopes;
	snprintf(who->peer, sizeof who->peer, "%s", c->peer);
	wc->apply = apply;
	/* The dispatcher frees m after the handler: keep a copy. */
	len = banshi__v1__client_message__get_packed_size(m);
	buf = xmalloc(len + 1);
	banshi__v1__client_message__pack(m, buf);
	wc->req = banshi__v1__client_message__unpack(NULL, len, buf);
	free(buf);
	if (wc->req == NULL)
		fatalx("write_new: cannot copy a request");
	return (wc);
}

void
write_start(struct conn *c, uint32_t id, const ClientMessage *m,
    int (*apply)(struct write_call *, Reply *),
    void (*after)(struct write_call *))
{
	struct write_call	*wc;

	wc = write_new(c, id, m, apply);
	wc->after = after;
	write_submit(wc);
}

void
write_submit(struct write_call *wc)
{
	batch_enqueue(&wc->job);
}
