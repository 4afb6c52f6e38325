// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl reset [NAME]: write "0" to cumulative values, which
 * statsfs takes as a reset; written to an aggregate, it resets the value
 * in every source below.  The .schema of a directory says which of its
 * values are cumulative: the others (levels) cannot be reset.
 *
 * Without NAME, the values of pathmon/ and uds/ themselves, all
 * aggregates, so every prefix and socket; with NAME, those of
 * pathmon/NAME/ and uds/NAME/ (a prefix and a socket may share a name).
 * A missing uds/ or pathmon/ is no error: that part has nothing to reset.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "reset.h"

static const char *const reset_subsystems[] = { "pathmon", "uds" };

__printf(3, 4)
static int reset_fail(struct sfs_error *err, int ret, const char *fmt,
		      ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return ret;
}

static int reset_value(const struct sfs_tree *fs, const char *dir,
		       const char *name, struct sfs_error *err)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, ret = 0;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		return reset_fail(err, -ENAMETOOLONG, "path too long");
	fd = openat(fs->dirfd, path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	do {
		n = write(fd, "0", 1);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		ret = -errno;
	else if (n != 1)
		ret = -EIO;
	close(fd);
out:
	if (ret)
		reset_fail(err, ret, "cannot reset %s/%s: %s", fs->root, path,
			   strerror(-ret));
	return ret;
}

/* Reset the cumulative values of the directory @dir; -ENOENT if none. */
static int reset_dir(FILE *f, const struct sfs_tree *fs, const char *dir,
		     struct sfs_error *err)
{
	struct sfs_schema schema;
	unsigned int count = 0;
	struct stat st;
	size_t i;
	int ret;

	if (fstatat(fs->dirfd, dir, &st, 0) < 0) {
		ret = -errno;
		if (ret != -ENOENT)
			reset_fail(err, ret, "cannot stat %s/%s: %s",
				   fs->root, dir, strerror(-ret));
		return ret;
	}
	if (!S_ISDIR(st.st_mode))
		return -ENOENT;
	ret = sfs_read_schema(fs, dir, &schema, err);
	if (ret)
		return ret;
	for (i = 0; i < schema.n && !ret; i++) {
		if (!(schema.entries[i].flags & SFS_FLAG_CUMULATIVE))
			continue;
		ret = reset_value(fs, dir, schema.entries[i].name, err);
		if (!ret)
			count++;
	}
	sfs_schema_free(&schema);
	if (!ret)
		fprintf(f, "%s: %u value%s reset\n", dir, count,
			count == 1 ? "" : "s");
	return ret;
}

/* A name statsfs could show: else it names no source, and no path. */
static bool reset_name_valid(const char *name)
{
	const char *p;

	if (!*name || *name == '.' || strchr(name, '/'))
		return false;
	for (p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/**
 * reset_tree - reset everything, or the sources named @name
 * @f: where to report what was reset, one line per directory
 * @fs: the tree
 * @name: NULL for every prefix and socket, else a source's name
 * @err: the error message on failure
 *
 * Return: 0, -ESRCH when no prefix or socket has the name @name, or
 * another negative errno.
 */
int reset_tree(FILE *f, const struct sfs_tree *fs, const char *name,
	       struct sfs_error *err)
{
	bool found = false;
	char dir[PATH_MAX];
	unsigned int i;
	int ret;

	err->line = 0;
	if (name && !reset_name_valid(name))
		goto not_found;
	for (i = 0; i < ARRAY_SIZE(reset_subsystems); i++) {
		if (snprintf(dir, sizeof(dir), "%s%s%s", reset_subsystems[i],
			     name ? "/" : "", name ? name : "") >=
		    (int)sizeof(dir))
			goto not_found;
		ret = reset_dir(f, fs, dir, err);
		if (ret == -ENOENT)
			continue;
		if (ret)
			return ret;
		found = true;
	}
	if (found || !name)
		return 0;
not_found:
	return reset_fail(err, -ESRCH, "no source named '%s'", name);
}

int reset_main(int argc, char **argv)
{
	struct sfs_error err;
	struct sfs_tree fs;
	int ret;

	if (argc > 1 && argv[1][0] == '-' && argv[1][1])
		return cmd_usage_err("unknown option '%s' for '%s'", argv[1],
				     argv[0]);
	if (argc > 2)
		return cmd_usage_err("unexpected argument '%s' for '%s'",
				     argv[2], argv[0]);
	ret = cmd_open_stats(&fs);
	if (ret)
		return ret;
	ret = reset_tree(stdout, &fs, argc > 1 ? argv[1] : NULL, &err);
	sfs_close(&fs);
	if (ret) {
		cmd_err("%s", err.msg);
		return ret == -ESRCH ? CMD_EXIT_USAGE : CMD_EXIT_KERNEL;
	}
	return CMD_EXIT_OK;
}
