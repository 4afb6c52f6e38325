// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the blob builder, blob_build(), on what cfg_parse()
 * accepts, and the kernel's validator, module/config.c built for
 * userspace (kvalidate.h), on the blob it builds.  What the tool accepts,
 * the kernel must accept too, and read back as the same configuration:
 * otherwise "pathstatsctl check" passes a file that "load" fails with
 * -EINVAL.
 */

#include <errno.h>
#include <string.h>

#include "blob.h"
#include "config.h"
#include "fuzz.h"
#include "kvalidate.h"

static void fuzz_blob_compare(const struct cfg *cfg,
			      const struct kv_config *kc)
{
	struct kv_path kp;
	struct kv_uds ku;
	size_t i;

	FUZZ_CHECK(kv_path_count(kc) == cfg->path_count);
	FUZZ_CHECK(kv_uds_count(kc) == cfg->uds_count);
	FUZZ_CHECK(kv_ring_entries(kc) == cfg->ring_entries);
	for (i = 0; i < cfg->path_count; i++) {
		kv_path(kc, i, &kp);
		FUZZ_CHECK(!strcmp(kp.prefix, cfg->paths[i].prefix));
		FUZZ_CHECK(!strcmp(kp.name, cfg->paths[i].name));
		FUZZ_CHECK(kp.syscalls == cfg->paths[i].syscalls);
	}
	for (i = 0; i < cfg->uds_count; i++) {
		kv_uds(kc, i, &ku);
		FUZZ_CHECK(!strcmp(ku.path, cfg->uds[i].path));
		FUZZ_CHECK(!strcmp(ku.name, cfg->uds[i].name));
		FUZZ_CHECK(ku.capture_bytes == cfg->uds[i].capture_bytes);
		FUZZ_CHECK(ku.sample_every == cfg->uds[i].sample_every);
		FUZZ_CHECK(ku.abstract == cfg->uds[i].abstract);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kv_config *kc;
	struct cfg_error err;
	struct blob blob;
	struct cfg cfg;
	size_t bsize;
	int ret, kerr;

	if (cfg_parse("fuzz.yaml", (const char *)data, size, &cfg, &err))
		return 0;
	ret = blob_build(&cfg, &blob, &bsize);
	FUZZ_CHECK(!ret || ret == -E2BIG || ret == -ENOMEM);
	if (ret) {
		FUZZ_CHECK(!blob.data);
		cfg_free(&cfg);
		return 0;
	}
	FUZZ_CHECK(blob.size == bsize);
	kc = kv_parse(blob.data, blob.size, &kerr);
	if (!kc)
		fprintf(stderr, "kernel validator: %s\n", strerror(-kerr));
	FUZZ_CHECK(kc);
	fuzz_blob_compare(&cfg, kc);
	kv_free(kc);
	blob_free(&blob);
	cfg_free(&cfg);
	return 0;
}
