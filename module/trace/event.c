// SPDX-License-Identifier: GPL-2.0
/*
 * trace: events, see event.h.
 *
 * An event is encoded in its CPU's scratch buffer, under a local lock
 * (preemption disabled, or on PREEMPT_RT migration disabled and the lock
 * taken): the task stays on the CPU whose rings it writes, and the path
 * and cgroup names it reads take locks that sleep on PREEMPT_RT, as the
 * hooks' context allows.  No allocation: the buffers are made at init.
 */

#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs_struct.h>
#include <linux/limits.h>
#include <linux/local_lock.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "attribution/cache.h"
#include "compat.h"
#include "event.h"
#include "proto.h"
#include "session.h"

/* Field numbers of message Context in pathstats_trace.proto. */
enum pstrace_context_field {
	PSTRACE_FIELD_TIME_NS = 1,
	PSTRACE_FIELD_TID,
	PSTRACE_FIELD_PID,
	PSTRACE_FIELD_PPID,
	PSTRACE_FIELD_UID,
	PSTRACE_FIELD_GID,
	PSTRACE_FIELD_CGROUP_ID,
	PSTRACE_FIELD_CGROUP,
	PSTRACE_FIELD_CONTAINER_ID,
	PSTRACE_FIELD_PROCESS_NAME,
	PSTRACE_FIELD_CWD,
	PSTRACE_FIELD_EXE,
};

/* Every point's message has its Context as field 1. */
#define PSTRACE_FIELD_CONTEXT	1

/*
 * @lock: keeps the task on the CPU and others off the buffers
 * @msg: PATHSTATS_TRACE_MESSAGE_MAX bytes: the message being encoded
 * @path: PATH_MAX bytes: a name, before it is copied into @msg
 */
struct pstrace_scratch {
	local_lock_t lock;
	u8 *msg;
	char *path;
};

static DEFINE_PER_CPU(struct pstrace_scratch, pstrace_scratch) = {
	.lock = INIT_LOCAL_LOCK(lock),
};

/* A path as the task sees it, from its root; "" for none. */
static void pstrace_context_path(struct pstrace_proto *pb, u32 field,
				 const struct path *path, char *buf)
{
	const char *name = path->dentry ? d_path(path, buf, PATH_MAX) : NULL;

	if (IS_ERR_OR_NULL(name))
		name = "";
	pstrace_proto_bytes(pb, field, name, strlen(name));
}

/**
 * pstrace_event_path - encode a path's name as the task sees it
 * @pb: the message being encoded
 * @field: the field's number
 * @path: the path; "" for an unreachable one
 *
 * Call from a point's fields function, under pstrace_event_fire()'s
 * lock: the name goes through this CPU's scratch buffer.
 */
void pstrace_event_path(struct pstrace_proto *pb, u32 field,
			const struct path *path)
{
	pstrace_context_path(pb, field, path,
			     this_cpu_ptr(&pstrace_scratch)->path);
}

static void pstrace_context_cwd(struct pstrace_proto *pb, char *buf)
{
	struct fs_struct *fs = current->fs;
	struct path pwd = {};

	rcu_read_lock();
	if (fs)
		pathstats_fs_pwd_rcu(fs, &pwd);
	pstrace_context_path(pb, PSTRACE_FIELD_CWD, &pwd, buf);
	rcu_read_unlock();
}

static void pstrace_context_exe(struct pstrace_proto *pb, char *buf)
{
	struct mm_struct *mm = current->mm;
	struct path none = {};
	struct file *exe;

	rcu_read_lock();
	exe = mm ? get_file_rcu(&mm->exe_file) : NULL;
	rcu_read_unlock();

	pstrace_context_path(pb, PSTRACE_FIELD_EXE, exe ? &exe->f_path : &none,
			     buf);
	if (exe)
		fput(exe);
}

/* The cgroup v2's id and path; 0 and "" without cgroups. */
static void pstrace_context_cgroup(struct pstrace_proto *pb, char *buf)
{
	u64 id = 0;
	int len = 0;
#ifdef CONFIG_CGROUPS
	struct cgroup *cgrp;

	rcu_read_lock();
	cgrp = task_dfl_cgroup(current);
	id = cgroup_id(cgrp);
	len = cgroup_path(cgrp, buf, PATH_MAX);
	rcu_read_unlock();
	if (len < 0 || len >= PATH_MAX)
		len = 0;
#endif
	pstrace_proto_uint(pb, PSTRACE_FIELD_CGROUP_ID, id);
	pstrace_proto_bytes(pb, PSTRACE_FIELD_CGROUP, buf, len);
}

/* The context fields @mask asks for, as message Context. */
static void pstrace_context_encode(struct pstrace_proto *pb, u32 mask,
				   struct pstrace_scratch *scratch)
{
	struct task_struct *task = current;
	char comm[TASK_COMM_LEN];
	u32 ppid;

	if (mask & BIT(PATHSTATS_TRACE_CTX_TIME))
		pstrace_proto_uint(pb, PSTRACE_FIELD_TIME_NS, ktime_get_real_ns());
	if (mask & BIT(PATHSTATS_TRACE_CTX_TID))
		pstrace_proto_uint(pb, PSTRACE_FIELD_TID, task_pid_nr(task));
	if (mask & BIT(PATHSTATS_TRACE_CTX_PID))
		pstrace_proto_uint(pb, PSTRACE_FIELD_PID, task_tgid_nr(task));
	if (mask & BIT(PATHSTATS_TRACE_CTX_PPID)) {
		rcu_read_lock();
		ppid = task_tgid_nr(rcu_dereference(task->real_parent));
		rcu_read_unlock();
		pstrace_proto_uint(pb, PSTRACE_FIELD_PPID, ppid);
	}
	if (mask & BIT(PATHSTATS_TRACE_CTX_UID))
		pstrace_proto_uint(pb, PSTRACE_FIELD_UID,
				   from_kuid_munged(&init_user_ns, current_uid()));
	if (mask & BIT(PATHSTATS_TRACE_CTX_GID))
		pstrace_proto_uint(pb, PSTRACE_FIELD_GID,
				   from_kgid_munged(&init_user_ns, current_gid()));
	if (mask & BIT(PATHSTATS_TRACE_CTX_CGROUP))
		pstrace_context_cgroup(pb, scratch->path);
	if (mask & BIT(PATHSTATS_TRACE_CTX_CONTAINER_ID)) {
		char id[PATHSTATS_CONTAINER_ID_LEN];

		attribution_cache_container_id(id);
		pstrace_proto_bytes(pb, PSTRACE_FIELD_CONTAINER_ID, id,
				    strnlen(id, sizeof(id)));
	}
	if (mask & BIT(PATHSTATS_TRACE_CTX_PROCESS_NAME)) {
		/* Racing prctl(PR_SET_NAME), as the kernel's own readers. */
		memcpy(comm, task->comm, sizeof(comm));
		comm[sizeof(comm) - 1] = '\0';
		pstrace_proto_bytes(pb, PSTRACE_FIELD_PROCESS_NAME, comm,
				    strlen(comm));
	}
	if (mask & BIT(PATHSTATS_TRACE_CTX_CWD))
		pstrace_context_cwd(pb, scratch->path);
	if (mask & BIT(PATHSTATS_TRACE_CTX_EXE))
		pstrace_context_exe(pb, scratch->path);
}

/* Encodes the event for @session into @scratch; 0 if it did not fit. */
static u32 pstrace_event_encode(struct pstrace_session *session, u32 point,
				pstrace_event_fields_fn fields, const void *arg,
			      struct pstrace_scratch *scratch)
{
	struct pathstats_trace_header *hdr = (void *)scratch->msg;
	struct pstrace_proto pb = {
		.pos = scratch->msg + sizeof(*hdr),
		.end = scratch->msg + PATHSTATS_TRACE_MESSAGE_MAX,
	};
	u32 mask = session->context[point];
	u8 *start;

	if (mask) {
		start = pstrace_proto_begin(&pb, PSTRACE_FIELD_CONTEXT);
		pstrace_context_encode(&pb, mask, scratch);
		pstrace_proto_end(&pb, start);
	}
	fields(&pb, arg, session->optional[point]);
	/* The bound holds every field at its largest: a bug, counted. */
	if (pb.overflow)
		return 0;
	hdr->size = pb.pos - scratch->msg;
	hdr->type = point;
	hdr->flags = 0;
	hdr->dropped = 0;
	return hdr->size;
}

/**
 * pstrace_event_fire - a point fired: its event to every session enabling it
 * @point: enum pathstats_trace_point
 * @fields: encodes the point's own fields
 * @arg: for @fields
 *
 * Call in task context, preemptible (the hooks' wrappers).
 */
void pstrace_event_fire(u32 point, pstrace_event_fields_fn fields,
			const void *arg)
{
	struct pstrace_scratch *scratch;
	struct pstrace_session *session;
	unsigned int i;
	u32 size;

	local_lock(&pstrace_scratch.lock);
	scratch = this_cpu_ptr(&pstrace_scratch);
	rcu_read_lock();
	list_for_each_entry_rcu(session, &pstrace_sessions, node) {
		if (!(session->points & BIT_ULL(point)))
			continue;
		size = pstrace_event_encode(session, point, fields, arg,
					    scratch);
		for (i = 0; i < session->sink_count; i++)
			pstrace_sink_deliver(&session->sinks[i], scratch->msg,
					     size);
	}
	rcu_read_unlock();
	local_unlock(&pstrace_scratch.lock);
}

/**
 * pstrace_event_drop - a point fired, but its event cannot be made
 * @point: enum pathstats_trace_point
 *
 * Counts a drop in every sink of every session enabling @point, which
 * the next message it delivers carries.  Any context.
 */
void pstrace_event_drop(u32 point)
{
	struct pstrace_session *session;
	unsigned int i;

	rcu_read_lock();
	list_for_each_entry_rcu(session, &pstrace_sessions, node)
		if (session->points & BIT_ULL(point))
			for (i = 0; i < session->sink_count; i++)
				pstrace_sink_deliver(&session->sinks[i], NULL,
						     0);
	rcu_read_unlock();
}

/**
 * pstrace_event_init - allocate every CPU's scratch buffers
 *
 * Return: 0 or -ENOMEM, with nothing allocated.
 */
int pstrace_event_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct pstrace_scratch *scratch = per_cpu_ptr(&pstrace_scratch, cpu);

		scratch->msg = vmalloc_node(PATHSTATS_TRACE_MESSAGE_MAX,
					    cpu_to_node(cpu));
		scratch->path = kmalloc_node(PATH_MAX, GFP_KERNEL,
					     cpu_to_node(cpu));
		if (!scratch->msg || !scratch->path) {
			pstrace_event_exit();
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * pstrace_event_exit - free the scratch buffers; no point fires any more
 */
void pstrace_event_exit(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct pstrace_scratch *scratch = per_cpu_ptr(&pstrace_scratch, cpu);

		vfree(scratch->msg);
		kfree(scratch->path);
		scratch->msg = NULL;
		scratch->path = NULL;
	}
}
