/* Logging to stderr, syslog or a file, with printf-style helpers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static int	 log_foreground = 1;
static int	 log_verbose;
static FILE	*log_file;
static int	 log_quiet;

void
log_init(const char *name, int foreground, int verbose)
{
	log_foreground = foreground;
	log_verbose = verbose;
	if (!foreground)
		openlog(name, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_to_file(FILE *f)
{
	log_file = f;
	log_quiet = (f == NULL);
	log_foreground = 1;
}

void
log_set_verbose(int v)
{
	log_verbose = v;
}

/* Write one formatted line at a syslog priority, with an optional errno. */
static void
log_vwrite(int pri, int errnum, const char *fmt, va_list ap)
{
	char		 msg[2048];
	FILE		*out;
	struct timespec	 ts;
	struct tm	 tm;
	char		 stamp[32];

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (errnum != 0) {
		size_t len = strlen(msg);
		snprintf(msg + len, sizeof msg - len, ": %s",
		    strerror(errnum));
	}
	if (log_file != NULL || log_foreground) {
		out = log_file != NULL ? log_file : stderr;
		if (log_quiet && log_file == NULL)
			return;
		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
		fprintf(out, "%s.%03ld %s\n", stamp, ts.tv_nsec / 1000000,
		    msg);
		fflush(out);
	} else
		syslog(pri, "%s", msg);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, 0, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_INFO, 0, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_DEBUG, 0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, 0, fmt, ap);
	va_end(ap);
	exit(1);
}

char *
log_escape(char *dst, size_t size, const char *src)
{
	size_t		 n = 0;
	unsigned char	 c;

	if (size == 0)
		return (dst);
	for (; *src != '\0'; src++) {
		c = (unsigned char)*src;
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			if (n + 1 >= size)
				break;
			dst[n++] = (char)c;
		} else if (c == '"' || c == '\\') {
			if (n + 2 >= size)
				break;
			dst[n++] = '\\';
			dst[n++] = (char)c;
		} else {
			if (n + 4 >= size)
				break;
			snprintf(dst + n, 5, "\\x%02x", c);
			n += 4;
		}
	}
	dst[n] = '\0';
	return (dst);
}
