// SPDX-License-Identifier: GPL-2.0
/*
 * Nearest-name suggestions.  See suggest.h.
 */

#include <ctype.h>
#include <string.h>

#include "suggest.h"

static size_t suggest_min(size_t a, size_t b)
{
	return a < b ? a : b;
}

/**
 * suggest_distance - edit distance between two words, ignoring case
 * @a: one word
 * @b: the other
 *
 * Return: the optimal string alignment distance, or SIZE_MAX when a word
 * is longer than SUGGEST_WORD_MAX (nothing that long is worth a guess).
 */
size_t suggest_distance(const char *a, const char *b)
{
	size_t d[SUGGEST_WORD_MAX + 1][SUGGEST_WORD_MAX + 1];
	size_t la = strlen(a), lb = strlen(b), i, j, cost;

	if (la > SUGGEST_WORD_MAX || lb > SUGGEST_WORD_MAX)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			cost = tolower((unsigned char)a[i - 1]) !=
			       tolower((unsigned char)b[j - 1]);
			d[i][j] = suggest_min(suggest_min(d[i - 1][j] + 1,
							  d[i][j - 1] + 1),
					      d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 &&
			    tolower((unsigned char)a[i - 1]) ==
			    tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) ==
			    tolower((unsigned char)b[j - 1]))
				d[i][j] = suggest_min(d[i][j],
						      d[i - 2][j - 2] + 1);
		}
	}
	return d[la][lb];
}

/**
 * suggest_nearest - the name a misspelt word most likely meant
 * @word: what the user wrote
 * @names: the known names
 * @n: their number
 *
 * A name is close enough at distance 1 for words of up to 4 bytes, and at
 * distance 2 for longer ones; on a tie, the first name wins.
 *
 * Return: the nearest close name, or NULL when none is close.
 */
const char *suggest_nearest(const char *word, const char *const *names,
			    size_t n)
{
	size_t len = strlen(word), max = len <= 4 ? 1 : 2;
	size_t best = (size_t)-1, d, i;
	const char *found = NULL;

	for (i = 0; i < n; i++) {
		d = suggest_distance(word, names[i]);
		if (d <= max && d < best) {
			best = d;
			found = names[i];
		}
	}
	return found;
}
