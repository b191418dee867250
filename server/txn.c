/*
 * What a core call inside a write transaction works with: who acts, an
 * arena for what the reply borrows, the refusal if there is one, the audit
 * record, and the notices the change produces for other clients (sent by
 * the loop once the transaction has committed, never from here).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "server.h"

void
txn_init(struct txn *tx)
{
	banshi__v1__status__init(&tx->status);
	tx->status.message = tx->message;
	tx->status.field = tx->field;
}

void
txn_clear(struct txn *tx)
{
	while (tx->n_owned > 0)
		protobuf_c_message_free_unpacked(tx->owned[--tx->n_owned],
		    NULL);
	arena_free(&tx->arena);
}

int
txn_refuse(struct txn *tx, StatusCode code, const char *field,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(tx->message, sizeof tx->message, fmt, ap);
	va_end(ap);
	snprintf(tx->field, sizeof tx->field, "%s", field != NULL ? field :
	    "");
	tx->status.code = code;
	return (-1);
}

int
txn_audit(struct txn *tx, const char *action, const char *object,
    const char *outcome, const char *detail)
{
	struct audit_rec	a = { tx->who.login, "", tx->who.peer, action,
				    object, outcome, detail };

	return (audit_append(&a));
}

void *
txn_own(struct txn *tx, ProtobufCMessage *m)
{
	if (m == NULL)
		return (NULL);
	if (tx->n_owned == sizeof tx->owned / sizeof tx->owned[0])
		fatalx("txn_own: too many messages");
	tx->owned[tx->n_owned++] = m;
	return (m);
}

int
actor_in_scope(const struct actor *who, const char *code)
{
	size_t	i;

	for (i = 0; i < who->n_scopes; i++)
		if (strcmp(who->scopes[i], code) == 0)
			return (1);
	return (0);
}

/* Add a notice unless the same one is there already. */
static void
txn_notice(struct txn *tx, const struct notice *n)
{
	size_t	i;

	for (i = 0; i < tx->n_notices; i++)
		if (memcmp(&tx->notices[i], n, sizeof *n) == 0)
			return;
	if (tx->n_notices == TXN_NOTICES)
		fatalx("txn_notice: too many notices");
	tx->notices[tx->n_notices++] = *n;
}

void
txn_notify_queue(struct txn *tx, int queue, const char *scope)
{
	struct notice	n;

	if (queue == 0)
		return;
	memset(&n, 0, sizeof n);
	n.kind = NOTICE_QUEUE;
	n.queue = queue;
	snprintf(n.scope, sizeof n.scope, "%s", scope);
	txn_notice(tx, &n);
}

void
txn_notify_filer(struct txn *tx, int64_t user)
{
	struct notice	n;

	memset(&n, 0, sizeof n);
	n.kind = NOTICE_FILER;
	n.queue = BANSHI__V1__QUEUE__QUEUE_SUPPLEMENT;
	n.user = user;
	txn_notice(tx, &n);
}

void
txn_notify_case(struct txn *tx, const char *serial, uint64_t version)
{
	struct notice	n;

	memset(&n, 0, sizeof n);
	n.kind = NOTICE_CASE;
	snprintf(n.serial, sizeof n.serial, "%s", serial);
	n.version = version;
	txn_notice(tx, &n);
}
