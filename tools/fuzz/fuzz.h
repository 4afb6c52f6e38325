/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every fuzz target has: libFuzzer's entry point, and a check that
 * aborts, so that a broken invariant is a crash libFuzzer reports.
 */
#ifndef _PATHSTATS_FUZZ_H
#define _PATHSTATS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: check failed: %s\n",	\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

#endif /* _PATHSTATS_FUZZ_H */
