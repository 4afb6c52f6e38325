/* SPDX-License-Identifier: GPL-2.0 */
/*
 * UTF-8 validation for the writers of text formats (JSON, Prometheus):
 * they pass valid sequences through and replace the rest with U+FFFD.
 */
#ifndef _PATHSTATS_TOOLS_UTF8_H
#define _PATHSTATS_TOOLS_UTF8_H

#include <stddef.h>

size_t utf8_seq_len(const unsigned char *s, size_t len);

#endif /* _PATHSTATS_TOOLS_UTF8_H */
