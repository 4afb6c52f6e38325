/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel conveniences the tool's code uses, for userspace.
 */
#ifndef _PATHSTATS_TOOLS_COMPILER_H
#define _PATHSTATS_TOOLS_COMPILER_H

#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __maybe_unused	__attribute__((unused))
#define BIT(nr)		(1UL << (nr))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif /* _PATHSTATS_TOOLS_COMPILER_H */
