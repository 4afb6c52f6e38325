// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl export: the Prometheus text exposition format (version
 * 0.0.4) of the per-prefix and per-socket values of statsfs.
 *
 * The values come from one read of the root .bulk, a consistent snapshot;
 * the label of each source (pathmon/NAME/prefix, uds/NAME/socket) from
 * one read of its label file.  The groups of a source (SOURCE/GROUP/,
 * see Documentation/admin-guide/attribution.rst) are series of the same
 * families with the source's label, a "group" label (the group's
 * directory, unique where its cgroup path or executable may not be) and
 * the group's own labels.  The aggregates in pathmon/ and uds/
 * themselves are sums of the series and are left out, as is everything
 * else in the tree.  The output is sorted: families in the order of the
 * table below, series by label value, a source's total before its groups,
 * so two exports of the same tree are the same bytes.
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

/*
 * The labels of a group, from its files, in the order they are written;
 * which of them a group has follows from its directory's name.
 */
enum {
	EXPORT_GROUP_CGROUP,
	EXPORT_GROUP_CONTAINER_ID,
	EXPORT_GROUP_POD_UID,
	EXPORT_GROUP_PROCESS,
	EXPORT_GROUP_LABELS
};

static const char *const export_group_labels[EXPORT_GROUP_LABELS] = {
	[EXPORT_GROUP_CGROUP] = "cgroup",
	[EXPORT_GROUP_CONTAINER_ID] = "container_id",
	[EXPORT_GROUP_POD_UID] = "pod_uid",
	[EXPORT_GROUP_PROCESS] = "process",
};

#define EXPORT_GROUP_OTHER	"other"
#define EXPORT_GROUP_BY_CGROUP	"cgroup-"
#define EXPORT_GROUP_BY_PROCESS	"process-"

/* One series: a value of .bulk, and where it goes. */
struct export_sample {
	unsigned int family;
	struct export_str src;		/* the source's directory name */
	struct export_str group;	/* its group's; len 0: the total */
	struct export_str syscall;	/* for the syscalls family */
	struct export_str label;	/* s NULL: the source went away */
	/* s NULL: the group has no such label */
	struct export_str group_label[EXPORT_GROUP_LABELS];
	bool gone;			/* the group went away */
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

static int export_cmp_src(const struct export_sample *x,
			  const struct export_sample *y)
{
	if (export_subsys_of(x) != export_subsys_of(y))
		return export_subsys_of(x) < export_subsys_of(y) ? -1 : 1;
	return export_str_cmp(&x->src, &y->src);
}

/* By source and group, to read each label once. */
static int export_cmp_source(const void *a, const void *b)
{
	const struct export_sample *x = a, *y = b;
	int c = export_cmp_src(x, y);

	return c ? c : export_str_cmp(&x->group, &y->group);
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
		c = export_str_cmp(&x->group, &y->group);
	if (!c)
		c = export_str_cmp(&x->syscall, &y->syscall);
	if (!c)
		c = export_str_cmp(&x->src, &y->src);
	return c;
}

/* Skips the decimal digits at *@s, at least one, within @end. */
static bool export_skip_number(const char **s, const char *end)
{
	const char *p = *s;

	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (p == *s)
		return false;
	*s = p;
	return true;
}

static bool export_skip_word(const char **s, const char *end,
			     const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(end - *s) < n || memcmp(*s, word, n))
		return false;
	*s += n;
	return true;
}

/*
 * Whether @g names a group: "other", "cgroup-<id>", "process-<n>" or
 * "cgroup-<id>-process-<n>".  Sets which labels it has.
 */
static bool export_group_kind(const struct export_str *g, bool *by_cgroup,
			      bool *by_process)
{
	const char *s = g->s, *end = g->s + g->len;

	*by_cgroup = false;
	*by_process = false;
	if (g->len == strlen(EXPORT_GROUP_OTHER) &&
	    !memcmp(s, EXPORT_GROUP_OTHER, g->len))
		return true;
	if (export_skip_word(&s, end, EXPORT_GROUP_BY_CGROUP)) {
		if (!export_skip_number(&s, end))
			return false;
		*by_cgroup = true;
		if (s == end)
			return true;
		if (!export_skip_word(&s, end, "-"))
			return false;
	}
	if (!export_skip_word(&s, end, EXPORT_GROUP_BY_PROCESS) ||
	    !export_skip_number(&s, end))
		return false;
	*by_process = true;
	return s == end;
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

/*
 * Fills @x if @path is "SUBSYS/SOURCE/VALUE" or "SUBSYS/SOURCE/GROUP/VALUE"
 * of a family; else false.
 */
static bool export_classify(const struct sfs_entry *e,
			    struct export_sample *x)
{
	const char *src, *value, *group = NULL;
	bool by_cgroup, by_process;
	unsigned int i;
	int fam;

	src = strchr(e->path, '/');
	if (!src)
		return false;
	src++;
	value = strchr(src, '/');
	/* SUBSYS/VALUE is an aggregate. */
	if (!value)
		return false;
	value++;
	if (strchr(value, '/')) {
		group = value;
		value = strchr(group, '/') + 1;
		/* Deeper paths are not ours. */
		if (strchr(value, '/'))
			return false;
	}
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
	x->src.len = (group ? group : value) - src - 1;
	if (group) {
		x->group.s = group;
		x->group.len = value - group - 1;
		if (!export_group_kind(&x->group, &by_cgroup, &by_process))
			return false;
		/* An empty string, not NULL: the group has the label. */
		for (i = 0; i < EXPORT_GROUP_LABELS; i++)
			if (i == EXPORT_GROUP_PROCESS ? by_process : by_cgroup)
				x->group_label[i].s = "";
	}
	x->e = e;
	return true;
}

/*
 * Read the label file @name of the source of @x, or of its group when
 * @in_group, into *@text.  *@text is left NULL when the file is gone: a
 * configuration loaded since the .bulk was read took its source away, or
 * the group was folded.
 */
static int export_read_label(const struct sfs_tree *fs,
			     const struct export_sample *x, bool in_group,
			     const char *name, char **text, size_t *len,
			     struct sfs_error *err)
{
	const struct export_subsys *sub = &export_subsystems[export_subsys_of(x)];
	int glen = in_group ? (int)x->group.len : 0;
	char *path;
	int ret;

	*text = NULL;
	if (asprintf(&path, "%s/%.*s/%.*s%s%s", sub->dir, (int)x->src.len,
		     x->src.s, glen, x->group.s ? x->group.s : "",
		     glen ? "/" : "", name) < 0) {
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

/* The labels that the texts read so far keep; freed by the caller. */
struct export_texts {
	char **texts;
	size_t n;
};

/*
 * Read the labels of the source of @x, and of its group, into @x; @prev is
 * the sample before in export_cmp_source() order, whose labels are @x's
 * when it has the same source (and group).
 */
static int export_read_labels(const struct sfs_tree *fs,
			      struct export_sample *x,
			      const struct export_sample *prev,
			      struct export_texts *texts,
			      struct sfs_error *err)
{
	size_t len = 0;
	unsigned int i;
	char **text;
	int ret;

	if (prev && !export_cmp_src(prev, x)) {
		x->label = prev->label;
	} else {
		text = &texts->texts[texts->n];
		ret = export_read_label(fs, x, false,
					export_subsystems[export_subsys_of(x)].label_file,
					text, &len, err);
		if (ret)
			return ret;
		texts->n += !!*text;
		x->label.s = *text;
		x->label.len = len;
	}
	if (!x->group.len)
		return 0;
	if (prev && !export_cmp_source(prev, x)) {
		memcpy(x->group_label, prev->group_label,
		       sizeof(x->group_label));
		x->gone = prev->gone;
		return 0;
	}
	for (i = 0; i < EXPORT_GROUP_LABELS; i++) {
		if (!x->group_label[i].s)
			continue;
		text = &texts->texts[texts->n];
		ret = export_read_label(fs, x, true, export_group_labels[i],
					text, &len, err);
		if (ret)
			return ret;
		if (!*text) {
			x->gone = true;
			continue;
		}
		texts->n++;
		x->group_label[i].s = *text;
		x->group_label[i].len = len;
	}
	return 0;
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

	unsigned int i;

	fprintf(f, "%s{%s=", fam->name,
		export_subsystems[fam->subsys].label_name);
	export_label_value(f, x->label.s, x->label.len);
	if (x->group.len) {
		fputs(",group=", f);
		export_label_value(f, x->group.s, x->group.len);
	}
	for (i = 0; i < EXPORT_GROUP_LABELS; i++) {
		const struct export_str *l = &x->group_label[i];

		/* The pod's UID where known: most cgroups are of no pod. */
		if (!l->s || (i == EXPORT_GROUP_POD_UID && !l->len))
			continue;
		fprintf(f, ",%s=", export_group_labels[i]);
		export_label_value(f, l->s, l->len);
	}
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
		if (!xs[i].label.s || xs[i].gone)
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
	struct export_texts texts = { NULL, 0 };
	struct export_sample *xs;
	size_t i, n = 0;
	int ret = 0;

	err->line = 0;
	xs = calloc(bulk->n ? bulk->n : 1, sizeof(*xs));
	/* A source's label and a group's, for each sample at most. */
	texts.texts = calloc(bulk->n ? bulk->n : 1,
			     (1 + EXPORT_GROUP_LABELS) * sizeof(*texts.texts));
	if (!xs || !texts.texts) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < bulk->n; i++)
		if (export_classify(&bulk->entries[i], &xs[n]))
			n++;

	qsort(xs, n, sizeof(*xs), export_cmp_source);
	for (i = 0; i < n; i++) {
		ret = export_read_labels(fs, &xs[i], i ? &xs[i - 1] : NULL,
					 &texts, err);
		if (ret)
			goto out;
	}

	qsort(xs, n, sizeof(*xs), export_cmp_output);
	export_print(f, xs, n);
out:
	for (i = 0; i < texts.n; i++)
		free(texts.texts[i]);
	free(texts.texts);
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
