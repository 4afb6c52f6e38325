/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer for the --json output of pathstatsctl.
 * It writes valid JSON whatever the input: strings are escaped as RFC 8259
 * requires, and bytes that are not valid UTF-8 become U+FFFD.
 */
#ifndef _PATHSTATS_TOOLS_JSON_H
#define _PATHSTATS_TOOLS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	32

struct json_writer {
	FILE *f;
	bool pretty;
	bool after_key;
	unsigned int depth;
	bool has_items[JSON_MAX_DEPTH + 1];
	bool overflow;
};

void json_escape(FILE *f, const char *s, size_t len);

void json_init(struct json_writer *w, FILE *f, bool pretty);
void json_begin_object(struct json_writer *w);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w);
void json_end_array(struct json_writer *w);
void json_key(struct json_writer *w, const char *key);
void json_string(struct json_writer *w, const char *s);
void json_string_len(struct json_writer *w, const char *s, size_t len);
void json_u64(struct json_writer *w, uint64_t v);
void json_s64(struct json_writer *w, int64_t v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);
int json_finish(struct json_writer *w);

#endif /* _PATHSTATS_TOOLS_JSON_H */
