/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/stddef.h>: the system's (uapi) one, and ../kshim.h. */
#include_next <linux/stddef.h>
#include "../kshim.h"
