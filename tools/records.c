// SPDX-License-Identifier: GPL-2.0
/*
 * Reading /dev/pathstats.  The kernel returns whole records; each one is
 * checked all the same (size, version, lengths, terminated strings), so
 * that a tool built against another ABI says so instead of printing
 * garbage.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "records.h"

/**
 * records_open - open the device for reading records
 * @r: the reader
 * @path: the device
 * @block: whether records_next() waits for records
 * @err: set to a message on failure
 * @errlen: its size
 *
 * Return: 0, or a negative errno.
 */
int records_open(struct records *r, const char *path, bool block, char *err,
		 size_t errlen)
{
	memset(r, 0, sizeof(*r));
	r->buf = malloc(RECORDS_BUF_SIZE);
	if (!r->buf) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	r->fd = open(path, O_RDONLY | O_CLOEXEC | (block ? 0 : O_NONBLOCK));
	if (r->fd < 0) {
		int e = errno;

		snprintf(err, errlen, "cannot open %s: %s%s", path,
			 strerror(e),
			 e == ENOENT ? " (is pathstats.ko loaded?)" : "");
		free(r->buf);
		r->buf = NULL;
		return -e;
	}
	return 0;
}

/**
 * records_close - close the device
 * @r: the reader
 */
void records_close(struct records *r)
{
	if (r->fd >= 0)
		close(r->fd);
	free(r->buf);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

static bool records_valid(const struct pathstats_record *rec, size_t left)
{
	return left >= sizeof(*rec) && rec->size >= sizeof(*rec) &&
	       rec->size <= left && rec->size % 8 == 0 &&
	       rec->version == PATHSTATS_RECORD_VERSION &&
	       rec->cap_len <= rec->size - sizeof(*rec) &&
	       rec->cap_len <= rec->msg_len &&
	       memchr(rec->comm, '\0', sizeof(rec->comm)) &&
	       memchr(rec->socket, '\0', sizeof(rec->socket)) &&
	       memchr(rec->container_id, '\0', sizeof(rec->container_id));
}

/**
 * records_next - the next record
 * @r: the reader
 * @rec: set to the record, valid until the next call
 * @err: set to a message on failure
 * @errlen: its size
 *
 * Return: 1 with a record, 0 when none waits (non-blocking readers),
 * -EINTR when a signal interrupted the wait, or another negative errno
 * (-EPROTO for a record this tool does not understand).
 */
int records_next(struct records *r, const struct pathstats_record **rec,
		 char *err, size_t errlen)
{
	const struct pathstats_record *p;
	ssize_t n;

	if (r->off == r->len) {
		n = read(r->fd, r->buf, RECORDS_BUF_SIZE);
		if (n < 0 && errno == EAGAIN)
			return 0;
		/* A signal: the caller decides whether to go on. */
		if (n < 0 && errno == EINTR)
			return -EINTR;
		if (n < 0) {
			int e = errno;

			snprintf(err, errlen, "cannot read records: %s%s",
				 strerror(e),
				 e == EPERM ? " (CAP_SYS_ADMIN needed)" : "");
			return -e;
		}
		r->len = n;
		r->off = 0;
		if (!n)
			return 0;
	}
	p = (const struct pathstats_record *)(r->buf + r->off);
	if (!records_valid(p, r->len - r->off)) {
		snprintf(err, errlen,
			 "malformed record at offset %zu (record version %u, this tool reads %d)",
			 r->off, r->len - r->off >= sizeof(*p) ? p->version : 0,
			 PATHSTATS_RECORD_VERSION);
		r->off = r->len;
		return -EPROTO;
	}
	r->off += p->size;
	*rec = p;
	return 1;
}

/**
 * records_socket_type - the name of a record's socket type
 * @type: pathstats_record.socket_type
 *
 * Return: "stream", "dgram", "seqpacket" or "unknown".
 */
const char *records_socket_type(unsigned int type)
{
	switch (type) {
	case SOCK_STREAM:
		return "stream";
	case SOCK_DGRAM:
		return "dgram";
	case SOCK_SEQPACKET:
		return "seqpacket";
	default:
		return "unknown";
	}
}
