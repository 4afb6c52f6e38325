// SPDX-License-Identifier: GPL-2.0
/*
 * A path's name as the current task sees it.  The hooks that need one
 * run with preemption disabled and must not allocate: d_path() writes
 * into per-cpu buffers, which no two of them use at once.  They are
 * allocated at load: a module's static per-cpu area is too small.
 */

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/limits.h>
#include <linux/lockdep.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/string.h>

#include "pathname.h"

struct pathstats_pathname_bufs {
	char buf[PATHSTATS_PATHNAME_BUFS][PATH_MAX];
};

static struct pathstats_pathname_bufs __percpu *pathname_bufs;

/**
 * pathstats_pathname - a path as the current task sees it
 * @path: the path
 * @buf: the buffer to use
 * @len: set to the result's length
 *
 * Call with preemption disabled; the result lives in a per-cpu buffer
 * until the next call for @buf on this CPU.
 *
 * Return: the absolute path relative to the task's root, or NULL for
 * what has none (pipes, sockets, anonymous files).
 */
const char *pathstats_pathname(const struct path *path,
			       enum pathstats_pathname_buf buf, size_t *len)
{
	char *name;

	lockdep_assert_preemption_disabled();
	name = d_path(path, this_cpu_ptr(pathname_bufs)->buf[buf], PATH_MAX);

	if (IS_ERR(name) || *name != '/')
		return NULL;
	*len = strlen(name);
	return name;
}

/**
 * pathstats_pathname_init - allocate the name buffers
 *
 * Return: 0, or -ENOMEM.
 */
int pathstats_pathname_init(void)
{
	pathname_bufs = alloc_percpu(struct pathstats_pathname_bufs);
	return pathname_bufs ? 0 : -ENOMEM;
}

/**
 * pathstats_pathname_exit - free the name buffers
 *
 * Call once no hook can run.
 */
void pathstats_pathname_exit(void)
{
	free_percpu(pathname_bufs);
	pathname_bufs = NULL;
}
