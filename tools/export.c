// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl export: the Prometheus text exposition format (version
 * 0.0.4) of the per-prefix and per-socket values of statsfs.
 *
 * The values come from one read of the root .bulk, a consistent snapshot;
 * the label of each source (pathmon/NAME/prefix, uds/NAME/socket) from
 * one read of its label file.  The aggregates in pathmon/ and uds/
 * themselves are sums of the series and are left out, as is everything
 * else in the tree.  The output is sorted: families in the order of the
 * table below, series by label value, so two exports of the same tree
 * are the same bytes.
 */

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "export.h"
#include "utf8.h"

#define EXPORT_CALLS_SUFFIX	"_calls"

/* A directory of sources, each one labelled by one of its files. */
struct export_subsys {
	const char *dir;
	const char *label_file;
	const char *label_name;
};

enum {
	EXPORT_PATHMON,
	EXPORT_UDS,
};

static const struct export_subsys export_subsystems[] = {
	[EXPORT_PATHMON] = { "pathmon", "prefix", "path" },
	[EXPORT_UDS] = { "uds", "socket", "socket" },
};

/* A metric family; value NULL: one series per "<syscall>_calls". */
struct export_family {
	const char *name;
	const char *help;
	unsigned int subsys;
	const char *value;
};

static const struct export_family export_families[] = {
	{ "pathstats_path_syscalls_total",
	  "System calls on files under the path prefix, by syscall.",
	  EXPORT_PATHMON, NULL },
	{ "pathstats_path_read_operations_total",
	  "Read operations on files under the path prefix.",
	  EXPORT_PATHMON, "read_ops" },
	{ "pathstats_path_write_operations_total",
	  "Write operations on files under the path prefix.",
	  EXPORT_PATHMON, "write_ops" },
	{ "pathstats_path_bytes_read_total",
	  "Bytes read from files under the path prefix.",
	  EXPORT_PATHMON, "read_bytes" },
	{ "pathstats_path_bytes_written_total",
	  "Bytes written to files under the path prefix.",
	  EXPORT_PATHMON, "write_bytes" },
	{ "pathstats_uds_send_bytes_total",
	  "Bytes clients sent to the unix socket.",
	  EXPORT_UDS, "send_bytes_total" },
	{ "pathstats_uds_recv_bytes_total",
	  "Bytes clients received from the unix socket.",
	  EXPORT_UDS, "recv_bytes_total" },
	{ "pathstats_uds_send_ops_total",
	  "Messages clients sent to the unix socket.",
	  EXPORT_UDS, "send_ops_total" },
	{ "pathstats_uds_recv_ops_total",
	  "Messages clients received from the unix socket.",
	  EXPORT_UDS, "recv_ops_total" },
	{ "pathstats_uds_captured_total",
	  "Messages sent to the unix socket captured into the ring.",
	  EXPORT_UDS, "captured_total" },
	{ "pathstats_uds_dropped_total",
	  "Captures dropped because the ring was full.",
	  EXPORT_UDS, "dropped_total" },
};

/* A length-counted string pointing into the .bulk or a label. */
struct export_str {
	const char *s;
	size_t len;
};

/* One series: a value of .bulk, and where it goes. */
struct export_sample {
	unsigned int family;
	struct export_str src;		/* the source's directory name */
	struct export_str syscall;	/* for the syscalls family */
	struct export_str label;	/* s NULL: the source went away */
	const struct sfs_entry *e;
};

static int export_str_cmp(const struct export_str *a,
			  const struct export_str *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = n ? memcmp(a->s, b->s, n) : 0;

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static unsigned int export_subsys_of(const struct export_sample *x)
{
	return export_families[x->family].subsys;
}

/* By source, to read each label once. */
static int export_cmp_source(const void *a, const void *b)
{
	const struct export_sample *x = a, *y = b;

	if (export_subsys_of(x) != export_subsys_of(y))
		return export_subsys_of(x) < export_subsys_of(y) ? -1 : 1;
	return export_str_cmp(&x->src, &y->src);
}

/* The output order; the source's name last, for ties. */
static int export_cmp_output(const void *a, const void *b)
{
	const struct export_sample *x = a, *y = b;
	int c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	c = export_str_cmp(&x->label, &y->label);
	if (!c)
		c = export_str_cmp(&x->syscall, &y->syscall);
	if (!c)
		c = export_str_cmp(&x->src, &y->src);
	return c;
}

static bool export_has_suffix(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len > n && !memcmp(s + len - n, suffix, n);
}

/*
 * The family of the value @name of a source of @subsys, or -1.  Sets the
 * syscall of @x for a "<syscall>_calls" value.
 */
static int export_family_of(unsigned int subsys, const char *name,
			    struct export_sample *x)
{
	size_t len = strlen(name), i;

	for (i = 0; i < ARRAY_SIZE(export_families); i++) {
		const struct export_family *fam = &export_families[i];

		if (fam->subsys != subsys)
			continue;
		if (fam->value && !strcmp(fam->value, name))
			return i;
		if (!fam->value &&
		    export_has_suffix(name, len, EXPORT_CALLS_SUFFIX)) {
			x->syscall.s = name;
			x->syscall.len = len - strlen(EXPORT_CALLS_SUFFIX);
			return i;
		}
	}
	return -1;
}

/* Fills @x if @path is "SUBSYS/SOURCE/VALUE" of a family; else false. */
static bool export_classify(const struct sfs_entry *e,
			    struct export_sample *x)
{
	const char *src, *value;
	unsigned int i;
	int fam;

	src = strchr(e->path, '/');
	if (!src)
		return false;
	src++;
	value = strchr(src, '/');
	/* SUBSYS/VALUE is an aggregate; deeper paths are not ours. */
	if (!value || strchr(value + 1, '/'))
		return false;
	value++;
	for (i = 0; i < ARRAY_SIZE(export_subsystems); i++) {
		size_t n = strlen(export_subsystems[i].dir);

		if (src - e->path - 1 == (ptrdiff_t)n &&
		    !memcmp(e->path, export_subsystems[i].dir, n))
			break;
	}
	if (i == ARRAY_SIZE(export_subsystems))
		return false;
	memset(x, 0, sizeof(*x));
	fam = export_family_of(i, value, x);
	if (fam < 0)
		return false;
	x->family = fam;
	x->src.s = src;
	x->src.len = value - src - 1;
	x->e = e;
	return true;
}

/*
 * Read the label of the source of @x into *@text.  *@text is left NULL
 * when the source is gone: a configuration loaded since the .bulk was
 * read took it away.
 */
static int export_read_label(const struct sfs_tree *fs,
			     const struct export_sample *x, char **text,
			     size_t *len, struct sfs_error *err)
{
	const struct export_subsys *sub = &export_subsystems[export_subsys_of(x)];
	char *path;
	int ret;

	*text = NULL;
	if (asprintf(&path, "%s/%.*s/%s", sub->dir, (int)x->src.len, x->src.s,
		     sub->label_file) < 0) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -ENOMEM;
	}
	ret = sfs_read_file(fs->dirfd, path, text, len, err);
	if (ret == -ENOENT) {
		ret = 0;
	} else if (ret) {
		snprintf(err->msg, sizeof(err->msg), "cannot read %s/%s: %s",
			 fs->root, path, strerror(-ret));
	} else if (!*len || (*text)[*len - 1] != '\n') {
		snprintf(err->msg, sizeof(err->msg),
			 "%s/%s: no newline at end of label (truncated read?)",
			 fs->root, path);
		free(*text);
		*text = NULL;
		ret = -EINVAL;
	} else {
		(*len)--;
	}
	free(path);
	return ret;
}

/* The exposition format escapes only these three in label values. */
static const char *export_escape_rule(unsigned char c,
				      char *buf __maybe_unused)
{
	switch (c) {
	case '\\':
		return "\\\\";
	case '"':
		return "\\\"";
	case '\n':
		return "\\n";
	default:
		return NULL;
	}
}

/**
 * export_label_value - write a label value, quotes included
 * @f: where to
 * @s: the bytes
 * @len: their number
 *
 * Backslash, double quote and line feed are escaped as the exposition
 * format requires; bytes that are not valid UTF-8 become U+FFFD, as the
 * format allows only UTF-8.
 */
void export_label_value(FILE *f, const char *s, size_t len)
{
	utf8_write_quoted(f, s, len, export_escape_rule, "\xef\xbf\xbd");
}

static void export_sample_line(FILE *f, const struct export_sample *x)
{
	const struct export_family *fam = &export_families[x->family];

	fprintf(f, "%s{%s=", fam->name,
		export_subsystems[fam->subsys].label_name);
	export_label_value(f, x->label.s, x->label.len);
	if (!fam->value) {
		fputs(",syscall=", f);
		export_label_value(f, x->syscall.s, x->syscall.len);
	}
	if (x->e->is_signed)
		fprintf(f, "} %lld\n", (long long)x->e->s);
	else
		fprintf(f, "} %llu\n", (unsigned long long)x->e->u);
}

static void export_print(FILE *f, const struct export_sample *xs, size_t n)
{
	const struct export_family *fam = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!xs[i].label.s)
			continue;
		/* HELP and TYPE once, before the family's first series. */
		if (fam != &export_families[xs[i].family]) {
			fam = &export_families[xs[i].family];
			fprintf(f, "# HELP %s %s\n# TYPE %s counter\n",
				fam->name, fam->help, fam->name);
		}
		export_sample_line(f, &xs[i]);
	}
}

/**
 * export_bulk - write the exposition of a tree
 * @f: where to
 * @fs: the tree, for the label files
 * @bulk: the root .bulk of @fs
 * @err: the error message on failure
 *
 * Return: 0 or a negative errno; nothing is written on error.
 */
int export_bulk(FILE *f, const struct sfs_tree *fs,
		const struct sfs_bulk *bulk, struct sfs_error *err)
{
	struct export_sample *xs;
	char **labels = NULL;
	size_t i, n = 0, nlabels = 0;
	int ret = 0;

	err->line = 0;
	xs = calloc(bulk->n ? bulk->n : 1, sizeof(*xs));
	labels = calloc(bulk->n ? bulk->n : 1, sizeof(*labels));
	if (!xs || !labels) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < bulk->n; i++)
		if (export_classify(&bulk->entries[i], &xs[n]))
			n++;

	qsort(xs, n, sizeof(*xs), export_cmp_source);
	for (i = 0; i < n; i++) {
		size_t len = 0;

		if (i && !export_cmp_source(&xs[i - 1], &xs[i])) {
			xs[i].label = xs[i - 1].label;
			continue;
		}
		ret = export_read_label(fs, &xs[i], &labels[nlabels], &len,
					err);
		if (ret)
			goto out;
		xs[i].label.s = labels[nlabels++];
		xs[i].label.len = len;
	}

	qsort(xs, n, sizeof(*xs), export_cmp_output);
	export_print(f, xs, n);
out:
	for (i = 0; i < nlabels; i++)
		free(labels[i]);
	free(labels);
	free(xs);
	return ret;
}

/**
 * export_write - read a tree's .bulk and labels, write its exposition
 * @f: where to
 * @fs: the tree
 * @err: the error message on failure
 *
 * Return: 0 or a negative errno; nothing is written on error.
 */
int export_write(FILE *f, const struct sfs_tree *fs, struct sfs_error *err)
{
	struct sfs_bulk bulk;
	int ret;

	ret = sfs_read_bulk(fs, NULL, &bulk, err);
	if (ret)
		return ret;
	ret = export_bulk(f, fs, &bulk, err);
	sfs_bulk_free(&bulk);
	return ret;
}

int export_main(int argc, char **argv)
{
	struct sfs_error err;
	struct sfs_tree fs;
	int ret;

	ret = cmd_no_args(argc, argv);
	if (ret)
		return ret;
	ret = cmd_open_stats(&fs);
	if (ret)
		return ret;
	ret = export_write(stdout, &fs, &err);
	sfs_close(&fs);
	if (ret) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	return CMD_EXIT_OK;
}
