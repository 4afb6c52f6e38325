/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every unit test includes: cmocka and the headers it needs first.
 */
#ifndef _PATHSTATS_TOOLS_TEST_H
#define _PATHSTATS_TOOLS_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#endif /* _PATHSTATS_TOOLS_TEST_H */
