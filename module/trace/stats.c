// SPDX-License-Identifier: GPL-2.0
/*
 * trace: the sessions in statsfs, see stats.h.
 *
 * A sink's counts are spread over its CPUs' rings (and a remote sink's
 * writer), so its values are computed on read, as the list ioctl
 * computes them.  A session's source leaves the tree before the session
 * is freed: statsfs reads no memory of a session that is gone.
 */

#include <linux/err.h>
#include <linux/statsfs.h>

#include "session.h"
#include "stats.h"

static struct statsfs_source *pstrace_stats_root;

static u64 pstrace_stats_delivered(const struct statsfs_value *val,
				   void *base)
{
	struct pathstats_trace_sink_info info;

	pstrace_sink_info(base, &info);
	return info.delivered;
}

static u64 pstrace_stats_dropped(const struct statsfs_value *val, void *base)
{
	struct pathstats_trace_sink_info info;

	pstrace_sink_info(base, &info);
	return info.dropped;
}

static const struct statsfs_value pstrace_sink_values[] = {
	{
		.name = "delivered",
		.unit = "messages",
		.desc = "messages taken: buffered, counted, or written out",
		.type = STATSFS_U64,
		.aggr = STATSFS_AGGR_NONE,
		.get = pstrace_stats_delivered,
	},
	{
		.name = "dropped",
		.unit = "messages",
		.desc = "messages lost: no room, or not written out",
		.type = STATSFS_U64,
		.aggr = STATSFS_AGGR_SUM,
		.get = pstrace_stats_dropped,
	},
};

static const char *const pstrace_sink_names[PATHSTATS_TRACE_SINK_END] = {
	[PATHSTATS_TRACE_SINK_DEVICE] = "device",
	[PATHSTATS_TRACE_SINK_NULL] = "null",
	[PATHSTATS_TRACE_SINK_REMOTE] = "remote",
};

/**
 * pstrace_stats_add - show a session, once it is listed
 * @session: the session
 *
 * Return: 0 or a negative errno, with nothing shown.
 */
int pstrace_stats_add(struct pstrace_session *session)
{
	struct statsfs_source *src, *sub;
	unsigned int i;
	int err;

	src = statsfs_source_create(0, "%s", session->name);
	if (IS_ERR(src))
		return PTR_ERR(src);
	for (i = 0, err = 0; !err && i < session->sink_count; i++) {
		struct pstrace_sink *sink = &session->sinks[i];

		sub = statsfs_source_create(0, "%s",
					    pstrace_sink_names[sink->type]);
		if (IS_ERR(sub)) {
			err = PTR_ERR(sub);
			break;
		}
		err = statsfs_source_add_values(sub, pstrace_sink_values,
						ARRAY_SIZE(pstrace_sink_values),
						sink);
		if (!err)
			err = statsfs_source_add_subordinate(src, sub);
		statsfs_source_put(sub);
	}
	if (!err)
		err = statsfs_source_add_subordinate(pstrace_stats_root, src);
	if (err)
		statsfs_source_put(src);
	else
		session->src = src;
	return err;
}

/**
 * pstrace_stats_remove - stop showing a session, before it is freed
 * @session: the session
 */
void pstrace_stats_remove(struct pstrace_session *session)
{
	struct statsfs_source *src = session->src;

	if (!src)
		return;
	statsfs_source_remove_subordinate(pstrace_stats_root, src);
	statsfs_source_put(src);
	session->src = NULL;
}

/**
 * pstrace_stats_init - the trace directory
 *
 * Return: 0 or a negative errno.
 */
int pstrace_stats_init(void)
{
	int err;

	pstrace_stats_root = statsfs_source_create(0, "trace");
	if (IS_ERR(pstrace_stats_root))
		return PTR_ERR(pstrace_stats_root);
	err = statsfs_source_register(pstrace_stats_root);
	if (err)
		statsfs_source_put(pstrace_stats_root);
	return err;
}

/**
 * pstrace_stats_exit - remove the trace directory; no session is left
 */
void pstrace_stats_exit(void)
{
	statsfs_source_unregister(pstrace_stats_root);
	statsfs_source_put(pstrace_stats_root);
}
