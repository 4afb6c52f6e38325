// SPDX-License-Identifier: GPL-2.0
/*
 * A path's name as the current task sees it.  The hooks that need one
 * run with preemption disabled and must not allocate: d_path() writes
 * into a per-cpu buffer, which no two of them use at once.
 */

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/limits.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/string.h>

#include "pathname.h"

static DEFINE_PER_CPU(char [PATH_MAX], pathname_buf);

/**
 * pathstats_pathname - a path as the current task sees it
 * @path: the path
 * @len: set to the result's length
 *
 * Call with preemption disabled; the result lives in a per-cpu buffer
 * until the next call on this CPU.
 *
 * Return: the absolute path relative to the task's root, or NULL for
 * what has none (pipes, sockets, anonymous files).
 */
const char *pathstats_pathname(const struct path *path, size_t *len)
{
	char *name = d_path(path, this_cpu_ptr(pathname_buf), PATH_MAX);

	if (IS_ERR(name) || *name != '/')
		return NULL;
	*len = strlen(name);
	return name;
}
