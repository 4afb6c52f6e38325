// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the JSON-RPC method extractor, jsonrpc.c, on any bytes cut
 * into pieces as captures cut a stream.  Three control bytes, which JSON
 * text never holds unescaped, split the input and say what follows each
 * piece:
 *
 *   0x1e (RS)  nothing: the next piece continues the stream
 *   0x1d (GS)  jsonrpc_stream_end(): the message ends here
 *   0x1c (FS)  jsonrpc_stream_reset(): a gap in the bytes
 *
 * The input ends as a stream does: without jsonrpc_stream_end().
 *
 * The same bytes are also fed to a second stream with the RS cuts left
 * out.  Where a message is cut must not change what is found: when
 * neither stream met bytes that are not JSON, both must have seen the
 * same methods, in the same order, and the same counts.
 */

#include <string.h>

#include "jsonrpc.h"
#include "fuzz.h"

#define FUZZ_CONTINUE	0x1e
#define FUZZ_END	0x1d
#define FUZZ_RESET	0x1c

/* The methods a stream reported, each as its length and its bytes. */
struct fuzz_seen {
	uint8_t *buf;
	size_t len, cap;
};

static void fuzz_append(struct fuzz_seen *seen, const void *p, size_t len)
{
	if (seen->len + len > seen->cap) {
		size_t cap = 2 * (seen->len + len);

		seen->buf = realloc(seen->buf, cap);
		FUZZ_CHECK(seen->buf);
		seen->cap = cap;
	}
	memcpy(seen->buf + seen->len, p, len);
	seen->len += len;
}

static void fuzz_method(void *ctx, const char *method, size_t len)
{
	FUZZ_CHECK(method);
	fuzz_append(ctx, &len, sizeof(len));
	fuzz_append(ctx, method, len);
}

static bool fuzz_is_cut(uint8_t c)
{
	return c == FUZZ_CONTINUE || c == FUZZ_END || c == FUZZ_RESET;
}

static void fuzz_after(struct jsonrpc_stream *s, uint8_t cut)
{
	if (cut == FUZZ_END)
		jsonrpc_stream_end(s);
	else if (cut == FUZZ_RESET)
		jsonrpc_stream_reset(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_seen split = { 0 }, whole = { 0 };
	const struct jsonrpc_counts *a, *b;
	struct jsonrpc_stream *s, *t;
	size_t start = 0, i, run = 0;
	uint8_t *joined;

	s = jsonrpc_stream_new(fuzz_method, &split);
	t = jsonrpc_stream_new(fuzz_method, &whole);
	/* A copy per run, so that a read past a piece is an error. */
	joined = malloc(size ? size : 1);
	FUZZ_CHECK(s && t && joined);

	for (i = 0; i <= size; i++) {
		uint8_t cut = i < size ? data[i] : 0;
		uint8_t *piece;

		if (i < size && !fuzz_is_cut(cut))
			continue;
		piece = malloc(i - start ? i - start : 1);
		FUZZ_CHECK(piece);
		memcpy(piece, data + start, i - start);
		jsonrpc_stream_feed(s, piece, i - start);
		free(piece);
		fuzz_after(s, cut);

		memcpy(joined + run, data + start, i - start);
		run += i - start;
		if (cut != FUZZ_CONTINUE) {
			piece = malloc(run ? run : 1);
			FUZZ_CHECK(piece);
			memcpy(piece, joined, run);
			jsonrpc_stream_feed(t, piece, run);
			free(piece);
			fuzz_after(t, cut);
			run = 0;
		}
		start = i + 1;
	}

	a = jsonrpc_stream_counts(s);
	b = jsonrpc_stream_counts(t);
	FUZZ_CHECK(a->requests * sizeof(size_t) <= split.len);
	if (!a->not_json && !b->not_json) {
		FUZZ_CHECK(a->requests == b->requests);
		FUZZ_CHECK(a->responses == b->responses);
		FUZZ_CHECK(split.len == whole.len);
		FUZZ_CHECK(!split.len || !memcmp(split.buf, whole.buf,
						 split.len));
	}
	free(joined);
	free(split.buf);
	free(whole.buf);
	jsonrpc_stream_free(s);
	jsonrpc_stream_free(t);
	return 0;
}
