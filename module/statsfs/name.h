/* SPDX-License-Identifier: GPL-2.0 */
/*
 * statsfs's rules for text (name.c); statsfs_name_valid() is public, in
 * <linux/statsfs.h>.
 */
#ifndef _STATSFS_NAME_H
#define _STATSFS_NAME_H

#include <linux/types.h>

/*
 * ASCII control characters only: the kernel's iscntrl() also counts bytes
 * 0x80-0x9f, which occur inside UTF-8 sequences.
 */
static inline bool statsfs_is_control(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7f;
}

bool statsfs_text_valid(const char *text);

#endif /* _STATSFS_NAME_H */
