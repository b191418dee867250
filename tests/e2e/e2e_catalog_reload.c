/*
 * Catalogue reloads: a broken file is refused with file:line:column and
 * the running catalogue stays; a good change is served after the reload.
 * Also the working-day calendar through banshictl.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server	 s;
static struct wire	*w;

static size_t
hits(const char *q)
{
	ClientMessage		 m = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__SearchItems	 si = BANSHI__V1__SEARCH_ITEMS__INIT;
	ServerMessage		*r;
	size_t			 n;

	si.query = (char *)q;
	m.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_SEARCH_ITEMS;
	m.search_items = &si;
	r = call(w, &m);
	n = status_of(r) == 0 ? r->reply->items->n_items : (size_t)-1;
	msg_free(r);
	return (n);
}

/* Copy a file or tree; a relative src is in the test directory. */
static void
copy(const char *src, const char *dst)
{
	char	cmd[1024];

	if (src[0] == '/' || strncmp(src, "etc/", 4) == 0)
		snprintf(cmd, sizeof cmd, "cp -r %s %s/%s", src, s.dir, dst);
	else
		snprintf(cmd, sizeof cmd, "cp -r %s/%s %s/%s", s.dir, src,
		    s.dir, dst);
	REQUIRE(system(cmd) == 0, "%s", cmd);
}

static void
test_reload(void)
{
	char	out[1024], path[400];
	FILE	*f;
	int	rc;

	CHECK(hits("测试新增事项") == 0, "not there yet");

	/* Break halls.yaml: the reload is refused with its position. */
	copy("catalog/halls.yaml", "halls.good");
	snprintf(path, sizeof path, "%s/catalog/halls.yaml", s.dir);
	REQUIRE((f = fopen(path, "a")) != NULL, "open");
	fputs("  - code: BAD\n    name: [unclosed\n", f);
	fclose(f);
	rc = ctl(&s, NULL, out, sizeof out, "reload 2>&1");
	CHECK(rc == 1 && strstr(out, "halls.yaml:") != NULL,
	    "broken YAML refused with its place: %d %s", rc, out);
	CHECK(hits("广告") > 0, "the old catalogue still answers");

	/* A rule broken, not the syntax: also refused, with line:column. */
	copy("halls.good", "catalog/halls.yaml");
	REQUIRE((f = fopen(path, "a")) != NULL, "open");
	fputs("  - code: lower-case\n    name: 坏厅\n    region: "
	    "\"341600000000\"\n    departments: []\n", f);
	fclose(f);
	rc = ctl(&s, NULL, out, sizeof out, "reload 2>&1");
	CHECK(rc == 1 && strstr(out, "halls.yaml:") != NULL &&
	    strstr(out, "upper-case") != NULL, "bad code refused: %s", out);

	/* Fixed, with one item more: served after the reload. */
	copy("halls.good", "catalog/halls.yaml");
	snprintf(path, sizeof path, "%s/catalog/items/zz-test.yaml", s.dir);
	REQUIRE((f = fopen(path, "w")) != NULL, "open");
	fputs("items:\n"
	    "  - code: TEST-001\n"
	    "    name: 测试新增事项预约\n"
	    "    kind: booking-only\n"
	    "    department: SZT-GAJ\n"
	    "    audience: [person]\n"
	    "    guide:\n"
	    "      basis: 测试\n"
	    "      target: 测试\n"
	    "      conditions: 测试\n"
	    "      procedure: 测试\n"
	    "      limits: { legal: 1, promised: 1 }\n"
	    "      fees: 不收费\n"
	    "      contact: { address: 测试, phone: \"0558-0000000\" }\n"
	    "      channels: { online: false, booking: true }\n", f);
	fclose(f);
	rc = ctl(&s, NULL, out, sizeof out, "reload 2>&1");
	CHECK(rc == 0 && strcmp(out, "reloaded\n") == 0, "reload: %s", out);
	CHECK(hits("测试新增事项") == 1, "the new item is found");
}

static void
test_calendar(void)
{
	char	out[4096];
	int	rc;

	/* Saturday 14 Feb is a make-up working day. */
	CHECK(ctl(&s, NULL, out, sizeof out, "calendar deadline 2026-02-13 1")
	    == 0 && strcmp(out, "2026-02-14\n") == 0, "make-up day: %s", out);
	/* 15-23 Feb off; 24 Feb is the first working day after. */
	CHECK(ctl(&s, NULL, out, sizeof out, "calendar deadline 2026-02-14 1")
	    == 0 && strcmp(out, "2026-02-24\n") == 0, "Spring Festival: %s",
	    out);
	/* National Day: 1-7 Oct off, Sat 10 Oct worked. */
	CHECK(ctl(&s, NULL, out, sizeof out, "calendar deadline 2026-09-30 3")
	    == 0 && strcmp(out, "2026-10-10\n") == 0, "National Day: %s", out);
	CHECK(ctl(&s, NULL, out, sizeof out, "calendar deadline 2026-03-02 0")
	    == 0 && strcmp(out, "2026-03-02\n") == 0, "zero days: %s", out);
	/* 2027 is not covered: weekends only, with a warning. */
	rc = ctl(&s, NULL, out, sizeof out, "calendar deadline 2027-01-01 1 "
	    "2>&1");
	CHECK(rc == 0 && strstr(out, "2027-01-04") != NULL &&
	    strstr(out, "warning") != NULL, "uncovered year: %s", out);
	CHECK(ctl(&s, NULL, out, sizeof out, "status") == 0 &&
	    strstr(out, "calendar_warning 2027") != NULL, "status: %s", out);
	CHECK(ctl(&s, NULL, out, sizeof out, "calendar deadline 2026-02-30 1")
	    == 1, "no such date");
	CHECK(ctl(&s, NULL, out, sizeof out, "calendar show 2026") == 0 &&
	    strstr(out, "off\t2026-10-01\t2026-10-07\t") != NULL &&
	    strstr(out, "work\t2026-10-10") != NULL, "show: %s", out);
	CHECK(ctl(&s, NULL, out, sizeof out, "calendar show 2031") == 1,
	    "show an uncovered year");
}

int
main(void)
{

	server_prepare(&s, NULL);
	copy("etc/catalog", "catalog");
	{
		FILE *f = fopen(s.conf, "a");

		REQUIRE(f != NULL, "config");
		fprintf(f, "[catalog]\ndir = %s/catalog\n", s.dir);
		fclose(f);
	}
	server_spawn(&s);
	add_user(&s, "agent", "agent");
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	REQUIRE(login(w, "agent", TEST_PASSWORD, NULL) == 0, "login");
	test_reload();
	test_calendar();
	wire_close(w);
	return (harness_done(&s));
}
