// SPDX-License-Identifier: GPL-2.0
/*
 * pathmon's hooks.  See Documentation/design/pathmon-probes.rst for why
 * these and not others: one probe on the raw_syscalls:sys_exit tracepoint
 * sees every syscall's number, arguments and return value, so it counts
 * calls and transferred bytes of the fd-based syscalls without a return
 * probe; one ftrace_ops on security_file_free keeps the per-file match
 * cache honest.
 *
 * The hot path: a table lookup by syscall number rejects the syscalls
 * pathmon does not count; then the fd's file, its cached match, and
 * per-cpu increments.  No lock, no atomic, no allocation.
 */

#include <linux/compat.h>
#include <linux/fdtable.h>
#include <linux/ftrace.h>
#include <linux/mman.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "compat.h"
#include "pathmon.h"
#include "pathmon_match.h"
#include "pathmon_probe.h"

/* What a syscall does with its file descriptors, as pathmon counts it. */
enum pathmon_kind {
	PATHMON_NONE,
	PATHMON_FD,		/* a call on fd arg0 */
	PATHMON_READ,		/* reads ret bytes from fd arg0 */
	PATHMON_WRITE,		/* writes ret bytes to fd arg0 */
	PATHMON_OPEN,		/* returns a new fd */
	PATHMON_SENDFILE,	/* reads fd arg1, writes fd arg0 */
	PATHMON_TRANSFER,	/* reads fd arg0, writes fd arg2 */
	PATHMON_MMAP,		/* maps fd arg4 unless anonymous */
};

struct pathmon_sysinfo {
	u8 kind;
	u8 id;			/* enum pathstats_syscall */
};

#define PATHMON_SYS(_nr, _kind, _id)					\
	[__NR_##_nr] = { PATHMON_##_kind, PATHSTATS_SYS_##_id }

/* x86_64 syscall numbers; 32-bit syscalls are not counted. */
static const struct pathmon_sysinfo pathmon_sysinfo[] = {
	PATHMON_SYS(read, READ, READ),
	PATHMON_SYS(pread64, READ, PREAD),
	PATHMON_SYS(readv, READ, READV),
	PATHMON_SYS(preadv, READ, PREADV),
	PATHMON_SYS(preadv2, READ, PREADV2),
	PATHMON_SYS(write, WRITE, WRITE),
	PATHMON_SYS(pwrite64, WRITE, PWRITE),
	PATHMON_SYS(writev, WRITE, WRITEV),
	PATHMON_SYS(pwritev, WRITE, PWRITEV),
	PATHMON_SYS(pwritev2, WRITE, PWRITEV2),
	PATHMON_SYS(fstat, FD, FSTAT),
	PATHMON_SYS(ftruncate, FD, FTRUNCATE),
	PATHMON_SYS(fsync, FD, FSYNC),
	PATHMON_SYS(fdatasync, FD, FDATASYNC),
	PATHMON_SYS(getdents64, FD, GETDENTS64),
	PATHMON_SYS(open, OPEN, OPEN),
	PATHMON_SYS(openat, OPEN, OPENAT),
	PATHMON_SYS(openat2, OPEN, OPENAT2),
	PATHMON_SYS(creat, OPEN, CREAT),
	PATHMON_SYS(sendfile, SENDFILE, SENDFILE),
	PATHMON_SYS(copy_file_range, TRANSFER, COPY_FILE_RANGE),
	PATHMON_SYS(splice, TRANSFER, SPLICE),
	PATHMON_SYS(mmap, MMAP, MMAP),
};

enum pathmon_dir {
	PATHMON_CALL,
	PATHMON_IN,
	PATHMON_OUT,
};

static void pathmon_count(const struct pathmon_entry *e, unsigned int id,
			  enum pathmon_dir dir, long ret, bool call)
{
	struct pathmon_counters __percpu *c = e->prefix->counters;

	if (call && (e->syscalls & BIT_ULL(id)))
		this_cpu_inc(c->syscalls[id]);
	if (ret < 0)
		return;
	if (dir == PATHMON_IN) {
		this_cpu_inc(c->read_ops);
		this_cpu_add(c->read_bytes, ret);
	} else if (dir == PATHMON_OUT) {
		this_cpu_inc(c->write_ops);
		this_cpu_add(c->write_bytes, ret);
	}
}

static bool pathmon_listed(const struct pathmon_match *m, u32 idx)
{
	unsigned int i;

	for (i = 0; m && i < m->count; i++)
		if (m->idx[i] == idx)
			return true;
	return false;
}

/*
 * Counts one event on @file for every prefix it is under.  @done, for
 * the second file of a transfer, lists the prefixes whose call was
 * already counted for the first: one call counts once per prefix.
 */
static void pathmon_account(const struct pathmon_table *table,
			    struct file *file, unsigned int id,
			    enum pathmon_dir dir, long ret,
			    struct pathmon_match *match,
			    const struct pathmon_match *done)
{
	const char *path;
	size_t len;
	u32 i;

	match->count = 0;
	if (!file)
		return;
	pathmon_match_file(file, table, match);
	if (match->count <= PATHMON_MATCH_MAX) {
		for (i = 0; i < match->count; i++)
			pathmon_count(&table->entries[match->idx[i]], id, dir,
				      ret, !pathmon_listed(done, match->idx[i]));
		return;
	}

	/* Under more prefixes than a match lists: compare each, slowly. */
	path = pathmon_match_path(file, &len);
	for (i = 0; path && i < table->count; i++)
		if (pathmon_prefix_covers(table->entries[i].prefix, path, len))
			pathmon_count(&table->entries[i], id, dir, ret, !done);
}

static struct file *pathmon_fd_file(unsigned long fd)
{
	if (fd > INT_MAX)
		return NULL;
	return files_lookup_fd_raw(current->files, fd);
}

static void notrace pathmon_sys_exit(void *data, struct pt_regs *regs,
				     long ret)
{
	const struct pathmon_sysinfo *si;
	const struct pathmon_table *table;
	struct pathmon_match in, out;
	unsigned long args[6];
	long nr;

	nr = syscall_get_nr(current, regs);
	if ((unsigned long)nr >= ARRAY_SIZE(pathmon_sysinfo))
		return;
	si = &pathmon_sysinfo[nr];
	if (si->kind == PATHMON_NONE || in_compat_syscall() ||
	    (current->flags & PF_KTHREAD) || !current->files)
		return;

	rcu_read_lock();
	table = rcu_dereference(pathmon_table);
	if (!table || !table->count)
		goto out;
	syscall_get_arguments(current, regs, args);

	switch (si->kind) {
	case PATHMON_FD:
		pathmon_account(table, pathmon_fd_file(args[0]), si->id,
				PATHMON_CALL, ret, &in, NULL);
		break;
	case PATHMON_READ:
		pathmon_account(table, pathmon_fd_file(args[0]), si->id,
				PATHMON_IN, ret, &in, NULL);
		break;
	case PATHMON_WRITE:
		pathmon_account(table, pathmon_fd_file(args[0]), si->id,
				PATHMON_OUT, ret, &in, NULL);
		break;
	case PATHMON_OPEN:
		if (ret >= 0)
			pathmon_account(table, pathmon_fd_file(ret), si->id,
					PATHMON_CALL, ret, &in, NULL);
		break;
	case PATHMON_SENDFILE:
		pathmon_account(table, pathmon_fd_file(args[1]), si->id,
				PATHMON_IN, ret, &in, NULL);
		pathmon_account(table, pathmon_fd_file(args[0]), si->id,
				PATHMON_OUT, ret, &out, &in);
		break;
	case PATHMON_TRANSFER:
		pathmon_account(table, pathmon_fd_file(args[0]), si->id,
				PATHMON_IN, ret, &in, NULL);
		pathmon_account(table, pathmon_fd_file(args[2]), si->id,
				PATHMON_OUT, ret, &out, &in);
		break;
	case PATHMON_MMAP:
		if (!(args[3] & MAP_ANONYMOUS))
			pathmon_account(table, pathmon_fd_file(args[4]), si->id,
					PATHMON_CALL, 0, &in, NULL);
		break;
	}
out:
	rcu_read_unlock();
}

static void notrace pathmon_file_free(unsigned long ip, unsigned long pip,
				      struct ftrace_ops *ops,
				      struct ftrace_regs *fregs)
{
	pathmon_match_forget((struct file *)compat_ftrace_arg0(fregs));
}

static struct ftrace_ops pathmon_free_ops = {
	.func = pathmon_file_free,
};

static struct tracepoint *pathmon_sys_exit_tp;
static u32 pathmon_probes;

static void pathmon_find_tracepoint(struct tracepoint *tp, void *unused)
{
	if (!strcmp(tp->name, "sys_exit"))
		pathmon_sys_exit_tp = tp;
}

/**
 * pathmon_probe_attach - start counting
 *
 * Call with no probe attached; the match cache starts empty.
 *
 * Return: 0 or a negative errno, with nothing attached.
 */
int pathmon_probe_attach(void)
{
	static const char free_fn[] = "security_file_free";
	int err;

	pathmon_match_reset();
	err = ftrace_set_filter(&pathmon_free_ops, (unsigned char *)free_fn,
				strlen(free_fn), 1);
	if (err)
		return err;
	err = register_ftrace_function(&pathmon_free_ops);
	if (err)
		return err;
	err = tracepoint_probe_register(pathmon_sys_exit_tp, pathmon_sys_exit,
					NULL);
	if (err) {
		unregister_ftrace_function(&pathmon_free_ops);
		return err;
	}
	pathmon_probes = 2;
	return 0;
}

/**
 * pathmon_probe_detach - stop counting
 *
 * Returns when no hook runs any more.
 */
void pathmon_probe_detach(void)
{
	tracepoint_probe_unregister(pathmon_sys_exit_tp, pathmon_sys_exit,
				    NULL);
	tracepoint_synchronize_unregister();
	unregister_ftrace_function(&pathmon_free_ops);
	pathmon_probes = 0;
}

/**
 * pathmon_probe_count - number of hooks attached
 *
 * Return: 0 when nothing is attached.
 */
u32 pathmon_probe_count(void)
{
	return pathmon_probes;
}

/**
 * pathmon_probe_init - find the tracepoint the probes attach to
 *
 * Return: 0, or -ENOENT if the kernel lacks raw_syscalls:sys_exit.
 */
int pathmon_probe_init(void)
{
	for_each_kernel_tracepoint(pathmon_find_tracepoint, NULL);
	return pathmon_sys_exit_tp ? 0 : -ENOENT;
}
