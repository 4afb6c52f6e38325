// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/pathstats: the ioctls of include/uapi/linux/pathstats.h, and
 * read() and poll() of udsmon's capture ring.
 *
 * One mutex serialises configuration changes; each change is validated
 * completely (config.c) before any part of the module sees it.
 */

#include <linux/capability.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <uapi/linux/pathstats.h>

#include "config.h"
#include "control.h"
#include "detour.h"
#include "fault.h"
#include "pathmon/pathmon.h"
#include "self.h"
#include "trace/trace.h"
#include "udsmon/udsmon.h"
#include "version.h"

static DEFINE_MUTEX(control_lock);
static struct pathstats_config *control_config;
static u64 control_generation;

/*
 * udsmon's part is built first and made visible last, around pathmon's
 * atomic swap, so that a failure anywhere leaves the old configuration
 * whole.
 */
static int control_apply(struct pathstats_config *cfg)
{
	struct udsmon_update *uds;
	int err;

	lockdep_assert_held(&control_lock);
	pathstats_fault_load_begin();
	uds = udsmon_prepare(cfg);
	if (IS_ERR(uds))
		return PTR_ERR(uds);
	err = pathmon_apply(cfg);
	if (err) {
		udsmon_abort(uds);
		return err;
	}
	udsmon_commit(uds);
	pathstats_config_free(control_config);
	control_config = cfg;
	control_generation++;
	return 0;
}

static long control_load(const void __user *arg)
{
	struct pathstats_load load;
	struct pathstats_config *cfg;
	long err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&load, arg, sizeof(load)))
		return -EFAULT;

	cfg = load.reserved ? ERR_PTR(-EINVAL) :
	      pathstats_config_parse(u64_to_user_ptr(load.blob), load.size);

	mutex_lock(&control_lock);
	if (IS_ERR(cfg)) {
		err = PTR_ERR(cfg);
		if (err == -EINVAL)
			pathstats_self_counters.config_rejects++;
	} else {
		err = control_apply(cfg);
		if (err)
			pathstats_config_free(cfg);
		else
			pathstats_self_counters.config_loads++;
	}
	mutex_unlock(&control_lock);
	return err;
}

static long control_clear(void)
{
	long err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	mutex_lock(&control_lock);
	err = control_apply(NULL);
	mutex_unlock(&control_lock);
	if (!err)
		pstrace_delete_all();
	/*
	 * What clearing is for, unload, is refused while calls the detached
	 * hooks diverted have not returned: interrupt them.  Those that stay
	 * are in the status, not an error of the clear.
	 */
	if (!err)
		pathstats_detour_drain();
	return err;
}

static long control_status(void __user *arg)
{
	struct pathstats_status st = {
		.abi_version = PATHSTATS_ABI_VERSION,
		.version = PATHSTATS_VERSION_MAJOR << 16 |
			   PATHSTATS_VERSION_MINOR << 8 |
			   PATHSTATS_VERSION_PATCH,
	};

	mutex_lock(&control_lock);
	if (control_config) {
		st.path_count = control_config->path_count;
		st.uds_count = control_config->uds_count;
	}
	udsmon_status(&st);
	st.held_calls = pathstats_detour_waiting();
	st.probes_attached = pathmon_probe_count() + udsmon_probe_count();
	st.generation = control_generation;
	st.loads = pathstats_self_counters.config_loads;
	st.rejects = pathstats_self_counters.config_rejects;
	mutex_unlock(&control_lock);

	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long control_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case PATHSTATS_IOC_LOAD:
		return control_load(uarg);
	case PATHSTATS_IOC_CLEAR:
		return control_clear();
	case PATHSTATS_IOC_STATUS:
		return control_status(uarg);
	case PATHSTATS_IOC_TRACE_CREATE:
		return pstrace_create(uarg);
	case PATHSTATS_IOC_TRACE_DELETE:
		return pstrace_delete(uarg);
	case PATHSTATS_IOC_TRACE_LIST:
		return pstrace_list(uarg);
	case PATHSTATS_IOC_TRACE_OPEN:
		return pstrace_open(uarg);
	default:
		return -ENOTTY;
	}
}

/* Whole captured records; see the uapi header for the contract. */
static ssize_t control_read(struct file *file, char __user *buf,
			    size_t count, loff_t *ppos)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return udsmon_records_read(buf, count, file->f_flags & O_NONBLOCK);
}

static __poll_t control_poll(struct file *file, poll_table *wait)
{
	return udsmon_records_poll(file, wait);
}

static const struct file_operations control_fops = {
	.owner		= THIS_MODULE,
	.read		= control_read,
	.poll		= control_poll,
	.unlocked_ioctl	= control_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice control_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "pathstats",
	.fops	= &control_fops,
	.mode	= 0600,
};

/**
 * pathstats_control_init - create /dev/pathstats
 *
 * Return: 0 or a negative errno.
 */
int pathstats_control_init(void)
{
	return misc_register(&control_misc);
}

/**
 * pathstats_control_exit - remove /dev/pathstats and drop the configuration
 *
 * The device is gone first, so no ioctl can race with the teardown.
 */
void pathstats_control_exit(void)
{
	misc_deregister(&control_misc);
	pathstats_config_free(control_config);
	control_config = NULL;
}
