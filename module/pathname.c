// SPDX-License-Identifier: GPL-2.0
/*
 * A path's name as the current task sees it.  The hooks that need one
 * must not allocate: d_path() writes into per-cpu buffers, allocated at
 * load (a module's static per-cpu area is too small), which a local lock
 * gives to one hook at a time.
 *
 * d_path() may take rename_lock, mount_lock and the task's fs->lock, and
 * where spinlocks sleep (PREEMPT_RT) so does the local lock: there a name
 * can only be resolved where the hook may sleep.  The hooks that run with
 * preemption disabled (every tracepoint probe, an ftrace_ops callback that
 * shares its function with another tracer) use what was resolved before,
 * or leave the resolving to the task (see pathmon's defer.c).
 */

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/limits.h>
#include <linux/local_lock.h>
#include <linux/lockdep.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/string.h>

#include "compat.h"
#include "pathname.h"

/*
 * Each buffer is a word longer than a name may be, so that a name can be
 * read a word at a time (pathmon_match_name()).
 */
struct pathstats_pathname_bufs {
	local_lock_t lock;	/* protects buf */
	char buf[PATHSTATS_PATHNAME_BUFS][PATH_MAX + sizeof(u64)];
};

static struct pathstats_pathname_bufs __percpu *pathname_bufs;

/**
 * pathstats_pathname_begin - take this CPU's name buffers, if names can be
 *	resolved here
 *
 * Return: true if the buffers are taken: call pathstats_pathname(), then
 * pathstats_pathname_end().  False where spinlocks sleep and the caller
 * may not: nothing is taken.
 */
bool pathstats_pathname_begin(void)
{
	if (PATHSTATS_SPINLOCKS_SLEEP && !preemptible())
		return false;
	local_lock(&pathname_bufs->lock);
	return true;
}

/**
 * pathstats_pathname_end - give back what pathstats_pathname_begin() took
 */
void pathstats_pathname_end(void)
{
	local_unlock(&pathname_bufs->lock);
}

/**
 * pathstats_pathname - a path as the current task sees it
 * @path: the path
 * @buf: the buffer to use
 * @len: set to the result's length
 *
 * Call between pathstats_pathname_begin() and pathstats_pathname_end();
 * the result lives in the buffer until the next call for @buf.
 *
 * Return: the absolute path relative to the task's root, or NULL for
 * what has none (pipes, sockets, anonymous files).  The buffer can be
 * read a word past the name's end.
 */
const char *pathstats_pathname(const struct path *path,
			       enum pathstats_pathname_buf buf, size_t *len)
{
	char *start = this_cpu_ptr(pathname_bufs)->buf[buf], *name;
	const struct dentry_operations *ops = path->dentry->d_op;

	lockdep_assert_held(this_cpu_ptr(&pathname_bufs->lock));
	name = d_path(path, start, PATH_MAX);

	if (IS_ERR(name) || *name != '/')
		return NULL;
	/*
	 * d_path() writes a name backwards from the end of the buffer, so
	 * its length is known, but for a filesystem's own d_dname().
	 */
	if (unlikely(ops && ops->d_dname))
		*len = strlen(name);
	else
		*len = start + PATH_MAX - 1 - name;
	return name;
}

/**
 * pathstats_pathname_init - allocate the name buffers
 *
 * Return: 0, or -ENOMEM.
 */
int pathstats_pathname_init(void)
{
	int cpu;

	pathname_bufs = alloc_percpu(struct pathstats_pathname_bufs);
	if (!pathname_bufs)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		local_lock_init(&per_cpu_ptr(pathname_bufs, cpu)->lock);
	return 0;
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
