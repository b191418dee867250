/*
 * Text: UTF-8 validation of untrusted strings, the display sanitizer every
 * server string passes through before it reaches the screen, and display
 * widths (a Chinese character is two columns).  Pure functions.
 */
#ifndef BANSHI_TEXT_H
#define BANSHI_TEXT_H

#include <stddef.h>
#include <stdint.h>

enum text_error {
	TEXT_OK,
	TEXT_INVALID_UTF8,	/* malformed, overlong, surrogate, > U+10FFFF */
	TEXT_CONTROL,		/* C0 (but see TEXT_ALLOW_NEWLINE), DEL, C1 */
	TEXT_BIDI,		/* bidi embeddings, overrides and isolates */
	TEXT_INVISIBLE,		/* zero-width and other invisible format chars */
	TEXT_TOO_LONG		/* more code points than allowed */
};

#define TEXT_ALLOW_NEWLINE	0x1	/* multi-line fields: \n is fine */

/*
 * Decode one code point from s (n bytes available).  Returns its length in
 * bytes and stores it in *cp, or returns 0 for invalid UTF-8.
 */
size_t		 text_decode(const char *s, size_t n, uint32_t *cp);

/* Check a string from the network; max_chars 0 means no limit. */
enum text_error	 text_check(const char *s, size_t max_chars, int flags);
const char	*text_error_name(enum text_error);

/* True for code points the display must never pass through as they are. */
int		 text_is_unsafe(uint32_t cp);

/*
 * Make a string safe to display: invalid bytes become U+FFFD, control
 * characters become ^X (C0) or <XX> (C1), bidi and invisible format
 * characters become <U+XXXX>.  Returns a newly allocated string.
 */
char		*text_sanitize(const char *s);

/* Display width of one code point (0, 1 or 2 columns). */
int		 text_cp_width(uint32_t cp);
/* Display width of a sanitized UTF-8 string. */
size_t		 text_width(const char *s);

/*
 * Copy as many whole characters of s as fit in cols columns into dst (size
 * bytes), then pad with spaces to exactly cols columns when pad is set.
 * Returns the columns used.  A wide character that would straddle the edge is
 * left out (and replaced by a space when padding).
 */
size_t		 text_fit(char *dst, size_t size, const char *s, size_t cols,
		    int pad);

#endif
