/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/uaccess.h> for module/config.c in userspace: see ../kshim.h. */
#include "../kshim.h"
