/* banshid -n: a good config passes; a bad one names file:line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static int
check(const char *conf, char *out, size_t outlen)
{
	char	 cmd[600];
	FILE	*p;
	size_t	 n;
	int	 status;
	const char *b = getenv("BUILD");

	snprintf(cmd, sizeof cmd, "%s/banshid -n -f %s 2>&1",
	    b != NULL ? b : "build", conf);
	if ((p = popen(cmd, "r")) == NULL)
		return (-1);
	n = fread(out, 1, outlen - 1, p);
	out[n] = '\0';
	status = pclose(p);
	return (WEXITSTATUS(status));
}

int
main(void)
{
	struct server	 s;
	char		 path[400], out[512], expect[512];
	FILE		*f;

	server_start(&s, NULL);
	CHECK(check(s.conf, out, sizeof out) == 0, "good config: %s", out);

	snprintf(path, sizeof path, "%s/bad.conf", s.dir);
	f = fopen(path, "w");
	fprintf(f, "[listen]\ncertificate = a\nkey = b\n\n[limits]\n"
	    "max_frame = lots\n");
	fclose(f);
	snprintf(expect, sizeof expect, "%s:6: [limits] max_frame:", path);
	CHECK(check(path, out, sizeof out) == 1 &&
	    strncmp(out, expect, strlen(expect)) == 0, "bad size: %s", out);

	f = fopen(path, "w");
	fprintf(f, "[listen]\ncertificate = a\nkey = b\n[lockout]\nfailure = 3\n");
	fclose(f);
	snprintf(expect, sizeof expect, "%s:5: unknown key [lockout] failure\n",
	    path);
	CHECK(check(path, out, sizeof out) == 1 && strcmp(out, expect) == 0,
	    "unknown key: %s", out);

	f = fopen(path, "w");
	fprintf(f, "[listen]\nkey = b\n");
	fclose(f);
	snprintf(expect, sizeof expect, "%s: missing [listen] certificate\n",
	    path);
	CHECK(check(path, out, sizeof out) == 1 && strcmp(out, expect) == 0,
	    "missing key: %s", out);
	return (harness_done(&s));
}
