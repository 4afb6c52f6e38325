// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl load FILE: everything check does, then PATHSTATS_IOC_LOAD.
 * Any error before the ioctl leaves the kernel untouched (exit 1 for bad
 * input, 2 when the module is missing); the kernel validates the blob
 * again and, when it refuses it, changes nothing either (exit 2).  After
 * a load, statsfs is mounted if it is not, so the counters are there.
 * The configuration's trace sessions are started before it is loaded, so
 * that its first events are in them; they go again if the load fails.
 */

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "blob.h"
#include "check.h"
#include "cmd.h"
#include "config.h"
#include "device.h"
#include "load.h"
#include "statsfs.h"
#include "trace.h"

/* The module's ABI must be ours: the blob's format depends on it. */
static int load_check_abi(int fd, struct device_error *err)
{
	struct pathstats_status st;
	int ret;

	ret = device_status(fd, &st, err);
	if (ret)
		return ret;
	if (st.abi_version != PATHSTATS_ABI_VERSION) {
		snprintf(err->msg, sizeof(err->msg),
			 "pathstats.ko speaks ABI %u, pathstatsctl ABI %d: use matching versions",
			 st.abi_version, PATHSTATS_ABI_VERSION);
		return -EPROTO;
	}
	return 0;
}

int load_main(int argc, char **argv)
{
	struct pathstats_status st;
	struct sfs_error serr;
	struct device_error err;
	struct cfg cfg;
	struct sfs_tree fs;
	struct blob blob;
	bool made[PATHSTATS_TRACE_SESSIONS_MAX];
	int fd, ret;

	ret = cmd_file_arg(argc, argv);
	if (ret)
		return ret;
	ret = check_config(argv[1], &cfg, &blob);
	if (ret)
		return ret;

	ret = CMD_EXIT_KERNEL;
	fd = device_open(DEVICE_PATH, true, &err);
	if (fd < 0)
		goto out;
	if (load_check_abi(fd, &err))
		goto out_close;
	if (trace_create_sessions(fd, &cfg, argv[1], true, made)) {
		/* Its message is out. */
		err.msg[0] = '\0';
		goto out_close;
	}
	if (device_load(fd, blob.data, blob.size, &err)) {
		trace_delete_sessions(fd, &cfg, made);
		goto out_close;
	}
	ret = CMD_EXIT_OK;
	printf("loaded %s: ", argv[1]);
	check_summary(stdout, &cfg);
	if (!device_status(fd, &st, &err))
		printf(" (generation %llu)",
		       (unsigned long long)st.generation);
	printf("\n");
	if (sfs_open(&fs, SFS_ROOT, true, &serr))
		cmd_warn("loaded, but the counters are not visible: %s",
			 serr.msg);
	else
		sfs_close(&fs);
out_close:
	close(fd);
out:
	if (ret && err.msg[0])
		cmd_err("%s", err.msg);
	blob_free(&blob);
	cfg_free(&cfg);
	return ret;
}
