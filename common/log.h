/* Logging: stderr in the foreground, syslog otherwise, or a file. */
#ifndef BANSHI_LOG_H
#define BANSHI_LOG_H

#include <stddef.h>
#include <stdio.h>

/* Start logging as name; foreground logs to stderr, else syslog. */
void	log_init(const char *name, int foreground, int verbose);
/* Log to the given file instead (the client's -v log); NULL stops logging. */
void	log_to_file(FILE *);
void	log_set_verbose(int);

void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Escape untrusted text for a log line: bytes outside printable ASCII become
 * \xNN, quotes and backslashes are escaped.  Writes at most size bytes with a
 * NUL and returns dst.
 */
char	*log_escape(char *dst, size_t size, const char *src);

#endif
