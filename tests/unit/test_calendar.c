/* Unit tests for server/calendar.c: civil dates and 2026 working days. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/*
 * 2026 as the State Council notice of 4 November 2025 has it.  The
 * make-up working days are listed out of order on purpose: the calendar is
 * made through cal_year_sort, as catalog.c does.
 */
static const struct {
	const char	*name, *from, *to;
} holidays_2026[] = {
	{ "元旦", "2026-01-01", "2026-01-03" },
	{ "春节", "2026-02-15", "2026-02-23" },
	{ "清明节", "2026-04-04", "2026-04-06" },
	{ "劳动节", "2026-05-01", "2026-05-05" },
	{ "端午节", "2026-06-19", "2026-06-21" },
	{ "中秋节", "2026-09-25", "2026-09-27" },
	{ "国庆节", "2026-10-01", "2026-10-07" },
};
static const char *const workdays_2026[] = {
	"2026-10-10", "2026-01-04", "2026-09-20", "2026-02-14",
	"2026-05-09", "2026-02-28",
};

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

static struct cal_holiday	 hol[NELEM(holidays_2026)];
static int32_t			 off[366], work[NELEM(workdays_2026)];
static struct cal_year		 year_2026;
static struct calendar		 cal = { &year_2026, 1 };

static int32_t
day(const char *s)
{
	int32_t	d = 0;

	if (cal_parse_date(s, &d) != 0)
		fail_msg("bad date in test: %s", s);
	return (d);
}

static int
group_setup(void **state)
{
	size_t	i, n_off = 0;
	int32_t	d;

	for (i = 0; i < NELEM(holidays_2026); i++) {
		hol[i].name = holidays_2026[i].name;
		hol[i].from = day(holidays_2026[i].from);
		hol[i].to = day(holidays_2026[i].to);
		/* Latest first, so the sort has something to do. */
		for (d = hol[i].to; d >= hol[i].from; d--)
			off[n_off++] = d;
	}
	for (i = 0; i < NELEM(workdays_2026); i++)
		work[i] = day(workdays_2026[i]);
	year_2026.year = 2026;
	year_2026.source = "国务院办公厅关于2026年部分节假日安排的通知";
	year_2026.off = off;
	year_2026.n_off = n_off;
	year_2026.work = work;
	year_2026.n_work = NELEM(workdays_2026);
	year_2026.holidays = hol;
	year_2026.n_holidays = NELEM(holidays_2026);
	cal_year_sort(&year_2026);
	return (0);
}

/* Compare a day with a date string, printing both on a mismatch. */
static void
assert_day(int32_t got, const char *want)
{
	char	buf[11];

	cal_format_date(got, buf);
	if (strcmp(buf, want) != 0)
		fail_msg("got %s, want %s", buf, want);
}

static void
expect_deadline(const char *from, int days, const char *want)
{
	int	uncovered = 0;

	assert_day(cal_deadline(&cal, day(from), days, &uncovered), want);
	assert_int_equal(uncovered, 0);
}

static void
test_cal_year_sort_orders_days(void **state)
{
	size_t	i;

	assert_int_equal(year_2026.n_off, 3 + 9 + 3 + 5 + 3 + 3 + 7);
	for (i = 1; i < year_2026.n_off; i++)
		assert_true(year_2026.off[i - 1] < year_2026.off[i]);
	for (i = 1; i < year_2026.n_work; i++)
		assert_true(year_2026.work[i - 1] < year_2026.work[i]);
	assert_day(year_2026.off[0], "2026-01-01");
	assert_day(year_2026.off[year_2026.n_off - 1], "2026-10-07");
	assert_day(year_2026.work[0], "2026-01-04");
	assert_day(year_2026.work[5], "2026-10-10");
}

static void
test_cal_year_finds_only_listed_years(void **state)
{
	assert_ptr_equal(cal_year(&cal, 2026), &year_2026);
	assert_null(cal_year(&cal, 2025));
	assert_null(cal_year(&cal, 2027));
	assert_null(cal_year(NULL, 2026));
}

static void
test_cal_days_from_civil_known_values(void **state)
{
	assert_int_equal(cal_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(cal_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(cal_days_from_civil(1970, 1, 2), 1);
	assert_int_equal(cal_days_from_civil(2026, 1, 1), 20454);
	assert_int_equal(cal_days_from_civil(1900, 1, 1), -25567);
	assert_int_equal(cal_days_from_civil(2000, 2, 29), 11016);
	assert_int_equal(cal_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(cal_days_from_civil(2100, 12, 31), 47846);
	assert_int_equal(cal_days_from_civil(9999, 12, 31), 2932896);
}

static int
days_in_month(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return (29);
	return (n[m - 1]);
}

/*
 * Walk every day of 1900..2100 with a plain y/m/d counter: both directions
 * agree with it and with each other (1900 is not a leap year, 2000 is).
 */
static void
test_cal_civil_round_trip_1900_2100(void **state)
{
	int32_t	z = cal_days_from_civil(1900, 1, 1);
	int	y, m, d, y2, m2, d2;

	for (y = 1900; y <= 2100; y++) {
		for (m = 1; m <= 12; m++) {
			for (d = 1; d <= days_in_month(y, m); d++, z++) {
				if (cal_days_from_civil(y, m, d) != z)
					fail_msg("%04d-%02d-%02d: %d, want %d",
					    y, m, d, cal_days_from_civil(y, m,
					    d), z);
				cal_civil_from_days(z, &y2, &m2, &d2);
				if (y2 != y || m2 != m || d2 != d)
					fail_msg("%d: %04d-%02d-%02d, want "
					    "%04d-%02d-%02d", z, y2, m2, d2,
					    y, m, d);
			}
		}
	}
	assert_int_equal(z, cal_days_from_civil(2101, 1, 1));
	assert_int_equal(z - cal_days_from_civil(1900, 1, 1),
	    201 * 365 + 49);	/* 1904..2096 and 2000; not 1900 or 2100 */
}

static void
test_cal_weekday_known_days(void **state)
{
	assert_int_equal(cal_weekday(cal_days_from_civil(2026, 1, 1)), 3);
	assert_int_equal(cal_weekday(0), 3);		/* Thursday */
	assert_int_equal(cal_weekday(-1), 2);		/* 1969-12-31 */
	assert_int_equal(cal_weekday(-4), 6);		/* a Sunday */
	assert_int_equal(cal_weekday(-7), 3);
	assert_int_equal(cal_weekday(cal_days_from_civil(1900, 1, 1)), 0);
	assert_int_equal(cal_weekday(day("2026-01-04")), 6);
	assert_int_equal(cal_weekday(day("2026-02-14")), 5);
	assert_int_equal(cal_weekday(day("2026-10-26")), 0);
}

static void
test_cal_weekday_cycles_through_week(void **state)
{
	int32_t	z;

	for (z = -3000; z < 3000; z++)
		assert_int_equal(cal_weekday(z + 1), (cal_weekday(z) + 1) % 7);
}

static void
test_cal_parse_date_valid(void **state)
{
	int32_t	d = -1;

	assert_int_equal(cal_parse_date("2026-01-01", &d), 0);
	assert_int_equal(d, 20454);
	assert_int_equal(cal_parse_date("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(cal_parse_date("2024-02-29", &d), 0);
	assert_int_equal(d, cal_days_from_civil(2024, 2, 29));
	assert_int_equal(cal_parse_date("2000-02-29", &d), 0);
	assert_int_equal(cal_parse_date("1900-01-01", &d), 0);
	assert_int_equal(d, -25567);
	assert_int_equal(cal_parse_date("9999-12-31", &d), 0);
	assert_int_equal(d, 2932896);
}

static void
test_cal_parse_date_rejects_malformed(void **state)
{
	static const char *const bad[] = {
		"", "2026-02-30", "2026-02-29", "1900-02-29", "2026-04-31",
		"2026-2-3", "2026-02-3", "2026-13-01", "2026-00-10",
		"2026-01-00", "2026-01-32", "2026-01-01x", "2026-01-01 ",
		" 2026-01-01", "2026/01/01", "2026-01/01", "20260101",
		"1899-12-31", "0000-01-01", "26-01-01", "2026-01", "x",
		"２０２６-01-01", "2026-01-0a",
	};
	size_t	i;
	int32_t	d;

	for (i = 0; i < NELEM(bad); i++)
		if (cal_parse_date(bad[i], &d) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
}

/* sscanf's %d skips blanks and takes a sign: YYYY-MM-DD has neither. */
static void
test_cal_parse_date_rejects_blank_and_sign(void **state)
{
	static const char *const bad[] = {
		"2026- 1-01", "2026-01- 1", "2026-+1-01", "2026-01-+1",
		"2026-+1-+1", "2026-\t1-01",
	};
	size_t	i;
	int32_t	d;
	int	accepted = 0;

	for (i = 0; i < NELEM(bad); i++)
		if (cal_parse_date(bad[i], &d) != -1) {
			print_error("accepted \"%s\"\n", bad[i]);
			accepted++;
		}
	assert_int_equal(accepted, 0);
}

static void
test_cal_format_date_pads(void **state)
{
	char	buf[11];

	cal_format_date(0, buf);
	assert_string_equal(buf, "1970-01-01");
	cal_format_date(20454, buf);
	assert_string_equal(buf, "2026-01-01");
	cal_format_date(-1, buf);
	assert_string_equal(buf, "1969-12-31");
	cal_format_date(-25567, buf);
	assert_string_equal(buf, "1900-01-01");
	cal_format_date(2932896, buf);
	assert_string_equal(buf, "9999-12-31");
	cal_format_date(cal_days_from_civil(2026, 3, 9), buf);
	assert_string_equal(buf, "2026-03-09");
}

static void
test_cal_format_date_parse_round_trip(void **state)
{
	char	buf[11];
	int32_t	z, back;

	for (z = -25567; z <= 47846; z += 13) {
		cal_format_date(z, buf);
		assert_int_equal(cal_parse_date(buf, &back), 0);
		assert_int_equal(back, z);
	}
}

static void
expect_working(const char *date, int want)
{
	int	uncovered = 0, got;

	got = cal_is_working(&cal, day(date), &uncovered);
	if (got != want)
		fail_msg("%s: working %d, want %d", date, got, want);
	assert_int_equal(uncovered, 0);
}

static void
test_cal_is_working_holidays_off(void **state)
{
	size_t	i;
	int32_t	d;
	int	uncovered = 0;

	for (i = 0; i < NELEM(hol); i++)
		for (d = hol[i].from; d <= hol[i].to; d++)
			assert_int_equal(cal_is_working(&cal, d, &uncovered),
			    0);
	assert_int_equal(uncovered, 0);
	expect_working("2026-01-01", 0);	/* Thursday */
	expect_working("2026-02-23", 0);	/* Monday */
	expect_working("2026-05-05", 0);	/* Tuesday */
	expect_working("2026-06-19", 0);	/* Friday */
	expect_working("2026-10-07", 0);	/* Wednesday */
}

static void
test_cal_is_working_makeup_days_on(void **state)
{
	size_t	i;

	for (i = 0; i < NELEM(workdays_2026); i++)
		expect_working(workdays_2026[i], 1);
}

static void
test_cal_is_working_ordinary_weekend_off(void **state)
{
	expect_working("2026-01-10", 0);	/* Saturday */
	expect_working("2026-01-11", 0);	/* Sunday */
	expect_working("2026-02-21", 0);	/* Saturday inside 春节 */
	expect_working("2026-09-19", 0);	/* Saturday before 20 Sep */
	expect_working("2026-10-11", 0);	/* Sunday after 10 Oct */
	expect_working("2026-12-26", 0);
	expect_working("2026-12-27", 0);
}

static void
test_cal_is_working_ordinary_weekday_on(void **state)
{
	expect_working("2026-01-05", 1);
	expect_working("2026-02-13", 1);
	expect_working("2026-02-24", 1);
	expect_working("2026-04-03", 1);
	expect_working("2026-04-07", 1);
	expect_working("2026-09-24", 1);
	expect_working("2026-12-31", 1);
}

static void
test_cal_is_working_counts_248_days_in_2026(void **state)
{
	int32_t	d;
	int	n = 0, uncovered = 0;

	for (d = day("2026-01-01"); d <= day("2026-12-31"); d++)
		n += cal_is_working(&cal, d, &uncovered);
	assert_int_equal(n, 248);
	assert_int_equal(uncovered, 0);
}

static void
test_cal_is_working_uncovered_year_weekends_only(void **state)
{
	int	uncovered = 0;

	/* 2027-01-01 is a Friday: no holiday without a calendar. */
	assert_int_equal(cal_is_working(&cal, day("2027-01-01"), &uncovered),
	    1);
	assert_int_equal(uncovered, 2027);
	assert_int_equal(cal_is_working(&cal, day("2027-01-02"), &uncovered),
	    0);
	/* The first uncovered year sticks. */
	assert_int_equal(cal_is_working(&cal, day("2025-12-31"), &uncovered),
	    1);
	assert_int_equal(uncovered, 2027);
	/* NULL is allowed, and so is no calendar at all. */
	assert_int_equal(cal_is_working(&cal, day("2025-10-01"), NULL), 1);
	uncovered = 0;
	assert_int_equal(cal_is_working(NULL, day("2026-01-01"), &uncovered),
	    1);
	assert_int_equal(uncovered, 2026);
}

static void
test_cal_deadline_zero_days_same_date(void **state)
{
	expect_deadline("2026-02-15", 0, "2026-02-15");	/* even a holiday */
	expect_deadline("2026-03-02", 0, "2026-03-02");
}

static void
test_cal_deadline_new_year(void **state)
{
	/* From is not counted, so 2025 (not in the calendar) is not read. */
	expect_deadline("2025-12-31", 1, "2026-01-04");	/* Sunday, make-up */
	expect_deadline("2026-01-02", 2, "2026-01-05");
}

static void
test_cal_deadline_spring_festival(void **state)
{
	expect_deadline("2026-02-13", 1, "2026-02-14");	/* Saturday make-up */
	expect_deadline("2026-02-14", 1, "2026-02-24");
	expect_deadline("2026-02-13", 2, "2026-02-24");
	expect_deadline("2026-02-27", 1, "2026-02-28");	/* Saturday make-up */
	expect_deadline("2026-02-28", 1, "2026-03-02");
}

static void
test_cal_deadline_qingming(void **state)
{
	expect_deadline("2026-04-03", 1, "2026-04-07");
	expect_deadline("2026-04-02", 2, "2026-04-07");
}

static void
test_cal_deadline_labour_day(void **state)
{
	expect_deadline("2026-04-30", 1, "2026-05-06");
	expect_deadline("2026-04-30", 4, "2026-05-09");	/* Saturday make-up */
	expect_deadline("2026-04-30", 5, "2026-05-11");
}

static void
test_cal_deadline_dragon_boat(void **state)
{
	expect_deadline("2026-06-18", 1, "2026-06-22");
}

static void
test_cal_deadline_mid_autumn_and_national_day(void **state)
{
	expect_deadline("2026-09-18", 1, "2026-09-20");	/* Sunday make-up */
	expect_deadline("2026-09-24", 1, "2026-09-28");
	expect_deadline("2026-09-30", 1, "2026-10-08");
	expect_deadline("2026-09-30", 3, "2026-10-10");	/* Saturday make-up */
	expect_deadline("2026-09-30", 4, "2026-10-12");
}

/*
 * 20 working days from Monday 21 Sep 2026, by hand:
 *  1 Tue 22 Sep   2 Wed 23   3 Thu 24   (25-27 中秋节)
 *  4 Mon 28       5 Tue 29   6 Wed 30   (1-7 Oct 国庆节)
 *  7 Thu 8 Oct    8 Fri 9    9 Sat 10 (make-up)   (Sun 11 off)
 * 10 Mon 12      11 Tue 13  12 Wed 14  13 Thu 15  14 Fri 16
 * 15 Mon 19      16 Tue 20  17 Wed 21  18 Thu 22  19 Fri 23
 * 20 Mon 26 Oct
 */
static void
test_cal_deadline_twenty_days_over_national_day(void **state)
{
	expect_deadline("2026-09-21", 20, "2026-10-26");
	expect_deadline("2026-09-21", 19, "2026-10-23");
}

static void
test_cal_deadline_into_uncovered_year(void **state)
{
	int	uncovered = 0;

	assert_day(cal_deadline(&cal, day("2026-12-31"), 1, &uncovered),
	    "2027-01-01");				/* Friday */
	assert_int_equal(uncovered, 2027);
	uncovered = 0;
	assert_day(cal_deadline(&cal, day("2026-12-30"), 3, &uncovered),
	    "2027-01-04");
	assert_int_equal(uncovered, 2027);
	uncovered = 0;
	assert_day(cal_deadline(&cal, day("2026-12-30"), 1, &uncovered),
	    "2026-12-31");
	assert_int_equal(uncovered, 0);
}

static void
test_cal_working_days_between_positive(void **state)
{
	int	uncovered = 0;

	assert_int_equal(cal_working_days_between(&cal, day("2026-09-21"),
	    day("2026-10-26"), &uncovered), 20);
	assert_int_equal(cal_working_days_between(&cal, day("2026-02-13"),
	    day("2026-02-24"), &uncovered), 2);
	assert_int_equal(cal_working_days_between(&cal, day("2026-09-30"),
	    day("2026-10-07"), &uncovered), 0);
	assert_int_equal(cal_working_days_between(&cal, day("2025-12-31"),
	    day("2026-12-31"), &uncovered), 248);
	assert_int_equal(uncovered, 0);
}

static void
test_cal_working_days_between_negative(void **state)
{
	int	uncovered = 0;

	assert_int_equal(cal_working_days_between(&cal, day("2026-10-26"),
	    day("2026-09-21"), &uncovered), -20);
	assert_int_equal(cal_working_days_between(&cal, day("2026-02-24"),
	    day("2026-02-13"), &uncovered), -2);
	/* Holiday to holiday: nothing in between works. */
	assert_int_equal(cal_working_days_between(&cal, day("2026-10-07"),
	    day("2026-10-01"), &uncovered), 0);
	assert_int_equal(uncovered, 0);
}

static void
test_cal_working_days_between_zero(void **state)
{
	int	uncovered = 0;

	assert_int_equal(cal_working_days_between(&cal, day("2026-03-04"),
	    day("2026-03-04"), &uncovered), 0);
	assert_int_equal(cal_working_days_between(&cal, day("2026-02-14"),
	    day("2026-02-14"), &uncovered), 0);
	assert_int_equal(uncovered, 0);
}

/* between(from, deadline(from, n)) == n for every start day of 2026. */
static void
test_cal_working_days_between_inverts_deadline(void **state)
{
	int32_t	from, to;
	int	n, uncovered = 0;

	for (from = day("2026-01-01"); from <= day("2026-11-30"); from++) {
		for (n = 0; n <= 20; n += 5) {
			to = cal_deadline(&cal, from, n, &uncovered);
			assert_int_equal(cal_working_days_between(&cal, from,
			    to, &uncovered), n);
			assert_int_equal(cal_working_days_between(&cal, to,
			    from, &uncovered), -n);
		}
	}
	assert_int_equal(uncovered, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cal_year_sort_orders_days),
		cmocka_unit_test(test_cal_year_finds_only_listed_years),
		cmocka_unit_test(test_cal_days_from_civil_known_values),
		cmocka_unit_test(test_cal_civil_round_trip_1900_2100),
		cmocka_unit_test(test_cal_weekday_known_days),
		cmocka_unit_test(test_cal_weekday_cycles_through_week),
		cmocka_unit_test(test_cal_parse_date_valid),
		cmocka_unit_test(test_cal_parse_date_rejects_malformed),
		cmocka_unit_test(test_cal_parse_date_rejects_blank_and_sign),
		cmocka_unit_test(test_cal_format_date_pads),
		cmocka_unit_test(test_cal_format_date_parse_round_trip),
		cmocka_unit_test(test_cal_is_working_holidays_off),
		cmocka_unit_test(test_cal_is_working_makeup_days_on),
		cmocka_unit_test(test_cal_is_working_ordinary_weekend_off),
		cmocka_unit_test(test_cal_is_working_ordinary_weekday_on),
		cmocka_unit_test(test_cal_is_working_counts_248_days_in_2026),
		cmocka_unit_test(
		    test_cal_is_working_uncovered_year_weekends_only),
		cmocka_unit_test(test_cal_deadline_zero_days_same_date),
		cmocka_unit_test(test_cal_deadline_new_year),
		cmocka_unit_test(test_cal_deadline_spring_festival),
		cmocka_unit_test(test_cal_deadline_qingming),
		cmocka_unit_test(test_cal_deadline_labour_day),
		cmocka_unit_test(test_cal_deadline_dragon_boat),
		cmocka_unit_test(test_cal_deadline_mid_autumn_and_national_day),
		cmocka_unit_test(
		    test_cal_deadline_twenty_days_over_national_day),
		cmocka_unit_test(test_cal_deadline_into_uncovered_year),
		cmocka_unit_test(test_cal_working_days_between_positive),
		cmocka_unit_test(test_cal_working_days_between_negative),
		cmocka_unit_test(test_cal_working_days_between_zero),
		cmocka_unit_test(
		    test_cal_working_days_between_inverts_deadline),
	};

	return (cmocka_run_group_tests(tests, group_setup, NULL));
}
