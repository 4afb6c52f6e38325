// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the YAML configuration parser, cfg_parse(), on any bytes
 * (the buffer is exactly the input: no NUL after it).  A failure must say
 * why; a success must hold what the format promises.
 */

#include <errno.h>
#include <string.h>

#include "config.h"
#include "fuzz.h"

static void fuzz_config_check(const struct cfg *cfg)
{
	size_t i;

	FUZZ_CHECK(cfg->path_count <= PATHSTATS_MAX_PATHS);
	FUZZ_CHECK(cfg->uds_count <= PATHSTATS_MAX_SOCKETS);
	FUZZ_CHECK(cfg->ring_entries >= 1 &&
		   cfg->ring_entries <= PATHSTATS_RING_MAX);
	for (i = 0; i < cfg->path_count; i++) {
		const struct cfg_path *p = &cfg->paths[i];
		size_t len = strlen(p->prefix);

		FUZZ_CHECK(p->prefix[0] == '/');
		FUZZ_CHECK(len < PATHSTATS_PATH_MAX);
		FUZZ_CHECK(len == 1 || p->prefix[len - 1] != '/');
		FUZZ_CHECK(p->name[0] && p->name[0] != '.');
		FUZZ_CHECK(strlen(p->name) < PATHSTATS_NAME_MAX);
		FUZZ_CHECK(!strchr(p->name, '/'));
	}
	for (i = 0; i < cfg->uds_count; i++) {
		const struct cfg_uds *u = &cfg->uds[i];

		FUZZ_CHECK(u->path[0]);
		FUZZ_CHECK(strlen(u->path) <= CFG_SOCKET_PATH_MAX);
		FUZZ_CHECK(u->abstract || u->path[0] == '/');
		FUZZ_CHECK(u->name[0] && u->name[0] != '.');
		FUZZ_CHECK(strlen(u->name) < PATHSTATS_NAME_MAX);
		FUZZ_CHECK(u->capture_bytes <= CFG_CAPTURE_MAX);
		FUZZ_CHECK(u->sample_every >= 1);
	}
	for (i = 0; i < cfg->warning_count; i++)
		FUZZ_CHECK(cfg->warnings[i][0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_error err;
	struct cfg cfg;
	int ret;

	ret = cfg_parse("fuzz.yaml", (const char *)data, size, &cfg, &err);
	FUZZ_CHECK(!ret || ret == -EINVAL || ret == -ENOMEM);
	if (ret) {
		FUZZ_CHECK(err.msg[0]);
		FUZZ_CHECK(!cfg.paths && !cfg.uds && !cfg.warnings);
		return 0;
	}
	fuzz_config_check(&cfg);
	cfg_free(&cfg);
	return 0;
}
