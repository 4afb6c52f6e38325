// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming JSON writer.  See json.h.  Nesting deeper than JSON_MAX_DEPTH
 * and a value where a key is due are programming errors: the writer
 * remembers them and json_finish() reports them.
 */

#include <errno.h>
#include <string.h>

#include "json.h"
#include "utf8.h"

static const char *json_escape_rule(unsigned char c, char *buf)
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		if (c >= 0x20)
			return NULL;
		snprintf(buf, UTF8_ESCAPE_MAX, "\\u%04x", c);
		return buf;
	}
}

/**
 * json_escape - write a JSON string literal, quotes included
 * @f: where to
 * @s: the bytes, NULs allowed
 * @len: their number
 */
void json_escape(FILE *f, const char *s, size_t len)
{
	utf8_write_quoted(f, s, len, json_escape_rule, "\\ufffd");
}

void json_init(struct json_writer *w, FILE *f, bool pretty)
{
	*w = (struct json_writer){ .f = f, .pretty = pretty };
}

static void json_indent(struct json_writer *w, unsigned int depth)
{
	unsigned int i;

	fputc('\n', w->f);
	for (i = 0; i < depth; i++)
		fputs("  ", w->f);
}

/* Separator and indentation before a value or a key. */
static void json_item(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->depth)
		return;
	if (w->has_items[w->depth])
		fputc(',', w->f);
	if (w->pretty)
		json_indent(w, w->depth);
	w->has_items[w->depth] = true;
}

static void json_begin(struct json_writer *w, char c)
{
	json_item(w);
	fputc(c, w->f);
	if (w->depth == JSON_MAX_DEPTH) {
		w->overflow = true;
		return;
	}
	w->has_items[++w->depth] = false;
}

static void json_end(struct json_writer *w, char c)
{
	if (!w->depth || w->after_key) {
		w->overflow = true;
		return;
	}
	if (w->pretty && w->has_items[w->depth])
		json_indent(w, w->depth - 1);
	w->depth--;
	fputc(c, w->f);
}

void json_begin_object(struct json_writer *w)
{
	json_begin(w, '{');
}

void json_end_object(struct json_writer *w)
{
	json_end(w, '}');
}

void json_begin_array(struct json_writer *w)
{
	json_begin(w, '[');
}

void json_end_array(struct json_writer *w)
{
	json_end(w, ']');
}

void json_key(struct json_writer *w, const char *key)
{
	if (w->after_key)
		w->overflow = true;
	json_item(w);
	json_escape(w->f, key, strlen(key));
	fputs(w->pretty ? ": " : ":", w->f);
	w->after_key = true;
}

void json_string_len(struct json_writer *w, const char *s, size_t len)
{
	json_item(w);
	json_escape(w->f, s, len);
}

void json_string(struct json_writer *w, const char *s)
{
	json_string_len(w, s, strlen(s));
}

void json_u64(struct json_writer *w, uint64_t v)
{
	json_item(w);
	fprintf(w->f, "%llu", (unsigned long long)v);
}

void json_s64(struct json_writer *w, int64_t v)
{
	json_item(w);
	fprintf(w->f, "%lld", (long long)v);
}

void json_bool(struct json_writer *w, bool v)
{
	json_item(w);
	fputs(v ? "true" : "false", w->f);
}

void json_null(struct json_writer *w)
{
	json_item(w);
	fputs("null", w->f);
}

/**
 * json_finish - end the document with a newline
 * @w: the writer
 *
 * Return: 0, -EINVAL if the nesting is unbalanced or was too deep, -EIO
 * if the stream has an error.
 */
int json_finish(struct json_writer *w)
{
	if (w->overflow || w->depth || w->after_key)
		return -EINVAL;
	fputc('\n', w->f);
	return ferror(w->f) ? -EIO : 0;
}
