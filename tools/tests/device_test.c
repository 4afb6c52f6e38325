// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the control device's error messages, on what this host
 * has: a missing device, and a device that knows none of our ioctls.
 */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

#include "device.h"

static void test_device_missing(void **state)
{
	struct device_error err;

	(void)state;
	assert_int_equal(device_open("/nonexistent/pathstats", true, &err),
			 -ENOENT);
	assert_string_equal(err.msg,
			    "pathstats module not loaded (no /nonexistent/pathstats)");
}

static void test_device_foreign(void **state)
{
	struct pathstats_status st;
	struct device_error err;
	char blob[64] = { 0 };
	int fd;

	(void)state;
	fd = device_open("/dev/null", true, &err);
	assert_true(fd >= 0);
	assert_int_equal(device_status(fd, &st, &err), -ENOTTY);
	assert_string_equal(err.msg,
			    "cannot read the status: the device does not know the request (pathstatsctl and pathstats.ko versions differ?)");
	assert_int_equal(device_load(fd, blob, sizeof(blob), &err), -ENOTTY);
	assert_string_equal(err.msg,
			    "cannot load the configuration: the device does not know the request (pathstatsctl and pathstats.ko versions differ?)");
	assert_int_equal(device_clear(fd, &err), -ENOTTY);
	assert_string_equal(err.msg,
			    "cannot clear the configuration: the device does not know the request (pathstatsctl and pathstats.ko versions differ?)");
	close(fd);
}

static void test_device_not_a_file(void **state)
{
	struct device_error err;

	(void)state;
	assert_int_equal(device_open("/", true, &err), -EISDIR);
	assert_string_equal(err.msg, "cannot open /: Is a directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_device_missing),
		cmocka_unit_test(test_device_foreign),
		cmocka_unit_test(test_device_not_a_file),
	};

	return cmocka_run_group_tests_name("device", tests, NULL, NULL) ? 1 : 0;
}
