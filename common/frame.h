/*
 * Framing: a 4-byte big-endian length, then one packed protobuf message.
 * The core is pure (no I/O) so it is unit-tested and fuzzed directly.
 */
#ifndef BANSHI_FRAME_H
#define BANSHI_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

/* The version of schema.proto both ends speak (Hello); 2: lean action
   replies and the history read in pages. */
#define PROTOCOL_VERSION	2

#define FRAME_HEADER		4
#define FRAME_DEFAULT_MAX	(1024 * 1024)

enum frame_result {
	FRAME_NEED_MORE,	/* not a whole frame yet */
	FRAME_READY,		/* *len bytes of body follow the header */
	FRAME_EMPTY,		/* zero length: a protocol error */
	FRAME_TOO_LARGE		/* over the limit: close before allocating */
};

/*
 * Look at the first avail bytes of a stream.  On FRAME_READY, *len is the body
 * length and the whole frame (header + body) is present.  On FRAME_NEED_MORE
 * with a complete header, *len is the announced length (already checked).
 */
enum frame_result frame_check(const uint8_t *buf, size_t avail, size_t max,
	    size_t *len);
const char	*frame_result_name(enum frame_result);

/* Write the 4-byte header for a body of len bytes. */
void		 frame_put_header(uint8_t hdr[FRAME_HEADER], size_t len);

/*
 * Pack a message into a newly allocated frame (header + body); *len is the
 * frame size.  The caller frees the result.
 */
uint8_t		*frame_pack(const ProtobufCMessage *, size_t *len);

/*
 * An allocator for protobuf_c unpack that refuses to hand out more than a
 * budget in total, so a small frame cannot make the decoder allocate a huge
 * amount.  frame_allocator_init() sets the budget in bytes.
 */
struct frame_allocator {
	ProtobufCAllocator	 pb;
	size_t			 budget;
	size_t			 used;
};
void		 frame_allocator_init(struct frame_allocator *, size_t budget);

/*
 * Idempotency keys: 16 bytes, the first 6 the milliseconds since the epoch
 * (big-endian), the other 10 random.  The server's table of keys is ordered
 * by key, so keys that grow with time are appended at one end: a batch of
 * writes dirties one page of it, not one page per write.  Fill key with
 * random bytes, then stamp it.
 */
#define FRAME_KEY_LEN	16
void		 frame_key_stamp(uint8_t key[FRAME_KEY_LEN]);

#endif
