/* Building and sending replies: stack messages, borrowed strings. */
#include <string.h>

#include "frame.h"
#include "server.h"

void
reply_send_packed(struct conn *c, uint8_t *buf, size_t len)
{
	uint8_t	*p = buf + REPLY_ROOM, *start;
	size_t	 n = len, vlen = 0;
	uint8_t	 varint[5];

	/* ServerMessage { Reply reply = 1; }: tag, length, the Reply. */
	do {
		varint[vlen++] = (uint8_t)(n & 0x7f) | (n > 0x7f ? 0x80 : 0);
		n >>= 7;
	} while (n != 0);
	start = p - vlen - 1 - FRAME_HEADER;
	frame_put_header(start, 1 + vlen + len);
	start[FRAME_HEADER] = 0x0a;
	memcpy(start + FRAME_HEADER + 1, varint, vlen);
	conn_send_frame(c, start, FRAME_HEADER + 1 + vlen + len);
}

void
reply_send(struct conn *c, uint32_t id, Reply *r)
{
	Banshi__V1__ServerMessage	msg = BANSHI__V1__SERVER_MESSAGE__INIT;
	Banshi__V1__Status		ok = BANSHI__V1__STATUS__INIT;

	r->id = id;
	if (r->status == NULL)
		r->status = &ok;
	msg.body_case = BANSHI__V1__SERVER_MESSAGE__BODY_REPLY;
	msg.reply = r;
	conn_send(c, &msg.base);
}

void
reply_status(struct conn *c, uint32_t id, StatusCode code,
    const char *message, const char *field)
{
	Reply			r = BANSHI__V1__REPLY__INIT;
	Banshi__V1__Status	st = BANSHI__V1__STATUS__INIT;

	st.code = code;
	st.message = (char *)message;
	st.field = (char *)(field != NULL ? field : "");
	r.status = &st;
	reply_send(c, id, &r);
}

void
ctl_reply_send(struct conn *c, uint32_t id, CtlReply *r)
{
	Banshi__V1__Status	ok = BANSHI__V1__STATUS__INIT;

	r->id = id;
	if (r->status == NULL)
		r->status = &ok;
	conn_send(c, &r->base);
}

void
ctl_reply_status(struct conn *c, uint32_t id, StatusCode code,
    const char *message)
{
	CtlReply		r = BANSHI__V1__CTL_REPLY__INIT;
	Banshi__V1__Status	st = BANSHI__V1__STATUS__INIT;

	st.code = code;
	st.message = (char *)message;
	r.status = &st;
	ctl_reply_send(c, id, &r);
}
