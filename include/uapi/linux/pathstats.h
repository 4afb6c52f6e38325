/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pathstats userspace ABI.
 *
 * This header is the single definition of everything userspace exchanges
 * with pathstats.ko through /dev/pathstats: ioctl numbers and structures,
 * the configuration blob, and (with udsmon) the records read from the
 * device.  Rules that hold for every structure here:
 *
 *  - fields are fixed-width (__u32, __u64), naturally aligned, with no
 *    implicit padding; sizes are multiples of 8;
 *  - reserved fields must be zero on input and are zero on output;
 *  - the kernel validates every field and rejects anything it does not
 *    understand with -EINVAL, changing nothing.
 *
 * PATHSTATS_ABI_VERSION is bumped on any incompatible change; the module
 * shows it in /sys/kernel/stats/pathstats/abi_version and in
 * struct pathstats_status.
 *
 * The device
 * ----------
 * /dev/pathstats (misc device, mode 0600).  Every ioctl that changes the
 * configuration requires CAP_SYS_ADMIN (-EPERM otherwise).
 *
 * PATHSTATS_IOC_LOAD    replace the configuration, atomically, with the
 *                       blob described by struct pathstats_load.  Prefixes
 *                       that stay keep their counters.
 * PATHSTATS_IOC_CLEAR   drop the configuration and end every trace
 *                       session: nothing stays attached.
 *                       Then interrupts, as a signal would, the calls the
 *                       hooks diverted that have not returned, and waits
 *                       for them up to 5 s: those left are held_calls in
 *                       the status, and keep the module in use.
 * PATHSTATS_IOC_STATUS  fill struct pathstats_status.
 * PATHSTATS_IOC_TRACE_CREATE  start a trace session, described by struct
 *                       pathstats_trace_session (see "Trace sessions").
 * PATHSTATS_IOC_TRACE_DELETE  end the session named by struct
 *                       pathstats_trace_name: its points stop firing
 *                       for it at once, and the hooks only it needed go.
 * PATHSTATS_IOC_TRACE_LIST  fill struct pathstats_trace_list.
 * PATHSTATS_IOC_TRACE_OPEN  open the device sink of the session named by
 *                       struct pathstats_trace_name; returns a new file
 *                       descriptor (O_CLOEXEC) that reads its messages.
 *                       The trace ioctls all require CAP_SYS_ADMIN.
 *
 * read() returns captured unix-socket messages, whole records of
 * struct pathstats_record, as many as fit in the buffer, oldest first;
 * never a partial one: -EINVAL if the buffer cannot hold the next record.
 * It blocks while the ring is empty, unless O_NONBLOCK (-EAGAIN); poll()
 * reports EPOLLIN while records wait.  Several readers each get different
 * records.  Reading requires CAP_SYS_ADMIN (-EPERM): payloads are
 * sensitive.
 *
 * The configuration blob
 * ----------------------
 * One contiguous buffer:
 *
 *   struct pathstats_config_header     at offset 0
 *   struct pathstats_path_rule[path_count]   at offset sizeof(header)
 *   struct pathstats_uds_rule[uds_count]     right after the path rules
 *   string table                       at strings_offset, strings_size
 *                                      bytes, up to the end of the blob
 *
 * Strings are referred to by their offset in the string table and are
 * NUL-terminated within it.  The string table ends the blob: header.size
 * == strings_offset + strings_size.  Limits: PATHSTATS_CONFIG_MAX_SIZE
 * bytes, PATHSTATS_MAX_PATHS path rules, PATHSTATS_MAX_SOCKETS socket
 * rules, prefixes of at most PATHSTATS_PATH_MAX - 1 bytes.
 *
 * A path prefix is absolute and normalised: it starts with '/', has no
 * empty, "." or ".." component and no trailing '/' (except "/" itself).
 * A socket path (not an abstract name) is absolute and normalised too,
 * and not "/".
 * Neither a prefix nor a socket path has a control character (a byte
 * below 0x20, or 0x7f): statsfs shows them as text.
 * A name is what statsfs shows as the prefix's directory: 1 to
 * PATHSTATS_NAME_MAX - 1 bytes, no '/', no control character, not
 * starting with '.'.  Prefixes and names are unique within a blob.
 *
 * Trace sessions
 * --------------
 * A session enables points (enum pathstats_trace_point), each with the
 * optional fields (PATHSTATS_TRACE_OPT_*) and context fields (bits of
 * enum pathstats_trace_context) it asks for, and sends every event of
 * those points to its sinks (enum pathstats_trace_sink_type).  Sessions
 * are independent: up to PATHSTATS_TRACE_SESSIONS_MAX, each with a unique
 * name of 1 to PATHSTATS_TRACE_NAME_LEN - 1 bytes of [A-Za-z0-9_.-].
 *
 * An event is a message: struct pathstats_trace_header, then header.size
 * - sizeof(header) bytes of a protobuf payload, the message of
 * pathstats_trace.proto (next to this header) that header.type names (see
 * there).  A task never waits for a sink: a message that finds no room is
 * dropped and counted, and the next message the sink delivers from that
 * CPU carries the count.  The events of one task are delivered in order.
 *
 * A device sink's file returns whole messages, as many as fit in the
 * buffer, oldest first, never a partial one (-EINVAL if the buffer
 * cannot hold the next; PATHSTATS_TRACE_MESSAGE_MAX always does).  It
 * blocks while none waits, unless O_NONBLOCK (-EAGAIN); poll() reports
 * EPOLLIN while messages wait.  Once the session is deleted it returns
 * what was left, then 0 (end of file).
 *
 * A remote sink connects to its endpoint, a SOCK_SEQPACKET unix socket,
 * from a kernel thread (paths resolve from the initial root), and writes
 * the messages, in the order a device sink's reader would read them, in
 * packets of one or more whole messages back to back, at most
 * PATHSTATS_TRACE_PACKET_MAX bytes (a receiver reads with a buffer that
 * large; fewer when the socket's send buffer is smaller).  A message
 * there is 4-byte aligned only: copy its header out before reading it.
 * While it cannot write (not connected, the monitoring
 * process's socket full) messages wait in its buffers, which drop as a
 * device sink's do.  A packet it could not write in retries + 1 attempts
 * is dropped, and so is one whose connection broke, with their messages;
 * the next message it writes counts them in its dropped field too.  A connection that failed
 * or broke is tried again after a wait that starts at backoff and doubles
 * up to backoff_max.  A session whose remote sink cannot connect when it
 * is created is refused (-ECONNREFUSED, -ENOENT, ...), unless the sink
 * has PATHSTATS_TRACE_SINK_IGNORE_SETUP_ERROR.
 */
#ifndef _UAPI_LINUX_PATHSTATS_H
#define _UAPI_LINUX_PATHSTATS_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define PATHSTATS_ABI_VERSION		1

#define PATHSTATS_CONFIG_MAGIC		0x70737463	/* "pstc" */
#define PATHSTATS_CONFIG_MAX_SIZE	(16U * 1024 * 1024)
#define PATHSTATS_MAX_PATHS		4096
#define PATHSTATS_MAX_SOCKETS		1024
#define PATHSTATS_PATH_MAX		4096
#define PATHSTATS_NAME_MAX		256
#define PATHSTATS_RING_DEFAULT		1024
#define PATHSTATS_RING_MAX		(1024U * 1024)
/* ring_entries * (sizeof(struct pathstats_record) + largest capture) */
#define PATHSTATS_RING_MAX_BYTES	(256ULL * 1024 * 1024)

/*
 * Syscalls a path rule can count, as bit numbers of
 * pathstats_path_rule.syscalls.  The names are the kernel's, as strace
 * shows them: PATHSTATS_SYS_OPEN counts open(2) only, PATHSTATS_SYS_PREAD
 * pread64(2), PATHSTATS_SYS_STAT stat(2) (newstat).
 */
enum pathstats_syscall {
	PATHSTATS_SYS_OPEN,
	PATHSTATS_SYS_OPENAT,
	PATHSTATS_SYS_OPENAT2,
	PATHSTATS_SYS_CREAT,
	PATHSTATS_SYS_CLOSE,
	PATHSTATS_SYS_READ,
	PATHSTATS_SYS_WRITE,
	PATHSTATS_SYS_PREAD,
	PATHSTATS_SYS_PWRITE,
	PATHSTATS_SYS_READV,
	PATHSTATS_SYS_WRITEV,
	PATHSTATS_SYS_PREADV,
	PATHSTATS_SYS_PWRITEV,
	PATHSTATS_SYS_PREADV2,
	PATHSTATS_SYS_PWRITEV2,
	PATHSTATS_SYS_STAT,
	PATHSTATS_SYS_LSTAT,
	PATHSTATS_SYS_FSTAT,
	PATHSTATS_SYS_NEWFSTATAT,
	PATHSTATS_SYS_STATX,
	PATHSTATS_SYS_TRUNCATE,
	PATHSTATS_SYS_FTRUNCATE,
	PATHSTATS_SYS_FSYNC,
	PATHSTATS_SYS_FDATASYNC,
	PATHSTATS_SYS_UNLINK,
	PATHSTATS_SYS_UNLINKAT,
	PATHSTATS_SYS_RENAME,
	PATHSTATS_SYS_RENAMEAT,
	PATHSTATS_SYS_RENAMEAT2,
	PATHSTATS_SYS_MKDIR,
	PATHSTATS_SYS_MKDIRAT,
	PATHSTATS_SYS_RMDIR,
	PATHSTATS_SYS_GETDENTS64,
	PATHSTATS_SYS_SENDFILE,
	PATHSTATS_SYS_COPY_FILE_RANGE,
	PATHSTATS_SYS_SPLICE,
	PATHSTATS_SYS_MMAP,
	PATHSTATS_SYS_COUNT,
};

#define PATHSTATS_SYS_ALL	((1ULL << PATHSTATS_SYS_COUNT) - 1)

/**
 * struct pathstats_config_header - start of a configuration blob
 * @magic: PATHSTATS_CONFIG_MAGIC
 * @size: size of the whole blob in bytes; equals pathstats_load.size
 * @path_count: number of struct pathstats_path_rule
 * @uds_count: number of struct pathstats_uds_rule
 * @ring_entries: capacity of the capture ring, 0 for the default
 *	(PATHSTATS_RING_DEFAULT); at most PATHSTATS_RING_MAX, and at most
 *	PATHSTATS_RING_MAX_BYTES of records of the largest capture_bytes
 * @strings_offset: offset of the string table from the start of the blob
 * @strings_size: size of the string table; the table ends the blob
 * @flags: must be 0
 * @reserved: must be 0
 */
struct pathstats_config_header {
	__u32 magic;
	__u32 size;
	__u32 path_count;
	__u32 uds_count;
	__u32 ring_entries;
	__u32 strings_offset;
	__u32 strings_size;
	__u32 flags;
	__u64 reserved[2];
};

/*
 * Groups, in pathstats_path_rule.flags and pathstats_uds_rule.flags: the
 * rule's source gets a subordinate source per cgroup v2 (for sockets, the
 * client's), per executable, or per pair of both, that the task counted
 * in; the source's own values are their sum.  max_groups bounds them
 * (0: PATHSTATS_GROUPS_DEFAULT, at most PATHSTATS_GROUPS_MAX); the tasks
 * of further groups count in one group named "other".
 */
#define PATHSTATS_GROUP_BY_CGROUP	0x2U
#define PATHSTATS_GROUP_BY_PROCESS	0x4U
#define PATHSTATS_GROUP_BY		(PATHSTATS_GROUP_BY_CGROUP | \
					 PATHSTATS_GROUP_BY_PROCESS)
#define PATHSTATS_GROUPS_DEFAULT	256
#define PATHSTATS_GROUPS_MAX		4096

/*
 * A filter, in pathstats_path_rule.flags and pathstats_uds_rule.flags:
 * the rule counts only tasks whose cgroup v2 is one of those listed at
 * the rule's @cgroups, or below one (for sockets, the client task).
 * @cgroups is the string table offset of the first of 1 to
 * PATHSTATS_FILTER_CGROUPS_MAX consecutive strings, each the absolute,
 * normalised path of an existing cgroup as the loading task's cgroup
 * namespace sees it, followed by an empty string.  Without the flag,
 * @cgroups must be 0.
 */
#define PATHSTATS_FILTER_CGROUPS	0x8U
#define PATHSTATS_FILTER_CGROUPS_MAX	16

/**
 * struct pathstats_path_rule - one monitored path prefix
 * @syscalls: bitmap of (1 << enum pathstats_syscall) to count calls of;
 *	read/write operations and bytes are always counted
 * @prefix: string table offset of the prefix
 * @name: string table offset of the statsfs directory name
 * @flags: PATHSTATS_GROUP_BY_* and PATHSTATS_FILTER_CGROUPS flags
 * @max_groups: groups at most, 0 for the default; 0 without groups
 * @cgroups: with PATHSTATS_FILTER_CGROUPS, string table offset of the
 *	filter's cgroups
 * @reserved: must be 0
 */
struct pathstats_path_rule {
	__u64 syscalls;
	__u32 prefix;
	__u32 name;
	__u32 flags;
	__u32 max_groups;
	__u32 cgroups;
	__u32 reserved;
};

/* pathstats_uds_rule.flags */
#define PATHSTATS_UDS_ABSTRACT	0x1U	/* path is an abstract name */

/**
 * struct pathstats_uds_rule - one monitored unix socket
 * @path: string table offset of the socket's path, or of its abstract
 *	name without the leading NUL when PATHSTATS_UDS_ABSTRACT is set
 * @name: string table offset of the statsfs directory name
 * @capture_bytes: bytes captured per sent message, 0 for counting only
 * @sample_every: capture one send in this many, at least 1
 * @flags: PATHSTATS_UDS_*, PATHSTATS_GROUP_BY_* and
 *	PATHSTATS_FILTER_CGROUPS flags
 * @max_groups: groups at most, 0 for the default; 0 without groups
 * @cgroups: with PATHSTATS_FILTER_CGROUPS, string table offset of the
 *	filter's cgroups
 * @reserved: must be 0
 */
struct pathstats_uds_rule {
	__u32 path;
	__u32 name;
	__u32 capture_bytes;
	__u32 sample_every;
	__u32 flags;
	__u32 max_groups;
	__u32 cgroups;
	__u32 reserved;
};

/**
 * struct pathstats_load - argument of PATHSTATS_IOC_LOAD
 * @blob: user address of the configuration blob
 * @size: its size in bytes, at most PATHSTATS_CONFIG_MAX_SIZE
 * @reserved: must be 0
 */
struct pathstats_load {
	__u64 blob;
	__u32 size;
	__u32 reserved;
};

/**
 * struct pathstats_status - argument of PATHSTATS_IOC_STATUS
 * @abi_version: PATHSTATS_ABI_VERSION of the module
 * @version: module version, major << 16 | minor << 8 | patch
 * @path_count: path rules of the loaded configuration
 * @uds_count: socket rules of the loaded configuration
 * @probes_attached: kernel probes currently registered
 * @ring_entries: capacity of the capture ring, 0 if none (no socket
 *	captures)
 * @generation: incremented by every successful load or clear
 * @loads: successful loads since the module was loaded
 * @rejects: blobs rejected by validation
 * @ring_used: records in the ring, waiting to be read
 * @held_calls: calls into unix-socket functions, diverted by hooks
 *	detached since, that keep the module in use (rmmod refuses): those
 *	not returned yet, and at least 1 until the module lets go of its
 *	reference after they have; 0 while the hooks are attached (the
 *	configuration then keeps the module in use)
 * @ring_dropped: records dropped because the ring was full, since it was
 *	created
 * @reserved: zero
 */
struct pathstats_status {
	__u32 abi_version;
	__u32 version;
	__u32 path_count;
	__u32 uds_count;
	__u32 probes_attached;
	__u32 ring_entries;
	__u64 generation;
	__u64 loads;
	__u64 rejects;
	__u32 ring_used;
	__u32 held_calls;
	__u64 ring_dropped;
	__u64 reserved[2];
};

#define PATHSTATS_RECORD_VERSION	2
#define PATHSTATS_COMM_LEN		16
#define PATHSTATS_SOCKET_LEN		112
/* 64 bytes of container id at most, NUL-terminated, NUL-padded. */
#define PATHSTATS_CONTAINER_ID_LEN	72

/* pathstats_record.flags */
#define PATHSTATS_RECORD_TRUNCATED	0x1U	/* a fault cut the copy short */

/**
 * struct pathstats_record - one captured message, as read() returns it
 * @size: bytes of this record: the header, @cap_len bytes of @data and
 *	zero padding to a multiple of 8; the next record starts there
 * @version: PATHSTATS_RECORD_VERSION
 * @flags: PATHSTATS_RECORD_* flags
 * @seq: sequence number, counting every message selected for capture
 *	since the module was loaded; a gap means that many were lost:
 *	dropped because the ring was full, or left unread in a ring that a
 *	reload replaced
 * @time_ns: when the message was sent, CLOCK_REALTIME in nanoseconds
 * @pid: the sender's process id (thread group id), in the initial pid
 *	namespace
 * @tid: the sender's thread id
 * @uid: the sender's real uid, in the initial user namespace
 * @socket_type: SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET
 * @cgroup_id: the sender's cgroup v2 id (the inode number of its cgroup
 *	directory), 0 without cgroup v2
 * @conn_id: the same for every message on one connection: the inode
 *	number of the client's socket
 * @msg_len: bytes the send transferred
 * @cap_len: bytes captured, at most the socket's capture_bytes
 * @comm: the sender's thread name, NUL-terminated
 * @socket: the monitored socket, as configured ("@name" for an abstract
 *	one), NUL-terminated (socket paths have at most 107 bytes)
 * @container_id: the container that @cgroup_id's path names, as in the
 *	attribution groups' container_id (Documentation/admin-guide/
 *	attribution.rst), "" for none; NUL-terminated and NUL-padded
 * @data: the first @cap_len bytes of the message
 */
struct pathstats_record {
	__u32 size;
	__u16 version;
	__u16 flags;
	__u64 seq;
	__u64 time_ns;
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__u32 socket_type;
	__u64 cgroup_id;
	__u64 conn_id;
	__u32 msg_len;
	__u32 cap_len;
	char comm[PATHSTATS_COMM_LEN];
	char socket[PATHSTATS_SOCKET_LEN];
	char container_id[PATHSTATS_CONTAINER_ID_LEN];
	__u8 data[];
};

/*
 * Points a trace session can enable.  process/exec fires once a task's
 * new program has replaced the old one (past the point of no return of
 * execve(2)); process/exit once the last thread of a process exits.
 *
 * The file points fire for the syscalls pathmon counts (enum
 * pathstats_syscall) on a file or path under a configured prefix, once
 * the syscall returned, with its result; the prefixes' filters apply.
 * file/open fires for the opens that returned a file (the file decides
 * the prefix), file/read and file/write for the read and write calls
 * (not transfers), file/stat for stat, lstat, fstat, newfstatat and
 * statx, file/truncate for truncate and ftruncate, file/unlink and
 * file/rmdir for unlinkat as the flag makes it.
 *
 * The unix socket points fire for the clients of the sockets udsmon
 * monitors (pathstats_uds_rule), once the call returned, with its result;
 * the sockets' filters apply.  uds/connect for connect(2) to one (by its
 * address, whether it succeeded or not), uds/send and uds/recv for every
 * sendmsg and recvmsg call that reaches the socket family, as udsmon
 * counts them, but also those that moved nothing or failed (not
 * MSG_PEEK, which udsmon does not see).
 */
enum pathstats_trace_point {
	PATHSTATS_TRACE_PROCESS_EXEC = 1,
	PATHSTATS_TRACE_PROCESS_EXIT,
	PATHSTATS_TRACE_FILE_OPEN,
	PATHSTATS_TRACE_FILE_READ,
	PATHSTATS_TRACE_FILE_WRITE,
	PATHSTATS_TRACE_FILE_STAT,
	PATHSTATS_TRACE_FILE_CLOSE,
	PATHSTATS_TRACE_FILE_UNLINK,
	PATHSTATS_TRACE_FILE_RENAME,
	PATHSTATS_TRACE_FILE_MKDIR,
	PATHSTATS_TRACE_FILE_RMDIR,
	PATHSTATS_TRACE_FILE_TRUNCATE,
	PATHSTATS_TRACE_UDS_CONNECT,
	PATHSTATS_TRACE_UDS_SEND,
	PATHSTATS_TRACE_UDS_RECV,
	PATHSTATS_TRACE_POINT_END,
};

/*
 * Optional fields, as bits of pathstats_trace_point_rule.optional.
 * PATHSTATS_TRACE_OPT_PATH: the file's path, for the file points' calls
 * on a file descriptor (read, write, fstat, ftruncate, close), which
 * name none; the calls that name a path (and open) always have it.
 * PATHSTATS_TRACE_OPT_DATA: for uds/send and uds/recv, the first bytes
 * the call moved, at most PATHSTATS_TRACE_DATA_MAX, as the caller's
 * buffers hold them when it returns.
 */
#define PATHSTATS_TRACE_OPT_PATH	(1U << 0)
#define PATHSTATS_TRACE_OPT_DATA	(1U << 1)
#define PATHSTATS_TRACE_DATA_MAX	4096U

/* Context fields, as bit numbers of pathstats_trace_point_rule.context. */
enum pathstats_trace_context {
	PATHSTATS_TRACE_CTX_TIME,
	PATHSTATS_TRACE_CTX_TID,
	PATHSTATS_TRACE_CTX_PID,
	PATHSTATS_TRACE_CTX_PPID,
	PATHSTATS_TRACE_CTX_UID,
	PATHSTATS_TRACE_CTX_GID,
	PATHSTATS_TRACE_CTX_CGROUP,
	PATHSTATS_TRACE_CTX_CONTAINER_ID,
	PATHSTATS_TRACE_CTX_PROCESS_NAME,
	PATHSTATS_TRACE_CTX_CWD,
	PATHSTATS_TRACE_CTX_EXE,
	PATHSTATS_TRACE_CTX_COUNT,
};

#define PATHSTATS_TRACE_CTX_ALL		((1U << PATHSTATS_TRACE_CTX_COUNT) - 1)

enum pathstats_trace_sink_type {
	PATHSTATS_TRACE_SINK_DEVICE = 1,	/* PATHSTATS_IOC_TRACE_OPEN */
	PATHSTATS_TRACE_SINK_NULL,		/* counts, delivers nothing */
	PATHSTATS_TRACE_SINK_REMOTE,		/* writes to a unix socket */
	PATHSTATS_TRACE_SINK_END,
};

#define PATHSTATS_TRACE_NAME_LEN	64
#define PATHSTATS_TRACE_SESSIONS_MAX	16
#define PATHSTATS_TRACE_POINTS_MAX	64
#define PATHSTATS_TRACE_SINKS_MAX	4
/* Bytes of a device or remote sink's buffer per CPU: default, least, most. */
#define PATHSTATS_TRACE_BUFFER_DEFAULT	(256U * 1024)
#define PATHSTATS_TRACE_BUFFER_MIN	(64U * 1024)
#define PATHSTATS_TRACE_BUFFER_MAX	(16U * 1024 * 1024)
/*
 * The largest message: five names of PATH_MAX (cgroup, cwd, exe, and
 * rename's two), or three and PATHSTATS_TRACE_DATA_MAX bytes of data,
 * and the rest.
 */
#define PATHSTATS_TRACE_MESSAGE_MAX	(24U * 1024)
/* The most a remote sink's packet holds: several messages. */
#define PATHSTATS_TRACE_PACKET_MAX	(64U * 1024)

/**
 * struct pathstats_trace_point_rule - one point a session enables
 * @point: enum pathstats_trace_point, each at most once in a session
 * @optional: PATHSTATS_TRACE_OPT_* the point has, that it asks for
 * @context: bitmap of (1 << enum pathstats_trace_context)
 * @reserved: must be 0
 */
struct pathstats_trace_point_rule {
	__u32 point;
	__u32 optional;
	__u32 context;
	__u32 reserved;
};

/* pathstats_trace_sink_rule.flags */
/*
 * A sink that cannot be set up is no error of the session: a remote sink
 * then keeps trying to connect.
 */
#define PATHSTATS_TRACE_SINK_IGNORE_SETUP_ERROR	0x1U

/* A remote sink's endpoint: a sockaddr_un's sun_path, NUL-terminated. */
#define PATHSTATS_TRACE_ENDPOINT_LEN	108
#define PATHSTATS_TRACE_RETRIES_MAX	100
#define PATHSTATS_TRACE_RETRIES_DEFAULT	3
#define PATHSTATS_TRACE_BACKOFF_DEFAULT	(10ULL * 1000 * 1000)	/* 10 ms */
#define PATHSTATS_TRACE_BACKOFF_MAX_DEFAULT (1000ULL * 1000 * 1000) /* 1 s */
/* Neither backoff may exceed this: 60 s. */
#define PATHSTATS_TRACE_BACKOFF_LIMIT	(60ULL * 1000 * 1000 * 1000)

/**
 * struct pathstats_trace_sink_rule - one sink of a session
 * @type: enum pathstats_trace_sink_type, each at most once in a session
 * @flags: PATHSTATS_TRACE_SINK_* flags
 * @buffer_bytes: device and remote: bytes of buffer per CPU, 0 for the
 *	default; from PATHSTATS_TRACE_BUFFER_MIN to
 *	PATHSTATS_TRACE_BUFFER_MAX.  null: must be 0
 * @retries: remote: attempts to write a message to a monitoring process
 *	that does not take it (its socket full) before it is dropped, at
 *	most PATHSTATS_TRACE_RETRIES_MAX; others: 0
 * @backoff_ns: remote: the wait after the first failed attempt, to write
 *	or to connect, doubled after each, 0 for the default; others: 0
 * @backoff_max_ns: remote: the longest such wait, 0 for the default, at
 *	least @backoff_ns; others: 0
 * @endpoint: remote: the monitoring process's SOCK_SEQPACKET unix socket,
 *	an absolute path or "@" and an abstract name, NUL-terminated and
 *	NUL-padded; others: all 0
 * @reserved: must be 0
 */
struct pathstats_trace_sink_rule {
	__u32 type;
	__u32 flags;
	__u32 buffer_bytes;
	__u32 retries;
	__u64 backoff_ns;
	__u64 backoff_max_ns;
	char endpoint[PATHSTATS_TRACE_ENDPOINT_LEN];
	__u32 reserved;
};

/**
 * struct pathstats_trace_session - argument of PATHSTATS_IOC_TRACE_CREATE
 * @name: the session's name, NUL-terminated and NUL-padded
 * @points: user address of @point_count struct pathstats_trace_point_rule
 * @sinks: user address of @sink_count struct pathstats_trace_sink_rule
 * @point_count: 1 to PATHSTATS_TRACE_POINTS_MAX
 * @sink_count: 1 to PATHSTATS_TRACE_SINKS_MAX
 * @reserved: must be 0
 */
struct pathstats_trace_session {
	char name[PATHSTATS_TRACE_NAME_LEN];
	__u64 points;
	__u64 sinks;
	__u32 point_count;
	__u32 sink_count;
	__u64 reserved[2];
};

/**
 * struct pathstats_trace_name - argument of PATHSTATS_IOC_TRACE_DELETE
 *	and PATHSTATS_IOC_TRACE_OPEN
 * @name: a session's name, NUL-terminated and NUL-padded
 */
struct pathstats_trace_name {
	char name[PATHSTATS_TRACE_NAME_LEN];
};

/**
 * struct pathstats_trace_sink_info - a sink, in struct
 *	pathstats_trace_session_info
 * @type: enum pathstats_trace_sink_type
 * @flags: as created
 * @delivered: messages given to the sink: written to its buffer (device),
 *	counted (null), written to the monitoring process (remote)
 * @dropped: messages the sink had no room for, or (remote) could not
 *	write
 * @unreported: of @dropped, those no message delivered since counts in
 *	its dropped field (yet)
 * @connects: remote: connections made to the monitoring process
 * @connected: remote: 1 while connected
 * @reserved: zero
 */
struct pathstats_trace_sink_info {
	__u32 type;
	__u32 flags;
	__u64 delivered;
	__u64 dropped;
	__u64 unreported;
	__u64 connects;
	__u32 connected;
	__u32 reserved;
};

/**
 * struct pathstats_trace_session_info - a session, in PATHSTATS_IOC_TRACE_LIST
 * @name: its name, NUL-terminated and NUL-padded
 * @points: bitmap of (1 << enum pathstats_trace_point) it enables
 * @sink_count: entries of @sinks used
 * @reserved: zero
 * @sinks: its sinks, in the order created
 */
struct pathstats_trace_session_info {
	char name[PATHSTATS_TRACE_NAME_LEN];
	__u64 points;
	__u32 sink_count;
	__u32 reserved;
	struct pathstats_trace_sink_info sinks[PATHSTATS_TRACE_SINKS_MAX];
};

/**
 * struct pathstats_trace_list - argument of PATHSTATS_IOC_TRACE_LIST
 * @sessions: user address of @count struct pathstats_trace_session_info
 * @count: in: how many @sessions holds; out: sessions there are (only
 *	the first of them, by age, if more than fit)
 * @reserved: must be 0
 */
struct pathstats_trace_list {
	__u64 sessions;
	__u32 count;
	__u32 reserved;
};

/**
 * struct pathstats_trace_header - start of every trace message
 * @size: bytes of the message, this header included
 * @type: enum pathstats_trace_point: the point that fired
 * @flags: zero
 * @dropped: messages this sink dropped, on the CPU this one was written
 *	on, since the previous message it delivered from there
 */
struct pathstats_trace_header {
	__u32 size;
	__u16 type;
	__u16 flags;
	__u64 dropped;
};

#define PATHSTATS_IOC_MAGIC	0xB9
#define PATHSTATS_IOC_LOAD	_IOW(PATHSTATS_IOC_MAGIC, 1, struct pathstats_load)
#define PATHSTATS_IOC_CLEAR	_IO(PATHSTATS_IOC_MAGIC, 2)
#define PATHSTATS_IOC_STATUS	_IOR(PATHSTATS_IOC_MAGIC, 3, struct pathstats_status)
#define PATHSTATS_IOC_TRACE_CREATE \
	_IOW(PATHSTATS_IOC_MAGIC, 4, struct pathstats_trace_session)
#define PATHSTATS_IOC_TRACE_DELETE \
	_IOW(PATHSTATS_IOC_MAGIC, 5, struct pathstats_trace_name)
#define PATHSTATS_IOC_TRACE_LIST \
	_IOWR(PATHSTATS_IOC_MAGIC, 6, struct pathstats_trace_list)
#define PATHSTATS_IOC_TRACE_OPEN \
	_IOW(PATHSTATS_IOC_MAGIC, 7, struct pathstats_trace_name)

#endif /* _UAPI_LINUX_PATHSTATS_H */
