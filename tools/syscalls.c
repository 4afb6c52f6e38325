// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall names.  See syscalls.h.
 */

#include <string.h>

#include "syscalls.h"

const char *const syscalls_names[PATHSTATS_SYS_COUNT] = {
	[PATHSTATS_SYS_OPEN] = "open",
	[PATHSTATS_SYS_OPENAT] = "openat",
	[PATHSTATS_SYS_OPENAT2] = "openat2",
	[PATHSTATS_SYS_CREAT] = "creat",
	[PATHSTATS_SYS_CLOSE] = "close",
	[PATHSTATS_SYS_READ] = "read",
	[PATHSTATS_SYS_WRITE] = "write",
	[PATHSTATS_SYS_PREAD] = "pread",
	[PATHSTATS_SYS_PWRITE] = "pwrite",
	[PATHSTATS_SYS_READV] = "readv",
	[PATHSTATS_SYS_WRITEV] = "writev",
	[PATHSTATS_SYS_PREADV] = "preadv",
	[PATHSTATS_SYS_PWRITEV] = "pwritev",
	[PATHSTATS_SYS_PREADV2] = "preadv2",
	[PATHSTATS_SYS_PWRITEV2] = "pwritev2",
	[PATHSTATS_SYS_STAT] = "stat",
	[PATHSTATS_SYS_LSTAT] = "lstat",
	[PATHSTATS_SYS_FSTAT] = "fstat",
	[PATHSTATS_SYS_NEWFSTATAT] = "newfstatat",
	[PATHSTATS_SYS_STATX] = "statx",
	[PATHSTATS_SYS_TRUNCATE] = "truncate",
	[PATHSTATS_SYS_FTRUNCATE] = "ftruncate",
	[PATHSTATS_SYS_FSYNC] = "fsync",
	[PATHSTATS_SYS_FDATASYNC] = "fdatasync",
	[PATHSTATS_SYS_UNLINK] = "unlink",
	[PATHSTATS_SYS_UNLINKAT] = "unlinkat",
	[PATHSTATS_SYS_RENAME] = "rename",
	[PATHSTATS_SYS_RENAMEAT] = "renameat",
	[PATHSTATS_SYS_RENAMEAT2] = "renameat2",
	[PATHSTATS_SYS_MKDIR] = "mkdir",
	[PATHSTATS_SYS_MKDIRAT] = "mkdirat",
	[PATHSTATS_SYS_RMDIR] = "rmdir",
	[PATHSTATS_SYS_GETDENTS64] = "getdents64",
	[PATHSTATS_SYS_SENDFILE] = "sendfile",
	[PATHSTATS_SYS_COPY_FILE_RANGE] = "copy_file_range",
	[PATHSTATS_SYS_SPLICE] = "splice",
	[PATHSTATS_SYS_MMAP] = "mmap",
};

/**
 * syscalls_lookup - the syscall a configuration name stands for
 * @name: the name, case-sensitive
 *
 * Return: its enum pathstats_syscall, or -1 ("all" is not one).
 */
int syscalls_lookup(const char *name)
{
	int i;

	for (i = 0; i < PATHSTATS_SYS_COUNT; i++)
		if (!strcmp(syscalls_names[i], name))
			return i;
	return -1;
}

/**
 * syscalls_glibc_replacement - what glibc 2.33+ issues instead
 * @sys: an enum pathstats_syscall
 *
 * glibc 2.33 and later implement stat(), lstat() and fstat() with
 * newfstatat, and open() and creat() with openat, so counting the old
 * syscall alone sees only programs that make it directly.
 *
 * Return: the syscall glibc's wrapper issues, or -1 when it is @sys.
 */
int syscalls_glibc_replacement(int sys)
{
	switch (sys) {
	case PATHSTATS_SYS_STAT:
	case PATHSTATS_SYS_LSTAT:
	case PATHSTATS_SYS_FSTAT:
		return PATHSTATS_SYS_NEWFSTATAT;
	case PATHSTATS_SYS_OPEN:
	case PATHSTATS_SYS_CREAT:
		return PATHSTATS_SYS_OPENAT;
	default:
		return -1;
	}
}
