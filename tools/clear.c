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
	if (ret) {
		close(fd);
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	printf("configuration cleared\n");
	/* The clear is done whatever follows: only the warning depends on it. */
	ret = device_status(fd, &st, &err);
	close(fd);
	if (ret)
		cmd_warn("cannot tell whether calls keep the module in use: %s",
			 err.msg);
	else if (st.held_calls)
		cmd_warn("%u %s into unix-socket functions %s not returned: the module stays in use until %s (see 'status')",
			 st.held_calls, st.held_calls == 1 ? "call" : "calls",
			 st.held_calls == 1 ? "has" : "have",
			 st.held_calls == 1 ? "it does" : "they do");
	return CMD_EXIT_OK;
}
