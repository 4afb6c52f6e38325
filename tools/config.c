// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration parser.  See config.h.
 *
 * libyaml's document API builds the tree (with the line and column of
 * every node); one pass over it, in the file's order, checks every node
 * and fills struct cfg.  The first error stops the parse: its message
 * is the one line the user sees.
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "compiler.h"
#include "config.h"
#include "suggest.h"
#include "syscalls.h"
#include "tracenames.h"

/* How many bytes of a user's string a message quotes. */
#define CFG_QUOTE_MAX	64
#define CFG_QUOTES		4

struct cfg_parser {
	const char *file;
	yaml_document_t *doc;
	struct cfg *cfg;
	struct cfg_error *err;
	size_t path_cap;
	size_t uds_cap;
	size_t warning_cap;
	size_t trace_cap;
	/* Quoted strings for one message: a few, reused in turn. */
	char quotes[CFG_QUOTES][CFG_QUOTE_MAX + 8];
	unsigned int next_quote;
};

/* A key a map may have, and what the map gave it. */
struct cfg_key {
	const char *name;
	yaml_node_t *key;
	yaml_node_t *value;
};

/* '@s' in single quotes, shortened with "..." when long. */
static const char *cfg_quote(struct cfg_parser *p, const char *s)
{
	char *q = p->quotes[p->next_quote++ % CFG_QUOTES];
	size_t len = strlen(s);

	if (len > CFG_QUOTE_MAX)
		snprintf(q, CFG_QUOTE_MAX + 8, "'%.*s...'", CFG_QUOTE_MAX,
			 s);
	else
		snprintf(q, CFG_QUOTE_MAX + 8, "'%s'", s);
	return q;
}

static void cfg_vformat(struct cfg_parser *p, char *buf, size_t size,
			size_t line, size_t col, const char *fmt,
			va_list ap)
{
	int n;

	if (line)
		n = snprintf(buf, size, "%s:%zu:%zu: ", p->file, line, col);
	else
		n = snprintf(buf, size, "%s: ", p->file);
	if (n < 0 || (size_t)n >= size)
		return;
	vsnprintf(buf + n, size - n, fmt, ap);
}

/* Fail at @line:@col (1-based; 0 for none).  Return: -EINVAL. */
__printf(4, 5)
static int cfg_fail_at(struct cfg_parser *p, size_t line, size_t col,
		       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vformat(p, p->err->msg, sizeof(p->err->msg), line, col, fmt,
		    ap);
	va_end(ap);
	return -EINVAL;
}

/* Fail at @node.  Return: -EINVAL. */
__printf(3, 4)
static int cfg_fail(struct cfg_parser *p, const yaml_node_t *node,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vformat(p, p->err->msg, sizeof(p->err->msg),
		    node->start_mark.line + 1, node->start_mark.column + 1,
		    fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int cfg_nomem(struct cfg_parser *p)
{
	snprintf(p->err->msg, sizeof(p->err->msg), "%s: out of memory",
		 p->file);
	return -ENOMEM;
}

static int cfg_grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	size_t new_cap = *cap ? *cap * 2 : 16;
	void *a;

	if (n < *cap)
		return 0;
	a = reallocarray(*arr, new_cap, elem);
	if (!a)
		return -ENOMEM;
	*arr = a;
	*cap = new_cap;
	return 0;
}

/* Warn at @node.  Return: 0, or -ENOMEM. */
__printf(3, 4)
static int cfg_warn(struct cfg_parser *p, const yaml_node_t *node,
		    const char *fmt, ...)
{
	struct cfg *cfg = p->cfg;
	char msg[512];
	va_list ap;
	char *w;

	va_start(ap, fmt);
	cfg_vformat(p, msg, sizeof(msg), node->start_mark.line + 1,
		    node->start_mark.column + 1, fmt, ap);
	va_end(ap);
	w = strdup(msg);
	if (!w || cfg_grow((void **)&cfg->warnings, &p->warning_cap,
			   cfg->warning_count, sizeof(*cfg->warnings))) {
		free(w);
		return cfg_nomem(p);
	}
	cfg->warnings[cfg->warning_count++] = w;
	return 0;
}

static yaml_node_t *cfg_node(struct cfg_parser *p, int id)
{
	return yaml_document_get_node(p->doc, id);
}

static const char *cfg_value(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* An empty value: nothing, "~" or "null", unquoted. */
static bool cfg_is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	v = cfg_value(n);
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") ||
	       !strcmp(v, "Null") || !strcmp(v, "NULL");
}

/* What @n is, for "expected X, got Y" messages. */
static const char *cfg_kind(struct cfg_parser *p, const yaml_node_t *n)
{
	if (n->type == YAML_MAPPING_NODE)
		return "a map";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a list";
	if (cfg_is_null(n))
		return "an empty value";
	return cfg_quote(p, cfg_value(n));
}

static size_t cfg_line(const yaml_node_t *n)
{
	return n->start_mark.line + 1;
}

/*
 * Match the pairs of @map against @keys: every key a string, known, and
 * given once.  @where ends the messages ("in ring").
 */
static int cfg_map(struct cfg_parser *p, yaml_node_t *map,
		   const char *where, struct cfg_key *keys, size_t n)
{
	const char *names[8];
	yaml_node_pair_t *pair;
	yaml_node_t *k;
	const char *s;
	size_t i;

	for (i = 0; i < n && i < ARRAY_SIZE(names); i++)
		names[i] = keys[i].name;
	for (pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		k = cfg_node(p, pair->key);
		if (k->type != YAML_SCALAR_NODE || cfg_is_null(k))
			return cfg_fail(p, k, "a key must be a string, got %s",
					cfg_kind(p, k));
		for (i = 0; i < n; i++)
			if (!strcmp(keys[i].name, cfg_value(k)))
				break;
		if (i == n) {
			s = suggest_nearest(cfg_value(k), names, n);
			return cfg_fail(p, k, "unknown key %s %s%s%s%s",
					cfg_quote(p, cfg_value(k)),
					where,
					s ? " (did you mean '" : "",
					s ? s : "", s ? "'?)" : "");
		}
		if (keys[i].key)
			return cfg_fail(p, k,
					"duplicate key '%s' %s (first at line %zu)",
					keys[i].name, where,
					cfg_line(keys[i].key));
		keys[i].key = k;
		keys[i].value = cfg_node(p, pair->value);
	}
	return 0;
}

static int cfg_string(struct cfg_parser *p, yaml_node_t *n,
		      const char *what, const char **s)
{
	if (n->type != YAML_SCALAR_NODE || cfg_is_null(n))
		return cfg_fail(p, n, "%s must be a string, got %s", what,
				cfg_kind(p, n));
	*s = cfg_value(n);
	if (strlen(*s) != n->data.scalar.length)
		return cfg_fail(p, n, "%s contains a NUL character", what);
	return 0;
}

static int cfg_u32(struct cfg_parser *p, yaml_node_t *n,
		   const char *key, uint32_t min, uint32_t max,
		   uint32_t *val)
{
	const char *v, *digits;
	long long ll;

	if (n->type != YAML_SCALAR_NODE || cfg_is_null(n))
		return cfg_fail(p, n, "'%s' must be an integer, got %s",
				key, cfg_kind(p, n));
	v = cfg_value(n);
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return cfg_fail(p, n,
				"'%s' must be an integer, got the quoted string %s",
				key, cfg_quote(p, v));
	digits = v + (*v == '-' || *v == '+');
	if (!*digits || strspn(digits, "0123456789") != strlen(digits))
		return cfg_fail(p, n, "'%s' must be an integer, got %s",
				key, cfg_quote(p, v));
	errno = 0;
	ll = strtoll(v, NULL, 10);
	if (errno || ll < min || ll > max)
		return cfg_fail(p, n, "'%s' must be between %u and %u, got %.*s",
				key, min, max, CFG_QUOTE_MAX, v);
	*val = ll;
	return 0;
}

/* A list of at least one item. */
static int cfg_list(struct cfg_parser *p, yaml_node_t *n,
		    const char *key, const char *items)
{
	if (n->type != YAML_SEQUENCE_NODE)
		return cfg_fail(p, n, "'%s' must be a list, got %s", key,
				cfg_kind(p, n));
	if (n->data.sequence.items.start == n->data.sequence.items.top)
		return cfg_fail(p, n,
				"'%s' is an empty list (expected at least one %s)",
				key, items);
	return 0;
}

/*
 * Fails if @s (a @what) has a control character: statsfs shows it as a
 * line of text, and the kernel refuses it.
 */
static int cfg_no_control(struct cfg_parser *p, yaml_node_t *n,
			  const char *s, const char *what)
{
	const unsigned char *c;

	for (c = (const unsigned char *)s; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return cfg_fail(p, n,
					"control character 0x%02x in %s %s",
					*c, what, cfg_quote(p, s));
	return 0;
}

/*
 * Fails unless the first @len bytes of the absolute path @s (a @what) have
 * no empty, "." or ".." component: the kernel compares them with real
 * paths, which have none; nor a control character.
 */
static int cfg_components(struct cfg_parser *p, yaml_node_t *n,
			  const char *s, size_t len, const char *what)
{
	size_t i, j;
	int ret;

	ret = cfg_no_control(p, n, s, what);
	if (ret)
		return ret;
	for (i = 1; i < len; i = j + 1) {
		for (j = i; j < len && s[j] != '/'; j++)
			;
		if (j == i)
			return cfg_fail(p, n,
					"empty component ('//') in %s %s",
					what, cfg_quote(p, s));
		if ((j - i == 1 && s[i] == '.') ||
		    (j - i == 2 && s[i] == '.' && s[i + 1] == '.'))
			return cfg_fail(p, n,
					"'%.*s' component in %s %s (write the real path, without '.' and '..')",
					(int)(j - i), s + i, what,
					cfg_quote(p, s));
	}
	return 0;
}

/*
 * Check and normalise a path prefix: absolute, no empty, "." or ".."
 * component, one trailing '/' dropped ("/" stays "/").
 */
static int cfg_prefix(struct cfg_parser *p, yaml_node_t *n,
		      const char *what, char **prefix)
{
	size_t len;
	const char *s;
	int ret;

	ret = cfg_string(p, n, what, &s);
	if (ret)
		return ret;
	if (s[0] != '/')
		return cfg_fail(p, n,
				"relative prefix %s (a prefix is an absolute path)",
				cfg_quote(p, s));
	len = strlen(s);
	if (len > 1 && s[len - 1] == '/' && s[len - 2] != '/')
		len--;
	if (len >= PATHSTATS_PATH_MAX)
		return cfg_fail(p, n, "prefix too long: %zu bytes, at most %d",
				len, PATHSTATS_PATH_MAX - 1);
	ret = cfg_components(p, n, s, len, "prefix");
	if (ret)
		return ret;
	*prefix = strndup(s, len);
	if (!*prefix)
		return cfg_nomem(p);
	return 0;
}

/* Why @name cannot be a statsfs name, or NULL if it can. */
static const char *cfg_name_problem(const char *name)
{
	const unsigned char *c;

	if (!*name)
		return "it is empty";
	if (strlen(name) >= PATHSTATS_NAME_MAX)
		return "it is longer than 255 bytes";
	if (name[0] == '.')
		return "it starts with '.'";
	if (strchr(name, '/'))
		return "it contains '/'";
	for (c = (const unsigned char *)name; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return "it contains a control character";
	return NULL;
}

/* The name of a path without one: "/mnt/data" is "mnt_data", "/" "root". */
static char *cfg_derive_name(const char *lead, const char *path)
{
	char *name, *c;

	if (!strcmp(path, "/"))
		return strdup("root");
	while (*path == '/')
		path++;
	if (asprintf(&name, "%s%s", lead, path) < 0)
		return NULL;
	for (c = name; *c; c++)
		if (*c == '/')
			*c = '_';
	return name;
}

/*
 * The name of a rule: @name_node's string or, without one, derived from
 * @path.  @hint tells how to set a name, for a derived name that fails.
 */
static int cfg_name(struct cfg_parser *p, yaml_node_t *name_node,
		    yaml_node_t *path_node, const char *lead,
		    const char *path, const char *hint, char **name)
{
	const char *s, *why;
	int ret;

	if (name_node) {
		ret = cfg_string(p, name_node, "'name'", &s);
		if (ret)
			return ret;
		why = cfg_name_problem(s);
		if (why)
			return cfg_fail(p, name_node, "invalid name %s: %s",
					cfg_quote(p, s), why);
		*name = strdup(s);
	} else {
		*name = cfg_derive_name(lead, path);
		if (!*name)
			return cfg_nomem(p);
		why = cfg_name_problem(*name);
		if (why) {
			ret = cfg_fail(p, path_node,
				       "invalid name %s derived from %s: %s; %s",
				       cfg_quote(p, *name),
				       cfg_quote(p, path), why, hint);
			free(*name);
			*name = NULL;
			return ret;
		}
	}
	return *name ? 0 : cfg_nomem(p);
}

/* Fail for the second use of a name: @first_* describe the first. */
static int cfg_name_clash(struct cfg_parser *p, yaml_node_t *node,
			  const char *name, bool derived,
			  const char *path, const char *hint,
			  unsigned int first_line, bool first_derived)
{
	if (derived)
		return cfg_fail(p, node,
				"name %s derived from %s is already used at line %u; %s",
				cfg_quote(p, name), cfg_quote(p, path),
				first_line, hint);
	return cfg_fail(p, node, "duplicate name %s (first at line %u%s)",
			cfg_quote(p, name), first_line,
			first_derived ? ", derived from its prefix" : "");
}

static int cfg_add_path(struct cfg_parser *p, yaml_node_t *prefix_node,
			char *prefix, uint64_t syscalls,
			const struct cfg_groups *groups,
			yaml_node_t *name_node, const char *hint)
{
	struct cfg *cfg = p->cfg;
	struct cfg_path *r;
	yaml_node_t *at;
	char *name = NULL;
	size_t i;
	int ret;

	if (cfg->path_count >= PATHSTATS_MAX_PATHS) {
		ret = cfg_fail(p, prefix_node, "too many prefixes: at most %d",
			       PATHSTATS_MAX_PATHS);
		goto fail;
	}
	for (i = 0; i < cfg->path_count; i++) {
		if (!strcmp(cfg->paths[i].prefix, prefix)) {
			ret = cfg_fail(p, prefix_node,
				       "duplicate prefix %s (first at line %u)",
				       cfg_quote(p, prefix),
				       cfg->paths[i].line);
			goto fail;
		}
	}
	ret = cfg_name(p, name_node, prefix_node, "", prefix, hint, &name);
	if (ret)
		goto fail;
	at = name_node ? name_node : prefix_node;
	for (i = 0; i < cfg->path_count; i++) {
		r = &cfg->paths[i];
		if (!strcmp(r->name, name)) {
			ret = cfg_name_clash(p, at, name, !name_node, prefix,
					     hint, r->name_line,
					     r->name_derived);
			goto fail;
		}
	}
	if (cfg_grow((void **)&cfg->paths, &p->path_cap, cfg->path_count,
		     sizeof(*cfg->paths))) {
		ret = cfg_nomem(p);
		goto fail;
	}
	r = &cfg->paths[cfg->path_count++];
	r->prefix = prefix;
	r->name = name;
	r->syscalls = syscalls;
	r->groups = *groups;
	r->name_derived = !name_node;
	r->line = cfg_line(prefix_node);
	r->name_line = cfg_line(at);
	return 0;
fail:
	free(groups->cgroups);
	free(prefix);
	free(name);
	return ret;
}

static int cfg_syscalls(struct cfg_parser *p, yaml_node_t *list,
			uint64_t *bits)
{
	const char *names[PATHSTATS_SYS_COUNT + 1];
	yaml_node_item_t *item;
	const char *s, *guess;
	yaml_node_t *n;
	int sys, alt, ret;

	ret = cfg_list(p, list, "syscalls", "syscall name, or 'all'");
	if (ret)
		return ret;
	memcpy(names, syscalls_names, sizeof(syscalls_names));
	names[PATHSTATS_SYS_COUNT] = SYSCALLS_ALL;
	*bits = 0;
	for (item = list->data.sequence.items.start;
	     item < list->data.sequence.items.top; item++) {
		n = cfg_node(p, *item);
		ret = cfg_string(p, n, "a syscall name", &s);
		if (ret)
			return ret;
		if (!strcmp(s, SYSCALLS_ALL)) {
			*bits |= PATHSTATS_SYS_ALL;
			continue;
		}
		sys = syscalls_lookup(s);
		if (sys < 0) {
			guess = suggest_nearest(s, names, ARRAY_SIZE(names));
			return cfg_fail(p, n, "unknown syscall %s%s%s%s",
					cfg_quote(p, s),
					guess ? " (did you mean '" : "",
					guess ? guess : "",
					guess ? "'?)" : "");
		}
		*bits |= 1ULL << sys;
	}
	/* What glibc no longer calls, unless its replacement is counted. */
	for (item = list->data.sequence.items.start;
	     item < list->data.sequence.items.top; item++) {
		n = cfg_node(p, *item);
		sys = syscalls_lookup(cfg_value(n));
		alt = sys < 0 ? -1 : syscalls_glibc_replacement(sys);
		if (alt < 0 || (*bits & (1ULL << alt)))
			continue;
		ret = cfg_warn(p, n,
			       "'%s' counts only direct %s(2) calls: glibc 2.33+ implements %s() with %s (add '%s')",
			       syscalls_names[sys], syscalls_names[sys],
			       syscalls_names[sys], syscalls_names[alt],
			       syscalls_names[alt]);
		if (ret)
			return ret;
	}
	return 0;
}

/* by: a list of "cgroup" and "process", each once; empty for none. */
static int cfg_group_by(struct cfg_parser *p, yaml_node_t *list,
			uint32_t *by)
{
	static const char *const kinds[] = { "cgroup", "process" };
	static const uint32_t bits[] = {
		PATHSTATS_GROUP_BY_CGROUP, PATHSTATS_GROUP_BY_PROCESS,
	};
	yaml_node_item_t *item;
	const char *s, *guess;
	yaml_node_t *n;
	size_t i;
	int ret;

	if (list->type != YAML_SEQUENCE_NODE)
		return cfg_fail(p, list,
				"'by' must be a list of 'cgroup' and 'process', got %s",
				cfg_kind(p, list));
	*by = 0;
	for (item = list->data.sequence.items.start;
	     item < list->data.sequence.items.top; item++) {
		n = cfg_node(p, *item);
		ret = cfg_string(p, n, "a 'by' entry", &s);
		if (ret)
			return ret;
		for (i = 0; i < ARRAY_SIZE(kinds); i++)
			if (!strcmp(s, kinds[i]))
				break;
		if (i == ARRAY_SIZE(kinds)) {
			guess = suggest_nearest(s, kinds, ARRAY_SIZE(kinds));
			return cfg_fail(p, n,
					"unknown grouping %s (expected 'cgroup' or 'process'%s%s%s)",
					cfg_quote(p, s),
					guess ? "; did you mean '" : "",
					guess ? guess : "", guess ? "'?" : "");
		}
		if (*by & bits[i])
			return cfg_fail(p, n, "'%s' is listed twice in 'by'",
					kinds[i]);
		*by |= bits[i];
	}
	return 0;
}

/*
 * cgroups: the cgroup v2 paths an entry is limited to, as absolute
 * prefixes, each once.
 */
static int cfg_cgroup_filter(struct cfg_parser *p, yaml_node_t *list,
			     struct cfg_groups *g)
{
	yaml_node_item_t *item;
	char *path, *buf, *c;
	size_t len;
	int ret;

	if (list->type != YAML_SEQUENCE_NODE ||
	    list->data.sequence.items.start == list->data.sequence.items.top)
		return cfg_fail(p, list,
				"'cgroups' must be a list of cgroup v2 paths such as /kubepods.slice, got %s",
				list->type == YAML_SEQUENCE_NODE ?
				"an empty list" : cfg_kind(p, list));
	for (item = list->data.sequence.items.start;
	     item < list->data.sequence.items.top; item++) {
		yaml_node_t *n = cfg_node(p, *item);

		if (g->cgroup_count == PATHSTATS_FILTER_CGROUPS_MAX)
			return cfg_fail(p, n, "too many cgroups: at most %d",
					PATHSTATS_FILTER_CGROUPS_MAX);
		ret = cfg_prefix(p, n, "a 'cgroups' entry", &path);
		if (ret)
			return ret;
		for (c = g->cgroups; c && c < g->cgroups + g->cgroups_size;
		     c += strlen(c) + 1)
			if (!strcmp(c, path)) {
				free(path);
				return cfg_fail(p, n,
						"cgroup %s is listed twice in 'cgroups'",
						cfg_quote(p, cfg_value(n)));
			}
		len = strlen(path) + 1;
		buf = realloc(g->cgroups, g->cgroups_size + len);
		if (!buf) {
			free(path);
			return cfg_nomem(p);
		}
		memcpy(buf + g->cgroups_size, path, len);
		free(path);
		g->cgroups = buf;
		g->cgroups_size += len;
		g->cgroup_count++;
	}
	return 0;
}

/*
 * The by, max_groups and cgroups keys of an entry, or the first two of
 * the attribution section (@cgroups NULL).  On failure @g holds nothing.
 */
static int cfg_groups(struct cfg_parser *p, yaml_node_t *by,
		      yaml_node_t *max_groups, yaml_node_t *cgroups,
		      struct cfg_groups *g)
{
	int ret;

	memset(g, 0, sizeof(*g));
	if (cgroups) {
		ret = cfg_cgroup_filter(p, cgroups, g);
		if (ret) {
			free(g->cgroups);
			memset(g, 0, sizeof(*g));
			return ret;
		}
	}
	if (by) {
		ret = cfg_group_by(p, by, &g->by);
		if (ret)
			goto err;
		g->by_set = true;
	}
	if (max_groups) {
		ret = cfg_u32(p, max_groups, "max_groups", 1,
			      PATHSTATS_GROUPS_MAX, &g->max_groups);
		if (ret)
			goto err;
	}
	return 0;

err:
	free(g->cgroups);
	memset(g, 0, sizeof(*g));
	return ret;
}

/*
 * An entry's groups once the attribution section is known: its own by,
 * else the section's; its own max_groups, else the section's, else the
 * default.  Without groups, none.
 */
static void cfg_groups_resolve(struct cfg_groups *g,
			       const struct cfg_groups *dflt)
{
	if (!g->by_set)
		g->by = dflt->by;
	if (!g->max_groups)
		g->max_groups = dflt->max_groups ?: PATHSTATS_GROUPS_DEFAULT;
	if (!g->by)
		g->max_groups = 0;
}

static int cfg_attribution(struct cfg_parser *p, yaml_node_t *map)
{
	enum { ATTR_KEY_BY, ATTR_KEY_MAX };
	struct cfg_key keys[] = {
		[ATTR_KEY_BY] = { .name = "by" },
		[ATTR_KEY_MAX] = { .name = "max_groups" },
	};
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return cfg_fail(p, map, "'attribution' must be a map, got %s",
				cfg_kind(p, map));
	ret = cfg_map(p, map, "in attribution", keys, ARRAY_SIZE(keys));
	if (ret)
		return ret;
	return cfg_groups(p, keys[ATTR_KEY_BY].value, keys[ATTR_KEY_MAX].value,
			  NULL, &p->cfg->attribution);
}

/* The keys of a path_metrics entry. */
enum {
	PATH_KEY_PREFIX, PATH_KEY_SYSCALLS, PATH_KEY_NAME, PATH_KEY_BY,
	PATH_KEY_MAX_GROUPS, PATH_KEY_CGROUPS,
};

static int cfg_path_metrics(struct cfg_parser *p, yaml_node_t *list)
{
	static const char where[] = "in path_metrics entry";
	yaml_node_item_t *item;
	struct cfg_groups groups;
	yaml_node_t *entry;
	uint64_t syscalls;
	char *prefix;
	int ret;

	ret = cfg_list(p, list, "path_metrics", "entry");
	if (ret)
		return ret;
	for (item = list->data.sequence.items.start;
	     item < list->data.sequence.items.top; item++) {
		struct cfg_key keys[] = {
			[PATH_KEY_PREFIX] = { .name = "path_prefix" },
			[PATH_KEY_SYSCALLS] = { .name = "syscalls" },
			[PATH_KEY_NAME] = { .name = "name" },
			[PATH_KEY_BY] = { .name = "by" },
			[PATH_KEY_MAX_GROUPS] = { .name = "max_groups" },
			[PATH_KEY_CGROUPS] = { .name = "cgroups" },
		};

		entry = cfg_node(p, *item);
		if (entry->type != YAML_MAPPING_NODE)
			return cfg_fail(p, entry,
					"a path_metrics entry must be a map, got %s",
					cfg_kind(p, entry));
		ret = cfg_map(p, entry, where, keys, ARRAY_SIZE(keys));
		if (ret)
			return ret;
		if (!keys[PATH_KEY_PREFIX].value)
			return cfg_fail(p, entry, "missing key 'path_prefix' %s",
					where);
		if (!keys[PATH_KEY_SYSCALLS].value)
			return cfg_fail(p, entry, "missing key 'syscalls' %s",
					where);
		ret = cfg_groups(p, keys[PATH_KEY_BY].value,
				 keys[PATH_KEY_MAX_GROUPS].value,
				 keys[PATH_KEY_CGROUPS].value, &groups);
		if (ret)
			return ret;
		ret = cfg_prefix(p, keys[PATH_KEY_PREFIX].value, "'path_prefix'", &prefix);
		if (ret) {
			free(groups.cgroups);
			return ret;
		}
		ret = cfg_syscalls(p, keys[PATH_KEY_SYSCALLS].value, &syscalls);
		if (ret) {
			free(groups.cgroups);
			free(prefix);
			return ret;
		}
		ret = cfg_add_path(p, keys[PATH_KEY_PREFIX].value, prefix, syscalls,
				   &groups, keys[PATH_KEY_NAME].value,
				   "set 'name:'");
		if (ret)
			return ret;
	}
	return 0;
}

static int cfg_monitored_paths(struct cfg_parser *p, yaml_node_t *list)
{
	static const struct cfg_groups groups;
	yaml_node_item_t *item;
	yaml_node_t *n;
	char *prefix;
	int ret;

	ret = cfg_list(p, list, "monitored_paths", "prefix");
	if (ret)
		return ret;
	for (item = list->data.sequence.items.start;
	     item < list->data.sequence.items.top; item++) {
		n = cfg_node(p, *item);
		ret = cfg_prefix(p, n, "a monitored_paths entry", &prefix);
		if (ret)
			return ret;
		ret = cfg_add_path(p, n, prefix, 0, &groups, NULL,
				   "list the prefix under path_metrics with a 'name:'");
		if (ret)
			return ret;
	}
	return 0;
}

static int cfg_socket(struct cfg_parser *p, yaml_node_t *n,
		      const char **path, bool *abstract)
{
	const char *s;
	size_t len;
	int ret;

	ret = cfg_string(p, n, "'socket_path'", &s);
	if (ret)
		return ret;
	*abstract = s[0] == '@';
	*path = s + *abstract;
	len = strlen(*path);
	if (*abstract && !len)
		return cfg_fail(p, n, "empty abstract socket name '@'");
	if (!*abstract && s[0] != '/')
		return cfg_fail(p, n,
				"relative socket_path %s (expected an absolute path, or '@name' for an abstract socket)",
				cfg_quote(p, s));
	if (len > CFG_SOCKET_PATH_MAX)
		return cfg_fail(p, n,
				"socket_path too long: %zu bytes, at most %d",
				len, CFG_SOCKET_PATH_MAX);
	if (*abstract)
		return cfg_no_control(p, n, s, "socket_path");
	if (len < 2 || (*path)[len - 1] == '/')
		return cfg_fail(p, n,
				"socket_path %s names a directory (expected the socket file's path)",
				cfg_quote(p, s));
	return cfg_components(p, n, *path, len, "socket_path");
}

/* The keys of a uds_monitor entry. */
enum {
	UDS_KEY_SOCKET, UDS_KEY_CAPTURE, UDS_KEY_SAMPLE, UDS_KEY_NAME,
	UDS_KEY_BY, UDS_KEY_MAX_GROUPS, UDS_KEY_CGROUPS,
};

static int cfg_uds_entry(struct cfg_parser *p, yaml_node_t *entry)
{
	static const char where[] = "in uds_monitor entry";
	struct cfg_key keys[] = {
		[UDS_KEY_SOCKET] = { .name = "socket_path" },
		[UDS_KEY_CAPTURE] = { .name = "capture_bytes" },
		[UDS_KEY_SAMPLE] = { .name = "sample_every" },
		[UDS_KEY_NAME] = { .name = "name" },
		[UDS_KEY_BY] = { .name = "by" },
		[UDS_KEY_MAX_GROUPS] = { .name = "max_groups" },
		[UDS_KEY_CGROUPS] = { .name = "cgroups" },
	};
	struct cfg *cfg = p->cfg;
	struct cfg_uds u = {
		.capture_bytes = CFG_CAPTURE_DEFAULT,
		.sample_every = CFG_SAMPLE_DEFAULT,
	};
	yaml_node_t *sock, *name, *at;
	const char *path;
	size_t i;
	int ret;

	if (entry->type != YAML_MAPPING_NODE)
		return cfg_fail(p, entry,
				"a uds_monitor entry must be a map, got %s",
				cfg_kind(p, entry));
	ret = cfg_map(p, entry, where, keys, ARRAY_SIZE(keys));
	if (ret)
		return ret;
	sock = keys[UDS_KEY_SOCKET].value;
	name = keys[UDS_KEY_NAME].value;
	if (!sock)
		return cfg_fail(p, entry, "missing key 'socket_path' %s",
				where);
	ret = cfg_socket(p, sock, &path, &u.abstract);
	if (ret)
		return ret;
	if (keys[UDS_KEY_CAPTURE].value) {
		ret = cfg_u32(p, keys[UDS_KEY_CAPTURE].value, "capture_bytes",
			      0, CFG_CAPTURE_MAX, &u.capture_bytes);
		if (ret)
			return ret;
	}
	if (keys[UDS_KEY_SAMPLE].value) {
		ret = cfg_u32(p, keys[UDS_KEY_SAMPLE].value, "sample_every", 1,
			      UINT32_MAX, &u.sample_every);
		if (ret)
			return ret;
	}
	if (cfg->uds_count >= PATHSTATS_MAX_SOCKETS)
		return cfg_fail(p, sock, "too many sockets: at most %d",
				PATHSTATS_MAX_SOCKETS);
	for (i = 0; i < cfg->uds_count; i++)
		if (cfg->uds[i].abstract == u.abstract &&
		    !strcmp(cfg->uds[i].path, path))
			return cfg_fail(p, sock,
					"duplicate socket_path %s (first at line %u)",
					cfg_quote(p, cfg_value(sock)),
					cfg->uds[i].line);
	ret = cfg_name(p, name, sock, u.abstract ? "@" : "", path,
		       "set 'name:'", &u.name);
	if (ret)
		return ret;
	at = name ?: sock;
	for (i = 0; i < cfg->uds_count; i++) {
		if (!strcmp(cfg->uds[i].name, u.name)) {
			ret = cfg_name_clash(p, at, u.name, !name,
					     cfg_value(sock), "set 'name:'",
					     cfg->uds[i].name_line,
					     cfg->uds[i].name_derived);
			free(u.name);
			return ret;
		}
	}
	ret = cfg_groups(p, keys[UDS_KEY_BY].value,
			 keys[UDS_KEY_MAX_GROUPS].value,
			 keys[UDS_KEY_CGROUPS].value, &u.groups);
	if (ret) {
		free(u.name);
		return ret;
	}
	u.path = strdup(path);
	if (!u.path || cfg_grow((void **)&cfg->uds, &p->uds_cap,
				cfg->uds_count, sizeof(*cfg->uds))) {
		free(u.groups.cgroups);
		free(u.path);
		free(u.name);
		return cfg_nomem(p);
	}
	u.name_derived = !name;
	u.line = cfg_line(sock);
	u.name_line = cfg_line(at);
	cfg->uds[cfg->uds_count++] = u;
	return 0;
}

static int cfg_uds_monitor(struct cfg_parser *p, yaml_node_t *list)
{
	yaml_node_item_t *item;
	int ret;

	ret = cfg_list(p, list, "uds_monitor", "entry");
	if (ret)
		return ret;
	for (item = list->data.sequence.items.start;
	     item < list->data.sequence.items.top; item++) {
		ret = cfg_uds_entry(p, cfg_node(p, *item));
		if (ret)
			return ret;
	}
	return 0;
}

static int cfg_ring(struct cfg_parser *p, yaml_node_t *map)
{
	struct cfg_key entries = { .name = "entries" };
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return cfg_fail(p, map, "'ring' must be a map, got %s",
				cfg_kind(p, map));
	ret = cfg_map(p, map, "in ring", &entries, 1);
	if (ret || !entries.value)
		return ret;
	return cfg_u32(p, entries.value, "entries", 1, PATHSTATS_RING_MAX,
		       &p->cfg->ring_entries);
}

/*
 * The kernel's bound on the ring (PATHSTATS_RING_MAX_BYTES): entries
 * slots, each a record header and the largest capture.
 */
static int cfg_ring_fits(struct cfg_parser *p, yaml_node_t *where)
{
	const struct cfg *cfg = p->cfg;
	uint32_t entries = cfg->ring_entries ?: PATHSTATS_RING_DEFAULT, max = 0;
	uint64_t slot;
	size_t i;

	for (i = 0; i < cfg->uds_count; i++)
		if (cfg->uds[i].capture_bytes > max)
			max = cfg->uds[i].capture_bytes;
	slot = sizeof(struct pathstats_record) + max;
	if (!max || entries * slot <= PATHSTATS_RING_MAX_BYTES)
		return 0;
	return cfg_fail(p, where,
			"ring too large: %u entries of %llu bytes (capture_bytes %u) exceed %llu MiB; at most %llu entries",
			entries, (unsigned long long)slot, max,
			PATHSTATS_RING_MAX_BYTES >> 20,
			(unsigned long long)(PATHSTATS_RING_MAX_BYTES / slot));
}

/* true or false, as YAML and JSON spell them. */
static int cfg_bool(struct cfg_parser *p, yaml_node_t *n, const char *key,
		    bool *val)
{
	const char *v;

	if (n->type == YAML_SCALAR_NODE &&
	    n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		v = cfg_value(n);
		if (!strcmp(v, "true") || !strcmp(v, "false")) {
			*val = *v == 't';
			return 0;
		}
	}
	return cfg_fail(p, n, "'%s' must be true or false, got %s", key,
			cfg_kind(p, n));
}

/* A duration as Go writes one, "10ms": a whole number and ns, us, ms or s. */
static int cfg_duration(struct cfg_parser *p, yaml_node_t *n, const char *key,
			uint64_t max, uint64_t *ns)
{
	static const struct {
		const char *unit;
		uint64_t ns;
	} units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 },
		{ "s", 1000000000 },
	};
	const char *v;
	char *end;
	unsigned long long n_units;
	size_t i;

	if (n->type != YAML_SCALAR_NODE || cfg_is_null(n))
		return cfg_fail(p, n, "'%s' must be a duration (\"10ms\"), got %s",
				key, cfg_kind(p, n));
	v = cfg_value(n);
	errno = 0;
	n_units = strtoull(v, &end, 10);
	if (end == v || !isdigit((unsigned char)*v) || errno)
		goto bad;
	for (i = 0; i < ARRAY_SIZE(units); i++) {
		if (strcmp(end, units[i].unit))
			continue;
		if (n_units > max / units[i].ns)
			return cfg_fail(p, n, "'%s' must be at most %llus, got %s",
					key, (unsigned long long)(max / 1000000000),
					cfg_quote(p, v));
		*ns = n_units * units[i].ns;
		return 0;
	}
bad:
	return cfg_fail(p, n,
			"'%s' must be a whole number and ns, us, ms or s (\"10ms\"), got %s",
			key, cfg_quote(p, v));
}

/* A list of names, each a context field. */
static int cfg_trace_context(struct cfg_parser *p, yaml_node_t *list,
			     uint32_t *mask)
{
	yaml_node_item_t *item;
	const char *name;
	uint32_t bits;
	yaml_node_t *n;
	int ret;

	if (list->type != YAML_SEQUENCE_NODE)
		return cfg_fail(p, list, "'context_fields' must be a list, got %s",
				cfg_kind(p, list));
	for (item = list->data.sequence.items.start;
	     item < list->data.sequence.items.top; item++) {
		n = cfg_node(p, *item);
		ret = cfg_string(p, n, "a context field", &name);
		if (ret)
			return ret;
		if (tracenames_context_field(name, &bits)) {
			const char *s = suggest_nearest(name, tracenames_context,
							PATHSTATS_TRACE_CTX_COUNT);

			return cfg_fail(p, n, "unknown context field %s%s%s%s",
					cfg_quote(p, name),
					s ? " (did you mean '" : "",
					s ? s : "", s ? "'?)" : "");
		}
		*mask |= bits;
	}
	return 0;
}

/* The optional fields of @point in @list, into @mask. */
static int cfg_trace_optional(struct cfg_parser *p, yaml_node_t *list,
			      int point, uint32_t *mask)
{
	yaml_node_item_t *item;
	const char *name;
	yaml_node_t *n;
	int bit, ret;

	if (list->type != YAML_SEQUENCE_NODE)
		return cfg_fail(p, list, "'optional_fields' must be a list, got %s",
				cfg_kind(p, list));
	for (item = list->data.sequence.items.start;
	     item < list->data.sequence.items.top; item++) {
		n = cfg_node(p, *item);
		ret = cfg_string(p, n, "an optional field", &name);
		if (ret)
			return ret;
		bit = tracenames_optional_field(name);
		if (bit < 0 ||
		    !(tracenames_point_optional[point] & (1U << bit)))
			return cfg_fail(p, n, "point '%s' has no optional field %s",
					tracenames_points[point],
					cfg_quote(p, name));
		*mask |= 1U << bit;
	}
	return 0;
}

/* The points defined: their names, for messages. */
static const char *cfg_trace_known_points(char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(tracenames_points); i++)
		if (tracenames_points[i] && n < size)
			n += snprintf(buf + n, size - n, "%s%s", n ? ", " : "",
				      tracenames_points[i]);
	return buf;
}

static int cfg_trace_point(struct cfg_parser *p, yaml_node_t *map,
			   struct cfg_trace_session *ts)
{
	struct cfg_key keys[] = {
		{ .name = "name" },
		{ .name = "optional_fields" },
		{ .name = "context_fields" },
	};
	struct pathstats_trace_point_rule *rule;
	const char *name;
	char known[256];
	uint32_t i;
	int point, ret;

	if (map->type != YAML_MAPPING_NODE)
		return cfg_fail(p, map, "a point must be a map, got %s",
				cfg_kind(p, map));
	ret = cfg_map(p, map, "in a point", keys, ARRAY_SIZE(keys));
	if (ret)
		return ret;
	if (!keys[0].value)
		return cfg_fail(p, map, "a point without 'name'");
	ret = cfg_string(p, keys[0].value, "a point's name", &name);
	if (ret)
		return ret;
	point = tracenames_point(name);
	if (point < 0)
		return cfg_fail(p, keys[0].value, "unknown point %s (known: %s)",
				cfg_quote(p, name),
				cfg_trace_known_points(known, sizeof(known)));
	for (i = 0; i < ts->point_count; i++)
		if (ts->points[i].point == (uint32_t)point)
			return cfg_fail(p, keys[0].value,
					"point '%s' twice in session '%s'",
					name, ts->name);
	if (ts->point_count == PATHSTATS_TRACE_POINTS_MAX)
		return cfg_fail(p, map, "more than %u points in session '%s'",
				PATHSTATS_TRACE_POINTS_MAX, ts->name);
	rule = &ts->points[ts->point_count++];
	rule->point = point;
	if (keys[1].value) {
		int ret = cfg_trace_optional(p, keys[1].value, point,
					     &rule->optional);

		if (ret)
			return ret;
	}
	if (keys[2].value)
		return cfg_trace_context(p, keys[2].value, &rule->context);
	return 0;
}

/* A remote sink's endpoint, retries and backoffs, from @k[1..4]. */
static int cfg_trace_remote(struct cfg_parser *p, yaml_node_t *config,
			    struct cfg_key *k,
			    struct pathstats_trace_sink_rule *rule)
{
	const char *endpoint;
	uint64_t ns;
	size_t len;
	int ret;

	if (!k[1].value)
		return cfg_fail(p, config, "sink 'remote' needs an 'endpoint'");
	ret = cfg_string(p, k[1].value, "'endpoint'", &endpoint);
	if (ret)
		return ret;
	len = strlen(endpoint);
	if (len < 2 || len >= sizeof(rule->endpoint) ||
	    (endpoint[0] != '/' && endpoint[0] != '@'))
		return cfg_fail(p, k[1].value,
				"'endpoint' must be an absolute socket path or '@' and an abstract name, of at most %zu bytes, got %s",
				sizeof(rule->endpoint) - 1,
				cfg_quote(p, endpoint));
	memcpy(rule->endpoint, endpoint, len);
	rule->retries = PATHSTATS_TRACE_RETRIES_DEFAULT;
	if (k[2].value)
		ret = cfg_u32(p, k[2].value, "retries", 0,
			      PATHSTATS_TRACE_RETRIES_MAX, &rule->retries);
	if (!ret && k[3].value)
		ret = cfg_duration(p, k[3].value, "backoff",
				   PATHSTATS_TRACE_BACKOFF_LIMIT, &ns);
	if (!ret && k[3].value)
		rule->backoff_ns = ns;
	if (!ret && k[4].value)
		ret = cfg_duration(p, k[4].value, "backoff_max",
				   PATHSTATS_TRACE_BACKOFF_LIMIT, &ns);
	if (!ret && k[4].value)
		rule->backoff_max_ns = ns;
	if (!ret && rule->backoff_max_ns &&
	    rule->backoff_max_ns < rule->backoff_ns)
		ret = cfg_fail(p, k[4].value,
			       "'backoff_max' is shorter than 'backoff'");
	return ret;
}

static int cfg_trace_sink(struct cfg_parser *p, yaml_node_t *map,
			  struct cfg_trace_session *ts)
{
	struct cfg_key keys[] = {
		{ .name = "name" },
		{ .name = "config" },
		{ .name = "ignore_setup_error" },
	};
	struct cfg_key dev_keys[] = {
		{ .name = "buffer_bytes" },
		{ .name = "endpoint" },
		{ .name = "retries" },
		{ .name = "backoff" },
		{ .name = "backoff_max" },
	};
	struct pathstats_trace_sink_rule *rule;
	const char *name;
	bool ignore = false;
	uint32_t i;
	int type, ret;

	if (map->type != YAML_MAPPING_NODE)
		return cfg_fail(p, map, "a sink must be a map, got %s",
				cfg_kind(p, map));
	ret = cfg_map(p, map, "in a sink", keys, ARRAY_SIZE(keys));
	if (ret)
		return ret;
	if (!keys[0].value)
		return cfg_fail(p, map, "a sink without 'name'");
	ret = cfg_string(p, keys[0].value, "a sink's name", &name);
	if (ret)
		return ret;
	type = tracenames_sink(name);
	if (type < 0)
		return cfg_fail(p, keys[0].value,
				"unknown sink %s (known: device, null, remote)",
				cfg_quote(p, name));
	for (i = 0; i < ts->sink_count; i++)
		if (ts->sinks[i].type == (uint32_t)type)
			return cfg_fail(p, keys[0].value,
					"sink '%s' twice in session '%s'",
					name, ts->name);
	rule = &ts->sinks[ts->sink_count++];
	rule->type = type;
	if (keys[2].value) {
		ret = cfg_bool(p, keys[2].value, "ignore_setup_error", &ignore);
		if (ret)
			return ret;
		if (ignore)
			rule->flags |= PATHSTATS_TRACE_SINK_IGNORE_SETUP_ERROR;
	}
	if (!keys[1].value || cfg_is_null(keys[1].value)) {
		if (type == PATHSTATS_TRACE_SINK_REMOTE)
			return cfg_fail(p, map,
					"sink 'remote' needs a config with 'endpoint'");
		return 0;
	}
	if (keys[1].value->type != YAML_MAPPING_NODE)
		return cfg_fail(p, keys[1].value, "'config' must be a map, got %s",
				cfg_kind(p, keys[1].value));
	if (type == PATHSTATS_TRACE_SINK_NULL)
		return cfg_map(p, keys[1].value, "in the config of sink 'null'",
			       NULL, 0);
	/* device has the first key, remote all of them. */
	ret = cfg_map(p, keys[1].value,
		      type == PATHSTATS_TRACE_SINK_DEVICE ?
		      "in the config of sink 'device'" :
		      "in the config of sink 'remote'",
		      dev_keys, type == PATHSTATS_TRACE_SINK_DEVICE ? 1 :
		      ARRAY_SIZE(dev_keys));
	if (!ret && dev_keys[0].value)
		ret = cfg_u32(p, dev_keys[0].value, "buffer_bytes",
			      PATHSTATS_TRACE_BUFFER_MIN,
			      PATHSTATS_TRACE_BUFFER_MAX, &rule->buffer_bytes);
	if (ret || type != PATHSTATS_TRACE_SINK_REMOTE)
		return ret;
	return cfg_trace_remote(p, keys[1].value, dev_keys, rule);
}

/* Each item of @list, a map, parsed by @one into @ts. */
static int cfg_trace_items(struct cfg_parser *p, yaml_node_t *list,
			   const char *key, const char *items,
			   struct cfg_trace_session *ts,
			   int (*one)(struct cfg_parser *p, yaml_node_t *n,
				      struct cfg_trace_session *ts))
{
	yaml_node_item_t *item;
	int ret;

	ret = cfg_list(p, list, key, items);
	for (item = list->data.sequence.items.start;
	     !ret && item < list->data.sequence.items.top; item++)
		ret = one(p, cfg_node(p, *item), ts);
	return ret;
}

/* One session: a map of name, points and sinks. */
static int cfg_trace_session(struct cfg_parser *p, yaml_node_t *map)
{
	struct cfg_key keys[] = {
		{ .name = "name" },
		{ .name = "points" },
		{ .name = "sinks" },
	};
	struct cfg_trace_session *ts;
	struct cfg *cfg = p->cfg;
	const char *name;
	size_t i, len;
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return cfg_fail(p, map, "a trace session must be a map, got %s",
				cfg_kind(p, map));
	ret = cfg_map(p, map, "in a trace session", keys, ARRAY_SIZE(keys));
	if (ret)
		return ret;
	if (!keys[0].value)
		return cfg_fail(p, map, "a trace session without 'name'");
	ret = cfg_string(p, keys[0].value, "a session's name", &name);
	if (ret)
		return ret;
	len = strlen(name);
	if (!len || len >= PATHSTATS_TRACE_NAME_LEN ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") != len)
		return cfg_fail(p, keys[0].value,
				"session name %s: 1 to %u of A-Z, a-z, 0-9, '_', '.' and '-'",
				cfg_quote(p, name), PATHSTATS_TRACE_NAME_LEN - 1);
	for (i = 0; i < cfg->trace_count; i++)
		if (!strcmp(cfg->trace[i].name, name))
			return cfg_fail(p, keys[0].value,
					"session '%s' twice (first at line %u)",
					name, cfg->trace[i].line);
	if (cfg->trace_count == PATHSTATS_TRACE_SESSIONS_MAX)
		return cfg_fail(p, map, "more than %u trace sessions",
				PATHSTATS_TRACE_SESSIONS_MAX);
	if (cfg_grow((void **)&cfg->trace, &p->trace_cap, cfg->trace_count,
		     sizeof(*cfg->trace)))
		return cfg_nomem(p);
	ts = &cfg->trace[cfg->trace_count];
	memset(ts, 0, sizeof(*ts));
	memcpy(ts->name, name, len);
	ts->line = cfg_line(keys[0].value);
	if (!keys[1].value)
		return cfg_fail(p, map, "session '%s' has no 'points'", name);
	if (!keys[2].value)
		return cfg_fail(p, map, "session '%s' has no 'sinks'", name);
	ret = cfg_trace_items(p, keys[1].value, "points", "point", ts,
			      cfg_trace_point);
	if (!ret)
		ret = cfg_trace_items(p, keys[2].value, "sinks", "sink", ts,
				      cfg_trace_sink);
	if (!ret)
		cfg->trace_count++;
	return ret;
}

/* trace: {sessions: [SESSION...]} */
static int cfg_trace(struct cfg_parser *p, yaml_node_t *map)
{
	struct cfg_key keys[] = {
		{ .name = "sessions" },
	};
	yaml_node_item_t *item;
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return cfg_fail(p, map, "'trace' must be a map, got %s",
				cfg_kind(p, map));
	ret = cfg_map(p, map, "in trace", keys, ARRAY_SIZE(keys));
	if (ret)
		return ret;
	if (!keys[0].value)
		return cfg_fail(p, map, "'trace' has no 'sessions'");
	ret = cfg_list(p, keys[0].value, "sessions", "session");
	for (item = keys[0].value->data.sequence.items.start;
	     !ret && item < keys[0].value->data.sequence.items.top; item++)
		ret = cfg_trace_session(p, cfg_node(p, *item));
	return ret;
}

/* The top-level keys. */
enum {
	ROOT_KEY_PATH_METRICS,
	ROOT_KEY_MONITORED_PATHS,
	ROOT_KEY_UDS_MONITOR,
	ROOT_KEY_RING,
	ROOT_KEY_ATTRIBUTION,
	ROOT_KEY_TRACE,
	ROOT_KEY_TRACE_SESSION,
};

static int cfg_root(struct cfg_parser *p, yaml_node_t *root)
{
	static int (*const parse[])(struct cfg_parser *p,
				    yaml_node_t *n) = {
		[ROOT_KEY_PATH_METRICS] = cfg_path_metrics,
		[ROOT_KEY_MONITORED_PATHS] = cfg_monitored_paths,
		[ROOT_KEY_UDS_MONITOR] = cfg_uds_monitor,
		[ROOT_KEY_RING] = cfg_ring,
		[ROOT_KEY_ATTRIBUTION] = cfg_attribution,
		[ROOT_KEY_TRACE] = cfg_trace,
		[ROOT_KEY_TRACE_SESSION] = cfg_trace_session,
	};
	struct cfg_key keys[] = {
		[ROOT_KEY_PATH_METRICS] = { .name = "path_metrics" },
		[ROOT_KEY_MONITORED_PATHS] = { .name = "monitored_paths" },
		[ROOT_KEY_UDS_MONITOR] = { .name = "uds_monitor" },
		[ROOT_KEY_RING] = { .name = "ring" },
		[ROOT_KEY_ATTRIBUTION] = { .name = "attribution" },
		[ROOT_KEY_TRACE] = { .name = "trace" },
		/* Seed 002's layout: one session. */
		[ROOT_KEY_TRACE_SESSION] = { .name = "trace_session" },
	};
	struct cfg *cfg = p->cfg;
	yaml_node_pair_t *pair;
	size_t i;
	int ret;

	if (root->type != YAML_MAPPING_NODE)
		return cfg_fail(p, root,
				"the configuration must be a map, got %s",
				cfg_kind(p, root));
	ret = cfg_map(p, root, "at the top level", keys, ARRAY_SIZE(keys));
	if (ret)
		return ret;
	if (!keys[ROOT_KEY_PATH_METRICS].key &&
	    !keys[ROOT_KEY_MONITORED_PATHS].key &&
	    !keys[ROOT_KEY_UDS_MONITOR].key &&
	    !keys[ROOT_KEY_TRACE].key && !keys[ROOT_KEY_TRACE_SESSION].key)
		return cfg_fail(p, root,
				"nothing to monitor: expected 'path_metrics', 'monitored_paths', 'uds_monitor' or 'trace'");
	/* In the file's order, so the first error is the first in the file. */
	for (pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top; pair++) {
		for (i = 0; i < ARRAY_SIZE(keys); i++)
			if (keys[i].key == cfg_node(p, pair->key))
				break;
		ret = parse[i](p, keys[i].value);
		if (ret)
			return ret;
	}
	for (i = 0; i < cfg->path_count; i++)
		cfg_groups_resolve(&cfg->paths[i].groups, &cfg->attribution);
	for (i = 0; i < cfg->uds_count; i++)
		cfg_groups_resolve(&cfg->uds[i].groups, &cfg->attribution);
	return cfg_ring_fits(p, keys[ROOT_KEY_RING].value ?: root);
}

static int cfg_yaml_fail(struct cfg_parser *p, yaml_parser_t *parser,
			 const char *buf, size_t len)
{
	size_t line = parser->problem_mark.line + 1;
	size_t col = parser->problem_mark.column + 1;
	size_t i, end;

	if (parser->error == YAML_MEMORY_ERROR)
		return cfg_nomem(p);
	if (parser->error == YAML_READER_ERROR) {
		/* libyaml gives the byte offset only. */
		line = 1;
		col = 1;
		end = parser->problem_offset < len ? parser->problem_offset :
						      len;
		for (i = 0; i < end; i++) {
			if (buf[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
	}
	if (parser->context)
		return cfg_fail_at(p, line, col,
				   "malformed YAML: %s (%s at line %zu)",
				   parser->problem, parser->context,
				   parser->context_mark.line + 1);
	return cfg_fail_at(p, line, col, "malformed YAML: %s",
			   parser->problem ? parser->problem : "error");
}

/**
 * cfg_parse - parse and validate a configuration
 * @file: the file's name, for messages
 * @buf: its contents
 * @len: their length
 * @cfg: filled on success; cfg_free() it
 * @err: filled on failure
 *
 * Return: 0, -EINVAL for bad input, or -ENOMEM.  On failure @cfg holds
 * nothing to free.
 */
int cfg_parse(const char *file, const char *buf, size_t len,
	      struct cfg *cfg, struct cfg_error *err)
{
	struct cfg_parser p = {
		.file = file, .cfg = cfg, .err = err,
	};
	yaml_document_t doc, extra;
	yaml_parser_t parser;
	yaml_node_t *root;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	err->msg[0] = '\0';
	if (!yaml_parser_initialize(&parser))
		return cfg_nomem(&p);
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		ret = cfg_yaml_fail(&p, &parser, buf, len);
		goto out_parser;
	}
	p.doc = &doc;
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		ret = cfg_fail_at(&p, 1, 1,
				  "empty configuration: expected 'path_metrics', 'monitored_paths' or 'uds_monitor'");
		goto out_doc;
	}
	if (!yaml_parser_load(&parser, &extra)) {
		ret = cfg_yaml_fail(&p, &parser, buf, len);
		goto out_doc;
	}
	ret = 0;
	if (yaml_document_get_root_node(&extra))
		ret = cfg_fail_at(&p, extra.start_mark.line + 1,
				  extra.start_mark.column + 1,
				  "a second YAML document: a configuration is one document");
	yaml_document_delete(&extra);
	if (!ret)
		ret = cfg_root(&p, root);
	if (!ret && !cfg->ring_entries)
		cfg->ring_entries = PATHSTATS_RING_DEFAULT;
out_doc:
	yaml_document_delete(&doc);
out_parser:
	yaml_parser_delete(&parser);
	if (ret)
		cfg_free(cfg);
	return ret;
}

/**
 * cfg_read_file - read a whole file, of a bounded size
 * @file: its path
 * @max: its largest size accepted
 * @buf: set to its contents, malloc()ed and NUL-terminated
 * @len: set to their length
 * @err: filled on failure
 *
 * Return: 0, -EFBIG for a file larger than @max, or the negative errno
 * of reading it.
 */
int cfg_read_file(const char *file, size_t max, char **buf, size_t *len,
		  struct cfg_error *err)
{
	size_t cap = 0;
	char *b;
	ssize_t n;
	int fd, ret;

	*buf = NULL;
	*len = 0;
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		goto fail;
	}
	for (;;) {
		if (*len + 1 >= cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > max + 2)
				cap = max + 2;
			b = realloc(*buf, cap);
			if (!b) {
				ret = -ENOMEM;
				goto fail;
			}
			*buf = b;
		}
		n = read(fd, *buf + *len, cap - *len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			goto fail;
		}
		if (!n)
			break;
		*len += n;
		if (*len > max) {
			close(fd);
			free(*buf);
			*buf = NULL;
			snprintf(err->msg, sizeof(err->msg),
				 "%s: file too large (more than %zu bytes)",
				 file, max);
			return -EFBIG;
		}
	}
	close(fd);
	(*buf)[*len] = '\0';
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(*buf);
	*buf = NULL;
	snprintf(err->msg, sizeof(err->msg), "cannot read '%s': %s", file,
		 strerror(-ret));
	return ret;
}

/**
 * cfg_parse_file - read, parse and validate a configuration file
 * @file: its path
 * @cfg: filled on success; cfg_free() it
 * @err: filled on failure
 *
 * Return: as cfg_parse(), or the negative errno of reading the file.
 */
int cfg_parse_file(const char *file, struct cfg *cfg,
		   struct cfg_error *err)
{
	size_t len;
	char *buf;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	ret = cfg_read_file(file, CFG_FILE_MAX, &buf, &len, err);
	if (ret)
		return ret;
	ret = cfg_parse(file, buf, len, cfg, err);
	free(buf);
	return ret;
}

/**
 * cfg_free - free what cfg_parse() filled in, and zero it
 * @cfg: the configuration
 */
void cfg_free(struct cfg *cfg)
{
	size_t i;

	for (i = 0; i < cfg->path_count; i++) {
		free(cfg->paths[i].prefix);
		free(cfg->paths[i].name);
		free(cfg->paths[i].groups.cgroups);
	}
	for (i = 0; i < cfg->uds_count; i++) {
		free(cfg->uds[i].path);
		free(cfg->uds[i].groups.cgroups);
		free(cfg->uds[i].name);
	}
	for (i = 0; i < cfg->warning_count; i++)
		free(cfg->warnings[i]);
	free(cfg->paths);
	free(cfg->uds);
	free(cfg->warnings);
	free(cfg->trace);
	memset(cfg, 0, sizeof(*cfg));
}
