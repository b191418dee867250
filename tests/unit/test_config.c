/* Unit tests for server/config.c: defaults, value types, error messages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "server.h"

/* Defined in banshid.c, which is not linked into unit tests. */
struct config *_Atomic cfg;
time_t		 server_started;

int
server_reload(char *err, size_t errlen)
{
	return (-1);
}

/* Three lines that make a file valid on their own. */
#define LISTEN	"[listen]\ncertificate = c.pem\nkey = k.pem\n"

#define E_SYNTAX "syntax error (expected [section] or key = value)"
#define E_LONG	 "line longer than 198 bytes"
#define E_MAX_FRAME "[limits] max_frame: expected a size from 1024 to " \
		 "67108864 bytes (K, M and G suffixes allowed)"
#define E_SESSION_IDLE "[limits] session_idle: expected a duration from " \
		 "60s to 604800s (s, m, h, d suffixes allowed)"
#define E_MAX_CONN "[limits] max_connections: expected a number from 1 " \
		 "to 100000"
#define E_MODE	"[control] mode: expected an octal mode like 0660"
#define E_BOOL	"[debug] clock_control: expected yes or no"
#define E_PORT	"[listen] port: expected 0 to 65535"

/* Write text to a new temporary file; the caller unlinks and frees. */
static char *
write_conf(const char *text)
{
	char	*path;
	FILE	*f;
	int	 fd;

	path = strdup("/tmp/banshi-test-config-XXXXXX");
	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd != -1);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return (path);
}

static void
remove_conf(char *path)
{
	unlink(path);
	free(path);
}

/*
 * Load text and expect failure with "path:line: msg" ("path: msg" when line
 * is 0).  Cleans up before asserting so a failure leaks nothing.
 */
static void
expect_error_at(const char *text, int line, const char *msg)
{
	struct config	 c;
	char		*path, err[512], want[512];
	int		 rc, same;

	path = write_conf(text);
	memset(err, 0, sizeof err);
	rc = config_load(path, &c, err, sizeof err);
	if (line > 0)
		snprintf(want, sizeof want, "%s:%d: %s", path, line, msg);
	else
		snprintf(want, sizeof want, "%s: %s", path, msg);
	if (rc == 0)
		config_free(&c);
	remove_conf(path);
	if (rc == 0)
		fail_msg("loaded, want error \"%s\"", want);
	same = strcmp(err, want) == 0;
	if (!same)
		print_error("got  \"%s\"\nwant \"%s\"\n", err, want);
	assert_true(same);
}

/* Load text that must be valid into c; the caller calls config_free. */
static void
load_ok(const char *text, struct config *c)
{
	char	*path, err[512] = "";
	int	 rc;

	path = write_conf(text);
	rc = config_load(path, c, err, sizeof err);
	remove_conf(path);
	if (rc != 0)
		fail_msg("config_load failed: %s", err);
}

static void
test_config_load_minimal_defaults(void **state)
{
	struct config	 c;
	char		*path, err[512] = "";

	path = write_conf(LISTEN);
	assert_int_equal(config_load(path, &c, err, sizeof err), 0);
	assert_string_equal(c.path, path);
	remove_conf(path);

	assert_string_equal(c.certificate, "c.pem");
	assert_string_equal(c.key, "k.pem");
	assert_null(c.client_ca);
	assert_string_equal(c.listen_address, "127.0.0.1");
	assert_string_equal(c.listen_port, "7443");
	assert_string_equal(c.database, "/var/lib/banshi/banshi.db");
	assert_string_equal(c.data_dir, "/var/lib/banshi");
	assert_string_equal(c.control_socket, "/run/banshid.sock");
	assert_string_equal(c.catalog_dir, SYSCONFDIR "/banshi/catalog");
	assert_int_equal(c.control_mode, 0600);
	assert_int_equal(c.max_frame, 1048576);
	assert_int_equal(c.handshake_timeout, 10);
	assert_int_equal(c.frame_timeout, 30);
	assert_int_equal(c.session_idle, 1800);
	assert_int_equal(c.max_connections, 10000);
	assert_int_equal(c.password.min_length, 8);
	assert_int_equal(c.password.min_classes, 3);
	assert_int_equal(c.password.expiry_days, 90);
	assert_int_equal(c.password.history, 5);
	assert_int_equal(c.hash_memory, 64);
	assert_int_equal(c.hash_passes, 2);
	assert_int_equal(c.workers, 2);
	assert_int_equal(c.lockout_failures, 5);
	assert_int_equal(c.lockout_window, 900);
	assert_int_equal(c.lockout_duration, 1800);
	assert_int_equal(c.clock_control, 0);
	config_free(&c);
}

static void
test_config_load_every_value_type(void **state)
{
	struct config	c;

	load_ok("# a comment\n"
	    "; another\n"
	    "[listen]\n"
	    "address = 0.0.0.0\n"
	    "port = 0\n"
	    "certificate = /etc/banshi/cert.pem\n"
	    "key = /etc/banshi/key.pem\n"
	    "client_ca = /etc/banshi/ca.pem\n"
	    "[storage]\n"
	    "database = /srv/b.db\n"
	    "data_dir = /srv\n"
	    "[control]\n"
	    "socket = /tmp/b.sock\n"
	    "mode = 0660\n"
	    "[catalog]\n"
	    "dir = /srv/catalog\n"
	    "[limits]\n"
	    "max_frame = 512K\n"
	    "handshake_timeout = 90s\n"
	    "frame_timeout = 30\n"
	    "session_idle = 2h\n"
	    "max_connections = 50\n"
	    "[password]\n"
	    "min_length = 12\n"
	    "min_classes = 4\n"
	    "expiry_days = 0\n"
	    "history = 24\n"
	    "hash_memory = 8\n"
	    "hash_passes = 1\n"
	    "workers = 4\n"
	    "[lockout]\n"
	    "failures = 3\n"
	    "window = 15m\n"
	    "duration = 1d\n"
	    "[debug]\n"
	    "clock_control = yes\n", &c);
	assert_string_equal(c.listen_address, "0.0.0.0");
	assert_string_equal(c.listen_port, "0");
	assert_string_equal(c.certificate, "/etc/banshi/cert.pem");
	assert_string_equal(c.key, "/etc/banshi/key.pem");
	assert_string_equal(c.client_ca, "/etc/banshi/ca.pem");
	assert_string_equal(c.database, "/srv/b.db");
	assert_string_equal(c.data_dir, "/srv");
	assert_string_equal(c.control_socket, "/tmp/b.sock");
	assert_int_equal(c.control_mode, 0660);
	assert_string_equal(c.catalog_dir, "/srv/catalog");
	assert_int_equal(c.max_frame, 512 * 1024);
	assert_int_equal(c.handshake_timeout, 90);
	assert_int_equal(c.frame_timeout, 30);
	assert_int_equal(c.session_idle, 7200);
	assert_int_equal(c.max_connections, 50);
	assert_int_equal(c.password.min_length, 12);
	assert_int_equal(c.password.min_classes, 4);
	assert_int_equal(c.password.expiry_days, 0);
	assert_int_equal(c.password.history, 24);
	assert_int_equal(c.hash_memory, 8);
	assert_int_equal(c.hash_passes, 1);
	assert_int_equal(c.workers, 4);
	assert_int_equal(c.lockout_failures, 3);
	assert_int_equal(c.lockout_window, 900);
	assert_int_equal(c.lockout_duration, 86400);
	assert_int_equal(c.clock_control, 1);
	config_free(&c);
}

static void
test_config_load_size_mega_and_bool_no(void **state)
{
	struct config	c;

	load_ok(LISTEN "[limits]\nmax_frame = 2M\n[debug]\nclock_control = no\n",
	    &c);
	assert_int_equal(c.max_frame, 2 * 1024 * 1024);
	assert_int_equal(c.clock_control, 0);
	config_free(&c);

	load_ok(LISTEN "[limits]\nmax_frame = 1024\n[debug]\n"
	    "clock_control = true\n", &c);
	assert_int_equal(c.max_frame, 1024);
	assert_int_equal(c.clock_control, 1);
	config_free(&c);

	load_ok(LISTEN "[limits]\nmax_frame = 64M\n[debug]\n"
	    "clock_control = false\n", &c);
	assert_int_equal(c.max_frame, 64 * 1024 * 1024);
	assert_int_equal(c.clock_control, 0);
	config_free(&c);
}

static void
test_config_load_duplicate_key_last_wins(void **state)
{
	struct config	c;

	load_ok(LISTEN "[listen]\ncertificate = other.pem\n"
	    "[limits]\nsession_idle = 60\nsession_idle = 7d\n", &c);
	assert_string_equal(c.certificate, "other.pem");
	assert_int_equal(c.session_idle, 7 * 86400);
	config_free(&c);
}

static void
test_config_load_unknown_key(void **state)
{
	expect_error_at(LISTEN "bogus = 1\n", 4, "unknown key [listen] bogus");
	expect_error_at(LISTEN "[limits]\n\nmax_frames = 1M\n", 6,
	    "unknown key [limits] max_frames");
}

static void
test_config_load_unknown_section_key(void **state)
{
	expect_error_at(LISTEN "[nosuch]\nfoo = bar\n", 5,
	    "unknown key [nosuch] foo");
	expect_error_at("port = 7443\n" LISTEN, 1, "unknown key [] port");
}

static void
test_config_load_bad_number(void **state)
{
	expect_error_at(LISTEN "[limits]\nmax_connections = lots\n", 5,
	    E_MAX_CONN);
	expect_error_at(LISTEN "[limits]\nmax_connections = 10x\n", 5,
	    E_MAX_CONN);
	expect_error_at(LISTEN "[limits]\nmax_connections =\n", 5,
	    E_MAX_CONN);
}

static void
test_config_load_number_out_of_range(void **state)
{
	expect_error_at(LISTEN "[limits]\nmax_connections = 0\n", 5,
	    E_MAX_CONN);
	expect_error_at(LISTEN "[limits]\nmax_connections = 100001\n", 5,
	    E_MAX_CONN);
	expect_error_at(LISTEN "[limits]\nmax_connections = "
	    "99999999999999999999\n", 5, E_MAX_CONN);
	expect_error_at(LISTEN "[password]\nmin_length = 5\n", 5,
	    "[password] min_length: expected a number from 6 to 128");
	expect_error_at(LISTEN "[password]\nmin_classes = 5\n", 5,
	    "[password] min_classes: expected a number from 1 to 4");
	expect_error_at(LISTEN "[lockout]\nfailures = -1\n", 5,
	    "[lockout] failures: expected a number from 1 to 100");
}

static void
test_config_load_bad_duration(void **state)
{
	expect_error_at(LISTEN "[limits]\nsession_idle = 15x\n", 5,
	    E_SESSION_IDLE);
	expect_error_at(LISTEN "[limits]\nsession_idle = 1w\n", 5,
	    E_SESSION_IDLE);
	expect_error_at(LISTEN "[limits]\nsession_idle = -5m\n", 5,
	    E_SESSION_IDLE);
	/* In range for a duration, but under the key's minimum. */
	expect_error_at(LISTEN "[limits]\nsession_idle = 59s\n", 5,
	    E_SESSION_IDLE);
	expect_error_at(LISTEN "[limits]\nsession_idle = 8d\n", 5,
	    E_SESSION_IDLE);
	expect_error_at(LISTEN "[lockout]\nwindow = 0\n", 5,
	    "[lockout] window: expected a duration from 1s to 86400s "
	    "(s, m, h, d suffixes allowed)");
}

static void
test_config_load_bad_size(void **state)
{
	expect_error_at(LISTEN "[limits]\nmax_frame = 1G\n", 5, E_MAX_FRAME);
	expect_error_at(LISTEN "[limits]\nmax_frame = big\n", 5, E_MAX_FRAME);
	expect_error_at(LISTEN "[limits]\nmax_frame = 1023\n", 5,
	    E_MAX_FRAME);
	expect_error_at(LISTEN "[limits]\nmax_frame = 65M\n", 5, E_MAX_FRAME);
	expect_error_at(LISTEN "[limits]\nmax_frame = -1M\n", 5, E_MAX_FRAME);
}

static void
test_config_load_bad_bool(void **state)
{
	expect_error_at(LISTEN "[debug]\nclock_control = maybe\n", 5, E_BOOL);
	expect_error_at(LISTEN "[debug]\nclock_control = 1\n", 5, E_BOOL);
	expect_error_at(LISTEN "[debug]\nclock_control = YES\n", 5, E_BOOL);
}

static void
test_config_load_bad_mode(void **state)
{
	expect_error_at(LISTEN "[control]\nmode = 0999\n", 5, E_MODE);
	expect_error_at(LISTEN "[control]\nmode = rw-rw----\n", 5, E_MODE);
	expect_error_at(LISTEN "[control]\nmode = 01777\n", 5, E_MODE);
	expect_error_at(LISTEN "[control]\nmode = -1\n", 5, E_MODE);
	expect_error_at(LISTEN "[control]\nmode =\n", 5, E_MODE);
}

static void
test_config_load_syntax_error(void **state)
{
	expect_error_at(LISTEN "[limits]\nthis line has no equals sign\n", 5,
	    E_SYNTAX);
	expect_error_at("[listen\n" LISTEN, 1, E_SYNTAX);
}

static void
test_config_load_first_error_wins(void **state)
{
	expect_error_at(LISTEN "[limits]\nmax_connections = 0\n"
	    "max_frame = 1G\n", 5, E_MAX_CONN);
	expect_error_at(LISTEN "[limits]\nmax_connections = 0\n"
	    "junk\n", 5, E_MAX_CONN);
}

/*
 * A syntax error followed by a bad value: the line number is the syntax
 * error's, so the message must be too, not the later value's.
 */
static void
test_config_load_syntax_error_then_bad_value(void **state)
{
	expect_error_at(LISTEN "junk\n[limits]\nmax_frame = 12\n", 4,
	    E_SYNTAX);
}

/* A line over the 200-byte limit is an error on that line, not the next. */
static void
test_config_load_long_line_error_line_number(void **state)
{
	char	text[1024];
	char	pad[301];

	memset(pad, 'a', sizeof pad - 1);
	pad[sizeof pad - 1] = '\0';
	snprintf(text, sizeof text, "[listen]\ncertificate = %s\n"
	    "key = k.pem\n", pad);
	expect_error_at(text, 2, E_LONG);
}

static void
test_config_load_missing_certificate(void **state)
{
	expect_error_at("[listen]\nkey = k.pem\n", 0,
	    "missing [listen] certificate");
	expect_error_at("[listen]\ncertificate =\nkey = k.pem\n", 0,
	    "missing [listen] certificate");
	expect_error_at("", 0, "missing [listen] certificate");
}

static void
test_config_load_missing_key(void **state)
{
	expect_error_at("[listen]\ncertificate = c.pem\n", 0,
	    "missing [listen] key");
}

static void
test_config_load_bad_port(void **state)
{
	expect_error_at(LISTEN "port = 70000\n", 0, E_PORT);
	expect_error_at(LISTEN "port = https\n", 0, E_PORT);
	expect_error_at(LISTEN "port = -1\n", 0, E_PORT);
}

/* "80x" is not a port any more than "https" is. */
static void
test_config_load_port_trailing_junk(void **state)
{
	expect_error_at(LISTEN "port = 80x\n", 0, E_PORT);
}

static void
test_config_load_nonexistent_file(void **state)
{
	struct config	c;
	char		err[512], want[512];
	const char	*path = "/nonexistent/banshi/banshid.conf";

	assert_int_equal(config_load(path, &c, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: No such file or directory", path);
	assert_string_equal(err, want);
}

static void
test_config_parse_duration_units(void **state)
{
	assert_int_equal(config_parse_duration("0"), 0);
	assert_int_equal(config_parse_duration("30"), 30);
	assert_int_equal(config_parse_duration("90s"), 90);
	assert_int_equal(config_parse_duration("15m"), 900);
	assert_int_equal(config_parse_duration("2h"), 7200);
	assert_int_equal(config_parse_duration("1d"), 86400);
	assert_int_equal(config_parse_duration("106751991167300d"),
	    106751991167300L * 86400);
}

static void
test_config_parse_duration_malformed(void **state)
{
	static const char	*bad[] = {
		"", "s", "-1", "-5m", "5x", "5ms", "5 m", "5s ", "1w", "1.5h",
		"0x10", "9223372036854775808", "106751991167301d",
		"153722867280912931m",
	};
	size_t			 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (config_parse_duration(bad[i]) != -1)
			fail_msg("\"%s\" gave %ld, want -1", bad[i],
			    config_parse_duration(bad[i]));
	}
}

static void
test_config_parse_size_units(void **state)
{
	assert_int_equal(config_parse_size("1048576"), 1048576);
	assert_int_equal(config_parse_size("512K"), 512 * 1024);
	assert_int_equal(config_parse_size("512k"), 512 * 1024);
	assert_int_equal(config_parse_size("2M"), 2 * 1024 * 1024);
	assert_int_equal(config_parse_size("2m"), 2 * 1024 * 1024);
	assert_int_equal(config_parse_size("3G"), 3ULL * 1024 * 1024 * 1024);
	assert_int_equal(config_parse_size("1g"), 1024 * 1024 * 1024);
	assert_int_equal(config_parse_size("17592186044415M"),
	    17592186044415ULL * 1024 * 1024);
}

static void
test_config_parse_size_malformed(void **state)
{
	static const char	*bad[] = {
		"", "K", "-1", "-1K", "1x", "1KB", "1 K", "1K ", "1T", "1.5M",
		"18446744073709551616", "17592186044416M",
		"18014398509481984K",
	};
	size_t			 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (config_parse_size(bad[i]) != 0)
			fail_msg("\"%s\" gave %zu, want 0", bad[i],
			    config_parse_size(bad[i]));
	}
}

/* The '-' check looks at the first byte only; strtoull skips blanks. */
static void
test_config_parse_size_negative_after_blank(void **state)
{
	assert_int_equal(config_parse_size(" -1"), 0);
	assert_int_equal(config_parse_size("\t-1K"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_load_minimal_defaults),
		cmocka_unit_test(test_config_load_every_value_type),
		cmocka_unit_test(test_config_load_size_mega_and_bool_no),
		cmocka_unit_test(test_config_load_duplicate_key_last_wins),
		cmocka_unit_test(test_config_load_unknown_key),
		cmocka_unit_test(test_config_load_unknown_section_key),
		cmocka_unit_test(test_config_load_bad_number),
		cmocka_unit_test(test_config_load_number_out_of_range),
		cmocka_unit_test(test_config_load_bad_duration),
		cmocka_unit_test(test_config_load_bad_size),
		cmocka_unit_test(test_config_load_bad_bool),
		cmocka_unit_test(test_config_load_bad_mode),
		cmocka_unit_test(test_config_load_syntax_error),
		cmocka_unit_test(test_config_load_first_error_wins),
		cmocka_unit_test(test_config_load_syntax_error_then_bad_value),
		cmocka_unit_test(test_config_load_long_line_error_line_number),
		cmocka_unit_test(test_config_load_missing_certificate),
		cmocka_unit_test(test_config_load_missing_key),
		cmocka_unit_test(test_config_load_bad_port),
		cmocka_unit_test(test_config_load_port_trailing_junk),
		cmocka_unit_test(test_config_load_nonexistent_file),
		cmocka_unit_test(test_config_parse_duration_units),
		cmocka_unit_test(test_config_parse_duration_malformed),
		cmocka_unit_test(test_config_parse_size_units),
		cmocka_unit_test(test_config_parse_size_malformed),
		cmocka_unit_test(test_config_parse_size_negative_after_blank),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
