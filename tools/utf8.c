// SPDX-License-Identifier: GPL-2.0
/*
 * UTF-8 validation.  See utf8.h.
 */

#include "utf8.h"

/**
 * utf8_seq_len - the length of the valid UTF-8 sequence at @s
 * @s: the bytes
 * @len: how many there are, at least 1
 *
 * Return: 1 to 4, or 0 if @s does not start a valid sequence.
 */
size_t utf8_seq_len(const unsigned char *s, size_t len)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	/* No overlong forms, no surrogates, nothing above U+10FFFF. */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/**
 * utf8_write_quoted - write a double-quoted string literal of a text format
 * @f: where to
 * @s: the bytes, NULs allowed
 * @len: their number
 * @escape: the format's rule: the escape for byte @c (it may format one
 *	into @buf, UTF8_ESCAPE_MAX bytes), or NULL to copy it as it is
 * @invalid: what replaces a byte that is not part of valid UTF-8
 *
 * The formats differ only in what they escape; all of them pass valid
 * UTF-8 through and need invalid bytes replaced.
 */
void utf8_write_quoted(FILE *f, const char *s, size_t len,
		       const char *(*escape)(unsigned char c, char *buf),
		       const char *invalid)
{
	const unsigned char *p = (const unsigned char *)s;
	char buf[UTF8_ESCAPE_MAX];
	const char *e;
	size_t i = 0, n;

	fputc('"', f);
	while (i < len) {
		e = escape(p[i], buf);
		if (e) {
			fputs(e, f);
			i++;
			continue;
		}
		n = utf8_seq_len(p + i, len - i);
		if (!n) {
			fputs(invalid, f);
			i++;
			continue;
		}
		fwrite(p + i, 1, n, f);
		i += n;
	}
	fputc('"', f);
}
