// SPDX-License-Identifier: GPL-2.0
/*
 * statsfs file contents but .bulk's (bulk.c).  Every file is a seq_file
 * generated in full at the first read (or a read at offset 0), so a read()
 * with a large enough buffer returns a consistent snapshot, and a reader
 * may pread() at 0 in a loop without reopening.
 */

#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "internal.h"
#include "name.h"

static const char *const statsfs_type_names[] = {
	[STATSFS_U64] = "u64",
	[STATSFS_S64] = "s64",
	[STATSFS_BOOL] = "bool",
};

static const char *const statsfs_aggr_names[] = {
	[STATSFS_AGGR_NONE] = "none",
	[STATSFS_AGGR_SUM] = "sum",
	[STATSFS_AGGR_MIN] = "min",
	[STATSFS_AGGR_MAX] = "max",
	[STATSFS_AGGR_AVG] = "avg",
	[STATSFS_AGGR_COUNT_ZERO] = "count_zero",
};

static void statsfs_print_value(struct seq_file *m,
				const struct statsfs_value *val, u64 v)
{
	if (val->type == STATSFS_S64)
		seq_printf(m, "%lld\n", (s64)v);
	else
		seq_printf(m, "%llu\n", v);
}

/* The source a node shows, or NULL once it left the tree. */
static struct statsfs_source *statsfs_node_source(struct statsfs_node *node)
{
	struct statsfs_source *src = node->src;

	if (src && node->kind == STATSFS_NODE_VALUE && src->revoked)
		return NULL;
	return src;
}

static int statsfs_value_show(struct seq_file *m, void *unused)
{
	struct statsfs_node *node = m->private;
	struct statsfs_source *src;
	u64 v;

	down_read(&statsfs_lock);
	src = statsfs_node_source(node);
	if (!src) {
		up_read(&statsfs_lock);
		return -ENODEV;
	}
	if (node->kind == STATSFS_NODE_VALUE)
		v = statsfs_value_read(node->set, node->val);
	else
		v = statsfs_aggr_read(src, node->agg, node->val);
	/* The descriptor belongs to the owner: only touch it under the lock. */
	statsfs_print_value(m, node->val, v);
	up_read(&statsfs_lock);
	return 0;
}

/*
 * A live label's text, copied once from memory its owner rewrites without
 * a lock: it ends at the first NUL or after its size, and a control
 * character (a task may name itself anything) shows as '?'.
 */
static void statsfs_live_label_show(struct seq_file *m,
				    const struct statsfs_label *label)
{
	char text[STATSFS_LIVE_LABEL_MAX + 1];
	size_t i;

	/* Racing the owner's writes by design: any bytes will do. */
	data_race(memcpy(text, label->live, label->live_size));
	text[label->live_size] = '\0';
	for (i = 0; text[i]; i++)
		if (statsfs_is_control(text[i]))
			text[i] = '?';
	seq_printf(m, "%s\n", text);
}

static int statsfs_label_show(struct seq_file *m, void *unused)
{
	struct statsfs_node *node = m->private;
	const struct statsfs_source *src;
	int err = 0;

	down_read(&statsfs_lock);
	src = node->src;
	/* A live label's memory is the owner's only until the revoke. */
	if (!src || (node->label->live && src->revoked))
		err = -ENODEV;
	else if (node->label->live)
		statsfs_live_label_show(m, node->label);
	else
		seq_printf(m, "%s\n", node->label->text);
	up_read(&statsfs_lock);
	return err;
}

static void statsfs_schema_line(struct seq_file *m,
				const struct statsfs_value *val,
				const char *storage, bool aggregate)
{
	seq_printf(m, "%s\t%s\t%s\t%s,%s%s\t%s\t%s\n", val->name,
		   statsfs_type_names[val->type],
		   statsfs_aggr_names[val->aggr],
		   (val->flags & STATSFS_FLOATING) ? "floating" : "cumulative",
		   storage, aggregate ? ",aggregate" : "",
		   val->unit ?: "-", val->desc ?: "-");
}

static const char *statsfs_storage_name(const struct statsfs_value *val,
					bool percpu)
{
	if (val->get)
		return "callback";
	return percpu ? "percpu" : "plain";
}

static int statsfs_schema_show(struct seq_file *m, void *unused)
{
	struct statsfs_node *node = m->private;
	const struct statsfs_value_set *set;
	const struct statsfs_aggr_set *agg;
	const struct statsfs_value *val;
	struct statsfs_source *src;
	unsigned int i;

	down_read(&statsfs_lock);
	src = statsfs_node_source(node);
	if (!src) {
		up_read(&statsfs_lock);
		return -ENODEV;
	}
	seq_puts(m, "# statsfs schema v1: name type aggregation flags unit description\n");
	list_for_each_entry(set, &src->value_sets, list) {
		for (i = 0; i < set->n; i++) {
			val = &set->values[i];
			statsfs_schema_line(m, val,
					    statsfs_storage_name(val,
								 set->pcpu_base),
					    false);
		}
	}
	list_for_each_entry(agg, &src->aggr_sets, list) {
		for (i = 0; i < agg->n; i++) {
			val = &agg->values[i];
			if (val->aggr == STATSFS_AGGR_NONE)
				continue;
			statsfs_schema_line(m, val,
					    statsfs_storage_name(val,
								 agg->percpu),
					    true);
		}
	}
	up_read(&statsfs_lock);
	return 0;
}

static int statsfs_file_open(struct inode *inode, struct file *file)
{
	struct statsfs_node *node = inode->i_private;
	int (*show)(struct seq_file *m, void *v);

	switch (node->kind) {
	case STATSFS_NODE_VALUE:
	case STATSFS_NODE_AGGR:
		show = statsfs_value_show;
		break;
	case STATSFS_NODE_SCHEMA:
		show = statsfs_schema_show;
		break;
	case STATSFS_NODE_LABEL:
		show = statsfs_label_show;
		break;
	default:
		return -EINVAL;
	}
	return single_open(file, show, node);
}

/*
 * The only accepted writes are "0" and "0\n", which reset a cumulative
 * value, or for an aggregate the value in every source it aggregates.
 */
static ssize_t statsfs_file_write(struct file *file, const char __user *buf,
				  size_t count, loff_t *ppos)
{
	struct statsfs_node *node = file_inode(file)->i_private;
	struct statsfs_source *src;
	ssize_t ret = count;
	char text[2];

	if (node->kind != STATSFS_NODE_VALUE && node->kind != STATSFS_NODE_AGGR)
		return -EINVAL;
	if (count < 1 || count > sizeof(text) || copy_from_user(text, buf, count))
		return -EINVAL;
	if (text[0] != '0' || (count == 2 && text[1] != '\n'))
		return -EINVAL;

	down_read(&statsfs_lock);
	src = statsfs_node_source(node);
	if (!src)
		ret = -ENODEV;
	else if (!statsfs_value_writable(node->val))
		ret = -EINVAL;
	else if (node->kind == STATSFS_NODE_VALUE)
		statsfs_value_clear(node->set, node->val);
	else
		statsfs_aggr_clear(src, node->agg, node->val);
	up_read(&statsfs_lock);
	return ret;
}

const struct file_operations statsfs_file_fops = {
	.owner		= THIS_MODULE,
	.open		= statsfs_file_open,
	.read		= seq_read,
	.write		= statsfs_file_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};
