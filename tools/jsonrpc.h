/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON-RPC method extraction from captured bytes, with yajl's streaming
 * parser: the method of a request, of every request of a batch, wherever
 * "method" stands among the keys; several messages back to back; a
 * message cut short after its method; a message spread over several
 * captures of one stream connection.
 */
#ifndef _PATHSTATS_TOOLS_JSONRPC_H
#define _PATHSTATS_TOOLS_JSONRPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Called for each request's method, the string decoded (escapes). */
typedef void (*jsonrpc_method_fn)(void *ctx, const char *method, size_t len);

struct jsonrpc_stream;

/**
 * struct jsonrpc_counts - what a stream has seen so far
 * @requests: objects with a string "method" (requests and notifications)
 * @responses: objects with "result" or "error" and no "method"
 * @not_json: times the bytes were not JSON; the stream started over
 */
struct jsonrpc_counts {
	uint64_t requests;
	uint64_t responses;
	uint64_t not_json;
};

struct jsonrpc_stream *jsonrpc_stream_new(jsonrpc_method_fn fn, void *ctx);
void jsonrpc_stream_free(struct jsonrpc_stream *s);
bool jsonrpc_stream_feed(struct jsonrpc_stream *s, const void *buf,
			 size_t len);
bool jsonrpc_stream_end(struct jsonrpc_stream *s);
void jsonrpc_stream_reset(struct jsonrpc_stream *s);
const struct jsonrpc_counts *jsonrpc_stream_counts(const struct jsonrpc_stream *s);

#endif /* _PATHSTATS_TOOLS_JSONRPC_H */
