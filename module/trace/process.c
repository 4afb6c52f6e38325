// SPDX-License-Identifier: GPL-2.0
/*
 * trace: the process points, see process.h.
 *
 * process/exec: begin_new_exec() is execve(2)'s point of no return.  Once
 * it returned 0 the new program has replaced the old one (its comm, mm and
 * exe are the task's): what fails after it kills the task, it does not
 * return to the old program.
 *
 * process/exit: do_exit() calls taskstats_exit() with the exit code set,
 * before the task lets go of its memory, files and working directory, so
 * every context field is still there; group_dead says that the process's
 * last thread is leaving.
 *
 * Both run in task context, preemptible, in wrappers that the hook on
 * the function diverts its calls to, as pathmon's syscall detours
 * (pathmon/syscall.c): each calls the function past its ftrace site
 * (pathstats_detour_resolve()).
 */

#include <linux/binfmts.h>
#include <linux/ftrace.h>
#include <linux/sched.h>
#include <linux/static_call.h>
#include <linux/string.h>
#include <uapi/linux/pathstats.h>

#include "detour.h"
#include "event.h"
#include "process.h"
#include "proto.h"

/* Field numbers of ProcessExec and ProcessExit in pathstats_trace.proto. */
#define PSTRACE_EXEC_FILENAME	2
#define PSTRACE_EXIT_STATUS	2
#define PSTRACE_EXIT_CODE		3
#define PSTRACE_EXIT_SIGNAL	4

static int pstrace_exec_unresolved(struct linux_binprm *bprm)
{
	return -EOPNOTSUPP;
}

static void pstrace_exit_unresolved(struct task_struct *tsk, int group_dead)
{
}

DEFINE_STATIC_CALL(pstrace_call_begin_new_exec, pstrace_exec_unresolved);
DEFINE_STATIC_CALL(pstrace_call_taskstats_exit, pstrace_exit_unresolved);

static void pstrace_exec_fields(struct pstrace_proto *pb, const void *arg,
				u32 optional)
{
	const struct linux_binprm *bprm = arg;

	/* execveat()'s "/dev/fd/N/" and a name of up to PATH_MAX: whole. */
	pstrace_proto_bytes(pb, PSTRACE_EXEC_FILENAME, bprm->filename,
			    strlen(bprm->filename));
}

static void pstrace_exit_fields(struct pstrace_proto *pb, const void *arg,
				u32 optional)
{
	u32 status = ((const struct task_struct *)arg)->exit_code;

	pstrace_proto_uint(pb, PSTRACE_EXIT_STATUS, status);
	pstrace_proto_uint(pb, PSTRACE_EXIT_CODE, (status >> 8) & 0xff);
	pstrace_proto_uint(pb, PSTRACE_EXIT_SIGNAL, status & 0x7f);
}

static int notrace pstrace_wrap_begin_new_exec(struct linux_binprm *bprm)
{
	unsigned long *detour = pathstats_detour_enter();
	int ret;

	ret = static_call(pstrace_call_begin_new_exec)(bprm);
	if (!ret)
		pstrace_event_fire(PATHSTATS_TRACE_PROCESS_EXEC,
				   pstrace_exec_fields, bprm);
	pathstats_detour_leave(detour);
	return ret;
}

static void notrace pstrace_wrap_taskstats_exit(struct task_struct *tsk,
						int group_dead)
{
	unsigned long *detour = pathstats_detour_enter();

	if (group_dead)
		pstrace_event_fire(PATHSTATS_TRACE_PROCESS_EXIT,
				   pstrace_exit_fields, tsk);
	static_call(pstrace_call_taskstats_exit)(tsk, group_dead);
	pathstats_detour_leave(detour);
}

/**
 * struct pstrace_process_fn - a hooked function
 * @point: the point its wrapper fires
 * @wrapper: its wrapper
 * @target: the function, as the wrapper calls it
 */
struct pstrace_process_fn {
	u32 point;
	void *wrapper;
	struct pathstats_detour_target target;
};

static struct pstrace_process_fn pstrace_process_fns[] __ro_after_init = {
	{
		.point = PATHSTATS_TRACE_PROCESS_EXEC,
		.wrapper = pstrace_wrap_begin_new_exec,
		.target = {
			.name = "begin_new_exec",
			.key = &STATIC_CALL_KEY(pstrace_call_begin_new_exec),
			.tramp = STATIC_CALL_TRAMP_ADDR(pstrace_call_begin_new_exec),
		},
	},
	{
		.point = PATHSTATS_TRACE_PROCESS_EXIT,
		.wrapper = pstrace_wrap_taskstats_exit,
		.target = {
			.name = "taskstats_exit",
			.key = &STATIC_CALL_KEY(pstrace_call_taskstats_exit),
			.tramp = STATIC_CALL_TRAMP_ADDR(pstrace_call_taskstats_exit),
		},
	},
};

static void notrace pstrace_process_hook(unsigned long ip,
					 unsigned long parent_ip,
				       struct ftrace_ops *ops,
				       struct ftrace_regs *fregs)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pstrace_process_fns); i++)
		if (ip == pstrace_process_fns[i].target.site)
			pathstats_detour_divert(fregs,
						pstrace_process_fns[i].wrapper);
}

/*
 * Permanent, without FTRACE_OPS_FL_RECURSION, as pathmon's syscall hook:
 * it is notrace and calls nothing traceable.
 */
static struct ftrace_ops pstrace_process_ops = {
	.func = pstrace_process_hook,
	.flags = FTRACE_OPS_FL_IPMODIFY | FTRACE_OPS_FL_PERMANENT,
};

/* The points whose function is in the hook's filter. */
static u64 pstrace_process_hooked;
/* Whether the functions were found: else no session gets the points. */
static bool pstrace_process_found;

static int pstrace_process_filter(u64 points, bool remove)
{
	unsigned long sites[ARRAY_SIZE(pstrace_process_fns)];
	unsigned int i, count = 0;

	for (i = 0; i < ARRAY_SIZE(pstrace_process_fns); i++)
		if (points & BIT_ULL(pstrace_process_fns[i].point))
			sites[count++] = pstrace_process_fns[i].target.site;
	return count ? ftrace_set_filter_ips(&pstrace_process_ops, sites, count,
					     remove, 0) : 0;
}

/**
 * pstrace_process_update - hook what the sessions' process points need
 * @points: bitmap of (1 << enum pathstats_trace_point) the sessions enable
 *
 * Call under the sessions' lock.
 *
 * Return: 0 or a negative errno; on failure nothing changed.
 */
int pstrace_process_update(u64 points)
{
	u64 mine = 0, added, removed;
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(pstrace_process_fns); i++)
		mine |= BIT_ULL(pstrace_process_fns[i].point);
	points &= mine;
	if (points && !pstrace_process_found)
		return -EOPNOTSUPP;
	added = points & ~pstrace_process_hooked;
	removed = pstrace_process_hooked & ~points;

	if (!points) {
		if (!pstrace_process_hooked)
			return 0;
		if (WARN_ON(unregister_ftrace_function(&pstrace_process_ops)))
			return -EBUSY;
		/* An empty filter hooks every function: never registered. */
		ftrace_set_filter_ips(&pstrace_process_ops, NULL, 0, 0, 1);
		pstrace_process_hooked = 0;
		pathstats_detour_release();
		return 0;
	}

	err = pstrace_process_filter(added, false);
	if (err)
		goto err;
	if (!pstrace_process_hooked) {
		pathstats_detour_hold();
		err = register_ftrace_function(&pstrace_process_ops);
		if (err) {
			pathstats_detour_release();
			ftrace_set_filter_ips(&pstrace_process_ops, NULL, 0, 0, 1);
			goto err;
		}
	}
	/* Only once the others are in: the filter is never empty. */
	pstrace_process_filter(removed, true);
	pstrace_process_hooked = points;
	return 0;

err:
	pr_err("cannot hook the process functions: %d\n", err);
	return err;
}

/**
 * pstrace_process_init - find the functions to hook
 *
 * A kernel without one (CONFIG_TASKSTATS off) serves the rest of the
 * module: the process points are refused, -EOPNOTSUPP.
 */
void pstrace_process_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pstrace_process_fns); i++)
		if (pathstats_detour_resolve(&pstrace_process_fns[i].target)) {
			pr_warn("no process trace points on this kernel\n");
			return;
		}
	pstrace_process_found = true;
}

/**
 * pstrace_process_exit - free the hook's filter; nothing may be hooked
 */
void pstrace_process_exit(void)
{
	ftrace_free_filter(&pstrace_process_ops);
}
