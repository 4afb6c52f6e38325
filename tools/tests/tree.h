/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fake statsfs trees for the unit tests: ordinary files in a temporary
 * directory, with the layout, .bulk, .schema and labels of statsfs.
 */
#ifndef _PATHSTATS_TOOLS_TESTS_TREE_H
#define _PATHSTATS_TOOLS_TESTS_TREE_H

#include <stddef.h>

struct tree_file {
	const char *path;	/* relative to the root; directories made */
	const char *text;
};

char *tree_make(const struct tree_file *files, size_t n);
char *tree_read(const char *root, const char *path);
void tree_remove(char *root);

#endif /* _PATHSTATS_TOOLS_TESTS_TREE_H */
