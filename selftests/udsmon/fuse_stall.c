// SPDX-License-Identifier: GPL-2.0
/*
 * fuse_stall MOUNTPOINT: a FUSE file system with one file, "data"
 * (FUSE_STALL_SIZE bytes of 'x'), whose reads are answered only when the
 * test says so.  Each read request is held, and "read" printed, until
 * SIGUSR1 answers them all; SIGTERM unmounts and exits.  A task that
 * faults on a mapping of the file so waits in the kernel for as long as
 * the test likes: in the read it started, where only a fatal signal
 * reaches it until the server has taken the request and none after; or,
 * a second task on the same page, for the page lock, where a fatal
 * signal does.  Prints "mounted" once the file can be opened.
 */

#define FUSE_USE_VERSION 34

#include <errno.h>
#include <fcntl.h>
#include <fuse_lowlevel.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FUSE_STALL_SIZE		4096
#define FUSE_STALL_INO		2
#define FUSE_STALL_HELD_MAX	64
#define FUSE_STALL_TIMEOUT	3600.0	/* attributes and names never change */

static const char fuse_stall_name[] = "data";
static char fuse_stall_bytes[FUSE_STALL_SIZE];

struct fuse_stall_read {
	fuse_req_t req;
	size_t size;
	off_t off;
};

static pthread_mutex_t fuse_stall_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fuse_stall_read fuse_stall_held[FUSE_STALL_HELD_MAX];
static unsigned int fuse_stall_nheld;	/* under fuse_stall_lock */

static void fuse_stall_stat(fuse_ino_t ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = ino;
	if (ino == FUSE_ROOT_ID) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
	} else {
		st->st_mode = S_IFREG | 0444;
		st->st_nlink = 1;
		st->st_size = FUSE_STALL_SIZE;
	}
}

static void fuse_stall_lookup(fuse_req_t req, fuse_ino_t parent,
			      const char *name)
{
	struct fuse_entry_param e;

	if (parent != FUSE_ROOT_ID || strcmp(name, fuse_stall_name)) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.ino = FUSE_STALL_INO;
	e.attr_timeout = FUSE_STALL_TIMEOUT;
	e.entry_timeout = FUSE_STALL_TIMEOUT;
	fuse_stall_stat(e.ino, &e.attr);
	fuse_reply_entry(req, &e);
}

static void fuse_stall_getattr(fuse_req_t req, fuse_ino_t ino,
			       struct fuse_file_info *fi)
{
	struct stat st;

	if (ino != FUSE_ROOT_ID && ino != FUSE_STALL_INO) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	fuse_stall_stat(ino, &st);
	fuse_reply_attr(req, &st, FUSE_STALL_TIMEOUT);
}

static void fuse_stall_open(fuse_req_t req, fuse_ino_t ino,
			    struct fuse_file_info *fi)
{
	if (ino != FUSE_STALL_INO)
		fuse_reply_err(req, EISDIR);
	else if ((fi->flags & O_ACCMODE) != O_RDONLY)
		fuse_reply_err(req, EACCES);
	else {
		/*
		 * An open that dropped the cache would wait, without end and
		 * deaf to every signal, for the page a held read has locked.
		 */
		fi->keep_cache = 1;
		fuse_reply_open(req, fi);
	}
}

static void fuse_stall_read(fuse_req_t req, fuse_ino_t ino, size_t size,
			    off_t off, struct fuse_file_info *fi)
{
	struct fuse_stall_read *held;

	pthread_mutex_lock(&fuse_stall_lock);
	if (fuse_stall_nheld == FUSE_STALL_HELD_MAX) {
		pthread_mutex_unlock(&fuse_stall_lock);
		fuse_reply_err(req, EBUSY);
		return;
	}
	held = &fuse_stall_held[fuse_stall_nheld++];
	held->req = req;
	held->size = size;
	held->off = off;
	pthread_mutex_unlock(&fuse_stall_lock);
	printf("read\n");
	fflush(stdout);
}

static void fuse_stall_answer(const struct fuse_stall_read *held)
{
	size_t n = 0;

	if (held->off >= 0 && held->off < FUSE_STALL_SIZE)
		n = FUSE_STALL_SIZE - held->off;
	if (n > held->size)
		n = held->size;
	fuse_reply_buf(held->req, fuse_stall_bytes + (n ? held->off : 0), n);
}

/* Answers the held reads at each SIGUSR1, which only this thread takes. */
static void *fuse_stall_answerer(void *arg)
{
	const sigset_t *set = arg;
	unsigned int i;
	int sig;

	for (;;) {
		if (sigwait(set, &sig))
			continue;
		pthread_mutex_lock(&fuse_stall_lock);
		for (i = 0; i < fuse_stall_nheld; i++)
			fuse_stall_answer(&fuse_stall_held[i]);
		fuse_stall_nheld = 0;
		pthread_mutex_unlock(&fuse_stall_lock);
		printf("answered\n");
		fflush(stdout);
	}
	return NULL;
}

static const struct fuse_lowlevel_ops fuse_stall_ops = {
	.lookup = fuse_stall_lookup,
	.getattr = fuse_stall_getattr,
	.open = fuse_stall_open,
	.read = fuse_stall_read,
};

int main(int argc, char **argv)
{
	struct fuse_args args = FUSE_ARGS_INIT(1, argv);
	struct fuse_session *se;
	pthread_t answerer;
	sigset_t set;
	int ret = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: fuse_stall MOUNTPOINT\n");
		return 2;
	}
	memset(fuse_stall_bytes, 'x', sizeof(fuse_stall_bytes));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	/* Before any thread starts: every thread inherits the mask. */
	if (pthread_sigmask(SIG_BLOCK, &set, NULL))
		return 1;
	se = fuse_session_new(&args, &fuse_stall_ops, sizeof(fuse_stall_ops),
			      NULL);
	if (!se)
		return 1;
	if (fuse_set_signal_handlers(se))
		goto out_destroy;
	if (fuse_session_mount(se, argv[1]))
		goto out_handlers;
	if (pthread_create(&answerer, NULL, fuse_stall_answerer, &set))
		goto out_unmount;
	printf("mounted\n");
	fflush(stdout);
	/* A signal that ends the loop (SIGTERM) is the expected end. */
	ret = fuse_session_loop(se) < 0;
out_unmount:
	fuse_session_unmount(se);
out_handlers:
	fuse_remove_signal_handlers(se);
out_destroy:
	fuse_session_destroy(se);
	return ret;
}
