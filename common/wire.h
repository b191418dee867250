/*
 * Blocking frame I/O over TLS or a UNIX socket, for banshictl, the end-to-end
 * tests and the benchmarks.  The TUI uses the asynchronous client.h instead.
 */
#ifndef BANSHI_WIRE_H
#define BANSHI_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>
#include <protobuf-c/protobuf-c.h>

struct wire;

/*
 * Connect to host:port and complete a TLS handshake verified against ctx's
 * CA and the host name.  Returns NULL with a message in err on failure.
 */
struct wire	*wire_open_tls(const char *host, const char *port, SSL_CTX *,
		    char *err, size_t errlen);
/* Connect to a UNIX socket (the control socket: framing without TLS). */
struct wire	*wire_open_unix(const char *path, char *err, size_t errlen);
/* Connect over plain TCP (tests that stall before or in the handshake). */
int		 wire_tcp_connect(const char *host, const char *port);

/* Fail reads and writes that block longer than ms (0: no limit). */
void		 wire_set_timeout(struct wire *, int ms);
int		 wire_fd(struct wire *);

/* Send bytes as they are; 0 or -1. */
int		 wire_write(struct wire *, const void *, size_t);
/* Send one message as a frame; 0 or -1. */
int		 wire_send(struct wire *, const ProtobufCMessage *);
/*
 * Receive one frame.  Returns the body (caller frees) and its length, or NULL
 * on EOF, error, timeout, or a length over max.
 */
uint8_t		*wire_recv(struct wire *, size_t max, size_t *len);
/* Receive and unpack one frame; the caller frees with
 * protobuf_c_message_free_unpacked(msg, NULL). */
ProtobufCMessage *wire_recv_msg(struct wire *,
		    const ProtobufCMessageDescriptor *);

/* True when the peer ended TLS with a close_notify. */
int		 wire_tls_closed_cleanly(struct wire *);
/* Send close_notify (TLS) and free. */
void		 wire_close(struct wire *);
/* Free without a TLS shutdown, as a crashed peer would. */
void		 wire_abort(struct wire *);

#endif
