// SPDX-License-Identifier: GPL-2.0
/*
 * statsfs selftest: checks the tree that statsfs_test.ko builds under
 * /sys/kernel/stats/statsfs_test/ against exact expected values.  Runs as
 * root in a guest with pathstats.ko and statsfs_test.ko loaded, statsfs
 * mounted and debugfs mounted (run.sh does all that).  Emits KTAP.
 *
 * The initial values below mirror sft_specs[] in statsfs_test_mod.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define STATS	"/sys/kernel/stats"
#define T	STATS "/statsfs_test"
#define CTL	"/sys/kernel/debug/statsfs_test/ctl"
#define BIG	(1 << 20)
#define SCHEMA_HDR \
	"# statsfs schema v1: name type aggregation flags unit description"

/* ------------------------------------------------------------------ */
/* Expected data                                                       */

struct vdesc {
	const char *name, *type, *aggr, *flags, *unit, *desc;
};

#define NLEAF 13	/* the last one, "local", is not aggregated */
#define NLEAF_AGGR 12

static const struct vdesc leaf_desc[NLEAF] = {
	{ "ops", "u64", "sum", "cumulative,plain", "ops", "operations" },
	{ "minv", "u64", "min", "cumulative,plain", "ns", "-" },
	{ "maxv", "u64", "max", "cumulative,plain", "ns", "-" },
	{ "avgv", "u64", "avg", "cumulative,plain", "-", "average me" },
	{ "zeros", "u64", "count_zero", "cumulative,plain", "-", "-" },
	{ "ssum", "s64", "sum", "cumulative,plain", "bytes", "signed sum" },
	{ "smin", "s64", "min", "cumulative,plain", "-", "-" },
	{ "smax", "s64", "max", "cumulative,plain", "-", "-" },
	{ "savg", "s64", "avg", "cumulative,plain", "-", "-" },
	{ "up", "bool", "sum", "floating,plain", "-", "is up" },
	{ "down", "bool", "count_zero", "floating,plain", "-", "-" },
	{ "gauge", "u64", "max", "floating,plain", "items", "a level" },
	{ "local", "u64", "none", "cumulative,plain", "-", "not aggregated" },
};

static const struct vdesc pc_desc[2] = {
	{ "pc_ops", "u64", "sum", "cumulative,percpu", "ops", "per-cpu ops" },
	{ "pc_lvl", "s64", "max", "floating,percpu", "-", "-" },
};

static const struct vdesc cb_desc[2] = {
	{ "cb_hits2", "u64", "sum", "cumulative,callback", "hits",
	  "twice the hits" },
	{ "cb_k", "u64", "min", "cumulative,callback", "-", "-" },
};

static const struct vdesc mid_desc[2] = {
	{ "mid_ops", "u64", "sum", "cumulative,plain", "-", "-" },
	{ "mid_on", "bool", "none", "floating,plain", "-", "-" },
};

static const struct vdesc top_desc[2] = {
	{ "answer", "u64", "none", "floating,plain", "-", "the answer" },
	{ "neg", "s64", "none", "cumulative,plain", "-", "-" },
};

enum { L_A, L_B1, L_B2X, L_B2Y, L_HIDC, NSRC };

static const char *const leaf_path[NSRC] = {
	"a", "b/b1", "b/b2/b2x", "b/b2/b2y", NULL,
};

static const long long leaf_init[NSRC][NLEAF] = {
	/*        ops minv maxv avgv zeros ssum smin smax savg up dn ga lo */
	[L_A] =   { 10, 7,  7,  10, 0, -10, -3,  -3,  -7, 1, 1, 5,  1 },
	[L_B1] =  { 20, 3,  30, 20, 5, 5,   4,   -1,  -2, 0, 0, 9,  2 },
	[L_B2X] = { 30, 9,  4,  31, 0, -20, -8,  6,   3,  1, 0, 2,  3 },
	[L_B2Y] = { 40, 12, 8,  5,  1, 4,   2,   -12, -4, 1, 1, 6,  4 },
	[L_HIDC] = { 1, 11, 1,  2,  7, 2,   -20, -7,  -1, 0, 1, 11, 5 },
};

/* Aggregates: statsfs_test/ (all five), b/ (all but a), b/b2/. */
static const long long aggr_t[NLEAF_AGGR] = {
	101, 3, 30, 13, 2, -19, -20, 6, -2, 3, 2, 11,
};

static const long long aggr_b[NLEAF_AGGR] = {
	91, 3, 30, 14, 1, -9, -20, 6, -1, 2, 2, 11,
};

static const long long aggr_b2[NLEAF_AGGR] = {
	70, 9, 8, 18, 1, -16, -8, 6, 0, 2, 1, 6,
};

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static int ctl(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	ssize_t n;
	int fd, len, err = 0;

	va_start(ap, fmt);
	len = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fd = open(CTL, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, cmd, len);
	if (n < 0)
		err = -errno;
	else if (n != len)
		err = -EIO;
	close(fd);
	return err;
}

/* One read() of up to size - 1 bytes, NUL-terminated; bytes or -errno. */
static ssize_t read_once(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = '\0';
	return n;
}

/* Read a whole file with as many read()s as it takes. */
static ssize_t read_all(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	while (len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0) {
			err = errno;
			close(fd);
			return -err;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return len;
}

/* "-?[0-9]+\n" and nothing else. */
static int parse_val(const char *s, long long *v)
{
	const char *p = s;
	char *end;

	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return -EBADMSG;
	while (*p >= '0' && *p <= '9')
		p++;
	if (strcmp(p, "\n"))
		return -EBADMSG;
	errno = 0;
	*v = strtoll(s, &end, 10);
	if (errno)
		return -EBADMSG;
	return 0;
}

/*
 * Read a value file: one read() must return all of it ("-?[0-9]+\n"),
 * the next one 0.  Returns 0 or -errno (-EBADMSG: bad format).
 */
static int read_fd_val(int fd, long long *v)
{
	char buf[64], more[8];
	ssize_t n;

	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (parse_val(buf, v)) {
		fprintf(stderr, "# bad value file content '%s'\n", buf);
		return -EBADMSG;
	}
	n = read(fd, more, sizeof(more));
	if (n != 0)
		return n < 0 ? -errno : -EBADMSG;
	return 0;
}

static int read_val(const char *path, long long *v)
{
	int fd, err;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	err = read_fd_val(fd, v);
	close(fd);
	return err;
}

static int write_buf(const char *path, const char *s, size_t len)
{
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, s, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	close(fd);
	return err;
}

static int write_str(const char *path, const char *s)
{
	return write_buf(path, s, strlen(s));
}

/* The module's view of a field, from reading ctl. */
static int ctl_get(const char *node, const char *field, long long *v)
{
	char *buf = malloc(BIG), *line, *save = NULL;
	char want[300];
	ssize_t n;
	int err = -ENOENT;

	if (!buf)
		return -ENOMEM;
	n = read_all(CTL, buf, BIG);
	if (n < 0) {
		free(buf);
		return n;
	}
	if (*field)
		snprintf(want, sizeof(want), "%s %s ", node, field);
	else
		snprintf(want, sizeof(want), "%s ", node);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, want, strlen(want)))
			continue;
		*v = strtoll(line + strlen(want), NULL, 10);
		err = 0;
		break;
	}
	free(buf);
	return err;
}

/* A possible CPU other than 0, from the ctl dump; -1 if none. */
static int second_cpu(void)
{
	long long v;
	int cpu;

	for (cpu = 1; cpu < 4096; cpu++) {
		char f[32];

		snprintf(f, sizeof(f), "pc_ops@%d", cpu);
		if (!ctl_get("a", f, &v))
			return cpu;
	}
	return -1;
}

static const char *ename(int err)
{
	return err ? strerror(err < 0 ? -err : err) : "success";
}

/* Check that a value file reads as the expected value. */
#define CHECK_VAL(path, expected) do {					\
	long long __v = 0;						\
	int __rc = read_val(path, &__v);				\
	EXPECT_EQ(0, __rc) {						\
		TH_LOG("read %s: %s", path, ename(__rc));		\
	}								\
	if (!__rc) {							\
		EXPECT_EQ((long long)(expected), __v) {			\
			TH_LOG("%s", path);				\
		}							\
	}								\
} while (0)

/* Check the module's own view (ctl readback) of a field. */
#define CHECK_CTL(node, field, expected) do {				\
	long long __v = 0;						\
	int __rc = ctl_get(node, field, &__v);				\
	EXPECT_EQ(0, __rc) {						\
		TH_LOG("ctl %s %s: %s", node, field, ename(__rc));	\
	}								\
	if (!__rc) {							\
		EXPECT_EQ((long long)(expected), __v) {			\
			TH_LOG("ctl %s %s", node, field);		\
		}							\
	}								\
} while (0)

#define CHECK_ERRNO(path, expected_err) do {				\
	long long __v = 0;						\
	int __rc = read_val(path, &__v);				\
	EXPECT_EQ(-(expected_err), __rc) {				\
		TH_LOG("read %s: got %s, want %s", path, ename(__rc),	\
		       ename(expected_err));				\
	}								\
} while (0)

#define CTL_OK(...) do {						\
	int __rc = ctl(__VA_ARGS__);					\
	ASSERT_EQ(0, __rc) {						\
		TH_LOG("ctl command failed: %s", ename(__rc));		\
	}								\
} while (0)

#define CTL_ERR(err, ...) do {						\
	int __rc = ctl(__VA_ARGS__);					\
	EXPECT_EQ(-(err), __rc) {					\
		TH_LOG("ctl result %s, want %s", ename(__rc),		\
		       ename(err));					\
	}								\
} while (0)

#define WRITE_OK(path, s) do {						\
	int __rc = write_str(path, s);					\
	EXPECT_EQ(0, __rc) {						\
		TH_LOG("write '%s' to %s: %s", s, path, ename(__rc));	\
	}								\
} while (0)

static char *pathf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return buf;
}

/* Expected text, line by line; "{" ... "}" brackets an unordered group. */
struct lines {
	char **v;
	int n, cap;
};

static void lines_add(struct lines *l, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	l->v[l->n++] = s;
}

static void lines_free(struct lines *l)
{
	while (l->n)
		free(l->v[--l->n]);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

/* Split text into lines (modifies it); the text must end with '\n'. */
static int split_lines(char *text, char ***out)
{
	int n = 0, cap = 0;
	char **v = NULL, *p = text, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (!nl)
			return -1;
		*nl = '\0';
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = realloc(v, cap * sizeof(*v));
			if (!v)
				abort();
		}
		v[n++] = p;
		p = nl + 1;
	}
	*out = v;
	return n;
}

/*
 * Compare text with the expected lines.  Returns 0 if they match, else
 * prints the first difference and returns -1.
 */
static int match_lines(char *text, const struct lines *exp)
{
	char **got = NULL;
	int ngot, g = 0, e = 0, i, j, start, end;
	bool *used;

	ngot = split_lines(text, &got);
	if (ngot < 0) {
		fprintf(stderr, "# text does not end with a newline\n");
		return -1;
	}
	while (e < exp->n) {
		if (strcmp(exp->v[e], "{")) {
			if (g >= ngot || strcmp(got[g], exp->v[e])) {
				fprintf(stderr,
					"# line %d: got '%s', want '%s'\n",
					g + 1, g < ngot ? got[g] : "<EOF>",
					exp->v[e]);
				free(got);
				return -1;
			}
			g++;
			e++;
			continue;
		}
		start = ++e;
		while (e < exp->n && strcmp(exp->v[e], "}"))
			e++;
		end = e++;
		used = calloc(end - start + 1, sizeof(*used));
		for (i = 0; i < end - start; i++, g++) {
			for (j = start; j < end; j++)
				if (!used[j - start] && g < ngot &&
				    !strcmp(got[g], exp->v[j]))
					break;
			if (j == end) {
				fprintf(stderr,
					"# line %d: got '%s', not in the unordered group starting '%s'\n",
					g + 1, g < ngot ? got[g] : "<EOF>",
					exp->v[start]);
				free(used);
				free(got);
				return -1;
			}
			used[j - start] = true;
		}
		free(used);
	}
	if (g != ngot) {
		fprintf(stderr, "# line %d: unexpected extra line '%s'\n",
			g + 1, got[g]);
		free(got);
		return -1;
	}
	free(got);
	return 0;
}

/* Expected .bulk lines of a leaf source, relative prefix pre. */
static void bulk_leaf(struct lines *l, const char *pre, const long long *v)
{
	int i;

	for (i = 0; i < NLEAF; i++)
		lines_add(l, "%s%s %lld", pre, leaf_desc[i].name, v[i]);
}

static void bulk_leaf_aggr(struct lines *l, const char *pre,
			   const long long *v)
{
	int i;

	for (i = 0; i < NLEAF_AGGR; i++)
		lines_add(l, "%s%s %lld", pre, leaf_desc[i].name, v[i]);
}

static void schema_add(struct lines *l, const struct vdesc *d, int n,
		       bool aggregate)
{
	int i;

	for (i = 0; i < n; i++) {
		if (aggregate && !strcmp(d[i].aggr, "none"))
			continue;
		lines_add(l, "%s\t%s\t%s\t%s%s\t%s\t%s", d[i].name, d[i].type,
			  d[i].aggr, d[i].flags, aggregate ? ",aggregate" : "",
			  d[i].unit, d[i].desc);
	}
}

/* The expected .bulk of statsfs_test/, each line prefixed with pre. */
static void bulk_t(struct lines *l, const char *pre)
{
	char p[64];

	lines_add(l, "%sanswer 42", pre);
	lines_add(l, "%sneg -5", pre);
	lines_add(l, "{");
	bulk_leaf_aggr(l, pre, aggr_t);
	lines_add(l, "%spc_ops 123", pre);
	lines_add(l, "%spc_lvl -4", pre);
	lines_add(l, "%scb_hits2 14", pre);
	lines_add(l, "%scb_k 13", pre);
	lines_add(l, "%smid_ops 100", pre);
	lines_add(l, "}");
	bulk_leaf(l, pathf(p, sizeof(p), "%sa/", pre), leaf_init[L_A]);
	lines_add(l, "%sa/pc_ops 100", pre);
	lines_add(l, "%sa/pc_lvl -4", pre);
	lines_add(l, "%sa/cb_hits2 6", pre);
	lines_add(l, "%sa/cb_k 17", pre);
	lines_add(l, "%sb/mid_ops 100", pre);
	lines_add(l, "%sb/mid_on 1", pre);
	lines_add(l, "{");
	bulk_leaf_aggr(l, pathf(p, sizeof(p), "%sb/", pre), aggr_b);
	lines_add(l, "%sb/pc_ops 23", pre);
	lines_add(l, "%sb/pc_lvl -9", pre);
	lines_add(l, "%sb/cb_hits2 8", pre);
	lines_add(l, "%sb/cb_k 13", pre);
	lines_add(l, "}");
	bulk_leaf(l, pathf(p, sizeof(p), "%sb/b1/", pre), leaf_init[L_B1]);
	lines_add(l, "%sb/b1/cb_hits2 8", pre);
	lines_add(l, "%sb/b1/cb_k 13", pre);
	bulk_leaf_aggr(l, pathf(p, sizeof(p), "%sb/b2/", pre), aggr_b2);
	bulk_leaf(l, pathf(p, sizeof(p), "%sb/b2/b2x/", pre),
		  leaf_init[L_B2X]);
	bulk_leaf(l, pathf(p, sizeof(p), "%sb/b2/b2y/", pre),
		  leaf_init[L_B2Y]);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directory entries (without . and ..), sorted, joined with ' '. */
static int list_dir(const char *path, char *out, size_t size)
{
	char *names[1024];
	struct dirent *de;
	int n = 0, i;
	DIR *d;

	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && n < 1024) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strncat(out, " ", size - strlen(out) - 1);
		strncat(out, names[i], size - strlen(out) - 1);
		free(names[i]);
	}
	return n;
}

/* The sorted listing of the given names. */
static void sorted_names(char *out, size_t size, const char **names, int n)
{
	const char **v = malloc(n * sizeof(*v));
	int i;

	memcpy(v, names, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_str);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strncat(out, " ", size - strlen(out) - 1);
		strncat(out, v[i], size - strlen(out) - 1);
	}
	free(v);
}

static bool mounted(void)
{
	return access(STATS "/.bulk", F_OK) == 0;
}

/* ------------------------------------------------------------------ */
/* Fixture: every test starts from the initial tree.                   */

FIXTURE(tree) {
	int unused;
};

FIXTURE_SETUP(tree)
{
	int rc;

	if (geteuid() != 0)
		SKIP(return, "must run as root");
	if (!mounted())
		mount("statsfs", STATS, "statsfs", 0, NULL);
	ASSERT_TRUE(mounted()) {
		TH_LOG("statsfs is not mounted at " STATS);
	}
	ASSERT_EQ(0, access(CTL, W_OK)) {
		TH_LOG(CTL ": %s (statsfs_test.ko loaded? debugfs?)",
		       strerror(errno));
	}
	rc = ctl("init");
	ASSERT_EQ(0, rc) {
		TH_LOG("ctl init: %s", ename(rc));
	}
}

FIXTURE_TEARDOWN(tree)
{
	ctl("churn_stop");
	if (!mounted())
		mount("statsfs", STATS, "statsfs", 0, NULL);
}

static void check_leaf_files(struct __test_metadata *_metadata,
			     const char *dir, const long long *v, int n)
{
	char p[256];
	int i;

	for (i = 0; i < n; i++)
		CHECK_VAL(pathf(p, sizeof(p), "%s/%s", dir,
				leaf_desc[i].name), v[i]);
}

/* ------------------------------------------------------------------ */
/* Values and aggregates                                               */

TEST_F(tree, own_values)
{
	char dir[128];
	int s;

	for (s = 0; s < L_HIDC; s++)
		check_leaf_files(_metadata,
				 pathf(dir, sizeof(dir), T "/%s", leaf_path[s]),
				 leaf_init[s], NLEAF);
	CHECK_VAL(T "/a/pc_ops", 100);
	CHECK_VAL(T "/a/pc_lvl", -4);
	CHECK_VAL(T "/a/cb_hits2", 6);
	CHECK_VAL(T "/a/cb_k", 17);
	CHECK_VAL(T "/b/b1/cb_hits2", 8);
	CHECK_VAL(T "/b/b1/cb_k", 13);
	CHECK_VAL(T "/b/mid_ops", 100);
	CHECK_VAL(T "/b/mid_on", 1);
	CHECK_VAL(T "/answer", 42);
	CHECK_VAL(T "/neg", -5);
}

TEST_F(tree, aggregates)
{
	check_leaf_files(_metadata, T, aggr_t, NLEAF_AGGR);
	check_leaf_files(_metadata, T "/b", aggr_b, NLEAF_AGGR);
	check_leaf_files(_metadata, T "/b/b2", aggr_b2, NLEAF_AGGR);
	CHECK_VAL(T "/pc_ops", 123);
	CHECK_VAL(T "/pc_lvl", -4);
	CHECK_VAL(T "/cb_hits2", 14);
	CHECK_VAL(T "/cb_k", 13);
	CHECK_VAL(T "/mid_ops", 100);
	CHECK_VAL(T "/b/pc_ops", 23);
	CHECK_VAL(T "/b/pc_lvl", -9);
	CHECK_VAL(T "/b/cb_hits2", 8);
	CHECK_VAL(T "/b/cb_k", 13);
	/* Not aggregated: NONE values, and nothing in the fs root. */
	CHECK_ERRNO(T "/local", ENOENT);
	CHECK_ERRNO(T "/b/local", ENOENT);
	CHECK_ERRNO(T "/mid_on", ENOENT);
	CHECK_ERRNO(STATS "/ops", ENOENT);
	CHECK_ERRNO(STATS "/answer", ENOENT);
	CHECK_ERRNO(T "/c/ops", ENOENT);
}

TEST_F(tree, directory_listings)
{
	const char *names[64];
	char got[4096], want[4096];
	int n, i;

	/* statsfs_test/: own, aggregates of four arrays, a b c, specials */
	n = 0;
	for (i = 0; i < 2; i++)
		names[n++] = top_desc[i].name;
	for (i = 0; i < NLEAF_AGGR; i++)
		names[n++] = leaf_desc[i].name;
	for (i = 0; i < 2; i++) {
		names[n++] = pc_desc[i].name;
		names[n++] = cb_desc[i].name;
	}
	names[n++] = "mid_ops";
	names[n++] = "a";
	names[n++] = "b";
	names[n++] = "c";
	names[n++] = ".schema";
	names[n++] = ".bulk";
	sorted_names(want, sizeof(want), names, n);
	EXPECT_EQ(n, list_dir(T, got, sizeof(got)));
	EXPECT_STREQ(want, got);

	/* b/: no "hid" (hidden), no "local" */
	n = 0;
	for (i = 0; i < 2; i++)
		names[n++] = mid_desc[i].name;
	for (i = 0; i < NLEAF_AGGR; i++)
		names[n++] = leaf_desc[i].name;
	for (i = 0; i < 2; i++) {
		names[n++] = pc_desc[i].name;
		names[n++] = cb_desc[i].name;
	}
	names[n++] = "b1";
	names[n++] = "b2";
	names[n++] = ".schema";
	names[n++] = ".bulk";
	sorted_names(want, sizeof(want), names, n);
	EXPECT_EQ(n, list_dir(T "/b", got, sizeof(got)));
	EXPECT_STREQ(want, got);

	n = 0;
	for (i = 0; i < NLEAF_AGGR; i++)
		names[n++] = leaf_desc[i].name;
	names[n++] = "b2x";
	names[n++] = "b2y";
	names[n++] = ".schema";
	names[n++] = ".bulk";
	sorted_names(want, sizeof(want), names, n);
	EXPECT_EQ(n, list_dir(T "/b/b2", got, sizeof(got)));
	EXPECT_STREQ(want, got);

	n = 0;
	for (i = 0; i < NLEAF; i++)
		names[n++] = leaf_desc[i].name;
	for (i = 0; i < 2; i++) {
		names[n++] = pc_desc[i].name;
		names[n++] = cb_desc[i].name;
	}
	names[n++] = ".schema";
	names[n++] = ".bulk";
	sorted_names(want, sizeof(want), names, n);
	EXPECT_EQ(n, list_dir(T "/a", got, sizeof(got)));
	EXPECT_STREQ(want, got);

	EXPECT_EQ(2, list_dir(T "/c", got, sizeof(got)));
	EXPECT_STREQ(".bulk .schema", got);

	EXPECT_EQ(-ENOENT, list_dir(T "/b/hid", got, sizeof(got)));
	EXPECT_EQ(-ENOENT, list_dir(T "/b/hid/hidc", got, sizeof(got)));
	EXPECT_EQ(-ENOENT, list_dir(T "/hidc", got, sizeof(got)));
}

TEST_F(tree, hidden_sources_count)
{
	/* hidc is a child of the hidden hid: invisible, still counted. */
	CTL_OK("set hidc ops 1001");
	CHECK_VAL(T "/ops", 1101);
	CHECK_VAL(T "/b/ops", 1091);
	CHECK_VAL(T "/b/b2/ops", 70);
	CTL_OK("set hidc smin -1000");
	CHECK_VAL(T "/smin", -1000);
	CHECK_VAL(T "/b/smin", -1000);
	CHECK_VAL(T "/b/b2/smin", -8);
	CTL_OK("percpu_add hid pc_ops 0 7");
	CHECK_VAL(T "/b/pc_ops", 30);
	CHECK_VAL(T "/pc_ops", 130);
}

TEST_F(tree, aggregates_follow_values)
{
	CTL_OK("set b2x minv 1");
	CHECK_VAL(T "/b/b2/minv", 1);
	CHECK_VAL(T "/b/minv", 1);
	CHECK_VAL(T "/minv", 1);
	CTL_OK("set b2y maxv 99");
	CHECK_VAL(T "/b/b2/maxv", 99);
	CHECK_VAL(T "/b/maxv", 99);
	CHECK_VAL(T "/maxv", 99);
	CTL_OK("set b1 smin -100");
	CHECK_VAL(T "/b/b2/smin", -8);
	CHECK_VAL(T "/b/smin", -100);
	CHECK_VAL(T "/smin", -100);
	/* count_zero: b2x's zeros stops being 0, a's stays 0. */
	CTL_OK("set b2x zeros 3");
	CHECK_VAL(T "/b/b2/zeros", 0);
	CHECK_VAL(T "/b/zeros", 0);
	CHECK_VAL(T "/zeros", 1);
	/* signed average: (100 - 2 + 3 - 4 - 1) / 5 */
	CTL_OK("set a savg 100");
	CHECK_VAL(T "/savg", 19);
	CTL_OK("set a up 0");
	CHECK_VAL(T "/up", 2);
	CHECK_VAL(T "/a/up", 0);
	CHECK_VAL(T "/down", 2);
	CTL_OK("set a down 0");
	CHECK_VAL(T "/down", 3);
	CHECK_VAL(T "/a/down", 0);
}

TEST_F(tree, u64_prints_unsigned)
{
	char buf[64];
	ssize_t n;

	CTL_OK("set b2x gauge 18446744073709551615");
	n = read_once(T "/b/b2/b2x/gauge", buf, sizeof(buf));
	EXPECT_EQ(21, n);
	EXPECT_STREQ("18446744073709551615\n", buf);
	n = read_once(T "/b/b2/gauge", buf, sizeof(buf));
	EXPECT_STREQ("18446744073709551615\n", buf);
	CTL_OK("set b2x ssum -9223372036854775808");
	n = read_once(T "/b/b2/b2x/ssum", buf, sizeof(buf));
	EXPECT_STREQ("-9223372036854775808\n", buf);
}

TEST_F(tree, percpu_sum)
{
	int cpu = second_cpu();
	char cmd[64];

	CTL_OK("percpu_add a pc_ops 0 -60");
	CHECK_VAL(T "/a/pc_ops", 40);
	CHECK_VAL(T "/pc_ops", 63);
	if (cpu < 0)
		SKIP(return, "one possible CPU: per-cpu summing not tested");
	snprintf(cmd, sizeof(cmd), "percpu_add a pc_ops %d 5", cpu);
	CTL_OK("%s", cmd);
	snprintf(cmd, sizeof(cmd), "percpu_add a pc_lvl %d -3", cpu);
	CTL_OK("%s", cmd);
	CHECK_VAL(T "/a/pc_ops", 45);
	CHECK_VAL(T "/a/pc_lvl", -7);
	CHECK_VAL(T "/pc_ops", 68);
	CHECK_VAL(T "/pc_lvl", -7);
}

TEST_F(tree, callback_values)
{
	CTL_OK("set a hits 10");
	CHECK_VAL(T "/a/cb_hits2", 20);
	CHECK_VAL(T "/cb_hits2", 28);
	CTL_OK("set b1 k 2");
	CHECK_VAL(T "/b/b1/cb_k", 2);
	CHECK_VAL(T "/b/cb_k", 2);
	CHECK_VAL(T "/cb_k", 2);
}

/* ------------------------------------------------------------------ */
/* Resets                                                              */

TEST_F(tree, reset_own_plain)
{
	WRITE_OK(T "/a/ops", "0");
	CHECK_VAL(T "/a/ops", 0);
	CHECK_CTL("a", "ops", 0);
	CHECK_VAL(T "/ops", 91);
	WRITE_OK(T "/a/ssum", "0\n");
	CHECK_CTL("a", "ssum", 0);
	CHECK_VAL(T "/ssum", -9);
	WRITE_OK(T "/a/minv", "0");
	CHECK_VAL(T "/minv", 0);
	WRITE_OK(T "/b/b1/zeros", "0");
	CHECK_CTL("b1", "zeros", 0);
	CHECK_VAL(T "/b/zeros", 2);
	CHECK_VAL(T "/zeros", 3);
	WRITE_OK(T "/a/local", "0");
	CHECK_CTL("a", "local", 0);
	WRITE_OK(T "/neg", "0");
	CHECK_CTL("statsfs_test", "neg", 0);
	WRITE_OK(T "/b/mid_ops", "0");
	CHECK_CTL("b", "mid_ops", 0);
	/* Nothing else moved. */
	CHECK_CTL("b1", "ops", 20);
	CHECK_CTL("a", "maxv", 7);
	CHECK_CTL("b2x", "ssum", -20);
}

TEST_F(tree, reset_own_percpu)
{
	int cpu = second_cpu();
	char f[32];

	if (cpu >= 0)
		CTL_OK("percpu_add a pc_ops %d 5", cpu);
	WRITE_OK(T "/a/pc_ops", "0");
	CHECK_VAL(T "/a/pc_ops", 0);
	CHECK_CTL("a", "pc_ops@0", 0);
	if (cpu >= 0)
		CHECK_CTL("a", pathf(f, sizeof(f), "pc_ops@%d", cpu), 0);
	CHECK_CTL("a", "pc_lvl@0", -4);
	CHECK_CTL("hid", "pc_ops@0", 23);
	CHECK_VAL(T "/pc_ops", 23);
}

TEST_F(tree, reset_own_callback)
{
	WRITE_OK(T "/a/cb_hits2", "0");
	CHECK_CTL("a", "hits", 0);
	CHECK_VAL(T "/a/cb_hits2", 0);
	CHECK_CTL("b1", "hits", 4);
	CHECK_VAL(T "/cb_hits2", 8);
}

TEST_F(tree, reset_aggregate_propagates)
{
	int cpu = second_cpu();
	char f[32];

	WRITE_OK(T "/b/ops", "0");
	CHECK_CTL("b1", "ops", 0);
	CHECK_CTL("b2x", "ops", 0);
	CHECK_CTL("b2y", "ops", 0);
	CHECK_CTL("hidc", "ops", 0);
	CHECK_CTL("a", "ops", 10);
	CHECK_VAL(T "/b/b1/ops", 0);
	CHECK_VAL(T "/b/b2/b2x/ops", 0);
	CHECK_VAL(T "/b/b2/ops", 0);
	CHECK_VAL(T "/b/ops", 0);
	CHECK_VAL(T "/ops", 10);
	CHECK_VAL(T "/a/ops", 10);
	/* Only the subtree of b2. */
	WRITE_OK(T "/b/b2/ssum", "0");
	CHECK_CTL("b2x", "ssum", 0);
	CHECK_CTL("b2y", "ssum", 0);
	CHECK_CTL("b1", "ssum", 5);
	CHECK_CTL("hidc", "ssum", 2);
	CHECK_VAL(T "/b/ssum", 7);
	CHECK_VAL(T "/ssum", -3);
	/* count_zero, from the top: every zeros becomes 0. */
	WRITE_OK(T "/zeros", "0\n");
	CHECK_VAL(T "/zeros", 5);
	CHECK_CTL("b1", "zeros", 0);
	CHECK_CTL("hidc", "zeros", 0);
	/* Per-cpu, through a hidden source, every CPU's copy. */
	if (cpu >= 0) {
		CTL_OK("percpu_add a pc_ops %d 5", cpu);
		CTL_OK("percpu_add hid pc_ops %d 6", cpu);
	}
	WRITE_OK(T "/pc_ops", "0");
	CHECK_CTL("a", "pc_ops@0", 0);
	CHECK_CTL("hid", "pc_ops@0", 0);
	if (cpu >= 0) {
		pathf(f, sizeof(f), "pc_ops@%d", cpu);
		CHECK_CTL("a", f, 0);
		CHECK_CTL("hid", f, 0);
	}
	CHECK_CTL("a", "pc_lvl@0", -4);
	CHECK_VAL(T "/pc_ops", 0);
	/* Callbacks with a clear. */
	WRITE_OK(T "/b/cb_hits2", "0");
	CHECK_CTL("b1", "hits", 0);
	CHECK_CTL("a", "hits", 3);
	CHECK_VAL(T "/cb_hits2", 6);
	WRITE_OK(T "/mid_ops", "0");
	CHECK_CTL("b", "mid_ops", 0);
	WRITE_OK(T "/avgv", "0");
	CHECK_CTL("a", "avgv", 0);
	CHECK_CTL("b2y", "avgv", 0);
	CHECK_CTL("hidc", "avgv", 0);
	CHECK_VAL(T "/avgv", 0);
}

TEST_F(tree, reset_aggregate_skips_revoked)
{
	CTL_OK("revoke b2x");
	WRITE_OK(T "/b/b2/ops", "0");
	CHECK_CTL("b2x", "ops", 30);
	CHECK_CTL("b2y", "ops", 0);
	WRITE_OK(T "/ops", "0");
	CHECK_CTL("b2x", "ops", 30);
	CHECK_CTL("a", "ops", 0);
	CHECK_CTL("hidc", "ops", 0);
}

TEST_F(tree, write_einval)
{
	static const struct {
		const char *s;
		size_t len;
	} bad[] = {
		{ "1", 1 }, { "1\n", 2 }, { "abc", 3 }, { "-0", 2 },
		{ "-1", 2 }, { "+0", 2 }, { "00", 2 }, { "0x0", 3 },
		{ " 0", 2 }, { "0 ", 2 }, { "0\n\n", 3 }, { "0\0", 2 },
		{ "\n", 1 }, { "01", 2 },
	};
	static const char *const paths[] = {
		T "/a/ops", T "/ops", T "/a/pc_ops", T "/a/cb_hits2",
		T "/b/b2/ssum",
	};
	static const long long before[] = { 10, 101, 100, 6, -16 };
	unsigned int i, p;
	int rc;

	for (p = 0; p < ARRAY_SIZE(paths); p++) {
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			rc = write_buf(paths[p], bad[i].s, bad[i].len);
			EXPECT_EQ(-EINVAL, rc) {
				TH_LOG("write of bad[%u] (\"%.*s\") to %s: %s",
				       i, (int)bad[i].len, bad[i].s, paths[p],
				       ename(rc));
			}
		}
		CHECK_VAL(paths[p], before[p]);
	}
	CHECK_CTL("b2x", "ssum", -20);
}

TEST_F(tree, readonly_values_as_root)
{
	static const struct {
		const char *path;
		long long val;
	} ro[] = {
		{ T "/a/gauge", 5 }, { T "/a/up", 1 }, { T "/a/down", 1 },
		{ T "/a/pc_lvl", -4 }, { T "/a/cb_k", 17 },
		{ T "/gauge", 11 }, { T "/up", 3 }, { T "/down", 2 },
		{ T "/pc_lvl", -4 }, { T "/cb_k", 13 }, { T "/answer", 42 },
		{ T "/b/mid_on", 1 }, { T "/b/b2/gauge", 6 },
	};
	unsigned int i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(ro); i++) {
		rc = write_str(ro[i].path, "0");
		EXPECT_EQ(-EINVAL, rc) {
			TH_LOG("write 0 to %s as root: %s", ro[i].path,
			       ename(rc));
		}
		CHECK_VAL(ro[i].path, ro[i].val);
	}
	CHECK_CTL("a", "k", 17);
	CHECK_CTL("a", "gauge", 5);
}

TEST_F(tree, file_modes)
{
	static const struct {
		const char *path;
		unsigned int mode;
	} m[] = {
		{ T "/a/ops", 0644 }, { T "/a/local", 0644 },
		{ T "/a/ssum", 0644 }, { T "/a/gauge", 0444 },
		{ T "/a/up", 0444 }, { T "/a/pc_ops", 0644 },
		{ T "/a/pc_lvl", 0444 }, { T "/a/cb_hits2", 0644 },
		{ T "/a/cb_k", 0444 }, { T "/ops", 0644 },
		{ T "/gauge", 0444 }, { T "/pc_ops", 0644 },
		{ T "/pc_lvl", 0444 }, { T "/cb_hits2", 0644 },
		{ T "/cb_k", 0444 }, { T "/answer", 0444 },
		{ T "/neg", 0644 }, { T "/b/mid_on", 0444 },
		{ T "/b/b2/zeros", 0644 }, { T "/b/b2/down", 0444 },
	};
	struct stat st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(m); i++) {
		ASSERT_EQ(0, stat(m[i].path, &st)) {
			TH_LOG("stat %s: %s", m[i].path, strerror(errno));
		}
		EXPECT_TRUE(S_ISREG(st.st_mode)) {
			TH_LOG("%s is not a regular file", m[i].path);
		}
		EXPECT_EQ(m[i].mode, st.st_mode & 07777) {
			TH_LOG("mode of %s: %o", m[i].path,
			       st.st_mode & 07777);
		}
	}
	ASSERT_EQ(0, stat(T "/b/b2", &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	ASSERT_EQ(0, stat(T "/.schema", &st));
	EXPECT_EQ(0U, st.st_mode & 0222);
	ASSERT_EQ(0, stat(T "/.bulk", &st));
	EXPECT_EQ(0U, st.st_mode & 0222);
}

/* Runs in a child as nobody; returns the number of failed checks. */
static int nobody_checks(void)
{
	static const char *const wr[] = {
		T "/a/ops", T "/ops", T "/a/cb_hits2", T "/a/pc_ops",
		T "/b/b2/ssum", T "/neg",
	};
	long long v;
	unsigned int i;
	int fails = 0, fd;

	for (i = 0; i < ARRAY_SIZE(wr); i++) {
		fd = open(wr[i], O_WRONLY);
		if (fd >= 0 || errno != EACCES) {
			fprintf(stderr,
				"# nobody: open %s O_WRONLY: %s, want EACCES\n",
				wr[i], fd >= 0 ? "success" : strerror(errno));
			fails++;
			if (fd >= 0) {
				if (write(fd, "0", 1) == 1)
					fprintf(stderr, "# ... and reset it\n");
				close(fd);
			}
		}
	}
	if (read_val(T "/a/ops", &v) || v != 10) {
		fprintf(stderr, "# nobody: cannot read a/ops\n");
		fails++;
	}
	if (read_val(T "/ops", &v) || v != 101) {
		fprintf(stderr, "# nobody: cannot read ops\n");
		fails++;
	}
	if (read_val(T "/a/gauge", &v) || v != 5) {
		fprintf(stderr, "# nobody: cannot read a/gauge\n");
		fails++;
	}
	return fails;
}

TEST_F(tree, nonroot_cannot_reset)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(100);
		_exit(nobody_checks());
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	CHECK_CTL("a", "ops", 10);
	CHECK_CTL("b2x", "ops", 30);
}

/* ------------------------------------------------------------------ */
/* Schema and bulk                                                     */

#define CHECK_TEXT(path, exp) do {					\
	char *__buf = malloc(BIG);					\
	ssize_t __n;							\
	ASSERT_NE(NULL, __buf);						\
	__n = read_once(path, __buf, BIG);				\
	EXPECT_LE(0, __n) {						\
		TH_LOG("read %s: %s", path, ename(__n));		\
	}								\
	if (__n >= 0) {							\
		EXPECT_EQ(0, match_lines(__buf, exp)) {			\
			TH_LOG("%s differs", path);			\
		}							\
	}								\
	free(__buf);							\
} while (0)

TEST_F(tree, schema)
{
	struct lines l = { 0 };

	lines_add(&l, SCHEMA_HDR);
	schema_add(&l, leaf_desc, NLEAF, false);
	schema_add(&l, pc_desc, 2, false);
	schema_add(&l, cb_desc, 2, false);
	CHECK_TEXT(T "/a/.schema", &l);
	lines_free(&l);

	lines_add(&l, SCHEMA_HDR);
	schema_add(&l, leaf_desc, NLEAF, true);
	CHECK_TEXT(T "/b/b2/.schema", &l);
	lines_free(&l);

	lines_add(&l, SCHEMA_HDR);
	schema_add(&l, top_desc, 2, false);
	lines_add(&l, "{");
	schema_add(&l, leaf_desc, NLEAF, true);
	schema_add(&l, pc_desc, 2, true);
	schema_add(&l, cb_desc, 2, true);
	schema_add(&l, mid_desc, 2, true);
	lines_add(&l, "}");
	CHECK_TEXT(T "/.schema", &l);
	lines_free(&l);

	lines_add(&l, SCHEMA_HDR);
	schema_add(&l, mid_desc, 2, false);
	lines_add(&l, "{");
	schema_add(&l, leaf_desc, NLEAF, true);
	schema_add(&l, pc_desc, 2, true);
	schema_add(&l, cb_desc, 2, true);
	lines_add(&l, "}");
	CHECK_TEXT(T "/b/.schema", &l);
	lines_free(&l);

	lines_add(&l, SCHEMA_HDR);
	CHECK_TEXT(T "/c/.schema", &l);
	lines_free(&l);
}

TEST_F(tree, bulk)
{
	struct lines l = { 0 };

	bulk_leaf(&l, "", leaf_init[L_A]);
	lines_add(&l, "pc_ops 100");
	lines_add(&l, "pc_lvl -4");
	lines_add(&l, "cb_hits2 6");
	lines_add(&l, "cb_k 17");
	CHECK_TEXT(T "/a/.bulk", &l);
	lines_free(&l);

	bulk_leaf_aggr(&l, "", aggr_b2);
	bulk_leaf(&l, "b2x/", leaf_init[L_B2X]);
	bulk_leaf(&l, "b2y/", leaf_init[L_B2Y]);
	CHECK_TEXT(T "/b/b2/.bulk", &l);
	lines_free(&l);

	bulk_t(&l, "");
	CHECK_TEXT(T "/.bulk", &l);
	lines_free(&l);

	CHECK_TEXT(T "/c/.bulk", &l);	/* empty */
}

/* The root .bulk holds statsfs_test's lines, prefixed, in one block. */
TEST_F(tree, bulk_root)
{
	char *buf = malloc(BIG), *start, *next;
	struct lines l = { 0 };
	char *block;
	size_t len;
	ssize_t n;

	ASSERT_NE(NULL, buf);
	n = read_once(STATS "/.bulk", buf, BIG);
	ASSERT_LT(0, n);
	EXPECT_NE(NULL, strstr(buf, "pathstats/version_major "));
	EXPECT_EQ(NULL, strstr(buf, "/hid"));
	start = strstr(buf, "statsfs_test/");
	ASSERT_NE(NULL, start);
	EXPECT_TRUE(start == buf || start[-1] == '\n');
	/* The block ends at the first line of another top-level source. */
	next = start;
	while (*next && !strncmp(next, "statsfs_test/", 13))
		next = strchr(next, '\n') + 1;
	len = next - start;
	block = strndup(start, len);
	bulk_t(&l, "statsfs_test/");
	EXPECT_EQ(0, match_lines(block, &l));
	EXPECT_EQ(NULL, strstr(next, "\nstatsfs_test/"));
	free(block);
	lines_free(&l);
	free(buf);
}

/* Each .bulk line of statsfs_test agrees with the file it names. */
TEST_F(tree, bulk_matches_files)
{
	char *buf = malloc(BIG), *line, *save = NULL, *sp, p[512];
	long long v;
	int lines = 0;

	ASSERT_NE(NULL, buf);
	ASSERT_LT(0, read_once(T "/.bulk", buf, BIG));
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		sp = strchr(line, ' ');
		ASSERT_NE(NULL, sp);
		*sp = '\0';
		lines++;
		CHECK_VAL(pathf(p, sizeof(p), T "/%s", line),
			  (v = strtoll(sp + 1, NULL, 10), v));
	}
	EXPECT_EQ(2 + 17 + 17 + 2 + 16 + 15 + 12 + 13 + 13, lines);
	free(buf);
}

/* A bulk read much larger than a page still comes in one read(). */
TEST_F_TIMEOUT(tree, bulk_large_single_read, 300)
{
	char *buf = malloc(BIG), more[16];
	struct lines l = { 0 };
	long long zero[NLEAF] = { 0 }, aggr[NLEAF_AGGR] = { 0 };
	char p[64];
	ssize_t n;
	int i, fd;

	ASSERT_NE(NULL, buf);
	for (i = 0; i < 300; i++)
		CTL_OK("add c d%03d", i);
	/* All zero: min/max/avg 0, count_zero and down (all 0) count 300. */
	aggr[4] = 300;
	aggr[10] = 300;
	bulk_leaf_aggr(&l, "", aggr);
	for (i = 0; i < 300; i++)
		bulk_leaf(&l, pathf(p, sizeof(p), "d%03d/", i), zero);
	fd = open(T "/c/.bulk", O_RDONLY);
	ASSERT_LE(0, fd);
	n = read(fd, buf, BIG - 1);
	ASSERT_LT(4096 * 4, n) {
		TH_LOG("single read returned %zd bytes", n);
	}
	buf[n] = '\0';
	EXPECT_EQ(0, read(fd, more, sizeof(more)));
	close(fd);
	EXPECT_EQ(0, match_lines(buf, &l));
	lines_free(&l);
	free(buf);
}

#define TRACING		"/sys/kernel/tracing"
#define AGGR_PROBE	"statsfs_test_bulk/aggr_read"
/* Enough leaves for a .bulk of several times the kernel's 16 KiB chunks. */
#define BULK_LEAVES	600
#define BULK_BYTES	(4 * 16384)

/* Hits of the kprobe event AGGR_PROBE, from kprobe_profile; -1 if absent. */
static long long aggr_probe_hits(void)
{
	char *buf = malloc(BIG), *line, *save = NULL, name[128];
	long long hits = -1, h, miss;

	if (!buf || read_all(TRACING "/kprobe_profile", buf, BIG) < 0) {
		free(buf);
		return -1;
	}
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%127s %lld %lld", name, &h, &miss) == 3 &&
		    !strcmp(name, strchr(AGGR_PROBE, '/') + 1))
			hits = h;
	free(buf);
	return hits;
}

/*
 * One read of a .bulk far larger than a page walks the tree once: each
 * aggregate of the subtree is computed exactly once (counted by a kprobe on
 * statsfs_aggr_read, which only the file readers call), not once per
 * buffer size tried.
 */
TEST_F_TIMEOUT(tree, bulk_walks_once, 300)
{
	char *buf = malloc(BIG);
	long long hits;
	ssize_t n;
	int i, rc;

	ASSERT_NE(NULL, buf);
	for (i = 0; i < BULK_LEAVES; i++)
		CTL_OK("add c d%03d", i);
	if (access(TRACING "/kprobe_events", W_OK))
		mount("tracefs", TRACING, "tracefs", 0, NULL);
	/* What a run killed before its cleanup left behind. */
	write_str(TRACING "/events/" AGGR_PROBE "/enable", "0\n");
	write_str(TRACING "/kprobe_events", "-:" AGGR_PROBE "\n");
	rc = write_str(TRACING "/kprobe_events",
		       "p:" AGGR_PROBE " pathstats:statsfs_aggr_read\n");
	ASSERT_EQ(0, rc) {
		TH_LOG("kprobe on statsfs_aggr_read: %s", ename(rc));
	}
	rc = write_str(TRACING "/events/" AGGR_PROBE "/enable", "1\n");
	EXPECT_EQ(0, rc) {
		TH_LOG("enable " AGGR_PROBE ": %s", ename(rc));
	}
	hits = aggr_probe_hits();
	EXPECT_EQ(0, hits);

	n = read_once(T "/c/.bulk", buf, BIG);
	EXPECT_LT(BULK_BYTES, n) {
		TH_LOG("c/.bulk: %zd bytes", n);
	}
	/* c aggregates NLEAF_AGGR values; its leaves aggregate nothing. */
	EXPECT_EQ(NLEAF_AGGR, aggr_probe_hits() - hits);

	write_str(TRACING "/events/" AGGR_PROBE "/enable", "0\n");
	EXPECT_EQ(0, write_str(TRACING "/kprobe_events", "-:" AGGR_PROBE "\n"));
	free(buf);
}

/*
 * A snapshot read in small pieces is the text of one read; a read at
 * offset 0 takes a new snapshot, while reads further on keep the old one.
 */
TEST_F_TIMEOUT(tree, bulk_pieces_one_snapshot, 300)
{
	char *whole = malloc(BIG), *pieces = malloc(BIG), *p;
	size_t len = 0;
	ssize_t n, first;
	int i, fd;

	ASSERT_NE(NULL, whole);
	ASSERT_NE(NULL, pieces);
	for (i = 0; i < BULK_LEAVES; i++)
		CTL_OK("add c d%03d", i);
	first = read_once(T "/c/.bulk", whole, BIG);
	ASSERT_LT(BULK_BYTES, first);

	fd = open(T "/c/.bulk", O_RDONLY);
	ASSERT_LE(0, fd);
	/* An odd piece size, so pieces straddle every chunk boundary. */
	n = read(fd, pieces, 777);
	ASSERT_EQ(777, n);
	len = n;
	CTL_OK("set d000 ops 12345");
	while (len + 777 < BIG && (n = read(fd, pieces + len, 777)) > 0)
		len += n;
	ASSERT_EQ(0, n);
	pieces[len] = '\0';
	ASSERT_EQ(first, (ssize_t)len);
	EXPECT_EQ(0, memcmp(whole, pieces, len));
	EXPECT_EQ(NULL, strstr(pieces, "d000/ops 12345\n"));

	n = pread(fd, pieces, BIG - 1, 0);
	ASSERT_LT(0, n);
	pieces[n] = '\0';
	p = strstr(pieces, "d000/ops 12345\n");
	EXPECT_NE(NULL, p) {
		TH_LOG("a read at offset 0 shows the old snapshot");
	}
	EXPECT_TRUE(p == pieces || (p && p[-1] == '\n'));
	close(fd);
	free(whole);
	free(pieces);
}

/* ------------------------------------------------------------------ */
/* Revoke, removal, dynamic sources                                    */

/* The content of @path, or its -errno as text. */
static const char *text_of(const char *path)
{
	static char buf[512];
	ssize_t n = read_all(path, buf, sizeof(buf));

	if (n < 0)
		snprintf(buf, sizeof(buf), "%s", ename((int)n));
	return buf;
}

/*
 * A live label shows its owner's buffer as it is at each read: to the
 * first NUL or the buffer's end, control characters as '?'; none after
 * the source is revoked.
 */
TEST_F(tree, live_label)
{
	char full[258];

	CTL_OK("live a first");
	EXPECT_STREQ("first\n", text_of(T "/a/live"));
	CTL_OK("live a second");
	EXPECT_STREQ("second\n", text_of(T "/a/live"));
	CTL_OK("live a abcdefghijklmnopqrst");
	EXPECT_STREQ("abcdefghijklmnop\n", text_of(T "/a/live"));
	CTL_OK("live a x\x01y\x7f");
	EXPECT_STREQ("x?y?\n", text_of(T "/a/live"));
	/* Labels are not values. */
	EXPECT_EQ(NULL, strstr(text_of(T "/a/.schema"), "live"));

	CTL_ERR(EINVAL, "try_live a 0");
	CTL_ERR(EINVAL, "try_live a 257");
	CTL_OK("try_live a 256");
	memset(full, 'x', 256);
	full[256] = '\n';
	full[257] = '\0';
	EXPECT_STREQ(full, text_of(T "/a/bad"));
	CTL_ERR(EEXIST, "try_live a 1");

	CTL_OK("revoke a");
	EXPECT_STREQ(ename(-ENODEV), text_of(T "/a/live"));
}

TEST_F(tree, revoke)
{
	struct lines l = { 0 };
	long long v;
	int rc;

	CTL_OK("revoke b2x");
	CHECK_ERRNO(T "/b/b2/b2x/ops", ENODEV);
	CHECK_ERRNO(T "/b/b2/b2x/gauge", ENODEV);
	CHECK_ERRNO(T "/b/b2/b2x/smin", ENODEV);
	rc = write_str(T "/b/b2/b2x/ops", "0");
	EXPECT_NE(0, rc);
	CHECK_CTL("b2x", "ops", 30);
	CHECK_VAL(T "/b/b2/ops", 40);
	CHECK_VAL(T "/b/b2/minv", 12);
	CHECK_VAL(T "/b/b2/avgv", 5);
	CHECK_VAL(T "/b/b2/zeros", 0);
	CHECK_VAL(T "/b/b2/smax", -12);
	CHECK_VAL(T "/b/ops", 61);
	CHECK_VAL(T "/ops", 71);
	/* Revoked own values are left out of the bulk read. */
	{
		static const long long revoked[NLEAF_AGGR] = {
			40, 12, 8, 5, 0, 4, 2, -12, -4, 1, 0, 6
		};

		bulk_leaf_aggr(&l, "", revoked);
	}
	bulk_leaf(&l, "b2y/", leaf_init[L_B2Y]);
	CHECK_TEXT(T "/b/b2/.bulk", &l);
	lines_free(&l);
	/* Nothing left: min, max and avg of no source are 0. */
	CTL_OK("revoke b2y");
	CHECK_VAL(T "/b/b2/ops", 0);
	CHECK_VAL(T "/b/b2/minv", 0);
	CHECK_VAL(T "/b/b2/maxv", 0);
	CHECK_VAL(T "/b/b2/avgv", 0);
	CHECK_VAL(T "/b/b2/smin", 0);
	CHECK_VAL(T "/b/b2/smax", 0);
	CHECK_VAL(T "/b/b2/savg", 0);
	CHECK_VAL(T "/b/b2/zeros", 0);
	/* A hidden source, revoked. */
	CTL_OK("revoke hidc");
	CHECK_VAL(T "/ops", 30);
	CHECK_VAL(T "/b/ops", 20);
	ASSERT_EQ(0, read_val(T "/b/minv", &v));
	EXPECT_EQ(3, v);
}

TEST_F(tree, remove_while_open)
{
	static const char *const gone[] = {
		T "/b/b2/b2x/ops", T "/b/b2/b2x/gauge", T "/b/b2/b2x/.bulk",
		T "/b/b2/b2x/.schema",
	};
	int fd[ARRAY_SIZE(gone)], agg, top, i, rc;
	char buf[4096];
	long long v;

	for (i = 0; i < (int)ARRAY_SIZE(gone); i++) {
		fd[i] = open(gone[i], O_RDONLY);
		ASSERT_LE(0, fd[i]) {
			TH_LOG("open %s: %s", gone[i], strerror(errno));
		}
		ASSERT_LT(0, read(fd[i], buf, sizeof(buf)));
	}
	agg = open(T "/b/b2/ops", O_RDONLY);
	ASSERT_LE(0, agg);
	ASSERT_EQ(0, read_fd_val(agg, &v));
	EXPECT_EQ(70, v);

	CTL_OK("remove b2x");
	for (i = 0; i < (int)ARRAY_SIZE(gone); i++) {
		errno = 0;
		rc = pread(fd[i], buf, sizeof(buf), 0);
		EXPECT_EQ(-1, rc) {
			TH_LOG("read %s after removal returned %d", gone[i],
			       rc);
		}
		EXPECT_EQ(ENODEV, errno) {
			TH_LOG("read %s after removal: %s", gone[i],
			       strerror(errno));
		}
		EXPECT_EQ(0, close(fd[i]));
		EXPECT_EQ(-1, access(gone[i], F_OK));
	}
	EXPECT_EQ(-1, access(T "/b/b2/b2x", F_OK));
	EXPECT_EQ(ENOENT, errno);
	/* The aggregate stays, without b2x. */
	ASSERT_EQ(0, lseek(agg, 0, SEEK_SET));
	ASSERT_EQ(0, read_fd_val(agg, &v));
	EXPECT_EQ(40, v);
	CHECK_VAL(T "/ops", 71);

	/* Remove b2 (with b2y) under the open aggregate file. */
	CTL_OK("remove b2");
	ASSERT_EQ(0, lseek(agg, 0, SEEK_SET));
	EXPECT_EQ(-ENODEV, read_fd_val(agg, &v));
	EXPECT_EQ(0, close(agg));
	CHECK_VAL(T "/ops", 31);

	/* A top-level source. */
	CTL_OK("add / statsfs_test_top");
	top = open(STATS "/statsfs_test_top/ops", O_RDONLY);
	ASSERT_LE(0, top);
	ASSERT_EQ(0, read_fd_val(top, &v));
	EXPECT_EQ(0, v);
	CTL_OK("remove statsfs_test_top");
	ASSERT_EQ(0, lseek(top, 0, SEEK_SET));
	EXPECT_EQ(-ENODEV, read_fd_val(top, &v));
	EXPECT_EQ(0, close(top));
	EXPECT_EQ(-1, access(STATS "/statsfs_test_top", F_OK));
}

TEST_F(tree, add_remove_dynamic)
{
	struct lines l = { 0 };
	char got[256];

	/* Values added after the source is attached (see sft_exec "add"). */
	CTL_OK("add c d1");
	CHECK_VAL(T "/c/d1/ops", 0);
	CHECK_VAL(T "/c/ops", 0);
	CHECK_VAL(T "/c/zeros", 1);
	CTL_OK("set d1 ops 5");
	CHECK_VAL(T "/c/ops", 5);
	CHECK_VAL(T "/ops", 106);
	CHECK_VAL(T "/avgv", 11);	/* 68 / 6 */
	CTL_OK("add c d2 hidden");
	EXPECT_EQ(-1, access(T "/c/d2", F_OK));
	CTL_OK("set d2 ops 7");
	CHECK_VAL(T "/c/ops", 12);
	/*
	 * Leaf values added to e1 under the leaf d1 would need an aggregate
	 * "ops" in d1, which has its own: e1 stays, without values.
	 */
	CTL_ERR(EEXIST, "add d1 e1");
	CHECK_VAL(T "/c/d1/ops", 5);
	CHECK_VAL(T "/c/ops", 12);
	CTL_OK("remove d1");	/* e1 first, then d1 */
	EXPECT_EQ(-1, access(T "/c/d1", F_OK));
	CHECK_VAL(T "/c/ops", 7);
	CTL_OK("remove d2");
	/* No source carries the leaf array: its aggregates are gone. */
	CHECK_ERRNO(T "/c/ops", ENOENT);
	CHECK_ERRNO(T "/c/gauge", ENOENT);
	EXPECT_EQ(2, list_dir(T "/c", got, sizeof(got)));
	EXPECT_STREQ(".bulk .schema", got);
	lines_add(&l, SCHEMA_HDR);
	CHECK_TEXT(T "/c/.schema", &l);
	lines_free(&l);
	CHECK_VAL(T "/ops", 101);
	/* Same for a top-level aggregate: remove every leaf source. */
	CTL_OK("remove a");
	CTL_OK("remove b1");
	CTL_OK("remove b2");
	CTL_OK("remove hidc");
	CHECK_ERRNO(T "/ops", ENOENT);
	CHECK_ERRNO(T "/b/ops", ENOENT);
	CHECK_VAL(T "/b/pc_ops", 23);
	CHECK_ERRNO(T "/cb_hits2", ENOENT);
	CHECK_VAL(T "/pc_ops", 23);
}

TEST_F(tree, api_errors)
{
	static const int want[] = {
		EINVAL, EINVAL, EINVAL, EINVAL, EINVAL, 0, EINVAL, EINVAL,
		0, EINVAL, EINVAL, EINVAL, EINVAL,
	};
	struct lines l = { 0 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		int rc = ctl("try_name %u", i);

		EXPECT_EQ(-want[i], rc) {
			TH_LOG("try_name %u (see sft_try_names): %s, want %s",
			       i, ename(rc), ename(want[i]));
		}
	}
	/* A second parent. */
	CTL_ERR(EBUSY, "try_add c b1");
	CTL_ERR(EBUSY, "try_add b b1");
	/* Cycles. */
	CTL_OK("new x");
	CTL_OK("new y");
	CTL_OK("new z");
	CTL_ERR(EINVAL, "try_add x x");
	CTL_OK("try_add x y");
	CTL_OK("try_add y z");
	CTL_ERR(EINVAL, "try_add y x");
	CTL_ERR(EINVAL, "try_add z x");
	CTL_ERR(EBUSY, "try_add c z");
	/* Name clashes: children, own values, aggregates. */
	CTL_ERR(EEXIST, "try_dup b b1");
	CTL_ERR(EEXIST, "try_dup b hid");
	CTL_ERR(EEXIST, "try_dup b mid_ops");
	CTL_ERR(EEXIST, "try_dup b ops");
	CTL_ERR(EEXIST, "try_dup statsfs_test a");
	CTL_ERR(EEXIST, "try_dup statsfs_test answer");
	CTL_ERR(EEXIST, "try_dup statsfs_test cb_k");
	CTL_ERR(EEXIST, "try_dup a ops");
	CTL_OK("try_dup b fresh");
	CTL_ERR(EEXIST, "add / pathstats");
	CTL_ERR(EEXIST, "try_values a dup");
	CTL_ERR(EEXIST, "try_values b dup");
	CTL_ERR(EEXIST, "try_values b2 dup");
	CTL_ERR(EINVAL, "try_values c dot");
	CTL_ERR(EINVAL, "try_values c slash");
	/* A leaf source under a leaf source: its aggregates would clash. */
	CTL_OK("new l1 leaf");
	CTL_ERR(EEXIST, "try_add b1 l1");
	CTL_ERR(EEXIST, "try_add a l1");
	CTL_ERR(0, "try_add c l1");
	CHECK_VAL(T "/c/ops", 0);
	CHECK_VAL(T "/c/l1/ops", 0);
	CTL_ERR(EEXIST, "try_values c dup");
	/* Nothing changed by the failures. */
	lines_add(&l, SCHEMA_HDR);
	schema_add(&l, leaf_desc, NLEAF, false);
	schema_add(&l, pc_desc, 2, false);
	schema_add(&l, cb_desc, 2, false);
	CHECK_TEXT(T "/a/.schema", &l);
	lines_free(&l);
	CHECK_VAL(T "/b/b1/ops", 20);
	CHECK_VAL(T "/b/ops", 91);
	CHECK_VAL(T "/ops", 101);
}

/* ------------------------------------------------------------------ */
/* Concurrency: readers on two CPUs while sources come and go          */

struct reader {
	int cpu;
	bool *stop;		/* read and written atomically */
	unsigned long reads, enoent, enodev;
	int fails;
	char msg[256];
	pthread_t th;
};

static void reader_fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->fails++) {
		va_start(ap, fmt);
		vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
		va_end(ap);
	}
}

static bool bulk_ok(const char *s)
{
	const char *sp, *nl;
	long long v;
	char tmp[32];

	while (*s) {
		nl = strchr(s, '\n');
		sp = memchr(s, ' ', nl ? (size_t)(nl - s) : strlen(s));
		if (!nl || !sp || sp == s || nl - sp - 1 > 22)
			return false;
		snprintf(tmp, sizeof(tmp), "%.*s\n", (int)(nl - sp - 1),
			 sp + 1);
		if (parse_val(tmp, &v))
			return false;
		s = nl + 1;
	}
	return true;
}

/* Read path as a value file, or (bulk) as .bulk or .schema. */
static void reader_file(struct reader *r, const char *path, bool bulk,
			char *buf)
{
	const char *base = strrchr(path, '/') + 1;
	long long v;
	ssize_t n;
	int rc;

	if (bulk) {
		n = read_once(path, buf, BIG);
		rc = n < 0 ? n : 0;
		if (!rc && !strcmp(base, ".schema") &&
		    strncmp(buf, SCHEMA_HDR "\n", strlen(SCHEMA_HDR) + 1))
			reader_fail(r, "malformed schema read of %s", path);
		else if (!rc && strcmp(base, ".schema") && !bulk_ok(buf))
			reader_fail(r, "malformed bulk read of %s", path);
	} else {
		rc = read_val(path, &v);
	}
	if (rc == -ENOENT)
		r->enoent++;
	else if (rc == -ENODEV)
		r->enodev++;
	else if (rc)
		reader_fail(r, "%s: %s", path, ename(rc));
	else
		r->reads++;
}

static void *reader_fn(void *arg)
{
	static const char *const names[] = { "ops", "ssum", "gauge", "avgv",
					     ".bulk", ".schema" };
	struct reader *r = arg;
	char *buf = malloc(BIG), p[512];
	struct dirent *de;
	unsigned int i = 0;
	cpu_set_t set;
	long long v;
	int held = -1;
	DIR *d;

	CPU_ZERO(&set);
	CPU_SET(r->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		reader_fail(r, "sched_setaffinity(%d): %s", r->cpu,
			    strerror(errno));
	while (!__atomic_load_n(r->stop, __ATOMIC_RELAXED) && buf) {
		reader_file(r, T "/.bulk", true, buf);
		reader_file(r, STATS "/.bulk", true, buf);
		reader_file(r, T "/churn/.bulk", true, buf);
		reader_file(r, T "/ops", false, buf);
		reader_file(r, T "/churn/ops", false, buf);
		reader_file(r, T "/churn/smin", false, buf);
		reader_file(r, T "/churn/.schema", true, buf);
		reader_file(r, STATS "/statsfs_test_churn/ops", false, buf);
		reader_file(r, STATS "/statsfs_test_churn/.bulk", true, buf);
		d = opendir(T "/churn");
		while (d && (de = readdir(d))) {
			/* Only the churn sources: churn0, churn1, churn2. */
			if (strncmp(de->d_name, "churn", 5))
				continue;
			pathf(p, sizeof(p), T "/churn/%s/%s", de->d_name,
			      names[i++ % ARRAY_SIZE(names)]);
			reader_file(r, p, strrchr(p, '/')[1] == '.', buf);
		}
		if (d)
			closedir(d);
		/* Keep one file open across removals and re-creations. */
		if (held < 0) {
			held = open(T "/churn/churn0/ops", O_RDONLY);
		} else {
			int rc;

			lseek(held, 0, SEEK_SET);
			rc = read_fd_val(held, &v);
			if (rc == -ENODEV) {
				close(held);
				held = -1;
				r->enodev++;
			} else if (rc) {
				reader_fail(r, "held churn0/ops: %s",
					    ename(rc));
			}
		}
	}
	if (held >= 0)
		close(held);
	free(buf);
	return NULL;
}

TEST_F_TIMEOUT(tree, concurrent_readers_churn, 300)
{
	bool stop = false;
	struct reader r[2] = { { .cpu = 0 }, { .cpu = 1 } };
	long long iters = 0;
	int cpu = second_cpu(), i;

	if (cpu < 0) {
		TH_LOG("one possible CPU: both readers on CPU 0");
		cpu = 0;
	}
	r[1].cpu = cpu;
	CTL_OK("churn_start");
	for (i = 0; i < 2; i++) {
		r[i].stop = &stop;
		ASSERT_EQ(0, pthread_create(&r[i].th, NULL, reader_fn, &r[i]));
	}
	/* Meanwhile, resets through aggregates walk the changing tree. */
	for (i = 0; i < 200; i++) {
		int rc = write_str(T "/ops", "0");

		EXPECT_EQ(0, rc) {
			TH_LOG("reset ops during churn: %s", ename(rc));
		}
		usleep(20000);
	}
	__atomic_store_n(&stop, true, __ATOMIC_RELAXED);
	for (i = 0; i < 2; i++)
		pthread_join(r[i].th, NULL);
	CTL_OK("churn_stop");
	ASSERT_EQ(0, ctl_get("churn_iterations", "", &iters));
	for (i = 0; i < 2; i++) {
		TH_LOG("reader on CPU %d: %lu reads, %lu ENOENT, %lu ENODEV",
		       r[i].cpu, r[i].reads, r[i].enoent, r[i].enodev);
		EXPECT_EQ(0, r[i].fails) {
			TH_LOG("reader %d: %s", i, r[i].msg);
		}
		EXPECT_LT(50UL, r[i].reads);
	}
	TH_LOG("churn iterations: %lld", iters);
	EXPECT_LT(20, iters);
	/* The tree is sound afterwards. */
	CTL_OK("init");
	CHECK_VAL(T "/ops", 101);
	CHECK_VAL(T "/b/b2/avgv", 18);
	EXPECT_EQ(-1, access(STATS "/statsfs_test_churn", F_OK));
}

/* ------------------------------------------------------------------ */
/* Mount, the module's own source                                      */

TEST_F(tree, mount_umount_mount)
{
	char *before = malloc(BIG), *after = malloc(BIG);
	char lb[1024], la[1024];
	long long v;

	ASSERT_NE(NULL, before);
	ASSERT_NE(NULL, after);
	ASSERT_LT(0, read_once(STATS "/.bulk", before, BIG));
	ASSERT_LT(0, list_dir(STATS, lb, sizeof(lb)));
	ASSERT_EQ(0, umount(STATS)) {
		TH_LOG("umount: %s", strerror(errno));
	}
	EXPECT_EQ(-1, access(T, F_OK));
	/* Changes while unmounted show after the next mount. */
	CTL_OK("set a ops 77");
	ASSERT_EQ(0, mount("statsfs", STATS, "statsfs", 0, NULL)) {
		TH_LOG("mount: %s", strerror(errno));
	}
	CHECK_VAL(T "/a/ops", 77);
	CTL_OK("set a ops 10");
	ASSERT_LT(0, read_once(STATS "/.bulk", after, BIG));
	EXPECT_STREQ(before, after);
	ASSERT_LT(0, list_dir(STATS, la, sizeof(la)));
	EXPECT_STREQ(lb, la);
	ASSERT_EQ(0, read_val(T "/b/b2/ssum", &v));
	EXPECT_EQ(-16, v);
	free(before);
	free(after);
}

TEST_F(tree, pathstats_own_source)
{
	static const char *const parts[] = {
		"version_major", "version_minor", "version_patch",
		"abi_version",
	};
	long long v[4] = { -1, -1, -1, -1 };
	char p[256], modver[64] = "";
	struct stat st;
	unsigned int i;
	int maj, min, pat;

	for (i = 0; i < 4; i++) {
		pathf(p, sizeof(p), STATS "/pathstats/%s", parts[i]);
		ASSERT_EQ(0, read_val(p, &v[i])) {
			TH_LOG("read %s", p);
		}
		EXPECT_LE(0, v[i]);
		ASSERT_EQ(0, stat(p, &st));
		EXPECT_EQ(0444U, st.st_mode & 07777);
		EXPECT_EQ(-EINVAL, write_str(p, "0")) {
			TH_LOG("%s is floating: writes must fail", p);
		}
	}
	/* The same version as the module's MODULE_VERSION, if it has one. */
	if (read_once("/sys/module/pathstats/version", modver,
		      sizeof(modver)) > 0 &&
	    sscanf(modver, "%d.%d.%d", &maj, &min, &pat) == 3) {
		EXPECT_EQ(maj, v[0]);
		EXPECT_EQ(min, v[1]);
		EXPECT_EQ(pat, v[2]);
	} else {
		TH_LOG("no /sys/module/pathstats/version to compare with");
	}
	ASSERT_LT(0, read_once(STATS "/pathstats/.schema", p, sizeof(p)));
	EXPECT_EQ(0, strncmp(p, SCHEMA_HDR "\n", strlen(SCHEMA_HDR) + 1));
}

TEST_HARNESS_MAIN
