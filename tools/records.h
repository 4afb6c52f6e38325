/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Captured records from /dev/pathstats: reading them, checking each one
 * against the record format of the uapi header before anything uses it.
 */
#ifndef _PATHSTATS_TOOLS_RECORDS_H
#define _PATHSTATS_TOOLS_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <linux/pathstats.h>

/* Enough for a record of the largest capture the kernel allows. */
#define RECORDS_BUF_SIZE	(1U << 20)

/**
 * struct records - a reader of the device's records
 * @fd: the device, opened by records_open()
 * @buf: what the last read() returned
 * @len: bytes in @buf
 * @off: offset of the next record in @buf
 */
struct records {
	int fd;
	char *buf;
	size_t len;
	size_t off;
};

int records_open(struct records *r, const char *path, bool block,
		 char *err, size_t errlen);
void records_close(struct records *r);
int records_next(struct records *r, const struct pathstats_record **rec,
		 char *err, size_t errlen);
const char *records_socket_type(unsigned int type);

#endif /* _PATHSTATS_TOOLS_RECORDS_H */
