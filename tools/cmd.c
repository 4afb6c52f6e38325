// SPDX-License-Identifier: GPL-2.0
/*
 * Command plumbing: exit codes, error messages, dispatch.  See cmd.h.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "statsfs.h"

static void cmd_verr(const char *suffix, const char *fmt, va_list ap)
{
	char msg[1024];
	char *p;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* One line, whatever the user typed or the kernel said. */
	for (p = msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	fflush(stdout);
	fprintf(stderr, "%s: %s%s\n", CMD_PROG, msg, suffix);
}

/**
 * cmd_err - report an error: one stderr line starting "pathstatsctl: "
 * @fmt: printf format of the message
 */
void cmd_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cmd_verr("", fmt, ap);
	va_end(ap);
}

/**
 * cmd_warn - report a warning: one stderr line "pathstatsctl: warning: "
 * @fmt: printf format of the message
 */
void cmd_warn(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cmd_err("warning: %s", msg);
}

/**
 * cmd_usage_err - report a usage error, pointing at the help
 * @fmt: printf format of the message
 *
 * Return: CMD_EXIT_USAGE.
 */
int cmd_usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cmd_verr(" (see '" CMD_PROG " help')", fmt, ap);
	va_end(ap);
	return CMD_EXIT_USAGE;
}

/**
 * cmd_no_args - check that a command got no arguments
 * @argc: argument count, the command's name included
 * @argv: the arguments
 *
 * Return: 0 or, after the message, CMD_EXIT_USAGE.
 */
int cmd_no_args(int argc, char **argv)
{
	if (argc > 1)
		return cmd_usage_err("'%s' takes no argument, got '%s'",
				     argv[0], argv[1]);
	return 0;
}

/**
 * cmd_file_arg - check that a command got exactly one FILE argument
 * @argc: argument count, the command's name included
 * @argv: the arguments
 *
 * Return: 0 or, after the message, CMD_EXIT_USAGE.
 */
int cmd_file_arg(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_err("missing FILE argument for '%s'",
				     argv[0]);
	if (argv[1][0] == '-' && argv[1][1])
		return cmd_usage_err("unknown option '%s' for '%s'", argv[1],
				     argv[0]);
	if (argc > 2)
		return cmd_usage_err("unexpected argument '%s' for '%s'",
				     argv[2], argv[0]);
	return 0;
}

/**
 * cmd_dispatch - run the command argv[0] names
 * @table: the commands, ended by an entry with a NULL name
 * @argc: argument count
 * @argv: the command's name, then its arguments
 * @object: the object the table belongs to, or NULL at the top level
 *
 * Return: the command's exit code.
 */
int cmd_dispatch(const struct cmd *table, int argc, char **argv,
		 const char *object)
{
	const struct cmd *c;

	if (argc < 1) {
		if (object)
			return cmd_usage_err("missing command after '%s'",
					     object);
		return cmd_usage_err("missing command");
	}
	for (c = table; c->name; c++)
		if (!strcmp(c->name, argv[0]))
			break;
	if (!c->name) {
		if (object)
			return cmd_usage_err("unknown command '%s %s'", object,
					     argv[0]);
		return cmd_usage_err("unknown command '%s'", argv[0]);
	}
	if (c->sub)
		return cmd_dispatch(c->sub, argc - 1, argv + 1, c->name);
	return c->run(argc, argv);
}

/**
 * cmd_open_stats - open the statsfs tree for a command that reads it
 * @fs: filled in; close it with sfs_close()
 *
 * Mounts the tree when needed; on failure, says why on stderr.
 *
 * Return: CMD_EXIT_OK, or CMD_EXIT_KERNEL.
 */
int cmd_open_stats(struct sfs_tree *fs)
{
	struct sfs_error err;

	if (sfs_open(fs, SFS_ROOT, true, &err)) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_KERNEL;
	}
	return CMD_EXIT_OK;
}
