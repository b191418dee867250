/*
 * Connections: the TLS listener, the control socket, framing of incoming
 * bytes, timeouts (handshake, Hello, a frame left half-sent), and orderly
 * closing with close_notify.  This is the bottom of the server: it calls
 * nothing above it by name.  Each whole frame goes up to the handler the
 * listener was given, and the layers above answer through the small
 * interface below (send, close, reference).
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/listener.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "frame.h"
#include "log.h"
#include "server.h"
#include "tls.h"
#include "xmalloc.h"

#define CONN_CLOSE_GRACE	2	/* seconds to flush before closing */
#define CONN_OUT_MAX		(8 * 1024 * 1024)	/* unread replies */
#define CONN_ACCEPT_PAUSE	1	/* seconds not accepting when out of fds */

static TAILQ_HEAD(, conn)	 conn_list = TAILQ_HEAD_INITIALIZER(conn_list);
static int			 conn_n;
static uint64_t			 conn_next_id = 1;
static struct event_base	*conn_base;
static struct evconnlistener	*conn_listener, *conn_ctl_listener;
static struct event		*conn_accept_timer;
static int			 conn_accept_failing;
static SSL_CTX			*conn_ssl_ctx;
static int			 conn_port;
static char			*conn_ctl_path;

static void	conn_read_cb(struct bufferevent *, void *);
static void	conn_write_cb(struct bufferevent *, void *);
static void	conn_event_cb(struct bufferevent *, short, void *);
static void	conn_timer(evutil_socket_t, short, void *);

const char *
conn_state_name(enum conn_state s)
{
	static const char *names[] = {
		[CONN_HANDSHAKE] = "handshake",
		[CONN_HELLO] = "hello",
		[CONN_OPEN] = "open",
		[CONN_CLOSING] = "closing",
		[CONN_DEAD] = "dead",
	};

	return (names[s]);
}

int
conn_count(void)
{
	return (conn_n);
}

int
conn_bound_port(void)
{
	return (conn_port);
}

void
conn_ref(struct conn *c)
{
	c->refs++;
}

void
conn_unref(struct conn *c)
{
	if (--c->refs > 0)
		return;
	if (c->timer != NULL)
		event_free(c->timer);
	free(c);
}

/* Arm the connection's one timer for secs seconds (0: disarm). */
static void
conn_arm(struct conn *c, int secs)
{
	struct timeval	tv = { secs, 0 };

	if (secs == 0)
		evtimer_del(c->timer);
	else
		evtimer_add(c->timer, &tv);
}

/* Free the bufferevent now; after close_notify when clean is set. */
static void
conn_finish(struct conn *c, int clean)
{
	SSL	*ssl;

	if (c->state == CONN_DEAD)
		return;
	log_debug("conn=%llu closed state=%s", (unsigned long long)c->id,
	    conn_state_name(c->state));
	c->state = CONN_DEAD;
	evtimer_del(c->timer);
	if (c->kind == CONN_TLS && clean &&
	    (ssl = bufferevent_openssl_get_ssl(c->bev)) != NULL) {
		ERR_clear_error();
		SSL_shutdown(ssl);
	}
	bufferevent_free(c->bev);
	c->bev = NULL;
	c->handler->closed(c);
	TAILQ_REMOVE(&conn_list, c, entry);
	conn_n--;
	conn_unref(c);
}

void
conn_close(struct conn *c, const char *why)
{
	if (c->state >= CONN_CLOSING)
		return;
	log_info("conn=%llu peer=%s closing: %s", (unsigned long long)c->id,
	    c->peer, why);
	c->state = CONN_CLOSING;
	bufferevent_disable(c->bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		event_active(c->timer, EV_TIMEOUT, 0);
	else
		conn_arm(c, CONN_CLOSE_GRACE);
}

void
conn_opened(struct conn *c)
{
	if (c->state == CONN_HELLO) {
		c->state = CONN_OPEN;
		/* A connection nobody logs in on does not keep its slot. */
		conn_arm(c, cfg->session_idle);
	}
}

void
conn_send(struct conn *c, const ProtobufCMessage *msg)
{
	uint8_t	*buf;
	size_t	 len;

	if (c->state == CONN_DEAD)
		return;
	buf = frame_pack(msg, &len);
	bufferevent_write(c->bev, buf, len);
	free(buf);
}

void
conn_send_frame(struct conn *c, const uint8_t *frame, size_t len)
{
	if (c->state != CONN_DEAD)
		bufferevent_write(c->bev, frame, len);
}

/* Take whole frames off the input and dispatch them. */
static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct conn		*c = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	uint8_t			 hdr[FRAME_HEADER], *body;
	size_t			 n, avail;
	enum frame_result	 r;

	conn_ref(c);
	while (c->state < CONN_CLOSING) {
		/* A peer that does not read its replies is not served more:
		   reading waits until the output drains. */
		if (evbuffer_get_length(bufferevent_get_output(bev)) >
		    CONN_OUT_MAX) {
			bufferevent_disable(bev, EV_READ);
			c->throttled = 1;
			break;
		}
		avail = evbuffer_get_length(in);
		if (avail < FRAME_HEADER)
			break;
		evbuffer_copyout(in, hdr, sizeof hdr);
		r = frame_check(hdr, sizeof hdr, cfg->max_frame, &n);
		if (r == FRAME_EMPTY || r == FRAME_TOO_LARGE) {
			log_warnx("conn=%llu peer=%s bad frame: %s (%zu bytes"
			    " announced, limit %zu)", (unsigned long long)c->id,
			    c->peer, frame_result_name(r), n, cfg->max_frame);
			conn_close(c, "bad frame length");
			break;
		}
		if (avail - FRAME_HEADER < n)
			break;
		evbuffer_drain(in, FRAME_HEADER);
		body = evbuffer_pullup(in, (ssize_t)n);
		c->handler->frame(c, body, n);
		if (c->state != CONN_DEAD)
			evbuffer_drain(in, n);
	}
	/*
	 * A frame begun must finish within the frame timeout; without a
	 * session the connection waits for a login only so long.
	 */
	if (c->state == CONN_OPEN) {
		if (evbuffer_get_length(in) > 0) {
			if (!c->partial) {
				c->partial = 1;
				conn_arm(c, cfg->frame_timeout);
			}
		} else {
			c->partial = 0;
			conn_arm(c, c->session == NULL && c->kind == CONN_TLS ?
			    cfg->session_idle : 0);
		}
	}
	conn_unref(c);
}

static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct conn	*c = arg;

	if (c->state == CONN_CLOSING) {
		conn_finish(c, 1);
		return;
	}
	if (c->throttled) {
		/* Drained: read again, and take what waited meanwhile. */
		c->throttled = 0;
		bufferevent_enable(bev, EV_READ);
		conn_read_cb(bev, c);
	}
}

static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct conn	*c = arg;

	if (what & BEV_EVENT_CONNECTED) {
		c->state = CONN_HELLO;
		conn_arm(c, cfg->handshake_timeout);
		log_debug("conn=%llu peer=%s handshake done",
		    (unsigned long long)c->id, c->peer);
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		unsigned long	e = bufferevent_get_openssl_error(bev);
		char		buf[256] = "";

		if (e != 0)
			ERR_error_string_n(e, buf, sizeof buf);
		log_info("conn=%llu peer=%s state=%s error: %s",
		    (unsigned long long)c->id, c->peer,
		    conn_state_name(c->state), e != 0 ? buf :
		    strerror(EVUTIL_SOCKET_ERROR()));
	} else if (what & BEV_EVENT_EOF)
		log_debug("conn=%llu peer=%s eof", (unsigned long long)c->id,
		    c->peer);
	conn_finish(c, 0);
}

static void
conn_timer(evutil_socket_t fd, short events, void *arg)
{
	struct conn	*c = arg;

	switch (c->state) {
	case CONN_HANDSHAKE:
		log_warnx("conn=%llu peer=%s dropped: TLS handshake timeout",
		    (unsigned long long)c->id, c->peer);
		conn_finish(c, 0);
		break;
	case CONN_HELLO:
		log_warnx("conn=%llu peer=%s dropped: no Hello in time",
		    (unsigned long long)c->id, c->peer);
		conn_finish(c, 1);
		break;
	case CONN_OPEN:
		if (c->partial)
			log_warnx("conn=%llu peer=%s dropped: frame not "
			    "completed in time", (unsigned long long)c->id,
			    c->peer);
		else if (c->session == NULL)
			log_info("conn=%llu peer=%s closed: no login in time",
			    (unsigned long long)c->id, c->peer);
		else
			break;		/* logged in since: keep it */
		conn_finish(c, 1);
		break;
	case CONN_CLOSING:
		conn_finish(c, 1);
		break;
	case CONN_DEAD:
		break;
	}
}

/* Make the conn around a bufferevent and start reading. */
static struct conn *
conn_new(struct bufferevent *bev, enum conn_kind kind, const char *peer,
    const struct conn_handler *h)
{
	struct conn	*c;

	c = xcalloc(1, sizeof *c);
	c->handler = h;
	c->id = conn_next_id++;
	c->kind = kind;
	c->bev = bev;
	c->refs = 1;
	c->state = kind == CONN_TLS ? CONN_HANDSHAKE : CONN_OPEN;
	snprintf(c->peer, sizeof c->peer, "%s", peer);
	c->timer = evtimer_new(conn_base, conn_timer, c);
	TAILQ_INSERT_TAIL(&conn_list, c, entry);
	conn_n++;
	bufferevent_setcb(bev, conn_read_cb, conn_write_cb, conn_event_cb, c);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
	if (kind == CONN_TLS)
		conn_arm(c, cfg->handshake_timeout);
	return (c);
}

static void
conn_peer_name(const struct sockaddr *sa, char *buf, size_t len)
{
	char	host[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;
		evutil_inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
		snprintf(buf, len, "%s:%u", host, ntohs(in->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;
		evutil_inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
		snprintf(buf, len, "[%s]:%u", host, ntohs(in6->sin6_port));
	} else
		snprintf(buf, len, "local");
}

static void
conn_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct bufferevent	*bev;
	struct conn		*c;
	SSL			*ssl;
	int			 one = 1;
	char			 peer[sizeof ((struct conn *)0)->peer];

	conn_accept_failing = 0;
	conn_peer_name(sa, peer, sizeof peer);
	/* Requests and replies are small frames: send them at once. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (conn_n >= cfg->max_connections) {
		log_warnx("peer=%s refused: %d connections already",
		    peer, conn_n);
		evutil_closesocket(fd);
		return;
	}
	ERR_clear_error();
	if ((ssl = SSL_new(conn_ssl_ctx)) == NULL) {
		log_warnx("peer=%s SSL_new: %s", peer, tls_error());
		evutil_closesocket(fd);
		return;
	}
	bev = bufferevent_openssl_socket_new(conn_base, fd, ssl,
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		log_warnx("peer=%s bufferevent_openssl_socket_new failed",
		    peer);
		SSL_free(ssl);
		evutil_closesocket(fd);
		return;
	}
	c = conn_new(bev, CONN_TLS, peer, arg);
	log_debug("conn=%llu peer=%s accepted", (unsigned long long)c->id,
	    peer);
}

static void
conn_ctl_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct bufferevent	*bev;
	struct conn		*c;
	struct ucred		 cred;
	socklen_t		 len = sizeof cred;
	char			 peer[64];

	conn_accept_failing = 0;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1 ||
	    (cred.uid != 0 && cred.uid != geteuid())) {
		log_warnx("control: refused uid %ld",
		    len == sizeof cred ? (long)cred.uid : -1L);
		evutil_closesocket(fd);
		return;
	}
	snprintf(peer, sizeof peer, "control(uid=%ld)", (long)cred.uid);
	bev = bufferevent_socket_new(conn_base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		evutil_closesocket(fd);
		return;
	}
	c = conn_new(bev, CONN_CONTROL, peer, arg);
	c->uid = cred.uid;
}

/* Accept again after a pause (listeners freed meanwhile are NULL). */
static void
conn_accept_timer_cb(evutil_socket_t fd, short events, void *arg)
{
	if (conn_listener != NULL)
		evconnlistener_enable(conn_listener);
	if (conn_ctl_listener != NULL)
		evconnlistener_enable(conn_ctl_listener);
}

/*
 * accept() failed for want of a descriptor (or memory): the connection
 * stays queued and the listener would wake at once, round and round.
 * Stop accepting for a moment instead; closing connections free slots.
 */
static void
conn_accept_error_cb(struct evconnlistener *l, void *arg)
{
	struct timeval	tv = { CONN_ACCEPT_PAUSE, 0 };
	struct rlimit	rl;
	int		e = EVUTIL_SOCKET_ERROR();

	if (!conn_accept_failing) {
		if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
			rl.rlim_cur = 0;
		log_warnx("accept: %s (connections=%d, descriptor limit %llu):"
		    " not accepting for %ds", evutil_socket_error_to_string(e),
		    conn_n, (unsigned long long)rl.rlim_cur, CONN_ACCEPT_PAUSE);
	}
	conn_accept_failing = 1;
	evconnlistener_disable(l);
	evtimer_add(conn_accept_timer, &tv);
}

int
conn_reload_tls(const struct config *conf, char *err, size_t errlen)
{
	SSL_CTX	*ctx;

	ctx = tls_server_ctx(conf->certificate, conf->key, conf->client_ca,
	    err, errlen);
	if (ctx == NULL)
		return (-1);
	/* Live connections keep their own reference to the old context. */
	if (conn_ssl_ctx != NULL)
		SSL_CTX_free(conn_ssl_ctx);
	conn_ssl_ctx = ctx;
	return (0);
}

int
conn_listen(struct event_base *base, const struct config *conf,
    const struct conn_handler *h, char *err, size_t errlen)
{
	struct evutil_addrinfo	 hints, *ai = NULL;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen = sizeof ss;
	int			 rc;

	conn_base = base;
	if (conn_reload_tls(conf, err, errlen) == -1)
		return (-1);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = EVUTIL_AI_PASSIVE;
	rc = evutil_getaddrinfo(conf->listen_address, conf->listen_port,
	    &hints, &ai);
	if (rc != 0) {
		snprintf(err, errlen, "[listen] %s:%s: %s",
		    conf->listen_address, conf->listen_port,
		    evutil_gai_strerror(rc));
		return (-1);
	}
	/* A backlog for a hall's terminals reconnecting at once. */
	conn_listener = evconnlistener_new_bind(base, conn_accept_cb,
	    (void *)h,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC,
	    1024, ai->ai_addr, (int)ai->ai_addrlen);
	evutil_freeaddrinfo(ai);
	if (conn_listener == NULL) {
		snprintf(err, errlen, "listen on %s:%s: %s",
		    conf->listen_address, conf->listen_port, strerror(errno));
		return (-1);
	}
	evconnlistener_set_error_cb(conn_listener, conn_accept_error_cb);
	if (conn_accept_timer == NULL)
		conn_accept_timer = evtimer_new(base, conn_accept_timer_cb,
		    NULL);
	if (getsockname(evconnlistener_get_fd(conn_listener),
	    (struct sockaddr *)&ss, &sslen) == 0)
		conn_port = ntohs(ss.ss_family == AF_INET6 ?
		    ((struct sockaddr_in6 *)&ss)->sin6_port :
		    ((struct sockaddr_in *)&ss)->sin_port);
	return (0);
}

int
conn_control_listen(struct event_base *base, const struct config *conf,
    const struct conn_handler *h, char *err, size_t errlen)
{
	struct sockaddr_un	sun;
	mode_t			old;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(conf->control_socket) >= sizeof sun.sun_path) {
		snprintf(err, errlen, "[control] socket: path too long");
		return (-1);
	}
	strcpy(sun.sun_path, conf->control_socket);
	if (unlink(conf->control_socket) == -1 && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", conf->control_socket,
		    strerror(errno));
		return (-1);
	}
	old = umask(0177);
	conn_ctl_listener = evconnlistener_new_bind(base, conn_ctl_accept_cb,
	    (void *)h, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 16,
	    (struct sockaddr *)&sun, sizeof sun);
	umask(old);
	if (conn_ctl_listener == NULL) {
		snprintf(err, errlen, "%s: %s", conf->control_socket,
		    strerror(errno));
		return (-1);
	}
	evconnlistener_set_error_cb(conn_ctl_listener, conn_accept_error_cb);
	if (chmod(conf->control_socket, conf->control_mode) == -1) {
		snprintf(err, errlen, "chmod %s: %s", conf->control_socket,
		    strerror(errno));
		return (-1);
	}
	conn_ctl_path = xstrdup(conf->control_socket);
	return (0);
}

void
conn_shutdown(void)
{
	Banshi__V1__ServerMessage	msg = BANSHI__V1__SERVER_MESSAGE__INIT;
	Banshi__V1__Event		ev = BANSHI__V1__EVENT__INIT;
	Banshi__V1__SessionEnded	se = BANSHI__V1__SESSION_ENDED__INIT;
	struct conn			*c, *next;

	if (conn_listener != NULL)
		evconnlistener_free(conn_listener);
	if (conn_ctl_listener != NULL) {
		evconnlistener_free(conn_ctl_listener);
		unlink(conn_ctl_path);
		free(conn_ctl_path);
	}
	conn_listener = conn_ctl_listener = NULL;
	if (conn_accept_timer != NULL)
		event_free(conn_accept_timer);
	conn_accept_timer = NULL;
	se.reason = BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_SHUTDOWN;
	ev.body_case = BANSHI__V1__EVENT__BODY_SESSION_ENDED;
	ev.session_ended = &se;
	msg.body_case = BANSHI__V1__SERVER_MESSAGE__BODY_EVENT;
	msg.event = &ev;
	for (c = TAILQ_FIRST(&conn_list); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (c->state == CONN_HANDSHAKE) {
			conn_finish(c, 0);
			continue;
		}
		if (c->kind == CONN_TLS && c->session != NULL)
			conn_send(c, &msg.base);
		conn_close(c, "server shutting down");
	}
}

void
conn_free_tls(void)
{
	if (conn_ssl_ctx != NULL)
		SSL_CTX_free(conn_ssl_ctx);
	conn_ssl_ctx = NULL;
}
