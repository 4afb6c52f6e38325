// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the JSON-RPC method extractor on hand-written inputs:
 * requests, batches, key order, escapes, messages back to back, splits,
 * truncation, responses, and what is not JSON at all.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#include "jsonrpc.h"

/* The methods a stream reported, joined with ',' */
struct seen {
	char methods[512];
};

static void record(void *ctx, const char *method, size_t len)
{
	struct seen *seen = ctx;
	size_t used = strlen(seen->methods);

	snprintf(seen->methods + used, sizeof(seen->methods) - used, "%s%.*s",
		 used ? "," : "", (int)len, method);
}

static struct jsonrpc_stream *stream(struct seen *seen)
{
	struct jsonrpc_stream *s;

	memset(seen, 0, sizeof(*seen));
	s = jsonrpc_stream_new(record, seen);
	assert_non_null(s);
	return s;
}

static bool feed(struct jsonrpc_stream *s, const char *text)
{
	return jsonrpc_stream_feed(s, text, strlen(text));
}

/* One complete message through a fresh stream; its methods. */
static void check_message(const char *text, const char *methods,
			  uint64_t requests, uint64_t responses)
{
	struct jsonrpc_stream *s;
	struct seen seen;

	s = stream(&seen);
	assert_true(feed(s, text));
	assert_true(jsonrpc_stream_end(s));
	assert_string_equal(seen.methods, methods);
	assert_int_equal(jsonrpc_stream_counts(s)->requests, requests);
	assert_int_equal(jsonrpc_stream_counts(s)->responses, responses);
	assert_int_equal(jsonrpc_stream_counts(s)->not_json, 0);
	jsonrpc_stream_free(s);
}

static void test_request(void **state)
{
	(void)state;
	check_message("{\"jsonrpc\":\"2.0\",\"method\":\"eth_call\",\"params\":[{\"to\":\"0x1\"},\"latest\"],\"id\":1}",
		      "eth_call", 1, 0);
}

static void test_method_not_first(void **state)
{
	(void)state;
	/* A "method" inside params is data, not the request's method. */
	check_message("{\"id\":7,\"params\":{\"method\":\"inner\",\"x\":[1]},\"jsonrpc\":\"2.0\",\"method\":\"eth_getBalance\"}",
		      "eth_getBalance", 1, 0);
}

static void test_batch(void **state)
{
	(void)state;
	check_message(" [ {\"method\":\"a\",\"id\":1},\n   {\"id\":2,\"params\":[[{\"method\":\"no\"}]],\"method\":\"b\"},\n   {\"id\":3,\"method\":\"c\"} ] ",
		      "a,b,c", 3, 0);
}

static void test_escapes(void **state)
{
	(void)state;
	check_message("{\"method\":\"eth_\\u0063all\\\\x\\\"y\\n\"}",
		      "eth_call\\x\"y\n", 1, 0);
	/* An escaped key is still the key. */
	check_message("{\"m\\u0065thod\":\"net_version\"}", "net_version", 1,
		      0);
}

static void test_back_to_back(void **state)
{
	struct jsonrpc_stream *s;
	struct seen seen;

	(void)state;
	s = stream(&seen);
	assert_true(feed(s, "{\"method\":\"x\"}{\"method\":\"y\"}\n\n \t{\"method\":\"z\"}\r\n"));
	assert_string_equal(seen.methods, "x,y,z");
	assert_int_equal(jsonrpc_stream_counts(s)->requests, 3);
	jsonrpc_stream_free(s);
}

static void test_split_over_feeds(void **state)
{
	static const char msg[] =
		"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"}\n{\"method\":\"eth_chainId\"}";
	struct jsonrpc_stream *s;
	struct seen seen;
	size_t i;

	(void)state;
	/* Every byte on its own: a stream connection's worst case. */
	s = stream(&seen);
	for (i = 0; i < sizeof(msg) - 1; i++)
		assert_true(jsonrpc_stream_feed(s, msg + i, 1));
	assert_string_equal(seen.methods, "eth_blockNumber,eth_chainId");
	jsonrpc_stream_free(s);
}

static void test_truncated_after_method(void **state)
{
	struct jsonrpc_stream *s;
	struct seen seen;

	(void)state;
	s = stream(&seen);
	assert_true(feed(s, "{\"jsonrpc\":\"2.0\",\"method\":\"eth_call\",\"params\":[{\"data\":\"0xa9059cbb000000"));
	assert_string_equal(seen.methods, "eth_call");
	/* A message socket's capture ends here: incomplete, not JSON. */
	assert_false(jsonrpc_stream_end(s));
	assert_int_equal(jsonrpc_stream_counts(s)->not_json, 1);
	/* Cut inside the method's string: no method. */
	jsonrpc_stream_reset(s);
	memset(&seen, 0, sizeof(seen));
	assert_true(feed(s, "{\"method\":\"eth_ca"));
	assert_string_equal(seen.methods, "");
	jsonrpc_stream_free(s);
}

static void test_responses(void **state)
{
	(void)state;
	check_message("{\"jsonrpc\":\"2.0\",\"result\":\"0x1\",\"id\":1}", "",
		      0, 1);
	check_message("[{\"result\":null,\"id\":1},{\"error\":{\"code\":-32601,\"message\":\"x\"},\"id\":2}]",
		      "", 0, 2);
}

static void test_not_a_method(void **state)
{
	(void)state;
	check_message("{\"method\":5,\"id\":1}", "", 0, 0);
	check_message("{\"method\":[\"a\"],\"id\":1}", "", 0, 0);
	check_message("[1,\"method\",{\"x\":\"method\"}]", "", 0, 0);
	check_message("\"method\"", "", 0, 0);
}

static void test_not_json(void **state)
{
	struct jsonrpc_stream *s;
	struct seen seen;

	(void)state;
	s = stream(&seen);
	assert_false(feed(s, "GET / HTTP/1.1\r\n\r\n"));
	assert_int_equal(jsonrpc_stream_counts(s)->not_json, 1);
	/* Garbage after a good message: the good one counted. */
	assert_false(feed(s, "{\"method\":\"ok\"} }}}"));
	assert_int_equal(jsonrpc_stream_counts(s)->not_json, 2);
	/* The stream started over: the next message parses. */
	assert_true(feed(s, "{\"method\":\"after\"}"));
	assert_string_equal(seen.methods, "ok,after");
	assert_false(feed(s, "\xff\xfe\x00\x01"));
	jsonrpc_stream_free(s);
}

/* Nesting past 64 levels is not JSON to the decoder; it starts over. */
static void test_too_deep(void **state)
{
	struct jsonrpc_stream *s;
	struct seen seen;
	char deep[200];

	(void)state;
	s = stream(&seen);
	memset(deep, '[', 64);
	memcpy(deep + 64, "{\"method\":\"ok\"}", 15);
	memset(deep + 64 + 15, ']', 63);
	deep[64 + 15 + 63] = '\0';
	/* 63 arrays and the object: 64 levels, within the bound. */
	assert_true(feed(s, deep + 1));
	assert_true(feed(s, "\n"));
	assert_int_equal(jsonrpc_stream_counts(s)->not_json, 0);
	/* One level more. */
	assert_false(feed(s, deep));
	assert_int_equal(jsonrpc_stream_counts(s)->not_json, 1);
	assert_true(feed(s, "{\"method\":\"after\"}"));
	assert_string_equal(seen.methods, "after");
	jsonrpc_stream_free(s);
}

/* Valid messages in pieces that end mid-message: none is cut off. */
static void test_pieces_across_messages(void **state)
{
	static char text[2000 * 3000 + 1];
	struct jsonrpc_stream *s;
	struct seen seen;
	size_t off, n;
	int i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		char *msg = text + i * 3000;

		memset(msg, ' ', 3000);
		memcpy(msg, "{\"method\":\"x\",\"params\":\"", 24);
		memset(msg + 24, 'p', 2971);
		memcpy(msg + 2995, "\"}\n", 3);
	}
	s = stream(&seen);
	for (off = 0; off < 2000 * 3000; off += n) {
		n = 2000 * 3000 - off < 4096 ? 2000 * 3000 - off : 4096;
		assert_true(jsonrpc_stream_feed(s, text + off, n));
	}
	assert_int_equal(jsonrpc_stream_counts(s)->requests, 2000);
	assert_int_equal(jsonrpc_stream_counts(s)->not_json, 0);
	jsonrpc_stream_free(s);
}

/* A message still open after 1 MiB, fed piece by piece, is cut off. */
static void test_unterminated_string(void **state)
{
	static char piece[65536];
	struct jsonrpc_stream *s;
	struct seen seen;
	int i;

	(void)state;
	memset(piece, 'a', sizeof(piece));
	s = stream(&seen);
	assert_true(feed(s, "{\"method\":\"m\",\"params\":\""));
	for (i = 0; i < 15; i++)
		assert_true(jsonrpc_stream_feed(s, piece, sizeof(piece)));
	assert_false(jsonrpc_stream_feed(s, piece, sizeof(piece)));
	assert_int_equal(jsonrpc_stream_counts(s)->not_json, 1);
	assert_true(feed(s, "{\"method\":\"next\"}"));
	assert_string_equal(seen.methods, "m,next");
	/* Complete messages, however many, are no one message. */
	for (i = 0; i < 20; i++) {
		memset(piece, ' ', sizeof(piece));
		memcpy(piece, "{\"method\":\"x\"}", 14);
		assert_true(jsonrpc_stream_feed(s, piece, sizeof(piece)));
	}
	assert_int_equal(jsonrpc_stream_counts(s)->requests, 22);
	jsonrpc_stream_free(s);
}

static void test_empty(void **state)
{
	struct jsonrpc_stream *s;
	struct seen seen;

	(void)state;
	s = stream(&seen);
	assert_true(feed(s, ""));
	assert_true(feed(s, "\r\n"));
	assert_string_equal(seen.methods, "");
	assert_int_equal(jsonrpc_stream_counts(s)->not_json, 0);
	jsonrpc_stream_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_method_not_first),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_back_to_back),
		cmocka_unit_test(test_split_over_feeds),
		cmocka_unit_test(test_truncated_after_method),
		cmocka_unit_test(test_responses),
		cmocka_unit_test(test_not_a_method),
		cmocka_unit_test(test_not_json),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_too_deep),
		cmocka_unit_test(test_unterminated_string),
		cmocka_unit_test(test_pieces_across_messages),
	};

	return cmocka_run_group_tests_name("jsonrpc", tests, NULL, NULL) ? 1 : 0;
}
