// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl: control and inspect pathstats.ko.
 *
 *	pathstatsctl [OPTIONS] COMMAND [ARGS]
 *	pathstatsctl [OPTIONS] OBJECT COMMAND [ARGS]
 *
 * Each command lives in its own file; this one parses the global options
 * and dispatches through pathstatsctl_cmds.  Exit status: 0 success, 1 bad
 * usage or input, 2 the kernel refused or is missing (see cmd.h).
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <linux/pathstats.h>

#include "check.h"
#include "clear.h"
#include "cmd.h"
#include "export.h"
#include "load.h"
#include "pathstatsctl.h"
#include "reset.h"
#include "serve.h"
#include "show.h"
#include "statsfs.h"
#include "status.h"
#include "trace.h"
#include "uds.h"

static const struct cmd pathstatsctl_cmds[] = {
	{ "help", pathstatsctl_help, NULL, "",
	  "show this help" },
	{ "version", pathstatsctl_version, NULL, "",
	  "tool version; module version and ABI, if loaded" },
	{ "check", check_main, NULL, "FILE",
	  "validate a configuration file; no kernel needed" },
	{ "load", load_main, NULL, "FILE",
	  "validate a configuration, then load it" },
	{ "clear", clear_main, NULL, "",
	  "unload the configuration; no probe stays attached" },
	{ "status", status_main, NULL, "[--json]",
	  "module version and ABI, rules, probes, ring" },
	{ "show", show_main, NULL, "[--json]",
	  "every statsfs value under " SFS_ROOT },
	{ "export", export_main, NULL, "",
	  "Prometheus text exposition of the counters" },
	{ "reset", reset_main, NULL, "[NAME]",
	  "zero the counters, or those of source NAME" },
	{ "serve", serve_main, NULL,
	  "[--listen ADDR:PORT] [--web-config FILE] [--max-methods N] [--max-connections N] [--max-connections-per-ip N] [--timeout SECONDS]",
	  "HTTP /metrics for Prometheus, with per-method metrics" },
	{ "uds", NULL, uds_cmds, "", "" },
	{ "trace", NULL, trace_cmds, "", "" },
	{ NULL },
};

static void pathstatsctl_list(FILE *f, const struct cmd *table,
			      const char *object)
{
	char synopsis[192];
	const struct cmd *c;

	for (c = table; c->name; c++) {
		if (c->sub) {
			pathstatsctl_list(f, c->sub, c->name);
			continue;
		}
		snprintf(synopsis, sizeof(synopsis), "%s%s%s%s%s",
			 object ? object : "", object ? " " : "", c->name,
			 *c->args ? " " : "", c->args);
		fprintf(f, "  %-28s %s\n", synopsis, c->summary);
	}
}

int pathstatsctl_help(int argc, char **argv)
{
	int ret = cmd_no_args(argc, argv);

	if (ret)
		return ret;
	printf("Usage: %s [OPTIONS] COMMAND [ARGS]\n"
	       "       %s [OPTIONS] OBJECT COMMAND [ARGS]\n"
	       "\nCommands:\n", CMD_PROG, CMD_PROG);
	pathstatsctl_list(stdout, pathstatsctl_cmds, NULL);
	printf("\nOptions:\n"
	       "  -h, --help                   same as 'help'\n"
	       "  -V, --version                same as 'version'\n"
	       "\nExit status: 0 success, 1 bad usage or input, 2 the kernel refused or\n"
	       "the pathstats module is not loaded.  The configuration format is in\n"
	       "pathstatsctl(8) and Documentation/admin-guide/config.rst.\n");
	return CMD_EXIT_OK;
}

int pathstatsctl_version(int argc, char **argv)
{
	static const char *const files[] = {
		"pathstats/version_major", "pathstats/version_minor",
		"pathstats/version_patch", "pathstats/abi_version",
	};
	struct sfs_error err;
	struct sfs_tree fs;
	uint64_t v[4];
	unsigned int i;
	int ret;

	ret = cmd_no_args(argc, argv);
	if (ret)
		return ret;
	printf("%s %s (ABI %d)\n", CMD_PROG, PATHSTATSCTL_VERSION,
	       PATHSTATS_ABI_VERSION);
	ret = sfs_open(&fs, SFS_ROOT, true, &err);
	if (ret == -ENOENT || ret == -ENODEV) {
		printf("pathstats.ko not loaded\n");
		return CMD_EXIT_OK;
	}
	if (ret) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	for (i = 0; i < 4 && !ret; i++)
		ret = sfs_read_u64(&fs, files[i], &v[i], &err);
	sfs_close(&fs);
	if (ret) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	printf("pathstats.ko %llu.%llu.%llu (ABI %llu)\n",
	       (unsigned long long)v[0], (unsigned long long)v[1],
	       (unsigned long long)v[2], (unsigned long long)v[3]);
	return CMD_EXIT_OK;
}

static int pathstatsctl_finish(int ret)
{
	if (fflush(stdout) || ferror(stdout)) {
		cmd_err("cannot write to standard output: %s",
			strerror(errno));
		if (!ret)
			ret = CMD_EXIT_USAGE;
	}
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	c = getopt_long(argc, argv, "+hV", opts, NULL);
	if (c == 'h' || c == 'V') {
		/* The options are the commands under another name. */
		if (optind < argc)
			return cmd_usage_err("unexpected argument '%s'",
					     argv[optind]);
		return pathstatsctl_finish(c == 'h' ?
					   pathstatsctl_help(1, argv) :
					   pathstatsctl_version(1, argv));
	}
	if (c != -1)
		return cmd_usage_err("unknown option '%s'", argv[optind - 1]);
	return pathstatsctl_finish(cmd_dispatch(pathstatsctl_cmds,
						argc - optind, argv + optind,
						NULL));
}
