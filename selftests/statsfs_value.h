/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading one statsfs value file, for the userspace suites.
 */
#ifndef _PATHSTATS_SELFTESTS_STATSFS_VALUE_H
#define _PATHSTATS_SELFTESTS_STATSFS_VALUE_H

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * The value in the file at @path, in one read(); -1000 - errno if it
 * cannot be opened, -999 if it reads nothing: impossible values, so that
 * an assertion on the value names the failure.
 */
static inline long long read_value(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1000 - errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -999;
	buf[n] = '\0';
	return strtoll(buf, NULL, 10);
}

#endif /* _PATHSTATS_SELFTESTS_STATSFS_VALUE_H */
