// SPDX-License-Identifier: GPL-2.0
/*
 * The control device.  See device.h.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "device.h"

/**
 * device_open - open the control device
 * @path: DEVICE_PATH, or another for tests
 * @write: open it for writing too (loading, clearing)
 * @err: filled on failure
 *
 * Return: a file descriptor, or a negative errno.
 */
int device_open(const char *path, bool write, struct device_error *err)
{
	int fd, e;

	fd = open(path, (write ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	e = errno;
	if (e == ENOENT || e == ENODEV || e == ENXIO)
		snprintf(err->msg, sizeof(err->msg),
			 "pathstats module not loaded (no %s)", path);
	else if (e == EACCES || e == EPERM)
		snprintf(err->msg, sizeof(err->msg),
			 "cannot open %s: permission denied (need CAP_SYS_ADMIN)",
			 path);
	else
		snprintf(err->msg, sizeof(err->msg), "cannot open %s: %s", path,
			 strerror(e));
	return -e;
}

/*
 * Make an ioctl; on failure, explain it.  @what: "load the configuration".
 * Return: what the ioctl returned (a file descriptor for some), or a
 * negative errno.
 */
static int device_ioctl(int fd, unsigned long req, void *arg,
			const char *what, struct device_error *err)
{
	int e;

	do {
		int ret = ioctl(fd, req, arg);

		if (ret >= 0)
			return ret;
		e = errno;
	} while (e == EINTR);

	switch (e) {
	case EPERM:
	case EACCES:
		snprintf(err->msg, sizeof(err->msg),
			 "cannot %s: permission denied (need CAP_SYS_ADMIN)",
			 what);
		break;
	case EINVAL:
		if (req == PATHSTATS_IOC_LOAD) {
			snprintf(err->msg, sizeof(err->msg),
				 "the kernel rejected the configuration (EINVAL); nothing was changed");
			break;
		}
		/* fall through */
	case ENOTTY:
		snprintf(err->msg, sizeof(err->msg),
			 "cannot %s: the device does not know the request (pathstatsctl and pathstats.ko versions differ?)",
			 what);
		break;
	case ENOMEM:
		snprintf(err->msg, sizeof(err->msg),
			 "cannot %s: the kernel is out of memory; nothing was changed",
			 what);
		break;
	case EEXIST:
		if (req == PATHSTATS_IOC_TRACE_CREATE) {
			snprintf(err->msg, sizeof(err->msg),
				 "cannot %s: a session of that name exists", what);
			break;
		}
		goto other;
	case ENOSPC:
		if (req == PATHSTATS_IOC_TRACE_CREATE) {
			snprintf(err->msg, sizeof(err->msg),
				 "cannot %s: %u sessions exist, the most there may be",
				 what, PATHSTATS_TRACE_SESSIONS_MAX);
			break;
		}
		goto other;
	case ENODEV:
		if (req == PATHSTATS_IOC_TRACE_OPEN) {
			snprintf(err->msg, sizeof(err->msg),
				 "cannot %s: the session has no device sink",
				 what);
			break;
		}
		goto other;
	case EOPNOTSUPP:
		if (req == PATHSTATS_IOC_TRACE_CREATE) {
			snprintf(err->msg, sizeof(err->msg),
				 "cannot %s: this kernel cannot serve one of its points (see the kernel log); nothing was changed",
				 what);
			break;
		}
		goto other;
	case ECONNREFUSED:
	case ENOENT:
	case ENOTDIR:
		if (req == PATHSTATS_IOC_TRACE_CREATE) {
			snprintf(err->msg, sizeof(err->msg),
				 "cannot %s: its remote sink cannot connect to its endpoint (%s); nothing was changed",
				 what, strerror(e));
			break;
		}
		if (e == ECONNREFUSED)
			goto other;
		if (req == PATHSTATS_IOC_TRACE_DELETE ||
		    req == PATHSTATS_IOC_TRACE_OPEN) {
			snprintf(err->msg, sizeof(err->msg),
				 "cannot %s: no such session", what);
			break;
		}
		if (req == PATHSTATS_IOC_LOAD) {
			snprintf(err->msg, sizeof(err->msg),
				 "a cgroup of a 'cgroups:' filter does not exist (%s); nothing was changed",
				 strerror(e));
			break;
		}
		snprintf(err->msg, sizeof(err->msg), "cannot %s: %s", what,
			 strerror(e));
		break;
	case E2BIG:
	case EFBIG:
		snprintf(err->msg, sizeof(err->msg),
			 "the kernel rejected the configuration as too large; nothing was changed");
		break;
	default:
other:
		snprintf(err->msg, sizeof(err->msg), "cannot %s: %s", what,
			 strerror(e));
		break;
	}
	return -e;
}

/**
 * device_load - replace the configuration, atomically
 * @fd: the open device
 * @blob: a configuration blob (see blob.h)
 * @size: its size
 * @err: filled on failure
 *
 * Return: 0 or a negative errno; on failure the kernel changed nothing.
 */
int device_load(int fd, const void *blob, size_t size,
		struct device_error *err)
{
	struct pathstats_load load = {
		.blob = (uintptr_t)blob,
		.size = size,
	};

	return device_ioctl(fd, PATHSTATS_IOC_LOAD, &load,
			    "load the configuration", err);
}

/**
 * device_clear - drop the configuration; no probe stays attached
 * @fd: the open device
 * @err: filled on failure
 *
 * Return: 0 or a negative errno.
 */
int device_clear(int fd, struct device_error *err)
{
	return device_ioctl(fd, PATHSTATS_IOC_CLEAR, NULL,
			    "clear the configuration", err);
}

/**
 * device_status - read the module's status
 * @fd: the open device
 * @st: filled on success
 * @err: filled on failure
 *
 * Return: 0 or a negative errno.
 */
int device_status(int fd, struct pathstats_status *st,
		  struct device_error *err)
{
	memset(st, 0, sizeof(*st));
	return device_ioctl(fd, PATHSTATS_IOC_STATUS, st, "read the status",
			    err);
}

/**
 * device_trace_create - start a trace session
 * @fd: the open device
 * @req: the session
 * @err: filled on failure
 *
 * Return: 0 or a negative errno; on failure nothing changed.
 */
int device_trace_create(int fd, const struct pathstats_trace_session *req,
			struct device_error *err)
{
	char what[PATHSTATS_TRACE_NAME_LEN + 32];

	snprintf(what, sizeof(what), "create session '%s'", req->name);
	return device_ioctl(fd, PATHSTATS_IOC_TRACE_CREATE, (void *)req, what,
			    err);
}

/* An ioctl on the session @name: "@verb session '@name'" in messages. */
static int device_trace_named(int fd, unsigned long req, const char *verb,
			      const char *name, struct device_error *err)
{
	char what[PATHSTATS_TRACE_NAME_LEN + 32];
	struct pathstats_trace_name arg = {};
	size_t len = strlen(name);

	if (!len || len >= sizeof(arg.name)) {
		snprintf(err->msg, sizeof(err->msg),
			 "'%.*s' cannot be a session's name (1 to %zu bytes)",
			 (int)sizeof(arg.name), name, sizeof(arg.name) - 1);
		return -EINVAL;
	}
	memcpy(arg.name, name, len);
	snprintf(what, sizeof(what), "%s session '%s'", verb, arg.name);
	return device_ioctl(fd, req, &arg, what, err);
}

/**
 * device_trace_delete - end a trace session
 * @fd: the open device
 * @name: its name
 * @err: filled on failure
 *
 * Return: 0 or a negative errno.
 */
int device_trace_delete(int fd, const char *name, struct device_error *err)
{
	return device_trace_named(fd, PATHSTATS_IOC_TRACE_DELETE, "delete",
				  name, err);
}

/**
 * device_trace_list - the trace sessions
 * @fd: the open device
 * @infos: PATHSTATS_TRACE_SESSIONS_MAX entries, filled
 * @count: set to how many
 * @err: filled on failure
 *
 * Return: 0 or a negative errno.
 */
int device_trace_list(int fd, struct pathstats_trace_session_info *infos,
		      uint32_t *count, struct device_error *err)
{
	struct pathstats_trace_list req = {
		.sessions = (uintptr_t)infos,
		.count = PATHSTATS_TRACE_SESSIONS_MAX,
	};
	int ret;

	ret = device_ioctl(fd, PATHSTATS_IOC_TRACE_LIST, &req,
			   "list the trace sessions", err);
	if (ret)
		return ret;
	*count = req.count < PATHSTATS_TRACE_SESSIONS_MAX ?
		 req.count : PATHSTATS_TRACE_SESSIONS_MAX;
	return 0;
}

/**
 * device_trace_open - open the device sink of a trace session
 * @fd: the open device
 * @name: the session's name
 * @err: filled on failure
 *
 * Return: a file descriptor that reads its messages, or a negative errno.
 */
int device_trace_open(int fd, const char *name, struct device_error *err)
{
	return device_trace_named(fd, PATHSTATS_IOC_TRACE_OPEN, "read", name,
				  err);
}
