// SPDX-License-Identifier: GPL-2.0
/*
 * JSON-RPC method extraction.
 *
 * yajl parses incrementally and calls back per token, so a message split
 * over several feeds, or cut short, still yields the tokens seen so far;
 * with yajl_allow_multiple_values it takes messages back to back, with
 * any whitespace between them.  Only a "message object" counts: a
 * top-level object, or an object directly inside a top-level array (a
 * batch).  A "method" key elsewhere, say inside "params", is data.
 *
 * The bytes come from any local process, so what one stream may hold is
 * bounded: a message nested deeper than JSONRPC_DEPTH_MAX, or one still
 * open after more than JSONRPC_MESSAGE_MAX bytes fed since a value last
 * ended (an unterminated string grows yajl's buffer as long as it goes
 * on), is not JSON to this decoder: it is counted as such and the stream
 * starts over.
 */

#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "jsonrpc.h"

#define JSONRPC_DEPTH_MAX	64
#define JSONRPC_MESSAGE_MAX	(1 << 20)

/* Containers are tracked two levels deep: enough to know a batch. */
enum jsonrpc_container {
	JSONRPC_MAP,
	JSONRPC_ARRAY,
};

struct jsonrpc_stream {
	yajl_handle yajl;
	jsonrpc_method_fn fn;
	void *ctx;
	struct jsonrpc_counts counts;
	unsigned int depth;
	size_t pending;		/* bytes fed since the last complete value */
	bool completed;		/* a top-level value ended in this piece */
	size_t end;		/* where in the piece it ended last */
	enum jsonrpc_container outer[2];
	/* Within the current message object: */
	bool want_method;	/* the next value is the method */
	bool has_method;
	bool has_result;
};

static bool jsonrpc_in_message(const struct jsonrpc_stream *s)
{
	return (s->depth == 1 && s->outer[0] == JSONRPC_MAP) ||
	       (s->depth == 2 && s->outer[0] == JSONRPC_ARRAY &&
		s->outer[1] == JSONRPC_MAP);
}

/* Any value: if it was the method's and not a string, it is no method. */
static int jsonrpc_value(void *ctx)
{
	struct jsonrpc_stream *s = ctx;

	s->want_method = false;
	if (!s->depth) {
		s->completed = true;
		/* Within a callback: the offset just past the value's token. */
		s->end = yajl_get_bytes_consumed(s->yajl);
	}
	return 1;
}

static int jsonrpc_null(void *ctx)
{
	return jsonrpc_value(ctx);
}

static int jsonrpc_boolean(void *ctx, int b)
{
	(void)b;
	return jsonrpc_value(ctx);
}

static int jsonrpc_number(void *ctx, const char *n, size_t len)
{
	(void)n;
	(void)len;
	return jsonrpc_value(ctx);
}

static int jsonrpc_string(void *ctx, const unsigned char *str, size_t len)
{
	struct jsonrpc_stream *s = ctx;

	if (s->want_method && !s->has_method) {
		s->has_method = true;
		s->counts.requests++;
		s->fn(s->ctx, (const char *)str, len);
	}
	return jsonrpc_value(ctx);
}

static int jsonrpc_start(struct jsonrpc_stream *s, enum jsonrpc_container c)
{
	s->want_method = false;
	if (s->depth == JSONRPC_DEPTH_MAX)
		return 0;	/* cancels the parse: not JSON to us */
	if (s->depth < 2)
		s->outer[s->depth] = c;
	s->depth++;
	if (c == JSONRPC_MAP && jsonrpc_in_message(s)) {
		s->has_method = false;
		s->has_result = false;
	}
	return 1;
}

static int jsonrpc_start_map(void *ctx)
{
	return jsonrpc_start(ctx, JSONRPC_MAP);
}

static int jsonrpc_start_array(void *ctx)
{
	return jsonrpc_start(ctx, JSONRPC_ARRAY);
}

static int jsonrpc_map_key(void *ctx, const unsigned char *key, size_t len)
{
	struct jsonrpc_stream *s = ctx;

	s->want_method = false;
	if (!jsonrpc_in_message(s))
		return 1;
	if (len == 6 && !memcmp(key, "method", 6))
		s->want_method = true;
	else if ((len == 6 && !memcmp(key, "result", 6)) ||
		 (len == 5 && !memcmp(key, "error", 5)))
		s->has_result = true;
	return 1;
}

static int jsonrpc_end_map(void *ctx)
{
	struct jsonrpc_stream *s = ctx;

	if (jsonrpc_in_message(s) && !s->has_method && s->has_result)
		s->counts.responses++;
	s->depth--;
	return jsonrpc_value(ctx);
}

static int jsonrpc_end_array(void *ctx)
{
	struct jsonrpc_stream *s = ctx;

	s->depth--;
	return jsonrpc_value(ctx);
}

static const yajl_callbacks jsonrpc_callbacks = {
	.yajl_null = jsonrpc_null,
	.yajl_boolean = jsonrpc_boolean,
	.yajl_number = jsonrpc_number,
	.yajl_string = jsonrpc_string,
	.yajl_start_map = jsonrpc_start_map,
	.yajl_map_key = jsonrpc_map_key,
	.yajl_end_map = jsonrpc_end_map,
	.yajl_start_array = jsonrpc_start_array,
	.yajl_end_array = jsonrpc_end_array,
};

static bool jsonrpc_open(struct jsonrpc_stream *s)
{
	s->yajl = yajl_alloc(&jsonrpc_callbacks, NULL, s);
	if (!s->yajl)
		return false;
	yajl_config(s->yajl, yajl_allow_multiple_values, 1);
	/* Captures may cut a string anywhere, even inside a UTF-8 sequence. */
	yajl_config(s->yajl, yajl_dont_validate_strings, 1);
	s->depth = 0;
	s->pending = 0;
	s->want_method = false;
	return true;
}

/**
 * jsonrpc_stream_new - a parser for one connection, or one message
 * @fn: called with each request's method
 * @ctx: passed to @fn
 *
 * Return: the stream, or NULL without memory.
 */
struct jsonrpc_stream *jsonrpc_stream_new(jsonrpc_method_fn fn, void *ctx)
{
	struct jsonrpc_stream *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->fn = fn;
	s->ctx = ctx;
	if (!jsonrpc_open(s)) {
		free(s);
		return NULL;
	}
	return s;
}

/**
 * jsonrpc_stream_free - free a stream
 * @s: the stream, or NULL
 */
void jsonrpc_stream_free(struct jsonrpc_stream *s)
{
	if (!s)
		return;
	yajl_free(s->yajl);
	free(s);
}

/**
 * jsonrpc_stream_reset - start over at the next message
 * @s: the stream
 *
 * For a gap in the bytes (a capture cut short, a dropped record): what
 * follows is parsed as the start of a new message.  Counts stay.
 */
void jsonrpc_stream_reset(struct jsonrpc_stream *s)
{
	yajl_free(s->yajl);
	if (!jsonrpc_open(s))
		abort();
}

/**
 * jsonrpc_stream_feed - parse the next bytes of a stream
 * @s: the stream
 * @buf: the bytes
 * @len: their number
 *
 * Return: true; false if the bytes are not JSON, in which case it is
 * counted and the stream starts over with the next feed.
 */
bool jsonrpc_stream_feed(struct jsonrpc_stream *s, const void *buf,
			 size_t len)
{
	const char *p = buf;
	size_t n;

	/*
	 * In pieces, so that no message runs past JSONRPC_MESSAGE_MAX bytes
	 * unseen: whether one ended is known after each piece only.
	 */
	while (len) {
		n = len < JSONRPC_MESSAGE_MAX ? len : JSONRPC_MESSAGE_MAX;
		s->completed = false;
		if (yajl_parse(s->yajl, (const unsigned char *)p, n) !=
		    yajl_status_ok)
			goto not_json;
		s->pending = s->completed ? n - s->end : s->pending + n;
		if (s->pending > JSONRPC_MESSAGE_MAX)
			goto not_json;
		p += n;
		len -= n;
	}
	return true;

not_json:
	s->counts.not_json++;
	jsonrpc_stream_reset(s);
	return false;
}

/**
 * jsonrpc_stream_end - the bytes end here: a message must be complete
 * @s: the stream; it starts over afterwards
 *
 * For message sockets (datagram, seqpacket), after each whole message.
 *
 * Return: true; false if what was fed since the last complete value is
 * not a complete JSON value (counted as not JSON).
 */
bool jsonrpc_stream_end(struct jsonrpc_stream *s)
{
	bool ok = yajl_complete_parse(s->yajl) == yajl_status_ok;

	if (!ok)
		s->counts.not_json++;
	jsonrpc_stream_reset(s);
	return ok;
}

/**
 * jsonrpc_stream_counts - what a stream has counted
 * @s: the stream
 *
 * Return: its counts.
 */
const struct jsonrpc_counts *jsonrpc_stream_counts(const struct jsonrpc_stream *s)
{
	return &s->counts;
}
