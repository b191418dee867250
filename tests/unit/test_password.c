/* Unit tests for server/password.c: policy, generation, Argon2id hashing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>

#include "server.h"
#include "text.h"

/* Defined in banshid.c, which is not linked into unit tests. */
struct config *_Atomic cfg;
time_t		 server_started;

int
server_reload(char *err, size_t errlen)
{
	return (-1);
}

#define E_LENGTH	"password must have at least 8 characters"
#define E_CLASSES	"password must mix at least 3 of: lower case, upper " \
			"case, digits, other characters"
#define E_TYPED		"password contains a character that cannot be " \
			"typed reliably"

/* Small Argon2id parameters so the suite stays fast. */
#define HASH_MIB	8
#define HASH_PASSES	1

static const struct password_policy policy = {
	.min_length = 8,
	.min_classes = 3,
};

static int
group_setup(void **state)
{
	return (sodium_init() < 0 ? -1 : 0);
}

static void
expect_ok(const struct password_policy *p, const char *pw)
{
	char	why[256] = "";

	if (password_check_policy(p, "alice", pw, why, sizeof why) != 0)
		fail_msg("\"%s\" refused: %s", pw, why);
}

static void
expect_refused(const struct password_policy *p, const char *pw,
    const char *reason)
{
	char	why[256] = "";

	if (password_check_policy(p, "alice", pw, why, sizeof why) != -1)
		fail_msg("\"%s\" accepted", pw);
	assert_string_equal(why, reason);
}

static void
test_password_check_policy_too_short(void **state)
{
	expect_refused(&policy, "", E_LENGTH);
	expect_refused(&policy, "Ab1!", E_LENGTH);
	expect_refused(&policy, "Abcd12!", E_LENGTH);
	/* 7 characters in 17 bytes: short, although over 8 bytes. */
	expect_refused(&policy, "大型户外广a1", E_LENGTH);
}

static void
test_password_check_policy_counts_characters(void **state)
{
	static const struct password_policy	one_class = {
		.min_length = 8,
		.min_classes = 1,
	};

	/* 8 characters, 24 bytes. */
	expect_ok(&one_class, "大型户外广告设置");
	expect_refused(&one_class, "大型户外广告设", E_LENGTH);
	/* Mixed with ASCII classes: 8 characters, 3 classes. */
	expect_ok(&policy, "大型户外广告a1");
}

static void
test_password_check_policy_too_few_classes(void **state)
{
	expect_refused(&policy, "abcdefgh", E_CLASSES);
	expect_refused(&policy, "abcd1234", E_CLASSES);
	expect_refused(&policy, "ABCDefghijkl", E_CLASSES);
	expect_refused(&policy, "12345678!!", E_CLASSES);
}

static void
test_password_check_policy_exactly_enough(void **state)
{
	static const struct password_policy	four = {
		.min_length = 12,
		.min_classes = 4,
	};

	expect_ok(&policy, "abcd123!");
	expect_ok(&policy, "abcdEF12");
	expect_ok(&policy, "ABCD12!!");
	expect_ok(&policy, "abcd EF1");	/* space is "other" */
	expect_ok(&four, "abcdEF12!@#$");
	expect_refused(&four, "abcdEF12!@#", "password must have at least 12 "
	    "characters");
	expect_refused(&four, "abcdEF123456", "password must mix at least 4 "
	    "of: lower case, upper case, digits, other characters");
}

static void
test_password_check_policy_non_ascii_is_other(void **state)
{
	expect_ok(&policy, "abcd1234é");
	expect_ok(&policy, "abcd1234王");
	expect_ok(&policy, "ABCD王芳12");
	expect_refused(&policy, "abcdefgh王", E_CLASSES);
	/* Fullwidth digits are not ASCII digits. */
	expect_refused(&policy, "abcdefgh\xef\xbc\x91", E_CLASSES);
}

static void
test_password_check_policy_control_refused(void **state)
{
	expect_refused(&policy, "abcD\x01" "1234", E_TYPED);
	expect_refused(&policy, "abcD1234\t", E_TYPED);
	expect_refused(&policy, "abcD1234\n", E_TYPED);
	expect_refused(&policy, "abcD1234\x7f", E_TYPED);
	expect_refused(&policy, "abcD1234\xc2\x85", E_TYPED);
	/* Also bidi, invisible and invalid UTF-8. */
	expect_refused(&policy, "abcD1234\xe2\x80\xae", E_TYPED);
	expect_refused(&policy, "abcD1234\xe2\x80\x8b", E_TYPED);
	expect_refused(&policy, "abcD1234\xff", E_TYPED);
	/* Checked before length: a short bad password says why it's bad. */
	expect_refused(&policy, "\x01", E_TYPED);
}

/* The login name, in any case, may not be part of the password. */
static void
test_password_check_policy_contains_login(void **state)
{
	expect_refused(&policy, "xAlice2026!", "password must not contain "
	    "the login name");
	expect_refused(&policy, "alice@2026X", "password must not contain "
	    "the login name");
	expect_ok(&policy, "Alic3@2026x");
}

static void
test_password_generate_meets_strict_policy(void **state)
{
	static const struct password_policy	strict = {
		.min_length = 12,
		.min_classes = 4,
	};
	char					pw[17], first[17], why[256];
	int					i, differ = 0;

	for (i = 0; i < 200; i++) {
		memset(pw, 'X', sizeof pw);
		password_generate(pw);
		assert_int_equal(strlen(pw), 16);
		assert_int_equal(text_check(pw, 0, 0), TEXT_OK);
		/* Unambiguous: no 0/O, 1/l/I. */
		assert_null(strpbrk(pw, "0O1lIio"));
		why[0] = '\0';
		if (password_check_policy(&strict, "alice", pw, why,
		    sizeof why) != 0)
			fail_msg("\"%s\" refused: %s", pw, why);
		if (i == 0)
			memcpy(first, pw, sizeof first);
		else if (strcmp(pw, first) != 0)
			differ = 1;
	}
	assert_true(differ);
}

static void
test_password_hash_verify_round_trip(void **state)
{
	char	hash[128];

	memset(hash, 0, sizeof hash);
	assert_int_equal(password_hash(hash, "correct horse 9", HASH_MIB,
	    HASH_PASSES), 0);
	assert_non_null(memchr(hash, '\0', sizeof hash));
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_int_equal(password_verify(hash, "correct horse 9"), 1);
	assert_int_equal(password_verify(hash, "correct horse 8"), 0);
	assert_int_equal(password_verify(hash, "correct horse 9 "), 0);
	assert_int_equal(password_verify(hash, ""), 0);
}

static void
test_password_hash_verify_chinese(void **state)
{
	char	hash[128];

	assert_int_equal(password_hash(hash, "大型户外广告a1", HASH_MIB,
	    HASH_PASSES), 0);
	assert_int_equal(password_verify(hash, "大型户外广告a1"), 1);
	assert_int_equal(password_verify(hash, "大型户外广告a2"), 0);
}

static void
test_password_hash_salted(void **state)
{
	char	a[128], b[128];

	assert_int_equal(password_hash(a, "Same-pass1", HASH_MIB,
	    HASH_PASSES), 0);
	assert_int_equal(password_hash(b, "Same-pass1", HASH_MIB,
	    HASH_PASSES), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(password_verify(a, "Same-pass1"), 1);
	assert_int_equal(password_verify(b, "Same-pass1"), 1);
}

static void
test_password_verify_garbage_hash_fails(void **state)
{
	assert_int_equal(password_verify("", "x"), 0);
	assert_int_equal(password_verify("not a hash", "not a hash"), 0);
	assert_int_equal(password_verify("$argon2id$v=19$m=8192,t=1,p=1$",
	    "x"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_check_policy_too_short),
		cmocka_unit_test(test_password_check_policy_counts_characters),
		cmocka_unit_test(test_password_check_policy_too_few_classes),
		cmocka_unit_test(test_password_check_policy_exactly_enough),
		cmocka_unit_test(test_password_check_policy_non_ascii_is_other),
		cmocka_unit_test(test_password_check_policy_control_refused),
		cmocka_unit_test(test_password_check_policy_contains_login),
		cmocka_unit_test(test_password_generate_meets_strict_policy),
		cmocka_unit_test(test_password_hash_verify_round_trip),
		cmocka_unit_test(test_password_hash_verify_chinese),
		cmocka_unit_test(test_password_hash_salted),
		cmocka_unit_test(test_password_verify_garbage_hash_fails),
	};

	return (cmocka_run_group_tests(tests, group_setup, NULL));
}
