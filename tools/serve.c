// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl serve [--listen ADDR:PORT] [--max-methods N]
 * [--max-connections N] [--max-connections-per-ip N] [--timeout SECONDS]
 * [--web-config FILE]: GET /metrics for Prometheus.
 *
 * The answer is what "export" prints, plus the per-method metrics, which
 * a thread keeps up to date by consuming the capture ring.  HTTP is
 * libmicrohttpd's: epoll, on a pool of threads, so that idle connections
 * cost no thread and one slow request (a bcrypt check) holds up only its
 * own; connections are limited in number, overall and per client
 * address, and closed when idle for the timeout.  A scrape holds the
 * decoder's lock only to copy its table of methods, and sorts and prints
 * the copy after.  The main thread only waits for SIGTERM or SIGINT and
 * then shuts everything down.  Binds to 127.0.0.1 unless told otherwise:
 * the metrics name paths and methods.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "cmd.h"
#include "device.h"
#include "export.h"
#include "methods.h"
#include "records.h"
#include "serve.h"
#include "statsfs.h"
#include "webcfg.h"

#define SERVE_DEFAULT_LISTEN	"127.0.0.1:9477"
#define SERVE_POLL_MS		200
#define SERVE_REALM		"pathstats"
/* HTTP's threads; fewer if fewer connections are allowed. */
#define SERVE_THREADS		4
#define SERVE_CONN_DEFAULT	64
#define SERVE_CONN_LIMIT	10000
#define SERVE_PER_IP_DEFAULT	16
#define SERVE_TIMEOUT_DEFAULT	30
#define SERVE_TIMEOUT_LIMIT	3600

struct serve {
	struct sfs_tree fs;
	pthread_mutex_t lock;	/* methods */
	struct methods methods;
	struct webcfg web;
	atomic_bool stop;
	atomic_int ring_error;
};

/**
 * serve_parse_listen - parse ADDR:PORT
 * @s: the text, an IPv4 address and a port
 * @sin: filled in
 *
 * Return: 0, or -EINVAL.
 */
int serve_parse_listen(const char *s, struct sockaddr_in *sin)
{
	const char *colon = strrchr(s, ':');
	char addr[INET_ADDRSTRLEN], *end;
	unsigned long port;

	if (!colon || colon == s || (size_t)(colon - s) >= sizeof(addr))
		return -EINVAL;
	memcpy(addr, s, colon - s);
	addr[colon - s] = '\0';
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port > 65535 || colon[1] == '-' ||
	    colon[1] == '+')
		return -EINVAL;
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	return inet_pton(AF_INET, addr, &sin->sin_addr) == 1 ? 0 : -EINVAL;
}

/* Consumes the ring until told to stop; the methods stay up to date. */
static void *serve_ring(void *arg)
{
	const struct pathstats_record *rec;
	struct serve *sv = arg;
	struct records r;
	char err[512];
	int n;

	if (records_open(&r, DEVICE_PATH, false, err, sizeof(err))) {
		cmd_err("%s", err);
		sv->ring_error = 1;
		return NULL;
	}
	while (!sv->stop) {
		struct pollfd pfd = { .fd = r.fd, .events = POLLIN };

		n = records_next(&r, &rec, err, sizeof(err));
		if (n < 0) {
			cmd_err("%s", err);
			sv->ring_error = 1;
			break;
		}
		if (!n) {
			poll(&pfd, 1, SERVE_POLL_MS);
			continue;
		}
		pthread_mutex_lock(&sv->lock);
		n = methods_decode(&sv->methods, rec);
		pthread_mutex_unlock(&sv->lock);
		if (n) {
			cmd_err("out of memory");
			sv->ring_error = 1;
			break;
		}
	}
	records_close(&r);
	return NULL;
}

/* The body of /metrics, malloc()ed; NULL with @err set on failure. */
static char *serve_metrics(struct serve *sv, size_t *len,
			   struct sfs_error *err)
{
	struct methods snap;
	char *body = NULL;
	int ret, oom;
	FILE *f;

	f = open_memstream(&body, len);
	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return NULL;
	}
	ret = export_write(f, &sv->fs, err);
	/* The ring reader waits for the copy only, not for the output. */
	pthread_mutex_lock(&sv->lock);
	oom = methods_snapshot(&sv->methods, &snap);
	pthread_mutex_unlock(&sv->lock);
	if (!oom) {
		methods_sort(&snap);
		methods_prometheus(f, &snap);
		free(snap.entries);
	}
	if (fclose(f) || ret || oom) {
		free(body);
		if (!ret)
			snprintf(err->msg, sizeof(err->msg), "out of memory");
		return NULL;
	}
	return body;
}

static enum MHD_Result serve_reply(struct MHD_Connection *conn,
				   unsigned int status, const char *type,
				   char *body, size_t len)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result serve_text(struct MHD_Connection *conn,
				  unsigned int status, const char *text)
{
	char *body = strdup(text);

	return body ? serve_reply(conn, status, "text/plain; charset=utf-8",
				  body, strlen(body)) : MHD_NO;
}

/* Whether the request carries a user and password of the web config. */
static bool serve_authorized(struct serve *sv, struct MHD_Connection *conn)
{
	char *user, *password = NULL;
	bool ok;

	if (!sv->web.nusers)
		return true;
	user = MHD_basic_auth_get_username_password(conn, &password);
	ok = webcfg_authorized(&sv->web, user, password);
	if (password) {
		explicit_bzero(password, strlen(password));
		MHD_free(password);
	}
	if (user)
		MHD_free(user);
	return ok;
}

/* 401, with the WWW-Authenticate header that asks for basic auth. */
static enum MHD_Result serve_unauthorized(struct MHD_Connection *conn)
{
	static const char text[] = "pathstats: unauthorized\n";
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(strlen(text), (void *)text,
					       MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				"text/plain; charset=utf-8");
	ret = MHD_queue_basic_auth_fail_response(conn, SERVE_REALM, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result serve_request(void *cls, struct MHD_Connection *conn,
				     const char *url, const char *method,
				     const char *version, const char *upload,
				     size_t *upload_size, void **state)
{
	struct sfs_error err;
	struct serve *sv = cls;
	size_t len;
	char *body;

	(void)version;
	(void)upload;
	(void)upload_size;
	(void)state;
	if (!serve_authorized(sv, conn))
		return serve_unauthorized(conn);
	if (strcmp(method, MHD_HTTP_METHOD_GET) &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD))
		return serve_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
				  "only GET\n");
	if (strcmp(url, "/metrics"))
		return serve_text(conn, MHD_HTTP_NOT_FOUND,
				  "pathstats: see /metrics\n");
	body = serve_metrics(sv, &len, &err);
	if (!body) {
		cmd_err("%s", err.msg);
		return serve_text(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
				  "cannot read the counters\n");
	}
	return serve_reply(conn, MHD_HTTP_OK,
			   "text/plain; version=0.0.4; charset=utf-8", body,
			   len);
}

/* libmicrohttpd's messages, as ours: one line each, named. */
static void serve_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t len;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	len = strlen(msg);
	while (len && msg[len - 1] == '\n')
		msg[--len] = '\0';
	cmd_err("libmicrohttpd: %s", msg);
}

/* The value of a numeric option, @min to @max; else a usage error. */
static int serve_number(const char *opt, const char *arg, unsigned int min,
			unsigned int max, const char *unit, unsigned int *v)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end || errno || n < min || n > max)
		return cmd_usage_err("bad --%s '%s' (expected %u to %u%s)", opt,
				     arg, min, max, unit);
	*v = n;
	return 0;
}

struct serve_opts {
	const char *listen;
	const char *web_config;
	size_t max_methods;
	unsigned int max_conn;
	unsigned int per_ip;	/* 0: not given */
	unsigned int timeout;
	struct sockaddr_in sin;
};

static int serve_parse_opts(int argc, char **argv, struct serve_opts *o)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "max-methods", required_argument, NULL, 'm' },
		{ "max-connections", required_argument, NULL, 'c' },
		{ "max-connections-per-ip", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		{ "web-config", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+l:m:c:p:t:w:", opts,
				NULL)) != -1) {
		switch (c) {
		case 'l':
			o->listen = optarg;
			ret = 0;
			break;
		case 'w':
			o->web_config = optarg;
			ret = 0;
			break;
		case 'm':
			ret = methods_max_option(optarg, &o->max_methods);
			break;
		case 'c':
			ret = serve_number("max-connections", optarg, 1,
					   SERVE_CONN_LIMIT, "", &o->max_conn);
			break;
		case 'p':
			ret = serve_number("max-connections-per-ip", optarg, 1,
					   SERVE_CONN_LIMIT, "", &o->per_ip);
			break;
		case 't':
			ret = serve_number("timeout", optarg, 1,
					   SERVE_TIMEOUT_LIMIT, " seconds",
					   &o->timeout);
			break;
		default:
			return cmd_usage_err("unknown option or missing value '%s' for 'serve'",
					     argv[optind - 1]);
		}
		if (ret)
			return ret;
	}
	if (optind < argc)
		return cmd_usage_err("unexpected argument '%s' for 'serve'",
				     argv[optind]);
	if (serve_parse_listen(o->listen, &o->sin))
		return cmd_usage_err("bad --listen '%s' (expected IPV4ADDR:PORT, e.g. %s)",
				     o->listen, SERVE_DEFAULT_LISTEN);
	if (o->per_ip > o->max_conn)
		return cmd_usage_err("--max-connections-per-ip %u exceeds --max-connections %u",
				     o->per_ip, o->max_conn);
	if (!o->per_ip)
		o->per_ip = o->max_conn < SERVE_PER_IP_DEFAULT ?
			    o->max_conn : SERVE_PER_IP_DEFAULT;
	return 0;
}

/* The web configuration of --web-config, if any: 0 or an exit code. */
static int serve_load_web(struct serve *sv, const char *file)
{
	struct cfg_error err;

	if (!file)
		return 0;
	if (webcfg_load(file, &sv->web, &err)) {
		cmd_err("%s", err.msg);
		return CMD_EXIT_USAGE;
	}
	if (sv->web.cert && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		webcfg_free(&sv->web);
		cmd_err("%s: this libmicrohttpd has no TLS", file);
		return CMD_EXIT_USAGE;
	}
	if (sv->web.nusers && !sv->web.cert)
		cmd_warn("%s: basic_auth_users without tls_server_config: passwords cross the network in clear",
			 file);
	return 0;
}

/*
 * libmicrohttpd, listening as @o says: NULL, with the message said and
 * @exit set.  A failure with no errno, given TLS, is the certificate's
 * or the key's: bad input.
 */
static struct MHD_Daemon *serve_start(struct serve *sv,
				      const struct serve_opts *o, int *exit)
{
	unsigned int threads = o->max_conn < SERVE_THREADS ? o->max_conn :
			       SERVE_THREADS;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			     MHD_USE_ERROR_LOG;
	struct MHD_OptionItem opts[] = {
		/* First, or libmicrohttpd logs its own way until it. */
		{ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)serve_log, NULL },
		{ MHD_OPTION_SOCK_ADDR, 0, (void *)&o->sin },
		{ MHD_OPTION_CONNECTION_LIMIT, o->max_conn, NULL },
		{ MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->per_ip, NULL },
		{ MHD_OPTION_CONNECTION_TIMEOUT, o->timeout, NULL },
		{ MHD_OPTION_END, 0, NULL },	/* the pool, if of several */
		{ MHD_OPTION_END, 0, NULL },	/* the key, with TLS */
		{ MHD_OPTION_END, 0, NULL },	/* the certificate */
		{ MHD_OPTION_END, 0, NULL },
	};
	struct MHD_Daemon *httpd;
	size_t n = ARRAY_SIZE(opts) - 4;
	int err;

	/* A pool of one is no pool: libmicrohttpd says so on stderr. */
	if (threads > 1)
		opts[n++] = (struct MHD_OptionItem){
			MHD_OPTION_THREAD_POOL_SIZE, threads, NULL };
	if (sv->web.cert) {
		flags |= MHD_USE_TLS;
		opts[n++] = (struct MHD_OptionItem){
			MHD_OPTION_HTTPS_MEM_KEY, 0, sv->web.key };
		opts[n++] = (struct MHD_OptionItem){
			MHD_OPTION_HTTPS_MEM_CERT, 0, sv->web.cert };
	}
	errno = 0;
	httpd = MHD_start_daemon(flags, 0, NULL, NULL, serve_request, sv,
				 MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (httpd)
		return httpd;
	err = errno;
	*exit = sv->web.cert && !err ? CMD_EXIT_USAGE : CMD_EXIT_KERNEL;
	if (sv->web.cert && !err)
		cmd_err("cannot serve TLS on %s: are %s and %s a certificate and its key, in PEM?",
			o->listen, sv->web.cert_file, sv->web.key_file);
	else
		cmd_err("cannot listen on %s: %s", o->listen,
			err ? strerror(err) : "failed");
	return NULL;
}

int serve_main(int argc, char **argv)
{
	struct serve_opts o = {
		.listen = SERVE_DEFAULT_LISTEN,
		.max_methods = METHODS_MAX_DEFAULT,
		.max_conn = SERVE_CONN_DEFAULT,
		.timeout = SERVE_TIMEOUT_DEFAULT,
	};
	struct MHD_Daemon *httpd;
	struct serve sv;
	pthread_t ring;
	sigset_t sigs;
	int c, sig;

	c = serve_parse_opts(argc, argv, &o);
	if (c)
		return c;
	memset(&sv, 0, sizeof(sv));
	c = serve_load_web(&sv, o.web_config);
	if (c)
		return c;
	c = CMD_EXIT_KERNEL;
	if (cmd_open_stats(&sv.fs))
		goto out_web;
	if (methods_init(&sv.methods)) {
		cmd_err("out of memory");
		goto out_fs;
	}
	sv.methods.max_methods = o.max_methods;
	pthread_mutex_init(&sv.lock, NULL);

	/* Only this thread takes the signals: the others inherit the mask. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	if (pthread_create(&ring, NULL, serve_ring, &sv)) {
		cmd_err("cannot start the ring reader");
		goto out;
	}
	httpd = serve_start(&sv, &o, &c);
	if (httpd) {
		fprintf(stderr, "pathstatsctl: serving %s://%s/metrics\n",
			sv.web.cert ? "https" : "http", o.listen);
		while (!sigwait(&sigs, &sig) && sig != SIGTERM && sig != SIGINT)
			;
		MHD_stop_daemon(httpd);
		c = CMD_EXIT_OK;
	}
	sv.stop = true;
	pthread_join(ring, NULL);
	if (sv.ring_error && c == CMD_EXIT_OK)
		c = CMD_EXIT_KERNEL;
out:
	pthread_mutex_destroy(&sv.lock);
	methods_free(&sv.methods);
out_fs:
	sfs_close(&sv.fs);
out_web:
	webcfg_free(&sv.web);
	return c;
}
