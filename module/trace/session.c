// SPDX-License-Identifier: GPL-2.0
/*
 * trace: sessions, see session.h, and the trace ioctls of /dev/pathstats.
 *
 * A session is validated and set up whole before it is published, so a
 * rejected one changes nothing.  Deleting one takes it out of the list,
 * waits for the points firing under RCU to be done with it, and leaves it
 * to its open device files, which read what is left and then see the end.
 */

#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "event.h"
#include "file.h"
#include "process.h"
#include "remote.h"
#include "session.h"
#include "stats.h"
#include "trace.h"
#include "uds.h"

LIST_HEAD(pstrace_sessions);
static DEFINE_MUTEX(pstrace_session_lock);
static unsigned int pstrace_session_count;

/* The points @session asks the optional field @opt of. */
static u64 pstrace_session_asking(const struct pstrace_session *session,
				  u32 opt)
{
	u64 points = 0;
	unsigned int point;

	for (point = 0; point < PATHSTATS_TRACE_POINT_END; point++)
		if (session->optional[point] & opt)
			points |= BIT_ULL(point);
	return points;
}

/*
 * Hooks what the list's sessions and @extra (one about to be listed, or
 * NULL) need.  On failure nothing changed.
 */
static int pstrace_points_update(const struct pstrace_session *extra)
{
	struct pstrace_session *session;
	u64 points = 0, path_points = 0, data_points = 0;
	u64 before, path_before, data_before;
	int err;

	lockdep_assert_held(&pstrace_session_lock);
	list_for_each_entry(session, &pstrace_sessions, node) {
		points |= session->points;
		path_points |= pstrace_session_asking(session,
						      PATHSTATS_TRACE_OPT_PATH);
		data_points |= pstrace_session_asking(session,
						      PATHSTATS_TRACE_OPT_DATA);
	}
	before = points;
	path_before = path_points;
	data_before = data_points;
	if (extra) {
		points |= extra->points;
		path_points |= pstrace_session_asking(extra,
						      PATHSTATS_TRACE_OPT_PATH);
		data_points |= pstrace_session_asking(extra,
						      PATHSTATS_TRACE_OPT_DATA);
	}
	err = pstrace_process_update(points);
	if (err)
		return err;
	err = pstrace_file_update(points, path_points);
	if (err)
		goto err_process;
	err = pstrace_uds_update(points, data_points);
	if (err)
		goto err_file;
	return 0;

err_file:
	pstrace_file_update(before, path_before);
err_process:
	pstrace_process_update(before);
	return err;
}

static void pstrace_session_release(struct kref *ref)
{
	struct pstrace_session *session =
		container_of(ref, struct pstrace_session, ref);
	unsigned int i;

	for (i = 0; i < session->sink_count; i++)
		pstrace_sink_destroy(&session->sinks[i]);
	kfree(session);
}

static void pstrace_session_put(struct pstrace_session *session)
{
	kref_put(&session->ref, pstrace_session_release);
}

/* A name: 1 to PATHSTATS_TRACE_NAME_LEN - 1 of [A-Za-z0-9_.-], NUL-padded. */
static bool pstrace_name_valid(const char *name)
{
	size_t len = strnlen(name, PATHSTATS_TRACE_NAME_LEN);
	size_t i;

	if (!len || len == PATHSTATS_TRACE_NAME_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
			return false;
	for (; i < PATHSTATS_TRACE_NAME_LEN; i++)
		if (name[i])
			return false;
	return true;
}

static struct pstrace_session *pstrace_session_find(const char *name)
{
	struct pstrace_session *session;

	lockdep_assert_held(&pstrace_session_lock);
	list_for_each_entry(session, &pstrace_sessions, node)
		if (!strncmp(session->name, name, PATHSTATS_TRACE_NAME_LEN))
			return session;
	return NULL;
}

/*
 * The optional fields of each point: the path of the calls on an fd, the
 * data of a transfer.
 */
static const u32 pstrace_point_optional[PATHSTATS_TRACE_POINT_END] = {
	[PATHSTATS_TRACE_FILE_READ] = PATHSTATS_TRACE_OPT_PATH,
	[PATHSTATS_TRACE_FILE_WRITE] = PATHSTATS_TRACE_OPT_PATH,
	[PATHSTATS_TRACE_FILE_STAT] = PATHSTATS_TRACE_OPT_PATH,
	[PATHSTATS_TRACE_FILE_CLOSE] = PATHSTATS_TRACE_OPT_PATH,
	[PATHSTATS_TRACE_FILE_TRUNCATE] = PATHSTATS_TRACE_OPT_PATH,
	[PATHSTATS_TRACE_UDS_SEND] = PATHSTATS_TRACE_OPT_DATA,
	[PATHSTATS_TRACE_UDS_RECV] = PATHSTATS_TRACE_OPT_DATA,
};

static int pstrace_point_check(const struct pathstats_trace_point_rule *rule,
			       u64 seen)
{
	if (rule->point < PATHSTATS_TRACE_PROCESS_EXEC ||
	    rule->point >= PATHSTATS_TRACE_POINT_END ||
	    seen & BIT_ULL(rule->point))
		return -EINVAL;
	if (rule->optional & ~pstrace_point_optional[rule->point] ||
	    rule->reserved || rule->context & ~PATHSTATS_TRACE_CTX_ALL)
		return -EINVAL;
	return 0;
}

/* Whether @s is all zeros, as the fields a sink does not use must be. */
static bool pstrace_zeroed(const void *s, size_t len)
{
	return !memchr_inv(s, 0, len);
}

static int pstrace_sink_check(const struct pathstats_trace_sink_rule *rule,
			      u32 seen)
{
	bool remote = rule->type == PATHSTATS_TRACE_SINK_REMOTE;

	if (rule->type < PATHSTATS_TRACE_SINK_DEVICE ||
	    rule->type >= PATHSTATS_TRACE_SINK_END ||
	    seen & BIT(rule->type))
		return -EINVAL;
	if (rule->flags & ~PATHSTATS_TRACE_SINK_IGNORE_SETUP_ERROR ||
	    rule->reserved)
		return -EINVAL;
	if (rule->type == PATHSTATS_TRACE_SINK_NULL && rule->buffer_bytes)
		return -EINVAL;
	if (rule->buffer_bytes &&
	    (rule->buffer_bytes < PATHSTATS_TRACE_BUFFER_MIN ||
	     rule->buffer_bytes > PATHSTATS_TRACE_BUFFER_MAX))
		return -EINVAL;
	if (!remote)
		return rule->retries || rule->backoff_ns ||
		       rule->backoff_max_ns ||
		       !pstrace_zeroed(rule->endpoint, sizeof(rule->endpoint)) ?
		       -EINVAL : 0;
	/* The endpoint itself is checked as it is turned into an address. */
	if (rule->retries > PATHSTATS_TRACE_RETRIES_MAX ||
	    rule->backoff_ns > PATHSTATS_TRACE_BACKOFF_LIMIT ||
	    rule->backoff_max_ns > PATHSTATS_TRACE_BACKOFF_LIMIT ||
	    (rule->backoff_max_ns && rule->backoff_max_ns < rule->backoff_ns))
		return -EINVAL;
	return 0;
}

/* The session @req describes, validated and set up, not yet listed. */
static struct pstrace_session *
pstrace_session_build(const struct pathstats_trace_session *req)
{
	struct pathstats_trace_point_rule *points;
	struct pathstats_trace_sink_rule *sinks;
	struct pstrace_session *session;
	u32 i, sink_types = 0;
	int err = -EINVAL;

	if (!pstrace_name_valid(req->name) || req->reserved[0] ||
	    req->reserved[1] || !req->point_count ||
	    req->point_count > PATHSTATS_TRACE_POINTS_MAX ||
	    !req->sink_count || req->sink_count > PATHSTATS_TRACE_SINKS_MAX)
		return ERR_PTR(-EINVAL);
	/* Counts bounded above: the products cannot overflow. */
	points = memdup_user(u64_to_user_ptr(req->points),
			     req->point_count * sizeof(*points));
	if (IS_ERR(points))
		return ERR_CAST(points);
	sinks = memdup_user(u64_to_user_ptr(req->sinks),
			    req->sink_count * sizeof(*sinks));
	if (IS_ERR(sinks)) {
		kfree(points);
		return ERR_CAST(sinks);
	}
	session = kzalloc(sizeof(*session), GFP_KERNEL);
	if (!session) {
		err = -ENOMEM;
		goto out;
	}
	kref_init(&session->ref);
	memcpy(session->name, req->name, sizeof(session->name));
	for (i = 0; i < req->point_count; i++) {
		err = pstrace_point_check(&points[i], session->points);
		if (err)
			goto err;
		session->points |= BIT_ULL(points[i].point);
		session->optional[points[i].point] = points[i].optional;
		session->context[points[i].point] = points[i].context;
	}
	for (i = 0; i < req->sink_count; i++) {
		err = pstrace_sink_check(&sinks[i], sink_types);
		if (err)
			goto err;
		sink_types |= BIT(sinks[i].type);
	}
	for (i = 0; i < req->sink_count; i++) {
		err = pstrace_sink_init(&session->sinks[i], &sinks[i],
					session->name);
		if (err) {
			pstrace_sink_destroy(&session->sinks[i]);
			goto err;
		}
		session->sink_count++;
	}
	err = 0;
	goto out;

err:
	pstrace_session_put(session);
	session = ERR_PTR(err);
out:
	kfree(points);
	kfree(sinks);
	return err ? ERR_PTR(err) : session;
}

/**
 * pstrace_create - PATHSTATS_IOC_TRACE_CREATE
 * @arg: user address of struct pathstats_trace_session
 *
 * Return: 0, -EEXIST for a name taken, -ENOSPC beyond
 * PATHSTATS_TRACE_SESSIONS_MAX, or another negative errno.
 */
long pstrace_create(const void __user *arg)
{
	struct pathstats_trace_session req;
	struct pstrace_session *session;
	long err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	/* Before a remote sink connects for a session that cannot be. */
	mutex_lock(&pstrace_session_lock);
	err = pstrace_session_find(req.name) ? -EEXIST :
	      pstrace_session_count >= PATHSTATS_TRACE_SESSIONS_MAX ? -ENOSPC :
	      0;
	mutex_unlock(&pstrace_session_lock);
	if (err)
		return err;
	session = pstrace_session_build(&req);
	if (IS_ERR(session))
		return PTR_ERR(session);

	mutex_lock(&pstrace_session_lock);
	err = -EEXIST;
	if (pstrace_session_find(session->name))
		goto err;
	err = -ENOSPC;
	if (pstrace_session_count >= PATHSTATS_TRACE_SESSIONS_MAX)
		goto err;
	err = pstrace_stats_add(session);
	if (err)
		goto err;
	err = pstrace_points_update(session);
	if (err) {
		pstrace_stats_remove(session);
		goto err;
	}
	list_add_tail_rcu(&session->node, &pstrace_sessions);
	pstrace_session_count++;
	mutex_unlock(&pstrace_session_lock);
	return 0;

err:
	mutex_unlock(&pstrace_session_lock);
	pstrace_session_put(session);
	return err;
}

/* Takes @session out: no point gives it events once this returns. */
static void pstrace_session_unlist(struct pstrace_session *session)
{
	lockdep_assert_held(&pstrace_session_lock);
	list_del_rcu(&session->node);
	pstrace_session_count--;
	pstrace_stats_remove(session);
	/* Fewer hooks: cannot fail but for a bug, which it warned of. */
	pstrace_points_update(NULL);
}

/*
 * After pstrace_session_unlist(), once RCU's readers are gone: a remote
 * sink's writer goes now, not with the last open device file.
 */
static void pstrace_session_end(struct pstrace_session *session)
{
	unsigned int i;

	WRITE_ONCE(session->deleted, true);
	for (i = 0; i < session->sink_count; i++) {
		pstrace_remote_stop(&session->sinks[i]);
		wake_up_interruptible(&session->sinks[i].wait);
	}
	pstrace_session_put(session);
}

/**
 * pstrace_delete - PATHSTATS_IOC_TRACE_DELETE
 * @arg: user address of struct pathstats_trace_name
 *
 * Return: 0, -ENOENT for no such session, or another negative errno.
 */
long pstrace_delete(const void __user *arg)
{
	struct pathstats_trace_name req;
	struct pstrace_session *session;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (!pstrace_name_valid(req.name))
		return -EINVAL;
	mutex_lock(&pstrace_session_lock);
	session = pstrace_session_find(req.name);
	if (session)
		pstrace_session_unlist(session);
	mutex_unlock(&pstrace_session_lock);
	if (!session)
		return -ENOENT;
	synchronize_rcu();
	pstrace_session_end(session);
	return 0;
}

/**
 * pstrace_delete_all - end every session: pathstatsctl clear, module exit
 */
void pstrace_delete_all(void)
{
	struct pstrace_session *session, *next;
	LIST_HEAD(gone);

	mutex_lock(&pstrace_session_lock);
	list_for_each_entry_safe(session, next, &pstrace_sessions, node) {
		pstrace_session_unlist(session);
		/* Readers under RCU may still walk its node: a second list. */
		list_add_tail(&session->ended, &gone);
	}
	mutex_unlock(&pstrace_session_lock);
	if (list_empty(&gone))
		return;
	synchronize_rcu();
	list_for_each_entry_safe(session, next, &gone, ended)
		pstrace_session_end(session);
}

/**
 * pstrace_list - PATHSTATS_IOC_TRACE_LIST
 * @arg: user address of struct pathstats_trace_list
 *
 * Return: 0 or a negative errno.
 */
long pstrace_list(void __user *arg)
{
	struct pathstats_trace_session_info *infos, *info;
	struct pathstats_trace_list req;
	struct pstrace_session *session;
	u32 n = 0, i;
	long err = 0;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.reserved)
		return -EINVAL;
	infos = kcalloc(PATHSTATS_TRACE_SESSIONS_MAX, sizeof(*infos),
			GFP_KERNEL);
	if (!infos)
		return -ENOMEM;
	mutex_lock(&pstrace_session_lock);
	list_for_each_entry(session, &pstrace_sessions, node) {
		info = &infos[n++];
		memcpy(info->name, session->name, sizeof(info->name));
		info->points = session->points;
		info->sink_count = session->sink_count;
		for (i = 0; i < session->sink_count; i++)
			pstrace_sink_info(&session->sinks[i], &info->sinks[i]);
	}
	mutex_unlock(&pstrace_session_lock);
	if (copy_to_user(u64_to_user_ptr(req.sessions), infos,
			 min(n, req.count) * sizeof(*infos)))
		err = -EFAULT;
	req.count = n;
	if (!err && copy_to_user(arg, &req, sizeof(req)))
		err = -EFAULT;
	kfree(infos);
	return err;
}

/* A device sink's file: it holds the session, not the list's place. */
struct pstrace_reader {
	struct pstrace_session *session;
	struct pstrace_sink *sink;
};

static ssize_t pstrace_reader_read(struct file *file, char __user *buf,
				   size_t count, loff_t *ppos)
{
	struct pstrace_reader *reader = file->private_data;

	return pstrace_sink_read(reader->sink, buf, count,
			       file->f_flags & O_NONBLOCK,
			       &reader->session->deleted);
}

static __poll_t pstrace_reader_poll(struct file *file, poll_table *wait)
{
	struct pstrace_reader *reader = file->private_data;

	poll_wait(file, &reader->sink->wait, wait);
	if (pstrace_sink_readable(reader->sink))
		return EPOLLIN | EPOLLRDNORM;
	return READ_ONCE(reader->session->deleted) ? EPOLLHUP : 0;
}

static int pstrace_reader_release(struct inode *inode, struct file *file)
{
	struct pstrace_reader *reader = file->private_data;

	pstrace_session_put(reader->session);
	kfree(reader);
	return 0;
}

static const struct file_operations pstrace_reader_fops = {
	.owner		= THIS_MODULE,
	.read		= pstrace_reader_read,
	.poll		= pstrace_reader_poll,
	.release	= pstrace_reader_release,
	.llseek		= noop_llseek,
};

/**
 * pstrace_open - PATHSTATS_IOC_TRACE_OPEN
 * @arg: user address of struct pathstats_trace_name
 *
 * Return: a new file descriptor, -ENOENT for no such session, -ENODEV
 * when it has no device sink, or another negative errno.
 */
long pstrace_open(const void __user *arg)
{
	struct pathstats_trace_name req;
	struct pstrace_session *session;
	struct pstrace_reader *reader;
	unsigned int i;
	int fd;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (!pstrace_name_valid(req.name))
		return -EINVAL;
	reader = kzalloc(sizeof(*reader), GFP_KERNEL);
	if (!reader)
		return -ENOMEM;
	mutex_lock(&pstrace_session_lock);
	session = pstrace_session_find(req.name);
	fd = -ENOENT;
	if (!session)
		goto err;
	fd = -ENODEV;
	for (i = 0; i < session->sink_count; i++)
		if (session->sinks[i].type == PATHSTATS_TRACE_SINK_DEVICE)
			reader->sink = &session->sinks[i];
	if (!reader->sink)
		goto err;
	kref_get(&session->ref);
	reader->session = session;
	fd = anon_inode_getfd("pathstats-trace", &pstrace_reader_fops, reader,
			      O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		pstrace_session_put(session);
		goto err;
	}
	mutex_unlock(&pstrace_session_lock);
	return fd;

err:
	mutex_unlock(&pstrace_session_lock);
	kfree(reader);
	return fd;
}

/**
 * pstrace_init - set the trace part up
 *
 * Return: 0 or a negative errno, with nothing left set up.
 */
int pstrace_init(void)
{
	int err;

	err = pstrace_event_init();
	if (err)
		return err;
	pstrace_process_init();
	err = pstrace_stats_init();
	if (err)
		goto err_process;
	return 0;

err_process:
	pstrace_process_exit();
	pstrace_event_exit();
	return err;
}

/**
 * pstrace_exit - undo pstrace_init(); no ioctl can come any more
 */
void pstrace_exit(void)
{
	pstrace_delete_all();
	pstrace_file_drain();
	pstrace_stats_exit();
	pstrace_process_exit();
	pstrace_event_exit();
}
