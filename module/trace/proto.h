/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace: the protobuf encoding of events (pathstats_trace.proto), written
 * into a bounded buffer.  Only what the schema uses: varints, and
 * length-delimited bytes and messages.
 */
#ifndef _PATHSTATS_TRACE_PROTO_H
#define _PATHSTATS_TRACE_PROTO_H

#include <linux/types.h>

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

void pstrace_proto_uint(struct pstrace_proto *pb, u32 field, u64 value);
void pstrace_proto_sint(struct pstrace_proto *pb, u32 field, s64 value);
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
