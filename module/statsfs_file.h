/* SPDX-License-Identifier: GPL-2.0 */
/*
 * statsfs file contents: values, aggregates, schemas and bulk reads.
 */
#ifndef _PATHSTATS_STATSFS_FILE_H
#define _PATHSTATS_STATSFS_FILE_H

#include <linux/fs.h>

extern const struct file_operations statsfs_file_fops;

#endif /* _PATHSTATS_STATSFS_FILE_H */
