// SPDX-License-Identifier: GPL-2.0
/*
 * statsfs_name_valid() for module/config.c in userspace.  The kernel's
 * lives in module/statsfs/source.c, among code that cannot leave the
 * kernel; this one implements the rule <linux/statsfs.h> and the uapi
 * header document: 1 to NAME_MAX bytes, no '/', no ASCII control
 * character, not starting with '.'.
 */

#include <linux/statsfs.h>

bool statsfs_name_valid(const char *name)
{
	size_t len = strnlen(name, NAME_MAX + 1);
	size_t i;

	if (!len || len > NAME_MAX || name[0] == '.')
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = name[i];

		if (c == '/' || c < 0x20 || c == 0x7f)
			return false;
	}
	return true;
}
