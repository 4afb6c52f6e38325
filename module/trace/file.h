/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace: the file points (file/open, file/read, ...), fired by pathmon's
 * hooks for the calls it counts on files under its prefixes.
 */
#ifndef _PATHSTATS_TRACE_FILE_H
#define _PATHSTATS_TRACE_FILE_H

#include <linux/compiler.h>
#include <linux/types.h>

struct path;

/* The file points the sessions enable, and those asking for the path. */
extern u64 pstrace_file_points;
extern u64 pstrace_file_path_points;

/**
 * pstrace_file_enabled - whether a session enables a file point
 * @point: enum pathstats_trace_point, 0 for none
 *
 * Return: true if the hook should fire @point.
 */
static inline bool pstrace_file_enabled(u32 point)
{
	return READ_ONCE(pstrace_file_points) & BIT_ULL(point);
}

/**
 * pstrace_file_wants_path - whether a session asks for @point's path
 * @point: a file point
 *
 * Return: true if an event of a call on a file descriptor needs its path.
 */
static inline bool pstrace_file_wants_path(u32 point)
{
	return READ_ONCE(pstrace_file_path_points) & BIT_ULL(point);
}

u32 pstrace_file_point(unsigned int syscall);
void pstrace_file_fire(u32 point, unsigned int syscall, long ret, int fd,
		       const struct path *path);
void pstrace_file_defer(u32 point, unsigned int syscall, int fd,
			const char *name, size_t len, const char *new_name,
			size_t new_len);
void pstrace_file_drop(u32 point);
int pstrace_file_update(u64 points, u64 path_points);
void pstrace_file_drain(void);

#endif /* _PATHSTATS_TRACE_FILE_H */
