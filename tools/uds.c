// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl uds dump [--follow] [--json] [--max-methods N]: the captured
 * records, one
 * line each, with the JSON-RPC methods found in them.
 * pathstatsctl uds methods [--json] [--max-methods N]: requests and bytes
 * per (socket,
 * method) over the records waiting in the ring.
 *
 * Both consume what they read: the ring hands each record to one reader.
 */

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "device.h"
#include "json.h"
#include "methods.h"
#include "records.h"
#include "text.h"
#include "uds.h"

static atomic_bool uds_stop;

static void uds_on_signal(int sig)
{
	(void)sig;
	uds_stop = 1;
}

/* --json, --max-methods and, where @follow is not NULL, --follow. */
static int uds_options(int argc, char **argv, bool *json, bool *follow,
		       struct methods *m)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "follow", no_argument, NULL, 'f' },
		{ "max-methods", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jfm:", opts, NULL)) != -1) {
		if (c == 'j') {
			*json = true;
		} else if (c == 'f' && follow) {
			*follow = true;
		} else if (c == 'm') {
			c = methods_max_option(optarg, &m->max_methods);
			if (c)
				return c;
		} else {
			return cmd_usage_err("unknown option '%s' for 'uds %s'",
					     argv[optind - 1], argv[0]);
		}
	}
	if (optind < argc)
		return cmd_usage_err("unexpected argument '%s' for 'uds %s'",
				     argv[optind], argv[0]);
	return 0;
}

/* RFC 3339, UTC, nanoseconds: sortable and unambiguous. */
static void uds_time(char *buf, size_t len, uint64_t ns)
{
	time_t secs = ns / 1000000000ULL;
	struct tm tm;
	size_t n;

	gmtime_r(&secs, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%09lluZ",
		 (unsigned long long)(ns % 1000000000ULL));
}

/**
 * uds_dump_text - one record as a line of text
 * @f: where to
 * @rec: the record
 * @methods: the methods found in it
 * @n: their number
 */
void uds_dump_text(FILE *f, const struct pathstats_record *rec,
		   char *const *methods, size_t n)
{
	char when[64];
	size_t i;

	uds_time(when, sizeof(when), rec->time_ns);
	fprintf(f, "%s seq=%llu pid=%u comm=", when,
		(unsigned long long)rec->seq, rec->pid);
	text_write_escaped(f, rec->comm, strlen(rec->comm));
	fputs(" socket=", f);
	text_write_escaped(f, rec->socket, strlen(rec->socket));
	fprintf(f, " type=%s conn=%llu cgroup=%llu container=",
		records_socket_type(rec->socket_type),
		(unsigned long long)rec->conn_id,
		(unsigned long long)rec->cgroup_id);
	if (*rec->container_id)
		text_write_escaped(f, rec->container_id,
				   strlen(rec->container_id));
	else
		fputc('-', f);
	fprintf(f, " len=%u cap=%u%s", rec->msg_len, rec->cap_len,
		rec->flags & PATHSTATS_RECORD_TRUNCATED ? " truncated" : "");
	fputs(" method=", f);
	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		text_write_escaped(f, methods[i], strlen(methods[i]));
	}
	if (!n)
		fputc('-', f);
	fputc('\n', f);
}

/**
 * uds_dump_json - one record as a JSON object on one line
 * @f: where to
 * @rec: the record
 * @methods: the methods found in it
 * @n: their number
 *
 * Return: 0 or the error of json_finish().
 */
int uds_dump_json(FILE *f, const struct pathstats_record *rec,
		  char *const *methods, size_t n)
{
	struct json_writer w;
	size_t i;

	json_init(&w, f, false);
	json_begin_object(&w);
	json_key(&w, "seq");
	json_u64(&w, rec->seq);
	json_key(&w, "time_ns");
	json_u64(&w, rec->time_ns);
	json_key(&w, "pid");
	json_u64(&w, rec->pid);
	json_key(&w, "tid");
	json_u64(&w, rec->tid);
	json_key(&w, "uid");
	json_u64(&w, rec->uid);
	json_key(&w, "comm");
	json_string(&w, rec->comm);
	json_key(&w, "cgroup_id");
	json_u64(&w, rec->cgroup_id);
	json_key(&w, "container_id");
	json_string(&w, rec->container_id);
	json_key(&w, "socket");
	json_string(&w, rec->socket);
	json_key(&w, "type");
	json_string(&w, records_socket_type(rec->socket_type));
	json_key(&w, "conn_id");
	json_u64(&w, rec->conn_id);
	json_key(&w, "len");
	json_u64(&w, rec->msg_len);
	json_key(&w, "captured");
	json_u64(&w, rec->cap_len);
	json_key(&w, "truncated");
	json_bool(&w, rec->flags & PATHSTATS_RECORD_TRUNCATED);
	json_key(&w, "methods");
	json_begin_array(&w);
	for (i = 0; i < n; i++)
		json_string(&w, methods[i]);
	json_end_array(&w);
	json_end_object(&w);
	return json_finish(&w);
}

/*
 * Feeds every record to @m, and to @each if not NULL; until the ring is
 * empty, or with @follow until a signal.  Return: an exit code.
 */
static int uds_consume(struct methods *m, bool follow,
		       int (*each)(const struct pathstats_record *rec,
				   const struct methods *m, bool json),
		       bool json)
{
	struct sigaction stop = { .sa_handler = uds_on_signal };
	const struct pathstats_record *rec;
	struct records r;
	char err[512];
	int ret;

	if (records_open(&r, DEVICE_PATH, follow, err, sizeof(err))) {
		cmd_err("%s", err);
		return CMD_EXIT_KERNEL;
	}
	/* No SA_RESTART: a blocked read() returns, and the loop sees stop. */
	sigaction(SIGINT, &stop, NULL);
	sigaction(SIGTERM, &stop, NULL);
	ret = CMD_EXIT_OK;
	while (!uds_stop) {
		int n = records_next(&r, &rec, err, sizeof(err));

		if (n < 0 && n != -EINTR) {
			cmd_err("%s", err);
			ret = CMD_EXIT_KERNEL;
			break;
		}
		if (n <= 0) {
			if (!follow)
				break;
			continue;
		}
		if (methods_decode(m, rec)) {
			cmd_err("out of memory");
			ret = CMD_EXIT_KERNEL;
			break;
		}
		if (each && each(rec, m, json)) {
			ret = CMD_EXIT_USAGE;
			break;
		}
	}
	records_close(&r);
	return ret;
}

static int uds_dump_one(const struct pathstats_record *rec,
			const struct methods *m, bool json)
{
	if (json) {
		int err = uds_dump_json(stdout, rec, m->cur, m->ncur);

		if (err)
			return err;
	} else {
		uds_dump_text(stdout, rec, m->cur, m->ncur);
	}
	/* A follower's reader sees each line as it comes. */
	return fflush(stdout) ? -errno : 0;
}

static int uds_dump_main(int argc, char **argv)
{
	bool json = false, follow = false;
	struct methods m;
	int ret;

	if (methods_init(&m)) {
		cmd_err("out of memory");
		return CMD_EXIT_KERNEL;
	}
	ret = uds_options(argc, argv, &json, &follow, &m);
	if (!ret)
		ret = uds_consume(&m, follow, uds_dump_one, json);
	methods_free(&m);
	return ret;
}

/**
 * uds_methods_text - the per-method table
 * @f: where to
 * @m: the decoder, sorted
 */
void uds_methods_text(FILE *f, const struct methods *m)
{
	size_t i;

	fprintf(f, "%-32s %-32s %10s %12s\n", "SOCKET", "METHOD", "REQUESTS",
		"BYTES");
	for (i = 0; i < m->nentries; i++) {
		text_write_padded(f, m->entries[i].socket, 32);
		fputc(' ', f);
		text_write_padded(f, m->entries[i].method, 32);
		fprintf(f, " %10llu %12llu\n",
			(unsigned long long)m->entries[i].requests,
			(unsigned long long)m->entries[i].bytes);
	}
	for (i = 0; i < m->nsockets; i++) {
		const struct methods_socket *s = &m->sockets[i];

		if (!s->responses && !s->not_json && !s->folded)
			continue;
		fputs("# ", f);
		text_write_escaped(f, s->socket, strlen(s->socket));
		fprintf(f, ": %llu responses, %llu not JSON, %llu requests folded into %s\n",
			(unsigned long long)s->responses,
			(unsigned long long)s->not_json,
			(unsigned long long)s->folded, METHODS_OTHER);
	}
	if (m->gaps)
		fprintf(f, "# records were dropped %llu times (ring full)\n",
			(unsigned long long)m->gaps);
}

/**
 * uds_methods_json - the per-method table as JSON
 * @f: where to
 * @m: the decoder, sorted
 *
 * Return: 0 or the error of json_finish().
 */
int uds_methods_json(FILE *f, const struct methods *m)
{
	struct json_writer w;
	size_t i;

	json_init(&w, f, true);
	json_begin_object(&w);
	json_key(&w, "methods");
	json_begin_array(&w);
	for (i = 0; i < m->nentries; i++) {
		json_begin_object(&w);
		json_key(&w, "socket");
		json_string(&w, m->entries[i].socket);
		json_key(&w, "method");
		json_string(&w, m->entries[i].method);
		json_key(&w, "requests");
		json_u64(&w, m->entries[i].requests);
		json_key(&w, "bytes");
		json_u64(&w, m->entries[i].bytes);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_key(&w, "sockets");
	json_begin_array(&w);
	for (i = 0; i < m->nsockets; i++) {
		json_begin_object(&w);
		json_key(&w, "socket");
		json_string(&w, m->sockets[i].socket);
		json_key(&w, "records");
		json_u64(&w, m->sockets[i].records);
		json_key(&w, "responses");
		json_u64(&w, m->sockets[i].responses);
		json_key(&w, "not_json");
		json_u64(&w, m->sockets[i].not_json);
		json_key(&w, "folded");
		json_u64(&w, m->sockets[i].folded);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_key(&w, "gaps");
	json_u64(&w, m->gaps);
	json_end_object(&w);
	return json_finish(&w);
}

static int uds_methods_main(int argc, char **argv)
{
	bool json = false;
	struct methods m;
	int ret;

	if (methods_init(&m)) {
		cmd_err("out of memory");
		return CMD_EXIT_KERNEL;
	}
	ret = uds_options(argc, argv, &json, NULL, &m);
	if (!ret)
		ret = uds_consume(&m, false, NULL, false);
	if (ret == CMD_EXIT_OK) {
		methods_sort(&m);
		if (json)
			ret = uds_methods_json(stdout, &m) ? CMD_EXIT_USAGE :
							     CMD_EXIT_OK;
		else
			uds_methods_text(stdout, &m);
	}
	methods_free(&m);
	return ret;
}

const struct cmd uds_cmds[] = {
	{ "dump", uds_dump_main, NULL, "[--follow] [--json] [--max-methods N]",
	  "print captured records with their JSON-RPC methods" },
	{ "methods", uds_methods_main, NULL, "[--json] [--max-methods N]",
	  "requests and bytes per socket and JSON-RPC method" },
	{ NULL },
};
