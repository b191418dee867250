/* [listen] client_ca: terminals without a certificate signed by it are refused. */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "tls.h"

int
main(void)
{
	struct server	 s;
	struct wire	*w;
	SSL_CTX		*with_cert;
	char		 extra[600], cmd[2048], ca[300], crt[300], key[300];
	char		 err[256];

	/* The demo CA signs a terminal certificate too. */
	server_start(&s, NULL);
	snprintf(ca, sizeof ca, "%s/certs/ca.pem", s.dir);
	snprintf(crt, sizeof crt, "%s/certs/terminal.pem", s.dir);
	snprintf(key, sizeof key, "%s/certs/terminal.key", s.dir);
	snprintf(cmd, sizeof cmd, "openssl req -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -subj /CN=counter-01 -keyout %s "
	    "-out %s.csr 2>/dev/null && openssl x509 -req -in %s.csr -CA %s "
	    "-CAkey %s/certs/ca.key -CAcreateserial -days 30 -out %s "
	    "2>/dev/null", key, crt, crt, ca, s.dir, crt);
	REQUIRE(system(cmd) == 0, "make terminal certificate");
	REQUIRE(server_stop(&s) == 0, "restart");

	snprintf(extra, sizeof extra, "[listen]\nclient_ca = %s\n", ca);
	{
		FILE *f = fopen(s.conf, "a");

		REQUIRE(f != NULL, "config");
		fprintf(f, "\n%s", extra);
		fclose(f);
	}
	server_spawn(&s);

	w = connect_tls(&s);
	CHECK(w == NULL, "a terminal without a certificate is refused");
	wire_abort(w);

	with_cert = tls_client_ctx(ca, crt, key, err, sizeof err);
	REQUIRE(with_cert != NULL, "client ctx: %s", err);
	SSL_CTX_free(s.ctx);
	s.ctx = with_cert;
	w = connect_tls(&s);
	CHECK(w != NULL, "a terminal with a certificate gets in");
	wire_close(w);
	return (harness_done(&s));
}
