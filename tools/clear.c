// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl clear: PATHSTATS_IOC_CLEAR.  The module drops the
 * configuration and detaches every probe.
 */

#include <stdio.h>
#include <unistd.h>

#include "clear.h"
#include "cmd.h"
#include "device.h"

int clear_main(int argc, char **argv)
{
	struct device_error err;
	int fd, ret;

	ret = cmd_no_args(argc, argv);
	if (ret)
		return ret;
	fd = device_open(DEVICE_PATH, true, &err);
	if (fd < 0) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	ret = device_clear(fd, &err);
	close(fd);
	if (ret) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	printf("configuration cleared\n");
	return CMD_EXIT_OK;
}
