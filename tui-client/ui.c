/* Curses set-up and drawing: header, message line, key bar, boxes, text. */
#include <sys/ioctl.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

static char	ui_msg[512];
static int	ui_msg_error;
static int	ui_cursor_y = -1;
static int	ui_cursor_x = -1;
static int	ui_active;
static int	ui_colors;

/* Colour pairs, used only when the terminal has colours. */
enum {
	UI_PAIR_ERROR = 1,
	UI_PAIR_TITLE,
	UI_PAIR_FOCUS,
	UI_PAIR_WARN,
	UI_PAIR_ALERT
};

static const struct {
	int		 code;
	const char	*name;
} ui_key_names[] = {
	{ '\n', "Enter" },
	{ KEY_ENTER, "Enter" },
	{ '\t', "Tab" },
	{ 27, "Esc" },
	{ ' ', "Space" },
	{ KEY_BTAB, "Shift-Tab" },
	{ KEY_UP, "Up" },
	{ KEY_DOWN, "Down" },
	{ KEY_LEFT, "Left" },
	{ KEY_RIGHT, "Right" },
	{ KEY_HOME, "Home" },
	{ KEY_END, "End" },
	{ KEY_BACKSPACE, "Backspace" },
	{ KEY_DC, "Delete" },
	{ KEY_NPAGE, "PgDn" },
	{ KEY_PPAGE, "PgUp" },
};

static void
ui_atexit(void)
{
	if (ui_active)
		endwin();
	ui_active = 0;
}

void
ui_start(void)
{
	initscr();
	ui_active = 1;
	atexit(ui_atexit);
	raw();
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(UI_PAIR_ERROR, COLOR_RED, -1);
		init_pair(UI_PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
		init_pair(UI_PAIR_FOCUS, COLOR_BLACK, COLOR_CYAN);
		init_pair(UI_PAIR_WARN, COLOR_YELLOW, -1);
		init_pair(UI_PAIR_ALERT, COLOR_RED, -1);
		ui_colors = 1;
	}
}

void
ui_stop(void)
{
	ui_atexit();
}

attr_t
ui_attr(int kind)
{
	switch (kind) {
	case UI_ATTR_ERROR:
		return (A_BOLD | (ui_colors ? COLOR_PAIR(UI_PAIR_ERROR) : 0));
	case UI_ATTR_TITLE:
		return (ui_colors ? COLOR_PAIR(UI_PAIR_TITLE) : A_REVERSE);
	case UI_ATTR_KEY:
		return (A_BOLD);
	case UI_ATTR_FOCUS:
		return (ui_colors ? COLOR_PAIR(UI_PAIR_FOCUS) : A_REVERSE);
	case UI_ATTR_FIELD:
		return (A_UNDERLINE);
	case UI_ATTR_DIM:
		return (A_DIM);
	case UI_ATTR_WARN:	/* a yellow card: the deadline is near */
		return (A_BOLD | (ui_colors ? COLOR_PAIR(UI_PAIR_WARN) : 0));
	case UI_ATTR_ALERT:	/* a red card: overdue */
		return (A_BOLD | (ui_colors ? COLOR_PAIR(UI_PAIR_ALERT) : 0));
	}
	return (A_NORMAL);
}

int
ui_top(void)
{
	return (1);
}

int
ui_bottom(void)
{
	return (LINES - 3);
}

void
ui_message(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ui_msg, sizeof ui_msg, fmt, ap);
	va_end(ap);
	ui_msg_error = 0;
}

void
ui_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ui_msg, sizeof ui_msg, fmt, ap);
	va_end(ap);
	ui_msg_error = 1;
}

void
ui_clear_message(void)
{
	ui_msg[0] = '\0';
	ui_msg_error = 0;
}

/* Clear the message unless it is an error (the user has not seen it yet). */
void
ui_clear_info(void)
{
	if (!ui_msg_error)
		ui_clear_message();
}

void
ui_cursor(int y, int x)
{
	ui_cursor_y = y;
	ui_cursor_x = x;
}

/*
 * Put s at y, x in at most cols columns (a wide character that does not fit
 * is left out).  Returns the columns used.
 */
int
ui_put(int y, int x, const char *s, int cols, attr_t attr)
{
	char	*buf;
	size_t	 size, w;

	if (cols <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return (0);
	if (cols > COLS - x)
		cols = COLS - x;
	size = strlen(s) + 1;
	buf = xmalloc(size);
	w = text_fit(buf, size, s, (size_t)cols, 0);
	attron(attr);
	mvaddstr(y, x, buf);
	attroff(attr);
	free(buf);
	return ((int)w);
}

/*
 * Make sure no wide character straddles columns x - 1 and x of row y.  A
 * box drawn over a screen may put its edge on the second half of a Chinese
 * character; ncurses keeps the first half, and the terminal then shows the
 * rest of the row one column off.  Blank such a character first.
 */
static void
ui_unsplit(int y, int x)
{
	cchar_t	cc;
	wchar_t	wch[CCHARW_MAX + 1];
	attr_t	attrs;
	short	pair;
	int	c = 0, w;

	if (x <= 0 || x >= COLS || y < 0 || y >= LINES)
		return;
	while (c < x) {
		if (mvin_wch(y, c, &cc) == ERR ||
		    getcchar(&cc, wch, &attrs, &pair, NULL) == ERR)
			return;
		w = wcwidth(wch[0]);
		if (w == 2 && c + 1 == x) {
			mvaddstr(y, c, "  ");
			return;
		}
		c += w == 2 ? 2 : 1;
	}
}

/* Draw a box with ACS lines, its inside cleared, and a title on top. */
void
ui_box(int y, int x, int h, int w, const char *title)
{
	int	i;

	if (h < 2 || w < 2)
		return;
	for (i = 0; i < h; i++) {
		ui_unsplit(y + i, x);
		ui_unsplit(y + i, x + w);
	}
	for (i = 1; i < h - 1; i++)
		mvhline(y + i, x + 1, ' ', w - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title != NULL && *title != '\0' && w > 6) {
		mvaddch(y, x + 2, ' ');
		i = ui_put(y, x + 3, title, w - 6, A_BOLD);
		mvaddch(y, x + 3 + i, ' ');
	}
}

/* A horizontal rule across a box at row y. */
void
ui_box_rule(int y, int x, int w)
{
	mvaddch(y, x, ACS_LTEE);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_RTEE);
}

/* The name of a key as the bar and the help box show it. */
void
ui_key_name(const struct ui_key *k, char *buf, size_t len)
{
	size_t	i;
	int	c = k->code;

	if (k->fkey != 0) {
		snprintf(buf, len, "F%d", k->fkey);
		return;
	}
	for (i = 0; i < sizeof ui_key_names / sizeof ui_key_names[0]; i++) {
		if (ui_key_names[i].code == c) {
			snprintf(buf, len, "%s", ui_key_names[i].name);
			return;
		}
	}
	if (c > 0 && c < 27)
		snprintf(buf, len, "Ctrl-%c", 'A' + c - 1);
	else if (c > ' ' && c < 127)
		snprintf(buf, len, "%c", c);
	else
		snprintf(buf, len, "?");
}

/* The widest of n translated labels, in columns. */
int
ui_label_width(const char *const *labels, size_t n)
{
	size_t	i, w, max = 0;

	for (i = 0; i < n; i++) {
		w = text_width(_(labels[i]));
		if (w > max)
			max = w;
	}
	return ((int)max);
}

/*
 * One "label  value" row: the label padded to labelw columns, two spaces,
 * then the value in what is left of width.  Returns the value's column.
 */
int
ui_row(int y, int x, int labelw, const char *label, const char *value,
    int width, attr_t attr)
{
	int	vx = x + labelw + 2;

	ui_put(y, x, label, labelw, attr);
	ui_put(y, vx, value, width - labelw - 2, attr);
	return (vx);
}

/*
 * s in at most cols columns, newly allocated: as it is when it fits, else
 * cut at a character boundary with "..." at the end.
 */
char *
ui_ellipsize(const char *s, int cols)
{
	char	*buf;
	size_t	 size = strlen(s) + 4;

	buf = xmalloc(size);
	if (cols < 4 || (int)text_width(s) <= cols) {
		text_fit(buf, size, s, cols > 0 ? (size_t)cols : 0, 0);
		return (buf);
	}
	text_fit(buf, size, s, (size_t)cols - 3, 0);
	memcpy(buf + strlen(buf), "...", 4);
	return (buf);
}

/* Punctuation that must not start a line, and that must not end one. */
static int
ui_wrap_closing(uint32_t c)
{
	static const uint32_t closing[] = {
		0xff0c, 0x3002, 0x3001, 0xff1b, 0xff1a, 0xff1f, 0xff01,
		0xff09, 0x300d, 0x300f, 0x300b, 0x3009, 0x3011, ',', '.', ';',
		':', '?', '!', ')', ']', '}', '%'
	};
	size_t	i;

	for (i = 0; i < sizeof closing / sizeof closing[0]; i++) {
		if (closing[i] == c)
			return (1);
	}
	return (0);
}

static int
ui_wrap_opening(uint32_t c)
{
	return (c == 0xff08 || c == 0x300c || c == 0x300e || c == 0x300a ||
	    c == 0x3008 || c == 0x3010 || c == '(' || c == '[' || c == '{');
}

/*
 * Whether a line may break between prev and c: after a space, or beside a
 * wide character, but never before closing or after opening punctuation.
 */
static int
ui_wrap_break(uint32_t prev, uint32_t c)
{
	if (ui_wrap_closing(c) || ui_wrap_opening(prev) || c == ' ')
		return (0);
	if (prev == ' ')
		return (1);
	return (text_cp_width(prev) == 2 || text_cp_width(c) == 2);
}

static void
ui_wrap_add(char ***lines, size_t *n, const char *from, const char *to)
{
	while (to > from && to[-1] == ' ')
		to--;
	*lines = xreallocarray(*lines, *n + 1, sizeof **lines);
	(*lines)[(*n)++] = xstrndup(from, (size_t)(to - from));
}

/*
 * Wrap one line of sanitized text: the first line in first columns, the
 * others in rest.  A wide character is never split; lines break after
 * spaces and beside Chinese characters, keeping punctuation with the text
 * before it.  Returns at least one line; free with ui_wrap_free.
 */
char **
ui_wrap(const char *s, int first, int rest, size_t *np)
{
	char		**lines = NULL;
	const char	 *p = s, *start = s, *brk = NULL, *end;
	size_t		  n = 0, used;
	uint32_t	  cp, prev = 0;
	int		  w = 0, cols = first < 2 ? 2 : first;

	while (*p != '\0') {
		if ((used = text_decode(p, strlen(p), &cp)) == 0) {
			used = 1;
			cp = 0xfffd;
		}
		if (p > start && ui_wrap_break(prev, cp))
			brk = p;
		if (p > start && w + text_cp_width(cp) > cols) {
			end = brk != NULL ? brk : p;
			ui_wrap_add(&lines, &n, start, end);
			for (start = end; *start == ' '; start++)
				;
			p = start;
			brk = NULL;
			prev = 0;
			w = 0;
			cols = rest < 2 ? 2 : rest;
			continue;
		}
		w += text_cp_width(cp);
		prev = cp;
		p += used;
	}
	if (p > start || n == 0)
		ui_wrap_add(&lines, &n, start, p);
	*np = n;
	return (lines);
}

void
ui_wrap_free(char **lines, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* The highlight of a selected list row: a bar w wide with ">" first. */
void
ui_select_bar(int y, int x, int w, int on)
{
	attr_t	attr = ui_attr(UI_ATTR_FOCUS);

	if (!on || w <= 0)
		return;
	attron(attr);
	mvhline(y, x, ' ', w);
	attroff(attr);
	ui_put(y, x, ">", 1, attr);
}

/* Move a list's selection by delta rows, staying inside the list. */
void
ui_list_move(struct ui_list *l, int delta)
{
	long	sel = (long)l->sel + delta;

	if (sel >= l->n)
		sel = l->n - 1;
	if (sel < 0)
		sel = 0;
	l->sel = (int)sel;
}

/* Scroll a list shown in h rows so that its selection is in view. */
void
ui_list_show(struct ui_list *l, int h)
{
	if (h < 1)
		h = 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	if (l->top > l->n - h)
		l->top = l->n - h;
	if (l->top < 0)
		l->top = 0;
}

/* The application title on the left, user and connection on the right. */
static void
ui_draw_header(void)
{
	const char	*title = _("banshi - Government Service Hall");
	char		 right[256], both[256], conn[160];
	attr_t		 attr = ui_attr(UI_ATTR_TITLE);
	int		 w, room;

	attron(attr);
	mvhline(0, 0, ' ', COLS);
	attroff(attr);
	if (tui.conn == TUI_CONNECTED)
		snprintf(conn, sizeof conn, _("Connected to %s"), tui.endpoint);
	else if (tui.conn == TUI_CONNECTING || conn_retry_in() <= 0)
		snprintf(conn, sizeof conn, _("Connecting to %s..."),
		    tui.endpoint);
	else
		snprintf(conn, sizeof conn, "%s", _("Disconnected"));
	snprintf(right, sizeof right, "%s", conn);
	room = COLS - (int)text_width(title) - 4;
	if (tui.user != NULL) {
		snprintf(both, sizeof both, "%s (%s)  %s",
		    tui.user->display_name, tui.user->login, conn);
		if ((int)text_width(both) <= room)
			snprintf(right, sizeof right, "%s", both);
	}
	w = (int)text_width(right);
	if (w > room)
		w = room > COLS / 2 ? room : COLS / 2;
	ui_put(0, 1, title, COLS - w - 4, attr | A_BOLD);
	ui_put(0, COLS - w - 1, right, w, attr);
}

/* The message line: the last message, then the connection if lost. */
static void
ui_draw_message(void)
{
	char	buf[256];
	int	n, y = LINES - 2, x = 1;

	if (ui_msg[0] != '\0')
		x += ui_put(y, x, ui_msg, COLS - 2,
		    ui_msg_error ? ui_attr(UI_ATTR_ERROR) : A_NORMAL) + 2;
	if (tui.conn != TUI_LOST)
		return;
	if ((n = conn_retry_in()) > 0)
		snprintf(buf, sizeof buf, ngettext(
		    "Connection lost; retrying in %d second",
		    "Connection lost; retrying in %d seconds", n), n);
	else
		snprintf(buf, sizeof buf, _("Connecting to %s..."),
		    tui.endpoint);
	ui_put(y, x, buf, COLS - 1 - x, ui_attr(UI_ATTR_ERROR));
}

/* The key bar: the labelled keys of the screen on top. */
static void
ui_draw_bar(void)
{
	struct screen		*s = screen_top();
	const struct ui_key	*k;
	char			 name[32];
	int			 x = 0, y = LINES - 1, w;

	if (s == NULL)
		return;
	for (k = s->type->keys; k->fn != NULL; k++) {
		if (k->label == NULL || !screen_key_valid(s, k))
			continue;
		ui_key_name(k, name, sizeof name);
		w = (int)strlen(name) + 1 + (int)text_width(_(k->label));
		if (x + w > COLS)
			break;
		ui_put(y, x, name, COLS - x, ui_attr(UI_ATTR_KEY));
		x += (int)strlen(name) + 1;
		x += ui_put(y, x, _(k->label), COLS - x, A_NORMAL) + 2;
	}
}

/* Redraw everything from the screen stack and show the cursor if wanted. */
void
ui_redraw(void)
{
	screen_collect();
	if (!ui_active || tui.quitting)
		return;
	erase();
	ui_cursor_y = ui_cursor_x = -1;
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES) {
		ui_put(0, 0, _("The terminal is too small for banshi"), COLS,
		    A_BOLD);
		curs_set(0);
		refresh();
		return;
	}
	ui_draw_header();
	screen_draw_all();
	ui_draw_message();
	ui_draw_bar();
	if (ui_cursor_y >= 0) {
		move(ui_cursor_y, ui_cursor_x);
		curs_set(1);
	} else
		curs_set(0);
	refresh();
}

/* Follow the terminal's new size (SIGWINCH). */
void
ui_resize(void)
{
	struct winsize	ws;

	if (!ui_active)
		return;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	else {
		endwin();
		refresh();
	}
	clearok(curscr, TRUE);
}

/*
 * Read one key without waiting.  Esc followed at once by a digit is Alt and
 * the digit (the F-key aliases); Esc followed by a function key is that key
 * with Alt.  Returns 0 when nothing is waiting.
 */
int
ui_read(struct ui_input *in)
{
	wint_t	ch, next;
	int	r;

	memset(in, 0, sizeof *in);
	if ((r = wget_wch(stdscr, &ch)) == ERR)
		return (0);
	if (r == KEY_CODE_YES) {
		in->code = (int)ch;
		return (1);
	}
	if (ch == '\r')
		ch = '\n';
	if (ch == 27) {
		r = wget_wch(stdscr, &next);
		if (r == KEY_CODE_YES) {
			in->code = (int)next;
			in->alt = 1;
			return (1);
		}
		if (r != ERR && next >= '0' && next <= '9') {
			in->ch = next;
			in->alt = 1;
			return (1);
		}
		/* Only Alt-digit means anything: else Esc, then the key. */
		if (r != ERR)
			unget_wch(next);
	}
	in->ch = ch;
	return (1);
}
