// SPDX-License-Identifier: GPL-2.0
/*
 * trace: the protobuf encoding, see proto.h.
 *
 * A nested message's length comes before it but is known only after it:
 * pstrace_proto_begin() leaves room for the longest length a message here
 * can have, and pstrace_proto_end() moves the message back over what the
 * real length did not use.
 *
 * Near the end of the buffer a varint is written only if it fits whole;
 * a field that does not fit sets overflow, and the encoding is thrown
 * away: what later fields write, within the buffer, is never read.
 */

#include <linux/bug.h>
#include <linux/string.h>
#include <uapi/linux/pathstats.h>

#include "proto.h"

/* Varint bytes of a length below 2^21: PATHSTATS_TRACE_MESSAGE_MAX's. */
#define PSTRACE_PROTO_LEN_BYTES		3

static_assert(PATHSTATS_TRACE_MESSAGE_MAX < 1U << (7 * PSTRACE_PROTO_LEN_BYTES));

static unsigned int pstrace_proto_varint_len(u64 value)
{
	unsigned int len = 1;

	while (value >= 0x80) {
		value >>= 7;
		len++;
	}
	return len;
}

/**
 * pstrace_proto_varint_tail - encode a varint near the end of the buffer
 * @pb: the encoding, fewer than PSTRACE_PROTO_VARINT_MAX bytes left
 * @value: the varint
 */
void pstrace_proto_varint_tail(struct pstrace_proto *pb, u64 value)
{
	if (pb->overflow || pb->end - pb->pos < pstrace_proto_varint_len(value)) {
		pb->overflow = true;
		return;
	}
	pstrace_proto_varint_put(pb, value);
}

/**
 * pstrace_proto_bytes - encode a bytes field
 * @pb: the encoding
 * @field: its number
 * @data: its bytes
 * @len: how many
 */
void pstrace_proto_bytes(struct pstrace_proto *pb, u32 field, const void *data,
			 size_t len)
{
	pstrace_proto_key(pb, field, PSTRACE_PROTO_LEN);
	pstrace_proto_varint(pb, len);
	if (pb->overflow || pb->end - pb->pos < len) {
		pb->overflow = true;
		return;
	}
	memcpy(pb->pos, data, len);
	pb->pos += len;
}

/**
 * pstrace_proto_begin - start a nested message field
 * @pb: the encoding
 * @field: its number
 *
 * Return: what pstrace_proto_end() takes, once the message's fields are in.
 */
u8 *pstrace_proto_begin(struct pstrace_proto *pb, u32 field)
{
	u8 *start;

	pstrace_proto_key(pb, field, PSTRACE_PROTO_LEN);
	start = pb->pos;
	if (pb->overflow || pb->end - pb->pos < PSTRACE_PROTO_LEN_BYTES) {
		pb->overflow = true;
		return start;
	}
	pb->pos += PSTRACE_PROTO_LEN_BYTES;
	return start;
}

/**
 * pstrace_proto_end - finish the nested message that @start began
 * @pb: the encoding
 * @start: what pstrace_proto_begin() returned
 */
void pstrace_proto_end(struct pstrace_proto *pb, u8 *start)
{
	u8 *body = start + PSTRACE_PROTO_LEN_BYTES;
	size_t len, used;
	u8 *p = start;

	if (pb->overflow)
		return;
	len = pb->pos - body;
	if (WARN_ON_ONCE(len >= 1U << (7 * PSTRACE_PROTO_LEN_BYTES))) {
		pb->overflow = true;
		return;
	}
	used = pstrace_proto_varint_len(len);
	while (len >= 0x80) {
		*p++ = (u8)len | 0x80;
		len >>= 7;
	}
	*p++ = len;
	if (used < PSTRACE_PROTO_LEN_BYTES) {
		memmove(p, body, pb->pos - body);
		pb->pos -= PSTRACE_PROTO_LEN_BYTES - used;
	}
}
