// SPDX-License-Identifier: GPL-2.0
/*
 * Fake statsfs trees for the unit tests.  See tree.h.  Any failure to
 * build one fails the test.
 */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "tree.h"

static void tree_mkdirs(char *path)
{
	char *slash;

	for (slash = strchr(path + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*slash = '/';
	}
}

/**
 * tree_make - build a tree of files in a new temporary directory
 * @files: the files and their contents
 * @n: their number
 *
 * Return: the directory, malloc()ed; remove it with tree_remove().
 */
char *tree_make(const struct tree_file *files, size_t n)
{
	char tmpl[] = "/tmp/pathstats-test.XXXXXX";
	char *root, *path;
	size_t i;
	FILE *f;

	assert_non_null(mkdtemp(tmpl));
	root = strdup(tmpl);
	assert_non_null(root);
	for (i = 0; i < n; i++) {
		assert_true(asprintf(&path, "%s/%s", root, files[i].path) > 0);
		tree_mkdirs(path);
		f = fopen(path, "w");
		if (!f)
			fail_msg("create %s: %s", path, strerror(errno));
		fputs(files[i].text, f);
		assert_int_equal(fclose(f), 0);
		free(path);
	}
	return root;
}

/**
 * tree_read - the contents of a file of a tree
 * @root: the tree
 * @path: the file, relative to @root
 *
 * Return: the contents, malloc()ed.
 */
char *tree_read(const char *root, const char *path)
{
	char *full, *buf = NULL;
	size_t size = 0;
	FILE *f;
	int c;

	assert_true(asprintf(&full, "%s/%s", root, path) > 0);
	f = fopen(full, "r");
	if (!f)
		fail_msg("open %s: %s", full, strerror(errno));
	while ((c = fgetc(f)) != EOF) {
		buf = realloc(buf, size + 2);
		assert_non_null(buf);
		buf[size++] = c;
	}
	fclose(f);
	free(full);
	if (!buf)
		buf = calloc(1, 1);
	assert_non_null(buf);
	buf[size] = '\0';
	return buf;
}

static int tree_unlink(const char *path, const struct stat *st, int flag,
		       struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/**
 * tree_remove - remove a tree made by tree_make(), and free its name
 * @root: the tree
 */
void tree_remove(char *root)
{
	assert_int_equal(nftw(root, tree_unlink, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(root);
}
