// SPDX-License-Identifier: GPL-2.0
/*
 * What statsfs accepts as a name or as a line of text.  Alone in its file,
 * with nothing but string functions, so that the fuzzers of the config
 * validator (tools/fuzz/) build this very code in userspace.
 */

#include <linux/export.h>
#include <linux/limits.h>
#include <linux/statsfs.h>
#include <linux/string.h>

#include "name.h"

/**
 * statsfs_name_valid - whether a string can name a source or a value
 * @name: NUL-terminated name
 *
 * Return: true for 1 to NAME_MAX bytes without '/' or control characters,
 * not starting with '.'.
 */
bool statsfs_name_valid(const char *name)
{
	size_t len = strnlen(name, NAME_MAX + 1);
	size_t i;

	if (!len || len > NAME_MAX || name[0] == '.')
		return false;
	for (i = 0; i < len; i++)
		if (name[i] == '/' || statsfs_is_control(name[i]))
			return false;
	return true;
}
EXPORT_SYMBOL_GPL(statsfs_name_valid);

/**
 * statsfs_text_valid - whether a string can be a unit, description or label
 * @text: NUL-terminated text, or NULL
 *
 * Schema lines are tab-separated: units and descriptions are one line.
 *
 * Return: true if @text is NULL or has no control character.
 */
bool statsfs_text_valid(const char *text)
{
	for (; text && *text; text++)
		if (statsfs_is_control(*text))
			return false;
	return true;
}
