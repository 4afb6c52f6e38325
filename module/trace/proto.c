// SPDX-License-Identifier: GPL-2.0
/*
 * trace: the protobuf encoding, see proto.h.
 *
 * A nested message's length comes before it but is known only after it:
 * pstrace_proto_begin() leaves room for the longest length a message here
 * can have, and pstrace_proto_end() moves the message back over what the
 * real length did not use.
 */

#include <linux/bug.h>
#include <linux/string.h>
#include <uapi/linux/pathstats.h>

#include "proto.h"

#define PSTRACE_PROTO_VARINT		0
#define PSTRACE_PROTO_LEN			2
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

static void pstrace_proto_varint(struct pstrace_proto *pb, u64 value)
{
	if (pb->overflow || pb->end - pb->pos < pstrace_proto_varint_len(value)) {
		pb->overflow = true;
		return;
	}
	while (value >= 0x80) {
		*pb->pos++ = (u8)value | 0x80;
		value >>= 7;
	}
	*pb->pos++ = value;
}

static void pstrace_proto_key(struct pstrace_proto *pb, u32 field, u32 wire)
{
	pstrace_proto_varint(pb, (u64)field << 3 | wire);
}

/**
 * pstrace_proto_uint - encode an unsigned integer field
 * @pb: the encoding
 * @field: its number
 * @value: its value, written even when 0: a field asked for is present
 */
void pstrace_proto_uint(struct pstrace_proto *pb, u32 field, u64 value)
{
	pstrace_proto_key(pb, field, PSTRACE_PROTO_VARINT);
	pstrace_proto_varint(pb, value);
}

/**
 * pstrace_proto_sint - encode a signed integer field, as sint64
 * @pb: the encoding
 * @field: its number
 * @value: its value
 *
 * Zigzag, so that a small negative value (an errno) takes a byte, not ten.
 */
void pstrace_proto_sint(struct pstrace_proto *pb, u32 field, s64 value)
{
	pstrace_proto_uint(pb, field, ((u64)value << 1) ^ (u64)(value >> 63));
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
