/* Length-prefixed framing of protobuf messages. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frame.h"
#include "xmalloc.h"

enum frame_result
frame_check(const uint8_t *buf, size_t avail, size_t max, size_t *len)
{
	size_t	n;

	*len = 0;
	if (avail < FRAME_HEADER)
		return (FRAME_NEED_MORE);
	n = ((size_t)buf[0] << 24) | ((size_t)buf[1] << 16) |
	    ((size_t)buf[2] << 8) | (size_t)buf[3];
	if (n == 0)
		return (FRAME_EMPTY);
	if (n > max)
		return (FRAME_TOO_LARGE);
	*len = n;
	if (avail - FRAME_HEADER < n)
		return (FRAME_NEED_MORE);
	return (FRAME_READY);
}

const char *
frame_result_name(enum frame_result r)
{
	switch (r) {
	case FRAME_NEED_MORE:
		return ("need-more");
	case FRAME_READY:
		return ("ready");
	case FRAME_EMPTY:
		return ("empty");
	case FRAME_TOO_LARGE:
		return ("too-large");
	}
	return ("unknown");
}

void
frame_put_header(uint8_t hdr[FRAME_HEADER], size_t len)
{
	hdr[0] = (uint8_t)(len >> 24);
	hdr[1] = (uint8_t)(len >> 16);
	hdr[2] = (uint8_t)(len >> 8);
	hdr[3] = (uint8_t)len;
}

uint8_t *
frame_pack(const ProtobufCMessage *msg, size_t *len)
{
	size_t	 n;
	uint8_t	*buf;

	n = protobuf_c_message_get_packed_size(msg);
	buf = xmalloc(FRAME_HEADER + n + 1);
	frame_put_header(buf, n);
	protobuf_c_message_pack(msg, buf + FRAME_HEADER);
	*len = FRAME_HEADER + n;
	return (buf);
}

/*
 * Allocations carry a size header so frees give the budget back; the decoder
 * frees everything with protobuf_c_message_free_unpacked.
 */
static void *
frame_alloc(void *data, size_t size)
{
	struct frame_allocator	*fa = data;
	size_t			*p;

	if (size > fa->budget || fa->used > fa->budget - size)
		return (NULL);
	if ((p = malloc(sizeof *p + size)) == NULL)
		return (NULL);
	*p = size;
	fa->used += size;
	return (p + 1);
}

static void
frame_free(void *data, void *ptr)
{
	struct frame_allocator	*fa = data;
	size_t			*p;

	if (ptr == NULL)
		return;
	p = (size_t *)ptr - 1;
	fa->used -= *p;
	free(p);
}

void
frame_allocator_init(struct frame_allocator *fa, size_t budget)
{
	memset(fa, 0, sizeof *fa);
	fa->pb.alloc = frame_alloc;
	fa->pb.free = frame_free;
	fa->pb.allocator_data = fa;
	fa->budget = budget;
}

void
frame_key_stamp(uint8_t key[FRAME_KEY_LEN])
{
	struct timespec	ts;
	uint64_t	ms;
	int		i;

	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	for (i = 0; i < 6; i++)
		key[i] = (uint8_t)(ms >> (8 * (5 - i)));
}
