// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the kernel's blob validator, module/config.c built for
 * userspace (kvalidate.h), on any bytes as the blob of PATHSTATS_IOC_LOAD.
 * Whatever it accepts must hold what the uapi header promises: prefixes
 * absolute, names and counts within their limits.
 */

#include <string.h>

#include <linux/pathstats.h>

#include "fuzz.h"
#include "kvalidate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kv_config *kc;
	struct kv_path kp;
	struct kv_uds ku;
	uint32_t i;
	int err;

	kc = kv_parse(data, size, &err);
	if (!kc)
		return 0;
	FUZZ_CHECK(size >= sizeof(struct pathstats_config_header));
	FUZZ_CHECK(kv_path_count(kc) <= PATHSTATS_MAX_PATHS);
	FUZZ_CHECK(kv_uds_count(kc) <= PATHSTATS_MAX_SOCKETS);
	FUZZ_CHECK(kv_ring_entries(kc) >= 1 &&
		   kv_ring_entries(kc) <= PATHSTATS_RING_MAX);
	/* The validator works on its own copy: compare contents, not place. */
	for (i = 0; i < kv_path_count(kc); i++) {
		kv_path(kc, i, &kp);
		FUZZ_CHECK(kp.prefix[0] == '/');
		FUZZ_CHECK(strlen(kp.prefix) < PATHSTATS_PATH_MAX);
		FUZZ_CHECK(kp.name[0] && !strchr(kp.name, '/'));
	}
	for (i = 0; i < kv_uds_count(kc); i++) {
		kv_uds(kc, i, &ku);
		FUZZ_CHECK(ku.path[0] && (ku.abstract || ku.path[0] == '/'));
		FUZZ_CHECK(ku.name[0] && !strchr(ku.name, '/'));
		FUZZ_CHECK(ku.sample_every >= 1);
	}
	kv_free(kc);
	return 0;
}
