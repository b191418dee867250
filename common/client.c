/* The asynchronous RPC client: TLS, Hello, calls and reconnection. */
#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

/* arc4random_buf where the C library has it (glibc 2.36+), else getrandom. */
#if defined(__GLIBC__)
#if !__GLIBC_PREREQ(2, 36)
#include <sys/random.h>
#define BANSHI_GETRANDOM
#endif
#endif

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include "client.h"
#include "frame.h"
#include "log.h"
#include "tls.h"
#include "xmalloc.h"

#define CLIENT_BACKOFF_MAX	30	/* seconds between attempts, at most */
#define CLIENT_CONNECT_TIMEOUT	10	/* seconds for TCP, TLS and Hello */
#define CLIENT_KEY_LEN		16	/* idempotency key bytes */
#define CLIENT_UNPACK_FACTOR	16	/* decoder budget per frame byte */

enum client_state {
	CLIENT_IDLE,		/* not started */
	CLIENT_CONNECTING,	/* TCP connect and TLS handshake */
	CLIENT_HELLO,		/* Hello sent, waiting for its reply */
	CLIENT_READY,		/* calls may be made */
	CLIENT_WAITING		/* lost; the retry timer runs */
};

struct client_pending {
	uint32_t			 id;
	client_reply_cb			 cb;
	void				*arg;
	TAILQ_ENTRY(client_pending)	 entry;
};
TAILQ_HEAD(client_pending_list, client_pending);

struct client {
	struct event_base		*base;
	SSL_CTX				*ctx;
	char				*host;
	char				*port;
	char				*version;
	size_t				 max_frame;
	struct client_callbacks		 cb;
	void				*arg;

	enum client_state		 state;
	struct bufferevent		*bev;
	struct addrinfo			*ai_list;
	struct addrinfo			*ai_next;
	struct event			*retry_timer;
	struct event			*connect_timer;
	int				 backoff;
	uint32_t			 next_id;
	uint32_t			 hello_id;
	int				 hello_had_token;
	uint8_t				*token;
	size_t				 token_len;
	struct client_pending_list	 pending;
};

static void	client_connect(struct client *);
static void	client_event_cb(struct bufferevent *, short, void *);
static void	client_lost(struct client *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static const char *
client_state_name(enum client_state s)
{
	static const char *names[] = {
		"idle", "connecting", "hello", "ready", "waiting"
	};

	if ((size_t)s < sizeof names / sizeof names[0])
		return (names[s]);
	return ("unknown");
}

static void
client_set_state(struct client *c, enum client_state s)
{
	log_debug("client: state=%s host=%s port=%s", client_state_name(s),
	    c->host, c->port);
	c->state = s;
}

/* Fill buf with random bytes for an idempotency key. */
static void
client_random(uint8_t *buf, size_t len)
{
#ifdef BANSHI_GETRANDOM
	size_t	done = 0;
	ssize_t	n;

	while (done < len) {
		n = getrandom(buf + done, len - done, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			fatal("getrandom");
		done += (size_t)n;
	}
#else
	arc4random_buf(buf, len);
#endif
}

/* Bound the time one attempt (TCP, TLS, Hello) may take. */
static void
client_arm_connect_timer(struct client *c)
{
	struct timeval	tv = { CLIENT_CONNECT_TIMEOUT, 0 };

	evtimer_add(c->connect_timer, &tv);
}

static uint32_t
client_take_id(struct client *c)
{
	uint32_t	id = c->next_id++;

	if (c->next_id == 0)
		c->next_id = 1;
	return (id);
}

/* Send one message as a frame; the connection must be up. */
static void
client_send(struct client *c, const Banshi__V1__ClientMessage *msg)
{
	uint8_t	*buf;
	size_t	 len;

	buf = frame_pack(&msg->base, &len);
	if (bufferevent_write(c->bev, buf, len) != 0)
		log_warnx("client: bufferevent_write failed");
	free(buf);
}

/* Hand every pending call a NULL reply; the list is detached first. */
static void
client_fail_pending(struct client *c)
{
	struct client_pending_list	 list;
	struct client_pending		*p;

	TAILQ_INIT(&list);
	TAILQ_CONCAT(&list, &c->pending, entry);
	while ((p = TAILQ_FIRST(&list)) != NULL) {
		TAILQ_REMOVE(&list, p, entry);
		if (p->cb != NULL)
			p->cb(NULL, p->arg);
		free(p);
	}
}

/* Close the connection, saying close_notify when the handshake finished. */
static void
client_close(struct client *c)
{
	SSL	*ssl;

	evtimer_del(c->connect_timer);
	if (c->bev == NULL)
		return;
	ssl = bufferevent_openssl_get_ssl(c->bev);
	if (ssl != NULL && SSL_is_init_finished(ssl)) {
		ERR_clear_error();
		(void)SSL_shutdown(ssl);
		ERR_clear_error();
	}
	bufferevent_free(c->bev);
	c->bev = NULL;
}

static void
client_free_addresses(struct client *c)
{
	if (c->ai_list != NULL)
		freeaddrinfo(c->ai_list);
	c->ai_list = c->ai_next = NULL;
}

/* Drop the connection, fail pending calls and schedule the next attempt. */
static void
client_lost(struct client *c, const char *fmt, ...)
{
	char		why[512];
	va_list		ap;
	struct timeval	tv;
	int		retry;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);

	client_close(c);
	client_free_addresses(c);
	retry = c->backoff;
	c->backoff = c->backoff * 2 > CLIENT_BACKOFF_MAX ?
	    CLIENT_BACKOFF_MAX : c->backoff * 2;
	client_set_state(c, CLIENT_WAITING);
	log_info("client: lost host=%s port=%s why=\"%s\" retry=%d", c->host,
	    c->port, why, retry);
	tv.tv_sec = retry;
	tv.tv_usec = 0;
	evtimer_add(c->retry_timer, &tv);

	client_fail_pending(c);
	if (c->cb.disconnected != NULL)
		c->cb.disconnected(c->arg, why, retry);
}

static void
client_send_hello(struct client *c)
{
	Banshi__V1__ClientMessage	msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__Hello		hello = BANSHI__V1__HELLO__INIT;

	hello.protocol_version = PROTOCOL_VERSION;
	hello.client_version = c->version;
	if (c->token != NULL) {
		hello.resume_token.data = c->token;
		hello.resume_token.len = c->token_len;
	}
	c->hello_had_token = (c->token != NULL);
	msg.id = c->hello_id = client_take_id(c);
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_HELLO;
	msg.hello = &hello;
	client_send(c, &msg);
	client_set_state(c, CLIENT_HELLO);
}

/* The Hello reply: ready, or refused (the token is dropped if stale). */
static void
client_hello_done(struct client *c, const Banshi__V1__Reply *r)
{
	const Banshi__V1__HelloReply	*h = r->hello;
	char				 esc[256];
	int				 resumed;

	if (r->status != NULL &&
	    r->status->code != BANSHI__V1__STATUS_CODE__STATUS_OK) {
		if (r->status->code ==
		    BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED &&
		    c->hello_had_token)
			client_set_token(c, NULL, 0);
		client_lost(c, "server refused hello: code=%d message=\"%s\"",
		    (int)r->status->code, log_escape(esc, sizeof esc,
		    r->status->message != NULL ? r->status->message : ""));
		return;
	}
	if (r->body_case != BANSHI__V1__REPLY__BODY_HELLO || h == NULL) {
		client_lost(c, "hello reply without a hello body");
		return;
	}
	evtimer_del(c->connect_timer);
	resumed = h->session_resumed && c->hello_had_token;
	if (!resumed && c->token != NULL)
		client_set_token(c, NULL, 0);
	c->backoff = 1;
	client_set_state(c, CLIENT_READY);
	log_info("client: connected host=%s port=%s server=\"%s\" resumed=%d",
	    c->host, c->port, log_escape(esc, sizeof esc,
	    h->server_version != NULL ? h->server_version : ""), resumed);
	if (c->cb.connected != NULL)
		c->cb.connected(c->arg, resumed, resumed ? h->user : NULL);
}

/* Route a reply to the call that waits for it. */
static void
client_reply(struct client *c, const Banshi__V1__Reply *r)
{
	struct client_pending	*p;

	if (c->state == CLIENT_HELLO) {
		if (r->id == c->hello_id)
			client_hello_done(c, r);
		else
			log_warnx("client: reply id=%u before hello", r->id);
		return;
	}
	TAILQ_FOREACH(p, &c->pending, entry) {
		if (p->id == r->id)
			break;
	}
	if (p == NULL) {
		log_warnx("client: reply to unknown id=%u", r->id);
		return;
	}
	TAILQ_REMOVE(&c->pending, p, entry);
	if (p->cb != NULL)
		p->cb(r, p->arg);
	free(p);
}

static void
client_dispatch(struct client *c, const Banshi__V1__ServerMessage *sm)
{
	switch (sm->body_case) {
	case BANSHI__V1__SERVER_MESSAGE__BODY_REPLY:
		client_reply(c, sm->reply);
		break;
	case BANSHI__V1__SERVER_MESSAGE__BODY_EVENT:
		if (c->state == CLIENT_READY && c->cb.event != NULL)
			c->cb.event(c->arg, sm->event);
		break;
	default:
		log_warnx("client: server message without a body");
		break;
	}
}

/*
 * Take one whole frame off the input and handle it.  Returns 1 when another
 * frame may follow, 0 when more bytes are needed or the connection is gone.
 */
static int
client_read_frame(struct client *c, struct bufferevent *bev)
{
	struct evbuffer			*in = bufferevent_get_input(bev);
	struct frame_allocator		 fa;
	Banshi__V1__ServerMessage	*sm;
	uint8_t				 hdr[FRAME_HEADER], *body;
	size_t				 avail, len;
	enum frame_result		 fr;

	avail = evbuffer_get_length(in);
	if (avail < FRAME_HEADER)
		return (0);
	evbuffer_copyout(in, hdr, sizeof hdr);
	fr = frame_check(hdr, avail, c->max_frame, &len);
	if (fr == FRAME_NEED_MORE)
		return (0);
	if (fr != FRAME_READY) {
		client_lost(c, "bad frame from server: %s",
		    frame_result_name(fr));
		return (0);
	}
	body = evbuffer_pullup(in, (ssize_t)(FRAME_HEADER + len));
	frame_allocator_init(&fa, len * CLIENT_UNPACK_FACTOR + 4096);
	sm = banshi__v1__server_message__unpack(&fa.pb, len,
	    body + FRAME_HEADER);
	evbuffer_drain(in, FRAME_HEADER + len);
	if (sm == NULL) {
		client_lost(c, "undecodable message from server (%zu bytes)",
		    len);
		return (0);
	}
	client_dispatch(c, sm);
	banshi__v1__server_message__free_unpacked(sm, &fa.pb);
	/* A callback or a refused Hello may have closed the connection. */
	return (c->bev == bev);
}

static void
client_read_cb(struct bufferevent *bev, void *arg)
{
	struct client	*c = arg;

	while (client_read_frame(c, bev))
		;
}

/* Describe why a connection attempt or a connection failed. */
static void
client_error_text(struct bufferevent *bev, short what, char *buf, size_t len)
{
	SSL		*ssl = bufferevent_openssl_get_ssl(bev);
	unsigned long	 e;
	long		 v;
	int		 sockerr = EVUTIL_SOCKET_ERROR();

	if (ssl != NULL && (v = SSL_get_verify_result(ssl)) != X509_V_OK) {
		snprintf(buf, len, "certificate verification failed: %s",
		    X509_verify_cert_error_string(v));
		return;
	}
	e = bufferevent_get_openssl_error(bev);
	while (bufferevent_get_openssl_error(bev) != 0)
		;
	if (e != 0 && ERR_reason_error_string(e) != NULL)
		snprintf(buf, len, "TLS: %s", ERR_reason_error_string(e));
	else if (what & BEV_EVENT_EOF)
		snprintf(buf, len, "closed by the server");
	else if (what & BEV_EVENT_TIMEOUT)
		snprintf(buf, len, "timed out");
	else if (sockerr != 0)
		snprintf(buf, len, "%s",
		    evutil_socket_error_to_string(sockerr));
	else
		snprintf(buf, len, "connection error");
}

static void
client_try_next(struct client *c, const char *why)
{
	struct addrinfo	*ai = c->ai_next;
	SSL		*ssl;
	int		 fd, one = 1;

	if (ai == NULL) {
		client_lost(c, "%s", why);
		return;
	}
	c->ai_next = ai->ai_next;
	if ((ssl = tls_client_ssl(c->ctx, c->host)) == NULL) {
		client_lost(c, "TLS set-up: %s", tls_error());
		return;
	}
	c->bev = bufferevent_openssl_socket_new(c->base, -1, ssl,
	    BUFFEREVENT_SSL_CONNECTING,
	    BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
	if (c->bev == NULL) {
		SSL_free(ssl);
		client_lost(c, "bufferevent_openssl_socket_new failed");
		return;
	}
	bufferevent_setcb(c->bev, client_read_cb, NULL, client_event_cb, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	if (bufferevent_socket_connect(c->bev, ai->ai_addr,
	    (int)ai->ai_addrlen) != 0) {
		client_close(c);
		client_try_next(c, "connect failed");
		return;
	}
	/* Small request frames go out at once (no Nagle delay). */
	fd = bufferevent_getfd(c->bev);
	if (fd != -1)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static void
client_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct client	*c = arg;
	SSL		*ssl;
	char		 why[256];

	if (what & BEV_EVENT_CONNECTED) {
		ssl = bufferevent_openssl_get_ssl(bev);
		if (ssl == NULL || SSL_get_verify_result(ssl) != X509_V_OK) {
			client_lost(c, "server certificate not verified");
			return;
		}
		log_debug("client: tls up host=%s version=%s", c->host,
		    SSL_get_version(ssl));
		client_send_hello(c);
		return;
	}
	client_error_text(bev, what, why, sizeof why);
	if (c->state == CLIENT_CONNECTING && c->ai_next != NULL) {
		log_debug("client: attempt failed: %s; next address", why);
		client_close(c);
		client_arm_connect_timer(c);
		client_try_next(c, why);
		return;
	}
	client_lost(c, "%s", why);
}

static void
client_connect_timer(evutil_socket_t fd, short what, void *arg)
{
	struct client	*c = arg;

	client_lost(c, "no answer within %d seconds", CLIENT_CONNECT_TIMEOUT);
}

/* Resolve the server name and start with its first address. */
static void
client_connect(struct client *c)
{
	struct addrinfo	 hints;
	int		 rv;

	client_set_state(c, CLIENT_CONNECTING);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	client_free_addresses(c);
	if ((rv = getaddrinfo(c->host, c->port, &hints, &c->ai_list)) != 0) {
		c->ai_list = NULL;
		client_lost(c, "%s: %s", c->host, gai_strerror(rv));
		return;
	}
	c->ai_next = c->ai_list;
	client_arm_connect_timer(c);
	client_try_next(c, "no address");
}

static void
client_retry_timer(evutil_socket_t fd, short what, void *arg)
{
	client_connect(arg);
}

struct client *
client_new(struct event_base *base, const struct client_config *cfg,
    const struct client_callbacks *cb, void *arg, char *err, size_t errlen)
{
	struct client	*c;
	SSL_CTX		*ctx;

	if (cfg->ca == NULL || *cfg->ca == '\0') {
		snprintf(err, errlen, "no CA file to verify the server with");
		return (NULL);
	}
	if ((ctx = tls_client_ctx(cfg->ca, cfg->cert, cfg->key, err,
	    errlen)) == NULL)
		return (NULL);
	c = xcalloc(1, sizeof *c);
	c->base = base;
	c->ctx = ctx;
	c->host = xstrdup(cfg->host);
	c->port = xstrdup(cfg->port);
	c->version = xstrdup(cfg->version != NULL ? cfg->version : "");
	c->max_frame = cfg->max_frame != 0 ? cfg->max_frame :
	    FRAME_DEFAULT_MAX;
	c->cb = *cb;
	c->arg = arg;
	c->backoff = 1;
	c->next_id = 1;
	TAILQ_INIT(&c->pending);
	c->retry_timer = evtimer_new(base, client_retry_timer, c);
	c->connect_timer = evtimer_new(base, client_connect_timer, c);
	if (c->retry_timer == NULL || c->connect_timer == NULL)
		fatalx("client: evtimer_new failed");
	return (c);
}

void
client_start(struct client *c)
{
	if (c->state == CLIENT_IDLE)
		client_connect(c);
}

void
client_retry(struct client *c)
{
	if (c->state != CLIENT_WAITING)
		return;
	evtimer_del(c->retry_timer);
	c->backoff = 1;
	client_connect(c);
}

int
client_ready(struct client *c)
{
	return (c->state == CLIENT_READY);
}

uint32_t
client_call(struct client *c, Banshi__V1__ClientMessage *msg, int mutating,
    client_reply_cb cb, void *arg)
{
	struct client_pending	*p;
	uint8_t			 key[CLIENT_KEY_LEN];
	int			 own_key = 0;

	if (c->state != CLIENT_READY)
		return (0);
	msg->id = client_take_id(c);
	if (mutating && msg->idempotency_key.len == 0) {
		client_random(key, sizeof key);
		frame_key_stamp(key);
		msg->idempotency_key.data = key;
		msg->idempotency_key.len = sizeof key;
		own_key = 1;
	}
	client_send(c, msg);
	if (own_key) {
		msg->idempotency_key.data = NULL;
		msg->idempotency_key.len = 0;
	}
	p = xcalloc(1, sizeof *p);
	p->id = msg->id;
	p->cb = cb;
	p->arg = arg;
	TAILQ_INSERT_TAIL(&c->pending, p, entry);
	log_debug("client: call id=%u body=%d mutating=%d", p->id,
	    (int)msg->body_case, mutating);
	return (p->id);
}

void
client_set_token(struct client *c, const uint8_t *token, size_t len)
{
	if (c->token != NULL) {
		explicit_bzero(c->token, c->token_len);
		free(c->token);
	}
	c->token = NULL;
	c->token_len = 0;
	if (token != NULL && len != 0) {
		c->token = xmalloc(len);
		memcpy(c->token, token, len);
		c->token_len = len;
	}
}

void
client_free(struct client *c)
{
	if (c == NULL)
		return;
	evtimer_del(c->retry_timer);
	client_close(c);
	client_free_addresses(c);
	c->state = CLIENT_IDLE;
	client_fail_pending(c);
	client_set_token(c, NULL, 0);
	event_free(c->retry_timer);
	event_free(c->connect_timer);
	SSL_CTX_free(c->ctx);
	free(c->host);
	free(c->port);
	free(c->version);
	free(c);
}
