/*
 * Pushes: the notices a committed change produced, sent as events to the
 * sessions they concern (a queue they see, the 需补办 list of a filer, a
 * case on their screen).  Runs on the loop, after COMMIT.
 */
#include <string.h>

#include "server.h"

static void
push_one(struct session *s, void *arg)
{
	const struct notice		*n = arg;
	Banshi__V1__ServerMessage	 msg = BANSHI__V1__SERVER_MESSAGE__INIT;
	Banshi__V1__Event		 ev = BANSHI__V1__EVENT__INIT;
	Banshi__V1__QueueChanged	 qc = BANSHI__V1__QUEUE_CHANGED__INIT;
	Banshi__V1__CaseChanged		 cc = BANSHI__V1__CASE_CHANGED__INIT;

	if (s->conn == NULL)
		return;
	switch (n->kind) {
	case NOTICE_QUEUE:
		if (!session_in_scope(s, n->scope))
			return;
		/* FALLTHROUGH */
	case NOTICE_FILER:
		if (n->kind == NOTICE_FILER && s->user_id != n->user)
			return;
		qc.queue = n->queue;
		ev.body_case = BANSHI__V1__EVENT__BODY_QUEUE_CHANGED;
		ev.queue_changed = &qc;
		break;
	case NOTICE_CASE:
		if (strcmp(s->open_case, n->serial) != 0)
			return;
		cc.serial = (char *)n->serial;
		cc.version = n->version;
		ev.body_case = BANSHI__V1__EVENT__BODY_CASE_CHANGED;
		ev.case_changed = &cc;
		break;
	}
	msg.body_case = BANSHI__V1__SERVER_MESSAGE__BODY_EVENT;
	msg.event = &ev;
	conn_send(s->conn, &msg.base);
}

void
push_notices(const struct notice *n, size_t count)
{
	size_t	i;

	for (i = 0; i < count; i++)
		session_each(push_one, (void *)&n[i]);
}
