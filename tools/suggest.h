/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "Did you mean ...?": the known name nearest to a misspelt one, by
 * Damerau-Levenshtein distance (optimal string alignment: insertion,
 * deletion, substitution, transposition of two neighbours), ignoring case.
 */
#ifndef _PATHSTATS_TOOLS_SUGGEST_H
#define _PATHSTATS_TOOLS_SUGGEST_H

#include <stddef.h>

#define SUGGEST_WORD_MAX	64

size_t suggest_distance(const char *a, const char *b);
const char *suggest_nearest(const char *word, const char *const *names,
			    size_t n);

#endif /* _PATHSTATS_TOOLS_SUGGEST_H */
