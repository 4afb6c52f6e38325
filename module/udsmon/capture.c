// SPDX-License-Identifier: GPL-2.0
/*
 * udsmon's capture.  It runs in the sending task once the send returned,
 * and copies from the buffers the send took its data from, whatever kind
 * the iterator is (user memory, iovec arrays, kernel pages): without
 * faulting, so that a capture never waits for memory; a page that is not
 * resident ends the copy, keeping what came before it.
 */

#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/minmax.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "attribution/cache.h"
#include "ring.h"
#include "udsmon.h"
#include "capture.h"

static u64 udsmon_cgroup_id(void)
{
#ifdef CONFIG_CGROUPS
	u64 id;

	rcu_read_lock();
	id = cgroup_id(task_dfl_cgroup(current));
	rcu_read_unlock();
	return id;
#else
	return 0;
#endif
}

/* One send in sample_every, counted over all of the socket's clients. */
static bool udsmon_sampled(const struct udsmon_entry *e)
{
	if (e->sample_every == 1)
		return true;
	return (atomic64_inc_return(&e->sock->sends) - 1) %
	       e->sample_every == 0;
}

/**
 * udsmon_capture - capture a send into the ring, or count it dropped
 * @ring: the loaded configuration's ring
 * @e: the monitored socket the send went to; it captures
 * @send: the send, by the current task; @send->data is advanced
 *
 * Captures one send in @e's sample_every, its first capture_bytes bytes.
 * Never sleeps.
 */
void udsmon_capture(struct udsmon_ring *ring, const struct udsmon_entry *e,
		    const struct udsmon_send *send)
{
	struct udsmon_counters __percpu *c = send->counters;
	struct pathstats_record *rec;
	size_t want, len;
	u64 seq;

	if (!udsmon_sampled(e))
		return;
	rec = udsmon_ring_reserve(ring, &seq);
	if (!rec) {
		this_cpu_inc(c->dropped_total);
		return;
	}
	want = min_t(size_t, send->sent, e->capture_bytes);
	pagefault_disable();
	len = copy_from_iter(rec->data, want, send->data);
	pagefault_enable();
	rec->version = PATHSTATS_RECORD_VERSION;
	rec->flags = len < want ? PATHSTATS_RECORD_TRUNCATED : 0;
	rec->seq = seq;
	rec->time_ns = ktime_get_real_ns();
	rec->pid = task_tgid_nr(current);
	rec->tid = task_pid_nr(current);
	rec->uid = from_kuid_munged(&init_user_ns, current_uid());
	rec->socket_type = send->type;
	rec->cgroup_id = udsmon_cgroup_id();
	rec->conn_id = send->conn_id;
	rec->msg_len = min_t(long, send->sent, U32_MAX);
	rec->cap_len = len;
	memcpy(rec->comm, current->comm, sizeof(rec->comm));
	rec->comm[sizeof(rec->comm) - 1] = '\0';
	memcpy(rec->socket, e->sock->label, sizeof(rec->socket));
	/* No lock held: on PREEMPT_RT, this one may sleep. */
	attribution_cache_container_id(rec->container_id);
	/* Padding too: the slot may hold an older record's bytes. */
	memset(rec->data + len, 0, ALIGN(len, 8) - len);
	this_cpu_inc(c->captured_total);
	udsmon_ring_commit(ring, rec, ALIGN(sizeof(*rec) + len, 8));
}
