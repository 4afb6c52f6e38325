// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the configuration blob: the layout is exactly what
 * include/uapi/linux/pathstats.h says, byte for byte.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#include "blob.h"
#include "config.h"

/* The structures' sizes are part of the ABI. */
_Static_assert(sizeof(struct pathstats_config_header) == 48, "header");
_Static_assert(sizeof(struct pathstats_path_rule) == 32, "path rule");
_Static_assert(sizeof(struct pathstats_uds_rule) == 32, "uds rule");
_Static_assert(sizeof(struct pathstats_load) == 16, "load");
_Static_assert(sizeof(struct pathstats_status) == 80, "status");

static const char yaml[] =
	"path_metrics:\n"
	"  - {path_prefix: /mnt/data/, syscalls: [openat, read], name: data}\n"
	"monitored_paths: [/tmp]\n"
	"uds_monitor:\n"
	"  - {socket_path: /run/up.sock, capture_bytes: 512, sample_every: 7}\n"
	"  - {socket_path: '@bus', name: bus}\n"
	"ring: {entries: 4096}\n";

/* The string at @off of the table: inside it, and NUL-terminated there. */
static const char *blob_str(const struct blob *b, __u32 off)
{
	const struct pathstats_config_header *h = b->data;
	const char *t = (const char *)b->data + h->strings_offset;

	assert_true(off < h->strings_size);
	assert_non_null(memchr(t + off, '\0', h->strings_size - off));
	return t + off;
}

static void test_blob_layout(void **state)
{
	const struct pathstats_config_header *h;
	const struct pathstats_path_rule *pr;
	const struct pathstats_uds_rule *ur;
	struct cfg_error err;
	struct cfg cfg;
	struct blob blob;
	size_t size, strings;
	const char *t;

	(void)state;
	assert_int_equal(cfg_parse("c.yaml", yaml, strlen(yaml), &cfg,
				   &err), 0);
	assert_int_equal(blob_build(&cfg, &blob, &size), 0);
	assert_int_equal(size, blob.size);

	h = blob.data;
	assert_int_equal(h->magic, PATHSTATS_CONFIG_MAGIC);
	assert_int_equal(h->size, blob.size);
	assert_int_equal(h->path_count, 2);
	assert_int_equal(h->uds_count, 2);
	assert_int_equal(h->ring_entries, 4096);
	assert_int_equal(h->flags, 0);
	assert_true(h->reserved[0] == 0 && h->reserved[1] == 0);
	/* Rules right after the header, then the table, ending the blob. */
	assert_int_equal(h->strings_offset, 48 + 2 * 32 + 2 * 32);
	strings = sizeof("/mnt/data") + sizeof("data") + sizeof("/tmp") +
		  sizeof("tmp") + sizeof("/run/up.sock") +
		  sizeof("run_up.sock") + sizeof("bus") + sizeof("bus");
	assert_int_equal(h->strings_size, strings);
	assert_int_equal(h->size, h->strings_offset + h->strings_size);
	assert_int_equal(((const char *)blob.data)[blob.size - 1], '\0');

	pr = (const void *)((const char *)blob.data + 48);
	assert_true(pr[0].syscalls == ((1ULL << PATHSTATS_SYS_OPENAT) |
				       (1ULL << PATHSTATS_SYS_READ)));
	assert_string_equal(blob_str(&blob, pr[0].prefix), "/mnt/data");
	assert_string_equal(blob_str(&blob, pr[0].name), "data");
	assert_true(pr[1].syscalls == 0);
	assert_string_equal(blob_str(&blob, pr[1].prefix), "/tmp");
	assert_string_equal(blob_str(&blob, pr[1].name), "tmp");
	assert_int_equal(pr[0].flags | pr[1].flags, 0);
	assert_int_equal(pr[0].max_groups | pr[1].max_groups, 0);
	assert_int_equal(pr[0].reserved | pr[0].cgroups |
			 pr[1].reserved | pr[1].cgroups, 0);

	ur = (const void *)((const char *)blob.data + 48 + 2 * 32);
	assert_string_equal(blob_str(&blob, ur[0].path), "/run/up.sock");
	assert_string_equal(blob_str(&blob, ur[0].name), "run_up.sock");
	assert_int_equal(ur[0].capture_bytes, 512);
	assert_int_equal(ur[0].sample_every, 7);
	assert_int_equal(ur[0].flags, 0);
	assert_string_equal(blob_str(&blob, ur[1].path), "bus");
	assert_string_equal(blob_str(&blob, ur[1].name), "bus");
	assert_int_equal(ur[1].capture_bytes, 0);
	assert_int_equal(ur[1].sample_every, 1);
	assert_int_equal(ur[1].flags, PATHSTATS_UDS_ABSTRACT);
	assert_int_equal(ur[0].max_groups | ur[1].max_groups, 0);
	assert_int_equal(ur[0].reserved | ur[0].cgroups |
			 ur[1].reserved | ur[1].cgroups, 0);

	/* The table, byte for byte: each string once per use, in order. */
	t = (const char *)blob.data + h->strings_offset;
	assert_memory_equal(t, "/mnt/data\0data\0/tmp\0tmp\0/run/up.sock\0"
			    "run_up.sock\0bus\0bus", strings);
	assert_int_equal(pr[0].prefix, 0);

	blob_free(&blob);
	assert_null(blob.data);
	assert_int_equal(blob.size, 0);
	cfg_free(&cfg);
}

static void test_blob_paths_only(void **state)
{
	const struct pathstats_config_header *h;
	struct cfg_error err;
	struct cfg cfg;
	struct blob blob;
	size_t size;
	static const char in[] = "monitored_paths: [/]\n";

	(void)state;
	assert_int_equal(cfg_parse("c.yaml", in, strlen(in), &cfg, &err),
			 0);
	assert_int_equal(blob_build(&cfg, &blob, &size), 0);
	h = blob.data;
	assert_int_equal(h->path_count, 1);
	assert_int_equal(h->uds_count, 0);
	assert_int_equal(h->ring_entries, PATHSTATS_RING_DEFAULT);
	assert_int_equal(h->strings_offset, 48 + 32);
	assert_int_equal(h->strings_size, sizeof("/") + sizeof("root"));
	assert_int_equal(blob.size, 48 + 32 + 7);
	assert_memory_equal((const char *)blob.data + 80, "/\0root", 7);
	blob_free(&blob);
	cfg_free(&cfg);
}

/* A filter: its paths, normalised, then an empty string; the flag set. */
static void test_blob_cgroup_filter(void **state)
{
	const struct pathstats_path_rule *pr;
	const struct pathstats_uds_rule *ur;
	struct cfg_error err;
	struct cfg cfg;
	struct blob blob;
	size_t size;
	static const char in[] =
		"path_metrics:\n"
		"  - path_prefix: /d\n"
		"    syscalls: [read]\n"
		"    by: [cgroup]\n"
		"    cgroups: [/kubepods.slice/, /system.slice/docker-1.scope]\n"
		"uds_monitor:\n"
		"  - socket_path: /s.sock\n"
		"    cgroups: [/]\n"
		"  - socket_path: /t.sock\n";

	(void)state;
	assert_int_equal(cfg_parse("c.yaml", in, strlen(in), &cfg, &err),
			 0);
	assert_int_equal(blob_build(&cfg, &blob, &size), 0);
	pr = (const void *)((const char *)blob.data + 48);
	assert_int_equal(pr->flags,
			 PATHSTATS_GROUP_BY_CGROUP | PATHSTATS_FILTER_CGROUPS);
	assert_memory_equal(blob_str(&blob, pr->cgroups),
			    "/kubepods.slice\0/system.slice/docker-1.scope\0",
			    sizeof("/kubepods.slice\0/system.slice/docker-1.scope"));
	ur = (const void *)((const char *)blob.data + 48 + 32);
	assert_int_equal(ur[0].flags, PATHSTATS_FILTER_CGROUPS);
	assert_memory_equal(blob_str(&blob, ur[0].cgroups), "/\0", 3);
	assert_int_equal(ur[1].flags, 0);
	assert_int_equal(ur[1].cgroups, 0);
	assert_int_equal(size, 48 + 3 * 32 + sizeof("/d") + sizeof("d") +
			 sizeof("/kubepods.slice") +
			 sizeof("/system.slice/docker-1.scope") + 1 +
			 sizeof("/s.sock") + sizeof("s.sock") + 3 +
			 sizeof("/t.sock") + sizeof("t.sock"));
	blob_free(&blob);
	cfg_free(&cfg);
}

/* 4096 prefixes of 4095 bytes: beyond PATHSTATS_CONFIG_MAX_SIZE. */
static void test_blob_too_large(void **state)
{
	struct cfg cfg = { 0 };
	struct blob blob;
	char *long_path;
	size_t size, i;

	(void)state;
	long_path = malloc(PATHSTATS_PATH_MAX);
	assert_non_null(long_path);
	memset(long_path, 'p', PATHSTATS_PATH_MAX - 1);
	long_path[0] = '/';
	long_path[PATHSTATS_PATH_MAX - 1] = '\0';
	cfg.paths = calloc(PATHSTATS_MAX_PATHS, sizeof(*cfg.paths));
	assert_non_null(cfg.paths);
	cfg.path_count = PATHSTATS_MAX_PATHS;
	for (i = 0; i < cfg.path_count; i++) {
		cfg.paths[i].prefix = long_path;
		cfg.paths[i].name = "n";
	}
	assert_int_equal(blob_build(&cfg, &blob, &size), -E2BIG);
	assert_int_equal(size, 48 + 4096 * (32 + 4096 + 2));
	assert_null(blob.data);

	/* 4000 of them fit. */
	cfg.path_count = 4000;
	assert_int_equal(blob_build(&cfg, &blob, &size), 0);
	assert_int_equal(size, 48 + 4000 * (32 + 4096 + 2));
	assert_true(size <= PATHSTATS_CONFIG_MAX_SIZE);
	blob_free(&blob);
	free(cfg.paths);
	free(long_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blob_layout),
		cmocka_unit_test(test_blob_paths_only),
		cmocka_unit_test(test_blob_cgroup_filter),
		cmocka_unit_test(test_blob_too_large),
	};

	return cmocka_run_group_tests_name("blob", tests, NULL, NULL) ? 1 : 0;
}
