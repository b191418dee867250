/* TLS contexts for banshid and its clients (OpenSSL 3). */
#ifndef BANSHI_TLS_H
#define BANSHI_TLS_H

#include <stddef.h>

#include <openssl/ssl.h>

/*
 * Server context: TLS 1.2 minimum, certificate chain and key from PEM files;
 * with client_ca set, clients must present a certificate signed by it.
 * Returns NULL and writes a message to err on failure.
 */
SSL_CTX	*tls_server_ctx(const char *cert, const char *key,
	    const char *client_ca, char *err, size_t errlen);

/*
 * Client context that verifies the server against the CA file; cert and key
 * (both or neither) are the terminal's certificate for mutual TLS.
 */
SSL_CTX	*tls_client_ctx(const char *ca, const char *cert, const char *key,
	    char *err, size_t errlen);

/* A client SSL object that checks the server's host name (SNI + verify). */
SSL	*tls_client_ssl(SSL_CTX *, const char *host);

/* The last OpenSSL error as text (and the queue cleared). */
const char *tls_error(void);

#endif
