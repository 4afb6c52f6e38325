// SPDX-License-Identifier: GPL-2.0
/*
 * Trace names.  See tracenames.h.
 */

#include <string.h>

#include "compiler.h"
#include "tracenames.h"

const char *const tracenames_points[PATHSTATS_TRACE_POINT_END] = {
	[PATHSTATS_TRACE_PROCESS_EXEC] = "process/exec",
	[PATHSTATS_TRACE_PROCESS_EXIT] = "process/exit",
	[PATHSTATS_TRACE_FILE_OPEN] = "file/open",
	[PATHSTATS_TRACE_FILE_READ] = "file/read",
	[PATHSTATS_TRACE_FILE_WRITE] = "file/write",
	[PATHSTATS_TRACE_FILE_STAT] = "file/stat",
	[PATHSTATS_TRACE_FILE_CLOSE] = "file/close",
	[PATHSTATS_TRACE_FILE_UNLINK] = "file/unlink",
	[PATHSTATS_TRACE_FILE_RENAME] = "file/rename",
	[PATHSTATS_TRACE_FILE_MKDIR] = "file/mkdir",
	[PATHSTATS_TRACE_FILE_RMDIR] = "file/rmdir",
	[PATHSTATS_TRACE_FILE_TRUNCATE] = "file/truncate",
	[PATHSTATS_TRACE_UDS_CONNECT] = "uds/connect",
	[PATHSTATS_TRACE_UDS_SEND] = "uds/send",
	[PATHSTATS_TRACE_UDS_RECV] = "uds/recv",
};

/* The optional fields, by bit number of PATHSTATS_TRACE_OPT_*. */
const char *const tracenames_optional[TRACENAMES_OPTIONAL_COUNT] = {
	"path",
	"data",
};

/* Each point's optional fields, as the module accepts them. */
const uint32_t tracenames_point_optional[PATHSTATS_TRACE_POINT_END] = {
	[PATHSTATS_TRACE_FILE_READ] = PATHSTATS_TRACE_OPT_PATH,
	[PATHSTATS_TRACE_FILE_WRITE] = PATHSTATS_TRACE_OPT_PATH,
	[PATHSTATS_TRACE_FILE_STAT] = PATHSTATS_TRACE_OPT_PATH,
	[PATHSTATS_TRACE_FILE_CLOSE] = PATHSTATS_TRACE_OPT_PATH,
	[PATHSTATS_TRACE_FILE_TRUNCATE] = PATHSTATS_TRACE_OPT_PATH,
	[PATHSTATS_TRACE_UDS_SEND] = PATHSTATS_TRACE_OPT_DATA,
	[PATHSTATS_TRACE_UDS_RECV] = PATHSTATS_TRACE_OPT_DATA,
};

const char *const tracenames_context[PATHSTATS_TRACE_CTX_COUNT] = {
	[PATHSTATS_TRACE_CTX_TIME] = "time",
	[PATHSTATS_TRACE_CTX_TID] = "tid",
	[PATHSTATS_TRACE_CTX_PID] = "pid",
	[PATHSTATS_TRACE_CTX_PPID] = "ppid",
	[PATHSTATS_TRACE_CTX_UID] = "uid",
	[PATHSTATS_TRACE_CTX_GID] = "gid",
	[PATHSTATS_TRACE_CTX_CGROUP] = "cgroup",
	[PATHSTATS_TRACE_CTX_CONTAINER_ID] = "container_id",
	[PATHSTATS_TRACE_CTX_PROCESS_NAME] = "process_name",
	[PATHSTATS_TRACE_CTX_CWD] = "cwd",
	[PATHSTATS_TRACE_CTX_EXE] = "exe",
};

const char *const tracenames_sinks[PATHSTATS_TRACE_SINK_END] = {
	[PATHSTATS_TRACE_SINK_DEVICE] = "device",
	[PATHSTATS_TRACE_SINK_NULL] = "null",
	[PATHSTATS_TRACE_SINK_REMOTE] = "remote",
};

/*
 * The names seed 002's sessions (gVisor's runsc trace) give the same
 * context, accepted as they stand.
 */
static const struct {
	const char *name;
	uint32_t bits;
} tracenames_context_aliases[] = {
	{ "thread_id", 1U << PATHSTATS_TRACE_CTX_TID },
	{ "group_id", 1U << PATHSTATS_TRACE_CTX_PID },
	{ "credentials", 1U << PATHSTATS_TRACE_CTX_UID |
			 1U << PATHSTATS_TRACE_CTX_GID },
};

static int tracenames_find(const char *const *names, unsigned int n,
			   const char *name)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], name))
			return i;
	return -1;
}

/* Return: the enum pathstats_trace_point of @name, or -1. */
int tracenames_point(const char *name)
{
	return tracenames_find(tracenames_points,
			       ARRAY_SIZE(tracenames_points), name);
}

/*
 * Sets @bits to the context bits @name stands for.
 * Return: 0, or -1 for an unknown name.
 */
int tracenames_context_field(const char *name, uint32_t *bits)
{
	int i = tracenames_find(tracenames_context,
				ARRAY_SIZE(tracenames_context), name);
	unsigned int a;

	if (i >= 0) {
		*bits = 1U << i;
		return 0;
	}
	for (a = 0; a < ARRAY_SIZE(tracenames_context_aliases); a++) {
		if (!strcmp(tracenames_context_aliases[a].name, name)) {
			*bits = tracenames_context_aliases[a].bits;
			return 0;
		}
	}
	return -1;
}

/* Return: the bit number of optional field @name, or -1. */
int tracenames_optional_field(const char *name)
{
	return tracenames_find(tracenames_optional,
			       ARRAY_SIZE(tracenames_optional), name);
}

/* Return: the enum pathstats_trace_sink_type of @name, or -1. */
int tracenames_sink(const char *name)
{
	return tracenames_find(tracenames_sinks, ARRAY_SIZE(tracenames_sinks),
			       name);
}
