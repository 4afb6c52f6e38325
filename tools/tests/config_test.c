// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the configuration parser: both formats, normalisation,
 * name derivation, warnings, limits, and every error with its exact
 * message, line and column.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

#include "config.h"
#include "suggest.h"
#include "syscalls.h"

#define SYS(name)	(1ULL << PATHSTATS_SYS_##name)

static void parse_ok(const char *yaml, struct cfg *cfg)
{
	struct cfg_error err;
	int ret;

	ret = cfg_parse("c.yaml", yaml, strlen(yaml), cfg, &err);
	if (ret)
		fail_msg("failed: %s\ninput:\n%.200s", err.msg, yaml);
}

/* @yaml fails with exactly @msg ("c.yaml:LINE:COL: what"). */
static void parse_fails(const char *yaml, const char *msg)
{
	struct cfg_error err;
	struct cfg cfg;

	assert_int_equal(cfg_parse("c.yaml", yaml, strlen(yaml), &cfg,
				   &err), -EINVAL);
	if (strcmp(err.msg, msg))
		fail_msg("message: %s\nexpected: %s\ninput:\n%.200s",
			 err.msg, msg, yaml);
	assert_null(cfg.paths);
	assert_int_equal(cfg.path_count, 0);
	assert_null(cfg.uds);
	assert_null(cfg.warnings);
}

static void test_path_metrics(void **state)
{
	struct cfg cfg;

	(void)state;
	parse_ok("path_metrics:\n"
		 "  - path_prefix: /mnt/data\n"
		 "    syscalls: [open, openat, read, write, pread, pwrite, stat, fstat, close, newfstatat]\n"
		 "    name: data\n"
		 "  - path_prefix: /var/log\n"
		 "    syscalls:\n"
		 "      - all\n", &cfg);
	assert_int_equal(cfg.path_count, 2);
	assert_int_equal(cfg.uds_count, 0);
	assert_string_equal(cfg.paths[0].prefix, "/mnt/data");
	assert_string_equal(cfg.paths[0].name, "data");
	assert_false(cfg.paths[0].name_derived);
	assert_true(cfg.paths[0].syscalls ==
		    (SYS(OPEN) | SYS(OPENAT) | SYS(READ) | SYS(WRITE) |
		     SYS(PREAD) | SYS(PWRITE) | SYS(STAT) | SYS(FSTAT) |
		     SYS(CLOSE) | SYS(NEWFSTATAT)));
	assert_int_equal(cfg.paths[0].line, 2);
	assert_string_equal(cfg.paths[1].prefix, "/var/log");
	assert_string_equal(cfg.paths[1].name, "var_log");
	assert_true(cfg.paths[1].name_derived);
	assert_true(cfg.paths[1].syscalls == PATHSTATS_SYS_ALL);
	assert_int_equal(cfg.ring_entries, PATHSTATS_RING_DEFAULT);
	/* open is listed with openat: no warning. */
	assert_int_equal(cfg.warning_count, 0);
	cfg_free(&cfg);
	assert_null(cfg.paths);
}

static void test_monitored_paths(void **state)
{
	struct cfg cfg;

	(void)state;
	parse_ok("monitored_paths:\n"
		 "  - /app/storage\n"
		 "  - /tmp/\n"
		 "  - /\n", &cfg);
	assert_int_equal(cfg.path_count, 3);
	assert_string_equal(cfg.paths[0].prefix, "/app/storage");
	assert_string_equal(cfg.paths[0].name, "app_storage");
	assert_true(cfg.paths[0].syscalls == 0);
	assert_string_equal(cfg.paths[1].prefix, "/tmp");
	assert_string_equal(cfg.paths[1].name, "tmp");
	assert_string_equal(cfg.paths[2].prefix, "/");
	assert_string_equal(cfg.paths[2].name, "root");
	assert_int_equal(cfg.paths[2].line, 4);
	cfg_free(&cfg);
}

static void test_both_formats(void **state)
{
	struct cfg cfg;

	(void)state;
	parse_ok("monitored_paths: [/app/storage, /tmp]\n"
		 "uds_monitor:\n"
		 "  - socket_path: /tmp/upstream.sock\n"
		 "    capture_bytes: 512\n"
		 "    sample_every: 3\n"
		 "    name: upstream\n"
		 "  - socket_path: \"@bus/x\"\n"
		 "  - {socket_path: /run/a.sock, capture_bytes: 65536}\n"
		 "path_metrics:\n"
		 "  - {path_prefix: /mnt/data, syscalls: [openat], name: data}\n"
		 "ring:\n"
		 "  entries: 4079\n", &cfg);
	assert_int_equal(cfg.path_count, 3);
	/* The file's order. */
	assert_string_equal(cfg.paths[0].prefix, "/app/storage");
	assert_string_equal(cfg.paths[1].prefix, "/tmp");
	assert_string_equal(cfg.paths[2].prefix, "/mnt/data");
	assert_string_equal(cfg.paths[2].name, "data");
	assert_true(cfg.paths[2].syscalls == SYS(OPENAT));
	assert_int_equal(cfg.uds_count, 3);
	assert_string_equal(cfg.uds[0].path, "/tmp/upstream.sock");
	assert_false(cfg.uds[0].abstract);
	assert_string_equal(cfg.uds[0].name, "upstream");
	assert_int_equal(cfg.uds[0].capture_bytes, 512);
	assert_int_equal(cfg.uds[0].sample_every, 3);
	assert_string_equal(cfg.uds[1].path, "bus/x");
	assert_true(cfg.uds[1].abstract);
	assert_string_equal(cfg.uds[1].name, "@bus_x");
	assert_int_equal(cfg.uds[1].capture_bytes, 0);
	assert_int_equal(cfg.uds[1].sample_every, 1);
	assert_string_equal(cfg.uds[2].path, "/run/a.sock");
	assert_string_equal(cfg.uds[2].name, "run_a.sock");
	assert_int_equal(cfg.uds[2].capture_bytes, 65536);
	/* 4079 slots of 264 + 65536 bytes: just within 256 MiB. */
	assert_int_equal(cfg.ring_entries, 4079);
	cfg_free(&cfg);
	/* The most entries of the smallest captures: 986895 of 264 + 8. */
	parse_ok("uds_monitor:\n  - {socket_path: /a, capture_bytes: 8}\n"
		 "ring: {entries: 986895}\n", &cfg);
	assert_int_equal(cfg.ring_entries, 986895);
	cfg_free(&cfg);
	parse_fails("uds_monitor:\n  - {socket_path: /a, capture_bytes: 8}\n"
		    "ring: {entries: 986896}\n",
		    "c.yaml:3:7: ring too large: 986896 entries of 272 bytes (capture_bytes 8) exceed 256 MiB; at most 986895 entries");
}

static void test_uds_only_and_ring_min(void **state)
{
	struct cfg cfg;

	(void)state;
	parse_ok("uds_monitor: [{socket_path: '@a'}]\nring: {entries: 1}\n",
		 &cfg);
	assert_int_equal(cfg.path_count, 0);
	assert_int_equal(cfg.uds_count, 1);
	assert_string_equal(cfg.uds[0].name, "@a");
	assert_int_equal(cfg.ring_entries, 1);
	cfg_free(&cfg);
	parse_ok("uds_monitor: [{socket_path: '@a'}]\nring: {}\n", &cfg);
	assert_int_equal(cfg.ring_entries, PATHSTATS_RING_DEFAULT);
	cfg_free(&cfg);
}

static void test_names(void **state)
{
	struct cfg cfg;

	(void)state;
	/* Names of the two kinds live in different directories. */
	parse_ok("monitored_paths: [/x]\n"
		 "path_metrics:\n"
		 "  - {path_prefix: /home/.cache, syscalls: [read]}\n"
		 "  - {path_prefix: /a, syscalls: [read], name: \"caf\xc3\xa9 1\"}\n"
		 "uds_monitor: [{socket_path: /s, name: x}]\n", &cfg);
	assert_string_equal(cfg.paths[0].name, "x");
	assert_string_equal(cfg.paths[1].name, "home_.cache");
	assert_string_equal(cfg.paths[2].name, "caf\xc3\xa9 1");
	assert_string_equal(cfg.uds[0].name, "x");
	cfg_free(&cfg);
}

static void test_normalise(void **state)
{
	struct cfg cfg;

	(void)state;
	parse_ok("monitored_paths: [/a/b/, /a/b/c, \"/a/...\", /a/.b]\n", &cfg);
	assert_string_equal(cfg.paths[0].prefix, "/a/b");
	assert_string_equal(cfg.paths[1].prefix, "/a/b/c");
	assert_string_equal(cfg.paths[2].prefix, "/a/...");
	assert_string_equal(cfg.paths[3].prefix, "/a/.b");
	cfg_free(&cfg);

	parse_fails("monitored_paths: [/tmp]\n"
		    "path_metrics:\n"
		    "  - path_prefix: /tmp/\n"
		    "    syscalls: [read]\n",
		    "c.yaml:3:18: duplicate prefix '/tmp' (first at line 1)");
	parse_fails("monitored_paths:\n  - /a\n  - /b\n  - /a\n",
		    "c.yaml:4:5: duplicate prefix '/a' (first at line 2)");
	parse_fails("monitored_paths: [/a//b]\n",
		    "c.yaml:1:19: empty component ('//') in prefix '/a//b'");
	parse_fails("monitored_paths: [//]\n",
		    "c.yaml:1:19: empty component ('//') in prefix '//'");
	parse_fails("monitored_paths: [/a//]\n",
		    "c.yaml:1:19: empty component ('//') in prefix '/a//'");
	parse_fails("monitored_paths: [/a/./b]\n",
		    "c.yaml:1:19: '.' component in prefix '/a/./b' (write the real path, without '.' and '..')");
	parse_fails("monitored_paths: [/a/..]\n",
		    "c.yaml:1:19: '..' component in prefix '/a/..' (write the real path, without '.' and '..')");
	parse_fails("monitored_paths: [/.]\n",
		    "c.yaml:1:19: '.' component in prefix '/.' (write the real path, without '.' and '..')");
	parse_fails("path_metrics:\n  - path_prefix: tmp/x\n    syscalls: [read]\n",
		    "c.yaml:2:18: relative prefix 'tmp/x' (a prefix is an absolute path)");
	parse_fails("monitored_paths: [\"\", /a]\n",
		    "c.yaml:1:19: relative prefix '' (a prefix is an absolute path)");
}

static void test_name_errors(void **state)
{
	(void)state;
	parse_fails("path_metrics:\n"
		    "  - {path_prefix: /a, syscalls: [read], name: d}\n"
		    "  - {path_prefix: /b, syscalls: [read], name: d}\n",
		    "c.yaml:3:47: duplicate name 'd' (first at line 2)");
	parse_fails("monitored_paths: [/a_b, /a/b]\n",
		    "c.yaml:1:25: name 'a_b' derived from '/a/b' is already used at line 1; list the prefix under path_metrics with a 'name:'");
	parse_fails("path_metrics:\n"
		    "  - {path_prefix: /a_b, syscalls: [read]}\n"
		    "  - {path_prefix: /a/b, syscalls: [read]}\n",
		    "c.yaml:3:19: name 'a_b' derived from '/a/b' is already used at line 2; set 'name:'");
	parse_fails("monitored_paths: [/mnt/data]\n"
		    "path_metrics:\n"
		    "  - {path_prefix: /b, syscalls: [read], name: mnt_data}\n",
		    "c.yaml:3:47: duplicate name 'mnt_data' (first at line 1, derived from its prefix)");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: [read], name: a/b}\n",
		    "c.yaml:2:47: invalid name 'a/b': it contains '/'");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: [read], name: .a}\n",
		    "c.yaml:2:47: invalid name '.a': it starts with '.'");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: [read], name: \"a\\tb\"}\n",
		    "c.yaml:2:47: invalid name 'a\tb': it contains a control character");
	parse_fails("path_metrics:\n  - {path_prefix: \"/a\\tb\", syscalls: [read], name: ab}\n",
		    "c.yaml:2:19: control character 0x09 in prefix '/a\tb'");
	parse_fails("uds_monitor:\n  - {socket_path: \"/a\\x01b\", name: ab}\n",
		    "c.yaml:2:19: control character 0x01 in socket_path '/a\001b'");
	parse_fails("uds_monitor:\n  - {socket_path: \"@a\\x7f\", name: ab}\n",
		    "c.yaml:2:19: control character 0x7f in socket_path '@a\x7f'");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: [read], name: ''}\n",
		    "c.yaml:2:47: invalid name '': it is empty");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: [read], name: }\n",
		    "c.yaml:2:47: 'name' must be a string, got an empty value");
	parse_fails("monitored_paths: [/.cache]\n",
		    "c.yaml:1:19: invalid name '.cache' derived from '/.cache': it starts with '.'; list the prefix under path_metrics with a 'name:'");
	parse_fails("uds_monitor:\n  - {socket_path: /a/b}\n  - {socket_path: /a_b}\n",
		    "c.yaml:3:19: name 'a_b' derived from '/a_b' is already used at line 2; set 'name:'");
	parse_fails("uds_monitor:\n  - {socket_path: /a, name: n}\n  - {socket_path: /b, name: n}\n",
		    "c.yaml:3:29: duplicate name 'n' (first at line 2)");
}

static void test_long_name(void **state)
{
	char name[PATHSTATS_NAME_MAX + 1], yaml[1024], msg[1024];
	struct cfg cfg;

	(void)state;
	memset(name, 'n', sizeof(name));
	name[PATHSTATS_NAME_MAX - 1] = '\0';
	snprintf(yaml, sizeof(yaml), "monitored_paths: [/%s]\n", name);
	parse_ok(yaml, &cfg);
	assert_int_equal(strlen(cfg.paths[0].name), PATHSTATS_NAME_MAX - 1);
	cfg_free(&cfg);

	name[PATHSTATS_NAME_MAX - 1] = 'n';
	name[PATHSTATS_NAME_MAX] = '\0';
	snprintf(yaml, sizeof(yaml), "monitored_paths: [/%s]\n", name);
	snprintf(msg, sizeof(msg),
		 "c.yaml:1:19: invalid name '%.64s...' derived from '/%.63s...': it is longer than 255 bytes; list the prefix under path_metrics with a 'name:'",
		 name, name);
	parse_fails(yaml, msg);
}

static void test_syscall_errors(void **state)
{
	(void)state;
	parse_fails("path_metrics:\n"
		    "  - path_prefix: /mnt/data\n"
		    "    syscalls: [open, opne]\n",
		    "c.yaml:3:22: unknown syscall 'opne' (did you mean 'open'?)");
	parse_fails("path_metrics:\n"
		    "  - path_prefix: /mnt/data\n"
		    "    syscalls:\n"
		    "      - pread64\n",
		    "c.yaml:4:9: unknown syscall 'pread64' (did you mean 'pread'?)");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: [OPENAT]}\n",
		    "c.yaml:2:34: unknown syscall 'OPENAT' (did you mean 'openat'?)");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: [al]}\n",
		    "c.yaml:2:34: unknown syscall 'al' (did you mean 'all'?)");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: [fstatat]}\n",
		    "c.yaml:2:34: unknown syscall 'fstatat' (did you mean 'fstat'?)");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: [ioctl]}\n",
		    "c.yaml:2:34: unknown syscall 'ioctl'");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: [frobnicate]}\n",
		    "c.yaml:2:34: unknown syscall 'frobnicate'");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: []}\n",
		    "c.yaml:2:33: 'syscalls' is an empty list (expected at least one syscall name, or 'all')");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: read}\n",
		    "c.yaml:2:33: 'syscalls' must be a list, got 'read'");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: [[read]]}\n",
		    "c.yaml:2:34: a syscall name must be a string, got a list");
	parse_fails("path_metrics:\n  - {path_prefix: /a, syscalls: [read, ~]}\n",
		    "c.yaml:2:40: a syscall name must be a string, got an empty value");
}

static void test_cgroup_filter_errors(void **state)
{
	(void)state;
	parse_fails("path_metrics:\n"
		    "  - path_prefix: /a\n"
		    "    syscalls: [read]\n"
		    "    cgroups: []\n",
		    "c.yaml:4:14: 'cgroups' must be a list of cgroup v2 paths such as /kubepods.slice, got an empty list");
	parse_fails("path_metrics:\n"
		    "  - path_prefix: /a\n"
		    "    syscalls: [read]\n"
		    "    cgroups: [kubepods.slice]\n",
		    "c.yaml:4:15: relative prefix 'kubepods.slice' (a prefix is an absolute path)");
	parse_fails("uds_monitor:\n"
		    "  - socket_path: /a.sock\n"
		    "    cgroups: [/x, /y/, /x]\n",
		    "c.yaml:3:24: cgroup '/x' is listed twice in 'cgroups'");
	parse_fails("uds_monitor:\n"
		    "  - socket_path: /a.sock\n"
		    "    cgroups: [/x, /y/]\n"
		    "    cgroups: [/z]\n",
		    "c.yaml:4:5: duplicate key 'cgroups' in uds_monitor entry (first at line 3)");
	parse_fails("monitored_paths: [/a]\n"
		    "attribution: {cgroups: [/x]}\n",
		    "c.yaml:2:15: unknown key 'cgroups' in attribution");
	parse_fails("uds_monitor:\n"
		    "  - socket_path: /a.sock\n"
		    "    cgroups: [/1, /2, /3, /4, /5, /6, /7, /8, /9, /10, /11, /12, /13, /14, /15, /16, /17]\n",
		    "c.yaml:3:86: too many cgroups: at most 16");
}

static void test_key_errors(void **state)
{
	(void)state;
	parse_fails("path_metrics:\n"
		    "  - pth_prefix: /mnt/data\n"
		    "    syscalls: [read]\n",
		    "c.yaml:2:5: unknown key 'pth_prefix' in path_metrics entry (did you mean 'path_prefix'?)");
	parse_fails("path_metrics:\n"
		    "  - path_prefix: /mnt/data\n"
		    "    syscalls: [read]\n"
		    "    color: blue\n",
		    "c.yaml:4:5: unknown key 'color' in path_metrics entry");
	parse_fails("path_metric:\n  - path_prefix: /a\n",
		    "c.yaml:1:1: unknown key 'path_metric' at the top level (did you mean 'path_metrics'?)");
	parse_fails("monitored_paths: [/a]\nring: {entires: 5}\n",
		    "c.yaml:2:8: unknown key 'entires' in ring (did you mean 'entries'?)");
	parse_fails("uds_monitor:\n  - socket_path: /a\n    capture: 5\n",
		    "c.yaml:3:5: unknown key 'capture' in uds_monitor entry");
	parse_fails("uds_monitor:\n  - socket_path: /a\n    sample_evry: 5\n",
		    "c.yaml:3:5: unknown key 'sample_evry' in uds_monitor entry (did you mean 'sample_every'?)");
	parse_fails("path_metrics:\n"
		    "  - path_prefix: /a\n"
		    "    syscalls: [read]\n"
		    "    path_prefix: /b\n",
		    "c.yaml:4:5: duplicate key 'path_prefix' in path_metrics entry (first at line 2)");
	parse_fails("monitored_paths: [/a]\nmonitored_paths: [/b]\n",
		    "c.yaml:2:1: duplicate key 'monitored_paths' at the top level (first at line 1)");
	parse_fails("path_metrics:\n  - syscalls: [read]\n",
		    "c.yaml:2:5: missing key 'path_prefix' in path_metrics entry");
	parse_fails("path_metrics:\n  - path_prefix: /a\n",
		    "c.yaml:2:5: missing key 'syscalls' in path_metrics entry");
	parse_fails("uds_monitor:\n  - name: x\n",
		    "c.yaml:2:5: missing key 'socket_path' in uds_monitor entry");
	parse_fails("monitored_paths: [/a]\n[x]: 1\n",
		    "c.yaml:2:1: a key must be a string, got a list");
}

static void test_type_errors(void **state)
{
	(void)state;
	parse_fails("- /a\n",
		    "c.yaml:1:1: the configuration must be a map, got a list");
	parse_fails("hello\n",
		    "c.yaml:1:1: the configuration must be a map, got 'hello'");
	parse_fails("path_metrics:\n",
		    "c.yaml:1:14: 'path_metrics' must be a list, got an empty value");
	parse_fails("path_metrics: {path_prefix: /a}\n",
		    "c.yaml:1:15: 'path_metrics' must be a list, got a map");
	parse_fails("path_metrics: [/a]\n",
		    "c.yaml:1:16: a path_metrics entry must be a map, got '/a'");
	parse_fails("monitored_paths: /a\n",
		    "c.yaml:1:18: 'monitored_paths' must be a list, got '/a'");
	parse_fails("monitored_paths:\n  - path_prefix: /a\n",
		    "c.yaml:2:5: a monitored_paths entry must be a string, got a map");
	parse_fails("path_metrics:\n  - {path_prefix: [/a], syscalls: [read]}\n",
		    "c.yaml:2:19: 'path_prefix' must be a string, got a list");
	parse_fails("uds_monitor: {socket_path: /a}\n",
		    "c.yaml:1:14: 'uds_monitor' must be a list, got a map");
	parse_fails("uds_monitor: [/a]\n",
		    "c.yaml:1:15: a uds_monitor entry must be a map, got '/a'");
	parse_fails("monitored_paths: [/a]\nring: 5\n",
		    "c.yaml:2:7: 'ring' must be a map, got '5'");
	parse_fails("monitored_paths: [/a]\nring: {entries: many}\n",
		    "c.yaml:2:17: 'entries' must be an integer, got 'many'");
	parse_fails("monitored_paths: [/a]\nring: {entries: \"5\"}\n",
		    "c.yaml:2:17: 'entries' must be an integer, got the quoted string '5'");
	parse_fails("monitored_paths: [/a]\nring: {entries: 0x10}\n",
		    "c.yaml:2:17: 'entries' must be an integer, got '0x10'");
	parse_fails("monitored_paths: [/a]\nring: {entries: [1]}\n",
		    "c.yaml:2:17: 'entries' must be an integer, got a list");
	parse_fails("monitored_paths: [\"/a\\0b\"]\n",
		    "c.yaml:1:19: a monitored_paths entry contains a NUL character");
	parse_fails("monitored_paths: [/a]\nring: {entries: }\n",
		    "c.yaml:2:17: 'entries' must be an integer, got an empty value");
}

static void test_empty_lists(void **state)
{
	(void)state;
	parse_fails("path_metrics: []\n",
		    "c.yaml:1:15: 'path_metrics' is an empty list (expected at least one entry)");
	parse_fails("monitored_paths: []\n",
		    "c.yaml:1:18: 'monitored_paths' is an empty list (expected at least one prefix)");
	parse_fails("uds_monitor: []\n",
		    "c.yaml:1:14: 'uds_monitor' is an empty list (expected at least one entry)");
	parse_fails("ring: {entries: 5}\n",
		    "c.yaml:1:1: nothing to monitor: expected 'path_metrics', 'monitored_paths', 'uds_monitor' or 'trace'");
	parse_fails("{}\n",
		    "c.yaml:1:1: nothing to monitor: expected 'path_metrics', 'monitored_paths', 'uds_monitor' or 'trace'");
}

static void test_ranges(void **state)
{
	(void)state;
	parse_fails("monitored_paths: [/a]\nring: {entries: 0}\n",
		    "c.yaml:2:17: 'entries' must be between 1 and 1048576, got 0");
	parse_fails("monitored_paths: [/a]\nring: {entries: 1048577}\n",
		    "c.yaml:2:17: 'entries' must be between 1 and 1048576, got 1048577");
	parse_fails("monitored_paths: [/a]\nring: {entries: -1}\n",
		    "c.yaml:2:17: 'entries' must be between 1 and 1048576, got -1");
	parse_fails("monitored_paths: [/a]\nring: {entries: 99999999999999999999999}\n",
		    "c.yaml:2:17: 'entries' must be between 1 and 1048576, got 99999999999999999999999");
	parse_fails("uds_monitor:\n  - socket_path: /a\n    capture_bytes: 65537\n",
		    "c.yaml:3:20: 'capture_bytes' must be between 0 and 65536, got 65537");
	parse_fails("uds_monitor:\n  - socket_path: /a\n    sample_every: 0\n",
		    "c.yaml:3:19: 'sample_every' must be between 1 and 4294967295, got 0");
	parse_fails("uds_monitor:\n  - socket_path: /a\n    sample_every: 4294967296\n",
		    "c.yaml:3:19: 'sample_every' must be between 1 and 4294967295, got 4294967296");
	/* The ring's bytes are bounded: entries times the largest capture. */
	parse_fails("uds_monitor:\n  - socket_path: /a\n    capture_bytes: 65536\nring:\n  entries: 4080\n",
		    "c.yaml:5:3: ring too large: 4080 entries of 65800 bytes (capture_bytes 65536) exceed 256 MiB; at most 4079 entries");
}

static void test_socket_errors(void **state)
{
	char yaml[512], path[CFG_SOCKET_PATH_MAX + 2];
	struct cfg cfg;

	(void)state;
	parse_fails("uds_monitor:\n  - socket_path: run/a.sock\n",
		    "c.yaml:2:18: relative socket_path 'run/a.sock' (expected an absolute path, or '@name' for an abstract socket)");
	parse_fails("uds_monitor:\n  - socket_path: \"@\"\n",
		    "c.yaml:2:18: empty abstract socket name '@'");
	parse_fails("uds_monitor:\n  - socket_path: /run/a/\n",
		    "c.yaml:2:18: socket_path '/run/a/' names a directory (expected the socket file's path)");
	parse_fails("uds_monitor:\n  - socket_path: /\n",
		    "c.yaml:2:18: socket_path '/' names a directory (expected the socket file's path)");
	parse_fails("uds_monitor:\n  - socket_path: //run/a.sock\n",
		    "c.yaml:2:18: empty component ('//') in socket_path '//run/a.sock'");
	parse_fails("uds_monitor:\n  - socket_path: /run/../a.sock\n",
		    "c.yaml:2:18: '..' component in socket_path '/run/../a.sock' (write the real path, without '.' and '..')");
	parse_fails("uds_monitor:\n  - socket_path: /a\n  - socket_path: /a\n",
		    "c.yaml:3:18: duplicate socket_path '/a' (first at line 2)");
	parse_fails("uds_monitor:\n  - socket_path: '@a'\n  - socket_path: '@a'\n",
		    "c.yaml:3:18: duplicate socket_path '@a' (first at line 2)");
	/* The same string, abstract or not, is two sockets. */
	parse_ok("uds_monitor:\n  - socket_path: /a\n  - {socket_path: '@/a', name: b}\n",
		 &cfg);
	cfg_free(&cfg);

	memset(path, 'p', sizeof(path));
	path[0] = '/';
	path[CFG_SOCKET_PATH_MAX] = '\0';
	snprintf(yaml, sizeof(yaml), "uds_monitor: [{socket_path: %s}]\n",
		 path);
	parse_ok(yaml, &cfg);
	cfg_free(&cfg);
	path[CFG_SOCKET_PATH_MAX] = 'p';
	path[CFG_SOCKET_PATH_MAX + 1] = '\0';
	snprintf(yaml, sizeof(yaml), "uds_monitor: [{socket_path: %s}]\n",
		 path);
	parse_fails(yaml,
		    "c.yaml:1:29: socket_path too long: 108 bytes, at most 107");
}

static void test_yaml_errors(void **state)
{
	(void)state;
	parse_fails("", "c.yaml:1:1: empty configuration: expected 'path_metrics', 'monitored_paths' or 'uds_monitor'");
	parse_fails("# only a comment\n\n",
		    "c.yaml:1:1: empty configuration: expected 'path_metrics', 'monitored_paths' or 'uds_monitor'");
	parse_fails("monitored_paths: [/a]\n---\nmonitored_paths: [/b]\n",
		    "c.yaml:2:1: a second YAML document: a configuration is one document");
	parse_fails("monitored_paths: [/a\n",
		    "c.yaml:2:1: malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 1)");
	parse_fails("path_metrics:\n  - path_prefix: /a\n   syscalls: [read]\n",
		    "c.yaml:3:4: malformed YAML: did not find expected '-' indicator (while parsing a block collection at line 2)");
	parse_fails("monitored_paths:\n\t- /a\n",
		    "c.yaml:2:1: malformed YAML: found character that cannot start any token (while scanning for the next token at line 2)");
	parse_fails("monitored_paths: [/a]\nx: \"\xff\"\n",
		    "c.yaml:2:5: malformed YAML: invalid leading UTF-8 octet");
	parse_fails("monitored_paths: *nope\n",
		    "c.yaml:1:18: malformed YAML: found undefined alias");
}

static void test_warnings(void **state)
{
	struct cfg cfg;

	(void)state;
	parse_ok("path_metrics:\n"
		 "  - path_prefix: /a\n"
		 "    syscalls: [stat, lstat, fstat, open, creat, read]\n",
		 &cfg);
	assert_int_equal(cfg.warning_count, 5);
	assert_string_equal(cfg.warnings[0],
			    "c.yaml:3:16: 'stat' counts only direct stat(2) calls: glibc 2.33+ implements stat() with newfstatat (add 'newfstatat')");
	assert_string_equal(cfg.warnings[1],
			    "c.yaml:3:22: 'lstat' counts only direct lstat(2) calls: glibc 2.33+ implements lstat() with newfstatat (add 'newfstatat')");
	assert_string_equal(cfg.warnings[2],
			    "c.yaml:3:29: 'fstat' counts only direct fstat(2) calls: glibc 2.33+ implements fstat() with newfstatat (add 'newfstatat')");
	assert_string_equal(cfg.warnings[3],
			    "c.yaml:3:36: 'open' counts only direct open(2) calls: glibc 2.33+ implements open() with openat (add 'openat')");
	assert_string_equal(cfg.warnings[4],
			    "c.yaml:3:42: 'creat' counts only direct creat(2) calls: glibc 2.33+ implements creat() with openat (add 'openat')");
	cfg_free(&cfg);
	assert_null(cfg.warnings);

	/* The replacement listed, before or after, or through 'all'. */
	parse_ok("path_metrics:\n"
		 "  - {path_prefix: /a, syscalls: [newfstatat, stat, fstat, lstat, open, openat, creat]}\n"
		 "  - {path_prefix: /b, syscalls: [stat, open, all]}\n",
		 &cfg);
	assert_int_equal(cfg.warning_count, 0);
	cfg_free(&cfg);

	/* One rule's replacement does not cover another's. */
	parse_ok("path_metrics:\n"
		 "  - {path_prefix: /a, syscalls: [newfstatat]}\n"
		 "  - {path_prefix: /b, syscalls: [openat, stat]}\n",
		 &cfg);
	assert_int_equal(cfg.warning_count, 1);
	assert_string_equal(cfg.warnings[0],
			    "c.yaml:3:42: 'stat' counts only direct stat(2) calls: glibc 2.33+ implements stat() with newfstatat (add 'newfstatat')");
	cfg_free(&cfg);
}

/* A file of @n prefixes, half under path_metrics, half a list. */
static char *many_prefixes(unsigned int n)
{
	char *file = strdup("/tmp/config_test.XXXXXX");
	unsigned int i;
	FILE *f;
	int fd;

	assert_non_null(file);
	fd = mkstemp(file);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "path_metrics:\n");
	for (i = 0; i < n / 2; i++)
		fprintf(f, "  - {path_prefix: /p/%u, syscalls: [read]}\n", i);
	fprintf(f, "monitored_paths:\n");
	for (; i < n; i++)
		fprintf(f, "  - /p/%u\n", i);
	assert_int_equal(fclose(f), 0);
	return file;
}

static void test_limits(void **state)
{
	struct cfg_error err;
	struct cfg cfg;
	char *file, msg[1024];

	(void)state;
	file = many_prefixes(PATHSTATS_MAX_PATHS);
	assert_int_equal(cfg_parse_file(file, &cfg, &err), 0);
	assert_int_equal(cfg.path_count, PATHSTATS_MAX_PATHS);
	assert_string_equal(cfg.paths[4095].prefix, "/p/4095");
	assert_string_equal(cfg.paths[4095].name, "p_4095");
	cfg_free(&cfg);
	unlink(file);
	free(file);

	file = many_prefixes(PATHSTATS_MAX_PATHS + 1);
	assert_int_equal(cfg_parse_file(file, &cfg, &err), -EINVAL);
	/* Line 1 path_metrics, 2048 entries, monitored_paths, 2049 more. */
	snprintf(msg, sizeof(msg), "%s:4099:5: too many prefixes: at most 4096",
		 file);
	assert_string_equal(err.msg, msg);
	assert_int_equal(cfg.path_count, 0);
	unlink(file);
	free(file);
}

static void test_socket_limit(void **state)
{
	struct cfg_error err;
	struct cfg cfg;
	size_t len = 0;
	unsigned int i;
	char *yaml;
	FILE *f;

	(void)state;
	f = open_memstream(&yaml, &len);
	assert_non_null(f);
	fprintf(f, "uds_monitor:\n");
	for (i = 0; i < PATHSTATS_MAX_SOCKETS; i++)
		fprintf(f, "  - socket_path: '@s%u'\n", i);
	assert_int_equal(fflush(f), 0);
	assert_int_equal(cfg_parse("c.yaml", yaml, len, &cfg, &err), 0);
	assert_int_equal(cfg.uds_count, PATHSTATS_MAX_SOCKETS);
	cfg_free(&cfg);
	fprintf(f, "  - socket_path: /x\n");
	assert_int_equal(fclose(f), 0);
	assert_int_equal(cfg_parse("c.yaml", yaml, len, &cfg, &err),
			 -EINVAL);
	assert_string_equal(err.msg,
			    "c.yaml:1026:18: too many sockets: at most 1024");
	free(yaml);
}

static void test_long_prefix(void **state)
{
	char *yaml, *p;
	struct cfg cfg;
	size_t n;

	(void)state;
	/* "/pppp...": 5000 bytes. */
	yaml = malloc(5100);
	assert_non_null(yaml);
	n = snprintf(yaml, 5100, "path_metrics:\n  - name: long\n"
		     "    syscalls: [read]\n    path_prefix: /");
	p = yaml + n;
	memset(p, 'p', 4999);
	memcpy(p + 4999, "\n", 2);
	parse_fails(yaml,
		    "c.yaml:4:18: prefix too long: 5000 bytes, at most 4095");

	/* 4095 bytes and a trailing slash: the longest there is. */
	for (n = 100; n < PATHSTATS_PATH_MAX - 2; n += 100)
		p[n] = '/';
	p[PATHSTATS_PATH_MAX - 2] = '/';
	memcpy(p + PATHSTATS_PATH_MAX - 1, "\n", 2);
	parse_ok(yaml, &cfg);
	assert_int_equal(strlen(cfg.paths[0].prefix), PATHSTATS_PATH_MAX - 1);
	assert_int_equal(cfg.paths[0].prefix[PATHSTATS_PATH_MAX - 2], 'p');
	cfg_free(&cfg);

	/* 4096 bytes. */
	p[PATHSTATS_PATH_MAX - 2] = 'p';
	parse_fails(yaml,
		    "c.yaml:4:18: prefix too long: 4096 bytes, at most 4095");
	free(yaml);
}

static void test_file_errors(void **state)
{
	struct cfg_error err;
	struct cfg cfg;

	(void)state;
	assert_int_equal(cfg_parse_file("/nonexistent/c.yaml", &cfg, &err),
			 -ENOENT);
	assert_string_equal(err.msg,
			    "cannot read '/nonexistent/c.yaml': No such file or directory");
	assert_int_equal(cfg_parse_file("/", &cfg, &err), -EISDIR);
	assert_string_equal(err.msg, "cannot read '/': Is a directory");
}

static void test_suggest(void **state)
{
	static const char *const names[] = { "open", "openat", "read",
					     "pread", "stat", "fstat" };

	(void)state;
	assert_int_equal(suggest_distance("", ""), 0);
	assert_int_equal(suggest_distance("open", "opne"), 1);
	assert_int_equal(suggest_distance("open", "OPEN"), 0);
	assert_int_equal(suggest_distance("read", "pread"), 1);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
	assert_int_equal(suggest_distance("ca", "abc"), 3);
	assert_string_equal(suggest_nearest("opne", names, 6), "open");
	assert_string_equal(suggest_nearest("openta", names, 6), "openat");
	assert_string_equal(suggest_nearest("red", names, 6), "read");
	/* Ties: the first. */
	assert_string_equal(suggest_nearest("stat", names, 6), "stat");
	assert_null(suggest_nearest("x", names, 6));
	assert_null(suggest_nearest("write", names, 6));
	/* Short words get one edit only. */
	assert_null(suggest_nearest("rd", names, 6));
}

static void test_syscall_names(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < PATHSTATS_SYS_COUNT; i++) {
		assert_non_null(syscalls_names[i]);
		assert_int_equal(syscalls_lookup(syscalls_names[i]), i);
	}
	assert_int_equal(syscalls_lookup("all"), -1);
	assert_int_equal(syscalls_lookup("pread64"), -1);
	assert_int_equal(syscalls_lookup("copy_file_range"),
			 PATHSTATS_SYS_COPY_FILE_RANGE);
	assert_int_equal(syscalls_glibc_replacement(PATHSTATS_SYS_STAT),
			 PATHSTATS_SYS_NEWFSTATAT);
	assert_int_equal(syscalls_glibc_replacement(PATHSTATS_SYS_CREAT),
			 PATHSTATS_SYS_OPENAT);
	assert_int_equal(syscalls_glibc_replacement(PATHSTATS_SYS_READ), -1);
}

static void test_trace_sessions(void **state)
{
	const struct cfg_trace_session *ts;
	struct cfg cfg;

	(void)state;
	parse_ok("trace:\n"
		 "  sessions:\n"
		 "    - name: a.b-1\n"
		 "      points:\n"
		 "        - name: process/exec\n"
		 "          context_fields: [pid, exe, credentials]\n"
		 "        - {name: process/exit, optional_fields: []}\n"
		 "      sinks:\n"
		 "        - {name: device, config: {buffer_bytes: 65536}}\n"
		 "        - {name: \"null\", ignore_setup_error: true}\n"
		 "trace_session: {name: Default, points: [{name: process/exit, context_fields: [group_id, thread_id]}], sinks: [{name: device}]}\n",
		 &cfg);
	assert_int_equal(cfg.trace_count, 2);
	ts = &cfg.trace[0];
	assert_string_equal(ts->name, "a.b-1");
	assert_int_equal(ts->line, 3);
	assert_int_equal(ts->point_count, 2);
	assert_int_equal(ts->points[0].point, PATHSTATS_TRACE_PROCESS_EXEC);
	assert_int_equal(ts->points[0].context,
			 1U << PATHSTATS_TRACE_CTX_PID |
			 1U << PATHSTATS_TRACE_CTX_EXE |
			 1U << PATHSTATS_TRACE_CTX_UID |
			 1U << PATHSTATS_TRACE_CTX_GID);
	assert_int_equal(ts->points[1].point, PATHSTATS_TRACE_PROCESS_EXIT);
	assert_int_equal(ts->points[1].context, 0);
	assert_int_equal(ts->sink_count, 2);
	assert_int_equal(ts->sinks[0].type, PATHSTATS_TRACE_SINK_DEVICE);
	assert_int_equal(ts->sinks[0].buffer_bytes, 65536);
	assert_int_equal(ts->sinks[0].flags, 0);
	assert_int_equal(ts->sinks[1].type, PATHSTATS_TRACE_SINK_NULL);
	assert_int_equal(ts->sinks[1].flags,
			 PATHSTATS_TRACE_SINK_IGNORE_SETUP_ERROR);
	ts = &cfg.trace[1];
	assert_string_equal(ts->name, "Default");
	assert_int_equal(ts->points[0].context,
			 1U << PATHSTATS_TRACE_CTX_PID |
			 1U << PATHSTATS_TRACE_CTX_TID);
	assert_int_equal(ts->sinks[0].buffer_bytes, 0);
	cfg_free(&cfg);

	parse_ok("trace_session: {name: f, points: [{name: file/read, optional_fields: [path]}, {name: file/rename}], sinks: [{name: device}]}\n",
		 &cfg);
	ts = &cfg.trace[0];
	assert_int_equal(ts->points[0].point, PATHSTATS_TRACE_FILE_READ);
	assert_int_equal(ts->points[0].optional, PATHSTATS_TRACE_OPT_PATH);
	assert_int_equal(ts->points[1].point, PATHSTATS_TRACE_FILE_RENAME);
	assert_int_equal(ts->points[1].optional, 0);
	cfg_free(&cfg);

	parse_ok("trace_session: {name: r, points: [{name: process/exec}], sinks: [{name: remote, config: {endpoint: '@mon', backoff: 25ms, backoff_max: 2s}}]}\n",
		 &cfg);
	ts = &cfg.trace[0];
	assert_int_equal(ts->sinks[0].type, PATHSTATS_TRACE_SINK_REMOTE);
	assert_string_equal(ts->sinks[0].endpoint, "@mon");
	assert_int_equal(ts->sinks[0].retries, PATHSTATS_TRACE_RETRIES_DEFAULT);
	assert_true(ts->sinks[0].backoff_ns == 25000000ULL);
	assert_true(ts->sinks[0].backoff_max_ns == 2000000000ULL);
	cfg_free(&cfg);
}

static void test_trace_errors(void **state)
{
	(void)state;
	parse_fails("trace_session: {name: a b, points: [{name: process/exec}], sinks: [{name: device}]}\n",
		    "c.yaml:1:23: session name 'a b': 1 to 63 of A-Z, a-z, 0-9, '_', '.' and '-'");
	parse_fails("trace_session: {name: a, points: [{name: process/exec}, {name: process/exec}], sinks: [{name: device}]}\n",
		    "c.yaml:1:64: point 'process/exec' twice in session 'a'");
	parse_fails("trace_session: {name: a, points: [{name: process/exec, optional_fields: [data]}], sinks: [{name: device}]}\n",
		    "c.yaml:1:74: point 'process/exec' has no optional field 'data'");
	parse_fails("trace_session: {name: a, points: [{name: file/read, optional_fields: [data]}], sinks: [{name: device}]}\n",
		    "c.yaml:1:71: point 'file/read' has no optional field 'data'");
	parse_fails("trace_session: {name: a, points: [{name: process/exec}], sinks: [{name: device, config: {size: 1}}]}\n",
		    "c.yaml:1:90: unknown key 'size' in the config of sink 'device'");
	parse_fails("trace_session: {name: a, points: [{name: process/exec}], sinks: [{name: device, config: {buffer_bytes: 100}}]}\n",
		    "c.yaml:1:104: 'buffer_bytes' must be between 65536 and 16777216, got 100");
	parse_fails("trace_session: {name: a, points: [{name: process/exec}], sinks: [{name: device, ignore_setup_error: yes}]}\n",
		    "c.yaml:1:101: 'ignore_setup_error' must be true or false, got 'yes'");
	parse_fails("trace_session: {name: a, points: [{name: process/exec}], sinks: [{name: device}, {name: device}]}\n",
		    "c.yaml:1:89: sink 'device' twice in session 'a'");
	parse_fails("trace_session: {name: a, points: [{name: process/exec}]}\n",
		    "c.yaml:1:16: session 'a' has no 'sinks'");
	parse_fails("trace: {sessions: [{name: a, points: [{name: process/exec}], sinks: [{name: device}]}, {name: a, points: [{name: process/exec}], sinks: [{name: device}]}]}\n",
		    "c.yaml:1:95: session 'a' twice (first at line 1)");
	parse_fails("trace_session: {name: a, points: [{name: process/exec}], sinks: [{name: remote}]}\n",
		    "c.yaml:1:66: sink 'remote' needs a config with 'endpoint'");
	parse_fails("trace_session: {name: a, points: [{name: process/exec}], sinks: [{name: remote, config: {endpoint: rel.sock}}]}\n",
		    "c.yaml:1:100: 'endpoint' must be an absolute socket path or '@' and an abstract name, of at most 107 bytes, got 'rel.sock'");
	parse_fails("trace_session: {name: a, points: [{name: process/exec}], sinks: [{name: remote, config: {endpoint: /m.sock, backoff: 10}}]}\n",
		    "c.yaml:1:118: 'backoff' must be a whole number and ns, us, ms or s (\"10ms\"), got '10'");
	parse_fails("trace_session: {name: a, points: [{name: process/exec}], sinks: [{name: remote, config: {endpoint: /m.sock, backoff: 61s}}]}\n",
		    "c.yaml:1:118: 'backoff' must be at most 60s, got '61s'");
	parse_fails("trace_session: {name: a, points: [{name: process/exec}], sinks: [{name: remote, config: {endpoint: /m.sock, backoff: 2s, backoff_max: 1s}}]}\n",
		    "c.yaml:1:135: 'backoff_max' is shorter than 'backoff'");
	parse_fails("trace_session: {name: a, points: [{name: process/exec}], sinks: [{name: remote, config: {endpoint: /m.sock, retries: 101}}]}\n",
		    "c.yaml:1:118: 'retries' must be between 0 and 100, got 101");
	parse_fails("trace: {session: []}\n",
		    "c.yaml:1:9: unknown key 'session' in trace (did you mean 'sessions'?)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_metrics),
		cmocka_unit_test(test_monitored_paths),
		cmocka_unit_test(test_both_formats),
		cmocka_unit_test(test_uds_only_and_ring_min),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_name_errors),
		cmocka_unit_test(test_long_name),
		cmocka_unit_test(test_syscall_errors),
		cmocka_unit_test(test_key_errors),
		cmocka_unit_test(test_cgroup_filter_errors),
		cmocka_unit_test(test_type_errors),
		cmocka_unit_test(test_empty_lists),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_socket_errors),
		cmocka_unit_test(test_yaml_errors),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_socket_limit),
		cmocka_unit_test(test_long_prefix),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_syscall_names),
		cmocka_unit_test(test_trace_sessions),
		cmocka_unit_test(test_trace_errors),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL) ? 1 : 0;
}
