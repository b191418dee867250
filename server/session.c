/*
 * Sessions: made at login, found by token when a client reconnects, ended on
 * logout, idleness, lock or shutdown.  They live in memory; a restarted
 * server asks everyone to log in again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "log.h"
#include "server.h"
#include "xmalloc.h"

#define SESSION_SWEEP	1	/* seconds between idle sweeps */

static TAILQ_HEAD(, session)	 session_list =
    TAILQ_HEAD_INITIALIZER(session_list);
static int			 session_n;
static uint64_t			 session_next_id = 1;
static struct event		*session_ev;

static void
session_sweep_timer(evutil_socket_t fd, short events, void *arg)
{
	struct session	*s, *next;

	for (s = TAILQ_FIRST(&session_list); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		if (clock_now() - s->last_active > cfg->session_idle)
			session_end(s,
			    BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_IDLE);
	}
}

void
session_init(struct event_base *base)
{
	struct timeval	tv = { SESSION_SWEEP, 0 };

	session_ev = event_new(base, -1, EV_PERSIST, session_sweep_timer,
	    NULL);
	event_add(session_ev, &tv);
}

struct session *
session_create(int64_t user_id, const char *login, uint32_t posts,
    int must_change)
{
	struct session	*s;

	s = xcalloc(1, sizeof *s);
	s->id = session_next_id++;
	randombytes_buf(s->token, sizeof s->token);
	s->user_id = user_id;
	s->login = xstrdup(login);
	s->posts = posts;
	s->must_change = must_change;
	s->n_scopes = account_scopes(user_id, s->scopes, SESSION_SCOPES);
	s->last_active = clock_now();
	TAILQ_INSERT_TAIL(&session_list, s, entry);
	session_n++;
	return (s);
}

struct session *
session_find(const uint8_t *token, size_t len)
{
	struct session	*s;

	if (len != TOKEN_LEN)
		return (NULL);
	TAILQ_FOREACH(s, &session_list, entry) {
		if (sodium_memcmp(s->token, token, TOKEN_LEN) == 0)
			return (s);
	}
	return (NULL);
}

void
session_attach(struct session *s, struct conn *c)
{
	if (s->conn != NULL && s->conn != c)
		s->conn->session = NULL;	/* the old connection loses it */
	if (c->session != NULL && c->session != s)
		c->session->conn = NULL;
	s->conn = c;
	c->session = s;
	s->last_active = clock_now();
}

void
session_detach(struct conn *c)
{
	if (c->session != NULL) {
		c->session->conn = NULL;
		c->session = NULL;
	}
}

void
session_end(struct session *s, Banshi__V1__SessionEndReason reason)
{
	Banshi__V1__ServerMessage	msg = BANSHI__V1__SERVER_MESSAGE__INIT;
	Banshi__V1__Event		ev = BANSHI__V1__EVENT__INIT;
	Banshi__V1__SessionEnded	se = BANSHI__V1__SESSION_ENDED__INIT;

	log_info("session=%llu user=%s ended reason=%d",
	    (unsigned long long)s->id, s->login, (int)reason);
	if (s->conn != NULL) {
		if (reason !=
		    BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_UNSPECIFIED) {
			se.reason = reason;
			ev.body_case = BANSHI__V1__EVENT__BODY_SESSION_ENDED;
			ev.session_ended = &se;
			msg.body_case = BANSHI__V1__SERVER_MESSAGE__BODY_EVENT;
			msg.event = &ev;
			conn_send(s->conn, &msg.base);
		}
		s->conn->session = NULL;
	}
	TAILQ_REMOVE(&session_list, s, entry);
	session_n--;
	sodium_memzero(s->token, sizeof s->token);
	free(s->login);
	free(s);
}

void
session_end_user_except(int64_t user_id, const struct session *keep,
    Banshi__V1__SessionEndReason reason)
{
	struct session	*s, *next;

	for (s = TAILQ_FIRST(&session_list); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		if (s->user_id == user_id && s != keep)
			session_end(s, reason);
	}
}

void
session_end_user(int64_t user_id, Banshi__V1__SessionEndReason reason)
{
	session_end_user_except(user_id, NULL, reason);
}

int
session_touch(struct session *s)
{
	if (clock_now() - s->last_active > cfg->session_idle) {
		session_end(s,
		    BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_IDLE);
		return (-1);
	}
	s->last_active = clock_now();
	return (0);
}

int
session_count(void)
{
	return (session_n);
}

void
session_each(void (*fn)(struct session *, void *), void *arg)
{
	struct session	*s, *next;

	for (s = TAILQ_FIRST(&session_list); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		fn(s, arg);
	}
}

void
session_actor(const struct session *s, struct actor *who)
{
	memset(who, 0, sizeof *who);
	who->user_id = s->user_id;
	snprintf(who->login, sizeof who->login, "%s", s->login);
	who->posts = s->posts;
	memcpy(who->scopes, s->scopes, sizeof who->scopes);
	who->n_scopes = s->n_scopes;
	if (s->conn != NULL)
		snprintf(who->peer, sizeof who->peer, "%s", s->conn->peer);
}

int
session_in_scope(const struct session *s, const char *code)
{
	size_t	i;

	for (i = 0; i < s->n_scopes; i++)
		if (strcmp(s->scopes[i], code) == 0)
			return (1);
	return (0);
}
