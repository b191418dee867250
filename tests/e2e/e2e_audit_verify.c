/* banshictl audit verify: a whole chain, then an edited and a removed record. */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "harness.h"

static void
edit_db(struct server *s, const char *sql)
{
	sqlite3	*db;

	REQUIRE(sqlite3_open(s->db, &db) == SQLITE_OK, "open db");
	sqlite3_busy_timeout(db, 5000);
	REQUIRE(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK,
	    "edit: %s", sqlite3_errmsg(db));
	sqlite3_close(db);
}

int
main(void)
{
	struct server	 s;
	struct wire	*w;
	char		 out[512], expect[64];
	long long	 n;
	int		 i;

	server_start(&s, NULL);
	add_user(&s, "clerk", "accept");
	REQUIRE((w = connect_tls(&s)) != NULL, "connect");
	for (i = 0; i < 3; i++)
		login(w, "clerk", i == 1 ? "Wrong@pw123" : TEST_PASSWORD, NULL);
	wire_close(w);

	n = db_int(&s, "SELECT count(*) FROM audit");
	CHECK(n >= 6, "records written: %lld", n);
	snprintf(expect, sizeof expect, "ok %lld records\n", n);
	CHECK(ctl(&s, NULL, out, sizeof out, "audit verify") == 0 &&
	    strcmp(out, expect) == 0, "whole chain: '%s'", out);

	/* An edited record is found, by number. */
	CHECK(db_int(&s, "SELECT count(*) FROM audit WHERE id = 5 AND "
	    "action = 'login-failed'") == 1, "record 5 is the failed login");
	edit_db(&s, "UPDATE audit SET outcome = 'ok' WHERE id = 5");
	CHECK(ctl(&s, NULL, out, sizeof out, "audit verify") == 1 &&
	    strncmp(out, "record 5: altered", 17) == 0, "edited: '%s'", out);
	edit_db(&s, "UPDATE audit SET outcome = 'refused' WHERE id = 5");
	CHECK(ctl(&s, NULL, out, sizeof out, "audit verify") == 0,
	    "restored: '%s'", out);

	/* A removed record in the middle. */
	edit_db(&s, "DELETE FROM audit WHERE id = 3");
	CHECK(ctl(&s, NULL, out, sizeof out, "audit verify") == 1 &&
	    strncmp(out, "record 4:", 9) == 0, "removed: '%s'", out);
	return (harness_done(&s));
}
