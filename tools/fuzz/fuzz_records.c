// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the capture record reader, records_next(), on any bytes
 * as what a read() of /dev/pathstats returns, and the JSON-RPC method
 * accounting, methods_decode(), on every record it accepts, as
 * "pathstatsctl uds methods" does.  The bytes are in a memfd that
 * records_open() opens as the device.
 */

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "methods.h"
#include "records.h"
#include "fuzz.h"

/* Small, so that the fold into METHODS_OTHER is reached. */
#define FUZZ_MAX_METHODS	4

static void fuzz_methods_check(const struct methods *m)
{
	size_t i, j, own;
	uint64_t other;

	for (i = 0; i < m->nsockets; i++) {
		const struct methods_socket *s = &m->sockets[i];

		own = 0;
		other = 0;
		for (j = 0; j < m->nentries; j++) {
			const struct methods_entry *e = &m->entries[j];

			if (strcmp(e->socket, s->socket))
				continue;
			FUZZ_CHECK(strlen(e->method) <= METHODS_NAME_MAX);
			if (!strcmp(e->method, METHODS_OTHER))
				other += e->requests;
			else
				own++;
		}
		FUZZ_CHECK(own == s->methods);
		FUZZ_CHECK(own <= m->max_methods);
		FUZZ_CHECK(other == s->folded);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	const struct pathstats_record *rec;
	struct records r;
	struct methods m;
	char path[64], err[256];
	int fd, ret;

	if (size > RECORDS_BUF_SIZE)
		return 0;
	if (!null)
		null = fopen("/dev/null", "w");
	FUZZ_CHECK(null);
	fd = memfd_create("fuzz_records", MFD_CLOEXEC);
	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(write(fd, data, size) == (ssize_t)size);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	FUZZ_CHECK(!records_open(&r, path, false, err, sizeof(err)));
	close(fd);
	FUZZ_CHECK(!methods_init(&m));
	m.max_methods = FUZZ_MAX_METHODS;

	while ((ret = records_next(&r, &rec, err, sizeof(err))) == 1) {
		FUZZ_CHECK(rec->size >= sizeof(*rec));
		FUZZ_CHECK((const char *)rec + rec->size <= r.buf + r.len);
		FUZZ_CHECK(rec->cap_len <= rec->size - sizeof(*rec));
		FUZZ_CHECK(!methods_decode(&m, rec));
	}
	FUZZ_CHECK(!ret || ret == -EPROTO);
	FUZZ_CHECK(ret != -EPROTO || err[0]);

	fuzz_methods_check(&m);
	methods_sort(&m);
	methods_prometheus(null, &m);
	methods_free(&m);
	records_close(&r);
	return 0;
}
