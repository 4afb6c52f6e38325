// SPDX-License-Identifier: GPL-2.0
/*
 * pathstatsctl serve [--listen ADDR:PORT] [--max-methods N]: GET /metrics
 * for Prometheus.
 *
 * The answer is what "export" prints, plus the per-method metrics, which
 * a thread keeps up to date by consuming the capture ring.  HTTP is
 * libmicrohttpd's, on its own thread; the main thread only waits for
 * SIGTERM or SIGINT and then shuts both down.  Binds to 127.0.0.1 unless
 * told otherwise: the metrics name paths and methods.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
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

#define SERVE_DEFAULT_LISTEN	"127.0.0.1:9477"
#define SERVE_POLL_MS		200

struct serve {
	struct sfs_tree fs;
	pthread_mutex_t lock;	/* methods */
	struct methods methods;
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
	char *body = NULL;
	FILE *f;
	int ret;

	f = open_memstream(&body, len);
	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return NULL;
	}
	ret = export_write(f, &sv->fs, err);
	pthread_mutex_lock(&sv->lock);
	methods_sort(&sv->methods);
	methods_prometheus(f, &sv->methods);
	pthread_mutex_unlock(&sv->lock);
	if (fclose(f) || ret) {
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

int serve_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "max-methods", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *listen = SERVE_DEFAULT_LISTEN;
	size_t max_methods = METHODS_MAX_DEFAULT;
	struct MHD_Daemon *httpd;
	struct sockaddr_in sin;
	struct serve sv;
	pthread_t ring;
	sigset_t sigs;
	int c, sig;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+l:m:", opts, NULL)) != -1) {
		if (c == 'l') {
			listen = optarg;
			continue;
		}
		if (c != 'm')
			return cmd_usage_err("unknown option or missing value '%s' for 'serve'",
					     argv[optind - 1]);
		c = methods_max_option(optarg, &max_methods);
		if (c)
			return c;
	}
	if (optind < argc)
		return cmd_usage_err("unexpected argument '%s' for 'serve'",
				     argv[optind]);
	if (serve_parse_listen(listen, &sin))
		return cmd_usage_err("bad --listen '%s' (expected IPV4ADDR:PORT, e.g. %s)",
				     listen, SERVE_DEFAULT_LISTEN);

	memset(&sv, 0, sizeof(sv));
	if (cmd_open_stats(&sv.fs))
		return CMD_EXIT_KERNEL;
	if (methods_init(&sv.methods)) {
		sfs_close(&sv.fs);
		cmd_err("out of memory");
		return CMD_EXIT_KERNEL;
	}
	sv.methods.max_methods = max_methods;
	pthread_mutex_init(&sv.lock, NULL);

	/* Only this thread takes the signals: the others inherit the mask. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	c = CMD_EXIT_KERNEL;
	if (pthread_create(&ring, NULL, serve_ring, &sv)) {
		cmd_err("cannot start the ring reader");
		goto out;
	}
	httpd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
				 MHD_USE_ERROR_LOG, 0, NULL, NULL,
				 serve_request, &sv,
				 MHD_OPTION_SOCK_ADDR, &sin,
				 MHD_OPTION_END);
	if (!httpd) {
		cmd_err("cannot listen on %s: %s", listen, strerror(errno));
	} else {
		fprintf(stderr, "pathstatsctl: serving http://%s/metrics\n",
			listen);
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
	sfs_close(&sv.fs);
	return c;
}
