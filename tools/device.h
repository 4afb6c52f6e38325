/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /dev/pathstats, the control device of pathstats.ko: open it and make
 * its ioctls, turning errors into messages a user can act on.
 *
 * Functions return 0 (device_open(): a file descriptor) or a negative
 * errno and, on error, fill the struct device_error passed in with a
 * complete message.  Every error is the kernel's refusal or absence:
 * CMD_EXIT_KERNEL.
 */
#ifndef _PATHSTATS_TOOLS_DEVICE_H
#define _PATHSTATS_TOOLS_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/pathstats.h>

#define DEVICE_PATH	"/dev/pathstats"

struct device_error {
	char msg[512];
};

int device_open(const char *path, bool write, struct device_error *err);
int device_load(int fd, const void *blob, size_t size,
		struct device_error *err);
int device_clear(int fd, struct device_error *err);
int device_status(int fd, struct pathstats_status *st,
		  struct device_error *err);
int device_trace_create(int fd, const struct pathstats_trace_session *req,
			struct device_error *err);
int device_trace_delete(int fd, const char *name, struct device_error *err);
int device_trace_list(int fd, struct pathstats_trace_session_info *infos,
		      uint32_t *count, struct device_error *err);
int device_trace_open(int fd, const char *name, struct device_error *err);

#endif /* _PATHSTATS_TOOLS_DEVICE_H */
