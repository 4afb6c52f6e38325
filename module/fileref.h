/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Holding the file behind a syscall's fd while a probe reads it.
 *
 * The probes run after the syscall, when another thread sharing the fd
 * table may already have closed the fd and freed the file's socket or
 * dentry.  A reference is taken (fget_raw()) when the table is shared; a
 * task alone on its table needs none, since only it could close the file.
 * That shortcut is fdget()'s own, inline here: it is the common case, and
 * the probes' hot paths cannot afford the call.  Raw, as the lookup
 * without a reference is: O_PATH files count (openat, fstat, close) the
 * same whether or not the table is shared.  (fdget_raw() is not exported
 * to modules.)
 */
#ifndef _PATHSTATS_FILEREF_H
#define _PATHSTATS_FILEREF_H

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/sched.h>

#include "compat.h"

/**
 * struct pathstats_fileref - a file held for a probe
 * @file: the reference fget_raw() took, when the fd table is shared
 */
struct pathstats_fileref {
	struct file *file;
};

/**
 * pathstats_fileref_get - the file behind @fd, held for a probe
 * @ref: filled in; pass to pathstats_fileref_put() whatever this returns
 * @fd: the fd, in the current task's table
 *
 * The file is safe to read until pathstats_fileref_put().
 *
 * Return: the file, or NULL.
 */
static __always_inline struct file *
pathstats_fileref_get(struct pathstats_fileref *ref, unsigned int fd)
{
	struct files_struct *files = current->files;

	if (atomic_read(&files->count) == 1) {
		ref->file = NULL;
		return files_lookup_fd_raw(files, fd);
	}
	ref->file = fget_raw(fd);
	return ref->file;
}

/**
 * pathstats_fileref_put - drop what pathstats_fileref_get() took
 * @ref: as pathstats_fileref_get() filled it in
 */
static __always_inline void pathstats_fileref_put(struct pathstats_fileref *ref)
{
	if (ref->file)
		fput(ref->file);
}

#endif /* _PATHSTATS_FILEREF_H */
