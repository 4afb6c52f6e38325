// SPDX-License-Identifier: GPL-2.0
/*
 * The web configuration of pathstatsctl serve.  See webcfg.h.
 *
 * libyaml's document API builds the tree; one pass over it checks every
 * node.  The first error stops the parse.  Passwords are checked with
 * libxcrypt's crypt_rn() against bcrypt hashes, and its result compared
 * with the hash in constant time.
 */

#include <crypt.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "compiler.h"
#include "webcfg.h"

struct webcfg_parser {
	const char *file;
	yaml_document_t *doc;
	struct webcfg *wc;
	struct cfg_error *err;
};

/* The keys of a map, with what the map gave them. */
struct webcfg_key {
	const char *name;
	yaml_node_t *key;
	yaml_node_t *value;
};

/* Keys of the exporter toolkit's format that serve does not support. */
static const char *const webcfg_unsupported[] = {
	"http_server_config", "cert", "key", "client_ca_file",
	"client_allowed_sans", "cipher_suites", "curve_preferences",
	"min_version", "max_version", "prefer_server_cipher_suites",
};

__printf(3, 4)
static int webcfg_fail(struct webcfg_parser *p, const yaml_node_t *n,
		       const char *fmt, ...)
{
	char *msg = p->err->msg;
	size_t size = sizeof(p->err->msg);
	va_list ap;
	int len;

	if (n)
		len = snprintf(msg, size, "%s:%zu:%zu: ", p->file,
			       n->start_mark.line + 1,
			       n->start_mark.column + 1);
	else
		len = snprintf(msg, size, "%s: ", p->file);
	if (len < 0 || (size_t)len >= size)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(msg + len, size - len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int webcfg_nomem(struct webcfg_parser *p)
{
	snprintf(p->err->msg, sizeof(p->err->msg), "%s: out of memory",
		 p->file);
	return -ENOMEM;
}

static yaml_node_t *webcfg_node(struct webcfg_parser *p, int id)
{
	return yaml_document_get_node(p->doc, id);
}

/* A scalar of at least one byte and no NUL: its text, else NULL. */
static const char *webcfg_text(const yaml_node_t *n)
{
	const char *s;

	if (n->type != YAML_SCALAR_NODE || !n->data.scalar.length)
		return NULL;
	s = (const char *)n->data.scalar.value;
	if (strlen(s) != n->data.scalar.length)
		return NULL;
	if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (!strcmp(s, "~") || !strcasecmp(s, "null")))
		return NULL;
	return s;
}

static bool webcfg_is_unsupported(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(webcfg_unsupported); i++)
		if (!strcmp(name, webcfg_unsupported[i]))
			return true;
	return false;
}

/* Match the pairs of the map @map against @keys; @where names it. */
static int webcfg_map(struct webcfg_parser *p, yaml_node_t *map,
		      const char *where, struct webcfg_key *keys, size_t n)
{
	yaml_node_pair_t *pair;
	const char *name;
	yaml_node_t *k;
	size_t i;

	if (map->type != YAML_MAPPING_NODE)
		return webcfg_fail(p, map, "%s must be a map", where);
	for (pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		k = webcfg_node(p, pair->key);
		name = webcfg_text(k);
		if (!name)
			return webcfg_fail(p, k, "a key must be a string");
		for (i = 0; i < n; i++)
			if (!strcmp(keys[i].name, name))
				break;
		if (i == n && webcfg_is_unsupported(name))
			return webcfg_fail(p, k,
					   "'%.64s' in %s is not supported by pathstatsctl serve",
					   name, where);
		if (i == n)
			return webcfg_fail(p, k, "unknown key '%.64s' in %s",
					   name, where);
		if (keys[i].key)
			return webcfg_fail(p, k,
					   "duplicate key '%s' in %s (first at line %zu)",
					   name, where,
					   keys[i].key->start_mark.line + 1);
		keys[i].key = k;
		keys[i].value = webcfg_node(p, pair->value);
	}
	return 0;
}

/*
 * The path @n names, relative ones resolved against the directory of
 * the web configuration, as the exporter toolkit does.
 */
static int webcfg_path(struct webcfg_parser *p, yaml_node_t *n,
		       const char *key, char **path)
{
	const char *s = webcfg_text(n), *slash;
	int ret;

	if (!s)
		return webcfg_fail(p, n, "'%s' must be a file name", key);
	slash = strrchr(p->file, '/');
	if (s[0] == '/' || !slash)
		ret = asprintf(path, "%s", s);
	else
		ret = asprintf(path, "%.*s/%s", (int)(slash - p->file),
			       p->file, s);
	if (ret < 0) {
		*path = NULL;
		return webcfg_nomem(p);
	}
	return 0;
}

static int webcfg_tls(struct webcfg_parser *p, yaml_node_t *n)
{
	enum { CERT, KEY, CLIENT_AUTH };
	struct webcfg_key keys[] = {
		[CERT] = { "cert_file" },
		[KEY] = { "key_file" },
		[CLIENT_AUTH] = { "client_auth_type" },
	};
	const char *where = "tls_server_config";
	const char *s;
	int ret;

	ret = webcfg_map(p, n, where, keys, ARRAY_SIZE(keys));
	if (ret)
		return ret;
	if (!keys[CERT].key)
		return webcfg_fail(p, n, "missing 'cert_file' in %s", where);
	if (!keys[KEY].key)
		return webcfg_fail(p, n, "missing 'key_file' in %s", where);
	if (keys[CLIENT_AUTH].key) {
		s = webcfg_text(keys[CLIENT_AUTH].value);
		if (!s || strcmp(s, "NoClientCert"))
			return webcfg_fail(p, keys[CLIENT_AUTH].value,
					   "client_auth_type: only NoClientCert is supported (client certificates are not)");
	}
	ret = webcfg_path(p, keys[CERT].value, "cert_file",
			  &p->wc->cert_file);
	if (!ret)
		ret = webcfg_path(p, keys[KEY].value, "key_file",
				  &p->wc->key_file);
	return ret;
}

/* Whether @c is of bcrypt's base64 alphabet, "./A-Za-z0-9". */
static bool webcfg_b64(char c)
{
	return c == '.' || c == '/' || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/**
 * webcfg_hash_valid - whether a password hash is one serve can check
 * @hash: the hash
 *
 * Return: true for a bcrypt hash: "$2a$", "$2b$" or "$2y$", a cost of
 * 04 to 31, "$", then 53 characters of bcrypt's base64 alphabet.
 */
bool webcfg_hash_valid(const char *hash)
{
	int cost, i;

	if (strlen(hash) != WEBCFG_HASH_LEN || hash[0] != '$' ||
	    hash[1] != '2' || !strchr("aby", hash[2]) ||
	    hash[3] != '$' || hash[6] != '$')
		return false;
	if (hash[4] < '0' || hash[4] > '9' || hash[5] < '0' || hash[5] > '9')
		return false;
	cost = (hash[4] - '0') * 10 + hash[5] - '0';
	if (cost < 4 || cost > 31)
		return false;
	for (i = 7; i < WEBCFG_HASH_LEN; i++)
		if (!webcfg_b64(hash[i]))
			return false;
	return true;
}

static int webcfg_user(struct webcfg_parser *p, yaml_node_t *k,
		       yaml_node_t *v)
{
	struct webcfg *wc = p->wc;
	struct webcfg_user *u;
	const char *name = webcfg_text(k), *hash;
	size_t i;

	if (!name)
		return webcfg_fail(p, k, "a user name must be a string");
	if (strlen(name) > WEBCFG_USER_MAX)
		return webcfg_fail(p, k,
				   "user name longer than %d bytes",
				   WEBCFG_USER_MAX);
	for (i = 0; name[i]; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f ||
		    name[i] == ':')
			return webcfg_fail(p, k,
					   "user name '%.64s' contains ':' or a control character",
					   name);
	for (i = 0; i < wc->nusers; i++)
		if (!strcmp(wc->users[i].name, name))
			return webcfg_fail(p, k, "duplicate user '%.64s'",
					   name);
	if (wc->nusers == WEBCFG_USERS_MAX)
		return webcfg_fail(p, k, "more than %d users",
				   WEBCFG_USERS_MAX);
	hash = webcfg_text(v);
	if (!hash || !webcfg_hash_valid(hash))
		return webcfg_fail(p, v,
				   "the password of '%.64s' must be a bcrypt hash ($2a$, $2b$ or $2y$, %d characters)",
				   name, WEBCFG_HASH_LEN);
	u = &wc->users[wc->nusers];
	u->name = strdup(name);
	u->hash = strdup(hash);
	if (!u->name || !u->hash) {
		free(u->name);
		free(u->hash);
		return webcfg_nomem(p);
	}
	wc->nusers++;
	return 0;
}

static int webcfg_users(struct webcfg_parser *p, yaml_node_t *n)
{
	yaml_node_pair_t *pair;
	int ret;

	if (n->type != YAML_MAPPING_NODE)
		return webcfg_fail(p, n,
				   "basic_auth_users must be a map of user names to bcrypt hashes");
	if (n->data.mapping.pairs.start == n->data.mapping.pairs.top)
		return webcfg_fail(p, n,
				   "basic_auth_users is empty (expected at least one user)");
	p->wc->users = calloc(WEBCFG_USERS_MAX, sizeof(*p->wc->users));
	if (!p->wc->users)
		return webcfg_nomem(p);
	for (pair = n->data.mapping.pairs.start;
	     pair < n->data.mapping.pairs.top; pair++) {
		ret = webcfg_user(p, webcfg_node(p, pair->key),
				  webcfg_node(p, pair->value));
		if (ret)
			return ret;
	}
	return 0;
}

static int webcfg_root(struct webcfg_parser *p, yaml_node_t *root)
{
	enum { TLS, USERS };
	struct webcfg_key keys[] = {
		[TLS] = { "tls_server_config" },
		[USERS] = { "basic_auth_users" },
	};
	int ret;

	ret = webcfg_map(p, root, "the web configuration", keys,
			 ARRAY_SIZE(keys));
	if (!ret && keys[TLS].key)
		ret = webcfg_tls(p, keys[TLS].value);
	if (!ret && keys[USERS].key)
		ret = webcfg_users(p, keys[USERS].value);
	return ret;
}

/**
 * webcfg_parse - parse and check a web configuration
 * @file: the file's name, for messages and relative paths
 * @buf: its contents
 * @len: their length
 * @wc: filled on success; webcfg_free() it
 * @err: filled on failure
 *
 * An empty file is valid: no TLS, no authentication.  The certificate
 * and key are not read: see webcfg_load().
 *
 * Return: 0, -EINVAL for bad input, or -ENOMEM.  On failure @wc holds
 * nothing to free.
 */
int webcfg_parse(const char *file, const char *buf, size_t len,
		 struct webcfg *wc, struct cfg_error *err)
{
	struct webcfg_parser p = { .file = file, .wc = wc, .err = err };
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	int ret = 0;

	memset(wc, 0, sizeof(*wc));
	err->msg[0] = '\0';
	if (!yaml_parser_initialize(&parser))
		return webcfg_nomem(&p);
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		if (parser.error == YAML_MEMORY_ERROR)
			ret = webcfg_nomem(&p);
		else
			ret = -EINVAL;
		if (ret == -EINVAL)
			snprintf(err->msg, sizeof(err->msg),
				 "%s:%zu:%zu: malformed YAML: %s", file,
				 parser.problem_mark.line + 1,
				 parser.problem_mark.column + 1,
				 parser.problem ? parser.problem : "error");
		yaml_parser_delete(&parser);
		return ret;
	}
	p.doc = &doc;
	root = yaml_document_get_root_node(&doc);
	if (root && !(root->type == YAML_SCALAR_NODE &&
		      !webcfg_text(root)))
		ret = webcfg_root(&p, root);
	yaml_document_delete(&doc);
	/* What a second document says would be ignored: refuse it. */
	if (!ret && root && yaml_parser_load(&parser, &doc)) {
		if (yaml_document_get_root_node(&doc))
			ret = webcfg_fail(&p, NULL,
					  "a second YAML document: a web configuration is one document");
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&parser);
	if (ret)
		webcfg_free(wc);
	return ret;
}

/**
 * webcfg_load - read, parse and check a web configuration, and read the
 * certificate and key it names
 * @file: its path
 * @wc: filled on success; webcfg_free() it
 * @err: filled on failure
 *
 * Return: as webcfg_parse(), or the negative errno of reading a file.
 */
int webcfg_load(const char *file, struct webcfg *wc,
		struct cfg_error *err)
{
	size_t len;
	char *buf;
	int ret;

	memset(wc, 0, sizeof(*wc));
	ret = cfg_read_file(file, WEBCFG_FILE_MAX, &buf, &len, err);
	if (ret)
		return ret;
	ret = webcfg_parse(file, buf, len, wc, err);
	free(buf);
	if (ret || !wc->cert_file)
		return ret;
	ret = cfg_read_file(wc->cert_file, WEBCFG_PEM_MAX, &wc->cert, &len,
			    err);
	if (!ret)
		ret = cfg_read_file(wc->key_file, WEBCFG_PEM_MAX, &wc->key,
				    &len, err);
	if (ret)
		webcfg_free(wc);
	return ret;
}

/**
 * webcfg_free - free what webcfg_parse() or webcfg_load() filled in
 * @wc: the web configuration, zeroed
 */
void webcfg_free(struct webcfg *wc)
{
	size_t i;

	for (i = 0; i < wc->nusers; i++) {
		free(wc->users[i].name);
		free(wc->users[i].hash);
	}
	free(wc->users);
	free(wc->cert_file);
	free(wc->key_file);
	free(wc->cert);
	if (wc->key)
		explicit_bzero(wc->key, strlen(wc->key));
	free(wc->key);
	memset(wc, 0, sizeof(*wc));
}

/* Whether the @n bytes at @a and @b are equal, in a time that is not. */
static bool webcfg_equal(const char *a, const char *b, size_t n)
{
	unsigned char diff = 0;
	size_t i;

	for (i = 0; i < n; i++)
		diff |= (unsigned char)a[i] ^ (unsigned char)b[i];
	return !diff;
}

/**
 * webcfg_authorized - whether a user and password may connect
 * @wc: the web configuration; without users, everyone may
 * @user: the user name the client sent, or NULL for none
 * @password: its password, or NULL
 *
 * An unknown user costs a bcrypt computation too, so that the time of
 * an answer does not tell which users exist; no user or password costs
 * none.  Thread-safe.
 *
 * Return: true if @wc has no users, or @user is one of them and
 * @password matches its hash.
 */
bool webcfg_authorized(const struct webcfg *wc, const char *user,
		       const char *password)
{
	const struct webcfg_user *u = NULL;
	struct crypt_data *cd;
	const char *hash;
	bool ok = false;
	size_t i;

	if (!wc->nusers)
		return true;
	/* Nothing to check, and nothing the time could tell. */
	if (!user || !password)
		return false;
	for (i = 0; i < wc->nusers; i++)
		if (!strcmp(wc->users[i].name, user))
			u = &wc->users[i];
	hash = u ? u->hash : wc->users[0].hash;
	cd = calloc(1, sizeof(*cd));
	if (!cd)
		return false;
	if (crypt_rn(password, hash, cd, sizeof(*cd)) &&
	    strlen(cd->output) == WEBCFG_HASH_LEN)
		ok = webcfg_equal(cd->output, hash, WEBCFG_HASH_LEN);
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return ok && u;
}
