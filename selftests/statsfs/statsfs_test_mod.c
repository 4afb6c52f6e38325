// SPDX-License-Identifier: GPL-2.0
/*
 * statsfs_test: builds a known statsfs tree for the statsfs selftests.
 *
 * The tree, under /sys/kernel/stats/statsfs_test/ (values in
 * sft_specs[] below):
 *
 *	statsfs_test/		top values (answer, neg)
 *	  a/			leaf + per-cpu + callback values
 *	  b/			mid values
 *	    b1/			leaf + callback values
 *	    b2/			no values of its own
 *	      b2x/		leaf values
 *	      b2y/		leaf values
 *	    (hid)		hidden: per-cpu values
 *	      (hidc)		child of a hidden source: leaf values
 *	  c/			empty, for sources added by the tests
 *
 * Control: /sys/kernel/debug/statsfs_test/ctl.  Each write() is one
 * command; the write fails with the command's errno.  Reading ctl dumps
 * the owner's view of every value, per-cpu copies included, one
 * "<node> <field>[@<cpu>] <value>" line each.  Commands:
 *
 *	init				rebuild the tree with its initial values
 *	set NODE FIELD VALUE		set a plain field (or callback hits/k)
 *	percpu_add NODE FIELD CPU DELTA	add to one CPU's copy
 *	add PARENT NAME [hidden]	new leaf source; PARENT "/" = top level
 *	new NAME [leaf]			new source, attached nowhere
 *	remove NAME			detach (subtree first), put, free
 *	revoke NAME			statsfs_source_revoke()
 *	try_add PARENT SUB		statsfs_source_add_subordinate()
 *	try_name IDX			create + register a source named
 *					sft_try_names[IDX]
 *	try_dup PARENT NAME		add a fresh source NAME under PARENT
 *	try_values NODE dup|dot|slash	add a conflicting/bad value array
 *	live NODE TEXT			write TEXT (up to 16 bytes, no NUL
 *					if 16) to NODE's live label "live",
 *					added over the buffer the first time
 *	try_live NODE SIZE		add a live label "bad" of SIZE bytes,
 *					all 'x'
 *	churn_start, churn_stop		kthread adding and removing sources
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/statsfs.h>

struct sft_leaf {
	u64 ops;
	u64 minv;
	u64 maxv;
	u64 avgv;
	u64 zeros;
	s64 ssum;
	s64 smin;
	s64 smax;
	s64 savg;
	bool up;
	bool down;
	u64 gauge;
	u64 local;
};

struct sft_pcpu {
	u64 pc_ops;
	s64 pc_lvl;
};

struct sft_cb {
	u64 hits;
	u64 k;
};

struct sft_mid {
	u64 mid_ops;
	bool mid_on;
};

struct sft_top {
	u64 answer;
	s64 neg;
};

#define SFT_F	STATSFS_FLOATING

static const struct statsfs_value sft_leaf_values[] = {
	STATSFS_U64_VALUE(struct sft_leaf, ops, STATSFS_AGGR_SUM, 0,
			  "ops", "operations"),
	STATSFS_U64_VALUE(struct sft_leaf, minv, STATSFS_AGGR_MIN, 0,
			  "ns", NULL),
	STATSFS_U64_VALUE(struct sft_leaf, maxv, STATSFS_AGGR_MAX, 0,
			  "ns", NULL),
	STATSFS_U64_VALUE(struct sft_leaf, avgv, STATSFS_AGGR_AVG, 0,
			  NULL, "average me"),
	STATSFS_U64_VALUE(struct sft_leaf, zeros, STATSFS_AGGR_COUNT_ZERO, 0,
			  NULL, NULL),
	STATSFS_S64_VALUE(struct sft_leaf, ssum, STATSFS_AGGR_SUM, 0,
			  "bytes", "signed sum"),
	STATSFS_S64_VALUE(struct sft_leaf, smin, STATSFS_AGGR_MIN, 0,
			  NULL, NULL),
	STATSFS_S64_VALUE(struct sft_leaf, smax, STATSFS_AGGR_MAX, 0,
			  NULL, NULL),
	STATSFS_S64_VALUE(struct sft_leaf, savg, STATSFS_AGGR_AVG, 0,
			  NULL, NULL),
	STATSFS_BOOL_VALUE(struct sft_leaf, up, STATSFS_AGGR_SUM, SFT_F,
			   "is up"),
	STATSFS_BOOL_VALUE(struct sft_leaf, down, STATSFS_AGGR_COUNT_ZERO,
			   SFT_F, NULL),
	STATSFS_U64_VALUE(struct sft_leaf, gauge, STATSFS_AGGR_MAX, SFT_F,
			  "items", "a level"),
	STATSFS_U64_VALUE(struct sft_leaf, local, STATSFS_AGGR_NONE, 0,
			  NULL, "not aggregated"),
};

static const struct statsfs_value sft_pcpu_values[] = {
	STATSFS_U64_VALUE(struct sft_pcpu, pc_ops, STATSFS_AGGR_SUM, 0,
			  "ops", "per-cpu ops"),
	STATSFS_S64_VALUE(struct sft_pcpu, pc_lvl, STATSFS_AGGR_MAX, SFT_F,
			  NULL, NULL),
};

static u64 sft_cb_hits2_get(const struct statsfs_value *val, void *base)
{
	return 2 * READ_ONCE(*(u64 *)(base + val->offset));
}

static void sft_cb_hits2_clear(const struct statsfs_value *val, void *base)
{
	WRITE_ONCE(*(u64 *)(base + val->offset), 0);
}

static u64 sft_cb_k_get(const struct statsfs_value *val, void *base)
{
	return READ_ONCE(*(u64 *)(base + val->offset));
}

static const struct statsfs_value sft_cb_values[] = {
	{
		.name = "cb_hits2",
		.unit = "hits",
		.desc = "twice the hits",
		.type = STATSFS_U64,
		.aggr = STATSFS_AGGR_SUM,
		.offset = offsetof(struct sft_cb, hits),
		.get = sft_cb_hits2_get,
		.clear = sft_cb_hits2_clear,
	},
	{
		.name = "cb_k",
		.type = STATSFS_U64,
		.aggr = STATSFS_AGGR_MIN,
		.offset = offsetof(struct sft_cb, k),
		.get = sft_cb_k_get,
	},
};

static const struct statsfs_value sft_mid_values[] = {
	STATSFS_U64_VALUE(struct sft_mid, mid_ops, STATSFS_AGGR_SUM, 0,
			  NULL, NULL),
	STATSFS_BOOL_VALUE(struct sft_mid, mid_on, STATSFS_AGGR_NONE, SFT_F,
			   NULL),
};

static const struct statsfs_value sft_top_values[] = {
	STATSFS_U64_VALUE(struct sft_top, answer, STATSFS_AGGR_NONE, SFT_F,
			  NULL, "the answer"),
	STATSFS_S64_VALUE(struct sft_top, neg, STATSFS_AGGR_NONE, 0,
			  NULL, NULL),
};

/* Arrays for try_values: a name clash and two invalid names. */
static const struct statsfs_value sft_dup_values[] = {
	STATSFS_U64_VALUE(struct sft_leaf, ops, STATSFS_AGGR_NONE, 0,
			  NULL, NULL),
};

static const struct statsfs_value sft_dot_values[] = {
	STATSFS_VALUE(".dot", STATSFS_U64, struct sft_leaf, ops,
		      STATSFS_AGGR_NONE, 0, NULL, NULL),
};

static const struct statsfs_value sft_slash_values[] = {
	STATSFS_VALUE("sl/ash", STATSFS_U64, struct sft_leaf, ops,
		      STATSFS_AGGR_NONE, 0, NULL, NULL),
};

/* Which value arrays a node carries, in the order they are added. */
#define SFT_LEAF	BIT(0)
#define SFT_PCPU	BIT(1)
#define SFT_CB		BIT(2)
#define SFT_MID		BIT(3)
#define SFT_TOP		BIT(4)

/**
 * struct sft_node - a source of the test tree and its value memory
 * @list: in sft_nodes, in creation order
 * @name: the source's name, also the node's key for the ctl commands
 * @src: the source; the node holds the creator's reference
 * @parent: the node @src is a subordinate of, or NULL
 * @top: @src is registered at the top level
 * @sets: SFT_* arrays carried by @src
 * @leaf: storage of sft_leaf_values
 * @cb: storage of sft_cb_values
 * @mid: storage of sft_mid_values
 * @topv: storage of sft_top_values
 * @pc: storage of sft_pcpu_values
 */
#define SFT_LIVE_SIZE	16

struct sft_node {
	struct list_head list;
	char name[NAME_MAX + 1];
	struct statsfs_source *src;
	struct sft_node *parent;
	bool top;
	unsigned int sets;
	struct sft_leaf leaf;
	struct sft_cb cb;
	struct sft_mid mid;
	struct sft_top topv;
	struct sft_pcpu __percpu *pc;
	char live[SFT_LIVE_SIZE];
	bool has_live;
};

/**
 * struct sft_spec - initial state of one node of the fixed tree
 * @name: source name
 * @parent: parent's name, NULL for the top level
 * @flags: STATSFS_SOURCE_* flags
 * @sets: SFT_* arrays
 * @leaf: initial leaf values
 * @cb: initial callback storage
 * @pc_ops: initial pc_ops of CPU 0 (other CPUs: 0)
 * @pc_lvl: initial pc_lvl of CPU 0 (other CPUs: 0)
 */
struct sft_spec {
	const char *name;
	const char *parent;
	unsigned int flags;
	unsigned int sets;
	struct sft_leaf leaf;
	struct sft_cb cb;
	u64 pc_ops;
	s64 pc_lvl;
};

#define SFT_LEAF_INIT(_ops, _minv, _maxv, _avgv, _zeros, _ssum, _smin,	\
		      _smax, _savg, _up, _down, _gauge, _local)		\
	{ .ops = (_ops), .minv = (_minv), .maxv = (_maxv),		\
	  .avgv = (_avgv), .zeros = (_zeros), .ssum = (_ssum),		\
	  .smin = (_smin), .smax = (_smax), .savg = (_savg),		\
	  .up = (_up), .down = (_down), .gauge = (_gauge),		\
	  .local = (_local) }

/* Keep in sync with the expected values in statsfs_test.c. */
static const struct sft_spec sft_specs[] = {
	{ .name = "statsfs_test", .sets = SFT_TOP },
	{ .name = "a", .parent = "statsfs_test",
	  .sets = SFT_LEAF | SFT_PCPU | SFT_CB,
	  .leaf = SFT_LEAF_INIT(10, 7, 7, 10, 0, -10, -3, -3, -7,
				true, true, 5, 1),
	  .cb = { .hits = 3, .k = 17 }, .pc_ops = 100, .pc_lvl = -4 },
	{ .name = "b", .parent = "statsfs_test", .sets = SFT_MID },
	{ .name = "b1", .parent = "b", .sets = SFT_LEAF | SFT_CB,
	  .leaf = SFT_LEAF_INIT(20, 3, 30, 20, 5, 5, 4, -1, -2,
				false, false, 9, 2),
	  .cb = { .hits = 4, .k = 13 } },
	{ .name = "b2", .parent = "b" },
	{ .name = "b2x", .parent = "b2", .sets = SFT_LEAF,
	  .leaf = SFT_LEAF_INIT(30, 9, 4, 31, 0, -20, -8, 6, 3,
				true, false, 2, 3) },
	{ .name = "b2y", .parent = "b2", .sets = SFT_LEAF,
	  .leaf = SFT_LEAF_INIT(40, 12, 8, 5, 1, 4, 2, -12, -4,
				true, true, 6, 4) },
	{ .name = "hid", .parent = "b", .flags = STATSFS_SOURCE_HIDDEN,
	  .sets = SFT_PCPU, .pc_ops = 23, .pc_lvl = -9 },
	{ .name = "hidc", .parent = "hid", .sets = SFT_LEAF,
	  .leaf = SFT_LEAF_INIT(1, 11, 1, 2, 7, 2, -20, -7, -1,
				false, true, 11, 5) },
	{ .name = "c", .parent = "statsfs_test" },
};

static const struct sft_top sft_top_init = { .answer = 42, .neg = -5 };
static const struct sft_mid sft_mid_init = { .mid_ops = 100, .mid_on = true };

static LIST_HEAD(sft_nodes);
/* Protects sft_nodes, the nodes and the churn thread's state. */
static DEFINE_MUTEX(sft_lock);
static struct task_struct *sft_churn_task;
static unsigned long sft_churn_iterations;
static struct dentry *sft_debugfs;
/* What try_live adds a label over: as big as a live label may be. */
static char sft_try_live_buf[STATSFS_LIVE_LABEL_MAX];

static struct sft_node *sft_find(const char *name)
{
	struct sft_node *node;

	list_for_each_entry(node, &sft_nodes, list)
		if (!strcmp(node->name, name))
			return node;
	return NULL;
}

static int sft_add_sets(struct sft_node *node, unsigned int sets)
{
	struct statsfs_source *src = node->src;
	int err = 0;

	if (sets & SFT_LEAF)
		err = statsfs_source_add_values(src, sft_leaf_values,
						ARRAY_SIZE(sft_leaf_values),
						&node->leaf);
	if (!err && (sets & SFT_PCPU))
		err = statsfs_source_add_percpu_values(src, sft_pcpu_values,
						ARRAY_SIZE(sft_pcpu_values),
						node->pc);
	if (!err && (sets & SFT_CB))
		err = statsfs_source_add_values(src, sft_cb_values,
						ARRAY_SIZE(sft_cb_values),
						&node->cb);
	if (!err && (sets & SFT_MID))
		err = statsfs_source_add_values(src, sft_mid_values,
						ARRAY_SIZE(sft_mid_values),
						&node->mid);
	if (!err && (sets & SFT_TOP))
		err = statsfs_source_add_values(src, sft_top_values,
						ARRAY_SIZE(sft_top_values),
						&node->topv);
	return err;
}

static void sft_node_free(struct sft_node *node)
{
	if (node->src)
		statsfs_source_put(node->src);
	free_percpu(node->pc);
	kfree(node);
}

/*
 * Create a node and its source, add its value arrays and attach it under
 * @parent (NULL: register at the top level, unless @detached).  With
 * @values_late the arrays are added after the source is attached, so
 * the ancestors' aggregates must appear on the fly.
 */
static struct sft_node *sft_node_create(const char *name,
					struct sft_node *parent,
					unsigned int flags, unsigned int sets,
					bool detached, bool values_late,
					const struct sft_spec *spec)
{
	struct sft_node *node;
	int err;

	if (strlen(name) > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	if (sft_find(name))
		return ERR_PTR(-EEXIST);
	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (!node)
		return ERR_PTR(-ENOMEM);
	strscpy(node->name, name, sizeof(node->name));
	node->sets = sets;
	if (sets & SFT_PCPU) {
		node->pc = alloc_percpu(struct sft_pcpu);
		if (!node->pc) {
			err = -ENOMEM;
			goto fail;
		}
	}
	/* Initial values are in place before statsfs can read them. */
	if (spec) {
		node->leaf = spec->leaf;
		node->cb = spec->cb;
		node->mid = sft_mid_init;
		node->topv = sft_top_init;
		if (node->pc) {
			per_cpu_ptr(node->pc, 0)->pc_ops = spec->pc_ops;
			per_cpu_ptr(node->pc, 0)->pc_lvl = spec->pc_lvl;
		}
	}
	node->src = statsfs_source_create(flags, "%s", name);
	if (IS_ERR(node->src)) {
		err = PTR_ERR(node->src);
		node->src = NULL;
		goto fail;
	}
	if (!values_late) {
		err = sft_add_sets(node, sets);
		if (err)
			goto fail;
	}
	if (parent) {
		err = statsfs_source_add_subordinate(parent->src, node->src);
		if (err)
			goto fail;
		node->parent = parent;
	} else if (!detached) {
		err = statsfs_source_register(node->src);
		if (err)
			goto fail;
		node->top = true;
	}
	list_add_tail(&node->list, &sft_nodes);
	if (values_late) {
		err = sft_add_sets(node, sets);
		if (err)
			return ERR_PTR(err);	/* stays listed: init removes */
	}
	return node;
fail:
	sft_node_free(node);
	return ERR_PTR(err);
}

static void sft_node_detach(struct sft_node *node)
{
	if (node->parent)
		statsfs_source_remove_subordinate(node->parent->src, node->src);
	else if (node->top)
		statsfs_source_unregister(node->src);
	node->parent = NULL;
	node->top = false;
}

/* Remove @node and its subtree, deepest first, and free them. */
static void sft_node_remove(struct sft_node *node)
{
	struct sft_node *child;

again:
	list_for_each_entry(child, &sft_nodes, list) {
		if (child->parent == node) {
			sft_node_remove(child);
			goto again;
		}
	}
	sft_node_detach(node);
	list_del(&node->list);
	sft_node_free(node);
}

static void sft_remove_all(void)
{
	struct sft_node *node;

	/* Deepest first: always remove a node that has no children. */
	while (!list_empty(&sft_nodes)) {
		node = list_last_entry(&sft_nodes, struct sft_node, list);
		while (node->parent)
			node = node->parent;
		sft_node_remove(node);
	}
}

static int sft_build(void)
{
	const struct sft_spec *spec;
	struct sft_node *node, *parent;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sft_specs); i++) {
		spec = &sft_specs[i];
		parent = spec->parent ? sft_find(spec->parent) : NULL;
		node = sft_node_create(spec->name, parent, spec->flags,
				       spec->sets, false, false, spec);
		if (IS_ERR(node)) {
			pr_err("cannot create %s: %ld\n", spec->name,
			       PTR_ERR(node));
			return PTR_ERR(node);
		}
	}
	return 0;
}

/* The churn thread: toggles five slots, one per iteration. */
static int sft_churn_fn(void *unused)
{
	static const char * const names[] = {
		"churn0", "churn1", "churn2", "churn_hidden",
		"statsfs_test_churn",
	};
	struct sft_node *node, *parent;
	unsigned int slot;

	while (!kthread_should_stop()) {
		mutex_lock(&sft_lock);
		slot = sft_churn_iterations % ARRAY_SIZE(names);
		parent = sft_find("churn");
		node = sft_find(names[slot]);
		if (node) {
			sft_node_remove(node);
		} else if (parent || slot == 4) {
			node = sft_node_create(names[slot],
					       slot == 4 ? NULL : parent,
					       slot == 3 ?
					       STATSFS_SOURCE_HIDDEN : 0,
					       SFT_LEAF, false,
					       sft_churn_iterations & 1, NULL);
			if (!IS_ERR(node)) {
				WRITE_ONCE(node->leaf.ops,
					   sft_churn_iterations);
				WRITE_ONCE(node->leaf.ssum,
					   -(s64)sft_churn_iterations);
			}
		}
		sft_churn_iterations++;
		mutex_unlock(&sft_lock);
		usleep_range(50, 200);
	}
	return 0;
}

static void sft_churn_stop(void)
{
	struct task_struct *task = sft_churn_task;

	if (!task)
		return;
	sft_churn_task = NULL;
	/* The thread takes sft_lock: stop it without holding it. */
	mutex_unlock(&sft_lock);
	kthread_stop(task);
	put_task_struct(task);
	mutex_lock(&sft_lock);
}

static int sft_churn_start(void)
{
	struct task_struct *task;
	struct sft_node *root, *node;

	if (sft_churn_task)
		return -EBUSY;
	root = sft_find("statsfs_test");
	if (!root)
		return -ENOENT;
	if (!sft_find("churn")) {
		node = sft_node_create("churn", root, 0, 0, false, false,
				       NULL);
		if (IS_ERR(node))
			return PTR_ERR(node);
	}
	sft_churn_iterations = 0;
	task = kthread_create(sft_churn_fn, NULL, "statsfs_churn");
	if (IS_ERR(task))
		return PTR_ERR(task);
	get_task_struct(task);
	sft_churn_task = task;
	wake_up_process(task);
	return 0;
}

/* Find field @name of @node's plain storage: its address and type. */
static void *sft_field(struct sft_node *node, const char *name,
		       enum statsfs_type *type)
{
	static const struct {
		unsigned int set;
		const struct statsfs_value *vals;
		unsigned int n;
		size_t base;
	} tabs[] = {
		{ SFT_LEAF, sft_leaf_values, ARRAY_SIZE(sft_leaf_values),
		  offsetof(struct sft_node, leaf) },
		{ SFT_MID, sft_mid_values, ARRAY_SIZE(sft_mid_values),
		  offsetof(struct sft_node, mid) },
		{ SFT_TOP, sft_top_values, ARRAY_SIZE(sft_top_values),
		  offsetof(struct sft_node, topv) },
	};
	unsigned int t, i;

	if (node->sets & SFT_CB) {
		*type = STATSFS_U64;
		if (!strcmp(name, "hits"))
			return &node->cb.hits;
		if (!strcmp(name, "k"))
			return &node->cb.k;
	}
	for (t = 0; t < ARRAY_SIZE(tabs); t++) {
		if (!(node->sets & tabs[t].set))
			continue;
		for (i = 0; i < tabs[t].n; i++) {
			if (strcmp(tabs[t].vals[i].name, name))
				continue;
			*type = tabs[t].vals[i].type;
			return (void *)node + tabs[t].base +
			       tabs[t].vals[i].offset;
		}
	}
	return NULL;
}

static int sft_cmd_set(struct sft_node *node, const char *field,
		       const char *value)
{
	enum statsfs_type type;
	void *p = sft_field(node, field, &type);
	s64 s;
	u64 u;
	int err;

	if (!p)
		return -ENOENT;
	switch (type) {
	case STATSFS_S64:
		err = kstrtos64(value, 0, &s);
		if (!err)
			WRITE_ONCE(*(s64 *)p, s);
		return err;
	case STATSFS_BOOL:
		err = kstrtou64(value, 0, &u);
		if (!err && u > 1)
			err = -ERANGE;
		if (!err)
			WRITE_ONCE(*(bool *)p, u);
		return err;
	default:
		err = kstrtou64(value, 0, &u);
		if (!err)
			WRITE_ONCE(*(u64 *)p, u);
		return err;
	}
}

static int sft_cmd_percpu_add(struct sft_node *node, const char *field,
			      const char *cpustr, const char *deltastr)
{
	unsigned int cpu;
	s64 delta;
	int err;

	if (!node->pc)
		return -ENOENT;
	err = kstrtouint(cpustr, 0, &cpu);
	if (!err)
		err = kstrtos64(deltastr, 0, &delta);
	if (err)
		return err;
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return -ERANGE;
	if (!strcmp(field, "pc_ops"))
		per_cpu_ptr(node->pc, cpu)->pc_ops += delta;
	else if (!strcmp(field, "pc_lvl"))
		per_cpu_ptr(node->pc, cpu)->pc_lvl += delta;
	else
		return -ENOENT;
	return 0;
}

/* Names for try_name; an empty slot is a name built at run time. */
static const char * const sft_try_names[] = {
	"",		/* 0: empty */
	"a/b",		/* 1: slash */
	".dot",		/* 2: leading dot */
	"ctl\x01",	/* 3: control char */
	NULL,		/* 4: 256 bytes */
	NULL,		/* 5: 255 bytes: valid */
	"tab\there",	/* 6: tab */
	"del\x7f",	/* 7: DEL */
	"ok-name.with.dots",	/* 8: valid */
	".",		/* 9 */
	"..",		/* 10 */
	"new\nline",	/* 11 */
	"flags",	/* 12: valid name, unknown source flag */
};

static int sft_cmd_try_name(const char *idxstr)
{
	struct statsfs_source *src;
	unsigned int idx, flags = 0;
	char *name = NULL;
	int err;

	err = kstrtouint(idxstr, 0, &idx);
	if (err)
		return err;
	if (idx >= ARRAY_SIZE(sft_try_names))
		return -ERANGE;
	if (idx == 4 || idx == 5) {
		name = kmalloc(257, GFP_KERNEL);
		if (!name)
			return -ENOMEM;
		memset(name, 'n', 256);
		name[idx == 4 ? 256 : 255] = '\0';
	}
	if (idx == 12)
		flags = 0x80;
	src = statsfs_source_create(flags, "%s",
				    name ? name : sft_try_names[idx]);
	kfree(name);
	if (IS_ERR(src))
		return PTR_ERR(src);
	/* A valid name must also work as a directory. */
	err = statsfs_source_register(src);
	if (!err)
		statsfs_source_unregister(src);
	statsfs_source_put(src);
	return err;
}

static int sft_cmd_try_add(struct sft_node *parent, struct sft_node *sub)
{
	int err;

	err = statsfs_source_add_subordinate(parent->src, sub->src);
	if (err)
		return err;
	if (sub->parent || sub->top) {
		/* statsfs accepted a second parent: undo, report. */
		statsfs_source_remove_subordinate(parent->src, sub->src);
		return -EPROTO;
	}
	sub->parent = parent;
	return 0;
}

static int sft_cmd_try_dup(struct sft_node *parent, const char *name)
{
	struct statsfs_source *src;
	int err;

	src = statsfs_source_create(0, "%s", name);
	if (IS_ERR(src))
		return PTR_ERR(src);
	err = statsfs_source_add_subordinate(parent->src, src);
	if (!err)
		statsfs_source_remove_subordinate(parent->src, src);
	statsfs_source_put(src);
	return err;
}

static int sft_cmd_try_values(struct sft_node *node, const char *which)
{
	const struct statsfs_value *vals;

	if (!strcmp(which, "dup"))
		vals = sft_dup_values;
	else if (!strcmp(which, "dot"))
		vals = sft_dot_values;
	else if (!strcmp(which, "slash"))
		vals = sft_slash_values;
	else
		return -ENOENT;
	/* All three arrays have one value, at offset 0 of struct sft_leaf. */
	return statsfs_source_add_values(node->src, vals, 1, &node->leaf);
}

/* Rewrites @node's live buffer as an owner would: in place, unlocked. */
static int sft_cmd_live(struct sft_node *node, const char *text)
{
	int err;

	memset(node->live, 0, sizeof(node->live));
	memcpy(node->live, text, min(strlen(text), sizeof(node->live)));
	if (node->has_live)
		return 0;
	err = statsfs_source_add_live_label(node->src, "live", node->live,
					    sizeof(node->live));
	node->has_live = !err;
	return err;
}

static int sft_cmd_try_live(struct sft_node *node, const char *size)
{
	unsigned int n;

	if (kstrtouint(size, 10, &n))
		return -EINVAL;
	/* Full, without a NUL: read up to @n bytes, never beyond. */
	memset(sft_try_live_buf, 'x', STATSFS_LIVE_LABEL_MAX);
	return statsfs_source_add_live_label(node->src, "bad",
					     sft_try_live_buf, n);
}

#define SFT_MAX_ARGS	6

static int sft_exec(int argc, char **argv)
{
	struct sft_node *n1 = NULL, *n2 = NULL;
	const char *cmd = argv[0];
	unsigned int flags;

	if (!strcmp(cmd, "init") && argc == 1) {
		sft_churn_stop();
		sft_remove_all();
		return sft_build();
	}
	if (!strcmp(cmd, "churn_start") && argc == 1)
		return sft_churn_start();
	if (!strcmp(cmd, "churn_stop") && argc == 1) {
		sft_churn_stop();
		return 0;
	}
	if (!strcmp(cmd, "try_name") && argc == 2)
		return sft_cmd_try_name(argv[1]);
	if (!strcmp(cmd, "new") && (argc == 2 || argc == 3)) {
		if (argc == 3 && strcmp(argv[2], "leaf"))
			return -EINVAL;
		return PTR_ERR_OR_ZERO(sft_node_create(argv[1], NULL, 0,
						       argc == 3 ? SFT_LEAF :
						       0, true, false, NULL));
	}

	if (argc < 2)
		return -EINVAL;
	if (strcmp(cmd, "add") || strcmp(argv[1], "/")) {
		n1 = sft_find(argv[1]);
		if (!n1)
			return -ENOENT;
	}

	if (!strcmp(cmd, "add") && (argc == 3 || argc == 4)) {
		if (argc == 4 && strcmp(argv[3], "hidden"))
			return -EINVAL;
		flags = argc == 4 ? STATSFS_SOURCE_HIDDEN : 0;
		return PTR_ERR_OR_ZERO(sft_node_create(argv[2], n1, flags,
						       SFT_LEAF, false,
						       true, NULL));
	}
	if (!strcmp(cmd, "set") && argc == 4)
		return sft_cmd_set(n1, argv[2], argv[3]);
	if (!strcmp(cmd, "percpu_add") && argc == 5)
		return sft_cmd_percpu_add(n1, argv[2], argv[3], argv[4]);
	if (!strcmp(cmd, "remove") && argc == 2) {
		sft_node_remove(n1);
		return 0;
	}
	if (!strcmp(cmd, "revoke") && argc == 2) {
		statsfs_source_revoke(n1->src);
		return 0;
	}
	if (!strcmp(cmd, "try_dup") && argc == 3)
		return sft_cmd_try_dup(n1, argv[2]);
	if (!strcmp(cmd, "try_values") && argc == 3)
		return sft_cmd_try_values(n1, argv[2]);
	if (!strcmp(cmd, "live") && argc == 3)
		return sft_cmd_live(n1, argv[2]);
	if (!strcmp(cmd, "try_live") && argc == 3)
		return sft_cmd_try_live(n1, argv[2]);
	if (!strcmp(cmd, "try_add") && argc == 3) {
		n2 = sft_find(argv[2]);
		if (!n2)
			return -ENOENT;
		return sft_cmd_try_add(n1, n2);
	}
	return -EINVAL;
}

static ssize_t sft_ctl_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char *argv[SFT_MAX_ARGS];
	char *buf, *p, *tok;
	int argc = 0, err;

	if (count == 0 || count > 512)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	p = strim(buf);
	while ((tok = strsep(&p, " \t")) != NULL) {
		if (!*tok)
			continue;
		if (argc == SFT_MAX_ARGS) {
			kfree(buf);
			return -E2BIG;
		}
		argv[argc++] = tok;
	}
	if (!argc) {
		kfree(buf);
		return -EINVAL;
	}
	mutex_lock(&sft_lock);
	err = sft_exec(argc, argv);
	mutex_unlock(&sft_lock);
	kfree(buf);
	return err ? err : count;
}

static void sft_show_values(struct seq_file *m, const char *name,
			    const struct statsfs_value *vals, unsigned int n,
			    const void *base)
{
	const void *p;
	unsigned int i;

	for (i = 0; i < n; i++) {
		p = base + vals[i].offset;
		switch (vals[i].type) {
		case STATSFS_S64:
			seq_printf(m, "%s %s %lld\n", name, vals[i].name,
				   READ_ONCE(*(const s64 *)p));
			break;
		case STATSFS_BOOL:
			seq_printf(m, "%s %s %d\n", name, vals[i].name,
				   READ_ONCE(*(const bool *)p) ? 1 : 0);
			break;
		default:
			seq_printf(m, "%s %s %llu\n", name, vals[i].name,
				   READ_ONCE(*(const u64 *)p));
			break;
		}
	}
}

static int sft_ctl_show(struct seq_file *m, void *unused)
{
	struct sft_node *node;
	struct sft_pcpu *pc;
	int cpu;

	mutex_lock(&sft_lock);
	list_for_each_entry(node, &sft_nodes, list) {
		if (node->sets & SFT_LEAF)
			sft_show_values(m, node->name, sft_leaf_values,
					ARRAY_SIZE(sft_leaf_values),
					&node->leaf);
		if (node->sets & SFT_MID)
			sft_show_values(m, node->name, sft_mid_values,
					ARRAY_SIZE(sft_mid_values),
					&node->mid);
		if (node->sets & SFT_TOP)
			sft_show_values(m, node->name, sft_top_values,
					ARRAY_SIZE(sft_top_values),
					&node->topv);
		if (node->sets & SFT_CB)
			seq_printf(m, "%s hits %llu\n%s k %llu\n",
				   node->name, READ_ONCE(node->cb.hits),
				   node->name, READ_ONCE(node->cb.k));
		if (!node->pc)
			continue;
		for_each_possible_cpu(cpu) {
			pc = per_cpu_ptr(node->pc, cpu);
			seq_printf(m, "%s pc_ops@%d %llu\n%s pc_lvl@%d %lld\n",
				   node->name, cpu, READ_ONCE(pc->pc_ops),
				   node->name, cpu, READ_ONCE(pc->pc_lvl));
		}
	}
	seq_printf(m, "churn_running %d\nchurn_iterations %lu\n",
		   sft_churn_task ? 1 : 0, sft_churn_iterations);
	mutex_unlock(&sft_lock);
	return 0;
}

static int sft_ctl_open(struct inode *inode, struct file *file)
{
	/* The dump grows with the number of CPUs: no fixed-size buffer. */
	return single_open(file, sft_ctl_show, NULL);
}

static const struct file_operations sft_ctl_fops = {
	.owner = THIS_MODULE,
	.open = sft_ctl_open,
	.read = seq_read,
	.write = sft_ctl_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int __init sft_init(void)
{
	int err;

	mutex_lock(&sft_lock);
	err = sft_build();
	if (err)
		sft_remove_all();
	mutex_unlock(&sft_lock);
	if (err)
		return err;
	sft_debugfs = debugfs_create_dir("statsfs_test", NULL);
	debugfs_create_file("ctl", 0600, sft_debugfs, NULL, &sft_ctl_fops);
	return 0;
}

static void __exit sft_exit(void)
{
	/* No ctl write runs after this returns. */
	debugfs_remove_recursive(sft_debugfs);
	mutex_lock(&sft_lock);
	sft_churn_stop();
	sft_remove_all();
	mutex_unlock(&sft_lock);
}

module_init(sft_init);
module_exit(sft_exit);

MODULE_DESCRIPTION("statsfs selftest module: a known tree of sources");
MODULE_AUTHOR("pathstats developers");
MODULE_LICENSE("GPL");
