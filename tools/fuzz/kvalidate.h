/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's blob validator (module/config.c, built with kshim/) as the
 * fuzzers call it: userspace types only, so that the tool's headers and
 * the kernel shim never meet in one file.
 */
#ifndef _PATHSTATS_FUZZ_KVALIDATE_H
#define _PATHSTATS_FUZZ_KVALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kv_config;

struct kv_path {
	const char *prefix;
	const char *name;
	uint64_t syscalls;
};

struct kv_uds {
	const char *path;
	const char *name;
	uint32_t capture_bytes;
	uint32_t sample_every;
	bool abstract;
};

struct kv_config *kv_parse(const void *blob, size_t size, int *err);
void kv_free(struct kv_config *kc);
uint32_t kv_path_count(const struct kv_config *kc);
uint32_t kv_uds_count(const struct kv_config *kc);
uint32_t kv_ring_entries(const struct kv_config *kc);
void kv_path(const struct kv_config *kc, uint32_t i, struct kv_path *p);
void kv_uds(const struct kv_config *kc, uint32_t i, struct kv_uds *u);

#endif /* _PATHSTATS_FUZZ_KVALIDATE_H */
