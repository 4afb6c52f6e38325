// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl show: mount statsfs if needed, read the root .bulk in one
 * read() (a consistent snapshot) and print it, as "path value" lines or
 * as a JSON object mapping each path to its value.
 */

#include <getopt.h>
#include <stdbool.h>

#include "cmd.h"
#include "json.h"
#include "show.h"

/**
 * show_text - print entries as "path value" lines
 * @f: where to
 * @bulk: the entries
 */
void show_text(FILE *f, const struct sfs_bulk *bulk)
{
	const struct sfs_entry *e;
	size_t i;

	for (i = 0; i < bulk->n; i++) {
		e = &bulk->entries[i];
		if (e->is_signed)
			fprintf(f, "%s %lld\n", e->path, (long long)e->s);
		else
			fprintf(f, "%s %llu\n", e->path,
				(unsigned long long)e->u);
	}
}

/**
 * show_json - print entries as one JSON object, path to value
 * @f: where to
 * @bulk: the entries; their paths are unique
 *
 * Return: 0 or the error of json_finish().
 */
int show_json(FILE *f, const struct sfs_bulk *bulk)
{
	const struct sfs_entry *e;
	struct json_writer w;
	size_t i;

	json_init(&w, f, true);
	json_begin_object(&w);
	for (i = 0; i < bulk->n; i++) {
		e = &bulk->entries[i];
		json_key(&w, e->path);
		if (e->is_signed)
			json_s64(&w, e->s);
		else
			json_u64(&w, e->u);
	}
	json_end_object(&w);
	return json_finish(&w);
}

int show_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct sfs_bulk bulk;
	struct sfs_error err;
	struct sfs_tree fs;
	bool json = false;
	int c, ret;

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

	ret = cmd_open_stats(&fs);
	if (ret)
		return ret;
	ret = sfs_read_bulk(&fs, NULL, &bulk, &err);
	sfs_close(&fs);
	if (ret) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	ret = CMD_EXIT_OK;
	if (json) {
		if (show_json(stdout, &bulk))
			ret = CMD_EXIT_USAGE;
	} else {
		show_text(stdout, &bulk);
	}
	sfs_bulk_free(&bulk);
	return ret;
}
