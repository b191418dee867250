/*
 * The asynchronous RPC client the TUI runs on one libevent loop: TLS through
 * bufferevent_openssl with the server certificate and host name verified,
 * Hello (resuming the session when a token is set), request ids, reply
 * callbacks, server events, and reconnection with back-off when the
 * connection is lost.
 */
#ifndef BANSHI_CLIENT_H
#define BANSHI_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

#include "schema.pb-c.h"

struct client;

struct client_config {
	const char	*host;		/* server name, checked against the cert */
	const char	*port;
	const char	*ca;		/* CA file that signed the server cert */
	const char	*cert;		/* optional terminal certificate (mTLS) */
	const char	*key;
	const char	*version;	/* client_version sent in Hello */
	size_t		 max_frame;	/* largest frame accepted */
};

struct client_callbacks {
	/*
	 * Hello succeeded.  resumed is set when the server took the session
	 * token back; user is then the session's user (borrowed, valid only
	 * during the call), else NULL.
	 */
	void	(*connected)(void *arg, int resumed,
		    const Banshi__V1__UserInfo *user);
	/*
	 * The connection failed or was lost; the client retries after
	 * retry_seconds.  why is English text for the log (with the server's
	 * message when it refused Hello, e.g. a protocol version mismatch).
	 * Pending calls have had their reply NULL before this is called.
	 */
	void	(*disconnected)(void *arg, const char *why, int retry_seconds);
	/* A server push (borrowed, valid only during the call). */
	void	(*event)(void *arg, const Banshi__V1__Event *);
};

/*
 * Called once per request with the reply (borrowed, valid only during the
 * call), or with reply NULL when the connection was lost first.
 */
typedef void (*client_reply_cb)(const Banshi__V1__Reply *reply, void *arg);

/* Returns NULL with a message in err when the TLS set-up fails. */
struct client	*client_new(struct event_base *, const struct client_config *,
		    const struct client_callbacks *, void *arg, char *err,
		    size_t errlen);
/* Connect now (and keep reconnecting with back-off until client_free). */
void		 client_start(struct client *);
/* True between a successful Hello and the next disconnection. */
int		 client_ready(struct client *);

/*
 * Send a request.  The client sets msg->id, and sends a fresh 16-byte
 * idempotency key when mutating is set and msg->idempotency_key is empty (a
 * caller that retries after a reconnect passes the key of the first
 * attempt); msg stays the caller's, with only its id changed.  Returns the
 * id, or 0 when not connected (cb is then not called).
 */
uint32_t	 client_call(struct client *, Banshi__V1__ClientMessage *msg,
		    int mutating, client_reply_cb, void *arg);

/* When waiting to reconnect, try at once (and restart the back-off). */
void		 client_retry(struct client *);

/*
 * The session token to present in Hello on reconnect (NULL/0 clears it).
 * The client also clears it when a Hello did not resume the session.
 */
void		 client_set_token(struct client *, const uint8_t *, size_t);
/*
 * Close with close_notify and free; pending callbacks get reply NULL.  Not to
 * be called from inside a client callback.  Writes to a dead socket raise
 * SIGPIPE: the program ignores it.
 */
void		 client_free(struct client *);

#endif
