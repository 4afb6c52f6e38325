/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compile a validated struct cfg into the configuration blob of
 * PATHSTATS_IOC_LOAD, laid out as include/uapi/linux/pathstats.h says:
 * header, path rules, socket rules, string table (each string once per
 * use, NUL-terminated; nothing shared), every reserved field zero.
 */
#ifndef _PATHSTATS_TOOLS_BLOB_H
#define _PATHSTATS_TOOLS_BLOB_H

#include <stddef.h>

#include "config.h"

struct blob {
	void *data;
	size_t size;
};

int blob_build(const struct cfg *cfg, struct blob *blob, size_t *size);
void blob_free(struct blob *blob);

#endif /* _PATHSTATS_TOOLS_BLOB_H */
