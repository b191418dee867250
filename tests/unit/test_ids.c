/* Unit tests for common/ids.c: ID numbers, credit codes, masking. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "ids.h"
#include "server.h"

/* Defined in banshid.c, which is not linked into unit tests. */
struct config *_Atomic cfg;
time_t		 server_started;

int
server_reload(char *err, size_t errlen)
{
	return (-1);
}

#define TODAY		20260520

/* GB 11643-1999's own example. */
#define GB_EXAMPLE	"11010519491231002X"

/* GB 32100 codes published as examples. */
#define CREDIT_A	"91350100M000100Y43"
#define CREDIT_B	"91110000600037341L"

/* Every character a credit code may hold, in value order. */
#define CREDIT_CHARS	"0123456789ABCDEFGHJKLMNPQRTUWXY"

/*
 * Run the checker on a heap copy of exactly strlen + 1 bytes, so ASan sees
 * any read past the end.
 */
static enum id_error
person(const char *s, int today)
{
	enum id_error	 e;
	char		*copy;

	copy = strdup(s);
	assert_non_null(copy);
	e = id_check_person(copy, today);
	free(copy);
	return (e);
}

static enum id_error
credit(const char *s)
{
	enum id_error	 e;
	char		*copy;

	copy = strdup(s);
	assert_non_null(copy);
	e = id_check_credit_code(copy);
	free(copy);
	return (e);
}

static void
expect_person(const char *s, enum id_error want)
{
	enum id_error	 got;

	if ((got = person(s, TODAY)) != want)
		fail_msg("\"%s\": got %d (%s), want %d (%s)", s, got,
		    id_error_text(got), want, id_error_text(want));
}

static void
expect_credit(const char *s, enum id_error want)
{
	enum id_error	 got;

	if ((got = credit(s)) != want)
		fail_msg("\"%s\": got %d (%s), want %d (%s)", s, got,
		    id_error_text(got), want, id_error_text(want));
}

static void
test_id_check_person_gb_example(void **state)
{
	expect_person(GB_EXAMPLE, ID_OK);
}

/* Check characters computed by hand with the GB 11643 weights. */
static void
test_id_check_person_valid(void **state)
{
	expect_person("110101199003070011", ID_OK);	/* check 1 */
	expect_person("320102198001010016", ID_OK);	/* check 6 */
	expect_person("350102197808154329", ID_OK);	/* check 9 */
	expect_person("650102199912315671", ID_OK);	/* Xinjiang */
	expect_person("11010519000101001X", ID_OK);	/* 1900-01-01 */
	expect_person("440304190002281234", ID_OK);	/* 1900-02-28 */
}

static void
test_id_check_person_wrong_check_digit(void **state)
{
	char		 s[19];
	const char	*c;

	/* Every character but the right X after the standard's prefix. */
	memcpy(s, GB_EXAMPLE, sizeof s);
	for (c = "0123456789"; *c != '\0'; c++) {
		s[17] = *c;
		expect_person(s, ID_CHECK_DIGIT);
	}
	/* And X where a digit belongs. */
	expect_person("11010119900307001X", ID_CHECK_DIGIT);
	expect_person("110101199003070010", ID_CHECK_DIGIT);
}

static void
test_id_check_person_lower_case_x_refused(void **state)
{
	expect_person("11010519491231002x", ID_CHARACTERS);
}

/* The check digits below are right, so only the date is wrong. */
static void
test_id_check_person_bad_dates(void **state)
{
	expect_person("110105200102290010", ID_BIRTH_DATE); /* 2001-02-29 */
	expect_person("110105190002290017", ID_BIRTH_DATE); /* 1900-02-29 */
	expect_person("110105199013010018", ID_BIRTH_DATE); /* month 13 */
	expect_person("110105199001320019", ID_BIRTH_DATE); /* day 32 */
	expect_person("110105199001000015", ID_BIRTH_DATE); /* day 0 */
}

static void
test_id_check_person_leap_day_2000(void **state)
{
	expect_person("110105200002290013", ID_OK);
	expect_person("440304200002291236", ID_OK);
}

static void
test_id_check_person_born_after_today(void **state)
{
	assert_int_equal(person("110105202605210018", 20260520),
	    ID_BIRTH_DATE);
	/* Born today is fine; tomorrow's number is fine tomorrow. */
	assert_int_equal(person("110105202605200012", 20260520), ID_OK);
	assert_int_equal(person("110105202605210018", 20260521), ID_OK);
}

static void
test_id_check_person_unknown_region(void **state)
{
	expect_person("000105194912310024", ID_REGION);	/* province 00 */
	expect_person("100105194912310028", ID_REGION);	/* province 10 */
	expect_person("990105194912310023", ID_REGION);	/* province 99 */
	/* A real province with nothing below it. */
	expect_person("110000194912310022", ID_REGION);
	expect_person("440000194912310029", ID_REGION);
}

static void
test_id_check_person_wrong_length(void **state)
{
	expect_person("", ID_LENGTH);
	expect_person("11010519491231002", ID_LENGTH);		/* 17 */
	expect_person("11010519491231002X0", ID_LENGTH);	/* 19 */
	expect_person("110105194912310", ID_LENGTH);		/* 15, old */
}

static void
test_id_check_person_non_digits(void **state)
{
	expect_person("1101051949123100AX", ID_CHARACTERS);
	expect_person("A1010519491231002X", ID_CHARACTERS);
	expect_person("110105 949123 002X", ID_CHARACTERS);
	expect_person("11010519491231002Y", ID_CHARACTERS);
	expect_person("1101051949-231002X", ID_CHARACTERS);
	/* 18 bytes, but a fullwidth digit is not a digit. */
	expect_person("110105194912310\xef\xbc\x90", ID_CHARACTERS);
}

static void
test_id_person_check_char_every_value(void **state)
{
	static const struct {
		const char	*prefix;
		char		 check;
	} cases[] = {
		{ "11010519491231002", 'X' },
		{ "11010519491231007", '0' },
		{ "11010519491231001", '1' },
		{ "11010519491231006", '2' },
		{ "11010519491231000", '3' },
		{ "11010519491231005", '4' },
		{ "11010519491231004", '6' },
		{ "11010519491231009", '7' },
		{ "11010519491231003", '8' },
		{ "11010519491231008", '9' },
		{ "32010219800101001", '6' },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (id_person_check_char(cases[i].prefix) != cases[i].check)
			fail_msg("%s: got %c, want %c", cases[i].prefix,
			    id_person_check_char(cases[i].prefix),
			    cases[i].check);
}

static void
test_id_check_credit_code_published(void **state)
{
	expect_credit(CREDIT_A, ID_OK);
	expect_credit(CREDIT_B, ID_OK);
}

static void
test_id_check_credit_code_wrong_check_char(void **state)
{
	char		 s[19];
	const char	*c;
	int		 n = 0;

	memcpy(s, CREDIT_A, sizeof s);
	for (c = CREDIT_CHARS; *c != '\0'; c++) {
		if (*c == '3')
			continue;
		s[17] = *c;
		expect_credit(s, ID_CHECK_DIGIT);
		n++;
	}
	assert_int_equal(n, 30);
}

static void
test_id_check_credit_code_forbidden_letters(void **state)
{
	char		 s[19];
	const char	*c;

	for (c = "IOSVZ"; *c != '\0'; c++) {
		/* In the check position ... */
		memcpy(s, CREDIT_A, sizeof s);
		s[17] = *c;
		expect_credit(s, ID_CHARACTERS);
		/* ... and in the organisation code. */
		memcpy(s, CREDIT_A, sizeof s);
		s[8] = *c;
		expect_credit(s, ID_CHARACTERS);
	}
}

static void
test_id_check_credit_code_lower_case(void **state)
{
	expect_credit("91350100m000100y43", ID_CHARACTERS);
	expect_credit("91110000600037341l", ID_CHARACTERS);
}

static void
test_id_check_credit_code_wrong_length(void **state)
{
	expect_credit("", ID_LENGTH);
	expect_credit("91350100M000100Y4", ID_LENGTH);
	expect_credit("91350100M000100Y430", ID_LENGTH);
}

/* Characters 3-8 are a region code: digits only, whatever the check. */
static void
test_id_check_credit_code_region_not_digits(void **state)
{
	expect_credit("91A50100M000100Y42", ID_REGION);	/* 3rd, right check */
	expect_credit("9135010AM000100Y4K", ID_REGION);	/* 8th, right check */
	expect_credit("91350100M000100Y4A", ID_CHECK_DIGIT);
	/* A letter in the 9th place is the organisation code's business. */
	expect_credit(CREDIT_A, ID_OK);
}

static void
test_id_credit_check_char(void **state)
{
	assert_int_equal(id_credit_check_char("91350100M000100Y4"), '3');
	assert_int_equal(id_credit_check_char("91110000600037341"), 'L');
	assert_int_equal(id_credit_check_char("91A50100M000100Y4"), '2');
	assert_int_equal(id_credit_check_char("9135010AM000100Y4"), 'K');
	/* 31 - 0 wraps to '0'. */
	assert_int_equal(id_credit_check_char("9111000060003734F"), '0');
	expect_credit("9111000060003734F0", ID_OK);
}

static void
test_id_error_text_every_value(void **state)
{
	assert_string_equal(id_error_text(ID_OK), "valid");
	assert_string_equal(id_error_text(ID_LENGTH),
	    "must be 18 characters");
	assert_string_equal(id_error_text(ID_CHARACTERS),
	    "contains a character not allowed there");
	assert_string_equal(id_error_text(ID_REGION),
	    "does not start with a known region code");
	assert_string_equal(id_error_text(ID_BIRTH_DATE),
	    "does not contain a real birth date");
	assert_string_equal(id_error_text(ID_CHECK_DIGIT),
	    "has a wrong check character");
}

static void
test_id_mask_id_number(void **state)
{
	char	out[32];

	id_mask(out, sizeof out, GB_EXAMPLE);
	assert_string_equal(out, "110***********002X");
	assert_int_equal(strlen(out), 18);
}

static void
test_id_mask_phone(void **state)
{
	char	out[32];

	id_mask(out, sizeof out, "13812345678");
	assert_string_equal(out, "138****5678");
}

static void
test_id_mask_short_all_stars(void **state)
{
	char	out[32];

	id_mask(out, sizeof out, "1234567");
	assert_string_equal(out, "*******");
	id_mask(out, sizeof out, "abc");
	assert_string_equal(out, "***");
	id_mask(out, sizeof out, "");
	assert_string_equal(out, "");
	/* Eight is the first length that shows anything. */
	id_mask(out, sizeof out, "12345678");
	assert_string_equal(out, "123*5678");
}

static void
test_id_mask_truncates(void **state)
{
	char	*out;

	/* Exactly sized heap buffers, so ASan sees a write past the end. */
	out = malloc(10);
	assert_non_null(out);
	id_mask(out, 10, GB_EXAMPLE);
	assert_string_equal(out, "110******");
	free(out);

	out = malloc(1);
	assert_non_null(out);
	out[0] = 'Z';
	id_mask(out, 1, GB_EXAMPLE);
	assert_string_equal(out, "");
	free(out);

	out = malloc(18);
	assert_non_null(out);
	id_mask(out, 18, GB_EXAMPLE);		/* one short of 18 + NUL */
	assert_string_equal(out, "110***********002");
	free(out);

	out = malloc(4);
	assert_non_null(out);
	id_mask(out, 4, "1234567");
	assert_string_equal(out, "***");
	free(out);
}

static void
test_id_mask_size_zero_does_nothing(void **state)
{
	char	out[4] = { 'a', 'b', 'c', 'd' };

	id_mask(out, 0, GB_EXAMPLE);
	assert_memory_equal(out, "abcd", 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_check_person_gb_example),
		cmocka_unit_test(test_id_check_person_valid),
		cmocka_unit_test(test_id_check_person_wrong_check_digit),
		cmocka_unit_test(test_id_check_person_lower_case_x_refused),
		cmocka_unit_test(test_id_check_person_bad_dates),
		cmocka_unit_test(test_id_check_person_leap_day_2000),
		cmocka_unit_test(test_id_check_person_born_after_today),
		cmocka_unit_test(test_id_check_person_unknown_region),
		cmocka_unit_test(test_id_check_person_wrong_length),
		cmocka_unit_test(test_id_check_person_non_digits),
		cmocka_unit_test(test_id_person_check_char_every_value),
		cmocka_unit_test(test_id_check_credit_code_published),
		cmocka_unit_test(test_id_check_credit_code_wrong_check_char),
		cmocka_unit_test(test_id_check_credit_code_forbidden_letters),
		cmocka_unit_test(test_id_check_credit_code_lower_case),
		cmocka_unit_test(test_id_check_credit_code_wrong_length),
		cmocka_unit_test(test_id_check_credit_code_region_not_digits),
		cmocka_unit_test(test_id_credit_check_char),
		cmocka_unit_test(test_id_error_text_every_value),
		cmocka_unit_test(test_id_mask_id_number),
		cmocka_unit_test(test_id_mask_phone),
		cmocka_unit_test(test_id_mask_short_all_stars),
		cmocka_unit_test(test_id_mask_truncates),
		cmocka_unit_test(test_id_mask_size_zero_does_nothing),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
