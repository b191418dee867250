/* Unit tests for common/frame.c: length checks, packing, bounded unpack. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "frame.h"
#include "server.h"

/* Defined in banshid.c, which is not linked into unit tests. */
struct config *_Atomic cfg;
time_t		 server_started;

int
server_reload(char *err, size_t errlen)
{
	return (-1);
}

#define MAX	FRAME_DEFAULT_MAX

/* Write a header for len followed by nbody bytes of body into buf. */
static size_t
put_frame(uint8_t *buf, size_t len, size_t nbody, uint8_t fill)
{
	frame_put_header(buf, len);
	memset(buf + FRAME_HEADER, fill, nbody);
	return (FRAME_HEADER + nbody);
}

static void
test_frame_check_partial_header_needs_more(void **state)
{
	uint8_t	buf[4] = { 0, 0, 0, 5 };
	size_t	avail, len;

	for (avail = 0; avail < FRAME_HEADER; avail++) {
		len = 12345;
		assert_int_equal(frame_check(buf, avail, MAX, &len),
		    FRAME_NEED_MORE);
		assert_int_equal(len, 0);
	}
}

static void
test_frame_check_partial_body_needs_more_with_len(void **state)
{
	uint8_t	buf[FRAME_HEADER + 10];
	size_t	avail, len;

	put_frame(buf, 10, 10, 'x');
	for (avail = FRAME_HEADER; avail < sizeof buf; avail++) {
		len = 0;
		assert_int_equal(frame_check(buf, avail, MAX, &len),
		    FRAME_NEED_MORE);
		assert_int_equal(len, 10);
	}
}

static void
test_frame_check_exact_frame_ready(void **state)
{
	uint8_t	buf[FRAME_HEADER + 7];
	size_t	len = 0;

	put_frame(buf, 7, 7, 'y');
	assert_int_equal(frame_check(buf, sizeof buf, MAX, &len), FRAME_READY);
	assert_int_equal(len, 7);
}

static void
test_frame_check_several_frames_walk(void **state)
{
	static const size_t	 sizes[] = { 1, 300, 5, 70000, 2 };
	const size_t		 n = sizeof sizes / sizeof sizes[0];
	uint8_t			*buf;
	size_t			 total = 0, off = 0, len, i;

	for (i = 0; i < n; i++)
		total += FRAME_HEADER + sizes[i];
	buf = malloc(total + 2);
	assert_non_null(buf);
	for (i = 0; i < n; i++)
		off += put_frame(buf + off, sizes[i], sizes[i],
		    (uint8_t)('a' + i));
	/* A trailing partial header: the walk must end on NEED_MORE. */
	buf[off++] = 0;
	buf[off++] = 0;
	assert_int_equal(off, total + 2);

	off = 0;
	for (i = 0; i < n; i++) {
		len = 0;
		assert_int_equal(frame_check(buf + off, total + 2 - off, MAX,
		    &len), FRAME_READY);
		assert_int_equal(len, sizes[i]);
		assert_int_equal(buf[off + FRAME_HEADER], 'a' + i);
		assert_int_equal(buf[off + FRAME_HEADER + len - 1], 'a' + i);
		off += FRAME_HEADER + len;
	}
	assert_int_equal(frame_check(buf + off, total + 2 - off, MAX, &len),
	    FRAME_NEED_MORE);
	free(buf);
}

static void
test_frame_check_zero_length_empty(void **state)
{
	uint8_t	buf[8] = { 0, 0, 0, 0, 1, 2, 3, 4 };
	size_t	len = 99;

	assert_int_equal(frame_check(buf, FRAME_HEADER, MAX, &len),
	    FRAME_EMPTY);
	assert_int_equal(len, 0);
	assert_int_equal(frame_check(buf, sizeof buf, MAX, &len),
	    FRAME_EMPTY);
}

static void
test_frame_check_over_limit_too_large(void **state)
{
	uint8_t	buf[FRAME_HEADER] = { 0xff, 0xff, 0xff, 0xff };
	size_t	len;

	len = 99;
	assert_int_equal(frame_check(buf, sizeof buf, MAX, &len),
	    FRAME_TOO_LARGE);
	assert_int_equal(len, 0);

	frame_put_header(buf, MAX + 1);
	assert_int_equal(frame_check(buf, sizeof buf, MAX, &len),
	    FRAME_TOO_LARGE);

	/* The limit is checked on the header alone, before any body. */
	frame_put_header(buf, 1025);
	assert_int_equal(frame_check(buf, sizeof buf, 1024, &len),
	    FRAME_TOO_LARGE);
}

static void
test_frame_check_exactly_limit_fine(void **state)
{
	uint8_t	*buf;
	size_t	 len = 0;

	buf = calloc(1, FRAME_HEADER + MAX);
	assert_non_null(buf);
	frame_put_header(buf, MAX);
	assert_int_equal(frame_check(buf, FRAME_HEADER, MAX, &len),
	    FRAME_NEED_MORE);
	assert_int_equal(len, MAX);
	assert_int_equal(frame_check(buf, FRAME_HEADER + MAX - 1, MAX, &len),
	    FRAME_NEED_MORE);
	assert_int_equal(frame_check(buf, FRAME_HEADER + MAX, MAX, &len),
	    FRAME_READY);
	assert_int_equal(len, MAX);
	free(buf);
}

static void
test_frame_put_header_round_trip(void **state)
{
	static const size_t	 lens[] = { 1, 0xff, 0x100, 0x1234, 0xabcdef,
	    0x01020304, 0x7fffffff, 0xfffffffe, 0xffffffff };
	uint8_t			 hdr[FRAME_HEADER];
	size_t			 i, len;

	frame_put_header(hdr, 0x01020304);
	assert_int_equal(hdr[0], 0x01);
	assert_int_equal(hdr[1], 0x02);
	assert_int_equal(hdr[2], 0x03);
	assert_int_equal(hdr[3], 0x04);
	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		frame_put_header(hdr, lens[i]);
		len = 0;
		assert_int_equal(frame_check(hdr, sizeof hdr, SIZE_MAX, &len),
		    FRAME_NEED_MORE);
		assert_int_equal(len, lens[i]);
	}
}

/* A ClientMessage with a Login body; strings are borrowed. */
static void
make_login(Banshi__V1__ClientMessage *msg, Banshi__V1__Login *login,
    const char *user, const char *pw)
{
	banshi__v1__client_message__init(msg);
	banshi__v1__login__init(login);
	login->login = (char *)user;
	login->password = (char *)pw;
	msg->id = 42;
	msg->body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LOGIN;
	msg->login = login;
}

static void
test_frame_pack_login_unpack(void **state)
{
	Banshi__V1__ClientMessage	 msg, *out;
	Banshi__V1__Login		 login;
	uint8_t				*buf;
	size_t				 n, len = 0;

	make_login(&msg, &login, "王芳", "s3cret-Passw0rd");
	buf = frame_pack(&msg.base, &n);
	assert_non_null(buf);
	assert_int_equal(n, FRAME_HEADER +
	    protobuf_c_message_get_packed_size(&msg.base));
	assert_int_equal(frame_check(buf, n, MAX, &len), FRAME_READY);
	assert_int_equal(len, n - FRAME_HEADER);

	out = banshi__v1__client_message__unpack(NULL, len,
	    buf + FRAME_HEADER);
	assert_non_null(out);
	assert_int_equal(out->id, 42);
	assert_int_equal(out->body_case,
	    BANSHI__V1__CLIENT_MESSAGE__BODY_LOGIN);
	assert_non_null(out->login);
	assert_string_equal(out->login->login, "王芳");
	assert_string_equal(out->login->password, "s3cret-Passw0rd");
	banshi__v1__client_message__free_unpacked(out, NULL);
	free(buf);
}

static void
test_frame_allocator_within_budget(void **state)
{
	Banshi__V1__ClientMessage	 msg, *out;
	Banshi__V1__Login		 login;
	struct frame_allocator		 fa;
	uint8_t				*buf;
	size_t				 n, len;

	make_login(&msg, &login, "alice", "correct horse battery");
	buf = frame_pack(&msg.base, &n);
	assert_int_equal(frame_check(buf, n, MAX, &len), FRAME_READY);

	frame_allocator_init(&fa, 64 * 1024);
	assert_int_equal(fa.used, 0);
	out = banshi__v1__client_message__unpack(&fa.pb, len,
	    buf + FRAME_HEADER);
	assert_non_null(out);
	assert_true(fa.used > 0);
	assert_true(fa.used <= fa.budget);
	assert_string_equal(out->login->login, "alice");
	assert_string_equal(out->login->password, "correct horse battery");
	banshi__v1__client_message__free_unpacked(out, &fa.pb);
	assert_int_equal(fa.used, 0);
	free(buf);
}

static void
test_frame_allocator_over_budget_fails(void **state)
{
	Banshi__V1__ClientMessage	 msg, *out;
	Banshi__V1__Login		 login;
	struct frame_allocator		 fa;
	char				*pw;
	uint8_t				*buf;
	size_t				 n, len;

	pw = malloc(4097);
	assert_non_null(pw);
	memset(pw, 'p', 4096);
	pw[4096] = '\0';
	make_login(&msg, &login, "alice", pw);
	buf = frame_pack(&msg.base, &n);
	assert_int_equal(frame_check(buf, n, MAX, &len), FRAME_READY);

	/* The password alone needs more than the budget. */
	frame_allocator_init(&fa, 1024);
	out = banshi__v1__client_message__unpack(&fa.pb, len,
	    buf + FRAME_HEADER);
	assert_null(out);
	assert_int_equal(fa.used, 0);

	/* The same frame unpacks with room to spare. */
	frame_allocator_init(&fa, 16 * 1024);
	out = banshi__v1__client_message__unpack(&fa.pb, len,
	    buf + FRAME_HEADER);
	assert_non_null(out);
	assert_string_equal(out->login->password, pw);
	banshi__v1__client_message__free_unpacked(out, &fa.pb);
	assert_int_equal(fa.used, 0);
	free(buf);
	free(pw);
}

static void
test_frame_allocator_tiny_budget_fails(void **state)
{
	Banshi__V1__ClientMessage	 msg, *out;
	Banshi__V1__Login		 login;
	struct frame_allocator		 fa;
	uint8_t				*buf;
	size_t				 n, len, budget;

	make_login(&msg, &login, "alice", "pw");
	buf = frame_pack(&msg.base, &n);
	assert_int_equal(frame_check(buf, n, MAX, &len), FRAME_READY);
	/* Every budget too small to finish fails cleanly, leaving nothing. */
	for (budget = 0; budget < 64; budget++) {
		frame_allocator_init(&fa, budget);
		out = banshi__v1__client_message__unpack(&fa.pb, len,
		    buf + FRAME_HEADER);
		assert_null(out);
		assert_int_equal(fa.used, 0);
	}
	free(buf);
}

static void
test_frame_pack_over_16k_ready(void **state)
{
	Banshi__V1__ClientMessage	 msg, *out;
	Banshi__V1__Login		 login;
	char				*pw;
	uint8_t				*buf;
	size_t				 n, len, pwlen;

	/*
	 * Frame = header 4 + id 2 + login tag and length 1 + 3 + password
	 * tag and length 1 + 3 + password.
	 */
	pwlen = 40000 - 14;
	pw = malloc(pwlen + 1);
	assert_non_null(pw);
	memset(pw, 'Z', pwlen);
	pw[pwlen] = '\0';
	make_login(&msg, &login, "", pw);
	buf = frame_pack(&msg.base, &n);
	assert_int_equal(n, 40000);
	assert_true(n % 16384 != 0);

	assert_int_equal(frame_check(buf, n - 1, MAX, &len), FRAME_NEED_MORE);
	assert_int_equal(len, n - FRAME_HEADER);
	assert_int_equal(frame_check(buf, 16384, MAX, &len), FRAME_NEED_MORE);
	assert_int_equal(frame_check(buf, n, 1024, &len), FRAME_TOO_LARGE);
	assert_int_equal(frame_check(buf, n, MAX, &len), FRAME_READY);
	assert_int_equal(len, n - FRAME_HEADER);

	out = banshi__v1__client_message__unpack(NULL, len,
	    buf + FRAME_HEADER);
	assert_non_null(out);
	assert_non_null(out->login);
	assert_int_equal(strlen(out->login->password), pwlen);
	assert_memory_equal(out->login->password, pw, pwlen);
	banshi__v1__client_message__free_unpacked(out, NULL);
	free(buf);
	free(pw);
}

static void
test_frame_result_name_all(void **state)
{
	assert_string_equal(frame_result_name(FRAME_NEED_MORE), "need-more");
	assert_string_equal(frame_result_name(FRAME_READY), "ready");
	assert_string_equal(frame_result_name(FRAME_EMPTY), "empty");
	assert_string_equal(frame_result_name(FRAME_TOO_LARGE), "too-large");
}

/* A stamped key starts with now in milliseconds; later keys sort after. */
static void
test_frame_key_stamp_orders_by_time(void **state)
{
	uint8_t		a[FRAME_KEY_LEN], b[FRAME_KEY_LEN];
	uint64_t	ms = 0;
	time_t		now = time(NULL);
	struct timespec	pause = { 0, 3 * 1000000 };
	int		i;

	memset(a, 0xff, sizeof a);
	memset(b, 0x00, sizeof b);
	frame_key_stamp(a);
	nanosleep(&pause, NULL);
	frame_key_stamp(b);
	for (i = 0; i < 6; i++)
		ms = ms << 8 | a[i];
	assert_true(ms / 1000 >= (uint64_t)now - 1 &&
	    ms / 1000 <= (uint64_t)now + 1);
	assert_true(memcmp(a, b, sizeof a) < 0);
	/* The random tail is left alone. */
	for (i = 6; i < FRAME_KEY_LEN; i++)
		assert_int_equal(a[i], 0xff);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_check_partial_header_needs_more),
		cmocka_unit_test(
		    test_frame_check_partial_body_needs_more_with_len),
		cmocka_unit_test(test_frame_check_exact_frame_ready),
		cmocka_unit_test(test_frame_check_several_frames_walk),
		cmocka_unit_test(test_frame_check_zero_length_empty),
		cmocka_unit_test(test_frame_check_over_limit_too_large),
		cmocka_unit_test(test_frame_check_exactly_limit_fine),
		cmocka_unit_test(test_frame_put_header_round_trip),
		cmocka_unit_test(test_frame_pack_login_unpack),
		cmocka_unit_test(test_frame_allocator_within_budget),
		cmocka_unit_test(test_frame_allocator_over_budget_fails),
		cmocka_unit_test(test_frame_allocator_tiny_budget_fails),
		cmocka_unit_test(test_frame_pack_over_16k_ready),
		cmocka_unit_test(test_frame_result_name_all),
		cmocka_unit_test(test_frame_key_stamp_orders_by_time),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
