/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The YAML configuration of pathstats, parsed (libyaml) and validated
 * into memory (struct cfg; the names start with cfg_, apart from the
 * module's pathstats_config).  See Documentation/admin-guide/config.rst
 * for the format.
 *
 * Errors are one message "FILE:LINE:COLUMN: what", pointing at the
 * offending node (1-based line and column), or "FILE: what" when no node
 * applies.  Warnings have the same form and do not fail the parse.
 */
#ifndef _PATHSTATS_TOOLS_CONFIG_H
#define _PATHSTATS_TOOLS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/pathstats.h>

/* Largest configuration file read. */
#define CFG_FILE_MAX		(64U << 20)
/* Bounds of uds_monitor settings; sun_path holds 108 bytes. */
#define CFG_CAPTURE_MAX	65536
#define CFG_SOCKET_PATH_MAX	107
#define CFG_CAPTURE_DEFAULT	0
#define CFG_SAMPLE_DEFAULT	1

/*
 * Groups of a prefix or socket (PATHSTATS_GROUP_BY_* in by): from the
 * entry's own by/max_groups, else the attribution section's.
 */
struct cfg_groups {
	uint32_t by;
	uint32_t max_groups;	/* 0: the section's, else the default */
	bool by_set;		/* by given (an empty list: no groups) */
	/* cgroups: the filter's paths, each NUL-terminated, one after another */
	char *cgroups;
	size_t cgroups_size;	/* bytes of @cgroups, the NULs included */
	uint32_t cgroup_count;	/* 0: every task counts */
};

struct cfg_error {
	char msg[1024];
};

/* One path prefix, from path_metrics or monitored_paths. */
struct cfg_path {
	char *prefix;		/* normalised */
	char *name;
	uint64_t syscalls;	/* bits of enum pathstats_syscall */
	struct cfg_groups groups;
	bool name_derived;
	unsigned int line;	/* of the prefix */
	unsigned int name_line;	/* of the name, or of the prefix if derived */
};

/* One unix socket, from uds_monitor. */
struct cfg_uds {
	char *path;		/* without the '@' of an abstract name */
	bool abstract;
	char *name;
	uint32_t capture_bytes;
	uint32_t sample_every;
	struct cfg_groups groups;
	bool name_derived;
	unsigned int line;
	unsigned int name_line;
};

/* One trace session, from trace.sessions or trace_session. */
struct cfg_trace_session {
	char name[PATHSTATS_TRACE_NAME_LEN];
	struct pathstats_trace_point_rule points[PATHSTATS_TRACE_POINTS_MAX];
	uint32_t point_count;
	struct pathstats_trace_sink_rule sinks[PATHSTATS_TRACE_SINKS_MAX];
	uint32_t sink_count;
	unsigned int line;
};

struct cfg {
	struct cfg_path *paths;	/* in the file's order */
	size_t path_count;
	struct cfg_uds *uds;
	size_t uds_count;
	uint32_t ring_entries;
	struct cfg_groups attribution;	/* the defaults */
	struct cfg_trace_session *trace;	/* in the file's order */
	size_t trace_count;
	char **warnings;		/* "FILE:LINE:COLUMN: what" */
	size_t warning_count;
};

int cfg_parse(const char *file, const char *buf, size_t len,
	      struct cfg *cfg, struct cfg_error *err);
int cfg_parse_file(const char *file, struct cfg *cfg,
		   struct cfg_error *err);
void cfg_free(struct cfg *cfg);
int cfg_read_file(const char *file, size_t max, char **buf, size_t *len,
		  struct cfg_error *err);

#endif /* _PATHSTATS_TOOLS_CONFIG_H */
