// SPDX-License-Identifier: GPL-2.0
/*
 * trace: the file points, see file.h.
 *
 * A call on a file descriptor (open, read, write, fstat, ftruncate) fires
 * in pathmon's syscall wrapper once the syscall function returned:
 * preemptible, in the task, with the result at hand.
 *
 * A call on a path (stat, truncate, unlink, mkdir, rmdir, rename), and
 * close, is seen by an entry hook on a function the syscall reaches,
 * before the result is known.  The hook resolves the names then (rename
 * moves the dentry, unlink may free it) and queues a task_work, which runs
 * as the task returns to user space, with the syscall's result in its
 * registers, before the task's next syscall: the events of one task stay
 * in order (but for a call that reaches a hook twice, retrying a lookup
 * after ESTALE: task works run last queued first).  The hook must not
 * sleep: a task work that cannot be allocated is counted as a drop of
 * every sink that would have had it.
 */

#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/task_work.h>
#include <uapi/linux/pathstats.h>

#include "pathmon/pathmon.h"
#include "event.h"
#include "file.h"
#include "proto.h"

/* Field numbers of FileOp in pathstats_trace.proto. */
enum pstrace_file_field {
	PSTRACE_FILE_SYSCALL = 2,
	PSTRACE_FILE_RESULT,
	PSTRACE_FILE_SUCCESS,
	PSTRACE_FILE_FD,
	PSTRACE_FILE_PATH,
	PSTRACE_FILE_NEW_PATH,
};

/* FileOp.Syscall numbers the syscalls as enum pathstats_syscall does. */
static_assert(PATHSTATS_SYS_FTRUNCATE == 21 && PATHSTATS_SYS_UNLINK == 24 &&
	      PATHSTATS_SYS_RMDIR == 31);

#define PSTRACE_SYS(x)	BIT_ULL(PATHSTATS_SYS_##x)

/* The syscalls each file point fires for. */
static const u64 pstrace_file_syscalls[PATHSTATS_TRACE_POINT_END] = {
	[PATHSTATS_TRACE_FILE_OPEN] = PSTRACE_SYS(OPEN) | PSTRACE_SYS(OPENAT) |
				      PSTRACE_SYS(OPENAT2) | PSTRACE_SYS(CREAT),
	[PATHSTATS_TRACE_FILE_READ] = PSTRACE_SYS(READ) | PSTRACE_SYS(PREAD) |
				      PSTRACE_SYS(READV) | PSTRACE_SYS(PREADV) |
				      PSTRACE_SYS(PREADV2),
	[PATHSTATS_TRACE_FILE_WRITE] = PSTRACE_SYS(WRITE) | PSTRACE_SYS(PWRITE) |
				       PSTRACE_SYS(WRITEV) |
				       PSTRACE_SYS(PWRITEV) |
				       PSTRACE_SYS(PWRITEV2),
	[PATHSTATS_TRACE_FILE_STAT] = PSTRACE_SYS(STAT) | PSTRACE_SYS(LSTAT) |
				      PSTRACE_SYS(FSTAT) |
				      PSTRACE_SYS(NEWFSTATAT) |
				      PSTRACE_SYS(STATX),
	[PATHSTATS_TRACE_FILE_CLOSE] = PSTRACE_SYS(CLOSE),
	[PATHSTATS_TRACE_FILE_UNLINK] = PSTRACE_SYS(UNLINK) |
					PSTRACE_SYS(UNLINKAT),
	[PATHSTATS_TRACE_FILE_RENAME] = PSTRACE_SYS(RENAME) |
					PSTRACE_SYS(RENAMEAT) |
					PSTRACE_SYS(RENAMEAT2),
	[PATHSTATS_TRACE_FILE_MKDIR] = PSTRACE_SYS(MKDIR) | PSTRACE_SYS(MKDIRAT),
	[PATHSTATS_TRACE_FILE_RMDIR] = PSTRACE_SYS(RMDIR) | PSTRACE_SYS(UNLINKAT),
	[PATHSTATS_TRACE_FILE_TRUNCATE] = PSTRACE_SYS(TRUNCATE) |
					  PSTRACE_SYS(FTRUNCATE),
};

u64 pstrace_file_points;
u64 pstrace_file_path_points;

/**
 * struct pstrace_file_args - what a file point's event says
 * @syscall: enum pathstats_syscall
 * @ret: what it returned
 * @fd: the file descriptor it was called on, or -1
 * @path: the file's path, resolved as the event is encoded, or NULL
 * @path_always: @path is the call's own, not the optional field
 * @name: the path resolved before, or NULL
 * @len: its bytes
 * @new_name: rename's new path, or NULL
 * @new_len: its bytes
 */
struct pstrace_file_args {
	unsigned int syscall;
	long ret;
	int fd;
	const struct path *path;
	bool path_always;
	const char *name;
	size_t len;
	const char *new_name;
	size_t new_len;
};

static void pstrace_file_fields(struct pstrace_proto *pb, const void *arg,
				u32 optional)
{
	const struct pstrace_file_args *a = arg;
	bool path = a->path_always || (optional & PATHSTATS_TRACE_OPT_PATH);

	pstrace_proto_uint(pb, PSTRACE_FILE_SYSCALL, a->syscall);
	pstrace_proto_sint(pb, PSTRACE_FILE_RESULT, a->ret);
	pstrace_proto_uint(pb, PSTRACE_FILE_SUCCESS, a->ret >= 0);
	if (a->fd >= 0)
		pstrace_proto_uint(pb, PSTRACE_FILE_FD, a->fd);
	if (path && a->path)
		pstrace_event_path(pb, PSTRACE_FILE_PATH, a->path);
	else if (path && a->name)
		pstrace_proto_bytes(pb, PSTRACE_FILE_PATH, a->name, a->len);
	if (a->new_name)
		pstrace_proto_bytes(pb, PSTRACE_FILE_NEW_PATH, a->new_name,
				    a->new_len);
}

/**
 * pstrace_file_point - the file point of a call on a file descriptor
 * @syscall: enum pathstats_syscall
 *
 * Return: the point, or 0 for a syscall no file point fires for.
 */
u32 pstrace_file_point(unsigned int syscall)
{
	u32 point;

	for (point = PATHSTATS_TRACE_FILE_OPEN;
	     point <= PATHSTATS_TRACE_FILE_TRUNCATE; point++)
		if (pstrace_file_syscalls[point] & BIT_ULL(syscall))
			return point;
	return 0;
}

/**
 * pstrace_file_fire - a call on a file descriptor returned
 * @point: its file point, enabled
 * @syscall: enum pathstats_syscall
 * @ret: what it returned
 * @fd: the file descriptor (for an open, the new one)
 * @path: the file's path, held by the caller
 *
 * Call from the task, preemptible, under rcu_read_lock().
 */
void pstrace_file_fire(u32 point, unsigned int syscall, long ret, int fd,
		       const struct path *path)
{
	struct pstrace_file_args a = {
		.syscall = syscall,
		.ret = ret,
		.fd = fd,
		.path = path,
		.path_always = point == PATHSTATS_TRACE_FILE_OPEN,
	};

	pstrace_event_fire(point, pstrace_file_fields, &a);
}

/**
 * struct pstrace_file_deferred - an event waiting for its call's result
 * @work: run as the task returns to user space
 * @point: its point
 * @syscall: enum pathstats_syscall
 * @fd: the file descriptor, or -1
 * @len: bytes of the path at @names, 0 for none
 * @new_len: bytes of rename's new path, after it
 * @names: the paths
 */
struct pstrace_file_deferred {
	struct callback_head work;
	u32 point;
	u32 syscall;
	int fd;
	u32 len;
	u32 new_len;
	char names[];
};

static void pstrace_file_deferred_run(struct callback_head *work)
{
	struct pstrace_file_deferred *d = container_of(work, typeof(*d), work);
	struct pstrace_file_args a = {
		.syscall = d->syscall,
		.ret = regs_return_value(task_pt_regs(current)),
		.fd = d->fd,
		.path_always = d->fd < 0,
		.name = d->len ? d->names : NULL,
		.len = d->len,
		.new_name = d->new_len ? d->names + d->len : NULL,
		.new_len = d->new_len,
	};

	/*
	 * A signal interrupted the call: it restarts, and fires again, or
	 * returns -EINTR once the signal is handled, after this work.
	 */
	if (!pstrace_event_interrupted(a.ret))
		pstrace_event_fire(d->point, pstrace_file_fields, &a);
	kfree(d);
	module_put(THIS_MODULE);
}

/**
 * pstrace_file_defer - a call on a path, or a close, is under way
 * @point: its file point, enabled
 * @syscall: enum pathstats_syscall
 * @fd: the file descriptor a close closes, or -1 for a call on a path
 * @name: the path (@len bytes), or NULL: a close's, for the optional field
 * @len: its bytes
 * @new_name: rename's new path, or NULL
 * @new_len: its bytes
 *
 * Call from a hook in the task's syscall, under rcu_read_lock(), where it
 * may not sleep.  The event fires as the task returns to user space.
 */
void pstrace_file_defer(u32 point, unsigned int syscall, int fd,
			const char *name, size_t len, const char *new_name,
			size_t new_len)
{
	struct pstrace_file_deferred *d;

	if (!name)
		len = 0;
	if (!new_name)
		new_len = 0;
	d = kmalloc(struct_size(d, names, len + new_len),
		    GFP_ATOMIC | __GFP_NOWARN);
	if (!d) {
		pstrace_event_drop(point);
		return;
	}
	/*
	 * The work holds the module: a task that waits long in its syscall
	 * (a FUSE server's unlink) makes rmmod refuse, not wait.
	 */
	if (!try_module_get(THIS_MODULE)) {
		kfree(d);
		pstrace_event_drop(point);
		return;
	}
	d->point = point;
	d->syscall = syscall;
	d->fd = fd;
	d->len = len;
	d->new_len = new_len;
	memcpy(d->names, name, len);
	memcpy(d->names + len, new_name, new_len);
	init_task_work(&d->work, pstrace_file_deferred_run);
	if (!task_work_add(current, &d->work, TWA_RESUME))
		return;
	/* Exiting: it returns to user space no more. */
	kfree(d);
	module_put(THIS_MODULE);
}

/**
 * pstrace_file_drop - a file point's event that a hook cannot make
 * @point: the enabled point
 *
 * Counted as a drop of every sink that would have had it.  Any context.
 */
void pstrace_file_drop(u32 point)
{
	pstrace_event_drop(point);
}

/**
 * pstrace_file_update - hook what the sessions' file points need
 * @points: bitmap of (1 << enum pathstats_trace_point) the sessions enable
 * @path_points: those of them whose sessions ask for the optional path
 *
 * Call under the sessions' lock.
 *
 * Return: 0 or a negative errno; on failure nothing changed.
 */
int pstrace_file_update(u64 points, u64 path_points)
{
	u64 syscalls = 0, mine = 0;
	unsigned int point;
	int err;

	for (point = 0; point < PATHSTATS_TRACE_POINT_END; point++) {
		if (pstrace_file_syscalls[point])
			mine |= BIT_ULL(point);
		if (points & BIT_ULL(point))
			syscalls |= pstrace_file_syscalls[point];
	}
	/* The hooks test it first: the other points cost them nothing. */
	points &= mine;
	path_points &= mine;
	err = pathmon_trace_update(syscalls);
	if (err)
		return err;
	WRITE_ONCE(pstrace_file_points, points);
	WRITE_ONCE(pstrace_file_path_points, path_points);
	return 0;
}

/**
 * pstrace_file_drain - wait until no queued event runs any more
 *
 * Call at module exit: every queued work held the module and let go of
 * it, and is past its last instructions once its task ran on.
 */
void pstrace_file_drain(void)
{
	synchronize_rcu_tasks();
}
