// SPDX-License-Identifier: GPL-2.0
/*
 * attribution: container ids from cgroup v2 paths.
 *
 * Each manager names the cgroup of a container after the container, in
 * its own way (the systemd driver's scope units, or the cgroupfs driver's
 * plain directories):
 *
 *   Docker          /system.slice/docker-<id>.scope, /docker/<id>
 *   containerd/CRI  .../cri-containerd-<id>.scope, /k8s.io/<id>
 *   CRI-O           .../crio-<id>.scope
 *   Podman          .../libpod-<id>.scope, /libpod_parent/libpod-<id>
 *   systemd-nspawn  /machine.slice/machine-<name>.scope
 *   Kubernetes pod  .../kubepods-<qos>-pod<uid>.slice (uid with '_' for
 *                   '-'), /kubepods/<qos>/pod<uid>
 *
 * where <id> is 64 hex digits.  The deepest component that names a
 * container wins: a container's own sub-cgroups (init.scope of a systemd
 * inside it) are below it.  Monitors such as conmon (crio-conmon-<id>,
 * libpod-conmon-<id>) are not containers.
 */

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "compat.h"

#include "container.h"

#define ATTRIBUTION_ID_HEX	64
#define ATTRIBUTION_UID_CHARS	36

static bool attribution_hex_id(const char *s, size_t len)
{
	size_t i;

	if (len != ATTRIBUTION_ID_HEX)
		return false;
	for (i = 0; i < len; i++)
		if (!isxdigit(s[i]) || isupper(s[i]))
			return false;
	return true;
}

/* 8-4-4-4-12 hex digits, separated by @sep. */
static bool attribution_uid(const char *s, size_t len, char sep)
{
	size_t i;

	if (len != ATTRIBUTION_UID_CHARS)
		return false;
	for (i = 0; i < len; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != sep : !isxdigit(s[i]))
			return false;
	}
	return true;
}

static bool attribution_strip(const char **s, size_t *len, const char *prefix)
{
	size_t n = strlen(prefix);

	if (*len < n || memcmp(*s, prefix, n))
		return false;
	*s += n;
	*len -= n;
	return true;
}

static bool attribution_strip_suffix(const char *s, size_t *len,
				     const char *suffix)
{
	size_t n = strlen(suffix);

	if (*len < n || memcmp(s + *len - n, suffix, n))
		return false;
	*len -= n;
	return true;
}

static void attribution_set_id(struct attribution_container *c,
			       const char *s, size_t len)
{
	memcpy(c->id, s, len);
	c->id[len] = '\0';
}

/* systemd escapes unit names: "\x2d" stands for '-' in machine names. */
static bool attribution_machine(struct attribution_container *c,
				const char *s, size_t len)
{
	char id[ATTRIBUTION_CONTAINER_ID_LEN];
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		char ch = s[i];

		if (ch == '\\' && i + 3 < len && s[i + 1] == 'x' &&
		    isxdigit(s[i + 2]) && isxdigit(s[i + 3])) {
			ch = hex_to_bin(s[i + 2]) << 4 | hex_to_bin(s[i + 3]);
			i += 3;
		}
		if (!ch || n + 1 >= sizeof(id))
			return false;
		id[n++] = ch;
	}
	if (!n)
		return false;
	id[n] = '\0';
	memcpy(c->id, id, n + 1);
	return true;
}

/* Whether the component @s of @len bytes names a container. */
static bool attribution_container_id(struct attribution_container *c,
				     const char *s, size_t len)
{
	static const char *const scopes[] = {
		"docker-", "cri-containerd-", "crio-", "libpod-",
	};
	size_t n = len;
	unsigned int i;

	if (attribution_hex_id(s, len)) {
		attribution_set_id(c, s, len);
		return true;
	}
	if (attribution_strip_suffix(s, &n, ".scope") &&
	    attribution_strip(&s, &n, "machine-"))
		return attribution_machine(c, s, n);
	for (i = 0; i < ARRAY_SIZE(scopes); i++) {
		const char *id = s;
		size_t idlen = n;

		if (attribution_strip(&id, &idlen, scopes[i]) &&
		    attribution_hex_id(id, idlen)) {
			attribution_set_id(c, id, idlen);
			return true;
		}
	}
	return false;
}

/* Whether the component names a pod: "kubepods[-qos]-pod<uid>.slice". */
static bool attribution_pod(struct attribution_container *c, const char *s,
			    size_t len, bool below_kubepods)
{
	const char *uid;
	size_t n = len, i;
	char sep = '-';

	if (attribution_strip_suffix(s, &n, ".slice")) {
		if (n < ATTRIBUTION_UID_CHARS + 4 || memcmp(s, "kubepods", 8))
			return false;
		uid = s + n - ATTRIBUTION_UID_CHARS;
		if (memcmp(uid - 4, "-pod", 4))
			return false;
		sep = '_';
	} else {
		if (!below_kubepods || n != ATTRIBUTION_UID_CHARS + 3 ||
		    memcmp(s, "pod", 3))
			return false;
		uid = s + 3;
	}
	if (!attribution_uid(uid, ATTRIBUTION_UID_CHARS, sep))
		return false;
	for (i = 0; i < ATTRIBUTION_UID_CHARS; i++)
		c->pod_uid[i] = uid[i] == '_' ? '-' : uid[i];
	c->pod_uid[i] = '\0';
	return true;
}

/**
 * attribution_container_parse - the container of a cgroup v2 path
 * @path: the path, from the cgroup root, NUL-terminated
 * @c: where the container id and pod UID go, "" for what is not found
 */
void attribution_container_parse(const char *path,
				 struct attribution_container *c)
{
	const char *end = path + strlen(path), *comp;
	bool below_kubepods;
	size_t len;

	c->id[0] = '\0';
	c->pod_uid[0] = '\0';
	while (end > path) {
		comp = end;
		while (comp > path && comp[-1] != '/')
			comp--;
		len = end - comp;
		if (!c->id[0] && len)
			attribution_container_id(c, comp, len);
		below_kubepods = strnstr(path, "/kubepods", comp - path);
		if (len && attribution_pod(c, comp, len, below_kubepods))
			break;
		end = comp > path ? comp - 1 : path;
	}
}
