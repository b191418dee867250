/*
 * Pushes: the notices a committed change produced, sent as events to the
 * sessions they concern (a queue they see, the 需补办 list of a filer, a
 * case on their screen).  Runs on the loop, after COMMIT.
 *
 * Notices are gathered and sent together, at most PUSH_WINDOW_MS apart.
 * An event only says that a list or a case changed (the screen reads it
 * again), so ten changes to one queue make one QueueChanged to each screen
 * that shows it, and ten to one case one CaseChanged with the last
 * version.  Without this, each write in a hall where 64 clerks share a
 * queue cost 64 TLS records, and the loop spent more time telling screens
 * than writing cases.  The first notice after a quiet window goes out on
 * the loop's next turn; under load a screen hears of a change within the
 * window, sooner than a person can see.
 */
#include <sys/time.h>

#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "log.h"
#include "server.h"

#define PUSH_WINDOW_MS	50
#define PUSH_PENDING	256	/* distinct notices awaiting the window */

static struct notice	 push_pending[PUSH_PENDING];
static size_t		 push_n;
static struct event	*push_ev;
static struct timespec	 push_last;	/* the last flush, monotonic */

static void	push_flush_cb(evutil_socket_t, short, void *);

void
push_init(struct event_base *base)
{
	push_ev = evtimer_new(base, push_flush_cb, NULL);
}

void
push_free(void)
{
	if (push_ev != NULL)
		event_free(push_ev);
	push_ev = NULL;
	push_n = 0;
}

/* Does notice n concern session s? */
static int
push_concerns(const struct session *s, const struct notice *n)
{
	switch (n->kind) {
	case NOTICE_QUEUE:
		return (session_in_scope(s, n->scope));
	case NOTICE_FILER:
		return (s->user_id == n->user);
	case NOTICE_CASE:
		return (strcmp(s->open_case, n->serial) == 0);
	}
	return (0);
}

static void
push_event(struct session *s, Banshi__V1__Event *ev)
{
	Banshi__V1__ServerMessage	msg = BANSHI__V1__SERVER_MESSAGE__INIT;

	msg.body_case = BANSHI__V1__SERVER_MESSAGE__BODY_EVENT;
	msg.event = ev;
	conn_send(s->conn, &msg.base);
}

/* Send session s one event per queue and per case the pending notices
   say changed. */
static void
push_session(struct session *s, void *arg)
{
	Banshi__V1__Event		 ev = BANSHI__V1__EVENT__INIT;
	Banshi__V1__QueueChanged	 qc = BANSHI__V1__QUEUE_CHANGED__INIT;
	Banshi__V1__CaseChanged		 cc = BANSHI__V1__CASE_CHANGED__INIT;
	const struct notice		*n, *open = NULL;
	uint32_t			 queues = 0;
	size_t				 i;
	int				 q;

	(void)arg;
	if (s->conn == NULL)
		return;
	for (i = 0; i < push_n; i++) {
		n = &push_pending[i];
		if (!push_concerns(s, n))
			continue;
		if (n->kind == NOTICE_CASE)
			open = n;	/* one serial: the open case's */
		else if (n->queue > 0 && n->queue < 32)
			queues |= 1u << n->queue;
	}
	for (q = 1; q < 32; q++) {
		if ((queues & 1u << q) == 0)
			continue;
		qc.queue = (Banshi__V1__Queue)q;
		ev.body_case = BANSHI__V1__EVENT__BODY_QUEUE_CHANGED;
		ev.queue_changed = &qc;
		push_event(s, &ev);
	}
	if (open != NULL) {
		cc.serial = (char *)open->serial;
		cc.version = open->version;
		ev.body_case = BANSHI__V1__EVENT__BODY_CASE_CHANGED;
		ev.case_changed = &cc;
		push_event(s, &ev);
	}
}

static void
push_flush(void)
{
	session_each(push_session, NULL);
	push_n = 0;
	clock_gettime(CLOCK_MONOTONIC, &push_last);
}

static void
push_flush_cb(evutil_socket_t fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	(void)arg;
	push_flush();
}

/* Keep n pending unless an equal one is: a case keeps its last version. */
static void
push_gather(const struct notice *n)
{
	struct notice	*p;
	size_t		 i;

	for (i = 0; i < push_n; i++) {
		p = &push_pending[i];
		if (p->kind != n->kind)
			continue;
		if (n->kind == NOTICE_CASE && strcmp(p->serial, n->serial) == 0) {
			if (n->version > p->version)
				p->version = n->version;
			return;
		}
		if (n->kind != NOTICE_CASE && p->queue == n->queue &&
		    p->user == n->user && strcmp(p->scope, n->scope) == 0)
			return;
	}
	if (push_n == PUSH_PENDING)
		push_flush();	/* a full window goes out early */
	push_pending[push_n++] = *n;
}

void
push_notices(const struct notice *n, size_t count)
{
	struct timespec	now;
	struct timeval	wait = { 0, 0 };
	int64_t		since_us;
	size_t		i;

	for (i = 0; i < count; i++)
		push_gather(&n[i]);
	if (push_n == 0 || evtimer_pending(push_ev, NULL))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	since_us = (int64_t)(now.tv_sec - push_last.tv_sec) * 1000000 +
	    (now.tv_nsec - push_last.tv_nsec) / 1000;
	if (since_us >= 0 && since_us < PUSH_WINDOW_MS * 1000)
		wait.tv_usec = (suseconds_t)(PUSH_WINDOW_MS * 1000 - since_us);
	evtimer_add(push_ev, &wait);
}
