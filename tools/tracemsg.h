/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace messages (struct pathstats_trace_header and a protobuf payload,
 * pathstats_trace.proto), decoded with protobuf-c and written as a line
 * of text or of JSON, the fields named as the schema names them.
 */
#ifndef _PATHSTATS_TOOLS_TRACEMSG_H
#define _PATHSTATS_TOOLS_TRACEMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <protobuf-c/protobuf-c.h>

const ProtobufCMessageDescriptor *
tracemsg_descriptor(unsigned int type);
int tracemsg_write(FILE *f, const void *msg, size_t size, bool json);

#endif /* _PATHSTATS_TOOLS_TRACEMSG_H */
