/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kselftest harness as the pathstats suites use it, with time limits
 * that follow the kernel under test.
 *
 * Every test's time limit (the harness's alarm) and every bounded wait of
 * a test are multiplied by PATHSTATS_TIME_SCALE, a whole number from 1 to
 * 100 (default 1).  The debug kernel (KASAN, lockdep, kmemleak, under
 * emulation) runs the same tests many times slower; a limit stretched for
 * all kernels would let a hang on the others go on for as long.
 */
#ifndef PATHSTATS_SELFTESTS_HARNESS_H
#define PATHSTATS_SELFTESTS_HARNESS_H

#include <stdio.h>
#include <stdlib.h>

#include "kselftest_harness.h"

/* The constructor below runs between the harness's own; older ones lack it. */
#ifndef KSELFTEST_PRIO_TEST
#error "this kselftest_harness.h has no constructor priorities: use 6.12's"
#endif

static inline unsigned int pathstats_time_scale(void)
{
	const char *s = getenv("PATHSTATS_TIME_SCALE");
	unsigned long v;
	char *end;

	if (!s || !*s)
		return 1;
	v = strtoul(s, &end, 10);
	if (*end || v < 1 || v > 100) {
		fprintf(stderr, "PATHSTATS_TIME_SCALE=%s: not 1..100\n", s);
		exit(KSFT_FAIL);
	}
	return v;
}

/* Runs after every test has registered itself, before main(). */
static void __attribute__((constructor(KSELFTEST_PRIO_TEST + 10)))
pathstats_scale_timeouts(void)
{
	unsigned int scale = pathstats_time_scale();
	struct __fixture_metadata *f;
	struct __test_metadata *t;

	for (f = __fixture_list; f; f = f->next)
		for (t = f->tests; t; t = t->next)
			t->timeout *= scale;
}

#endif /* PATHSTATS_SELFTESTS_HARNESS_H */
