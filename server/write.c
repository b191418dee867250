/*
 * The common shape of a mutating request: the handler checks what it can
 * without the database and submits; apply() runs inside the batch, in the
 * request's own savepoint, and fills the reply; the reply is stored under
 * the idempotency key in the same transaction and sent after COMMIT.  A
 * retry with the same key gets the stored reply.
 */
#include <stdarg.h>
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
	Banshi__V1__Status	 st = BANSHI__V1__STATUS__INIT;
	int			 rc;

	if (idem_seen(wc->key)) {
		wc->dup = 1;
		return (0);
	}
	r.status = &st;
	rc = wc->apply(wc, &r);
	if (rc == -1 && st.code == 0) {
		st.code = BANSHI__V1__STATUS_CODE__STATUS_INTERNAL;
		st.message = "the change could not be stored";
	}
	wc->reply_len = banshi__v1__reply__get_packed_size(&r);
	wc->reply = xmalloc(wc->reply_len + 1);
	banshi__v1__reply__pack(&r, wc->reply);
	/*
	 * Refusals are not stored: a retry may succeed once fixed.  An apply
	 * that refuses but returns 0 keeps what it wrote (an audited denial).
	 */
	if (rc == 0 && st.code == 0 && idem_store(wc->key, wc->user_id, &r) ==
	    -1)
		return (-1);
	return (rc);
}

static void
write_done(struct batch_job *job, int committed)
{
	struct write_call	*wc = (struct write_call *)job;
	Reply			*r;

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
	}
	else if ((r = banshi__v1__reply__unpack(NULL, wc->reply_len,
	    wc->reply)) != NULL) {
		if (job->failed && r->status->code == 0) {
			/* Built as a success, then undone: say so instead. */
			reply_status(wc->conn, wc->id,
			    BANSHI__V1__STATUS_CODE__STATUS_INTERNAL,
			    "the change could not be stored", NULL);
		} else {
			if (wc->after != NULL && !job->failed &&
			    (r->status->code == 0 || wc->notify_case[0] != '\0'))
				wc->after(wc);
			reply_send(wc->conn, wc->id, r);
		}
		banshi__v1__reply__free_unpacked(r, NULL);
	}
	conn_unref(wc->conn);
	if (wc->req != NULL)
		banshi__v1__client_message__free_unpacked(wc->req, NULL);
	free(wc->reply);
	while (wc->n_owned > 0)
		protobuf_c_message_free_unpacked(wc->owned[--wc->n_owned],
		    NULL);
	arena_free(&wc->arena);
	free(wc->extra);
	free(wc);
}

struct write_call *
write_new(struct conn *c, uint32_t id, const ClientMessage *m,
    int (*apply)(struct write_call *, Reply *))
{
	struct write_call	*wc;
	uint8_t			*buf;
	size_t			 len;

	wc = xcalloc(1, sizeof *wc);
	wc->job.run = write_run;
	wc->job.done = write_done;
	wc->conn = c;
	conn_ref(c);
	wc->id = id;
	memcpy(wc->key, m->idempotency_key.data, IDEM_KEY_LEN);
	wc->user_id = c->session->user_id;
	snprintf(wc->login, sizeof wc->login, "%s", c->session->login);
	wc->posts = c->session->posts;
	memcpy(wc->scopes, c->session->scopes, sizeof wc->scopes);
	wc->n_scopes = c->session->n_scopes;
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

void *
write_own(struct write_call *wc, ProtobufCMessage *m)
{
	if (m == NULL)
		return (NULL);
	if (wc->n_owned == sizeof wc->owned / sizeof wc->owned[0])
		fatalx("write_own: too many messages");
	wc->owned[wc->n_owned++] = m;
	return (m);
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

int
write_refuse(Reply *r, StatusCode code, const char *field, const char *fmt,
    ...)
{
	/* Kept until the reply is packed, right after the apply returns. */
	static char	msg[300], fieldbuf[80];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(fieldbuf, sizeof fieldbuf, "%s", field != NULL ? field : "");
	r->status->code = code;
	r->status->message = msg;
	r->status->field = fieldbuf;
	return (-1);
}

int
write_audit_outcome(struct write_call *wc, const char *action,
    const char *object, const char *outcome, const char *detail)
{
	struct audit_rec	a = { wc->login, "", wc->conn->peer, action,
				    object, outcome, detail };

	return (audit_append(&a));
}

int
write_audit(struct write_call *wc, const char *action, const char *object,
    const char *detail)
{
	return (write_audit_outcome(wc, action, object, "ok", detail));
}

void
case_free_later(struct write_call *wc, struct case_row *c)
{
	write_own(wc, (ProtobufCMessage *)c->body);
	write_own(wc, (ProtobufCMessage *)c->extra);
}
