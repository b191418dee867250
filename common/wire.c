/* Blocking frame I/O over TLS or a UNIX socket. */
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>

#include "frame.h"
#include "tls.h"
#include "wire.h"
#include "xmalloc.h"

struct wire {
	int	 fd;
	SSL	*ssl;
};

int
wire_tcp_connect(const char *host, const char *port)
{
	struct addrinfo	 hints, *res, *ai;
	int		 fd = -1;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return (-1);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd == -1)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			int one = 1;

			/* Small request frames go out at once. */
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof one);
			break;
		}
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return (fd);
}

struct wire *
wire_open_tls(const char *host, const char *port, SSL_CTX *ctx, char *err,
    size_t errlen)
{
	struct wire	*w;
	int		 fd;

	if ((fd = wire_tcp_connect(host, port)) == -1) {
		snprintf(err, errlen, "connect %s:%s: %s", host, port,
		    strerror(errno));
		return (NULL);
	}
	w = xcalloc(1, sizeof *w);
	w->fd = fd;
	if ((w->ssl = tls_client_ssl(ctx, host)) == NULL) {
		snprintf(err, errlen, "TLS: %s", tls_error());
		goto fail;
	}
	SSL_set_fd(w->ssl, fd);
	ERR_clear_error();
	if (SSL_connect(w->ssl) != 1) {
		snprintf(err, errlen, "TLS handshake: %s", tls_error());
		goto fail;
	}
	return (w);
fail:
	wire_abort(w);
	return (NULL);
}

struct wire *
wire_open_unix(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un	 sun;
	struct wire		*w;
	int			 fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		snprintf(err, errlen, "%s: path too long", path);
		return (NULL);
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return (NULL);
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return (NULL);
	}
	w = xcalloc(1, sizeof *w);
	w->fd = fd;
	return (w);
}

void
wire_set_timeout(struct wire *w, int ms)
{
	struct timeval	tv;

	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	setsockopt(w->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(w->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

int
wire_fd(struct wire *w)
{
	return (w->fd);
}

int
wire_write(struct wire *w, const void *buf, size_t len)
{
	const uint8_t	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if (w->ssl != NULL) {
			ERR_clear_error();
			n = SSL_write(w->ssl, p, (int)len);
			if (n <= 0)
				return (-1);
		} else {
			n = write(w->fd, p, len);
			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0)
				return (-1);
		}
		p += n;
		len -= (size_t)n;
	}
	return (0);
}

/* Read exactly len bytes; 0 or -1 on EOF, error or timeout. */
static int
wire_read_full(struct wire *w, uint8_t *p, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if (w->ssl != NULL) {
			ERR_clear_error();
			n = SSL_read(w->ssl, p, (int)len);
		} else {
			n = read(w->fd, p, len);
			if (n == -1 && errno == EINTR)
				continue;
		}
		if (n <= 0)
			return (-1);
		p += n;
		len -= (size_t)n;
	}
	return (0);
}

int
wire_send(struct wire *w, const ProtobufCMessage *msg)
{
	uint8_t	*buf;
	size_t	 len;
	int	 rc;

	buf = frame_pack(msg, &len);
	rc = wire_write(w, buf, len);
	free(buf);
	return (rc);
}

uint8_t *
wire_recv(struct wire *w, size_t max, size_t *len)
{
	uint8_t	hdr[FRAME_HEADER], *body;
	size_t	n;

	if (wire_read_full(w, hdr, sizeof hdr) == -1)
		return (NULL);
	if (frame_check(hdr, sizeof hdr, max, &n) != FRAME_NEED_MORE)
		return (NULL);
	body = xmalloc(n);
	if (wire_read_full(w, body, n) == -1) {
		free(body);
		return (NULL);
	}
	*len = n;
	return (body);
}

ProtobufCMessage *
wire_recv_msg(struct wire *w, const ProtobufCMessageDescriptor *desc)
{
	ProtobufCMessage	*msg;
	uint8_t			*body;
	size_t			 len;

	if ((body = wire_recv(w, 64 * 1024 * 1024, &len)) == NULL)
		return (NULL);
	msg = protobuf_c_message_unpack(desc, NULL, len, body);
	free(body);
	return (msg);
}

int
wire_tls_closed_cleanly(struct wire *w)
{
	return (w->ssl != NULL &&
	    (SSL_get_shutdown(w->ssl) & SSL_RECEIVED_SHUTDOWN) != 0);
}

void
wire_close(struct wire *w)
{
	if (w == NULL)
		return;
	if (w->ssl != NULL) {
		ERR_clear_error();
		SSL_shutdown(w->ssl);
	}
	wire_abort(w);
}

void
wire_abort(struct wire *w)
{
	if (w == NULL)
		return;
	if (w->ssl != NULL)
		SSL_free(w->ssl);
	close(w->fd);
	free(w);
}
