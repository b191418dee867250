/*
 * banshictl reload and SIGHUP: a good config takes effect at once; a bad one
 * is refused with file:line and the running configuration stays.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static void
append(struct server *s, const char *text)
{
	FILE	*f;

	REQUIRE((f = fopen(s->conf, "a")) != NULL, "open config");
	fputs(text, f);
	fclose(f);
}

int
main(void)
{
	struct server	 s;
	struct wire	*w;
	char		 out[512], cmd[400];
	int		 i, rc;

	server_start(&s, NULL);
	add_user(&s, "clerk", "accept");

	/* Lockout after 2 failures from now on. */
	append(&s, "[lockout]\nfailures = 2\n");
	CHECK(ctl(&s, NULL, out, sizeof out, "reload") == 0 &&
	    strcmp(out, "reloaded\n") == 0, "reload: %s", out);
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	for (i = 0; i < 2; i++)
		login(w, "clerk", "Wrong@pw123", NULL);
	CHECK(login(w, "clerk", TEST_PASSWORD, NULL) ==
	    BANSHI__V1__STATUS_CODE__STATUS_UNAUTHENTICATED,
	    "locked after the reloaded limit of 2");
	CHECK(ctl(&s, NULL, NULL, 0, "user unlock clerk") == 0, "unlock");

	/* A broken file is refused and the old configuration stays. */
	append(&s, "[limits]\nmax_frame = huge\n");
	rc = ctl(&s, NULL, out, sizeof out, "reload 2>&1");
	CHECK(rc == 1 && strstr(out, "banshid.conf:") != NULL &&
	    strstr(out, "max_frame") != NULL, "bad reload: %d %s", rc, out);
	CHECK(login(w, "clerk", TEST_PASSWORD, NULL) == 0,
	    "still serving with the old configuration");

	/* SIGHUP with the broken file: logged, nothing changes. */
	kill(s.pid, SIGHUP);
	usleep(300000);
	snprintf(cmd, sizeof cmd, "grep -q 'reload refused, old configuration "
	    "kept: .*max_frame' %s", s.log);
	CHECK(system(cmd) == 0, "SIGHUP refusal logged");
	CHECK(login(w, "clerk", TEST_PASSWORD, NULL) == 0,
	    "still serving after SIGHUP");
	wire_close(w);
	return (harness_done(&s));
}
