// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the output of pathstatsctl status, text and JSON.
 */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#include "status.h"

static const struct pathstats_status st = {
	.abi_version = PATHSTATS_ABI_VERSION,
	.version = 0 << 16 | 1 << 8 | 2,
	.path_count = 3,
	.uds_count = 1,
	.probes_attached = 12,
	.ring_entries = 1024,
	.ring_used = 17,
	.ring_dropped = 300,
	.held_calls = 2,
	.generation = 5,
	.loads = 4,
	.rejects = 18446744073709551615ULL,
};

static char *shown(bool json, const struct pathstats_status *s)
{
	char *out = NULL;
	size_t size;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	if (json)
		assert_int_equal(status_json(f, s), 0);
	else
		status_text(f, s);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void test_status_text(void **state)
{
	struct pathstats_status other = st;
	char *out;

	(void)state;
	out = shown(false, &st);
	assert_string_equal(out,
			    "module:          pathstats.ko 0.1.2\n"
			    "abi version:     1\n"
			    "prefixes:        3\n"
			    "sockets:         1\n"
			    "probes attached: 12\n"
			    "ring entries:    1024\n"
			    "ring used:       17\n"
			    "ring dropped:    300\n"
			    "held calls:      2\n"
			    "generation:      5\n"
			    "loads:           4\n"
			    "rejects:         18446744073709551615\n");
	free(out);
	other.abi_version = 7;
	other.version = 1 << 16 | 255 << 8 | 3;
	out = shown(false, &other);
	assert_non_null(strstr(out, "module:          pathstats.ko 1.255.3\n"
				    "abi version:     7 (pathstatsctl speaks 1)\n"));
	free(out);
}

static void test_status_json(void **state)
{
	char *out;

	(void)state;
	out = shown(true, &st);
	assert_string_equal(out,
			    "{\n"
			    "  \"module_version\": \"0.1.2\",\n"
			    "  \"abi_version\": 1,\n"
			    "  \"prefixes\": 3,\n"
			    "  \"sockets\": 1,\n"
			    "  \"probes_attached\": 12,\n"
			    "  \"ring_entries\": 1024,\n"
			    "  \"ring_used\": 17,\n"
			    "  \"ring_dropped\": 300,\n"
			    "  \"held_calls\": 2,\n"
			    "  \"generation\": 5,\n"
			    "  \"loads\": 4,\n"
			    "  \"rejects\": 18446744073709551615\n"
			    "}\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_text),
		cmocka_unit_test(test_status_json),
	};

	return cmocka_run_group_tests_name("status", tests, NULL, NULL) ? 1 : 0;
}
