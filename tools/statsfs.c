// SPDX-License-Identifier: GPL-2.0
/*
 * Client library for statsfs.  See statsfs.h.
 *
 * The parsers accept exactly what module/statsfs/file.c prints and nothing
 * else: a malformed file means a truncated read or a mismatched module,
 * and a wrong number is worse than an error.
 *
 * .bulk: one "relative/path value\n" line per value.  Names may contain
 * spaces (statsfs only forbids '/', control characters and a leading
 * '.'), so the value is the text after the last space on the line.  The
 * value is canonical decimal as printed by %llu or %lld: no sign but a
 * '-' on a negative number, no leading zeros, no "-0".  Every line ends
 * in '\n': a last line without one is rejected as a truncated read.
 *
 * .schema: a "# statsfs schema v1:" header line, then one line per value
 * of six tab-separated fields: name, type, aggregation, flags, unit and
 * description ("-" when there is none).
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "statsfs.h"

#define SFS_READ_INIT	(64 * 1024)
#define SFS_SHOW_MAX	64	/* bytes of bad input quoted in errors */
#define SFS_SCHEMA_HDR	"# statsfs schema v1:"
#define SFS_SCHEMA_ANY	"# statsfs schema v"
#define SFS_SCHEMA_FIELDS	6

static const char *const sfs_type_names[] = {
	[SFS_TYPE_U64] = "u64",
	[SFS_TYPE_S64] = "s64",
	[SFS_TYPE_BOOL] = "bool",
};

static const char *const sfs_aggr_names[] = {
	[SFS_AGGR_NONE] = "none",
	[SFS_AGGR_SUM] = "sum",
	[SFS_AGGR_MIN] = "min",
	[SFS_AGGR_MAX] = "max",
	[SFS_AGGR_AVG] = "avg",
	[SFS_AGGR_COUNT_ZERO] = "count_zero",
};

static const struct {
	const char *name;
	unsigned int flag;
} sfs_flag_names[] = {
	{ "cumulative", SFS_FLAG_CUMULATIVE },
	{ "floating", SFS_FLAG_FLOATING },
	{ "percpu", SFS_FLAG_PERCPU },
	{ "plain", SFS_FLAG_PLAIN },
	{ "callback", SFS_FLAG_CALLBACK },
	{ "aggregate", SFS_FLAG_AGGREGATE },
};

__printf(3, 4)
static int sfs_fail(struct sfs_error *err, int ret,
		    const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return ret;
}

const char *sfs_type_name(enum sfs_type type)
{
	if ((unsigned int)type >= ARRAY_SIZE(sfs_type_names))
		return "?";
	return sfs_type_names[type];
}

const char *sfs_aggr_name(enum sfs_aggr aggr)
{
	if ((unsigned int)aggr >= ARRAY_SIZE(sfs_aggr_names))
		return "?";
	return sfs_aggr_names[aggr];
}

static int sfs_check_magic(int fd, const char *root, bool *is_statsfs,
			   struct sfs_error *err)
{
	struct statfs st;

	if (fstatfs(fd, &st) < 0)
		return sfs_fail(err, -errno, "cannot statfs %s: %s", root,
				strerror(errno));
	*is_statsfs = (unsigned long)st.f_type == SFS_MAGIC;
	return 0;
}

static int sfs_open_dir(const char *root, struct sfs_error *err)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		return sfs_fail(err, -ENOENT,
				"pathstats module not loaded (no %s)",
				root);
	return sfs_fail(err, -errno, "cannot open %s: %s", root,
			strerror(errno));
}

/**
 * sfs_open - find the statsfs tree, mounting it if asked to
 * @fs: filled in on success; release with sfs_close()
 * @root: the mount point, normally SFS_ROOT
 * @mount_it: mount statsfs on @root when something else is there
 * @err: the error message on failure
 *
 * The module creates @root when it loads, so a missing @root means the
 * module is not loaded: -ENOENT.  -ENODEV: statsfs is not mounted there
 * and @mount_it is false, or the filesystem type is unknown.
 *
 * Return: 0 or a negative errno.
 */
int sfs_open(struct sfs_tree *fs, const char *root, bool mount_it,
	     struct sfs_error *err)
{
	bool is_statsfs = false;
	int fd, ret;

	fs->dirfd = -1;
	fs->root = NULL;
	fd = sfs_open_dir(root, err);
	if (fd < 0)
		return fd;
	ret = sfs_check_magic(fd, root, &is_statsfs, err);
	if (ret)
		goto out_close;
	if (!is_statsfs) {
		close(fd);
		if (!mount_it)
			return sfs_fail(err, -ENODEV,
					"statsfs is not mounted on %s",
					root);
		if (mount(SFS_FSTYPE, root, SFS_FSTYPE,
			  MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
			if (errno == ENODEV)
				return sfs_fail(err, -ENODEV,
						"pathstats module not loaded (no filesystem type %s)",
						SFS_FSTYPE);
			return sfs_fail(err, -errno,
					"cannot mount %s on %s: %s",
					SFS_FSTYPE, root,
					strerror(errno));
		}
		fd = sfs_open_dir(root, err);
		if (fd < 0)
			return fd;
		ret = sfs_check_magic(fd, root, &is_statsfs, err);
		if (ret)
			goto out_close;
		if (!is_statsfs) {
			ret = sfs_fail(err, -EIO,
				       "mounted %s on %s, but it is not there",
				       SFS_FSTYPE, root);
			goto out_close;
		}
	}
	fs->root = strdup(root);
	if (!fs->root) {
		ret = sfs_fail(err, -ENOMEM, "out of memory");
		goto out_close;
	}
	fs->dirfd = fd;
	return 0;

out_close:
	close(fd);
	return ret;
}

/**
 * sfs_open_plain - use any directory as a statsfs tree
 * @fs: filled in on success; release with sfs_close()
 * @root: the directory
 * @err: the error message on failure
 *
 * No check that @root is statsfs, no mount: for tests, which build a
 * tree of ordinary files with the layout of statsfs, and for copies.
 *
 * Return: 0 or a negative errno.
 */
int sfs_open_plain(struct sfs_tree *fs, const char *root,
		   struct sfs_error *err)
{
	int fd;

	fs->dirfd = -1;
	fs->root = NULL;
	fd = sfs_open_dir(root, err);
	if (fd < 0)
		return fd;
	fs->root = strdup(root);
	if (!fs->root) {
		close(fd);
		return sfs_fail(err, -ENOMEM, "out of memory");
	}
	fs->dirfd = fd;
	return 0;
}

void sfs_close(struct sfs_tree *fs)
{
	if (fs->dirfd >= 0)
		close(fs->dirfd);
	free(fs->root);
	fs->dirfd = -1;
	fs->root = NULL;
}

static ssize_t sfs_pread(int fd, char *buf, size_t size, bool first)
{
	ssize_t n;

	do {
		n = first ? read(fd, buf, size) : pread(fd, buf, size, 0);
	} while (n < 0 && errno == EINTR);
	return n;
}

/**
 * sfs_read_file - read a whole statsfs file in one read()
 * @dirfd: directory @path is relative to, or AT_FDCWD
 * @path: the file
 * @buf: set to a malloc()ed buffer with the contents, NUL-terminated
 * @len: set to the length of the contents
 * @err: the error message on failure
 *
 * statsfs generates a file in full at a read at offset 0, so a read that
 * does not fill the buffer is a consistent snapshot.  A full buffer may
 * be a partial one: grow it and read again from offset 0.
 *
 * Return: 0 or a negative errno; -EFBIG beyond SFS_READ_MAX.
 */
int sfs_read_file(int dirfd, const char *path, char **buf, size_t *len,
		  struct sfs_error *err)
{
	size_t size = SFS_READ_INIT;
	char *b = NULL, *nb;
	bool first = true;
	int fd, ret;
	ssize_t n;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sfs_fail(err, -errno, "cannot open %s: %s", path,
				strerror(errno));
	for (;;) {
		nb = realloc(b, size + 1);
		if (!nb) {
			ret = sfs_fail(err, -ENOMEM, "out of memory");
			goto out_free;
		}
		b = nb;
		n = sfs_pread(fd, b, size, first);
		if (n < 0) {
			ret = sfs_fail(err, -errno, "cannot read %s: %s",
				       path, strerror(errno));
			goto out_free;
		}
		if ((size_t)n < size)
			break;
		if (size >= SFS_READ_MAX) {
			ret = sfs_fail(err, -EFBIG,
				       "cannot read %s: larger than %lu bytes",
				       path, SFS_READ_MAX);
			goto out_free;
		}
		size *= 2;
		first = false;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;

out_free:
	free(b);
	close(fd);
	return ret;
}

/**
 * sfs_parse_u64 - parse canonical unsigned decimal
 * @s: the digits, not NUL-terminated
 * @len: their number
 * @val: the value
 *
 * Return: 0, -EINVAL if not canonical decimal, -ERANGE above UINT64_MAX.
 */
int sfs_parse_u64(const char *s, size_t len, uint64_t *val)
{
	uint64_t v = 0;
	size_t i;

	if (!len || (s[0] == '0' && len > 1))
		return -EINVAL;
	for (i = 0; i < len; i++) {
		unsigned int d;

		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		d = s[i] - '0';
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*val = v;
	return 0;
}

/**
 * sfs_parse_value - parse a value as printed for a u64 or an s64
 * @s: the text, not NUL-terminated
 * @len: its length
 * @e: its value and is_signed are set
 *
 * Return: 0, -EINVAL if not canonical decimal, -ERANGE out of range.
 */
int sfs_parse_value(const char *s, size_t len, struct sfs_entry *e)
{
	uint64_t mag;
	int ret;

	if (!len || s[0] != '-') {
		ret = sfs_parse_u64(s, len, &e->u);
		if (!ret)
			e->is_signed = false;
		return ret;
	}
	ret = sfs_parse_u64(s + 1, len - 1, &mag);
	if (ret == -ERANGE || (!ret && mag > (uint64_t)INT64_MAX + 1))
		return -ERANGE;
	if (ret || !mag)
		return -EINVAL;
	e->is_signed = true;
	e->s = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	return 0;
}

/* A control character anywhere but where the format puts one. */
static const char *sfs_find_cntrl(const char *s, size_t len, char allow)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if ((c < 0x20 || c == 0x7f) && c != (unsigned char)allow)
			return s + i;
	}
	return NULL;
}

/* A name statsfs accepts: not empty, no '/', no leading '.'. */
static bool sfs_name_valid(const char *s, size_t len)
{
	return len && s[0] != '.' && !memchr(s, '/', len);
}

/* Components joined by single '/', none of them empty or hidden. */
static bool sfs_path_valid(const char *s, size_t len)
{
	const char *end = s + len, *slash;

	if (!len)
		return false;
	for (;;) {
		slash = memchr(s, '/', end - s);
		if (!sfs_name_valid(s, (slash ? slash : end) - s))
			return false;
		if (!slash)
			return true;
		s = slash + 1;
	}
}

struct sfs_name_ref {
	const char *name;
	size_t idx;
};

static int sfs_ref_cmp(const void *a, const void *b)
{
	const struct sfs_name_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * The index of the first name, in input order, that repeats an earlier
 * one, or -1; -ENOMEM in *@ret.  Names are @stride bytes apart.
 */
static ssize_t sfs_find_dup(const void *first, size_t stride, size_t n,
			    int *ret)
{
	struct sfs_name_ref *refs;
	ssize_t dup = -1;
	size_t i;

	*ret = 0;
	if (n < 2)
		return -1;
	refs = malloc(n * sizeof(*refs));
	if (!refs) {
		*ret = -ENOMEM;
		return -1;
	}
	for (i = 0; i < n; i++) {
		refs[i].name = *(char *const *)((const char *)first +
						i * stride);
		refs[i].idx = i;
	}
	qsort(refs, n, sizeof(*refs), sfs_ref_cmp);
	for (i = 1; i < n; i++)
		if (!strcmp(refs[i - 1].name, refs[i].name) &&
		    (dup < 0 || refs[i].idx < (size_t)dup))
			dup = refs[i].idx;
	free(refs);
	return dup;
}

static int sfs_grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	size_t ncap;
	void *na;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	na = realloc(*arr, ncap * elem);
	if (!na)
		return -ENOMEM;
	*arr = na;
	*cap = ncap;
	return 0;
}

/*
 * Split @buf into lines, each NUL-terminated in place of its '\n'.
 * Return: the end of the line at *@pos, or NULL with an error set.
 */
static char *sfs_next_line(char *buf, size_t len, size_t pos,
			   unsigned int line, struct sfs_error *err)
{
	char *nl = memchr(buf + pos, '\n', len - pos);

	err->line = line;
	if (!nl) {
		sfs_fail(err, -EINVAL,
			 "no newline at end of file (truncated read?)");
		return NULL;
	}
	*nl = '\0';
	return nl;
}

static int sfs_bad_text(struct sfs_error *err, const char *what,
			const char *s, size_t len)
{
	return sfs_fail(err, -EINVAL, "%s '%.*s'%s", what,
			(int)(len > SFS_SHOW_MAX ?
			      SFS_SHOW_MAX : len), s,
			    len > SFS_SHOW_MAX ? "..." : "");
}

void sfs_bulk_free(struct sfs_bulk *bulk)
{
	free(bulk->buf);
	free(bulk->entries);
	bulk->buf = NULL;
	bulk->entries = NULL;
	bulk->n = 0;
}

static int sfs_bulk_line(char *s, size_t len, void *elem,
			 struct sfs_error *err)
{
	struct sfs_entry *e = elem;

	const char *bad;
	char *sp;
	int ret;

	if (!len)
		return sfs_fail(err, -EINVAL, "empty line");
	bad = sfs_find_cntrl(s, len, 0);
	if (bad)
		return sfs_fail(err, -EINVAL,
				"control character 0x%02x at column %zu",
				(unsigned char)*bad, bad - s + 1);
	sp = memrchr(s, ' ', len);
	if (!sp || sp + 1 == s + len)
		return sfs_bad_text(err, "missing value after", s, len);
	if (!sfs_path_valid(s, sp - s))
		return sfs_bad_text(err, "invalid path", s, sp - s);
	ret = sfs_parse_value(sp + 1, s + len - sp - 1, e);
	if (ret == -ERANGE) {
		sfs_bad_text(err, "value out of range", sp + 1,
			     s + len - sp - 1);
		return -ERANGE;
	}
	if (ret)
		return sfs_bad_text(err, "value is not a decimal integer",
				    sp + 1, s + len - sp - 1);
	*sp = '\0';
	e->path = s;
	return 0;
}

/*
 * How to parse a file of one entry per line: the entry size, the parser
 * of one line, where an entry's key (a char *, unique in the file) is,
 * and what a repeated key is called in the error.
 */
struct sfs_lines {
	size_t size;
	int (*parse)(char *s, size_t len, void *elem,
		     struct sfs_error *err);
	size_t key_offset;
	const char *dup_what;
};

/*
 * Parses the lines of @copy (NUL-terminated, @len bytes) from @pos, the
 * first of them line number @line + 1, into a new array in *@arrp.
 */
static int sfs_parse_lines(char *copy, size_t len, size_t pos,
			   unsigned int line,
			   const struct sfs_lines *how, void **arrp,
			   size_t *np, struct sfs_error *err)
{
	unsigned int first = line + 1;
	size_t n = 0, cap = 0;
	char *arr = NULL, *nl;
	ssize_t dup;
	int ret;

	while (pos < len) {
		nl = sfs_next_line(copy, len, pos, ++line, err);
		if (!nl) {
			ret = -EINVAL;
			goto out_free;
		}
		if (sfs_grow((void **)&arr, &cap, n, how->size)) {
			ret = sfs_fail(err, -ENOMEM, "out of memory");
			goto out_free;
		}
		ret = how->parse(copy + pos, nl - copy - pos,
				 arr + n * how->size, err);
		if (ret)
			goto out_free;
		n++;
		pos = nl - copy + 1;
	}
	err->line = 0;
	ret = 0;
	dup = n ? sfs_find_dup(arr + how->key_offset, how->size, n, &ret) :
		  -1;
	if (ret) {
		ret = sfs_fail(err, ret, "out of memory");
		goto out_free;
	}
	if (dup >= 0) {
		const char *key = *(char **)(arr + dup * how->size +
					     how->key_offset);

		err->line = first + dup;
		ret = sfs_bad_text(err, how->dup_what, key, strlen(key));
		goto out_free;
	}
	*arrp = arr;
	*np = n;
	return 0;

out_free:
	free(arr);
	return ret;
}

static const struct sfs_lines sfs_bulk_lines = {
	.size = sizeof(struct sfs_entry),
	.parse = sfs_bulk_line,
	.key_offset = offsetof(struct sfs_entry, path),
	.dup_what = "duplicate path",
};

/**
 * sfs_bulk_parse - parse the contents of a .bulk file
 * @buf: the contents, not necessarily NUL-terminated
 * @len: their length
 * @bulk: the entries, in file order; release with sfs_bulk_free()
 * @err: on failure, the message and the line number
 *
 * An empty file is valid and has no entries.
 *
 * Return: 0, -EINVAL on malformed input, -ENOMEM.
 */
int sfs_bulk_parse(const char *buf, size_t len, struct sfs_bulk *bulk,
		   struct sfs_error *err)
{
	struct sfs_error dummy;
	void *arr;
	char *copy;
	size_t n;
	int ret;

	if (!err)
		err = &dummy;
	err->line = 0;
	bulk->buf = NULL;
	bulk->entries = NULL;
	bulk->n = 0;
	if (memchr(buf, '\0', len))
		return sfs_fail(err, -EINVAL, "NUL byte in file");
	copy = malloc(len + 1);
	if (!copy)
		return sfs_fail(err, -ENOMEM, "out of memory");
	memcpy(copy, buf, len);
	copy[len] = '\0';

	ret = sfs_parse_lines(copy, len, 0, 0, &sfs_bulk_lines, &arr,
			      &n, err);
	if (ret) {
		free(copy);
		return ret;
	}
	bulk->buf = copy;
	bulk->entries = arr;
	bulk->n = n;
	return 0;
}

void sfs_schema_free(struct sfs_schema *schema)
{
	free(schema->buf);
	free(schema->entries);
	schema->buf = NULL;
	schema->entries = NULL;
	schema->n = 0;
}

static int sfs_lookup(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -1;
}

static int sfs_schema_flags(char *s, unsigned int *flags,
			    struct sfs_error *err)
{
	const unsigned int kind = SFS_FLAG_CUMULATIVE |
				  SFS_FLAG_FLOATING;
	const unsigned int storage = SFS_FLAG_PERCPU | SFS_FLAG_PLAIN |
				     SFS_FLAG_CALLBACK;
	char *tok, *save = NULL;
	unsigned int f = 0;
	size_t i;

	if (!*s || s[strlen(s) - 1] == ',' || strstr(s, ",,") || *s == ',')
		return sfs_bad_text(err, "invalid flags", s, strlen(s));
	for (tok = strtok_r(s, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < ARRAY_SIZE(sfs_flag_names); i++)
			if (!strcmp(tok, sfs_flag_names[i].name))
				break;
		if (i == ARRAY_SIZE(sfs_flag_names))
			return sfs_bad_text(err, "unknown flag", tok,
					    strlen(tok));
		if (f & sfs_flag_names[i].flag)
			return sfs_bad_text(err, "duplicate flag", tok,
					    strlen(tok));
		f |= sfs_flag_names[i].flag;
	}
	if (__builtin_popcount(f & kind) != 1)
		return sfs_fail(err, -EINVAL,
				"flags need exactly one of cumulative, floating");
	if (__builtin_popcount(f & storage) != 1)
		return sfs_fail(err, -EINVAL,
				"flags need exactly one of percpu, plain, callback");
	*flags = f;
	return 0;
}

static int sfs_schema_line(char *s, size_t len, void *elem,
			   struct sfs_error *err)
{
	struct sfs_schema_entry *e = elem;

	char *field[SFS_SCHEMA_FIELDS];
	const char *bad;
	unsigned int i;
	char *tab;
	int ret, k;

	if (!len)
		return sfs_fail(err, -EINVAL, "empty line");
	bad = sfs_find_cntrl(s, len, '\t');
	if (bad)
		return sfs_fail(err, -EINVAL,
				"control character 0x%02x at column %zu",
				(unsigned char)*bad, bad - s + 1);
	for (i = 0, tab = s; (tab = strchr(tab, '\t')); tab++)
		i++;
	if (i != SFS_SCHEMA_FIELDS - 1)
		return sfs_fail(err, -EINVAL,
				"%u tab-separated fields, expected %u",
				i + 1, SFS_SCHEMA_FIELDS);
	for (i = 0; i < SFS_SCHEMA_FIELDS; i++) {
		field[i] = s;
		tab = strchr(s, '\t');
		if (tab) {
			*tab = '\0';
			s = tab + 1;
		}
	}
	for (i = 0; i < SFS_SCHEMA_FIELDS; i++)
		if (!*field[i])
			return sfs_fail(err, -EINVAL, "field %u is empty",
					i + 1);
	if (!sfs_name_valid(field[0], strlen(field[0])))
		return sfs_bad_text(err, "invalid name", field[0],
				    strlen(field[0]));
	k = sfs_lookup(sfs_type_names, ARRAY_SIZE(sfs_type_names),
		       field[1]);
	if (k < 0)
		return sfs_bad_text(err, "unknown type", field[1],
				    strlen(field[1]));
	e->type = k;
	k = sfs_lookup(sfs_aggr_names, ARRAY_SIZE(sfs_aggr_names),
		       field[2]);
	if (k < 0)
		return sfs_bad_text(err, "unknown aggregation", field[2],
				    strlen(field[2]));
	e->aggr = k;
	ret = sfs_schema_flags(field[3], &e->flags, err);
	if (ret)
		return ret;
	/*
	 * An own value shows how it is aggregated into the ancestors, which
	 * may be not at all; an aggregate file always has a kind.
	 */
	if ((e->flags & SFS_FLAG_AGGREGATE) && !e->aggr)
		return sfs_fail(err, -EINVAL,
				"aggregation '%s' does not match the flags",
				field[2]);
	e->name = field[0];
	e->unit = strcmp(field[4], "-") ? field[4] : NULL;
	e->desc = strcmp(field[5], "-") ? field[5] : NULL;
	return 0;
}

static const struct sfs_lines sfs_schema_lines = {
	.size = sizeof(struct sfs_schema_entry),
	.parse = sfs_schema_line,
	.key_offset = offsetof(struct sfs_schema_entry, name),
	.dup_what = "duplicate name",
};

/**
 * sfs_schema_parse - parse the contents of a .schema file
 * @buf: the contents, not necessarily NUL-terminated
 * @len: their length
 * @schema: the entries, in file order; free with sfs_schema_free()
 * @err: on failure, the message and the line number
 *
 * Return: 0, -EINVAL on malformed input, -ENOMEM.
 */
int sfs_schema_parse(const char *buf, size_t len,
		     struct sfs_schema *schema,
		     struct sfs_error *err)
{
	struct sfs_error dummy;
	char *copy, *nl;
	size_t n, pos;
	void *arr;
	int ret;

	if (!err)
		err = &dummy;
	err->line = 0;
	schema->buf = NULL;
	schema->entries = NULL;
	schema->n = 0;
	if (memchr(buf, '\0', len))
		return sfs_fail(err, -EINVAL, "NUL byte in file");
	copy = malloc(len + 1);
	if (!copy)
		return sfs_fail(err, -ENOMEM, "out of memory");
	memcpy(copy, buf, len);
	copy[len] = '\0';

	err->line = 1;
	if (strncmp(copy, SFS_SCHEMA_HDR, strlen(SFS_SCHEMA_HDR))) {
		ret = !strncmp(copy, SFS_SCHEMA_ANY,
			       strlen(SFS_SCHEMA_ANY)) ?
			sfs_fail(err, -EINVAL,
				 "unsupported schema version (expected '%s')",
				 SFS_SCHEMA_HDR) :
			sfs_fail(err, -EINVAL,
				 "missing header '%s'", SFS_SCHEMA_HDR);
		goto out_free;
	}
	nl = sfs_next_line(copy, len, 0, 1, err);
	if (!nl) {
		ret = -EINVAL;
		goto out_free;
	}
	pos = nl - copy + 1;
	ret = sfs_parse_lines(copy, len, pos, 1, &sfs_schema_lines,
			      &arr, &n, err);
	if (ret)
		goto out_free;
	schema->buf = copy;
	schema->entries = arr;
	schema->n = n;
	return 0;

out_free:
	free(copy);
	return ret;
}

/* Prefix a parse error with the file it is in: "file:line: msg". */
static int sfs_read_parsed(const struct sfs_tree *fs, const char *dir,
			   const char *file, void *out,
			   int (*parse)(const char *, size_t, void *,
					struct sfs_error *),
			       struct sfs_error *err)
{
	char path[PATH_MAX], msg[sizeof(err->msg)];
	size_t len;
	char *buf;
	int ret;

	if (snprintf(path, sizeof(path), "%s%s%s", dir && *dir ? dir : "",
		     dir && *dir ? "/" : "", file) >= (int)sizeof(path))
		return sfs_fail(err, -ENAMETOOLONG, "path too long");
	ret = sfs_read_file(fs->dirfd, path, &buf, &len, err);
	if (ret)
		return sfs_fail(err, ret, "cannot read %s/%s: %s",
				fs->root, path, strerror(-ret));
	ret = parse(buf, len, out, err);
	free(buf);
	if (ret) {
		snprintf(msg, sizeof(msg), "%s", err->msg);
		if (err->line)
			return sfs_fail(err, ret, "%s/%s:%u: %s", fs->root,
					path, err->line, msg);
		return sfs_fail(err, ret, "%s/%s: %s", fs->root, path,
				msg);
	}
	return 0;
}

static int sfs_bulk_parse_cb(const char *buf, size_t len, void *out,
			     struct sfs_error *err)
{
	return sfs_bulk_parse(buf, len, out, err);
}

static int sfs_schema_parse_cb(const char *buf, size_t len, void *out,
			       struct sfs_error *err)
{
	return sfs_schema_parse(buf, len, out, err);
}

/**
 * sfs_read_bulk - read and parse a directory's .bulk
 * @fs: the open tree
 * @dir: the directory relative to the root; "" or NULL for the root
 * @bulk: the entries; release with sfs_bulk_free()
 * @err: the error message on failure, naming the file and line
 *
 * Return: 0 or a negative errno.
 */
int sfs_read_bulk(const struct sfs_tree *fs, const char *dir,
		  struct sfs_bulk *bulk, struct sfs_error *err)
{
	return sfs_read_parsed(fs, dir, ".bulk", bulk,
			       sfs_bulk_parse_cb, err);
}

/**
 * sfs_read_schema - read and parse a directory's .schema
 * @fs: the open tree
 * @dir: the directory relative to the root; "" or NULL for the root
 * @schema: the entries; release with sfs_schema_free()
 * @err: the error message on failure, naming the file and line
 *
 * Return: 0 or a negative errno.
 */
int sfs_read_schema(const struct sfs_tree *fs, const char *dir,
		    struct sfs_schema *schema,
		    struct sfs_error *err)
{
	return sfs_read_parsed(fs, dir, ".schema", schema,
			       sfs_schema_parse_cb, err);
}

/**
 * sfs_read_u64 - read a value file holding a u64
 * @fs: the open tree
 * @path: the file relative to the root
 * @val: the value
 * @err: the error message on failure
 *
 * Return: 0 or a negative errno; -EINVAL if it is not "<decimal>\n".
 */
int sfs_read_u64(const struct sfs_tree *fs, const char *path,
		 uint64_t *val, struct sfs_error *err)
{
	size_t len;
	char *buf;
	int ret;

	ret = sfs_read_file(fs->dirfd, path, &buf, &len, err);
	if (ret)
		return sfs_fail(err, ret, "cannot read %s/%s: %s",
				fs->root, path, strerror(-ret));
	if (len < 2 || buf[len - 1] != '\n' ||
	    sfs_parse_u64(buf, len - 1, val))
		ret = sfs_fail(err, -EINVAL,
			       "%s/%s: not an unsigned decimal value",
			       fs->root, path);
	free(buf);
	return ret;
}
