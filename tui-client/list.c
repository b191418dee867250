/* What the paged list screens share: moving, fetching more, the frame. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "xmalloc.h"

/* Start an empty list of the given kind. */
void
list_init(struct list *l, const struct list_type *type)
{
	memset(l, 0, sizeof *l);
	l->type = type;
	l->shown = 10;
}

/* Forget the rows' count and the cursor; the screen frees its rows. */
void
list_clear(struct list *l)
{
	l->n = 0;
	free(l->cursor);
	l->cursor = NULL;
	l->cursor_len = 0;
	l->more = l->loaded = 0;
	l->ui.n = 0;
}

/* Take the reply to the pending page: 0 if r holds a page of kind body. */
int
list_reply(struct list *l, const Banshi__V1__Reply *r, int body)
{
	char	buf[512];

	l->pending = 0;
	if (r == NULL)
		return (-1);
	if (status_code(r) != BANSHI__V1__STATUS_CODE__STATUS_OK) {
		status_text(r, buf, sizeof buf);
		ui_error("%s", buf);
		return (-1);
	}
	if ((int)r->body_case != body) {
		ui_error("%s", _("The server gave an unexpected answer"));
		return (-1);
	}
	return (0);
}

/* A page's rows were added: keep the cursor to the next one. */
void
list_page(struct list *l, const ProtobufCBinaryData *next)
{
	free(l->cursor);
	l->cursor = NULL;
	l->cursor_len = next->len;
	if (l->cursor_len > 0) {
		l->cursor = xmalloc(l->cursor_len);
		memcpy(l->cursor, next->data, l->cursor_len);
	}
	l->more = l->cursor_len > 0;
	l->loaded = 1;
	l->ui.n = (int)l->n;
}

/* Ask for the next page when the selection reaches the end or rows are few. */
void
list_more(struct screen *s, struct list *l)
{
	if (l->more && l->pending == 0 && (l->ui.sel >= (int)l->n - 1 ||
	    (int)l->n < l->shown))
		l->type->fetch(s);
}

/* Move the selection of the list that starts s->data by delta rows. */
static void
list_move(struct screen *s, int delta)
{
	struct list	*l = s->data;

	l->ui.n = (int)l->n;
	ui_list_move(&l->ui, delta);
	list_more(s, l);
}

void
list_up(struct screen *s)
{
	list_move(s, -1);
}

void
list_down(struct screen *s)
{
	list_move(s, 1);
}

void
list_page_up(struct screen *s)
{
	list_move(s, -((struct list *)s->data)->shown);
}

void
list_page_down(struct screen *s)
{
	list_move(s, ((struct list *)s->data)->shown);
}

void
list_home(struct screen *s)
{
	list_move(s, -(int)((struct list *)s->data)->n);
}

void
list_end(struct screen *s)
{
	list_move(s, (int)((struct list *)s->data)->n);
}

/* The line under the rows: loading, not loaded, or the screen's own. */
static void
list_draw_tail(struct screen *s, struct list *l, int y, int w)
{
	char	buf[128];

	if (l->pending != 0 && (!l->type->quiet_reload || !l->loaded))
		snprintf(buf, sizeof buf, "%s", _("Loading..."));
	else if (!l->loaded)
		snprintf(buf, sizeof buf, "%s", _("Not loaded; press F5 to try "
		    "again"));
	else
		l->type->tail(s, buf, sizeof buf);
	ui_put(y, 3, buf, w - 4, ui_attr(UI_ATTR_DIM));
}

/* Draw the box, the column titles, the rows in view and the end line. */
void
list_draw(struct screen *s, struct list *l, const char *title)
{
	int	y = ui_top(), h = ui_bottom() - ui_top() + 1;
	int	w = COLS - 2, i, sel;

	ui_box(y, 0, h, COLS, title);
	l->type->head(s, y + 1, w);
	ui_box_rule(y + 2, 0, COLS);
	l->shown = h - 5;
	l->ui.n = (int)l->n;
	ui_list_show(&l->ui, l->shown);
	for (i = 0; i < l->shown && l->ui.top + i < (int)l->n; i++) {
		sel = l->ui.top + i == l->ui.sel;
		ui_select_bar(y + 3 + i, 1, w, sel);
		l->type->row(s, (size_t)(l->ui.top + i), y + 3 + i, sel);
	}
	if (i < l->shown)
		list_draw_tail(s, l, y + 3 + i, w);
}
