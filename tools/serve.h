/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathstatsctl serve [--listen ADDR:PORT] [--web-config FILE] ...: HTTP
 * or HTTPS /metrics for Prometheus.
 */
#ifndef _PATHSTATS_TOOLS_SERVE_H
#define _PATHSTATS_TOOLS_SERVE_H

#include <netinet/in.h>

int serve_main(int argc, char **argv);
int serve_parse_listen(const char *s, struct sockaddr_in *sin);

#endif /* _PATHSTATS_TOOLS_SERVE_H */
