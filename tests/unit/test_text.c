/* Unit tests for common/text.c: UTF-8 checks, sanitizing, display widths. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "text.h"
#include "server.h"

/* Defined in banshid.c, which is not linked into unit tests. */
struct config *_Atomic cfg;
time_t		 server_started;

int
server_reload(char *err, size_t errlen)
{
	return (-1);
}

#define CN_PERMIT	"大型户外广告设置许可"	/* 10 characters, 30 bytes */

/* Decode s whole as one code point: returns its length, 0 if invalid. */
static size_t
decode_one(const char *s, uint32_t *cp)
{
	return (text_decode(s, strlen(s), cp));
}

/* Sanitize s and compare with want; frees before asserting. */
static void
check_sanitize(const char *s, const char *want)
{
	char	*got;
	int	 same;

	got = text_sanitize(s);
	same = strcmp(got, want) == 0;
	if (!same)
		print_error("sanitize(\"%s\"): got \"%s\", want \"%s\"\n", s,
		    got, want);
	free(got);
	assert_true(same);
}

static int
group_setup(void **state)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return (-1);
	return (0);
}

static void
test_text_decode_ascii(void **state)
{
	uint32_t	cp = 0;

	assert_int_equal(text_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(text_decode("\x7f", 1, &cp), 1);
	assert_int_equal(cp, 0x7f);
	assert_int_equal(text_decode("", 0, &cp), 0);
}

static void
test_text_decode_multibyte(void **state)
{
	uint32_t	cp = 0;

	assert_int_equal(decode_one("\xc2\xa0", &cp), 2);
	assert_int_equal(cp, 0xa0);
	assert_int_equal(decode_one("大", &cp), 3);
	assert_int_equal(cp, 0x5927);
	assert_int_equal(decode_one("\xed\x9f\xbf", &cp), 3);	/* U+D7FF */
	assert_int_equal(cp, 0xd7ff);
	assert_int_equal(decode_one("\xee\x80\x80", &cp), 3);	/* U+E000 */
	assert_int_equal(cp, 0xe000);
	assert_int_equal(decode_one("\xf0\x90\x80\x80", &cp), 4);
	assert_int_equal(cp, 0x10000);
	assert_int_equal(decode_one("\xf4\x8f\xbf\xbf", &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	/* Only the first code point is decoded. */
	assert_int_equal(decode_one("王芳", &cp), 3);
	assert_int_equal(cp, 0x738b);
}

static void
test_text_decode_invalid(void **state)
{
	static const char	*bad[] = {
		"\x80",			/* lone continuation byte */
		"\xbf",
		"\xe5\xa4",		/* truncated 3-byte sequence */
		"\xe5\xa4" "A",		/* ... followed by ASCII */
		"\xf0\x90\x80",		/* truncated 4-byte sequence */
		"\xc0\xaf",		/* overlong '/' */
		"\xc1\xbf",
		"\xe0\x80\xaf",		/* overlong '/', 3 bytes */
		"\xf0\x8f\xbf\xbf",	/* overlong U+FFFF */
		"\xed\xa0\x80",		/* surrogate U+D800 */
		"\xed\xbf\xbf",		/* surrogate U+DFFF */
		"\xf4\x90\x80\x80",	/* U+110000 */
		"\xf5\x80\x80\x80",
		"\xfe",
		"\xff",
	};
	uint32_t		 cp;
	size_t			 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (decode_one(bad[i], &cp) != 0)
			fail_msg("bad[%zu] decoded", i);
	}
	/* A valid sequence cut short by n is invalid too. */
	assert_int_equal(text_decode("大", 2, &cp), 0);
}

static void
test_text_check_valid(void **state)
{
	assert_int_equal(text_check("", 0, 0), TEXT_OK);
	assert_int_equal(text_check("Hello, world! 0123 ~", 0, 0), TEXT_OK);
	assert_int_equal(text_check(CN_PERMIT, 0, 0), TEXT_OK);
	assert_int_equal(text_check("王芳 (Wang Fang) ½ €", 0, 0), TEXT_OK);
	assert_int_equal(text_check("\xf0\x9f\x98\x80", 0, 0), TEXT_OK);
}

static void
test_text_check_invalid_utf8(void **state)
{
	static const char	*bad[] = {
		"abc\x80", "\xe5\xa4", "大\xe5\xa4", "\xc0\xaf", "\xe0\x80\xaf",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "ok\xffok",
	};
	size_t			 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (text_check(bad[i], 0, 0) != TEXT_INVALID_UTF8)
			fail_msg("bad[%zu] not TEXT_INVALID_UTF8", i);
	}
}

static void
test_text_check_control(void **state)
{
	assert_int_equal(text_check("a\x01" "b", 0, 0), TEXT_CONTROL);
	assert_int_equal(text_check("a\x7f", 0, 0), TEXT_CONTROL);
	assert_int_equal(text_check("a\xc2\x85" "b", 0, 0), TEXT_CONTROL);
	assert_int_equal(text_check("\xc2\x9f", 0, 0), TEXT_CONTROL);
	assert_int_equal(text_check("a\tb", 0, 0), TEXT_CONTROL);
	assert_int_equal(text_check("\x1b[31m", 0, 0), TEXT_CONTROL);
	/* Just past C1 is fine. */
	assert_int_equal(text_check("\xc2\xa0", 0, 0), TEXT_OK);
}

static void
test_text_check_newline_only_when_allowed(void **state)
{
	assert_int_equal(text_check("line1\nline2", 0, 0), TEXT_CONTROL);
	assert_int_equal(text_check("line1\nline2", 0, TEXT_ALLOW_NEWLINE),
	    TEXT_OK);
	/* The flag allows \n and nothing else. */
	assert_int_equal(text_check("line1\r\nline2", 0, TEXT_ALLOW_NEWLINE),
	    TEXT_CONTROL);
	assert_int_equal(text_check("a\x01", 0, TEXT_ALLOW_NEWLINE),
	    TEXT_CONTROL);
}

static void
test_text_check_bidi(void **state)
{
	assert_int_equal(text_check("abc\xe2\x80\xae" "def", 0, 0),
	    TEXT_BIDI);					/* U+202E */
	assert_int_equal(text_check("\xe2\x81\xa6" "x", 0, 0), TEXT_BIDI);
							/* U+2066 */
	assert_int_equal(text_check("\xe2\x81\xa9", 0, 0), TEXT_BIDI);
							/* U+2069 */
	assert_int_equal(text_check("\xe2\x80\x8f", 0, 0), TEXT_BIDI);
							/* U+200F */
	assert_int_equal(text_check("\xd8\x9c", 0, 0), TEXT_BIDI);
							/* U+061C */
}

static void
test_text_check_invisible(void **state)
{
	assert_int_equal(text_check("ad\xe2\x80\x8bmin", 0, 0),
	    TEXT_INVISIBLE);				/* U+200B */
	assert_int_equal(text_check("\xef\xbb\xbf" "admin", 0, 0),
	    TEXT_INVISIBLE);				/* U+FEFF */
	assert_int_equal(text_check("\xe2\x81\xa0", 0, 0), TEXT_INVISIBLE);
							/* U+2060 */
	assert_int_equal(text_check("\xc2\xad", 0, 0), TEXT_INVISIBLE);
							/* U+00AD */
	assert_int_equal(text_check("\xf3\xa0\x80\x81", 0, 0),
	    TEXT_INVISIBLE);				/* U+E0001 */
}

static void
test_text_check_too_long_counts_code_points(void **state)
{
	/* 10 characters in 30 bytes. */
	assert_int_equal(text_check(CN_PERMIT, 10, 0), TEXT_OK);
	assert_int_equal(text_check(CN_PERMIT, 11, 0), TEXT_OK);
	assert_int_equal(text_check(CN_PERMIT, 9, 0), TEXT_TOO_LONG);
	assert_int_equal(text_check(CN_PERMIT, 1, 0), TEXT_TOO_LONG);
	assert_int_equal(text_check("abcde", 5, 0), TEXT_OK);
	assert_int_equal(text_check("abcdef", 5, 0), TEXT_TOO_LONG);
	assert_int_equal(text_check("", 1, 0), TEXT_OK);
	/* 0 means no limit. */
	assert_int_equal(text_check(CN_PERMIT CN_PERMIT CN_PERMIT, 0, 0),
	    TEXT_OK);
}

static void
test_text_error_name_all(void **state)
{
	assert_string_equal(text_error_name(TEXT_OK), "ok");
	assert_string_equal(text_error_name(TEXT_INVALID_UTF8),
	    "invalid UTF-8");
	assert_string_equal(text_error_name(TEXT_TOO_LONG), "too long");
}

static void
test_text_is_unsafe_classes(void **state)
{
	assert_true(text_is_unsafe(0x01));
	assert_true(text_is_unsafe(0x7f));
	assert_true(text_is_unsafe(0x85));
	assert_true(text_is_unsafe(0x202e));
	assert_true(text_is_unsafe(0x200b));
	assert_true(text_is_unsafe(0xfeff));
	assert_false(text_is_unsafe('a'));
	assert_false(text_is_unsafe(0xa0));
	assert_false(text_is_unsafe(0x738b));
}

static void
test_text_sanitize_controls_caret(void **state)
{
	check_sanitize("a\x01" "b", "a^Ab");
	check_sanitize("\x1b[31mred", "^[[31mred");
	check_sanitize("tab\there", "tab^Ihere");
	check_sanitize("line\n", "line^J");
	check_sanitize("del\x7f", "del^?");
	check_sanitize("\x1f", "^_");
}

static void
test_text_sanitize_c1_hex(void **state)
{
	check_sanitize("a\xc2\x85" "b", "a<85>b");
	check_sanitize("\xc2\x80\xc2\x9f", "<80><9F>");
	check_sanitize("\xc2\xa0", "\xc2\xa0");
}

static void
test_text_sanitize_bidi_invisible_codepoint(void **state)
{
	check_sanitize("abc\xe2\x80\xae" "fdp.exe", "abc<U+202E>fdp.exe");
	check_sanitize("\xe2\x81\xa6" "x\xe2\x81\xa9", "<U+2066>x<U+2069>");
	check_sanitize("ad\xe2\x80\x8bmin", "ad<U+200B>min");
	check_sanitize("\xef\xbb\xbf" "x", "<U+FEFF>x");
	check_sanitize("\xf3\xa0\x80\x81", "<U+E0001>");
}

static void
test_text_sanitize_invalid_replacement(void **state)
{
	check_sanitize("a\xff" "b", "a\xef\xbf\xbd" "b");
	check_sanitize("\x80", "\xef\xbf\xbd");
	check_sanitize("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
	check_sanitize("\xed\xa0\x80",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* A truncated sequence does not swallow the ASCII after it. */
	check_sanitize("\xe5\xa4" "A", "\xef\xbf\xbd\xef\xbf\xbd" "A");
}

static void
test_text_sanitize_chinese_unchanged(void **state)
{
	check_sanitize(CN_PERMIT, CN_PERMIT);
	check_sanitize("王芳 Wang Fang", "王芳 Wang Fang");
	check_sanitize("", "");
}

static void
test_text_sanitize_result_passes_check(void **state)
{
	static const char	*in[] = {
		"\x01\x02\x03\x7f\xc2\x85\xe2\x80\xae\xe2\x80\x8b\xef\xbb\xbf",
		"\xff\xfe\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe5\xa4",
		/* Worst case growth: 4-byte tag characters. */
		"\xf3\xa0\x80\x81\xf3\xa0\x80\x81\xf3\xa0\x80\x81",
	};
	char			*out;
	enum text_error		 e;
	size_t			 i;

	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		out = text_sanitize(in[i]);
		e = text_check(out, 0, 0);
		free(out);
		assert_int_equal(e, TEXT_OK);
	}
}

static void
test_text_width_ascii(void **state)
{
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("a"), 1);
	assert_int_equal(text_width("hello world"), 11);
}

static void
test_text_width_chinese(void **state)
{
	assert_int_equal(text_width("王芳"), 4);
	assert_int_equal(text_width(CN_PERMIT), 20);
	assert_int_equal(text_width("\xef\xbc\xb7"), 2);	/* U+FF37 */
	assert_int_equal(text_width("한"), 2);
}

static void
test_text_width_mixed(void **state)
{
	assert_int_equal(text_width("ab王芳c"), 7);
	assert_int_equal(text_width("王芳 (Wang Fang)"), 4 + 12);
	/* Combining acute accent takes no column (needs the UTF-8 locale). */
	assert_int_equal(text_width("e\xcc\x81"), 1);
	/* An invalid byte shows as U+FFFD: one column. */
	assert_int_equal(text_width("a\xff" "b"), 3);
}

static void
test_text_fit_truncate_never_splits_wide(void **state)
{
	char	buf[64];

	assert_int_equal(text_fit(buf, sizeof buf, "王芳芳", 5, 1), 5);
	assert_string_equal(buf, "王芳 ");
	assert_int_equal(text_fit(buf, sizeof buf, "王芳芳", 5, 0), 4);
	assert_string_equal(buf, "王芳");
	assert_int_equal(text_fit(buf, sizeof buf, "王芳芳", 1, 0), 0);
	assert_string_equal(buf, "");
	assert_int_equal(text_fit(buf, sizeof buf, "王芳芳", 1, 1), 1);
	assert_string_equal(buf, " ");
	assert_int_equal(text_fit(buf, sizeof buf, "a王", 2, 1), 2);
	assert_string_equal(buf, "a ");
}

static void
test_text_fit_pads_to_exact_width(void **state)
{
	char	buf[64];

	assert_int_equal(text_fit(buf, sizeof buf, "ab", 5, 1), 5);
	assert_string_equal(buf, "ab   ");
	assert_int_equal(text_fit(buf, sizeof buf, "王芳", 6, 1), 6);
	assert_string_equal(buf, "王芳  ");
	assert_int_equal(text_width(buf), 6);
	assert_int_equal(text_fit(buf, sizeof buf, "", 3, 1), 3);
	assert_string_equal(buf, "   ");
	/* Without pad the text is just copied. */
	assert_int_equal(text_fit(buf, sizeof buf, "ab", 5, 0), 2);
	assert_string_equal(buf, "ab");
}

static void
test_text_fit_truncates_ascii(void **state)
{
	char	buf[64];

	assert_int_equal(text_fit(buf, sizeof buf, "abcdefgh", 3, 0), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(text_fit(buf, sizeof buf, "abcdefgh", 3, 1), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(text_fit(buf, sizeof buf, "王芳", 4, 1), 4);
	assert_string_equal(buf, "王芳");
	assert_int_equal(text_fit(buf, sizeof buf, "abc", 0, 1), 0);
	assert_string_equal(buf, "");
}

static void
test_text_fit_respects_buffer_size(void **state)
{
	char	buf[8];

	/* 王芳 is 6 bytes + NUL: the third character does not fit. */
	memset(buf, 'X', sizeof buf);
	assert_int_equal(text_fit(buf, 7, "王芳芳", 20, 0), 4);
	assert_string_equal(buf, "王芳");
	assert_int_equal(buf[7], 'X');
	/* Padding stops at the buffer too. */
	memset(buf, 'X', sizeof buf);
	assert_int_equal(text_fit(buf, 4, "a", 10, 1), 3);
	assert_string_equal(buf, "a  ");
	assert_int_equal(buf[4], 'X');
	assert_int_equal(text_fit(buf, 1, "abc", 10, 1), 0);
	assert_string_equal(buf, "");
	assert_int_equal(text_fit(buf, 0, "abc", 10, 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_decode_ascii),
		cmocka_unit_test(test_text_decode_multibyte),
		cmocka_unit_test(test_text_decode_invalid),
		cmocka_unit_test(test_text_check_valid),
		cmocka_unit_test(test_text_check_invalid_utf8),
		cmocka_unit_test(test_text_check_control),
		cmocka_unit_test(test_text_check_newline_only_when_allowed),
		cmocka_unit_test(test_text_check_bidi),
		cmocka_unit_test(test_text_check_invisible),
		cmocka_unit_test(test_text_check_too_long_counts_code_points),
		cmocka_unit_test(test_text_error_name_all),
		cmocka_unit_test(test_text_is_unsafe_classes),
		cmocka_unit_test(test_text_sanitize_controls_caret),
		cmocka_unit_test(test_text_sanitize_c1_hex),
		cmocka_unit_test(test_text_sanitize_bidi_invisible_codepoint),
		cmocka_unit_test(test_text_sanitize_invalid_replacement),
		cmocka_unit_test(test_text_sanitize_chinese_unchanged),
		cmocka_unit_test(test_text_sanitize_result_passes_check),
		cmocka_unit_test(test_text_width_ascii),
		cmocka_unit_test(test_text_width_chinese),
		cmocka_unit_test(test_text_width_mixed),
		cmocka_unit_test(test_text_fit_truncate_never_splits_wide),
		cmocka_unit_test(test_text_fit_pads_to_exact_width),
		cmocka_unit_test(test_text_fit_truncates_ascii),
		cmocka_unit_test(test_text_fit_respects_buffer_size),
	};

	return (cmocka_run_group_tests(tests, group_setup, NULL));
}
