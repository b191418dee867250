/* A scrollable document: headings, wrapped text, label rows and tables. */
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define DOC_HEAD_RULE	4	/* rule: a heading with a line after it */

/* Forget every line; lay out the next ones for width columns. */
void
doc_clear(struct doc *d, int width)
{
	size_t	i;

	for (i = 0; i < d->n; i++)
		free(d->lines[i].text);
	d->n = 0;
	d->width = width;
}

void
doc_free(struct doc *d)
{
	doc_clear(d, 0);
	free(d->lines);
	memset(d, 0, sizeof *d);
}

static struct doc_line *
doc_add(struct doc *d, int x, char *text, attr_t attr)
{
	struct doc_line	*l;

	if (d->n == d->cap) {
		d->cap = d->cap == 0 ? 64 : d->cap * 2;
		d->lines = xreallocarray(d->lines, d->cap, sizeof *d->lines);
	}
	l = &d->lines[d->n++];
	memset(l, 0, sizeof *l);
	l->x = x;
	l->text = text;
	l->attr = attr;
	return (l);
}

void
doc_blank(struct doc *d)
{
	doc_add(d, 0, NULL, A_NORMAL);
}

/* A section heading (translated text), a blank line above it. */
void
doc_heading(struct doc *d, const char *title)
{
	if (d->n > 0)
		doc_blank(d);
	doc_add(d, 0, text_sanitize(title), A_BOLD)->rule = DOC_HEAD_RULE;
}

/*
 * The columns of a list number at the start of a paragraph ("1." "2、"
 * "(3)"), so that its wrapped lines hang under the text; 0 if none.
 */
static int
doc_hang(const char *p)
{
	const char	*q = p;
	char		 buf[32];

	if (*q == '(')
		q++;
	else if (strncmp(q, "\xef\xbc\x88", 3) == 0)	/* （ */
		q += 3;
	if (*q < '0' || *q > '9')
		return (0);
	while (*q >= '0' && *q <= '9')
		q++;
	if (*q == '.' || *q == ')')
		q++;
	else if (strncmp(q, "\xe3\x80\x81", 3) == 0 ||	/* 、 */
	    strncmp(q, "\xef\xbc\x8e", 3) == 0 ||	/* ． */
	    strncmp(q, "\xef\xbc\x89", 3) == 0)		/* ） */
		q += 3;
	else
		return (0);
	while (*q == ' ')
		q++;
	if ((size_t)(q - p) >= sizeof buf)
		return (0);
	memcpy(buf, p, (size_t)(q - p));
	buf[q - p] = '\0';
	return ((int)text_width(buf));
}

/* Add one paragraph of sanitized text, wrapped, at column x. */
static void
doc_para(struct doc *d, int x, int width, const char *para, attr_t attr)
{
	char	**lines;
	size_t	  n, i;
	int	  hang = doc_hang(para);

	if (hang > width / 2)
		hang = 0;
	lines = ui_wrap(para, width, width - hang, &n);
	for (i = 0; i < n; i++) {
		doc_add(d, x + (i > 0 ? hang : 0), lines[i], attr);
		lines[i] = NULL;
	}
	ui_wrap_free(lines, n);
}

/*
 * Add text from the server at column x: each of its lines sanitized and
 * wrapped to the width; empty text shows as "(none)".
 */
void
doc_text(struct doc *d, int x, const char *raw, attr_t attr)
{
	char	*copy, *line, *next, *safe;
	int	 width = d->width - x, any = 0;

	copy = xstrdup(raw != NULL ? raw : "");
	for (line = copy; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (*line == '\0' && (next == NULL || *next == '\0'))
			break;		/* the end of a block, not a paragraph */
		safe = text_sanitize(line);
		doc_para(d, x, width, safe, attr);
		free(safe);
		any = 1;
	}
	free(copy);
	if (!any)
		doc_add(d, x, xstrdup(_("(none)")), ui_attr(UI_ATTR_DIM));
}

/*
 * A "label  value" row at column x: the label (translated) padded to labelw
 * columns, the value (from the server) wrapped in the rest, its later lines
 * under its first.
 */
void
doc_row(struct doc *d, int x, int labelw, const char *label,
    const char *raw)
{
	char	 pad[256], *first;
	size_t	 start = d->n;
	int	 vx = x + labelw + 2;

	doc_text(d, vx, raw, A_NORMAL);
	text_fit(pad, sizeof pad, label, (size_t)labelw + 2, 1);
	xasprintf(&first, "%s%s", pad, d->lines[start].text);
	free(d->lines[start].text);
	d->lines[start].text = first;
	d->lines[start].x = x;
}

/*
 * Column widths for a table: each column as wide as its widest cell, the
 * widest narrowed one column at a time until the table fits in room.
 */
static void
doc_table_widths(size_t ncols, const char *const *heads, char **cells,
    size_t nrows, int room, int *w)
{
	size_t	c, r;
	int	total = 0, widest, cw;

	for (c = 0; c < ncols; c++) {
		w[c] = (int)text_width(heads[c]);
		for (r = 0; r < nrows; r++) {
			cw = (int)text_width(cells[r * ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
		if (w[c] < 2)
			w[c] = 2;
		total += w[c];
	}
	while (total > room) {
		widest = 0;
		for (c = 1; c < ncols; c++) {
			if (w[c] > w[widest])
				widest = (int)c;
		}
		if (w[widest] <= 2)
			break;
		w[widest]--;
		total--;
	}
}

/* A border line of a table whose bars are at bars[]. */
static void
doc_table_rule(struct doc *d, int x, const int *bars, int nbars, int rule)
{
	struct doc_line	*l;

	l = doc_add(d, x, NULL, A_NORMAL);
	l->rule = rule;
	memcpy(l->bars, bars, (size_t)nbars * sizeof bars[0]);
	l->nbars = nbars;
}

/* One table row: every cell wrapped in its column, as many lines as needed. */
static void
doc_table_row(struct doc *d, int x, size_t ncols, const char *const *cells,
    const int *w, const int *bars, attr_t attr)
{
	char		**wrapped[DOC_MAX_COLS], *text;
	size_t		  nl[DOC_MAX_COLS], c, i, height = 0, len, size;
	struct doc_line	 *l;

	for (c = 0; c < ncols; c++) {
		wrapped[c] = ui_wrap(cells[c], w[c], w[c], &nl[c]);
		if (nl[c] > height)
			height = nl[c];
	}
	for (i = 0; i < height; i++) {
		size = 1;
		for (c = 0; c < ncols; c++)
			size += 3 + (size_t)w[c] +
			    (i < nl[c] ? strlen(wrapped[c][i]) : 0);
		text = xmalloc(size);
		len = 0;
		for (c = 0; c < ncols; c++) {
			memcpy(text + len, "  ", 2);
			len += 2;
			text_fit(text + len, size - len, i < nl[c] ?
			    wrapped[c][i] : "", (size_t)w[c], 1);
			len += strlen(text + len);
			text[len++] = ' ';
		}
		text[len] = '\0';
		l = doc_add(d, x, text, attr);
		memcpy(l->bars, bars, (ncols + 1) * sizeof bars[0]);
		l->nbars = (int)ncols + 1;
	}
	for (c = 0; c < ncols; c++)
		ui_wrap_free(wrapped[c], nl[c]);
}

/*
 * A table at column x with ncols columns (at most DOC_MAX_COLS): the
 * headings (translated), then nrows rows of sanitized cells, row by row.
 * Cells wrap inside their columns; a rule separates the rows.
 */
void
doc_table(struct doc *d, int x, size_t ncols, const char *const *heads,
    char **cells, size_t nrows)
{
	int	w[DOC_MAX_COLS], bars[DOC_MAX_COLS + 1], nbars;
	size_t	c, r;

	if (ncols == 0 || ncols > DOC_MAX_COLS)
		return;
	nbars = (int)ncols + 1;
	doc_table_widths(ncols, heads, cells, nrows,
	    d->width - x - nbars - 2 * (int)ncols, w);
	bars[0] = 0;
	for (c = 0; c < ncols; c++)
		bars[c + 1] = bars[c] + w[c] + 3;
	doc_table_rule(d, x, bars, nbars, DOC_RULE_TOP);
	doc_table_row(d, x, ncols, heads, w, bars, A_BOLD);
	for (r = 0; r < nrows; r++) {
		doc_table_rule(d, x, bars, nbars, DOC_RULE_MID);
		doc_table_row(d, x, ncols, (const char *const *)cells +
		    r * ncols, w, bars, A_NORMAL);
	}
	doc_table_rule(d, x, bars, nbars, DOC_RULE_BOTTOM);
}

/* Draw a table border or a heading's rule on row y. */
static void
doc_draw_rule(const struct doc_line *l, int y, int x, int width)
{
	chtype	left, mid, right;
	int	i, end;

	if (l->rule == DOC_HEAD_RULE) {
		i = ui_put(y, x + l->x, l->text, width - l->x, l->attr) + 1;
		if (l->x + i < width)
			mvhline(y, x + l->x + i, ACS_HLINE, width - l->x - i);
		return;
	}
	if (l->rule == DOC_RULE_TOP) {
		left = ACS_ULCORNER;
		mid = ACS_TTEE;
		right = ACS_URCORNER;
	} else if (l->rule == DOC_RULE_MID) {
		left = ACS_LTEE;
		mid = ACS_PLUS;
		right = ACS_RTEE;
	} else {
		left = ACS_LLCORNER;
		mid = ACS_BTEE;
		right = ACS_LRCORNER;
	}
	end = l->bars[l->nbars - 1];
	mvhline(y, x + l->x, ACS_HLINE, end);
	for (i = 0; i < l->nbars; i++)
		mvaddch(y, x + l->x + l->bars[i], i == 0 ? left :
		    i == l->nbars - 1 ? right : mid);
}

/* Draw h lines of the document from its top line at y, x. */
void
doc_draw(struct doc *d, int y, int x, int h)
{
	const struct doc_line	*l;
	int			 i, b;

	doc_scroll(d, 0, h);
	for (i = 0; i < h && (size_t)(d->top + i) < d->n; i++) {
		l = &d->lines[d->top + i];
		if (l->rule != 0) {
			doc_draw_rule(l, y + i, x, d->width);
			continue;
		}
		if (l->text != NULL)
			ui_put(y + i, x + l->x, l->text, d->width - l->x,
			    l->attr);
		for (b = 0; b < l->nbars; b++)
			mvaddch(y + i, x + l->x + l->bars[b], ACS_VLINE);
	}
}

/* Scroll by delta lines, for a view h lines high. */
void
doc_scroll(struct doc *d, int delta, int h)
{
	long	top = (long)d->top + delta, max = (long)d->n - h;

	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	d->top = (int)top;
}
