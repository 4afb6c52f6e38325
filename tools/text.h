/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names from captured bytes in lines of text for terminals and logs.
 */
#ifndef _PATHSTATS_TOOLS_TEXT_H
#define _PATHSTATS_TOOLS_TEXT_H

#include <stddef.h>
#include <stdio.h>

size_t text_write_escaped(FILE *f, const char *s, size_t len);
void text_write_padded(FILE *f, const char *s, size_t width);

#endif /* _PATHSTATS_TOOLS_TEXT_H */
