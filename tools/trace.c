// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl trace metadata [--json]: the points, their fields, the
 * context fields and the sinks.
 * pathstatsctl trace create FILE: start the sessions FILE describes.
 * pathstatsctl trace list [--json]: the sessions, their sinks and counts.
 * pathstatsctl trace delete NAME: end a session.
 * pathstatsctl trace dump NAME [--follow] [--json]: the events of a
 * session's device sink, one line each; they are consumed.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/pathstats.h>
#include <protobuf-c/protobuf-c.h>

#include "config.h"
#include "device.h"
#include "json.h"
#include "pathstats_trace.pb-c.h"
#include "trace.h"
#include "tracemsg.h"
#include "tracenames.h"

static atomic_bool trace_stop;

static void trace_on_signal(int sig)
{
	(void)sig;
	trace_stop = 1;
}

/* --json and, where @follow is not NULL, --follow; @args positional. */
static int trace_options(int argc, char **argv, bool *json, bool *follow,
			 int args, const char *what)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "follow", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	opterr = 0;
	/* Options may follow the NAME or FILE, as in "trace dump NAME --json". */
	while ((c = getopt_long(argc, argv, "jf", opts, NULL)) != -1) {
		if (c == 'j' && json)
			*json = true;
		else if (c == 'f' && follow)
			*follow = true;
		else
			return cmd_usage_err("unknown option '%s' for 'trace %s'",
					     argv[optind - 1], argv[0]);
	}
	if (argc - optind < args)
		return cmd_usage_err("'trace %s' needs %s", argv[0], what);
	if (argc - optind > args)
		return cmd_usage_err("unexpected argument '%s' for 'trace %s'",
				     argv[optind + args], argv[0]);
	return 0;
}

/* The fields of @d, but for the context, comma-separated. */
static void trace_point_fields_text(const ProtobufCMessageDescriptor *d)
{
	unsigned int i, n = 0;

	for (i = 0; i < d->n_fields; i++)
		if (d->fields[i].type != PROTOBUF_C_TYPE_MESSAGE)
			printf("%s%s", n++ ? ", " : "", d->fields[i].name);
}


static int trace_metadata(int argc, char **argv)
{
	const ProtobufCMessageDescriptor *d;
	bool json = false;
	struct json_writer w;
	unsigned int p, i, n = 0;
	int ret;

	ret = trace_options(argc, argv, &json, NULL, 0, "");
	if (ret)
		return ret;
	if (json) {
		json_init(&w, stdout, false);
		json_begin_object(&w);
		json_key(&w, "points");
		json_begin_array(&w);
		for (p = 0; p < PATHSTATS_TRACE_POINT_END; p++) {
			if (!tracenames_points[p])
				continue;
			d = tracemsg_descriptor(p);
			json_begin_object(&w);
			json_key(&w, "name");
			json_string(&w, tracenames_points[p]);
			json_key(&w, "fields");
			json_begin_array(&w);
			for (i = 0; i < d->n_fields; i++)
				if (d->fields[i].type != PROTOBUF_C_TYPE_MESSAGE)
					json_string(&w, d->fields[i].name);
			json_end_array(&w);
			json_key(&w, "optional_fields");
			json_begin_array(&w);
			for (i = 0; i < TRACENAMES_OPTIONAL_COUNT; i++)
				if (tracenames_point_optional[p] & (1U << i))
					json_string(&w, tracenames_optional[i]);
			json_end_array(&w);
			json_key(&w, "context_fields");
			json_begin_array(&w);
			for (i = 0; i < PATHSTATS_TRACE_CTX_COUNT; i++)
				json_string(&w, tracenames_context[i]);
			json_end_array(&w);
			json_end_object(&w);
		}
		json_end_array(&w);
		json_key(&w, "sinks");
		json_begin_array(&w);
		for (i = 0; i < PATHSTATS_TRACE_SINK_END; i++)
			if (tracenames_sinks[i])
				json_string(&w, tracenames_sinks[i]);
		json_end_array(&w);
		json_end_object(&w);
		return json_finish(&w) ? CMD_EXIT_USAGE : CMD_EXIT_OK;
	}
	for (p = 0; p < PATHSTATS_TRACE_POINT_END; p++)
		n += !!tracenames_points[p];
	printf("POINTS (%u)\n", n);
	for (p = 0; p < PATHSTATS_TRACE_POINT_END; p++) {
		if (!tracenames_points[p])
			continue;
		printf("Name: %s, fields: [", tracenames_points[p]);
		trace_point_fields_text(tracemsg_descriptor(p));
		printf("], optional fields: [");
		for (n = 0, i = 0; i < TRACENAMES_OPTIONAL_COUNT; i++)
			if (tracenames_point_optional[p] & (1U << i))
				printf("%s%s", n++ ? "|" : "", tracenames_optional[i]);
		printf("], context fields: [");
		for (i = 0; i < PATHSTATS_TRACE_CTX_COUNT; i++)
			printf("%s%s", i ? "|" : "", tracenames_context[i]);
		printf("]\n");
	}
	for (n = 0, i = 0; i < PATHSTATS_TRACE_SINK_END; i++)
		n += !!tracenames_sinks[i];
	printf("\nSINKS (%u)\n", n);
	for (i = 0; i < PATHSTATS_TRACE_SINK_END; i++)
		if (tracenames_sinks[i])
			printf("Name: %s\n", tracenames_sinks[i]);
	return CMD_EXIT_OK;
}

static int trace_open_device(void)
{
	struct device_error err;
	int fd = device_open(DEVICE_PATH, true, &err);

	if (fd < 0)
		cmd_err("%s", err.msg);
	return fd;
}

/**
 * trace_create_sessions - start the sessions of a configuration
 * @fd: the open device
 * @cfg: the configuration
 * @file: its name, for the messages
 * @keep: a session of the same name that exists is kept, with a warning,
 *	not an error (a configuration loaded again)
 * @made: PATHSTATS_TRACE_SESSIONS_MAX entries, set to which of its
 *	sessions were started
 *
 * All or none: when one fails, those started before it are deleted.
 *
 * Return: an exit status.
 */
int trace_create_sessions(int fd, const struct cfg *cfg, const char *file,
			  bool keep, bool *made)
{
	struct pathstats_trace_session req;
	const struct cfg_trace_session *ts;
	struct device_error err;
	size_t i;
	int ret;

	memset(made, 0, PATHSTATS_TRACE_SESSIONS_MAX * sizeof(*made));
	for (i = 0; i < cfg->trace_count; i++) {
		ts = &cfg->trace[i];
		memset(&req, 0, sizeof(req));
		memcpy(req.name, ts->name, sizeof(req.name));
		req.points = (uintptr_t)ts->points;
		req.point_count = ts->point_count;
		req.sinks = (uintptr_t)ts->sinks;
		req.sink_count = ts->sink_count;
		ret = device_trace_create(fd, &req, &err);
		if (!ret) {
			made[i] = true;
			continue;
		}
		if (ret == -EEXIST && keep) {
			cmd_warn("%s:%u: trace session '%s' exists: kept as it is ('trace delete' it to change it)",
				 file, ts->line, ts->name);
			continue;
		}
		cmd_err("%s:%u: %s", file, ts->line, err.msg);
		trace_delete_sessions(fd, cfg, made);
		memset(made, 0, PATHSTATS_TRACE_SESSIONS_MAX * sizeof(*made));
		return CMD_EXIT_KERNEL;
	}
	return CMD_EXIT_OK;
}

/**
 * trace_delete_sessions - undo trace_create_sessions()
 * @fd: the open device
 * @cfg: the configuration
 * @made: which of its sessions to delete, as trace_create_sessions() set
 */
void trace_delete_sessions(int fd, const struct cfg *cfg, const bool *made)
{
	struct device_error err;
	size_t i;

	for (i = 0; i < cfg->trace_count; i++)
		if (made[i])
			device_trace_delete(fd, cfg->trace[i].name, &err);
}

static int trace_create(int argc, char **argv)
{
	bool made[PATHSTATS_TRACE_SESSIONS_MAX];
	struct cfg_error cerr;
	struct cfg cfg;
	int fd, ret;

	ret = trace_options(argc, argv, NULL, NULL, 1, "a session FILE");
	if (ret)
		return ret;
	if (cfg_parse_file(argv[optind], &cfg, &cerr)) {
		cmd_err("%s", cerr.msg);
		return CMD_EXIT_USAGE;
	}
	if (!cfg.trace_count) {
		cmd_err("%s: no trace session ('trace' or 'trace_session')",
			argv[optind]);
		cfg_free(&cfg);
		return CMD_EXIT_USAGE;
	}
	fd = trace_open_device();
	if (fd < 0) {
		cfg_free(&cfg);
		return CMD_EXIT_KERNEL;
	}
	ret = trace_create_sessions(fd, &cfg, argv[optind], false, made);
	if (!ret)
		printf("%zu trace session%s created\n", cfg.trace_count,
		       cfg.trace_count == 1 ? "" : "s");
	close(fd);
	cfg_free(&cfg);
	return ret;
}

static const char *trace_sink_name(uint32_t type)
{
	return type < PATHSTATS_TRACE_SINK_END && tracenames_sinks[type] ?
	       tracenames_sinks[type] : "?";
}

static int trace_list(int argc, char **argv)
{
	struct pathstats_trace_session_info infos[PATHSTATS_TRACE_SESSIONS_MAX];
	const struct pathstats_trace_sink_info *sink;
	struct device_error err;
	struct json_writer w;
	bool json = false;
	uint32_t n, i, j, p;
	int fd, ret;

	ret = trace_options(argc, argv, &json, NULL, 0, "");
	if (ret)
		return ret;
	fd = trace_open_device();
	if (fd < 0)
		return CMD_EXIT_KERNEL;
	ret = device_trace_list(fd, infos, &n, &err);
	close(fd);
	if (ret) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	if (!json) {
		printf("SESSIONS (%u)\n", n);
		for (i = 0; i < n; i++) {
			printf("\"%s\"\n\tPoints:", infos[i].name);
			for (p = 0; p < PATHSTATS_TRACE_POINT_END; p++)
				if (infos[i].points & 1ULL << p &&
				    tracenames_points[p])
					printf(" %s", tracenames_points[p]);
			printf("\n");
			for (j = 0; j < infos[i].sink_count; j++) {
				sink = &infos[i].sinks[j];
				printf("\tSink: \"%s\", delivered: %llu, dropped: %llu",
				       trace_sink_name(sink->type),
				       (unsigned long long)sink->delivered,
				       (unsigned long long)sink->dropped);
				if (sink->type == PATHSTATS_TRACE_SINK_REMOTE)
					printf(", %s, connections: %llu",
					       sink->connected ? "connected" :
					       "not connected",
					       (unsigned long long)sink->connects);
				printf("\n");
			}
		}
		return CMD_EXIT_OK;
	}
	json_init(&w, stdout, false);
	json_begin_array(&w);
	for (i = 0; i < n; i++) {
		json_begin_object(&w);
		json_key(&w, "name");
		json_string(&w, infos[i].name);
		json_key(&w, "points");
		json_begin_array(&w);
		for (p = 0; p < PATHSTATS_TRACE_POINT_END; p++)
			if (infos[i].points & 1ULL << p && tracenames_points[p])
				json_string(&w, tracenames_points[p]);
		json_end_array(&w);
		json_key(&w, "sinks");
		json_begin_array(&w);
		for (j = 0; j < infos[i].sink_count; j++) {
			sink = &infos[i].sinks[j];
			json_begin_object(&w);
			json_key(&w, "name");
			json_string(&w, trace_sink_name(sink->type));
			json_key(&w, "delivered");
			json_u64(&w, sink->delivered);
			json_key(&w, "dropped");
			json_u64(&w, sink->dropped);
			if (sink->type == PATHSTATS_TRACE_SINK_REMOTE) {
				json_key(&w, "connected");
				json_bool(&w, sink->connected);
				json_key(&w, "connects");
				json_u64(&w, sink->connects);
			}
			json_end_object(&w);
		}
		json_end_array(&w);
		json_end_object(&w);
	}
	json_end_array(&w);
	return json_finish(&w) ? CMD_EXIT_USAGE : CMD_EXIT_OK;
}

static int trace_delete(int argc, char **argv)
{
	struct device_error err;
	int fd, ret;

	ret = trace_options(argc, argv, NULL, NULL, 1, "a session NAME");
	if (ret)
		return ret;
	fd = trace_open_device();
	if (fd < 0)
		return CMD_EXIT_KERNEL;
	ret = device_trace_delete(fd, argv[optind], &err);
	close(fd);
	if (ret) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	printf("trace session \"%s\" deleted\n", argv[optind]);
	return CMD_EXIT_OK;
}

/* Writes the messages of @buf[0..@len); Return: an exit status. */
static int trace_dump_messages(const char *buf, size_t len, bool json)
{
	const struct pathstats_trace_header *hdr;
	size_t off = 0;

	while (off < len) {
		hdr = (const void *)(buf + off);
		if (len - off < sizeof(*hdr) || hdr->size < sizeof(*hdr) ||
		    hdr->size > len - off) {
			cmd_err("a trace message cut short: the module and pathstatsctl differ?");
			return CMD_EXIT_KERNEL;
		}
		if (tracemsg_write(stdout, hdr, hdr->size, json) == -EBADMSG) {
			cmd_err("a trace message of type %u does not decode: the module and pathstatsctl differ?",
				hdr->type);
			return CMD_EXIT_KERNEL;
		}
		off += hdr->size;
	}
	return fflush(stdout) ? CMD_EXIT_USAGE : CMD_EXIT_OK;
}

static int trace_dump(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = trace_on_signal };
	bool json = false, follow = false;
	struct device_error err;
	struct pollfd pfd;
	int fd, sfd, ret;
	ssize_t n;
	char *buf;

	ret = trace_options(argc, argv, &json, &follow, 1, "a session NAME");
	if (ret)
		return ret;
	fd = trace_open_device();
	if (fd < 0)
		return CMD_EXIT_KERNEL;
	sfd = device_trace_open(fd, argv[optind], &err);
	close(fd);
	if (sfd < 0) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	buf = malloc(PATHSTATS_TRACE_MESSAGE_MAX * 4);
	if (!buf || fcntl(sfd, F_SETFL, O_NONBLOCK)) {
		cmd_err("out of memory");
		free(buf);
		close(sfd);
		return CMD_EXIT_USAGE;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	ret = CMD_EXIT_OK;
	while (!trace_stop && !ret) {
		n = read(sfd, buf, PATHSTATS_TRACE_MESSAGE_MAX * 4);
		if (n > 0) {
			ret = trace_dump_messages(buf, n, json);
			continue;
		}
		if (!n)
			break;	/* the session was deleted */
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN) {
			cmd_err("cannot read session '%s': %s", argv[optind],
				strerror(errno));
			ret = CMD_EXIT_KERNEL;
			break;
		}
		if (!follow)
			break;
		pfd.fd = sfd;
		pfd.events = POLLIN;
		poll(&pfd, 1, -1);
	}
	free(buf);
	close(sfd);
	return ret;
}

const struct cmd trace_cmds[] = {
	{ "metadata", trace_metadata, NULL, "[--json]",
	  "points, their fields, context fields and sinks" },
	{ "create", trace_create, NULL, "FILE",
	  "start the trace sessions of FILE" },
	{ "list", trace_list, NULL, "[--json]",
	  "trace sessions, their sinks and dropped counts" },
	{ "delete", trace_delete, NULL, "NAME", "end a trace session" },
	{ "dump", trace_dump, NULL, "NAME [--follow] [--json]",
	  "events of a session's device sink" },
	{ NULL },
};
