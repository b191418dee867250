/* A bump allocator: everything one catalogue load makes, freed at once. */
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "xmalloc.h"

#define ARENA_CHUNK	(64 * 1024)

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used;
	size_t			 size;
	max_align_t		 data[];
};

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk	*c = a->head;
	size_t			 need;
	void			*p;

	size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (size == 0)
		size = sizeof(max_align_t);
	if (c == NULL || c->size - c->used < size) {
		need = size > ARENA_CHUNK ? size : ARENA_CHUNK;
		c = xmalloc(sizeof *c + need);
		c->used = 0;
		c->size = need;
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return (p);
}

void *
arena_array(struct arena *a, size_t n, size_t size)
{
	if (n != 0 && size > SIZE_MAX / n)
		abort();
	return (arena_alloc(a, n * size));
}

char *
arena_strdup(struct arena *a, const char *s)
{
	size_t	 n = strlen(s) + 1;
	char	*p = arena_alloc(a, n);

	memcpy(p, s, n);
	return (p);
}

void
arena_free(struct arena *a)
{
	struct arena_chunk	*c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}
