/*
 * The one clock every time-dependent rule reads, on the loop and the writer
 * thread alike; tests may move it on.
 */
#include <stdatomic.h>
#include <time.h>

#include "server.h"

static _Atomic int64_t	clock_offset;

time_t
clock_now(void)
{
	return (time(NULL) + (time_t)clock_offset);
}

void
clock_advance(int64_t seconds)
{
	clock_offset += seconds;
}

int32_t
clock_day(void)
{
	time_t		now = clock_now();
	struct tm	tm;

	/* The service hall's day is its local day, not UTC's. */
	localtime_r(&now, &tm);
	return (cal_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday));
}
