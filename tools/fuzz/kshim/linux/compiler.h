/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/compiler.h> for module/config.c in userspace: see ../kshim.h. */
#include "../kshim.h"
