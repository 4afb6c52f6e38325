/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From captured records to JSON-RPC methods: per-connection reassembly
 * of stream sockets, and the requests and bytes per (socket, method).
 */
#ifndef _PATHSTATS_TOOLS_METHODS_H
#define _PATHSTATS_TOOLS_METHODS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/pathstats.h>

struct jsonrpc_stream;
struct methods_conn;

/*
 * Method names are whatever clients send: the series per socket are
 * capped, and the requests beyond fold into one series of this name.
 */
#define METHODS_OTHER		"(other)"
#define METHODS_NAME_MAX	255
#define METHODS_MAX_DEFAULT	1000
#define METHODS_MAX_LIMIT	100000

/**
 * struct methods_entry - one (socket, method) pair
 * @socket: the monitored socket
 * @method: the method
 * @requests: requests naming it
 * @bytes: bytes of the sends carrying them, split evenly among the
 *	requests of each send
 */
struct methods_entry {
	char *socket;
	char *method;
	uint64_t requests;
	uint64_t bytes;
};

/**
 * struct methods_socket - what was decoded per monitored socket
 * @socket: the socket
 * @records: records decoded
 * @responses: JSON-RPC responses seen (sent by clients: unusual)
 * @not_json: records, or runs of a stream, that were not JSON
 * @methods: methods with a series of their own
 * @folded: requests counted under METHODS_OTHER: their method came after
 *	@methods reached the decoder's max_methods, its name was longer
 *	than METHODS_NAME_MAX bytes or held a NUL, or it was METHODS_OTHER
 */
struct methods_socket {
	char *socket;
	uint64_t records;
	uint64_t responses;
	uint64_t not_json;
	size_t methods;
	uint64_t folded;
};

/**
 * struct methods - the decoder and its totals
 * @entries: the (socket, method) pairs, in order of first sight
 * @nentries: their number
 * @sockets: per socket, in order of first sight
 * @nsockets: their number
 * @max_methods: methods per socket with a series of their own, 1 to
 *	METHODS_MAX_LIMIT; METHODS_MAX_DEFAULT after methods_init()
 * @gaps: times records were missing (dropped) before a record
 * @cur: the methods of the record decoded last
 * @ncur: their number
 */
struct methods {
	struct methods_entry *entries;
	size_t nentries;
	struct methods_socket *sockets;
	size_t nsockets;
	size_t max_methods;
	uint64_t gaps;
	char **cur;
	size_t ncur;
	/* private */
	size_t entries_cap, sockets_cap, cur_cap, conns_cap;
	struct methods_conn **conns;
	size_t nconns;
	struct jsonrpc_stream *message;
	uint64_t next_seq;
	int have_seq;
	int oom;
};

int methods_init(struct methods *m);
void methods_free(struct methods *m);
int methods_parse_max(const char *arg, size_t *max);
int methods_max_option(const char *arg, size_t *max);
int methods_decode(struct methods *m, const struct pathstats_record *rec);
int methods_snapshot(const struct methods *m, struct methods *snap);
void methods_sort(struct methods *m);
void methods_prometheus(FILE *f, const struct methods *m);

#endif /* _PATHSTATS_TOOLS_METHODS_H */
