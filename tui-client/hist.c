/*
 * A case's history (办理过程) as the screens show it: read in pages with
 * ListCaseEvents when it is first shown, kept while the case is on screen,
 * followed by the entry each action of this clerk appends, and read again
 * when someone else changed the case.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "xmalloc.h"

#define CODE(c)		BANSHI__V1__STATUS_CODE__STATUS_##c
#define HIST_PAGE	200

void
hist_init(struct hist *h, const char *serial)
{
	memset(h, 0, sizeof *h);
	h->serial = xstrdup(serial);
	h->stale = 1;
}

/* Forget the entries and the cursor (not the serial). */
static void
hist_clear(struct hist *h)
{
	size_t	i;

	for (i = 0; i < h->n; i++)
		filing_free(h->ev[i]);
	free(h->ev);
	free(h->cursor);
	h->ev = NULL;
	h->n = 0;
	h->cursor = NULL;
	h->cursor_len = 0;
	h->done = 0;
}

void
hist_free(struct hist *h)
{
	hist_clear(h);
	free(h->serial);
	h->serial = NULL;
}

/* Ask for the page after what is held. */
static void
hist_request(struct hist *h, struct screen *s)
{
	Banshi__V1__ClientMessage	msg = BANSHI__V1__CLIENT_MESSAGE__INIT;
	Banshi__V1__ListCaseEvents	lq = BANSHI__V1__LIST_CASE_EVENTS__INIT;

	lq.serial = h->serial;
	lq.cursor.data = h->cursor;
	lq.cursor.len = h->cursor_len;
	lq.limit = HIST_PAGE;
	msg.body_case = BANSHI__V1__CLIENT_MESSAGE__BODY_LIST_CASE_EVENTS;
	msg.list_case_events = &lq;
	h->pending = tui_call(s, &msg, 0);
}

void
hist_stale(struct hist *h)
{
	h->stale = 1;
}

void
hist_want(struct hist *h, struct screen *s)
{
	if (!h->stale || h->pending != 0)
		return;
	hist_clear(h);
	h->stale = 0;
	hist_request(h, s);
}

int
hist_reply(struct hist *h, struct screen *s, uint32_t id,
    const Banshi__V1__Reply *r)
{
	const Banshi__V1__CaseEventPage	*p;
	size_t				 i;

	if (id == 0 || id != h->pending)
		return (0);
	h->pending = 0;
	if (r == NULL || status_code(r) != CODE(OK) ||
	    r->body_case != BANSHI__V1__REPLY__BODY_CASE_EVENTS) {
		/* Lost or refused: read it again when next shown. */
		hist_clear(h);
		h->stale = 1;
		if (r != NULL)
			h->failed = 1;
		return (1);
	}
	h->failed = 0;
	p = r->case_events;
	h->ev = xreallocarray(h->ev, h->n + p->n_events + 1, sizeof *h->ev);
	for (i = 0; i < p->n_events; i++)
		h->ev[h->n++] = filing_copy(p->events[i]);
	free(h->cursor);
	h->cursor = NULL;
	h->cursor_len = p->next_cursor.len;
	if (p->next_cursor.len == 0)
		h->done = 1;
	else {
		h->cursor = xmalloc(p->next_cursor.len);
		memcpy(h->cursor, p->next_cursor.data, p->next_cursor.len);
		hist_request(h, s);
	}
	return (1);
}

void
hist_append(struct hist *h, const Banshi__V1__CaseEvent *e)
{
	/* Only onto a whole history: a partial one is read to its end. */
	if (e == NULL || !h->done || h->stale)
		return;
	h->ev = xreallocarray(h->ev, h->n + 1, sizeof *h->ev);
	h->ev[h->n++] = filing_copy(e);
}
