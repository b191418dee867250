/* UTF-8 validation, display sanitizing and display width. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "text.h"
#include "xmalloc.h"

size_t
text_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char	*s = (const unsigned char *)str;
	uint32_t		 c;
	size_t			 len, i;

	if (n == 0)
		return (0);
	if (s[0] < 0x80) {
		*cp = s[0];
		return (1);
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return (0);
	if (n < len)
		return (0);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return (0);
	*cp = c;
	return (len);
}

static int
text_is_control(uint32_t cp)
{
	return (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0));
}

static int
text_is_bidi(uint32_t cp)
{
	return (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069));
}

static int
text_is_invisible(uint32_t cp)
{
	return ((cp >= 0x200b && cp <= 0x200d) || cp == 0x2028 ||
	    cp == 0x2029 || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xfeff ||
	    cp == 0x00ad || cp == 0x180e || (cp >= 0xfff9 && cp <= 0xfffb) ||
	    (cp >= 0xe0000 && cp <= 0xe007f));
}

int
text_is_unsafe(uint32_t cp)
{
	return (text_is_control(cp) || text_is_bidi(cp) ||
	    text_is_invisible(cp));
}

enum text_error
text_check(const char *s, size_t max_chars, int flags)
{
	size_t		n = strlen(s), used, chars = 0;
	uint32_t	cp;

	while (n > 0) {
		if ((used = text_decode(s, n, &cp)) == 0)
			return (TEXT_INVALID_UTF8);
		if (text_is_control(cp) &&
		    !(cp == '\n' && (flags & TEXT_ALLOW_NEWLINE)))
			return (TEXT_CONTROL);
		if (text_is_bidi(cp))
			return (TEXT_BIDI);
		if (text_is_invisible(cp))
			return (TEXT_INVISIBLE);
		if (max_chars != 0 && ++chars > max_chars)
			return (TEXT_TOO_LONG);
		s += used;
		n -= used;
	}
	return (TEXT_OK);
}

const char *
text_error_name(enum text_error e)
{
	switch (e) {
	case TEXT_OK:
		return ("ok");
	case TEXT_INVALID_UTF8:
		return ("invalid UTF-8");
	case TEXT_CONTROL:
		return ("control character");
	case TEXT_BIDI:
		return ("bidirectional control character");
	case TEXT_INVISIBLE:
		return ("invisible character");
	case TEXT_TOO_LONG:
		return ("too long");
	}
	return ("unknown");
}

char *
text_sanitize(const char *s)
{
	size_t		 n = strlen(s), used, out = 0, cap;
	char		*dst;
	uint32_t	 cp;

	/* The worst case is 1 byte -> "<U+XXXXX>" (10 bytes). */
	cap = n * 10 + 1;
	dst = xmalloc(cap);
	while (n > 0) {
		if ((used = text_decode(s, n, &cp)) == 0) {
			memcpy(dst + out, "\xef\xbf\xbd", 3);	/* U+FFFD */
			out += 3;
			s++;
			n--;
			continue;
		}
		if (cp < 0x20)
			out += (size_t)snprintf(dst + out, cap - out, "^%c",
			    (char)(cp + '@'));
		else if (cp == 0x7f)
			out += (size_t)snprintf(dst + out, cap - out, "^?");
		else if (cp >= 0x80 && cp < 0xa0)
			out += (size_t)snprintf(dst + out, cap - out, "<%02X>",
			    (unsigned)cp);
		else if (text_is_bidi(cp) || text_is_invisible(cp))
			out += (size_t)snprintf(dst + out, cap - out,
			    "<U+%04X>", (unsigned)cp);
		else {
			memcpy(dst + out, s, used);
			out += used;
		}
		s += used;
		n -= used;
	}
	dst[out] = '\0';
	return (dst);
}

int
text_cp_width(uint32_t cp)
{
	int	w;

	if (cp == 0)
		return (0);
	/* CJK and fullwidth ranges, in case the locale's table is missing. */
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf &&
	    cp != 0x303f) || (cp >= 0xac00 && cp <= 0xd7a3) ||
	    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) ||
	    (cp >= 0x20000 && cp <= 0x3fffd))
		return (2);
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return (1);	/* sanitized text has no controls left */
	return (w);
}

size_t
text_width(const char *s)
{
	size_t		n = strlen(s), used, w = 0;
	uint32_t	cp;

	while (n > 0) {
		if ((used = text_decode(s, n, &cp)) == 0) {
			w++;
			s++;
			n--;
			continue;
		}
		w += (size_t)text_cp_width(cp);
		s += used;
		n -= used;
	}
	return (w);
}

size_t
text_fit(char *dst, size_t size, const char *s, size_t cols, int pad)
{
	size_t		n = strlen(s), used, w = 0, out = 0;
	uint32_t	cp;
	int		cw;

	if (size == 0)
		return (0);
	while (n > 0) {
		if ((used = text_decode(s, n, &cp)) == 0)
			break;
		cw = text_cp_width(cp);
		if (w + (size_t)cw > cols || out + used >= size)
			break;
		memcpy(dst + out, s, used);
		out += used;
		w += (size_t)cw;
		s += used;
		n -= used;
	}
	while (pad && w < cols && out + 1 < size) {
		dst[out++] = ' ';
		w++;
	}
	dst[out] = '\0';
	return (w);
}
