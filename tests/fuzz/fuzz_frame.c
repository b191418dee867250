/*
 * Framing and request validation: a byte stream cut into frames, each
 * unpacked with the bounded allocator and its strings checked, as
 * dispatch.c does for client and control messages.
 */
#include <string.h>

#include "frame.h"
#include "fuzz.h"
#include "server.h"

FUZZ_SERVER_GLOBALS

static void
one(const uint8_t *p, size_t n)
{
	struct frame_allocator	 fa;
	ProtobufCMessage	*m;
	const char		*field, *reason;

	frame_allocator_init(&fa, 16 * n + 65536);
	m = protobuf_c_message_unpack(&banshi__v1__client_message__descriptor,
	    &fa.pb, n, p);
	if (m != NULL) {
		dispatch_check_strings(m, &field, &reason);
		protobuf_c_message_free_unpacked(m, &fa.pb);
	}
	frame_allocator_init(&fa, 16 * n + 65536);
	m = protobuf_c_message_unpack(&banshi__v1__ctl_request__descriptor,
	    &fa.pb, n, p);
	if (m != NULL) {
		dispatch_check_strings(m, &field, &reason);
		protobuf_c_message_free_unpacked(m, &fa.pb);
	}
	if (fa.used != 0)
		__builtin_trap();	/* the allocator lost track */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t			len;
	enum frame_result	r;

	while ((r = frame_check(data, size, 64 * 1024, &len)) == FRAME_READY) {
		one(data + FRAME_HEADER, len);
		data += FRAME_HEADER + len;
		size -= FRAME_HEADER + len;
	}
	return (0);
}
