// SPDX-License-Identifier: GPL-2.0
/*
 * pathstats: per-path and per-unix-socket statistics in statsfs.
 *
 * Module init and exit only: each part initialises in dependency order and
 * exit undoes them in reverse.
 */

#include <linux/module.h>
#include <linux/statsfs.h>

#include "attribution/cache.h"
#include "control.h"
#include "detour.h"
#include "pathname.h"
#include "pathmon/pathmon.h"
#include "self.h"
#include "statsfs/init.h"
#include "trace/trace.h"
#include "udsmon/udsmon.h"
#include "version.h"

static int __init pathstats_init(void)
{
	int err;

	err = statsfs_init();
	if (err)
		return err;
	err = pathstats_self_init();
	if (err)
		goto err_statsfs;
	err = pathstats_pathname_init();
	if (err)
		goto err_self;
	err = attribution_cache_init();
	if (err)
		goto err_pathname;
	err = pathmon_init();
	if (err)
		goto err_attribution;
	err = udsmon_init();
	if (err)
		goto err_pathmon;
	err = pstrace_init();
	if (err)
		goto err_udsmon;
	err = pathstats_control_init();
	if (err)
		goto err_trace;
	return 0;

err_trace:
	pstrace_exit();
err_udsmon:
	udsmon_exit();
err_pathmon:
	pathmon_exit();
err_attribution:
	attribution_cache_exit();
err_pathname:
	pathstats_detour_exit();
	pathstats_pathname_exit();
err_self:
	pathstats_self_exit();
err_statsfs:
	statsfs_exit();
	return err;
}

static void __exit pathstats_exit(void)
{
	pathstats_control_exit();
	pstrace_exit();
	udsmon_exit();
	pathmon_exit();
	attribution_cache_exit();
	pathstats_detour_exit();
	pathstats_pathname_exit();
	pathstats_self_exit();
	statsfs_exit();
}

module_init(pathstats_init);
module_exit(pathstats_exit);

MODULE_DESCRIPTION("Per-path and per-unix-socket statistics in statsfs");
MODULE_AUTHOR("The pathstats authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(PATHSTATS_VERSION);
