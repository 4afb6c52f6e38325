/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/sort.h> for module/config.c in userspace: see ../kshim.h. */
#include "../kshim.h"
