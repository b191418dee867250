/* TLS context set-up shared by the daemon and its clients. */
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "tls.h"

const char *
tls_error(void)
{
	static char	buf[256];
	unsigned long	e;

	e = ERR_peek_last_error();
	if (e == 0)
		return ("unknown TLS error");
	ERR_error_string_n(e, buf, sizeof buf);
	ERR_clear_error();
	return (buf);
}

SSL_CTX *
tls_server_ctx(const char *cert, const char *key, const char *client_ca,
    char *err, size_t errlen)
{
	SSL_CTX	*ctx;

	ERR_clear_error();
	if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL) {
		snprintf(err, errlen, "SSL_CTX_new: %s", tls_error());
		return (NULL);
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	/* Frames carry their length: a missing close_notify is harmless. */
	SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF |
	    SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		snprintf(err, errlen, "%s: %s", cert, tls_error());
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		snprintf(err, errlen, "%s: %s", key, tls_error());
		goto fail;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		snprintf(err, errlen, "%s: key does not match %s", key, cert);
		goto fail;
	}
	if (client_ca != NULL && *client_ca != '\0') {
		if (SSL_CTX_load_verify_locations(ctx, client_ca, NULL) != 1) {
			snprintf(err, errlen, "%s: %s", client_ca,
			    tls_error());
			goto fail;
		}
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER |
		    SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	}
	return (ctx);
fail:
	SSL_CTX_free(ctx);
	return (NULL);
}

SSL_CTX *
tls_client_ctx(const char *ca, const char *cert, const char *key, char *err,
    size_t errlen)
{
	SSL_CTX	*ctx;

	ERR_clear_error();
	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		snprintf(err, errlen, "SSL_CTX_new: %s", tls_error());
		return (NULL);
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	if (SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
		snprintf(err, errlen, "%s: %s", ca, tls_error());
		goto fail;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if (cert != NULL && *cert != '\0') {
		if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
		    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM)
		    != 1) {
			snprintf(err, errlen, "%s: %s", cert, tls_error());
			goto fail;
		}
	}
	return (ctx);
fail:
	SSL_CTX_free(ctx);
	return (NULL);
}

SSL *
tls_client_ssl(SSL_CTX *ctx, const char *host)
{
	SSL		*ssl;
	struct in_addr	 a4;
	struct in6_addr	 a6;

	ERR_clear_error();
	if ((ssl = SSL_new(ctx)) == NULL)
		return (NULL);
	if (inet_pton(AF_INET, host, &a4) == 1 ||
	    inet_pton(AF_INET6, host, &a6) == 1) {
		/* An address is checked against IP SANs and sent without SNI. */
		if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
		    != 1)
			goto fail;
	} else if (SSL_set1_host(ssl, host) != 1 ||
	    SSL_set_tlsext_host_name(ssl, host) != 1)
		goto fail;
	SSL_set_verify(ssl, SSL_VERIFY_PEER, NULL);
	return (ssl);
fail:
	SSL_free(ssl);
	return (NULL);
}
