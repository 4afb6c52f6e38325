// SPDX-License-Identifier: GPL-2.0
/*
 * A fuzzer of /dev/pathstats: mutated and random configuration blobs,
 * every ioctl of the uapi header and unknown ones, bad user pointers.
 * After every call the configuration in force must be the one expected:
 * the reference loaded at the start, unless a blob was accepted (then the
 * reference is loaded again).  A blob the kernel accepts must keep every
 * rule the uapi header states.  Runs as root in the test VM with
 * pathstats.ko loaded and statsfs mounted at /sys/kernel/stats; the VM
 * runner fails the run on any splat in the kernel log.
 *
 * Deterministic: iteration i draws from a generator seeded with the seed
 * and i alone.  Environment:
 *   PATHSTATS_FUZZ_SEED        the seed (default 0x70737463)
 *   PATHSTATS_FUZZ_ITERATIONS  at most this many iterations (20000)
 *   PATHSTATS_FUZZ_SECONDS     and at most this long, times
 *                              PATHSTATS_TIME_SCALE (4)
 *   PATHSTATS_FUZZ_FIRST       the first iteration (0), to replay one
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/pathstats.h>

#include "harness.h"
#include "../../tools/blob.h"

#define DEV		"/dev/pathstats"
#define STATS		"/sys/kernel/stats"
#define SYS(x)		(1ULL << PATHSTATS_SYS_##x)
#define HDR		sizeof(struct pathstats_config_header)
#define RULE		sizeof(struct pathstats_path_rule)
/* Room for any mutant: the largest base, grown by a few long strings. */
#define AREA_SIZE	(64 * 1024)
/* The capture bound of config.rst, and sun_path without its NUL. */
#define CAPTURE_MAX	65536U
#define SUN_PATH_MAX	107
/* The full tree is compared every so many iterations. */
#define TREE_EVERY	256
/* Valid mutants are loaded one time in so many. */
#define VALID_EVERY	32

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : def;
}

/* splitmix64: one state word, good enough spread, trivially seeded. */
static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t below(uint64_t *s, uint32_t n)
{
	return n ? rnd(s) % n : 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A growing string: tree listings and messages. */
struct text {
	char *s;
	size_t len, cap;
};

static void __printf(2, 3)
text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && t->len + n < t->cap)
			break;
		t->cap = t->cap * 2 + n + 256;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort();
	}
	t->len += n;
}

/*
 * The configuration as statsfs shows it: every entry below pathmon/ and
 * uds/, sorted, with the contents of every file but the bulk reads.
 */
static void tree_list(struct text *t, const char *dir)
{
	struct dirent **ents;
	struct stat st;
	char path[512], buf[4096];
	int i, n, fd;
	ssize_t len;

	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		text_add(t, "%s: error %d\n", dir, errno);
		return;
	}
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;

		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (!strcmp(name, ".") || !strcmp(name, "..")) {
			;
		} else if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
			text_add(t, "%s/\n", path);
			tree_list(t, path);
		} else if (!strcmp(name, ".bulk")) {
			text_add(t, "%s\n", path);
		} else {
			fd = open(path, O_RDONLY);
			len = fd < 0 ? -errno : read(fd, buf, sizeof(buf) - 1);
			if (fd >= 0)
				close(fd);
			buf[len > 0 ? len : 0] = '\0';
			text_add(t, "%s = %zd %s\n", path, len, buf);
		}
		free(ents[i]);
	}
	free(ents);
}

static char *tree(void)
{
	struct text t = { 0 };

	tree_list(&t, STATS "/pathmon");
	tree_list(&t, STATS "/uds");
	return t.s;
}

/* The first line where @a and @b differ, for the log. */
static void tree_diff(char *msg, size_t size, const char *a, const char *b)
{
	const char *la = a, *lb = b;

	while (*a && *a == *b) {
		if (*a == '\n') {
			la = a + 1;
			lb = b + 1;
		}
		a++;
		b++;
	}
	snprintf(msg, size, "tree changed: was \"%.*s\", now \"%.*s\"",
		 (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
}

static int ioctl_err(int fd, unsigned long cmd, unsigned long arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

static int status(int fd, struct pathstats_status *st)
{
	memset(st, 0xee, sizeof(*st));
	return ioctl_err(fd, PATHSTATS_IOC_STATUS, (unsigned long)st);
}

/*
 * The configurations mutants start from, compiled by the tool's builder.
 * The first is the reference.  The next ones attach the same probes, so
 * that loading one, and the reference after it, is quick; the last ones
 * attach others, and are chosen less often.
 */
#define REF_SYSCALLS	(SYS(OPENAT) | SYS(READ) | SYS(WRITE) | SYS(STATX) | \
			 SYS(UNLINK))

static struct cfg_path ref_paths[] = {
	{ .prefix = "/fuzz/data", .name = "data",
	  .syscalls = SYS(OPENAT) | SYS(READ) | SYS(WRITE) },
	{ .prefix = "/fuzz/logs/app", .name = "app logs",
	  .syscalls = SYS(STATX) | SYS(UNLINK) },
	{ .prefix = "/fuzz/tmp", .name = "tmp" },
};

static struct cfg_path more_paths[] = {
	{ .prefix = "/fuzz/tmp", .name = "t" },
	{ .prefix = "/fuzz", .name = "fuzz", .syscalls = REF_SYSCALLS },
	{ .prefix = "/fuzz/a/b/c/d/e/f", .name = "deep" },
	{ .prefix = "/fuzz/\xc3\xa9t\xc3\xa9", .name = "\xc3\xa9t\xc3\xa9" },
	{ .prefix = "/fuzz/data", .name = "data", .syscalls = SYS(READ) },
	{ .prefix = "/fuzz/x", .name = "x y z", .syscalls = SYS(STATX) },
};

static struct cfg_uds ref_uds[] = {
	{ .path = "/run/fuzz.sock", .name = "rpc", .capture_bytes = 512,
	  .sample_every = 1 },
	{ .path = "fuzz-bus", .abstract = true, .name = "@fuzz-bus",
	  .sample_every = 3 },
};

static struct cfg_uds more_uds[] = {
	{ .path = "fuzz-bus", .abstract = true, .name = "bus",
	  .capture_bytes = 65536, .sample_every = 1000 },
	{ .path = "/run/fuzz.sock", .name = "sock", .sample_every = 1 },
	{ .path = "/run/fuzz.sock", .abstract = true, .name = "abstract",
	  .capture_bytes = 1, .sample_every = 1 },
};

static struct cfg_path root_path[] = {
	{ .prefix = "/", .name = "root", .syscalls = PATHSTATS_SYS_ALL },
};

#define BASE(p, np, u, nu, ring) \
	{ .paths = p, .path_count = np, .uds = u, .uds_count = nu, \
	  .ring_entries = ring }

static struct cfg bases_cfg[] = {
	BASE(ref_paths, 3, ref_uds, 2, 64),
	BASE(more_paths, 6, more_uds, 3, 1),
	BASE(more_paths, 2, ref_uds, 2, 0),
	BASE(more_paths + 1, 1, more_uds, 2, 16),
	/* Other probes. */
	BASE(NULL, 0, NULL, 0, 0),
	BASE(root_path, 1, NULL, 0, PATHSTATS_RING_MAX),
	BASE(NULL, 0, ref_uds, 2, 0),
};

#define NR_BASES	ARRAY_SIZE(bases_cfg)
#define NR_QUICK_BASES	4

/* Strings the mutants put in the table: limits, clashes, odd bytes. */
static const char *const words[] = {
	"/", "/fuzz", "/fuzz/data/sub", "/fuzz/", "//", "/.", "/..", "/a/./b",
	"/a/../b", "fuzz", "", ".", "..", ".x", "a/b", "a\tb", "a\x7f",
	"\xc3\xa9t\xc3\xa9", "\xff\xfe", "read_ops", "write_bytes",
	"openat_calls", "prefix", "socket", "send_ops_total", "pathmon",
	"uds", "data", "rpc", "@fuzz-bus", "/run/fuzz.sock", "fuzz-bus",
};

static const uint32_t u32s[] = {
	0, 1, 2, 7, 8, 31, 32, 47, 48, 49, 0x7f, 0x80, 0xff, 0x100, 0xfff,
	0x1000, 0xffff, 0x10000, 0x10001, PATHSTATS_MAX_PATHS,
	PATHSTATS_MAX_PATHS + 1, PATHSTATS_MAX_SOCKETS,
	PATHSTATS_MAX_SOCKETS + 1, PATHSTATS_RING_MAX, PATHSTATS_RING_MAX + 1,
	PATHSTATS_CONFIG_MAX_SIZE, PATHSTATS_CONFIG_MAX_SIZE + 1, 0x7fffffff,
	0x80000000, 0xfffffffe, 0xffffffff, PATHSTATS_CONFIG_MAGIC,
};

/* A mutant: the blob, what the ioctl is told, and what was done to it. */
struct mutant {
	uint8_t *b;
	uint32_t len;		/* bytes of the blob */
	uint32_t size;		/* pathstats_load.size */
	uint32_t reserved;	/* pathstats_load.reserved */
	uint32_t pc, uc;	/* the rule layout field mutations aim at */
	struct text what;
};

static uint32_t get32(const struct mutant *m, uint32_t off)
{
	uint32_t v = 0;

	if ((uint64_t)off + 4 <= m->len)
		memcpy(&v, m->b + off, 4);
	return v;
}

static void put32(struct mutant *m, uint32_t off, uint32_t v)
{
	if ((uint64_t)off + 4 <= m->len)
		memcpy(m->b + off, &v, 4);
}

static void put64(struct mutant *m, uint32_t off, uint64_t v)
{
	if ((uint64_t)off + 8 <= m->len)
		memcpy(m->b + off, &v, 8);
}

#define HOFF(f)		offsetof(struct pathstats_config_header, f)

/* Offset of rule @i (path rules first, then socket rules). */
static uint32_t rule_off(const struct mutant *m, uint32_t i)
{
	return HDR + i * RULE;
}

static uint32_t interesting(uint64_t *s, const struct mutant *m)
{
	uint32_t strsize = get32(m, HOFF(strings_size));

	switch (below(s, 8)) {
	case 0:
		return m->len + below(s, 3) - 1;
	case 1:
		return strsize + below(s, 3) - 1;
	case 2:
		return (uint32_t)rnd(s);
	default:
		return u32s[below(s, ARRAY_SIZE(u32s))];
	}
}

/* Appends @n bytes of @p to the string table; its offset, or ~0. */
static uint32_t append(struct mutant *m, const void *p, uint32_t n)
{
	uint32_t off = get32(m, HOFF(strings_size));

	if (m->len + n > AREA_SIZE)
		return ~0U;
	memmove(m->b + m->len, p, n);
	m->len += n;
	m->size = m->len;
	put32(m, HOFF(size), m->len);
	put32(m, HOFF(strings_size), off + n);
	return off;
}

/* A string field of a rule: prefix or name, path or name. */
static uint32_t string_field(uint64_t *s, const struct mutant *m)
{
	uint32_t n = m->pc + m->uc, i = below(s, n), field;

	if (!n)
		return ~0U;
	if (i < m->pc)
		field = below(s, 2) ? 8 : 12;
	else
		field = below(s, 2) ? 0 : 4;
	return rule_off(m, i) + field;
}

static void mutate(uint64_t *s, struct mutant *m, const struct mutant *other)
{
	uint32_t n, off, v, i, f = string_field(s, m);
	char str[PATHSTATS_PATH_MAX + 2];

	switch (below(s, 16)) {
	case 0:
		for (n = 1 + below(s, 8); n; n--) {
			v = below(s, m->len * 8);
			if (m->len)
				m->b[v / 8] ^= 1U << (v % 8);
		}
		text_add(&m->what, "flip bits; ");
		break;
	case 1:
		off = below(s, m->len);
		if (m->len)
			m->b[off] = "\0\xff\x7f\x80/.a\n\x01"[below(s, 9)];
		text_add(&m->what, "byte %u=%#x; ", off,
			 m->len ? m->b[off] : 0);
		break;
	case 2:
		off = below(s, HDR / 4) * 4;
		v = interesting(s, m);
		put32(m, off, v);
		text_add(&m->what, "header+%u=%#x; ", off, v);
		break;
	case 3:
		off = below(s, (m->len + 3) / 4) * 4;
		v = interesting(s, m);
		put32(m, off, v);
		text_add(&m->what, "word+%u=%#x; ", off, v);
		break;
	case 4:
		/* Rule fields: flags, reserved, syscalls or socket values. */
		if (!m->pc && !m->uc)
			break;
		i = below(s, m->pc + m->uc);
		off = rule_off(m, i) + below(s, RULE / 4) * 4;
		v = below(s, 2) ? interesting(s, m) : 1U << below(s, 32);
		put32(m, off, v);
		text_add(&m->what, "rule %u+%u=%#x; ", i,
			 off - rule_off(m, i), v);
		break;
	case 5:
		if (!m->pc)
			break;
		i = below(s, m->pc);
		put64(m, rule_off(m, i), below(s, 2) ? PATHSTATS_SYS_ALL :
		      1ULL << below(s, 64));
		text_add(&m->what, "syscalls of %u; ", i);
		break;
	case 6:
		if (!m->len)
			break;
		v = below(s, 2) ? below(s, m->len) : m->len - 1;
		if (below(s, 2) && v >= HDR) {
			/* Cut the string table, and say so. */
			put32(m, HOFF(size), v);
			put32(m, HOFF(strings_size),
			      v - get32(m, HOFF(strings_offset)));
		}
		m->len = m->size = v;
		text_add(&m->what, "truncate to %u; ", v);
		break;
	case 7:
		n = 1 + below(s, 64);
		for (i = 0; i < n; i++)
			str[i] = below(s, 2) ? 0 : rnd(s);
		if (below(s, 2)) {
			append(m, str, n);
		} else if (m->len + n <= AREA_SIZE) {
			memcpy(m->b + m->len, str, n);
			m->len = m->size = m->len + n;
		}
		text_add(&m->what, "extend by %u; ", n);
		break;
	case 8:
		/* Counts, with or without a layout to match them. */
		n = below(s, 3) ? below(s, 5) : interesting(s, m);
		off = below(s, 2) ? HOFF(path_count) : HOFF(uds_count);
		put32(m, off, n);
		i = off == HOFF(path_count) ? m->uc : m->pc;
		if (below(s, 2) && HDR + ((uint64_t)n + i) * RULE <= m->len) {
			if (off == HOFF(path_count))
				m->pc = n;
			else
				m->uc = n;
			v = HDR + (m->pc + m->uc) * RULE;
			put32(m, HOFF(strings_offset), v);
			put32(m, HOFF(strings_size), m->len - v);
		}
		text_add(&m->what, "count+%u=%u; ", off, n);
		break;
	case 9:
		/* A string offset: to the edges, or to another string. */
		if (f == ~0U)
			break;
		v = get32(m, HOFF(strings_size));
		switch (below(s, 4)) {
		case 0:
			v = v + below(s, 3) - 1;
			break;
		case 1:
			v = get32(m, string_field(s, m));
			break;
		case 2:
			v = get32(m, f) + 1;
			break;
		default:
			v = interesting(s, m);
		}
		put32(m, f, v);
		text_add(&m->what, "string at +%u=%u; ", f, v);
		break;
	case 10:
		/* One rule's fields over another's: duplicates. */
		if (m->pc + m->uc < 2 || rule_off(m, m->pc + m->uc) > m->len)
			break;
		i = below(s, m->pc + m->uc);
		v = below(s, m->pc + m->uc);
		memcpy(m->b + rule_off(m, v), m->b + rule_off(m, i), RULE);
		text_add(&m->what, "rule %u over %u; ", i, v);
		break;
	case 11:
		/* The rules twice, or the string table twice. */
		n = (m->pc + m->uc) * RULE;
		if (m->len + n > AREA_SIZE || m->len < HDR + n)
			break;
		if (below(s, 2)) {
			/* Paths, paths, sockets, sockets, strings. */
			v = m->pc * RULE;
			memmove(m->b + HDR + 2 * n, m->b + HDR + n,
				m->len - HDR - n);
			memmove(m->b + HDR + n + v, m->b + HDR + v, n - v);
			memmove(m->b + HDR + 2 * v, m->b + HDR + v, n - v);
			memcpy(m->b + HDR + v, m->b + HDR, v);
			m->len = m->size = m->len + n;
			m->pc *= 2;
			m->uc *= 2;
			put32(m, HOFF(path_count), m->pc);
			put32(m, HOFF(uds_count), m->uc);
			put32(m, HOFF(strings_offset), HDR + 2 * n);
			put32(m, HOFF(size), m->len);
			text_add(&m->what, "rules twice; ");
		} else if (2 * m->len - HDR - n <= AREA_SIZE) {
			off = HDR + n;
			memcpy(m->b + m->len, m->b + off, m->len - off);
			append(m, m->b + m->len, m->len - off);
			text_add(&m->what, "strings twice; ");
		}
		break;
	case 12:
		/* A string: a word, or a name or path at its length limit. */
		if (f == ~0U)
			break;
		if (below(s, 2)) {
			snprintf(str, sizeof(str), "%s",
				 words[below(s, ARRAY_SIZE(words))]);
		} else {
			static const uint32_t lens[] = {
				PATHSTATS_NAME_MAX - 2, PATHSTATS_NAME_MAX - 1,
				PATHSTATS_NAME_MAX, SUN_PATH_MAX - 1,
				SUN_PATH_MAX, SUN_PATH_MAX + 1,
				PATHSTATS_PATH_MAX - 1, PATHSTATS_PATH_MAX,
			};
			n = lens[below(s, ARRAY_SIZE(lens))];
			memset(str, 'a', n);
			str[0] = below(s, 2) ? '/' : 'n';
			str[n] = '\0';
		}
		v = append(m, str, strlen(str) + 1);
		if (v != ~0U)
			put32(m, f, v);
		text_add(&m->what, "string at +%u=\"%.16s\" (%zu); ", f, str,
			 strlen(str));
		break;
	case 13:
		/* A reserved or flags field non-zero, in the ioctl's too. */
		v = 1U << below(s, 32);
		switch (below(s, 3)) {
		case 0:
			m->reserved = v;
			text_add(&m->what, "load reserved=%#x; ", v);
			break;
		case 1:
			off = HOFF(flags) + below(s, 5) * 4;
			put32(m, off, get32(m, off) | v);
			text_add(&m->what, "header+%u|=%#x; ", off, v);
			break;
		default:
			if (!m->pc && !m->uc)
				break;
			off = rule_off(m, below(s, m->pc + m->uc)) + 16 +
			      below(s, 4) * 4;
			put32(m, off, get32(m, off) | v);
			text_add(&m->what, "rule+%u|=%#x; ", off, v);
		}
		break;
	case 14:
		v = below(s, 2) ? m->len + below(s, 17) - 8 : interesting(s, m);
		m->size = v;
		text_add(&m->what, "size=%u; ", v);
		break;
	default:
		/* Another base's bytes at the same place. */
		off = below(s, m->len);
		n = below(s, 64);
		if (off + n > other->len)
			n = off < other->len ? other->len - off : 0;
		memcpy(m->b + off, other->b + off, n);
		text_add(&m->what, "splice %u+%u; ", off, n);
		break;
	}
}

/*
 * The rules of the uapi header for a blob, checked on their own terms
 * (not with the kernel's code): a validator that stops checking one, or
 * checks one too many, disagrees with them.
 */
struct blob_view {
	const uint8_t *b;
	struct pathstats_config_header h;
	const char *strtab;
};

static const char *view_string(const struct blob_view *v, uint32_t off)
{
	if (off >= v->h.strings_size ||
	    !memchr(v->strtab + off, '\0', v->h.strings_size - off))
		return NULL;
	return v->strtab + off;
}

static bool has_control(const char *str)
{
	for (; *str; str++)
		if ((unsigned char)*str < 0x20 || *str == 0x7f)
			return true;
	return false;
}

static bool name_ok(const char *n)
{
	size_t len = n ? strlen(n) : 0;

	return len && len < PATHSTATS_NAME_MAX && n[0] != '.' &&
	       !strchr(n, '/') && !has_control(n);
}

/* max_groups only with groups; at most PATHSTATS_GROUPS_MAX. */
static bool groups_ok(uint32_t flags, uint32_t max_groups)
{
	if (!(flags & PATHSTATS_GROUP_BY))
		return !max_groups;
	return max_groups <= PATHSTATS_GROUPS_MAX;
}

static bool prefix_ok(const char *p)
{
	if (!p || p[0] != '/' || strlen(p) >= PATHSTATS_PATH_MAX ||
	    has_control(p))
		return false;
	if (!strcmp(p, "/"))
		return true;
	return !strstr(p, "//") && !strstr(p, "/./") && !strstr(p, "/../") &&
	       p[strlen(p) - 1] != '/' &&
	       !(strlen(p) >= 2 && !strcmp(p + strlen(p) - 2, "/.")) &&
	       !(strlen(p) >= 3 && !strcmp(p + strlen(p) - 3, "/.."));
}

/* Whether the @n strings of @v at @offs (u32 at stride RULE) repeat. */
static bool strings_repeat(const struct blob_view *v, uint32_t first,
			   uint32_t n, uint32_t field)
{
	uint32_t i, j, a, b;

	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++) {
			memcpy(&a, v->b + HDR + (first + i) * RULE + field, 4);
			memcpy(&b, v->b + HDR + (first + j) * RULE + field, 4);
			if (!strcmp(view_string(v, a), view_string(v, b)))
				return true;
		}
	return false;
}

/* A rule's filter: no list without the flag, 1 to 16 paths with it. */
static bool cgroups_ok(const struct blob_view *v, uint32_t flags,
		       uint32_t off)
{
	const char *str;
	uint32_t n = 0;

	if (!(flags & PATHSTATS_FILTER_CGROUPS))
		return !off;
	for (;; off += strlen(str) + 1, n++) {
		str = view_string(v, off);
		if (!str)
			return false;
		if (!*str)
			return n > 0;
		if (n == PATHSTATS_FILTER_CGROUPS_MAX || !prefix_ok(str))
			return false;
	}
}

/* NULL if the @size bytes at @b keep every rule, else the rule broken. */
static const char *abi_broken(const uint8_t *b, uint32_t size)
{
	struct pathstats_path_rule pr;
	struct pathstats_uds_rule ur;
	struct blob_view v = { .b = b };
	uint32_t i, max_capture = 0;
	const char *str;

	memcpy(&v.h, b, HDR);
	if (v.h.magic != PATHSTATS_CONFIG_MAGIC || v.h.size != size)
		return "magic, or size unlike the ioctl's";
	if (v.h.flags || v.h.reserved[0] || v.h.reserved[1])
		return "header flags or reserved not 0";
	if (v.h.path_count > PATHSTATS_MAX_PATHS ||
	    v.h.uds_count > PATHSTATS_MAX_SOCKETS ||
	    v.h.ring_entries > PATHSTATS_RING_MAX)
		return "a count over its limit";
	if (v.h.strings_offset != HDR + (v.h.path_count + v.h.uds_count) *
	    RULE || (uint64_t)v.h.strings_offset + v.h.strings_size != size)
		return "layout: rules, then the string table to the end";
	v.strtab = (const char *)b + v.h.strings_offset;
	for (i = 0; i < v.h.path_count; i++) {
		memcpy(&pr, b + HDR + i * RULE, RULE);
		if ((pr.flags & ~(PATHSTATS_GROUP_BY |
				  PATHSTATS_FILTER_CGROUPS)) ||
		    pr.reserved || (pr.syscalls & ~PATHSTATS_SYS_ALL) ||
		    !groups_ok(pr.flags, pr.max_groups) ||
		    !cgroups_ok(&v, pr.flags, pr.cgroups))
			return "path rule flags, groups, reserved or syscalls";
		if (!prefix_ok(view_string(&v, pr.prefix)))
			return "a prefix not absolute and normalised";
		if (!name_ok(view_string(&v, pr.name)))
			return "a path name not valid";
	}
	for (i = 0; i < v.h.uds_count; i++) {
		memcpy(&ur, b + HDR + (v.h.path_count + i) * RULE, RULE);
		str = view_string(&v, ur.path);
		if ((ur.flags & ~(PATHSTATS_UDS_ABSTRACT | PATHSTATS_GROUP_BY |
				  PATHSTATS_FILTER_CGROUPS)) ||
		    ur.reserved || !ur.sample_every ||
		    !groups_ok(ur.flags, ur.max_groups) ||
		    !cgroups_ok(&v, ur.flags, ur.cgroups) ||
		    ur.capture_bytes > CAPTURE_MAX)
			return "socket rule flags, reserved or values";
		if (!str || !*str || strlen(str) > SUN_PATH_MAX ||
		    has_control(str) ||
		    (!(ur.flags & PATHSTATS_UDS_ABSTRACT) &&
		     (!strcmp(str, "/") || !prefix_ok(str))))
			return "a socket path not valid";
		if (!name_ok(view_string(&v, ur.name)))
			return "a socket name not valid";
		if (ur.capture_bytes > max_capture)
			max_capture = ur.capture_bytes;
	}
	if (max_capture &&
	    (uint64_t)(v.h.ring_entries ?: PATHSTATS_RING_DEFAULT) *
	    (sizeof(struct pathstats_record) + max_capture) >
	    PATHSTATS_RING_MAX_BYTES)
		return "a ring over PATHSTATS_RING_MAX_BYTES";
	if (strings_repeat(&v, 0, v.h.path_count, 8) ||
	    strings_repeat(&v, 0, v.h.path_count, 12) ||
	    strings_repeat(&v, v.h.path_count, v.h.uds_count, 4))
		return "a prefix or name twice";
	return NULL;
}

struct ctl {
	int fd;
	uint8_t *area;		/* AREA_SIZE bytes, then a PROT_NONE page */
	uint8_t *guard;
	uint8_t *hole;		/* an unmapped page */
	uint8_t *rdonly;	/* the reference blob, read-only */
	long page;
	struct blob bases[NR_BASES];
	struct pathstats_status st;	/* in force */
	char *ref_tree, *empty_tree;
	uint64_t seed;
	char msg[1024];
	unsigned int counts[8];
};

FIXTURE(fuzz) {
	struct ctl c;
};

enum {
	N_LOAD_OK, N_EINVAL, N_EFAULT, N_ENOMEM, N_ENOTTY, N_OTHER_OK,
	N_VALID_SKIPPED, N_EEXIST,
};

/* Says what went wrong, for the test to log; false. */
static bool __printf(2, 3)
fail(struct ctl *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
	return false;
}

/* Whether statsfs shows @want. */
static bool tree_is(struct ctl *c, const char *want)
{
	char *t = tree();
	bool ok = !strcmp(t, want);

	if (!ok)
		tree_diff(c->msg, sizeof(c->msg), want, t);
	free(t);
	return ok;
}

static int load(int fd, const void *blob, uint32_t size, uint32_t reserved)
{
	struct pathstats_load l = {
		.blob = (uintptr_t)blob, .size = size, .reserved = reserved,
	};

	return ioctl_err(fd, PATHSTATS_IOC_LOAD, (unsigned long)&l);
}

/* Loads the reference: 0, or the failure in c->msg. */
static int load_ref(struct ctl *c)
{
	int err = load(c->fd, c->bases[0].data, c->bases[0].size, 0);

	if (!err)
		err = status(c->fd, &c->st);
	if (err)
		fail(c, "the reference does not load: %d", err);
	return err;
}

/*
 * After a call that should have changed nothing: whether the status says
 * so (the full tree too if @tree).  @rejects: the call was a rejected
 * blob.
 */
static bool unchanged(struct ctl *c, bool rejects, bool full)
{
	struct pathstats_status st;

	if (status(c->fd, &st))
		return fail(c, "status fails");
	c->st.rejects += rejects;
	if (memcmp(&st, &c->st, sizeof(st)))
		return fail(c, "status changed: paths %u/%u sockets %u/%u probes %u/%u ring %u/%u generation %llu/%llu loads %llu/%llu rejects %llu/%llu",
			    st.path_count, c->st.path_count, st.uds_count,
			    c->st.uds_count, st.probes_attached,
			    c->st.probes_attached, st.ring_entries,
			    c->st.ring_entries,
			    (unsigned long long)st.generation,
			    (unsigned long long)c->st.generation,
			    (unsigned long long)st.loads,
			    (unsigned long long)c->st.loads,
			    (unsigned long long)st.rejects,
			    (unsigned long long)c->st.rejects);
	return !full || tree_is(c, c->ref_tree);
}

/* After an accepted load: its status; then the reference again. */
static bool accepted(struct ctl *c, const uint8_t *b)
{
	struct pathstats_config_header h;
	struct pathstats_status st;

	c->counts[N_LOAD_OK]++;
	memcpy(&h, b, HDR);
	if (status(c->fd, &st) || st.generation != c->st.generation + 1 ||
	    st.loads != c->st.loads + 1 || st.rejects != c->st.rejects ||
	    st.path_count != h.path_count || st.uds_count != h.uds_count)
		return fail(c, "status after a load: generation %llu (was %llu), paths %u of %u, sockets %u of %u",
			    (unsigned long long)st.generation,
			    (unsigned long long)c->st.generation,
			    st.path_count, h.path_count, st.uds_count,
			    h.uds_count);
	return !load_ref(c) && tree_is(c, c->ref_tree);
}

FIXTURE_SETUP(fuzz)
{
	struct ctl *c = &self->c;
	uint8_t *p;
	size_t i, size;

	c->seed = env_u64("PATHSTATS_FUZZ_SEED", 0x70737463);
	c->page = sysconf(_SC_PAGESIZE);
	c->fd = open(DEV, O_RDWR);
	ASSERT_LE(0, c->fd);

	p = mmap(NULL, AREA_SIZE + 3 * c->page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	c->area = p;
	c->guard = p + AREA_SIZE;
	c->hole = c->guard + c->page;
	c->rdonly = c->hole + c->page;
	ASSERT_EQ(0, mprotect(c->guard, c->page, PROT_NONE));
	ASSERT_EQ(0, munmap(c->hole, c->page));

	for (i = 0; i < NR_BASES; i++)
		ASSERT_EQ(0, blob_build(&bases_cfg[i], &c->bases[i], &size));
	memcpy(c->rdonly, c->bases[0].data, c->bases[0].size);
	ASSERT_EQ(0, mprotect(c->rdonly, c->page, PROT_READ));

	ASSERT_EQ(0, ioctl(c->fd, PATHSTATS_IOC_CLEAR));
	c->empty_tree = tree();
	ASSERT_EQ(0, load_ref(c)) {
		TH_LOG("%s", c->msg);
	}
	c->ref_tree = tree();
	ASSERT_EQ(3U, c->st.path_count);
	ASSERT_EQ(2U, c->st.uds_count);
	ASSERT_EQ(64U, c->st.ring_entries);
}

FIXTURE_TEARDOWN(fuzz)
{
	struct ctl *c = &self->c;
	size_t i;

	ioctl(c->fd, PATHSTATS_IOC_CLEAR);
	close(c->fd);
	for (i = 0; i < NR_BASES; i++)
		blob_free(&c->bases[i]);
	free(c->ref_tree);
	free(c->empty_tree);
}

/* Where the kernel finds a mutant: against the guard page, or not. */
static uint8_t *place(struct ctl *c, uint64_t *s,
		      const struct mutant *m)
{
	uint8_t *p;

	memset(c->area, 0, AREA_SIZE);
	switch (below(s, 4)) {
	case 0:
	case 1:
		p = c->guard - m->len;
		break;
	case 2:
		p = c->area;
		break;
	default:
		p = c->area + 1 + below(s, 7);
	}
	if (p + m->len > c->guard)
		p = c->guard - m->len;
	memcpy(p, m->b, m->len);
	return p;
}

/*
 * What a LOAD of @size bytes at @p must return, by the uapi header: 0 for
 * a blob that keeps all its rules (or ENOMEM, for a large ring), EINVAL,
 * or EFAULT when the bytes cannot all be read.
 */
static int predict(struct ctl *c, const uint8_t *p, uint32_t size,
		   uint32_t reserved, const char **why)
{
	*why = reserved ? "pathstats_load.reserved is not 0" :
	       size < HDR || size > PATHSTATS_CONFIG_MAX_SIZE ?
	       "size out of bounds" : NULL;
	if (*why)
		return -EINVAL;
	if (p < c->area || p + size > c->guard)
		return -EFAULT;
	*why = abi_broken(p, size);
	return *why ? -EINVAL : 0;
}

/* A LOAD's result, against the prediction; then the state it leaves. */
static bool load_result(struct ctl *c, int err, int want, const char *why,
			const uint8_t *p)
{
	/*
	 * EEXIST: a valid name that clashes with a value file of pathmon/
	 * or uds/ ("read_ops", "send_ops_total"), which the validator does
	 * not check yet; it must still change nothing.  ENOENT: a filter's
	 * cgroup that does not exist.
	 */
	if (err != want && !(want == 0 && (err == -ENOMEM || err == -EEXIST ||
					   err == -ENOENT)))
		return fail(c, "returned %d (%s), not %d%s%s", err,
			    strerror(-err), want, why ? ": " : "", why ?: "");
	switch (err) {
	case 0:
		return accepted(c, p);
	case -EINVAL:
		c->counts[N_EINVAL]++;
		return unchanged(c, true, false);
	case -EFAULT:
		c->counts[N_EFAULT]++;
		return unchanged(c, false, false);
	case -EEXIST:
		c->counts[N_EEXIST]++;
		return unchanged(c, false, false);
	default:
		c->counts[N_ENOMEM]++;
		return unchanged(c, false, false);
	}
}

/* LOADs @size bytes at @p, checks the result and the state it leaves. */
static bool load_check(struct ctl *c, const uint8_t *p, uint32_t size,
		       uint32_t reserved)
{
	const char *why;
	int want = predict(c, p, size, reserved, &why);

	return load_result(c, load(c->fd, p, size, reserved), want, why, p);
}

static bool fuzz_blob(struct ctl *c, uint64_t *s,
		      struct mutant *m)
{
	const struct blob *base = &c->bases[below(s, 256) ?
					     below(s, NR_QUICK_BASES) :
					     below(s, NR_BASES)];
	const struct blob *other = &c->bases[below(s, NR_BASES)];
	struct mutant o = { .b = other->data, .len = other->size };
	unsigned int n, r = below(s, 20);
	const struct pathstats_config_header *h = base->data;
	const char *why;
	uint8_t *p;
	uint32_t i;

	memcpy(m->b, base->data, base->size);
	m->len = m->size = base->size;
	m->pc = h->path_count;
	m->uc = h->uds_count;
	if (r < 2) {
		/* Random bytes, with the magic at times. */
		m->len = m->size = below(s, 2) ? below(s, 1024) : HDR;
		for (i = 0; i < m->len; i++)
			m->b[i] = rnd(s);
		m->pc = m->uc = 0;
		if (below(s, 2))
			put32(m, 0, PATHSTATS_CONFIG_MAGIC);
		if (below(s, 2))
			put32(m, HOFF(size), m->len);
		text_add(&m->what, "%u random bytes; ", m->len);
	} else {
		text_add(&m->what, "base %td: ", base - c->bases);
		for (n = r < 12 ? 1 : r < 17 ? 2 : 3 + below(s, 4); n; n--)
			mutate(s, m, &o);
	}
	p = place(c, s, m);
	/*
	 * A valid mutant costs two loads that attach probes: it is loaded
	 * one time in VALID_EVERY, so that the invalid ones get the time.
	 */
	if (!predict(c, p, m->size, m->reserved, &why) &&
	    below(s, VALID_EVERY)) {
		c->counts[N_VALID_SKIPPED]++;
		return true;
	}
	return load_check(c, p, m->size, m->reserved);
}

/* User addresses no ioctl may use. */
static uintptr_t bad_ptr(struct ctl *c, uint64_t *s,
			 uint32_t size, const char **what)
{
	switch (below(s, 6)) {
	case 0:
		*what = "NULL";
		return 0;
	case 1:
		*what = "an unmapped page";
		return (uintptr_t)c->hole + below(s, c->page);
	case 2:
		*what = "the PROT_NONE page";
		return (uintptr_t)c->guard;
	case 3:
		*what = "a buffer running into the PROT_NONE page";
		return (uintptr_t)c->guard - 1 - below(s, size ? size - 1 : 1);
	case 4:
		*what = "a kernel address";
		return 0xffff888000000000ULL + below(s, 1 << 20) * 8;
	default:
		*what = "a non-canonical address";
		return 0x8000000000000000ULL >> below(s, 16);
	}
}

/*
 * LOAD and STATUS with bad pointers; the reference against the guard page
 * and read-only (rarely: loads that succeed are slow).
 */
static bool fuzz_pointers(struct ctl *c, uint64_t *s, struct mutant *m)
{
	const struct blob *ref = &c->bases[0];
	struct pathstats_status *stp;
	const char *what;
	uintptr_t bad;
	uint8_t *p;
	uint32_t size;
	int err;

	memset(c->area, 0, AREA_SIZE);
	switch (below(s, 8)) {
	case 0:
	case 1:
		bad = bad_ptr(c, s, sizeof(struct pathstats_load), &what);
		text_add(&m->what, "LOAD of %s", what);
		err = ioctl_err(c->fd, PATHSTATS_IOC_LOAD, bad);
		return load_result(c, err, -EFAULT, what, NULL);
	case 2:
	case 3:
		size = below(s, 4) ? ref->size : interesting(s, m);
		bad = bad_ptr(c, s, size, &what);
		text_add(&m->what, "LOAD of a blob at %s, size %u", what, size);
		/* What lies before the guard page is the reference's start. */
		if (bad > (uintptr_t)c->area && bad < (uintptr_t)c->guard)
			memcpy((void *)bad, ref->data,
			       (uintptr_t)c->guard - bad < ref->size ?
			       (uintptr_t)c->guard - bad : ref->size);
		err = load(c->fd, (void *)bad, size, 0);
		return load_result(c, err, size < HDR ||
				   size > PATHSTATS_CONFIG_MAX_SIZE ?
				   -EINVAL : -EFAULT, what, NULL);
	case 4:
		/* The reference against the guard page: one over, or whole. */
		p = c->guard - ref->size;
		memcpy(p, ref->data, ref->size);
		size = ref->size + !!below(s, 16);
		text_add(&m->what, "LOAD of the reference at the guard, size %u",
			 size);
		return load_check(c, p, size, 0);
	case 5:
		if (!below(s, 16)) {
			text_add(&m->what, "LOAD of the reference, read-only");
			err = load(c->fd, c->rdonly, ref->size, 0);
			return load_result(c, err, 0, NULL, c->rdonly);
		}
		text_add(&m->what, "STATUS to a read-only page");
		err = ioctl_err(c->fd, PATHSTATS_IOC_STATUS,
				(uintptr_t)c->rdonly);
		return load_result(c, err, -EFAULT, NULL, NULL);
	case 6:
		bad = bad_ptr(c, s, sizeof(*stp), &what);
		text_add(&m->what, "STATUS to %s", what);
		err = ioctl_err(c->fd, PATHSTATS_IOC_STATUS, bad);
		return load_result(c, err, -EFAULT, NULL, NULL);
	default:
		/* STATUS, whole, against the guard or at an odd address. */
		stp = (void *)(below(s, 2) ? c->guard - sizeof(*stp) :
			       c->area + 1 + below(s, 63));
		text_add(&m->what, "STATUS at %p", (void *)stp);
		err = ioctl_err(c->fd, PATHSTATS_IOC_STATUS,
				(uintptr_t)stp);
		if (err || memcmp(stp, &c->st, sizeof(*stp)))
			return fail(c, "%d, or unlike the status", err);
		c->counts[N_OTHER_OK]++;
		return true;
	}
}

/* ioctl numbers the VFS answers itself, before the driver sees them. */
static bool vfs_type(unsigned int type)
{
	return type == 0 || type == 'T' || type == 'X' || type == 'f' ||
	       type == 0x94 || type == 0x15;
}

static bool fuzz_cmd(struct ctl *c, uint64_t *s,
		     struct mutant *m)
{
	static const unsigned int real[] = {
		PATHSTATS_IOC_LOAD, PATHSTATS_IOC_CLEAR, PATHSTATS_IOC_STATUS,
	};
	unsigned int cmd = real[below(s, 3)], i;
	const char *what = "a valid LOAD";
	struct pathstats_load *l = (void *)c->area;
	uintptr_t arg;
	int err;

	switch (below(s, 5)) {
	case 0:	/* the right type, any number */
		cmd = _IOC(below(s, 4), PATHSTATS_IOC_MAGIC, below(s, 256),
			   below(s, 1 << _IOC_SIZEBITS));
		break;
	case 1:	/* another direction */
		cmd ^= (1 + below(s, 3)) << _IOC_DIRSHIFT;
		break;
	case 2:	/* another size */
		cmd = (cmd & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT)) |
		      (below(s, 1 << _IOC_SIZEBITS) << _IOC_SIZESHIFT);
		break;
	case 3:	/* another type */
		cmd ^= (1 + below(s, 255)) << _IOC_TYPESHIFT;
		break;
	default:
		cmd = rnd(s);
	}
	for (i = 0; i < 3; i++)
		if (cmd == real[i])
			cmd ^= 0x80 << _IOC_NRSHIFT;
	if (vfs_type(_IOC_TYPE(cmd)))
		cmd = (cmd & ~(_IOC_TYPEMASK << _IOC_TYPESHIFT)) |
		      (0xb8 << _IOC_TYPESHIFT);

	/* A valid LOAD argument: taken for a LOAD, it would show. */
	memset(c->area, 0, AREA_SIZE);
	memcpy(c->area + 64, c->bases[1].data, c->bases[1].size);
	l->blob = (uintptr_t)c->area + 64;
	l->size = c->bases[1].size;
	arg = below(s, 2) ? (uintptr_t)l : bad_ptr(c, s, 16, &what);
	text_add(&m->what, "ioctl %#x with %s", cmd, what);
	err = ioctl_err(c->fd, cmd, arg);
	if (err != -ENOTTY)
		return fail(c, "%d, not ENOTTY", err);
	c->counts[N_ENOTTY]++;
	return unchanged(c, false, false);
}

/* CLEAR, whatever its argument: nothing left; then the reference again. */
static bool fuzz_clear(struct ctl *c, uint64_t *s, struct mutant *m,
		       bool reload)
{
	struct pathstats_status st;
	int err;

	text_add(&m->what, "CLEAR");
	err = ioctl_err(c->fd, PATHSTATS_IOC_CLEAR, rnd(s));
	if (err || status(c->fd, &st) || st.path_count || st.uds_count ||
	    st.probes_attached || st.ring_entries ||
	    st.generation != c->st.generation + 1)
		return fail(c, "%d: paths %u sockets %u probes %u ring %u",
			    err, st.path_count, st.uds_count,
			    st.probes_attached, st.ring_entries);
	c->counts[N_OTHER_OK]++;
	if (!reload)
		return tree_is(c, c->empty_tree);
	return tree_is(c, c->empty_tree) && !load_ref(c) &&
	       tree_is(c, c->ref_tree);
}

/* The failing blob, for the log: 32 bytes a line. */
static void hexdump(const uint8_t *b, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len && i < 4096; i++)
		fprintf(stderr, "%s%02x%s", i % 32 ? "" : "# ", b[i],
			i % 32 == 31 || i + 1 == len ? "\n" : "");
}

TEST_F_TIMEOUT(fuzz, control_device, 90)
{
	struct ctl *c = &self->c;
	uint64_t first = env_u64("PATHSTATS_FUZZ_FIRST", 0);
	uint64_t iters = env_u64("PATHSTATS_FUZZ_ITERATIONS", 20000);
	double budget = env_u64("PATHSTATS_FUZZ_SECONDS", 4) *
			pathstats_time_scale();
	double start = now(), end = start + budget;
	struct mutant m = { .b = malloc(AREA_SIZE) };
	uint64_t i, s;
	unsigned int kind;
	bool ok = true;

	ASSERT_NE(NULL, m.b);
	printf("# seed %#llx (PATHSTATS_FUZZ_SEED), iterations %llu..%llu, at most %.0f s\n",
	       (unsigned long long)c->seed, (unsigned long long)first,
	       (unsigned long long)(first + iters - 1), budget);
	fflush(stdout);
	for (i = first; ok && i < first + iters && now() < end; i++) {
		s = c->seed ^ (i * 0xd1b54a32d192ed03ULL);
		m.what.len = 0;
		m.len = 0;
		m.reserved = 0;
		text_add(&m.what, "%s", "");
		kind = below(&s, 100);
		if (!below(&s, 4096))
			ok = fuzz_clear(c, &s, &m, true);
		else if (kind < 76)
			ok = fuzz_blob(c, &s, &m);
		else if (kind < 88)
			ok = fuzz_cmd(c, &s, &m);
		else
			ok = fuzz_pointers(c, &s, &m);
		if (ok && !((i + 1) % TREE_EVERY))
			ok = unchanged(c, false, true);
	}
	EXPECT_TRUE(ok) {
		TH_LOG("iteration %llu (PATHSTATS_FUZZ_SEED=%#llx PATHSTATS_FUZZ_FIRST=%llu PATHSTATS_FUZZ_ITERATIONS=1): %s",
		       (unsigned long long)i - 1,
		       (unsigned long long)c->seed,
		       (unsigned long long)i - 1, m.what.s);
		TH_LOG("%s", c->msg);
		hexdump(m.b, m.len);
	}
	/* At the end, and so once in every run: the tree, then a CLEAR. */
	m.what.len = 0;
	EXPECT_TRUE(unchanged(c, false, true) &&
		    fuzz_clear(c, &s, &m, false)) {
		TH_LOG("at the end: %s", c->msg);
	}
	printf("# %llu iterations in %.1f s: %u loads accepted, %u EINVAL, %u EFAULT, %u ENOMEM, %u ENOTTY, %u EEXIST, %u other calls; %u valid blobs not loaded\n",
	       (unsigned long long)(i - first), now() - start,
	       c->counts[N_LOAD_OK], c->counts[N_EINVAL],
	       c->counts[N_EFAULT], c->counts[N_ENOMEM],
	       c->counts[N_ENOTTY], c->counts[N_EEXIST], c->counts[N_OTHER_OK],
	       c->counts[N_VALID_SKIPPED]);
	fflush(stdout);
	free(m.b);
	free(m.what.s);
}

TEST_HARNESS_MAIN
