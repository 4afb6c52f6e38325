/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names of trace points, context fields and sinks, as configurations,
 * trace metadata and trace dump spell them, for the numbers of the uapi
 * header.
 */
#ifndef _PATHSTATS_TOOLS_TRACENAMES_H
#define _PATHSTATS_TOOLS_TRACENAMES_H

#include <stdint.h>

#include <linux/pathstats.h>

/* The names, indexed by enum value; NULL where none. */
extern const char *const tracenames_points[PATHSTATS_TRACE_POINT_END];
extern const char *const tracenames_context[PATHSTATS_TRACE_CTX_COUNT];
extern const char *const tracenames_sinks[PATHSTATS_TRACE_SINK_END];

#define TRACENAMES_OPTIONAL_COUNT	2
extern const char *const tracenames_optional[TRACENAMES_OPTIONAL_COUNT];
extern const uint32_t tracenames_point_optional[PATHSTATS_TRACE_POINT_END];

int tracenames_point(const char *name);
int tracenames_context_field(const char *name, uint32_t *bits);
int tracenames_optional_field(const char *name);
int tracenames_sink(const char *name);

#endif /* _PATHSTATS_TOOLS_TRACENAMES_H */
