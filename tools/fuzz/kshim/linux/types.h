/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/types.h>: the system's (uapi) one, and ../kshim.h. */
#include_next <linux/types.h>
#include "../kshim.h"
