// SPDX-License-Identifier: GPL-2.0
/*
 * pathmon's hooks.  See Documentation/design/pathmon-probes.rst for why
 * these and not others: a detour (syscall.c) at the entry of each
 * fd-based syscall function sends the calls on files not known as
 * unmonitored into a wrapper, which sees the syscall's arguments and
 * return value, and counts calls and transferred bytes without a return
 * probe; one ftrace_ops on security_file_free keeps the per-file match
 * cache honest.  Syscalls that name a path, and close(2), whose fd is gone
 * once it returns, are counted by ftrace_ops entry hooks on the functions
 * they reach with a struct path or file, registered only while a prefix
 * counts one of them.
 *
 * The hot path: a table lookup by syscall number rejects the syscalls
 * pathmon does not count; then the fd's file, its cached match, and
 * per-cpu increments.  No lock, no atomic, no allocation.  A file's name
 * is resolved at its first event, where the hook may do so (pathname.c);
 * where it may not, the task counts the event on its way out (defer.c).
 */

#include <linux/compat.h>
#include <linux/fdtable.h>
#include <linux/ftrace.h>
#include <linux/mman.h>
#include <linux/nospec.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <asm/unistd.h>

#include "attribution/lookup.h"
#include "compat.h"
#include "detour.h"
#include "fault.h"
#include "fileref.h"
#include "pathname.h"
#include "self.h"
#include "trace/event.h"
#include "trace/file.h"

#include "defer.h"
#include "match.h"
#include "pathmon.h"
#include "probe.h"
#include "syscall.h"

/* What a syscall does with its file descriptors, as pathmon counts it. */
enum pathmon_kind {
	PATHMON_NONE,
	PATHMON_FD,		/* a call on fd arg0 */
	PATHMON_READ,		/* reads ret bytes from fd arg0 */
	PATHMON_WRITE,		/* writes ret bytes to fd arg0 */
	PATHMON_ONE_FILE = PATHMON_WRITE,	/* the last of those on fd arg0 */
	PATHMON_OPEN,		/* returns a new fd */
	PATHMON_SENDFILE,	/* reads fd arg1, writes fd arg0 */
	PATHMON_TRANSFER,	/* reads fd arg0, writes fd arg2 */
	PATHMON_MMAP,		/* maps fd arg4 unless anonymous */
	PATHMON_PATH,		/* counted by a path hook, not at exit */
};

struct pathmon_sysinfo {
	u8 kind;
	u8 id;			/* enum pathstats_syscall */
};

#define PATHMON_SYS(_nr, _kind, _id)					\
	[__NR_##_nr] = { PATHMON_##_kind, PATHSTATS_SYS_##_id }

/*
 * x86_64 syscall numbers, as pathmon_syscall_nr() reads them; 32-bit
 * syscalls are not counted.
 */
static const struct pathmon_sysinfo pathmon_sysinfo[PATHMON_SYS_NR_MAX] = {
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
	PATHMON_SYS(close, PATH, CLOSE),
	PATHMON_SYS(stat, PATH, STAT),
	PATHMON_SYS(lstat, PATH, LSTAT),
	PATHMON_SYS(newfstatat, PATH, NEWFSTATAT),
	PATHMON_SYS(statx, PATH, STATX),
	PATHMON_SYS(truncate, PATH, TRUNCATE),
	PATHMON_SYS(unlink, PATH, UNLINK),
	PATHMON_SYS(unlinkat, PATH, UNLINKAT),
	PATHMON_SYS(rmdir, PATH, RMDIR),
	PATHMON_SYS(mkdir, PATH, MKDIR),
	PATHMON_SYS(mkdirat, PATH, MKDIRAT),
	PATHMON_SYS(rename, PATH, RENAME),
	PATHMON_SYS(renameat, PATH, RENAMEAT),
	PATHMON_SYS(renameat2, PATH, RENAMEAT2),
};

/* A call on one file, fd arg0: FD, READ or WRITE, in one comparison. */
static __always_inline bool pathmon_one_file(const struct pathmon_sysinfo *si)
{
	return (u8)(si->kind - PATHMON_FD) <= PATHMON_ONE_FILE - PATHMON_FD;
}

/* Inline: every counted call comes here, once per prefix. */
static __always_inline void pathmon_count(const struct pathmon_entry *e,
					  unsigned int id,
					  enum pathmon_dir dir, long ret,
					  bool call)
{
	struct pathmon_counters __percpu *c = e->prefix->counters;

	if (!attribution_slot_passes(&e->groups))
		return;
	if (unlikely(e->groups.groups))
		c = attribution_counters(e->groups.groups);

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

/*
 * What the first file or path of a two-file call counted: the prefixes
 * @match lists, or, when more cover it than a match lists, every prefix
 * covering @path, whose name pathmon_count_match() puts in @name.
 */
struct pathmon_done {
	const struct pathmon_match *match;
	const struct path *path;
	const char *name;
	size_t len;
};

/* Whether prefix @idx counted the call for @done's file already. */
static bool pathmon_counted(const struct pathmon_table *table,
			    const struct pathmon_done *done, u32 idx)
{
	unsigned int i;

	if (!done)
		return false;
	if (done->match->count > PATHMON_MATCH_MAX)
		return done->name &&
		       pathmon_prefix_covers(table->entries[idx].prefix,
					     done->name, done->len);
	for (i = 0; i < done->match->count; i++)
		if (done->match->idx[i] == idx)
			return true;
	return false;
}

/*
 * Counts one event for every prefix of @match, the match of @path.  @done,
 * for the second file or path of a transfer or rename, is what the first
 * counted: one call counts once per prefix.
 */
static void pathmon_count_match(const struct pathmon_table *table,
				const struct path *path,
				const struct pathmon_match *match,
				unsigned int id, enum pathmon_dir dir, long ret,
				struct pathmon_done *done)
{
	const char *name;
	size_t len;
	u32 i, idx;

	if (done && done->match->count > PATHMON_MATCH_MAX)
		done->name = pathstats_pathname(done->path,
						PATHSTATS_PATHNAME_OTHER,
						&done->len);

	if (match->count <= PATHMON_MATCH_MAX) {
		for (i = 0; i < match->count; i++) {
			idx = match->idx[i];
			pathmon_count(&table->entries[idx], id, dir, ret,
				      !pathmon_counted(table, done, idx));
		}
		return;
	}

	/* Under more prefixes than a match lists: compare each, slowly. */
	name = pathstats_pathname(path, PATHSTATS_PATHNAME_THIS, &len);
	for (i = 0; name && i < table->count; i++)
		if (pathmon_prefix_covers(table->entries[i].prefix, name, len))
			pathmon_count(&table->entries[i], id, dir, ret,
				      !pathmon_counted(table, done, i));
}

/*
 * Counts @ev for the prefixes its files are under.  Where names cannot be
 * resolved, only if the match cache knows every file: otherwise nothing
 * is counted and false returned.
 */
static bool pathmon_count_event(const struct pathmon_table *table,
				const struct pathmon_event *ev)
{
	struct pathmon_match match[ARRAY_SIZE(ev->file)];
	struct pathmon_done done = { .match = &match[0] };
	bool names = pathstats_pathname_begin();
	u32 gen = table->generation;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ev->file); i++) {
		match[i].count = 0;
		if (!ev->file[i])
			continue;
		if (names)
			pathmon_match_file(ev->file[i], table, &match[i]);
		else if (!pathmon_match_cached(ev->file[i], gen, &match[i]))
			return false;
	}
	if (ev->file[0])
		pathmon_count_match(table, &ev->file[0]->f_path, &match[0],
				    ev->id, ev->transfer ? PATHMON_IN : ev->dir,
				    ev->ret, NULL);
	if (ev->file[1]) {
		done.path = ev->file[0] ? &ev->file[0]->f_path : NULL;
		pathmon_count_match(table, &ev->file[1]->f_path, &match[1],
				    ev->id, PATHMON_OUT, ev->ret, &done);
	}
	if (names)
		pathstats_pathname_end();
	return true;
}

/* Counts @ev now, or has the task count it where names can be resolved. */
static void pathmon_count_or_defer(const struct pathmon_table *table,
				   const struct pathmon_event *ev)
{
	if (!pathmon_count_event(table, ev) && !pathmon_defer(ev))
		this_cpu_inc(pathstats_self_events.unresolved_path_events);
}

/**
 * pathmon_probe_count_deferred - count an event pathmon_defer() queued
 * @ev: the event
 *
 * Call from the task, where it may sleep: with the table published now.
 */
void pathmon_probe_count_deferred(const struct pathmon_event *ev)
{
	const struct pathmon_table *table;

	rcu_read_lock();
	table = rcu_dereference(pathmon_table);
	if (table && !pathmon_count_event(table, ev))
		this_cpu_inc(pathstats_self_events.unresolved_path_events);
	rcu_read_unlock();
}

/* Every syscall takes its fds as unsigned int, whatever its prototype. */
static struct file *pathmon_fd_file(unsigned long fd)
{
	return files_lookup_fd_raw(current->files, (unsigned int)fd);
}

static enum pathmon_dir pathmon_sys_dir(const struct pathmon_sysinfo *si)
{
	if (si->kind == PATHMON_READ)
		return PATHMON_IN;
	if (si->kind == PATHMON_WRITE)
		return PATHMON_OUT;
	return PATHMON_CALL;
}

/*
 * Counts a one-file syscall on @file from its cache slot, which names the
 * file by its address only, as the inline reject does: nothing of the
 * file is read, so the file need not be held.
 *
 * Return: false if the cache does not know the file.
 */
static noinline bool notrace
pathmon_count_cached_match(const struct pathmon_table *table,
			   const struct file *file,
			   const struct pathmon_sysinfo *si, long ret)
{
	struct pathmon_match match;
	unsigned int i;

	if (!pathmon_match_cached(file, table->generation, &match))
		return false;
	for (i = 0; i < match.count; i++)
		pathmon_count(&table->entries[match.idx[i]], si->id,
			      pathmon_sys_dir(si), ret, true);
	return true;
}

/* pathmon_count_cached_match(), inline for a file under one prefix. */
static __always_inline bool
pathmon_count_cached(const struct pathmon_table *table,
		     const struct file *file,
		     const struct pathmon_sysinfo *si, long ret)
{
	u32 idx;

	if (pathmon_match_cached_single(file, table->generation, &idx)) {
		pathmon_count(&table->entries[idx], si->id,
			      pathmon_sys_dir(si), ret, true);
		return true;
	}
	return pathmon_count_cached_match(table, file, si, ret);
}

/*
 * A one-file syscall on a file the cache does not know as unmatched.
 * Reading the file needs a reference, or another thread could close and
 * free it meanwhile.
 */
static noinline void notrace
pathmon_return_file(const struct pathmon_table *table, struct file *file,
		    unsigned long fd, const struct pathmon_sysinfo *si,
		    long ret)
{
	struct pathmon_event ev = {
		.ret = ret, .id = si->id, .dir = pathmon_sys_dir(si),
	};
	struct pathstats_fileref ref;

	if (pathmon_count_cached(table, file, si, ret))
		return;
	ev.file[0] = pathstats_fileref_get(&ref, fd);
	if (ev.file[0])
		pathmon_count_or_defer(table, &ev);
	pathstats_fileref_put(&ref);
}

/*
 * The x86_64 syscall arguments pathmon reads: the fd-based calls' first,
 * a transfer's other fd (sendfile's second, splice's and
 * copy_file_range's third), mmap's flags (fourth) and fd (fifth).
 */
#define PATHMON_ARG0(regs)	((regs)->di)
#define PATHMON_ARG1(regs)	((regs)->si)
#define PATHMON_ARG2(regs)	((regs)->dx)
#define PATHMON_ARG3(regs)	((regs)->r10)
#define PATHMON_ARG4(regs)	((regs)->r8)

/* The syscalls on two files, and mmap; each file held while used. */
static noinline void notrace
pathmon_return_other(const struct pathmon_table *table,
		     const struct pt_regs *regs, long ret,
		     const struct pathmon_sysinfo *si)
{
	struct pathmon_event ev = { .ret = ret, .id = si->id };
	struct pathstats_fileref rin, rout;
	unsigned long in_fd, out_fd;

	switch (si->kind) {
	case PATHMON_SENDFILE:
	case PATHMON_TRANSFER:
		in_fd = si->kind == PATHMON_SENDFILE ? PATHMON_ARG1(regs) :
						       PATHMON_ARG0(regs);
		out_fd = si->kind == PATHMON_SENDFILE ? PATHMON_ARG0(regs) :
							PATHMON_ARG2(regs);
		ev.transfer = true;
		ev.file[0] = pathstats_fileref_get(&rin, in_fd);
		ev.file[1] = pathstats_fileref_get(&rout, out_fd);
		if (ev.file[0] || ev.file[1])
			pathmon_count_or_defer(table, &ev);
		pathstats_fileref_put(&rout);
		pathstats_fileref_put(&rin);
		break;
	case PATHMON_MMAP:
		if (PATHMON_ARG3(regs) & MAP_ANONYMOUS)
			break;
		ev.ret = 0;
		ev.file[0] = pathstats_fileref_get(&rin, PATHMON_ARG4(regs));
		if (ev.file[0])
			pathmon_count_or_defer(table, &ev);
		pathstats_fileref_put(&rin);
		break;
	default:
		break;
	}
}

/*
 * The number the syscall table was indexed with: entry_SYSCALL_64 takes
 * the low 32 bits of %rax and keeps all 64 in orig_ax, so a task may set
 * the upper ones without changing the call, and must not hide it from
 * the counters that way.  Only the x86_64 table calls the hooked
 * functions with a number below PATHMON_SYS_NR_MAX: ia32's has its own
 * functions, and x32's numbers carry __X32_SYSCALL_BIT, so they are not
 * counted (x32's readv and writev, 515 and 516, reach the x86_64 ones).
 */
static __always_inline u32 pathmon_syscall_nr(const struct pt_regs *regs)
{
	return (u32)regs->orig_ax;
}

/* The syscall numbers the trace sessions' file points need, on top. */
static DECLARE_BITMAP(pathmon_trace_nrs, PATHMON_SYS_NR_MAX);
/*
 * Those of them on a file descriptor whose point a session enables: the
 * only returns pathmon_trace_return() is called for, so that a session
 * costs the other calls one bit test.
 */
static DECLARE_BITMAP(pathmon_trace_fire_nrs, PATHMON_SYS_NR_MAX);

/*
 * Whether a prefix of @match (of the file or path named @name, which
 * may be NULL under at most PATHMON_MATCH_MAX prefixes) counts the
 * current task: the file points fire for the calls the counters count.
 */
static bool pathmon_match_passes(const struct pathmon_table *table,
				 const struct pathmon_match *match,
				 const char *name, size_t len)
{
	u32 i;

	if (match->count <= PATHMON_MATCH_MAX) {
		for (i = 0; i < match->count; i++)
			if (attribution_slot_passes(&table->entries[match->idx[i]].groups))
				return true;
		return false;
	}
	for (i = 0; name && i < table->count; i++)
		if (pathmon_prefix_covers(table->entries[i].prefix, name, len) &&
		    attribution_slot_passes(&table->entries[i].groups))
			return true;
	return false;
}

/*
 * Whether @file is under a prefix that counts the current task.  Call
 * with the name buffers taken (pathstats_pathname_begin()).
 */
static bool pathmon_trace_file_passes(const struct pathmon_table *table,
				      struct file *file)
{
	struct pathmon_match match;
	const char *name = NULL;
	size_t len = 0;

	if (!pathmon_match_cached(file, table->generation, &match))
		pathmon_match_file(file, table, &match);
	if (match.count > PATHMON_MATCH_MAX)
		name = pathstats_pathname(&file->f_path,
					  PATHSTATS_PATHNAME_THIS, &len);
	return pathmon_match_passes(table, &match, name, len);
}

/*
 * A call on a file descriptor returned, with a file point enabled: its
 * event, if the file is under a prefix.  In the wrapper, preemptible.
 */
static noinline void notrace pathmon_trace_return(const struct pt_regs *regs,
						  long ret)
{
	const struct pathmon_table *table;
	const struct pathmon_sysinfo *si;
	struct pathstats_fileref ref;
	u32 nr = pathmon_syscall_nr(regs), point;
	struct file *file;
	unsigned long fd;
	bool passes;

	if (nr >= PATHMON_SYS_NR_MAX)
		return;
	si = &pathmon_sysinfo[array_index_nospec(nr, PATHMON_SYS_NR_MAX)];
	if (!pathmon_one_file(si) && si->kind != PATHMON_OPEN)
		return;
	point = pstrace_file_point(si->id);
	if (!point || !pstrace_file_enabled(point))
		return;
	if ((si->kind == PATHMON_OPEN && ret < 0) ||
	    pstrace_event_interrupted(ret))
		return;
	fd = si->kind == PATHMON_OPEN ? ret : PATHMON_ARG0(regs);
	file = pathstats_fileref_get(&ref, fd);
	if (!file)
		goto out;
	rcu_read_lock();
	table = rcu_dereference(pathmon_table);
	if (table && table->count) {
		/* Preemptible: the names can be resolved. */
		if (WARN_ON_ONCE(!pathstats_pathname_begin())) {
			pstrace_file_drop(point);
		} else {
			passes = pathmon_trace_file_passes(table, file);
			pathstats_pathname_end();
			if (passes)
				pstrace_file_fire(point, si->id, ret, fd,
						  &file->f_path);
		}
	}
	rcu_read_unlock();
out:
	pathstats_fileref_put(&ref);
}

/*
 * The syscall @regs is in, if the table counts it.  A table without
 * prefixes counts nothing: it is the one published before the hooks are
 * detached, so wrappers still running then write nothing (probe_detach).
 */
static __always_inline const struct pathmon_sysinfo *
pathmon_counted_syscall(const struct pathmon_table *table,
			const struct pt_regs *regs)
{
	u32 nr = pathmon_syscall_nr(regs);

	if (!table || nr >= PATHMON_SYS_NR_MAX)
		return NULL;
	nr = array_index_nospec(nr, PATHMON_SYS_NR_MAX);
	if ((!test_bit(nr, table->exit_nrs) &&
	     !(table->count && test_bit(nr, pathmon_trace_nrs))) ||
	    !current->files)
		return NULL;
	return &pathmon_sysinfo[nr];
}

/* Whether @fd is no file, or one the cache knows as under no prefix. */
static __always_inline bool pathmon_fd_unmonitored(unsigned long fd,
						   u32 generation)
{
	/* Only the file's address is compared: no reference needed. */
	struct file *file = pathmon_fd_file(fd);

	return !file || pathmon_match_none(file, generation);
}

/*
 * Every call of a hooked syscall comes through here, and most files are
 * under no prefix: rejecting those is the whole cost of pathmon for them.
 * So the common cases are decided inline with a handful of loads (the
 * table, the syscall's kind, the fd's file, its cache slot) and
 * no call, no copy, no stack buffer.  What a file opens is unknown until
 * it returns: those calls always go to the wrapper.
 */
static __always_inline bool pathmon_diverts(const struct pt_regs *regs,
					    unsigned int nr,
					    struct file **entry_file)
{
	const struct pathmon_table *table = rcu_dereference_sched(pathmon_table);
	const struct pathmon_sysinfo *si = &pathmon_sysinfo[nr];
	u32 gen;

	/*
	 * The empty table published before the hooks are detached still
	 * diverts calls on files (the wrapper counts none): testing its
	 * count here would cost every rejected call a load.
	 */
	if (!table || !current->files)
		return false;
	gen = table->generation;
	/* Most calls, first. */
	if (pathmon_one_file(si)) {
		*entry_file = pathmon_fd_file(PATHMON_ARG0(regs));
		return *entry_file &&
		       !pathmon_match_none(*entry_file, gen);
	}
	switch (si->kind) {
	case PATHMON_SENDFILE:
		return !pathmon_fd_unmonitored(PATHMON_ARG0(regs), gen) ||
		       !pathmon_fd_unmonitored(PATHMON_ARG1(regs), gen);
	case PATHMON_TRANSFER:
		return !pathmon_fd_unmonitored(PATHMON_ARG0(regs), gen) ||
		       !pathmon_fd_unmonitored(PATHMON_ARG2(regs), gen);
	case PATHMON_MMAP:
		return !(PATHMON_ARG3(regs) & MAP_ANONYMOUS) &&
		       !pathmon_fd_unmonitored(PATHMON_ARG4(regs), gen);
	default:
		return true;
	}
}

/**
 * pathmon_probe_syscall_entry - the hook on the syscall functions
 * @ip: the function's ftrace site
 * @pip: its caller
 * @ops: the hook's ftrace_ops
 * @fregs: the function's registers: its argument is the task's pt_regs
 *
 * Diverts the call into its wrapper (syscall.c) unless its files are
 * known to be under no prefix, with the file of a one-file call for the
 * wrapper to count it by: the file the fd named when the call began (a
 * thread sharing the table may replace it before the syscall looks it
 * up, and then the call counts for the file it was made on).  A kernel
 * thread's call is not diverted: it would never run the task_work a clear
 * interrupts a wrapper with.
 */
void notrace pathmon_probe_syscall_entry(unsigned long ip, unsigned long pip,
					 struct ftrace_ops *ops,
					 struct ftrace_regs *fregs)
{
	const struct pt_regs *regs = (void *)ftrace_regs_get_argument(fregs, 0);
	u32 nr = pathmon_syscall_nr(regs);
	struct file *entry_file = NULL;
	void *wrapper;

	if (nr >= PATHMON_SYS_NR_MAX)
		return;
	/* The number is the caller's: no speculation past the tables. */
	nr = array_index_nospec(nr, PATHMON_SYS_NR_MAX);
	/* The table is freed after an RCU grace period. */
	preempt_disable_notrace();
	if (pathmon_diverts(regs, nr, &entry_file) &&
	    !(current->flags & PF_KTHREAD)) {
		wrapper = pathmon_syscall_wrappers[nr];
		/* A function not hooked for this number: cannot be. */
		if (!WARN_ON_ONCE(!wrapper)) {
			pathstats_ftrace_set_arg(fregs, 1,
						 (unsigned long)entry_file);
			pathstats_detour_divert(fregs, wrapper);
		}
	}
	preempt_enable_notrace();
}

/**
 * pathmon_probe_syscall_return - count a diverted syscall
 * @regs: the task's registers, with the syscall's number and arguments
 * @ret: what the syscall function returned
 * @entry_file: the file of a one-file call as the hook found it, or NULL;
 *	not held: only its address is used, as a key of the match cache
 *
 * Called by the wrappers, where they may sleep; the table may have
 * changed since the hook diverted the call, and is decided on again.
 * Names go to per-cpu buffers: preemption is off while counting.
 */
void notrace pathmon_probe_syscall_return(const struct pt_regs *regs,
					  long ret, struct file *entry_file)
{
	const struct pathmon_table *table;
	const struct pathmon_sysinfo *si;
	u32 nr = pathmon_syscall_nr(regs);
	struct file *file;
	unsigned long fd;

	preempt_disable_notrace();
	table = rcu_dereference_sched(pathmon_table);
	/*
	 * Most calls: on a file counted before, by the table it was matched
	 * for (any other, even without prefixes, has another generation).
	 */
	if (entry_file && table && nr < PATHMON_SYS_NR_MAX &&
	    pathmon_count_cached(table, entry_file,
				 &pathmon_sysinfo[array_index_nospec(nr,
								     PATHMON_SYS_NR_MAX)],
				 ret))
		goto out;
	si = pathmon_counted_syscall(table, regs);
	if (!si)
		goto out;
	switch (si->kind) {
	case PATHMON_FD:
	case PATHMON_READ:
	case PATHMON_WRITE:
		fd = PATHMON_ARG0(regs);
		break;
	case PATHMON_OPEN:
		if (ret < 0)
			goto out;
		fd = ret;
		break;
	default:
		pathmon_return_other(table, regs, ret, si);
		goto out;
	}
	file = pathmon_fd_file(fd);
	if (file && !pathmon_match_none(file, table->generation))
		pathmon_return_file(table, file, fd, si, ret);
out:
	preempt_enable_notrace();
	/* Without a session, one load; with one, a bit by syscall. */
	if (unlikely(READ_ONCE(pstrace_file_points)) &&
	    nr < PATHMON_SYS_NR_MAX &&
	    test_bit(array_index_nospec(nr, PATHMON_SYS_NR_MAX),
		     pathmon_trace_fire_nrs))
		pathmon_trace_return(regs, ret);
}

/**
 * pathmon_probe_trace_syscalls - what the trace sessions need counted
 * @syscalls: bitmap of (1 << enum pathstats_syscall) the file points fire
 *	for, hooked already
 */
void pathmon_probe_trace_syscalls(u64 syscalls)
{
	DECLARE_BITMAP(fire, PATHMON_SYS_NR_MAX);
	DECLARE_BITMAP(nrs, PATHMON_SYS_NR_MAX);
	const struct pathmon_sysinfo *si;
	unsigned int i;

	pathmon_probe_exit_nrs(syscalls, nrs);
	bitmap_zero(fire, PATHMON_SYS_NR_MAX);
	for (i = 0; i < ARRAY_SIZE(pathmon_sysinfo); i++) {
		si = &pathmon_sysinfo[i];
		if ((pathmon_one_file(si) || si->kind == PATHMON_OPEN) &&
		    syscalls & BIT_ULL(si->id))
			__set_bit(i, fire);
	}
	/* Word by word: the hooks read them as they change. */
	for (i = 0; i < BITS_TO_LONGS(PATHMON_SYS_NR_MAX); i++) {
		WRITE_ONCE(pathmon_trace_nrs[i], syscalls ? nrs[i] : 0);
		WRITE_ONCE(pathmon_trace_fire_nrs[i], fire[i]);
	}
}

/**
 * pathmon_probe_exit_nrs - the syscall numbers the detours count
 * @syscalls: union of the syscalls the prefixes count
 * @nrs: bitmap of PATHMON_SYS_NR_MAX bits, filled in
 *
 * Reads and writes always count (every prefix has their ops and bytes);
 * the other fd-based syscalls only when a prefix lists them.
 */
void pathmon_probe_exit_nrs(u64 syscalls, unsigned long *nrs)
{
	const struct pathmon_sysinfo *si;
	unsigned int nr;

	bitmap_zero(nrs, PATHMON_SYS_NR_MAX);
	for (nr = 0; nr < ARRAY_SIZE(pathmon_sysinfo); nr++) {
		si = &pathmon_sysinfo[nr];
		switch (si->kind) {
		case PATHMON_READ:
		case PATHMON_WRITE:
		case PATHMON_SENDFILE:
		case PATHMON_TRANSFER:
			__set_bit(nr, nrs);
			break;
		case PATHMON_FD:
		case PATHMON_OPEN:
		case PATHMON_MMAP:
			if (syscalls & BIT_ULL(si->id))
				__set_bit(nr, nrs);
			break;
		default:
			break;
		}
	}
}

/*
 * The syscall the current task is in, if it is one a path hook counts:
 * the hooked functions are reached by other syscalls too, and by exit,
 * which closes the files left open with the last syscall's number still
 * in the registers.
 */
static const struct pathmon_sysinfo *pathmon_path_syscall(void)
{
	const struct pathmon_sysinfo *si;
	u32 nr;

	if ((current->flags & (PF_KTHREAD | PF_EXITING)) ||
	    in_compat_syscall())
		return NULL;
	nr = pathmon_syscall_nr(task_pt_regs(current));
	if (nr >= ARRAY_SIZE(pathmon_sysinfo))
		return NULL;
	si = &pathmon_sysinfo[array_index_nospec(nr,
						 ARRAY_SIZE(pathmon_sysinfo))];
	return si->kind == PATHMON_PATH ? si : NULL;
}

/*
 * Counts a call on @path for every prefix covering it, except those in
 * @done (a rename's other path).  Paths are not files: nothing to cache.
 */
static void pathmon_count_path(const struct pathmon_table *table,
			       const struct path *path, unsigned int id,
			       struct pathmon_match *match,
			       struct pathmon_done *done)
{
	const char *name;
	size_t len;

	match->count = 0;
	name = pathstats_pathname(path, PATHSTATS_PATHNAME_THIS, &len);
	if (!name)
		return;
	pathmon_match_name(table, name, len, match);
	pathmon_count_match(table, path, match, id, PATHMON_CALL, 0, done);
}

/* Hooks on functions taking (dir path, dentry): unlink, rmdir, mkdir. */
static void pathmon_dentry_hook(const struct pathmon_table *table,
				struct ftrace_regs *fregs,
				const struct pathmon_sysinfo *si,
				struct path *path)
{
	struct pathmon_match match;
	const struct path *dir;

	dir = (const struct path *)ftrace_regs_get_argument(fregs, 0);
	path->mnt = dir->mnt;
	path->dentry = (struct dentry *)ftrace_regs_get_argument(fregs, 1);
	pathmon_count_path(table, path, si->id, &match, NULL);
}

/*
 * A call on @path (and rename's @new_path) under way, with its file
 * point enabled: the event waits for the result if a prefix covers
 * either.  With the name buffers taken.
 */
static void pathmon_trace_path(const struct pathmon_table *table, u32 point,
			       const struct pathmon_sysinfo *si,
			       const struct path *path,
			       const struct path *new_path)
{
	const char *name, *new_name = NULL;
	struct pathmon_match match;
	size_t len, new_len = 0;
	bool passes;

	name = pathstats_pathname(path, PATHSTATS_PATHNAME_THIS, &len);
	if (!name)
		return;
	pathmon_match_name(table, name, len, &match);
	passes = pathmon_match_passes(table, &match, name, len);
	if (new_path) {
		new_name = pathstats_pathname(new_path, PATHSTATS_PATHNAME_OTHER,
					      &new_len);
		if (!new_name) {
			pstrace_file_drop(point);
			return;
		}
		pathmon_match_name(table, new_name, new_len, &match);
		passes |= pathmon_match_passes(table, &match, new_name,
					       new_len);
	}
	if (passes)
		pstrace_file_defer(point, si->id, -1, name, len, new_name,
				   new_len);
}

/*
 * Whether the hook fires @point.  Not for an io_uring worker: its
 * registers are its creator's, so the syscall number names no call of
 * its own, and its result is not in them.
 */
static bool pathmon_traces(u32 point, const struct pathmon_table *table)
{
	return pstrace_file_enabled(point) && table->count &&
	       !(current->flags & PF_IO_WORKER);
}

/* close(2) of @file under way, with file/close enabled. */
static void pathmon_trace_close(const struct pathmon_table *table,
				struct file *file)
{
	unsigned int fd = PATHMON_ARG0(task_pt_regs(current));
	const char *name = NULL;
	size_t len = 0;

	if (!pathstats_pathname_begin()) {
		pstrace_file_drop(PATHSTATS_TRACE_FILE_CLOSE);
		return;
	}
	if (pathmon_trace_file_passes(table, file)) {
		if (pstrace_file_wants_path(PATHSTATS_TRACE_FILE_CLOSE))
			name = pathstats_pathname(&file->f_path,
						  PATHSTATS_PATHNAME_THIS,
						  &len);
		pstrace_file_defer(PATHSTATS_TRACE_FILE_CLOSE,
				   PATHSTATS_SYS_CLOSE, fd, name, len, NULL, 0);
	}
	pathstats_pathname_end();
}

/* Whether @ip is inside the function named @fn (ip in "fn+off/size"). */
static bool pathmon_ip_in(unsigned long ip, const char *fn)
{
	char sym[KSYM_SYMBOL_LEN];
	size_t len = strlen(fn);

	sprint_symbol(sym, ip);
	return !strncmp(sym, fn, len) && sym[len] == '+';
}

/*
 * The callers of security_inode_getattr() that are stat calls, not a
 * stacked filesystem's stat of its lower file.  Each call site once seen
 * is kept, so that most calls cost a comparison.
 */
static const char *const pathmon_stat_callers[] = PATHSTATS_STAT_CALLERS;

static unsigned long pathmon_stat_sites[ARRAY_SIZE(pathmon_stat_callers)];

static bool pathmon_stat_site(unsigned long pip)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pathmon_stat_sites); i++)
		if (pip == READ_ONCE(pathmon_stat_sites[i]))
			return true;
	for (i = 0; i < ARRAY_SIZE(pathmon_stat_callers); i++) {
		if (pathmon_ip_in(pip, pathmon_stat_callers[i])) {
			WRITE_ONCE(pathmon_stat_sites[i], pip);
			return true;
		}
	}
	return false;
}

static void notrace pathmon_hook(unsigned long ip, unsigned long pip,
				 struct ftrace_ops *ops,
				 struct ftrace_regs *fregs);

/**
 * struct pathmon_path_hook - an ftrace_ops entry hook for path syscalls
 * @fn: the hooked function
 * @syscalls: bitmap of the syscalls it counts
 * @point: the trace file point it fires
 * @ops: its ftrace_ops
 * @attached: whether @ops is registered
 */
struct pathmon_path_hook {
	const char *fn;
	u64 syscalls;
	u32 point;
	struct ftrace_ops ops;
	bool attached;
};

#define PATHMON_HOOK(_fn, _syscalls, _point)				\
	{ .fn = _fn, .syscalls = _syscalls,				\
	  .point = PATHSTATS_TRACE_FILE_##_point,			\
	  .ops.func = pathmon_hook, .ops.flags = FTRACE_OPS_FL_PERMANENT }

#define PS(x)	BIT_ULL(PATHSTATS_SYS_##x)

enum {
	PATHMON_HOOK_CLOSE,
	PATHMON_HOOK_GETATTR,
	PATHMON_HOOK_TRUNCATE,
	PATHMON_HOOK_UNLINK,
	PATHMON_HOOK_RMDIR,
	PATHMON_HOOK_MKDIR,
	PATHMON_HOOK_RENAME,
	PATHMON_HOOK_COUNT,
};

static struct pathmon_path_hook pathmon_hooks[PATHMON_HOOK_COUNT] = {
	[PATHMON_HOOK_CLOSE] = PATHMON_HOOK(PATHSTATS_CLOSE_FN, PS(CLOSE),
					    CLOSE),
	[PATHMON_HOOK_GETATTR] = PATHMON_HOOK("security_inode_getattr",
					      PS(STAT) | PS(LSTAT) |
					      PS(NEWFSTATAT) | PS(STATX), STAT),
	[PATHMON_HOOK_TRUNCATE] = PATHMON_HOOK("security_path_truncate",
					       PS(TRUNCATE), TRUNCATE),
	[PATHMON_HOOK_UNLINK] = PATHMON_HOOK("security_path_unlink",
					     PS(UNLINK) | PS(UNLINKAT), UNLINK),
	[PATHMON_HOOK_RMDIR] = PATHMON_HOOK("security_path_rmdir",
					    PS(RMDIR) | PS(UNLINKAT), RMDIR),
	[PATHMON_HOOK_MKDIR] = PATHMON_HOOK("security_path_mkdir",
					    PS(MKDIR) | PS(MKDIRAT), MKDIR),
	[PATHMON_HOOK_RENAME] = PATHMON_HOOK("security_path_rename",
					     PS(RENAME) | PS(RENAMEAT) |
					     PS(RENAMEAT2), RENAME),
};

/* @paths: filled in with the old path and the new */
static void pathmon_rename_hook(const struct pathmon_table *table,
				struct ftrace_regs *fregs,
				const struct pathmon_sysinfo *si,
				struct path *paths)
{
	const struct path *old_dir, *new_dir;
	struct pathmon_match old_match, new_match;
	struct pathmon_done done = { .match = &old_match, .path = &paths[0] };

	old_dir = (const struct path *)ftrace_regs_get_argument(fregs, 0);
	new_dir = (const struct path *)ftrace_regs_get_argument(fregs, 2);
	paths[0].mnt = old_dir->mnt;
	paths[0].dentry = (struct dentry *)ftrace_regs_get_argument(fregs, 1);
	paths[1].mnt = new_dir->mnt;
	paths[1].dentry = (struct dentry *)ftrace_regs_get_argument(fregs, 3);

	/* One call counts once per prefix, whichever of its paths matches. */
	pathmon_count_path(table, &paths[0], si->id, &old_match, NULL);
	pathmon_count_path(table, &paths[1], si->id, &new_match, &done);
}

static void notrace pathmon_hook(unsigned long ip, unsigned long pip,
				 struct ftrace_ops *ops,
				 struct ftrace_regs *fregs)
{
	struct pathmon_path_hook *hook = container_of(ops, typeof(*hook), ops);
	const struct pathmon_sysinfo *si = pathmon_path_syscall();
	struct pathmon_event ev = { .id = si ? si->id : 0 };
	const struct path *path, *new_path = NULL;
	const struct pathmon_table *table;
	struct pathmon_match match;
	struct path paths[2];
	bool trace;

	if (!si || !(hook->syscalls & BIT_ULL(si->id)))
		return;

	/*
	 * Mostly called as the hooked function's caller runs, preemptible:
	 * not if another tracer hooks the function too.
	 */
	rcu_read_lock();
	table = rcu_dereference(pathmon_table);
	if (!table)
		goto out;

	switch (hook - pathmon_hooks) {
	case PATHMON_HOOK_CLOSE:
		ev.file[0] = (void *)ftrace_regs_get_argument(fregs, 0);
		pathmon_count_or_defer(table, &ev);
		if (pathmon_traces(hook->point, table))
			pathmon_trace_close(table, ev.file[0]);
		goto out;
	case PATHMON_HOOK_GETATTR:
		/* Stacked filesystems stat their lower files: not a call. */
		if (!pathmon_stat_site(pip))
			goto out;
		break;
	default:
		break;
	}

	trace = pathmon_traces(hook->point, table);
	/* A path, unlike a file, cannot be held for the task to resolve. */
	if (!pathstats_pathname_begin()) {
		this_cpu_inc(pathstats_self_events.unresolved_path_events);
		if (trace)
			pstrace_file_drop(hook->point);
		goto out;
	}
	switch (hook - pathmon_hooks) {
	case PATHMON_HOOK_GETATTR:
	case PATHMON_HOOK_TRUNCATE:
		path = (void *)ftrace_regs_get_argument(fregs, 0);
		pathmon_count_path(table, path, si->id, &match, NULL);
		break;
	case PATHMON_HOOK_RENAME:
		pathmon_rename_hook(table, fregs, si, paths);
		path = &paths[0];
		new_path = &paths[1];
		break;
	default:
		pathmon_dentry_hook(table, fregs, si, &paths[0]);
		path = &paths[0];
		break;
	}
	if (trace)
		pathmon_trace_path(table, hook->point, si, path, new_path);
	pathstats_pathname_end();
out:
	rcu_read_unlock();
}

static void notrace pathmon_file_free(unsigned long ip, unsigned long pip,
				      struct ftrace_ops *ops,
				      struct ftrace_regs *fregs)
{
	pathmon_match_forget((struct file *)ftrace_regs_get_argument(fregs, 0));
}

/*
 * Every ftrace_ops of the module is permanent: sysctl kernel.ftrace_enabled=0
 * would stop some callbacks and not others, and without this one
 * a file allocated where a freed one was would inherit its cached match.
 * With them attached the sysctl fails with EBUSY; with it off, loads do.
 */
static struct ftrace_ops pathmon_free_ops = {
	.func = pathmon_file_free,
	.flags = FTRACE_OPS_FL_PERMANENT,
};

static u32 pathmon_probes;

/*
 * The ops are static and attached again on later loads: their filter is
 * replaced (reset) each time, and freed only at module exit, since
 * ftrace_free_filter() leaves the ops pointing at the freed hashes.
 */
static int pathmon_hook_attach(struct ftrace_ops *ops, const char *fn)
{
	int err;

	err = ftrace_set_filter(ops, (unsigned char *)fn, strlen(fn), 1);
	if (!err)
		err = pathstats_fault_load_step() ? -ENOMEM :
		      register_ftrace_function(ops);
	if (err)
		pr_err("cannot hook %s: %d\n", fn, err);
	return err;
}

static int pathmon_probe_attach(const unsigned long *nrs)
{
	int err;

	pathmon_match_reset();
	err = pathmon_hook_attach(&pathmon_free_ops, "security_file_free");
	if (err)
		return err;
	err = pathmon_syscall_attach(nrs);
	if (err) {
		unregister_ftrace_function(&pathmon_free_ops);
		return err;
	}
	pathmon_probes = 2;
	return 0;
}

/*
 * The published table has no prefixes: the wrappers that read an earlier
 * one are out of their counting after a grace period, and later ones
 * count nothing (pathmon_counted_syscall()).
 */
static void pathmon_probe_detach(void)
{
	pathmon_syscall_detach();
	synchronize_rcu();
	/* The cache is reset at the next attach: nobody may write it then. */
	pathmon_defer_drain();
	unregister_ftrace_function(&pathmon_free_ops);
	pathmon_probes = 0;
}

static void pathmon_hooks_detach(u64 keep)
{
	struct pathmon_path_hook *hook;

	for (hook = pathmon_hooks; hook < pathmon_hooks + PATHMON_HOOK_COUNT;
	     hook++) {
		if (!hook->attached || (hook->syscalls & keep))
			continue;
		/* Returns once no callback runs any more. */
		unregister_ftrace_function(&hook->ops);
		hook->attached = false;
		pathmon_probes--;
	}
}

/**
 * pathmon_probe_sync - attach the hooks a configuration needs
 * @count: number of prefixes; 0 detaches everything
 * @syscalls: union of the syscalls the prefixes count
 * @release: false before the new table is published: only attach;
 *	true after: only detach what is no longer needed
 *
 * Return: 0 or a negative errno; on failure before publishing, the hooks
 * attached by this call are detached again.
 */
int pathmon_probe_sync(u32 count, u64 syscalls, bool release)
{
	DECLARE_BITMAP(nrs, PATHMON_SYS_NR_MAX);
	struct pathmon_path_hook *hook;
	bool base_added = false;
	unsigned long added = 0;
	unsigned int i;
	int err;

	if (!count)
		syscalls = 0;
	pathmon_probe_exit_nrs(syscalls, nrs);
	if (release) {
		pathmon_hooks_detach(syscalls);
		if (!count && pathmon_probes)
			pathmon_probe_detach();
		else if (count)
			pathmon_syscall_trim(nrs);
		return 0;
	}
	if (count && !pathmon_probes) {
		err = pathmon_probe_attach(nrs);
		if (err)
			return err;
		base_added = true;
	} else if (count) {
		/* The wrapper counts no call the published table does not. */
		err = pathmon_syscall_attach(nrs);
		if (err)
			return err;
	}
	for (i = 0; i < PATHMON_HOOK_COUNT; i++) {
		hook = &pathmon_hooks[i];
		if (hook->attached || !(hook->syscalls & syscalls))
			continue;
		err = pathmon_hook_attach(&hook->ops, hook->fn);
		if (err)
			goto err_detach;
		hook->attached = true;
		added |= BIT(i);
		pathmon_probes++;
	}
	return 0;

err_detach:
	for (i = 0; i < PATHMON_HOOK_COUNT; i++) {
		hook = &pathmon_hooks[i];
		if (!(added & BIT(i)))
			continue;
		unregister_ftrace_function(&hook->ops);
		hook->attached = false;
		pathmon_probes--;
	}
	/* The published table may count through the base probes alone. */
	if (base_added)
		pathmon_probe_detach();
	return err;
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
 * pathmon_probe_exit - free the hooks' filters; nothing may be attached
 */
void pathmon_probe_exit(void)
{
	unsigned int i;

	pathmon_syscall_exit();
	ftrace_free_filter(&pathmon_free_ops);
	for (i = 0; i < PATHMON_HOOK_COUNT; i++)
		ftrace_free_filter(&pathmon_hooks[i].ops);
}

/**
 * pathmon_probe_init - find the syscall functions the detours hook
 *
 * Return: 0 or a negative errno.
 */
int pathmon_probe_init(void)
{
	return pathmon_syscall_init();
}
