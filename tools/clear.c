// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl clear: PATHSTATS_IOC_CLEAR.  The module drops the
 * configuration, detaches every probe and interrupts the calls they
 * diverted; those that do not return keep the module loaded, which the
 * user who clears to unload needs to know.
 */

#include <stdio.h>
#include <unistd.h>

#include "clear.h"
#include "cmd.h"
#include "device.h"

int clear_main(int argc, char **argv)
{
	struct pathstats_status st;
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
	if (!ret)
		ret = device_status(fd, &st, &err);
	close(fd);
	if (ret) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	printf("configuration cleared\n");
	if (st.held_calls)
		fprintf(stderr,
			"pathstatsctl: %u calls into unix-socket functions have not returned: the module stays in use until they do (see 'status')\n",
			st.held_calls);
	return CMD_EXIT_OK;
}
