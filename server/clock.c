/* The one clock every time-dependent rule reads; tests may move it on. */
#include <time.h>

#include "server.h"

static int64_t	clock_offset;

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
