/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command plumbing shared by every pathstatsctl command: the exit codes
 * of the contract, one-line error messages, and the dispatch of
 * "COMMAND" and "OBJECT COMMAND" through tables of struct cmd.
 *
 * A command lives in its own file and exports one int NAME_main(int argc,
 * char **argv) (argv[0] is the command's name); pathstatsctl.c lists it
 * in its table.
 */
#ifndef _PATHSTATS_TOOLS_CMD_H
#define _PATHSTATS_TOOLS_CMD_H

#include "compiler.h"

struct sfs_tree;

#define CMD_PROG	"pathstatsctl"

enum cmd_exit {
	CMD_EXIT_OK = 0,	/* success */
	CMD_EXIT_USAGE = 1,	/* bad usage or bad input */
	CMD_EXIT_KERNEL = 2,	/* the kernel refused or is missing */
};

struct cmd {
	const char *name;
	/* A command runs; an object has subcommands instead. */
	int (*run)(int argc, char **argv);
	const struct cmd *sub;
	const char *args;	/* synopsis after the name, for help */
	const char *summary;	/* one line, for help */
};

__printf(1, 2)
void cmd_err(const char *fmt, ...);
__printf(1, 2)
void cmd_warn(const char *fmt, ...);
__printf(1, 2)
int cmd_usage_err(const char *fmt, ...);
int cmd_dispatch(const struct cmd *table, int argc, char **argv,
		 const char *object);
int cmd_no_args(int argc, char **argv);
int cmd_file_arg(int argc, char **argv);
int cmd_open_stats(struct sfs_tree *fs);

#endif /* _PATHSTATS_TOOLS_CMD_H */
