/* One-line text fields: editing, masked display and the cursor. */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

void
field_init(struct field *f, const char *label, size_t max, int masked)
{
	memset(f, 0, sizeof *f);
	f->label = label;
	f->max = max > FIELD_MAX ? FIELD_MAX : max;
	f->masked = masked;
}

static int
field_char_width(const struct field *f, wchar_t c)
{
	return (f->masked ? 1 : text_cp_width((uint32_t)c));
}

static void
field_insert(struct field *f, wchar_t c)
{
	if (f->len >= f->max)
		return;
	memmove(f->buf + f->pos + 1, f->buf + f->pos,
	    (f->len - f->pos) * sizeof f->buf[0]);
	f->buf[f->pos++] = c;
	f->buf[++f->len] = L'\0';
}

/* Remove n characters at the cursor. */
static void
field_delete(struct field *f, size_t n)
{
	if (n > f->len - f->pos)
		n = f->len - f->pos;
	memmove(f->buf + f->pos, f->buf + f->pos + n,
	    (f->len - f->pos - n) * sizeof f->buf[0]);
	f->len -= n;
	wmemset(f->buf + f->len, L'\0', n);
}

/* Keys that move the cursor or delete; returns 1 when k was one. */
static int
field_edit(struct field *f, int k)
{
	switch (k) {
	case KEY_LEFT:
	case 2:				/* Ctrl-B */
		if (f->pos > 0)
			f->pos--;
		return (1);
	case KEY_RIGHT:
	case 6:				/* Ctrl-F */
		if (f->pos < f->len)
			f->pos++;
		return (1);
	case KEY_HOME:
	case 1:				/* Ctrl-A */
		f->pos = 0;
		return (1);
	case KEY_END:
	case 5:				/* Ctrl-E */
		f->pos = f->len;
		return (1);
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (f->pos > 0) {
			f->pos--;
			field_delete(f, 1);
		}
		return (1);
	case KEY_DC:
	case 4:				/* Ctrl-D */
		field_delete(f, 1);
		return (1);
	case 11:			/* Ctrl-K */
		field_delete(f, f->len - f->pos);
		return (1);
	case 21:			/* Ctrl-U */
		field_clear(f);
		return (1);
	}
	return (0);
}

/* Edit the field with one key; returns 1 when the key was used. */
int
field_key(struct field *f, const struct ui_input *in)
{
	if (in->alt)
		return (0);
	if (in->code != 0)
		return (field_edit(f, in->code));
	if (field_edit(f, (int)in->ch))
		return (1);
	if (in->ch < 0x20 || text_is_unsafe((uint32_t)in->ch) ||
	    !iswprint(in->ch))
		return (0);
	field_set_error(f, NULL);
	field_insert(f, (wchar_t)in->ch);
	return (1);
}

/* Columns taken by characters [from, to). */
static int
field_span(const struct field *f, size_t from, size_t to)
{
	int	w = 0;

	while (from < to)
		w += field_char_width(f, f->buf[from++]);
	return (w);
}

/*
 * Draw the field in width columns at y, x; the focused field is highlighted
 * and gets the cursor.  The text scrolls to keep the cursor in view.
 */
void
field_draw(struct field *f, int y, int x, int width, int focused)
{
	wchar_t	 c;
	size_t	 i;
	int	 col = 0, cw;
	attr_t	 attr;

	if (width < 2)
		return;
	if (f->off > f->pos)
		f->off = f->pos;
	while (f->off < f->pos && field_span(f, f->off, f->pos) >= width)
		f->off++;
	attr = ui_attr(focused ? UI_ATTR_FOCUS : UI_ATTR_FIELD);
	attron(attr);
	mvhline(y, x, ' ', width);
	for (i = f->off; i < f->len; i++) {
		c = f->masked ? L'*' : f->buf[i];
		cw = field_char_width(f, f->buf[i]);
		if (col + cw > width)
			break;
		mvaddnwstr(y, x + col, &c, 1);
		col += cw;
	}
	attroff(attr);
	if (focused)
		ui_cursor(y, x + field_span(f, f->off, f->pos));
}

/* Encode one code point as UTF-8 into out (4 bytes); returns the length. */
static size_t
field_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return (1);
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return (2);
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return (3);
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return (4);
}

/* The text as UTF-8, newly allocated; wipe it after use if secret. */
char *
field_text(const struct field *f)
{
	char	*s;
	size_t	 i, n = 0;

	s = xmalloc(f->len * 4 + 1);
	for (i = 0; i < f->len; i++)
		n += field_encode((uint32_t)f->buf[i], s + n);
	s[n] = '\0';
	return (s);
}

int
field_empty(const struct field *f)
{
	size_t	i;

	for (i = 0; i < f->len; i++) {
		if (!iswspace(f->buf[i]))
			return (0);
	}
	return (1);
}

/* Empty the field, wiping what it held. */
void
field_clear(struct field *f)
{
	explicit_bzero(f->buf, sizeof f->buf);
	f->len = f->pos = f->off = 0;
}

/* Replace the text with s (UTF-8), the cursor at its end. */
void
field_set(struct field *f, const char *s)
{
	mbstate_t	st;
	wchar_t		wc;
	size_t		n, left;

	field_clear(f);
	if (s == NULL)
		return;
	memset(&st, 0, sizeof st);
	left = strlen(s);
	while (left > 0 && f->len < f->max) {
		n = mbrtowc(&wc, s, left, &st);
		if (n == 0 || n > left)
			break;		/* invalid or cut short: stop there */
		if (wc >= 0x20 && !text_is_unsafe((uint32_t)wc))
			f->buf[f->len++] = wc;
		s += n;
		left -= n;
	}
	f->buf[f->len] = L'\0';
	f->pos = f->len;
}

void
field_set_error(struct field *f, const char *msg)
{
	free(f->error);
	f->error = msg != NULL ? xstrdup(msg) : NULL;
}

void
field_free(struct field *f)
{
	field_clear(f);
	field_set_error(f, NULL);
}
