// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl status [--json]: the module's version and ABI, and what
 * the loaded configuration holds and attaches, as "key: value" lines or
 * one JSON object.
 */

#include <getopt.h>
#include <stdbool.h>
#include <unistd.h>

#include "cmd.h"
#include "device.h"
#include "json.h"
#include "status.h"

#define STATUS_VERSION_LEN	16

static void status_version(char *buf, __u32 v)
{
	snprintf(buf, STATUS_VERSION_LEN, "%u.%u.%u", v >> 16,
		 (v >> 8) & 0xff, v & 0xff);
}

/**
 * status_text - print a status as aligned "key: value" lines
 * @f: where to
 * @st: the status
 */
void status_text(FILE *f, const struct pathstats_status *st)
{
	char version[STATUS_VERSION_LEN];

	status_version(version, st->version);
	fprintf(f, "module:          pathstats.ko %s\n", version);
	fprintf(f, "abi version:     %u", st->abi_version);
	if (st->abi_version != PATHSTATS_ABI_VERSION)
		fprintf(f, " (pathstatsctl speaks %d)", PATHSTATS_ABI_VERSION);
	fprintf(f, "\nprefixes:        %u\n", st->path_count);
	fprintf(f, "sockets:         %u\n", st->uds_count);
	fprintf(f, "probes attached: %u\n", st->probes_attached);
	fprintf(f, "ring entries:    %u\n", st->ring_entries);
	fprintf(f, "ring used:       %u\n", st->ring_used);
	fprintf(f, "ring dropped:    %llu\n",
		(unsigned long long)st->ring_dropped);
	fprintf(f, "held calls:      %u\n", st->held_calls);
	fprintf(f, "generation:      %llu\n",
		(unsigned long long)st->generation);
	fprintf(f, "loads:           %llu\n", (unsigned long long)st->loads);
	fprintf(f, "rejects:         %llu\n", (unsigned long long)st->rejects);
}

/**
 * status_json - print a status as one JSON object
 * @f: where to
 * @st: the status
 *
 * Return: 0 or the error of json_finish().
 */
int status_json(FILE *f, const struct pathstats_status *st)
{
	char version[STATUS_VERSION_LEN];
	struct json_writer w;

	status_version(version, st->version);
	json_init(&w, f, true);
	json_begin_object(&w);
	json_key(&w, "module_version");
	json_string(&w, version);
	json_key(&w, "abi_version");
	json_u64(&w, st->abi_version);
	json_key(&w, "prefixes");
	json_u64(&w, st->path_count);
	json_key(&w, "sockets");
	json_u64(&w, st->uds_count);
	json_key(&w, "probes_attached");
	json_u64(&w, st->probes_attached);
	json_key(&w, "ring_entries");
	json_u64(&w, st->ring_entries);
	json_key(&w, "ring_used");
	json_u64(&w, st->ring_used);
	json_key(&w, "ring_dropped");
	json_u64(&w, st->ring_dropped);
	json_key(&w, "held_calls");
	json_u64(&w, st->held_calls);
	json_key(&w, "generation");
	json_u64(&w, st->generation);
	json_key(&w, "loads");
	json_u64(&w, st->loads);
	json_key(&w, "rejects");
	json_u64(&w, st->rejects);
	json_end_object(&w);
	return json_finish(&w);
}

int status_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct pathstats_status st;
	struct device_error err;
	bool json = false;
	int c, fd, ret;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+j", opts, NULL)) != -1) {
		if (c != 'j')
			return cmd_usage_err("unknown option '%s' for '%s'",
					     argv[optind - 1], argv[0]);
		json = true;
	}
	if (optind < argc)
		return cmd_usage_err("unexpected argument '%s' for '%s'",
				     argv[optind], argv[0]);

	fd = device_open(DEVICE_PATH, false, &err);
	if (fd < 0) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	ret = device_status(fd, &st, &err);
	close(fd);
	if (ret) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	if (json)
		return status_json(stdout, &st) ? CMD_EXIT_USAGE : CMD_EXIT_OK;
	status_text(stdout, &st);
	return CMD_EXIT_OK;
}
