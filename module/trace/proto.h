/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace: the protobuf encoding of events (pathstats_trace.proto), written
 * into a bounded buffer.  Only what the schema uses: varints, and
 * length-delimited bytes and messages.
 */
#ifndef _PATHSTATS_TRACE_PROTO_H
#define _PATHSTATS_TRACE_PROTO_H

#include <linux/compiler.h>
#include <linux/types.h>

#define PSTRACE_PROTO_VARINT		0
#define PSTRACE_PROTO_LEN		2
/* The most bytes a varint takes: a u64's 64 bits, 7 a byte. */
#define PSTRACE_PROTO_VARINT_MAX	10

/**
 * struct pstrace_proto - an encoding in progress
 * @pos: where the next byte goes
 * @end: the end of the buffer
 * @overflow: a field did not fit; the encoding is to be thrown away
 */
struct pstrace_proto {
	u8 *pos;
	u8 *end;
	bool overflow;
};

void pstrace_proto_varint_tail(struct pstrace_proto *pb, u64 value);

/* Writes @value as a varint at pb->pos: the caller made sure it fits. */
static __always_inline void pstrace_proto_varint_put(struct pstrace_proto *pb,
						     u64 value)
{
	while (value >= 0x80) {
		*pb->pos++ = (u8)value | 0x80;
		value >>= 7;
	}
	*pb->pos++ = value;
}

/*
 * Inline, as every field of every event comes here and most of their
 * keys are constants: the common case, far from the end, is a few stores.
 */
static __always_inline void pstrace_proto_varint(struct pstrace_proto *pb,
						 u64 value)
{
	if (unlikely(pb->end - pb->pos < PSTRACE_PROTO_VARINT_MAX)) {
		pstrace_proto_varint_tail(pb, value);
		return;
	}
	pstrace_proto_varint_put(pb, value);
}

static __always_inline void pstrace_proto_key(struct pstrace_proto *pb,
					      u32 field, u32 wire)
{
	pstrace_proto_varint(pb, (u64)field << 3 | wire);
}

/**
 * pstrace_proto_uint - encode an unsigned integer field
 * @pb: the encoding
 * @field: its number
 * @value: its value, written even when 0: a field asked for is present
 */
static __always_inline void pstrace_proto_uint(struct pstrace_proto *pb,
					       u32 field, u64 value)
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
static __always_inline void pstrace_proto_sint(struct pstrace_proto *pb,
					       u32 field, s64 value)
{
	pstrace_proto_uint(pb, field, ((u64)value << 1) ^ (u64)(value >> 63));
}

void pstrace_proto_bytes(struct pstrace_proto *pb, u32 field, const void *data,
			 size_t len);
u8 *pstrace_proto_begin(struct pstrace_proto *pb, u32 field);
void pstrace_proto_end(struct pstrace_proto *pb, u8 *start);

/* Room left, for a field written in place (a path). */
static inline size_t pstrace_proto_room(const struct pstrace_proto *pb)
{
	return pb->overflow ? 0 : pb->end - pb->pos;
}

#endif /* _PATHSTATS_TRACE_PROTO_H */
