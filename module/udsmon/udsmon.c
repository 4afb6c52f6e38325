// SPDX-License-Identifier: GPL-2.0
/*
 * udsmon: the unix sockets of the loaded configuration, their per-cpu
 * counters and their statsfs sources.
 *
 * As in pathmon, a load builds a complete new state (a table for the
 * probe, a "uds" statsfs source with a subordinate per socket) beside the
 * old one and swaps it in; a socket that stays keeps its counters.  The
 * control device prepares this state before pathmon applies its part and
 * commits it after, so that a configuration takes effect whole or not at
 * all.
 */

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/statsfs.h>
#include <linux/string.h>
#include <linux/wait.h>

#include "attribution/group.h"
#include "config.h"
#include "fault.h"

#include "probe.h"
#include "ring.h"
#include "udsmon.h"

struct udsmon_table __rcu *udsmon_table;

static DEFINE_MUTEX(udsmon_lock);
/* A trace session enables uds/connect: its hooks go with a table's. */
static bool udsmon_trace_connect;
static struct statsfs_source *udsmon_root;
/* udsmon_root is in the statsfs tree: a load may have failed to show it. */
static bool udsmon_root_shown;
/* Never reused, so that no cached decision outlives its table. */
static u32 udsmon_generation;
u32 udsmon_table_generation;

/**
 * struct udsmon_update - a prepared configuration, not yet visible
 * @table: the new table
 * @root: the new "uds" statsfs source
 */
struct udsmon_update {
	struct udsmon_table *table;
	struct statsfs_source *root;
};

#define UDSMON_VALUE(_field, _unit, _desc)				\
	STATSFS_U64_VALUE(struct udsmon_counters, _field,		\
			  STATSFS_AGGR_SUM, 0, _unit, _desc)

static const struct statsfs_value udsmon_values[] = {
	UDSMON_VALUE(send_bytes_total, "bytes",
		     "bytes clients sent to the socket"),
	UDSMON_VALUE(recv_bytes_total, "bytes",
		     "bytes clients received from the socket"),
	UDSMON_VALUE(send_ops_total, "ops", "sends of clients to the socket"),
	UDSMON_VALUE(recv_ops_total, "ops",
		     "receives of clients from the socket"),
	UDSMON_VALUE(captured_total, "records",
		     "sends captured into the ring"),
	UDSMON_VALUE(dropped_total, "records", "captures dropped: ring full"),
};

/* Never reused, unlike the sockets' addresses. */
static atomic64_t udsmon_socket_ids = ATOMIC64_INIT(0);

static struct udsmon_socket *
udsmon_socket_create(const struct pathstats_config_uds *u)
{
	struct udsmon_socket *s;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	s->path = kmemdup_nul(u->path, u->path_len, GFP_KERNEL);
	s->counters = alloc_percpu(struct udsmon_counters);
	if (!s->path || !s->counters) {
		free_percpu(s->counters);
		kfree(s->path);
		kfree(s);
		return NULL;
	}
	s->len = u->path_len;
	s->abstract = u->abstract;
	if (!s->abstract) {
		/* Validated: an absolute path, not ending in a slash. */
		s->base = strrchr(s->path, '/') + 1;
		s->base_len = s->len - (s->base - s->path);
	}
	snprintf(s->label, sizeof(s->label), "%s%s", s->abstract ? "@" : "",
		 s->path);
	s->id = atomic64_inc_return(&udsmon_socket_ids);
	kref_init(&s->kref);
	return s;
}

static void udsmon_socket_release(struct kref *kref)
{
	struct udsmon_socket *s = container_of(kref, struct udsmon_socket,
					       kref);

	free_percpu(s->counters);
	kfree(s->path);
	kfree(s);
}

/**
 * udsmon_socket_put - drop a reference on a monitored socket
 * @s: the socket
 *
 * May free @s and its counters: not under a spinlock.
 */
void udsmon_socket_put(struct udsmon_socket *s)
{
	kref_put(&s->kref, udsmon_socket_release);
}

/* Drops the table's references; no reader may see @table any more. */
static void udsmon_table_free(struct udsmon_table *table)
{
	u32 i;

	if (!table)
		return;
	for (i = 0; i < table->count; i++) {
		attribution_slot_put(&table->entries[i].groups);
		if (table->entries[i].sock)
			udsmon_socket_put(table->entries[i].sock);
	}
	udsmon_ring_put(table->ring);
	udsmon_identity_put(&table->ns);
	kvfree(table);
}

/*
 * The current entry of @u's socket, if it stays.  Tables are small
 * (PATHSTATS_MAX_SOCKETS) and loads rare: a linear search.
 */
static const struct udsmon_entry *
udsmon_entry_find(const struct pathstats_config_uds *u,
		  const struct udsmon_table *old)
{
	const struct udsmon_socket *s;
	u32 i;

	for (i = 0; old && i < old->count; i++) {
		s = old->entries[i].sock;
		if (s->abstract == u->abstract && s->len == u->path_len &&
		    !memcmp(s->path, u->path, s->len))
			return &old->entries[i];
	}
	return NULL;
}

static int udsmon_add_values(struct statsfs_source *src,
			     void __percpu *counters, const void *owner)
{
	return statsfs_source_add_percpu_values(src, udsmon_values,
						ARRAY_SIZE(udsmon_values),
						counters);
}

static struct attribution_kind udsmon_attribution = {
	.counters_size = sizeof(struct udsmon_counters),
	.add_values = udsmon_add_values,
};

/*
 * The entry of @u in the table being built: the current socket object if
 * the socket stays, so that its counters do, else a new one; its groups
 * as attribution_slot_init() decides, its filter resolved anew.
 */
static int udsmon_entry_init(struct udsmon_entry *e,
			     const struct pathstats_config_uds *u,
			     const struct udsmon_table *old)
{
	const struct udsmon_entry *cur = udsmon_entry_find(u, old);
	int err;

	if (cur) {
		kref_get(&cur->sock->kref);
		e->sock = cur->sock;
	} else {
		e->sock = udsmon_socket_create(u);
		if (!e->sock)
			return -ENOMEM;
	}
	e->capture_bytes = u->capture_bytes;
	e->sample_every = u->sample_every;
	err = attribution_slot_init(&e->groups, cur ? &cur->groups : NULL,
				    u->group_by, u->max_groups,
				    &udsmon_attribution);
	if (err)
		return err;
	return attribution_slot_limit(&e->groups, u->cgroups, u->cgroup_count);
}

static int udsmon_source_add(struct statsfs_source *root,
			     const struct pathstats_config_uds *u,
			     struct udsmon_entry *e)
{
	struct statsfs_source *src;
	int err;

	src = statsfs_source_create(0, "%s", u->name);
	if (IS_ERR(src))
		return PTR_ERR(src);
	/* Abstract names are shown as the config writes them: "@name". */
	err = statsfs_source_add_label(src, "socket", e->sock->label);
	if (!err)
		err = attribution_slot_show(&e->groups, src, e->sock->counters,
					    e);
	if (!err && !e->groups.own)
		err = udsmon_add_values(src, e->sock->counters, e);
	if (!err)
		err = statsfs_source_add_subordinate(root, src);
	statsfs_source_put(src);
	return err;
}

static int udsmon_build(const struct pathstats_config *cfg,
			const struct udsmon_table *old,
			struct udsmon_update *up)
{
	u32 n = cfg ? cfg->uds_count : 0, i;
	struct udsmon_table *table;
	int err = -ENOMEM;

	up->root = statsfs_source_create(0, "uds");
	if (IS_ERR(up->root))
		return PTR_ERR(up->root);
	table = pathstats_fault_load_step() ? NULL :
		kvzalloc(struct_size(table, entries, n), GFP_KERNEL);
	if (!table)
		goto err_root;
	table->count = n;
	table->generation = ++udsmon_generation;
	/* Called by the loader: its namespaces are the sockets'. */
	udsmon_identity_take(&table->ns);
	if (n && cfg->max_capture) {
		/* Records waiting in a ring of the same shape stay. */
		if (old && udsmon_ring_fits(old->ring, cfg->ring_entries,
					    cfg->max_capture)) {
			table->ring = old->ring;
			udsmon_ring_get(table->ring);
		} else {
			table->ring = udsmon_ring_create(cfg->ring_entries,
							 cfg->max_capture);
			if (!table->ring)
				goto err_table;
		}
	}
	for (i = 0; i < n; i++) {
		const struct pathstats_config_uds *u = &cfg->uds[i];
		struct udsmon_entry *e = &table->entries[i];

		err = udsmon_entry_init(e, u, old);
		if (err)
			goto err_table;
		table->paths += !u->abstract;
		err = udsmon_source_add(up->root, u, e);
		if (err)
			goto err_table;
	}
	up->table = table;
	return 0;

err_table:
	udsmon_table_free(table);
err_root:
	statsfs_source_put(up->root);
	return err;
}

/**
 * udsmon_prepare - build the socket state of a configuration
 * @cfg: the new configuration, or NULL for none
 *
 * Attaches the probe if @cfg has sockets; changes nothing visible.  Follow
 * with udsmon_commit() or udsmon_abort(); the caller serialises
 * configuration changes from prepare to commit or abort.
 *
 * Return: the prepared state, or an ERR_PTR.
 */
struct udsmon_update *udsmon_prepare(const struct pathstats_config *cfg)
{
	const struct udsmon_table *old;
	struct udsmon_update *up;
	int err;

	up = kzalloc(sizeof(*up), GFP_KERNEL);
	if (!up)
		return ERR_PTR(-ENOMEM);
	/*
	 * Held until the commit or the abort, which take udsmon_lock again:
	 * no group shows meanwhile.
	 */
	mutex_lock(&udsmon_attribution.mutex);
	mutex_lock(&udsmon_lock);
	old = rcu_dereference_protected(udsmon_table,
					lockdep_is_held(&udsmon_lock));
	err = udsmon_build(cfg, old, up);
	if (!err && up->table->count) {
		err = udsmon_probe_attach(udsmon_trace_connect);
		if (err) {
			udsmon_table_free(up->table);
			statsfs_source_put(up->root);
		}
	}
	mutex_unlock(&udsmon_lock);
	if (err)
		mutex_unlock(&udsmon_attribution.mutex);
	if (err) {
		kfree(up);
		return ERR_PTR(err);
	}
	return up;
}

/* Detaches the probe unless the published table still needs it. */
static void udsmon_probe_settle(void)
{
	const struct udsmon_table *table;

	table = rcu_dereference_protected(udsmon_table,
					  lockdep_is_held(&udsmon_lock));
	if (!table || !table->count)
		udsmon_probe_detach();
}

/**
 * udsmon_trace_update - hook connect() for trace sessions, or stop
 * @connect: whether a session enables uds/connect
 *
 * The connect hooks are attached while a loaded configuration monitors a
 * socket and a session needs them.
 *
 * Return: 0 or a negative errno; on failure nothing changed.
 */
int udsmon_trace_update(bool connect)
{
	const struct udsmon_table *table;
	int err = 0;

	mutex_lock(&udsmon_lock);
	table = rcu_dereference_protected(udsmon_table,
					  lockdep_is_held(&udsmon_lock));
	if (table && table->count)
		err = udsmon_probe_attach(connect);
	if (!err)
		udsmon_trace_connect = connect;
	mutex_unlock(&udsmon_lock);
	return err;
}

/**
 * udsmon_abort - drop a prepared configuration
 * @up: from udsmon_prepare()
 */
void udsmon_abort(struct udsmon_update *up)
{
	mutex_lock(&udsmon_lock);
	udsmon_probe_settle();
	mutex_unlock(&udsmon_lock);
	mutex_unlock(&udsmon_attribution.mutex);
	udsmon_table_free(up->table);
	statsfs_source_put(up->root);
	kfree(up);
}

/**
 * udsmon_commit - make a prepared configuration the monitored one
 * @up: from udsmon_prepare(); freed
 *
 * Sockets in both the old and the new configuration keep their counters.
 */
void udsmon_commit(struct udsmon_update *up)
{
	struct udsmon_table *old;
	u32 i;

	mutex_lock(&udsmon_lock);
	old = rcu_dereference_protected(udsmon_table,
					lockdep_is_held(&udsmon_lock));
	for (i = 0; old && i < old->count; i++)
		attribution_slot_detach(&old->entries[i].groups);
	if (udsmon_root_shown)
		statsfs_source_unregister(udsmon_root);
	statsfs_source_put(udsmon_root);
	udsmon_root = up->root;
	/*
	 * Counting switches all the same.  The old tree is not put back: it
	 * shows counters of sockets the new table drops, freed below.
	 */
	udsmon_root_shown = !pathstats_fault_source_register(udsmon_root);
	if (!udsmon_root_shown)
		pr_err("no uds statsfs tree until the next load\n");
	for (i = 0; i < up->table->count; i++)
		attribution_slot_commit(&up->table->entries[i].groups,
					&up->table->entries[i]);
	old = rcu_replace_pointer(udsmon_table, up->table,
				  lockdep_is_held(&udsmon_lock));
	WRITE_ONCE(udsmon_table_generation, up->table->generation);
	udsmon_probe_settle();
	/*
	 * A session that enabled uds/connect after the prepare found no
	 * table to hook connect() for: this one is.
	 */
	if (up->table->count && udsmon_trace_connect &&
	    udsmon_probe_attach(true))
		pr_warn("uds/connect: cannot hook connect(); no event until the next session change\n");
	synchronize_rcu();
	/* No hook counts in the retired groups now: fold them. */
	for (i = 0; i < up->table->count; i++)
		attribution_slot_fold(&up->table->entries[i].groups);
	mutex_unlock(&udsmon_lock);
	mutex_unlock(&udsmon_attribution.mutex);
	udsmon_table_free(old);
	for (i = 0; i < up->table->count; i++)
		attribution_slot_put_retired(&up->table->entries[i].groups);
	kfree(up);
	/* Readers waiting on the old ring look again. */
	wake_up_interruptible(&udsmon_ring_wait);
}

/* Whether the loaded configuration's ring has a record to read. */
static bool udsmon_records_readable(void)
{
	const struct udsmon_table *table;
	bool readable;

	rcu_read_lock();
	table = rcu_dereference(udsmon_table);
	readable = table && table->ring && udsmon_ring_readable(table->ring);
	rcu_read_unlock();
	return readable;
}

/* The capture ring of the loaded configuration, with a reference. */
static struct udsmon_ring *udsmon_current_ring(void)
{
	const struct udsmon_table *table;
	struct udsmon_ring *ring = NULL;

	mutex_lock(&udsmon_lock);
	table = rcu_dereference_protected(udsmon_table,
					  lockdep_is_held(&udsmon_lock));
	if (table && table->ring) {
		ring = table->ring;
		udsmon_ring_get(ring);
	}
	mutex_unlock(&udsmon_lock);
	return ring;
}

/**
 * udsmon_records_read - whole captured records, oldest first
 * @buf: the reader's buffer
 * @count: its size
 * @nonblock: return -EAGAIN instead of waiting for a record
 *
 * Waits interruptibly, across reloads, until a record arrives.
 *
 * Return: bytes copied, or a negative errno.
 */
ssize_t udsmon_records_read(char __user *buf, size_t count, bool nonblock)
{
	struct udsmon_ring *ring;
	ssize_t ret;

	for (;;) {
		ring = udsmon_current_ring();
		ret = ring ? udsmon_ring_read(ring, buf, count) : 0;
		udsmon_ring_put(ring);
		if (ret)
			return ret;
		if (nonblock)
			return -EAGAIN;
		ret = wait_event_interruptible(udsmon_ring_wait,
					       udsmon_records_readable());
		if (ret)
			return ret;
	}
}

/**
 * udsmon_records_poll - poll() for captured records
 * @file: the polled file
 * @wait: its poll table
 *
 * Return: EPOLLIN | EPOLLRDNORM when a record waits, else 0.
 */
__poll_t udsmon_records_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &udsmon_ring_wait, wait);
	/* Queued before looking: pairs with wq_has_sleeper() in the commit. */
	smp_mb();
	return udsmon_records_readable() ? EPOLLIN | EPOLLRDNORM : 0;
}

/**
 * udsmon_status - udsmon's part of the module's status
 * @st: its ring_entries, ring_used and ring_dropped are filled in
 */
void udsmon_status(struct pathstats_status *st)
{
	struct udsmon_ring *ring = udsmon_current_ring();

	if (!ring)
		return;
	st->ring_entries = udsmon_ring_entries(ring);
	udsmon_ring_usage(ring, &st->ring_used, &st->ring_dropped);
	udsmon_ring_put(ring);
}

/**
 * udsmon_init - publish an empty /sys/kernel/stats/uds
 *
 * Return: 0 or a negative errno.
 */
int udsmon_init(void)
{
	int err;

	err = udsmon_probe_init();
	if (err)
		return err;
	err = attribution_kind_init(&udsmon_attribution);
	if (err)
		goto err_probe;
	udsmon_root = statsfs_source_create(0, "uds");
	if (IS_ERR(udsmon_root)) {
		err = PTR_ERR(udsmon_root);
		goto err_kind;
	}
	err = statsfs_source_register(udsmon_root);
	if (err)
		goto err_root;
	udsmon_root_shown = true;
	return 0;

err_root:
	statsfs_source_put(udsmon_root);
err_kind:
	attribution_kind_exit(&udsmon_attribution);
err_probe:
	udsmon_probe_exit();
	return err;
}

/**
 * udsmon_exit - drop every socket and /sys/kernel/stats/uds
 */
void udsmon_exit(void)
{
	struct udsmon_table *table;
	u32 i;

	mutex_lock(&udsmon_attribution.mutex);
	mutex_lock(&udsmon_lock);
	udsmon_probe_detach();
	table = rcu_dereference_protected(udsmon_table,
					  lockdep_is_held(&udsmon_lock));
	for (i = 0; table && i < table->count; i++)
		attribution_slot_detach(&table->entries[i].groups);
	mutex_unlock(&udsmon_lock);
	mutex_unlock(&udsmon_attribution.mutex);
	if (udsmon_root_shown)
		statsfs_source_unregister(udsmon_root);
	statsfs_source_put(udsmon_root);
	table = rcu_replace_pointer(udsmon_table, NULL, true);
	WRITE_ONCE(udsmon_table_generation, 0);
	synchronize_rcu();
	udsmon_table_free(table);
	attribution_kind_exit(&udsmon_attribution);
	udsmon_probe_exit();
}
