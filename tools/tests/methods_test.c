// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the record decoder: stream reassembly per connection,
 * message sockets, gaps from dropped records and short captures, the
 * per-method totals and their Prometheus form.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "test.h"

#include "methods.h"

/* A record of @text, captured whole unless @cap is shorter. */
static struct pathstats_record *make(uint64_t seq, unsigned int type,
				     uint64_t conn, const char *socket,
				     const char *text, uint32_t msg_len,
				     uint32_t cap)
{
	struct pathstats_record *r = calloc(1, sizeof(*r) + cap + 8);

	assert_non_null(r);
	r->size = sizeof(*r) + ((cap + 7) & ~7U);
	r->version = PATHSTATS_RECORD_VERSION;
	r->seq = seq;
	r->socket_type = type;
	r->conn_id = conn;
	r->msg_len = msg_len;
	r->cap_len = cap;
	snprintf(r->socket, sizeof(r->socket), "%s", socket);
	memcpy(r->data, text, cap);
	return r;
}

static void decode(struct methods *m, uint64_t seq, unsigned int type,
		   uint64_t conn, const char *text)
{
	struct pathstats_record *r = make(seq, type, conn, "/s", text,
					  strlen(text), strlen(text));

	assert_int_equal(methods_decode(m, r), 0);
	free(r);
}

void __real_qsort(void *base, size_t n, size_t size,
		  int (*cmp)(const void *, const void *));
/*
 * The test is linked with --wrap=qsort: every qsort() of the library
 * comes here first.  A NULL array is undefined even for no elements
 * (glibc declares it nonnull), and UBSan says so.
 */
void __wrap_qsort(void *base, size_t n, size_t size,
		  int (*cmp)(const void *, const void *))
{
	assert_non_null(base);
	__real_qsort(base, n, size, cmp);
}

static const struct methods_entry *entry(const struct methods *m,
					 const char *socket,
					 const char *method)
{
	size_t i;

	for (i = 0; i < m->nentries; i++)
		if (!strcmp(m->entries[i].socket, socket) &&
		    !strcmp(m->entries[i].method, method))
			return &m->entries[i];
	return NULL;
}

static void test_stream_reassembly(void **state)
{
	struct methods m;

	(void)state;
	assert_int_equal(methods_init(&m), 0);
	/* Two connections interleaved, each request split over sends. */
	decode(&m, 0, SOCK_STREAM, 1, "{\"id\":1,\"met");
	decode(&m, 1, SOCK_STREAM, 2, "{\"method\":\"eth_chainId\"}\n{\"meth");
	assert_int_equal(m.ncur, 1);
	assert_string_equal(m.cur[0], "eth_chainId");
	decode(&m, 2, SOCK_STREAM, 1, "hod\":\"eth_call\",\"params\":[]}");
	assert_int_equal(m.ncur, 1);
	assert_string_equal(m.cur[0], "eth_call");
	decode(&m, 3, SOCK_STREAM, 2, "od\":\"net_version\"}");
	assert_string_equal(m.cur[0], "net_version");
	assert_int_equal(entry(&m, "/s", "eth_call")->requests, 1);
	assert_int_equal(entry(&m, "/s", "eth_call")->bytes, 28);
	assert_int_equal(entry(&m, "/s", "net_version")->requests, 1);
	assert_int_equal(m.gaps, 0);
	methods_free(&m);
}

static void test_gap_restarts_streams(void **state)
{
	struct methods m;

	(void)state;
	assert_int_equal(methods_init(&m), 0);
	decode(&m, 10, SOCK_STREAM, 1, "{\"method\":\"a\",\"params\":[\"xx");
	/* seq 11 was dropped: the rest of the message is gone. */
	decode(&m, 12, SOCK_STREAM, 1, "{\"method\":\"b\"}");
	assert_int_equal(m.gaps, 1);
	assert_int_equal(m.ncur, 1);
	assert_string_equal(m.cur[0], "b");
	assert_int_equal(m.sockets[0].not_json, 0);
	methods_free(&m);
}

static void test_short_capture(void **state)
{
	static const char text[] = "{\"method\":\"eth_sendRawTransaction\",\"params\":[\"0xf86c";
	struct pathstats_record *r;
	struct methods m;

	(void)state;
	assert_int_equal(methods_init(&m), 0);
	/* 512 of 4096 bytes captured: the method, then nothing. */
	r = make(0, SOCK_STREAM, 5, "/s", text, 4096, sizeof(text) - 1);
	assert_int_equal(methods_decode(&m, r), 0);
	free(r);
	assert_int_equal(entry(&m, "/s", "eth_sendRawTransaction")->bytes,
			 4096);
	/* The next send on the connection starts a message of its own. */
	decode(&m, 1, SOCK_STREAM, 5, "{\"method\":\"eth_call\"}");
	assert_string_equal(m.cur[0], "eth_call");
	assert_int_equal(m.sockets[0].not_json, 0);
	methods_free(&m);
}

static void test_messages_and_batches(void **state)
{
	struct methods m;

	(void)state;
	assert_int_equal(methods_init(&m), 0);
	/* 31 bytes, two requests: 16 to the first, 15 to the second. */
	decode(&m, 0, SOCK_DGRAM, 9, "[{\"method\":\"a\"},{\"method\":\"b\"}]");
	assert_int_equal(entry(&m, "/s", "a")->bytes, 16);
	assert_int_equal(entry(&m, "/s", "b")->bytes, 15);
	/* A message socket's record is a whole message: no carry-over. */
	decode(&m, 1, SOCK_SEQPACKET, 9, "{\"method\":\"c\"");
	assert_int_equal(m.sockets[0].not_json, 1);
	decode(&m, 2, SOCK_SEQPACKET, 9, "\"method\":\"d\"}");
	assert_int_equal(m.ncur, 0);
	decode(&m, 3, SOCK_DGRAM, 9, "{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":1}");
	assert_int_equal(m.sockets[0].responses, 1);
	assert_int_equal(m.sockets[0].records, 4);
	methods_free(&m);
}

/*
 * Past --max-methods, and for names longer than 255 bytes, requests fold
 * into "(other)": counted, none lost, the series bounded.
 */
static void test_method_cap(void **state)
{
	char text[512];
	uint64_t requests = 0;
	struct methods m;
	size_t i;

	(void)state;
	assert_int_equal(methods_init(&m), 0);
	assert_int_equal(m.max_methods, 1000);
	assert_int_equal(methods_parse_max("0", &m.max_methods), -EINVAL);
	assert_int_equal(methods_parse_max("1000001", &m.max_methods), -EINVAL);
	assert_int_equal(methods_parse_max("-1", &m.max_methods), -EINVAL);
	assert_int_equal(methods_parse_max("3x", &m.max_methods), -EINVAL);
	assert_int_equal(methods_parse_max("3", &m.max_methods), 0);
	for (i = 0; i < 10; i++) {
		snprintf(text, sizeof(text), "{\"method\":\"m%zu\"}", i);
		decode(&m, i, SOCK_DGRAM, 0, text);
		/* m0 again: an existing series goes on counting. */
		decode(&m, 100 + i, SOCK_DGRAM, 0, "{\"method\":\"m0\"}");
	}
	/* A client's own "(other)" is the fold, not a series of its own. */
	decode(&m, 200, SOCK_DGRAM, 0, "{\"method\":\"(other)\"}");

	assert_int_equal(m.nentries, 4);
	assert_int_equal(entry(&m, "/s", "m0")->requests, 11);
	assert_int_equal(entry(&m, "/s", "m1")->requests, 1);
	assert_int_equal(entry(&m, "/s", "m2")->requests, 1);
	assert_null(entry(&m, "/s", "m3"));
	/* m3..m9 and "(other)". */
	assert_int_equal(entry(&m, "/s", METHODS_OTHER)->requests, 8);
	assert_int_equal(m.sockets[0].folded, 8);
	assert_int_equal(m.sockets[0].methods, 3);
	for (i = 0; i < m.nentries; i++)
		requests += m.entries[i].requests;
	assert_int_equal(requests, 21);
	methods_free(&m);
}

/* With room for more series: 255 bytes get one, 256 or a NUL do not. */
static void test_method_names_folded(void **state)
{
	char text[512], name[300];
	struct methods m;

	(void)state;
	assert_int_equal(methods_init(&m), 0);
	memset(name, 'n', 256);
	name[255] = '\0';
	snprintf(text, sizeof(text), "{\"method\":\"%s\"}", name);
	decode(&m, 0, SOCK_DGRAM, 0, text);
	assert_int_equal(entry(&m, "/s", name)->requests, 1);
	name[255] = 'n';
	name[256] = '\0';
	snprintf(text, sizeof(text), "{\"method\":\"%s\"}", name);
	decode(&m, 1, SOCK_DGRAM, 0, text);
	assert_null(entry(&m, "/s", name));
	assert_string_equal(m.cur[0], METHODS_OTHER);
	/* Cut at the NUL it would pass for eth_call. */
	decode(&m, 2, SOCK_DGRAM, 0, "{\"method\":\"eth_call\\u0000xx\"}");
	assert_null(entry(&m, "/s", "eth_call"));
	assert_string_equal(m.cur[0], METHODS_OTHER);
	assert_int_equal(entry(&m, "/s", METHODS_OTHER)->requests, 2);
	assert_int_equal(m.sockets[0].folded, 2);
	assert_int_equal(m.sockets[0].methods, 1);
	methods_free(&m);
}

/* What methods_prometheus() prints for @m; the caller frees it. */
static char *prometheus_text(const struct methods *m)
{
	char *out = NULL;
	size_t size;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	methods_prometheus(f, m);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void test_prometheus(void **state)
{
	struct pathstats_record *r;
	struct methods m;
	char *out;

	(void)state;
	assert_int_equal(methods_init(&m), 0);
	r = make(0, SOCK_DGRAM, 1, "@odd\"name", "{\"method\":\"x\\\\y\"}", 18, 18);
	assert_int_equal(methods_decode(&m, r), 0);
	free(r);
	decode(&m, 1, SOCK_DGRAM, 1, "{\"method\":\"eth_call\"}");
	decode(&m, 2, SOCK_DGRAM, 1, "{\"method\":\"eth_call\"}");
	methods_sort(&m);
	out = prometheus_text(&m);
	assert_string_equal(out,
		"# HELP pathstats_uds_method_requests_total JSON-RPC requests clients sent to the unix socket, by method.\n# TYPE pathstats_uds_method_requests_total counter\npathstats_uds_method_requests_total{socket=\"/s\",method=\"eth_call\"} 2\npathstats_uds_method_requests_total{socket=\"@odd\\\"name\",method=\"x\\\\y\"} 1\n# HELP pathstats_uds_method_bytes_total Bytes of the sends carrying each method's requests.\n# TYPE pathstats_uds_method_bytes_total counter\npathstats_uds_method_bytes_total{socket=\"/s\",method=\"eth_call\"} 42\npathstats_uds_method_bytes_total{socket=\"@odd\\\"name\",method=\"x\\\\y\"} 18\n");
	free(out);
	methods_free(&m);
}

/* Nothing decoded: sorted and shown all the same, as headers only. */
static void test_sort_empty(void **state)
{
	struct methods m;
	char *out;

	(void)state;
	assert_int_equal(methods_init(&m), 0);
	methods_sort(&m);
	out = prometheus_text(&m);
	assert_string_equal(out,
		"# HELP pathstats_uds_method_requests_total JSON-RPC requests clients sent to the unix socket, by method.\n# TYPE pathstats_uds_method_requests_total counter\n# HELP pathstats_uds_method_bytes_total Bytes of the sends carrying each method's requests.\n# TYPE pathstats_uds_method_bytes_total counter\n");
	free(out);
	methods_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_reassembly),
		cmocka_unit_test(test_gap_restarts_streams),
		cmocka_unit_test(test_short_capture),
		cmocka_unit_test(test_messages_and_batches),
		cmocka_unit_test(test_prometheus),
		cmocka_unit_test(test_method_cap),
		cmocka_unit_test(test_method_names_folded),
		cmocka_unit_test(test_sort_empty),
	};

	return cmocka_run_group_tests_name("methods", tests, NULL, NULL) ? 1 : 0;
}
