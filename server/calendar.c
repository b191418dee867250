/*
 * The working-day calendar: weekends are off except the make-up working days
 * (调休), and public holidays are off.  Dates are days since 1970-01-01.
 * Pure functions; the data comes from the catalogue's calendar.yaml.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

/* Days since the epoch of a proleptic Gregorian date (H. Hinnant). */
int32_t
cal_days_from_civil(int y, int m, int d)
{
	int		era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return ((int32_t)(era * 146097 + doe - 719468));
}

void
cal_civil_from_days(int32_t z, int *y, int *m, int *d)
{
	int	era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* 0 Monday .. 6 Sunday. */
int
cal_weekday(int32_t day)
{
	return ((int)(((day % 7) + 7 + 3) % 7));	/* 1970-01-01: Thursday */
}

int
cal_parse_date(const char *s, int32_t *out)
{
	int	y, m, d, y2, m2, d2, i;

	/* Exactly DDDD-DD-DD: sscanf alone would take blanks and signs. */
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return (-1);
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return (-1);
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1900)
		return (-1);
	*out = cal_days_from_civil(y, m, d);
	cal_civil_from_days(*out, &y2, &m2, &d2);
	if (y2 != y || m2 != m || d2 != d)
		return (-1);	/* 2026-02-30 and the like */
	return (0);
}

void
cal_format_date(int32_t day, char buf[11])
{
	int	y, m, d;

	cal_civil_from_days(day, &y, &m, &d);
	snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
}

static int
cal_cmp_day(const void *a, const void *b)
{
	int32_t	x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x < y ? -1 : x > y);
}

const struct cal_year *
cal_year(const struct calendar *cal, int year)
{
	size_t	i;

	for (i = 0; cal != NULL && i < cal->n_years; i++) {
		if (cal->years[i].year == year)
			return (&cal->years[i]);
	}
	return (NULL);
}

int
cal_is_working(const struct calendar *cal, int32_t day, int *uncovered)
{
	const struct cal_year	*cy;
	int			 y, m, d;

	cal_civil_from_days(day, &y, &m, &d);
	if ((cy = cal_year(cal, y)) == NULL) {
		if (uncovered != NULL && *uncovered == 0)
			*uncovered = y;
		return (cal_weekday(day) < 5);
	}
	if (bsearch(&day, cy->work, cy->n_work, sizeof *cy->work,
	    cal_cmp_day) != NULL)
		return (1);
	if (bsearch(&day, cy->off, cy->n_off, sizeof *cy->off,
	    cal_cmp_day) != NULL)
		return (0);
	return (cal_weekday(day) < 5);
}

int32_t
cal_deadline(const struct calendar *cal, int32_t from, int days,
    int *uncovered)
{
	int32_t	day = from;

	while (days > 0) {
		day++;
		if (cal_is_working(cal, day, uncovered))
			days--;
	}
	return (day);
}

int
cal_working_days_between(const struct calendar *cal, int32_t from,
    int32_t to, int *uncovered)
{
	int	n = 0;
	int32_t	day;

	if (to <= from) {
		for (day = to; day < from; day++)
			n -= cal_is_working(cal, day + 1, uncovered);
		return (n);
	}
	for (day = from + 1; day <= to; day++)
		n += cal_is_working(cal, day, uncovered);
	return (n);
}

void
cal_year_sort(struct cal_year *cy)
{
	qsort(cy->off, cy->n_off, sizeof *cy->off, cal_cmp_day);
	qsort(cy->work, cy->n_work, sizeof *cy->work, cal_cmp_day);
}
