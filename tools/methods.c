// SPDX-License-Identifier: GPL-2.0
/*
 * From captured records to JSON-RPC methods.
 *
 * Datagram and seqpacket records are whole messages, parsed one by one.
 * A stream connection is one byte stream: its records are fed to one
 * parser, so that a request spread over several sends is still found, as
 * far as the captures reach.  A gap (a capture shorter than its send, a
 * dropped record) breaks the stream: its parser starts over at the next
 * record, which is parsed as the start of a message.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cmd.h"
#include "export.h"
#include "jsonrpc.h"
#include "methods.h"

/* Beyond this many connections, the oldest state is forgotten. */
#define METHODS_CONNS_MAX	4096

struct methods_conn {
	uint64_t id;
	struct jsonrpc_stream *stream;
	int broken;
};

static void methods_collect(void *ctx, const char *method, size_t len)
{
	struct methods *m = ctx;
	char *copy;

	/*
	 * A name cut at a NUL would pass for another; one too long costs
	 * memory in every series: both are shown and counted as the fold.
	 */
	if (len > METHODS_NAME_MAX || memchr(method, '\0', len)) {
		method = METHODS_OTHER;
		len = strlen(METHODS_OTHER);
	}
	if (m->ncur == m->cur_cap) {
		size_t cap = m->cur_cap ? 2 * m->cur_cap : 8;
		char **cur = realloc(m->cur, cap * sizeof(*cur));

		if (!cur) {
			m->oom = 1;
			return;
		}
		m->cur = cur;
		m->cur_cap = cap;
	}
	copy = strndup(method, len);
	if (!copy) {
		m->oom = 1;
		return;
	}
	m->cur[m->ncur++] = copy;
}

/**
 * methods_init - an empty decoder
 * @m: the decoder
 *
 * Return: 0 or -ENOMEM.
 */
int methods_init(struct methods *m)
{
	memset(m, 0, sizeof(*m));
	m->max_methods = METHODS_MAX_DEFAULT;
	m->message = jsonrpc_stream_new(methods_collect, m);
	return m->message ? 0 : -ENOMEM;
}

static void methods_clear_cur(struct methods *m)
{
	size_t i;

	for (i = 0; i < m->ncur; i++)
		free(m->cur[i]);
	m->ncur = 0;
}

static void methods_forget_conns(struct methods *m)
{
	size_t i;

	for (i = 0; i < m->nconns; i++) {
		jsonrpc_stream_free(m->conns[i]->stream);
		free(m->conns[i]);
	}
	free(m->conns);
	m->conns = NULL;
	m->nconns = 0;
	m->conns_cap = 0;
}

/**
 * methods_free - free a decoder and its totals
 * @m: the decoder
 */
void methods_free(struct methods *m)
{
	size_t i;

	methods_clear_cur(m);
	free(m->cur);
	methods_forget_conns(m);
	jsonrpc_stream_free(m->message);
	for (i = 0; i < m->nentries; i++) {
		free(m->entries[i].socket);
		free(m->entries[i].method);
	}
	free(m->entries);
	for (i = 0; i < m->nsockets; i++)
		free(m->sockets[i].socket);
	free(m->sockets);
	memset(m, 0, sizeof(*m));
}

static int methods_grow(void **array, size_t *cap, size_t n, size_t size)
{
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*array, (*cap ? 2 * *cap : 16) * size);
	if (!p)
		return -ENOMEM;
	*array = p;
	*cap = *cap ? 2 * *cap : 16;
	return 0;
}

/**
 * methods_parse_max - the value of a --max-methods option
 * @arg: the option's argument
 * @max: set to it if it is valid
 *
 * Return: 0, or -EINVAL unless @arg is a number from 1 to
 * METHODS_MAX_LIMIT.
 */
int methods_parse_max(const char *arg, size_t *max)
{
	unsigned long v;
	char *end;

	if (*arg < '0' || *arg > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || *end || v < 1 || v > METHODS_MAX_LIMIT)
		return -EINVAL;
	*max = v;
	return 0;
}

/**
 * methods_max_option - take a --max-methods option, as every command does
 * @arg: the option's argument
 * @max: set to it if it is valid
 *
 * Return: 0, or the exit code of the usage error it printed.
 */
int methods_max_option(const char *arg, size_t *max)
{
	if (!methods_parse_max(arg, max))
		return 0;
	return cmd_usage_err("bad --max-methods '%s' (expected 1 to %d)", arg,
			     METHODS_MAX_LIMIT);
}

static struct methods_socket *methods_socket(struct methods *m,
					     const char *socket)
{
	struct methods_socket *s;
	size_t i;

	for (i = 0; i < m->nsockets; i++)
		if (!strcmp(m->sockets[i].socket, socket))
			return &m->sockets[i];
	if (methods_grow((void **)&m->sockets, &m->sockets_cap, m->nsockets,
			 sizeof(*m->sockets)))
		return NULL;
	s = &m->sockets[m->nsockets];
	memset(s, 0, sizeof(*s));
	s->socket = strdup(socket);
	if (!s->socket)
		return NULL;
	m->nsockets++;
	return s;
}

static struct methods_entry *methods_find(struct methods *m,
					 const char *socket, const char *method)
{
	size_t i;

	for (i = 0; i < m->nentries; i++)
		if (!strcmp(m->entries[i].method, method) &&
		    !strcmp(m->entries[i].socket, socket))
			return &m->entries[i];
	return NULL;
}

/*
 * The lookup is linear over the whole table, which the cap bounds to
 * max_methods + 1 entries per socket, whatever names the clients make
 * up.  A client's own "(other)" is counted as folded too: one series,
 * and folded always equals its requests.
 */
static int methods_count(struct methods *m, struct methods_socket *s,
			 const char *method, uint64_t bytes)
{
	bool other = !strcmp(method, METHODS_OTHER);
	const char *socket = s->socket;
	struct methods_entry *e = NULL;

	if (!other) {
		e = methods_find(m, socket, method);
		other = !e && s->methods >= m->max_methods;
	}
	if (other) {
		method = METHODS_OTHER;
		e = methods_find(m, socket, method);
	}
	if (e)
		goto found;
	if (methods_grow((void **)&m->entries, &m->entries_cap, m->nentries,
			 sizeof(*m->entries)))
		return -ENOMEM;
	e = &m->entries[m->nentries];
	memset(e, 0, sizeof(*e));
	e->socket = strdup(socket);
	e->method = strdup(method);
	if (!e->socket || !e->method) {
		free(e->socket);
		free(e->method);
		return -ENOMEM;
	}
	m->nentries++;
	if (!other)
		s->methods++;
found:
	if (other)
		s->folded++;
	e->requests++;
	e->bytes += bytes;
	return 0;
}

static struct methods_conn *methods_conn(struct methods *m, uint64_t id)
{
	struct methods_conn *c;
	size_t i;

	for (i = 0; i < m->nconns; i++)
		if (m->conns[i]->id == id)
			return m->conns[i];
	if (m->nconns == METHODS_CONNS_MAX)
		methods_forget_conns(m);
	if (methods_grow((void **)&m->conns, &m->conns_cap, m->nconns,
			 sizeof(*m->conns)))
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->id = id;
	c->stream = jsonrpc_stream_new(methods_collect, m);
	if (!c->stream) {
		free(c);
		return NULL;
	}
	m->conns[m->nconns++] = c;
	return c;
}

/* Feeds @rec to its parser: the message parser, or its connection's. */
static void methods_parse(const struct pathstats_record *rec,
			  struct jsonrpc_stream *stream, struct methods_conn *c)
{
	int whole = rec->cap_len == rec->msg_len &&
		    !(rec->flags & PATHSTATS_RECORD_TRUNCATED);

	if (!c) {
		jsonrpc_stream_feed(stream, rec->data, rec->cap_len);
		/* A whole message must be one complete value. */
		if (whole)
			jsonrpc_stream_end(stream);
		else
			jsonrpc_stream_reset(stream);
		return;
	}
	if (c->broken)
		jsonrpc_stream_reset(stream);
	jsonrpc_stream_feed(stream, rec->data, rec->cap_len);
	c->broken = !whole;
}

/**
 * methods_decode - decode one record and add it to the totals
 * @m: the decoder
 * @rec: a record checked by records_next()
 *
 * Afterwards @m->cur holds the methods found in @rec's bytes.
 *
 * Return: 0 or -ENOMEM.
 */
int methods_decode(struct methods *m, const struct pathstats_record *rec)
{
	struct jsonrpc_counts before, after;
	struct jsonrpc_stream *stream;
	struct methods_conn *c = NULL;
	struct methods_socket *s;
	size_t i;

	methods_clear_cur(m);
	if (m->have_seq && rec->seq != m->next_seq) {
		/* Records are missing: no stream can be trusted to go on. */
		m->gaps++;
		for (i = 0; i < m->nconns; i++)
			m->conns[i]->broken = 1;
	}
	m->have_seq = 1;
	m->next_seq = rec->seq + 1;

	s = methods_socket(m, rec->socket);
	if (!s)
		return -ENOMEM;
	s->records++;
	stream = m->message;
	if (rec->socket_type == SOCK_STREAM) {
		c = methods_conn(m, rec->conn_id);
		if (!c)
			return -ENOMEM;
		stream = c->stream;
	}
	before = *jsonrpc_stream_counts(stream);
	methods_parse(rec, stream, c);
	if (m->oom) {
		m->oom = 0;
		return -ENOMEM;
	}
	after = *jsonrpc_stream_counts(stream);
	s->responses += after.responses - before.responses;
	s->not_json += after.not_json - before.not_json;

	for (i = 0; i < m->ncur; i++) {
		uint64_t share = rec->msg_len / m->ncur;

		if (!i)
			share += rec->msg_len % m->ncur;
		if (methods_count(m, s, m->cur[i], share))
			return -ENOMEM;
	}
	return 0;
}

/**
 * methods_snapshot - copy the (socket, method) pairs, to render them
 *	without holding what guards the decoder
 * @m: the decoder
 * @snap: set to a copy of @m's pairs and nothing else; methods_sort() and
 *	methods_prometheus() take it, and free(@snap->entries) frees it
 *
 * The copy shares the pairs' strings, which live as long as @m: a
 * decoder frees none of them before methods_free().
 *
 * Return: 0 or -ENOMEM.
 */
int methods_snapshot(const struct methods *m, struct methods *snap)
{
	memset(snap, 0, sizeof(*snap));
	if (!m->nentries)
		return 0;
	snap->entries = malloc(m->nentries * sizeof(*m->entries));
	if (!snap->entries)
		return -ENOMEM;
	memcpy(snap->entries, m->entries, m->nentries * sizeof(*m->entries));
	snap->nentries = m->nentries;
	return 0;
}

static int methods_cmp(const void *a, const void *b)
{
	const struct methods_entry *x = a, *y = b;
	int c = strcmp(x->socket, y->socket);

	return c ? c : strcmp(x->method, y->method);
}

/**
 * methods_sort - order the (socket, method) pairs by socket, then method
 * @m: the decoder
 */
void methods_sort(struct methods *m)
{
	/* Nothing decoded: no array, and qsort() wants one even then. */
	if (m->nentries)
		qsort(m->entries, m->nentries, sizeof(*m->entries),
		      methods_cmp);
}

static void methods_family(FILE *f, const struct methods *m,
			   const char *name, const char *help, int bytes)
{
	size_t i;

	fprintf(f, "# HELP %s %s\n# TYPE %s counter\n", name, help, name);
	for (i = 0; i < m->nentries; i++) {
		const struct methods_entry *e = &m->entries[i];

		fprintf(f, "%s{socket=", name);
		export_label_value(f, e->socket, strlen(e->socket));
		fputs(",method=", f);
		export_label_value(f, e->method, strlen(e->method));
		fprintf(f, "} %llu\n", (unsigned long long)(bytes ? e->bytes :
							    e->requests));
	}
}

/**
 * methods_prometheus - the per-method metrics, exposition format
 * @f: where to
 * @m: the decoder, sorted with methods_sort()
 */
void methods_prometheus(FILE *f, const struct methods *m)
{
	methods_family(f, m, "pathstats_uds_method_requests_total",
		       "JSON-RPC requests clients sent to the unix socket, by method.",
		       0);
	methods_family(f, m, "pathstats_uds_method_bytes_total",
		       "Bytes of the sends carrying each method's requests.",
		       1);
}
