/* SPDX-License-Identifier: GPL-2.0 */
/*
 * UTF-8 validation for the writers of text formats (JSON, Prometheus):
 * they pass valid sequences through and replace the rest with U+FFFD.
 */
#ifndef _PATHSTATS_TOOLS_UTF8_H
#define _PATHSTATS_TOOLS_UTF8_H

#include <stddef.h>
#include <stdio.h>

/* Room for the longest escape a rule writes, NUL included ("\\u001f"). */
#define UTF8_ESCAPE_MAX	8

size_t utf8_seq_len(const unsigned char *s, size_t len);
void utf8_write_quoted(FILE *f, const char *s, size_t len,
		       const char *(*escape)(unsigned char c, char *buf),
		       const char *invalid);

#endif /* _PATHSTATS_TOOLS_UTF8_H */
