/* The screen stack: push, pop, drawing order and key dispatch. */
#include <stdlib.h>

#include "tui.h"
#include "xmalloc.h"

TAILQ_HEAD(screen_list, screen);

static struct screen_list	screen_stack =
				    TAILQ_HEAD_INITIALIZER(screen_stack);
static struct screen_list	screen_dead =
				    TAILQ_HEAD_INITIALIZER(screen_dead);
static uint64_t			screen_next_serial = 1;

/* Push a new screen of type t; arg goes to its init. */
struct screen *
screen_push(const struct screen_type *t, void *arg)
{
	struct screen	*s;

	s = xcalloc(1, sizeof *s);
	s->type = t;
	s->serial = screen_next_serial++;
	TAILQ_INSERT_TAIL(&screen_stack, s, entry);
	if (t->init != NULL)
		t->init(s, arg);
	return (s);
}

/*
 * Pop s and every screen above it.  They are freed later, by
 * screen_collect, so a callback may pop its own screen.
 */
void
screen_pop(struct screen *s)
{
	struct screen	*top;

	if (s == NULL || s->dead)
		return;
	do {
		top = TAILQ_LAST(&screen_stack, screen_list);
		TAILQ_REMOVE(&screen_stack, top, entry);
		top->dead = 1;
		TAILQ_INSERT_TAIL(&screen_dead, top, entry);
	} while (top != s);
	if ((top = screen_top()) != NULL && top->type->shown != NULL)
		top->type->shown(top);
}

/* Pop every screen above s, so that s is on top. */
void
screen_pop_above(struct screen *s)
{
	struct screen	*next;

	if (s == NULL || s->dead || (next = TAILQ_NEXT(s, entry)) == NULL)
		return;
	screen_pop(next);
}

/* The topmost live screen of type t, or NULL. */
struct screen *
screen_find_type(const struct screen_type *t)
{
	struct screen	*s;

	TAILQ_FOREACH_REVERSE(s, &screen_stack, screen_list, entry) {
		if (s->type == t)
			return (s);
	}
	return (NULL);
}

/* Replace the whole stack with one new screen. */
void
screen_reset(const struct screen_type *t, void *arg)
{
	struct screen	*first;

	if ((first = TAILQ_FIRST(&screen_stack)) != NULL)
		screen_pop(first);
	screen_push(t, arg);
}

struct screen *
screen_top(void)
{
	return (TAILQ_LAST(&screen_stack, screen_list));
}

struct screen *
screen_below(struct screen *s)
{
	return (TAILQ_PREV(s, screen_list, entry));
}

/* The live screen with this serial, or NULL when it has gone. */
struct screen *
screen_find(uint64_t serial)
{
	struct screen	*s;

	TAILQ_FOREACH(s, &screen_stack, entry) {
		if (s->serial == serial)
			return (s);
	}
	return (NULL);
}

/* Draw the top screen, and the screens below it while it is an overlay. */
void
screen_draw_all(void)
{
	struct screen	*s = screen_top(), *base = s;

	while (base != NULL && base->type->overlay &&
	    screen_below(base) != NULL)
		base = screen_below(base);
	for (s = base; s != NULL; s = TAILQ_NEXT(s, entry)) {
		if (s->type->draw != NULL)
			s->type->draw(s);
	}
}

/* Whether key k of s's table exists now (see screen_type.valid). */
int
screen_key_valid(struct screen *s, const struct ui_key *k)
{
	return (s->type->valid == NULL || s->type->valid(s, k));
}

/* The entry of s's key table this input matches, or NULL. */
const struct ui_key *
screen_match(struct screen *s, const struct ui_input *in)
{
	const struct ui_key	*k;
	int			 digit = -1;

	if (in->alt && in->code == 0 && in->ch >= '0' && in->ch <= '9')
		digit = in->ch == '0' ? 10 : (int)(in->ch - '0');
	for (k = s->type->keys; k->fn != NULL; k++) {
		if (!screen_key_valid(s, k))
			continue;
		if (k->fkey != 0) {
			if (in->code == KEY_F(k->fkey) || digit == k->fkey)
				return (k);
			continue;
		}
		if (in->alt)
			continue;
		if (k->code >= KEY_MIN ? in->code == k->code :
		    (in->code == 0 && in->ch == (wint_t)k->code))
			return (k);
	}
	return (NULL);
}

/* Give one key press to the screen on top. */
void
screen_input(const struct ui_input *in)
{
	struct screen		*s = screen_top();
	const struct ui_key	*k;

	if (s == NULL)
		return;
	if (in->code == 0 && !in->alt && in->ch == 12) {	/* Ctrl-L */
		clearok(curscr, TRUE);
		return;
	}
	if (in->code == 0 && !in->alt && in->ch == 3) {		/* Ctrl-C */
		if (s->type != &dialog_quit_type)
			ui_quit(s);
		return;
	}
	ui_clear_message();
	if ((k = screen_match(s, in)) != NULL)
		k->fn(s);
	else if (s->type->key != NULL)
		s->type->key(s, in);
}

/* Give a server push to every live screen that wants it. */
void
screen_event(const Banshi__V1__Event *ev)
{
	struct screen	*s, *next;

	for (s = TAILQ_FIRST(&screen_stack); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		if (!s->dead && s->type->event != NULL)
			s->type->event(s, ev);
		if (s->dead)
			break;
	}
}

/* Tell every live screen that the connection and session are back. */
void
screen_connected(void)
{
	struct screen	*s, *next;

	for (s = TAILQ_FIRST(&screen_stack); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		if (!s->dead && s->type->connected != NULL)
			s->type->connected(s);
		if (s->dead || (next != NULL && next->dead))
			break;
	}
}

/* Free the screens popped since the last call. */
void
screen_collect(void)
{
	struct screen	*s;

	while ((s = TAILQ_FIRST(&screen_dead)) != NULL) {
		TAILQ_REMOVE(&screen_dead, s, entry);
		if (s->type->free != NULL)
			s->type->free(s);
		free(s);
	}
}

void
screen_free_all(void)
{
	struct screen	*first;

	if ((first = TAILQ_FIRST(&screen_stack)) != NULL)
		screen_pop(first);
	screen_collect();
}
