/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of the kernel's API, in userspace, to build module/config.c
 * (the configuration blob validator) and module/statsfs/name.c (the name
 * rules it applies) into the fuzzers unchanged.  Every <linux/...> header
 * they and <linux/statsfs.h> include is a file here that includes this
 * one; the uapi ones (and <linux/limits.h>) come from the system.
 */
#ifndef _PATHSTATS_FUZZ_KSHIM_H
#define _PATHSTATS_FUZZ_KSHIM_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The tool's own: __printf(). */
#include "../../compiler.h"

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define __user
#define __percpu

#define __static_assert(expr, msg, ...)	_Static_assert(expr, msg)
#define static_assert(expr, ...) \
	__static_assert(expr, ##__VA_ARGS__, #expr)

#define max(a, b)	((a) > (b) ? (a) : (b))

#define GFP_KERNEL	0

static inline void *kzalloc(size_t size, int gfp)
{
	(void)gfp;
	return calloc(1, size);
}

static inline void *kvmalloc(size_t size, int gfp)
{
	(void)gfp;
	return malloc(size);
}

static inline void *kvmalloc_array(size_t n, size_t size, int gfp)
{
	(void)gfp;
	if (size && n > SIZE_MAX / size)
		return NULL;
	return malloc(n * size);
}

static inline void *kvcalloc(size_t n, size_t size, int gfp)
{
	(void)gfp;
	return calloc(n, size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

static inline void kvfree(const void *p)
{
	free((void *)p);
}

/* The "user" buffer is the caller's own memory. */
static inline unsigned long copy_from_user(void *to, const void __user *from,
					   unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}

static inline void *memchr_inv(const void *p, int c, size_t size)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < size; i++)
		if (s[i] != (unsigned char)c)
			return (void *)(s + i);
	return NULL;
}

/* The kernel's sort() is a heapsort; any sort does for validation. */
static inline void sort(void *base, size_t num, size_t size,
			int (*cmp)(const void *, const void *), void *swap)
{
	(void)swap;
	qsort(base, num, size, cmp);
}

#define MAX_ERRNO	4095

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-MAX_ERRNO;
}

#endif /* _PATHSTATS_FUZZ_KSHIM_H */
