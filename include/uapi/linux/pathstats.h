/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pathstats userspace ABI.
 *
 * This header is the single definition of everything userspace exchanges
 * with pathstats.ko through /dev/pathstats: ioctl numbers and structures,
 * and the format of the records read from the device.  Rules that hold for
 * every structure here:
 *
 *  - fields are fixed-width (__u32, __u64), naturally aligned, with no
 *    implicit padding; explicit padding is named and must be zero;
 *  - reserved fields must be zero on input and are zero on output;
 *  - the kernel validates every field and rejects anything it does not
 *    understand with -EINVAL, changing nothing.
 *
 * PATHSTATS_ABI_VERSION is bumped on any incompatible change; the module
 * shows it in /sys/kernel/stats/pathstats/abi_version.
 */
#ifndef _UAPI_LINUX_PATHSTATS_H
#define _UAPI_LINUX_PATHSTATS_H

#include <linux/types.h>

#define PATHSTATS_ABI_VERSION	1

#endif /* _UAPI_LINUX_PATHSTATS_H */
