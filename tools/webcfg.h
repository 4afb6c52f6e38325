/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The web configuration of pathstatsctl serve (--web-config FILE): the
 * YAML format of the Prometheus exporter toolkit, as far as serve
 * supports it: TLS (tls_server_config: cert_file, key_file) and HTTP
 * basic authentication (basic_auth_users: user: bcrypt hash).  Every
 * other key of that format is rejected as unsupported, any key outside
 * it as unknown.
 *
 * Errors are one message, "FILE:LINE:COLUMN: what" or "FILE: what", as
 * those of the configuration (config.h).
 */
#ifndef _PATHSTATS_TOOLS_WEBCFG_H
#define _PATHSTATS_TOOLS_WEBCFG_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

/* Largest web configuration read, and largest certificate or key. */
#define WEBCFG_FILE_MAX		(64U << 10)
#define WEBCFG_PEM_MAX		(1U << 20)
/* At most this many users, of names of at most this many bytes. */
#define WEBCFG_USERS_MAX	100
#define WEBCFG_USER_MAX		255
/* A bcrypt hash: "$2b$", two digits of cost, "$", 53 characters. */
#define WEBCFG_HASH_LEN		60

struct webcfg_user {
	char *name;
	char *hash;
};

/**
 * struct webcfg - a web configuration
 * @cert_file: the certificate's path, relative ones resolved against the
 *	directory of the web configuration; NULL: no TLS
 * @key_file: the private key's path, likewise
 * @cert: the certificate chain (PEM), read by webcfg_load()
 * @key: the key (PEM), likewise
 * @users: who may connect; none: everyone
 * @nusers: their number
 */
struct webcfg {
	char *cert_file;
	char *key_file;
	char *cert;
	char *key;
	struct webcfg_user *users;
	size_t nusers;
};

int webcfg_parse(const char *file, const char *buf, size_t len,
		 struct webcfg *wc, struct cfg_error *err);
int webcfg_load(const char *file, struct webcfg *wc,
		struct cfg_error *err);
void webcfg_free(struct webcfg *wc);
bool webcfg_hash_valid(const char *hash);
bool webcfg_authorized(const struct webcfg *wc, const char *user,
		       const char *password);

#endif /* _PATHSTATS_TOOLS_WEBCFG_H */
