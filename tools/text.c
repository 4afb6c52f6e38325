// SPDX-License-Identifier: GPL-2.0
/*
 * Names from captured bytes in lines of text.
 *
 * Process, socket and method names come from whatever a local process
 * sent or called itself.  Written raw, a control sequence in one would
 * move a terminal's cursor or forge a log line, and a space or separator
 * would split a field.  Every byte outside printable ASCII, and the
 * bytes that delimit the fields of a line, are written as \xHH, so a
 * line shows the name exactly and can be parsed back.  --json, meant
 * for programs rather than terminals, shows names as JSON strings,
 * UTF-8 and all.
 */

#include <string.h>

#include "text.h"

static int text_byte_plain(unsigned char c)
{
	return c > ' ' && c < 0x7f && c != '\\' && c != ',' && c != '=';
}

/**
 * text_write_escaped - write a name, escaped for a line of text
 * @f: where to
 * @s: the bytes, NULs allowed
 * @len: their number
 *
 * Return: the number of characters written.
 */
size_t text_write_escaped(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (text_byte_plain(p[i])) {
			fputc(p[i], f);
			n++;
		} else {
			fprintf(f, "\\x%02x", p[i]);
			n += 4;
		}
	}
	return n;
}

/**
 * text_write_padded - write a NUL-terminated name escaped, in a column
 * @f: where to
 * @s: the name
 * @width: the column's width: spaces follow a shorter name
 */
void text_write_padded(FILE *f, const char *s, size_t width)
{
	size_t n = text_write_escaped(f, s, strlen(s));

	while (n++ < width)
		fputc(' ', f);
}
