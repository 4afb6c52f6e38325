// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl check FILE: parse, validate and compile the configuration
 * as load does, print the warnings and a one-line summary, and touch no
 * kernel.  Exit status 0 when the file is valid, 1 otherwise.
 */

#include <errno.h>
#include <stdio.h>

#include "check.h"
#include "cmd.h"

/**
 * check_config - parse, validate and compile a configuration file
 * @file: its path
 * @cfg: filled on success; cfg_free() it
 * @blob: filled on success; blob_free() it
 *
 * Prints the warnings, and the error on failure.
 *
 * Return: CMD_EXIT_OK or CMD_EXIT_USAGE.
 */
int check_config(const char *file, struct cfg *cfg, struct blob *blob)
{
	struct cfg_error err;
	size_t size, i;
	int ret;

	ret = cfg_parse_file(file, cfg, &err);
	if (ret) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_USAGE;
	}
	for (i = 0; i < cfg->warning_count; i++)
		cmd_warn("%s", cfg->warnings[i]);
	ret = blob_build(cfg, blob, &size);
	if (ret == -E2BIG)
		cmd_err("%s: the compiled configuration is too large: %zu bytes, at most %u",
			file, size, PATHSTATS_CONFIG_MAX_SIZE);
	else if (ret)
		cmd_err("%s: out of memory", file);
	if (ret) {
		cfg_free(cfg);
		return CMD_EXIT_USAGE;
	}
	return CMD_EXIT_OK;
}

/**
 * check_summary - what a configuration holds, in a few words, no newline
 * @f: where to
 * @cfg: the configuration
 */
void check_summary(FILE *f, const struct cfg *cfg)
{
	size_t i, counting = 0;

	for (i = 0; i < cfg->path_count; i++)
		counting += !!cfg->paths[i].syscalls;
	fprintf(f, "%zu prefix%s (%zu counting syscalls), %zu socket%s, ring of %u entries",
		cfg->path_count, cfg->path_count == 1 ? "" : "es", counting,
		cfg->uds_count, cfg->uds_count == 1 ? "" : "s",
		cfg->ring_entries);
	if (cfg->trace_count)
		fprintf(f, ", %zu trace session%s", cfg->trace_count,
			cfg->trace_count == 1 ? "" : "s");
}

int check_main(int argc, char **argv)
{
	struct cfg cfg;
	struct blob blob;
	int ret;

	ret = cmd_file_arg(argc, argv);
	if (ret)
		return ret;
	ret = check_config(argv[1], &cfg, &blob);
	if (ret)
		return ret;
	printf("%s: valid: ", argv[1]);
	check_summary(stdout, &cfg);
	printf("\n");
	blob_free(&blob);
	cfg_free(&cfg);
	return CMD_EXIT_OK;
}
