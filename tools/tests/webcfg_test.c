// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the web configuration of serve: the exporter toolkit's
 * format, every error with its exact message, the bounds, reading the
 * certificate and key, and the bcrypt check of passwords.
 */

#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "tree.h"

#include "compiler.h"
#include "webcfg.h"

/* A valid bcrypt hash (of no password anyone uses). */
#define HASH	"$2b$04$abcdefghijklmnopqrstuu5Vz0DqF8WZs9T5rYgrg5DGRnFwLzTQe"
#define FILE_	"/etc/pathstats/web.yml"

static void parse_ok(const char *yaml, struct webcfg *wc)
{
	struct cfg_error err;

	if (webcfg_parse(FILE_, yaml, strlen(yaml), wc, &err))
		fail_msg("failed: %s\ninput:\n%.200s", err.msg, yaml);
}

/* @yaml fails with exactly @msg, after "FILE_:". */
static void parse_fails(const char *yaml, const char *msg)
{
	struct cfg_error err;
	struct webcfg wc;
	char full[1100];

	snprintf(full, sizeof(full), "%s:%s", FILE_, msg);
	assert_int_equal(webcfg_parse(FILE_, yaml, strlen(yaml), &wc, &err),
			 -EINVAL);
	if (strcmp(err.msg, full))
		fail_msg("message: %s\nexpected: %s\ninput:\n%.200s",
			 err.msg, full, yaml);
	assert_null(wc.cert_file);
	assert_null(wc.users);
	assert_int_equal(wc.nusers, 0);
}

static void test_good(void **state)
{
	struct webcfg wc;

	(void)state;
	parse_ok("tls_server_config:\n"
		 "  cert_file: cert.pem\n"
		 "  key_file: /secret/key.pem\n"
		 "  client_auth_type: NoClientCert\n"
		 "basic_auth_users:\n"
		 "  prom: " HASH "\n"
		 "  'al ice': '" HASH "'\n", &wc);
	/* Relative to the web configuration's directory. */
	assert_string_equal(wc.cert_file, "/etc/pathstats/cert.pem");
	assert_string_equal(wc.key_file, "/secret/key.pem");
	assert_null(wc.cert);
	assert_int_equal(wc.nusers, 2);
	assert_string_equal(wc.users[0].name, "prom");
	assert_string_equal(wc.users[0].hash, HASH);
	assert_string_equal(wc.users[1].name, "al ice");
	webcfg_free(&wc);
	assert_null(wc.users);

	/* Empty: plain HTTP, no authentication, as the toolkit's. */
	parse_ok("", &wc);
	assert_null(wc.cert_file);
	assert_int_equal(wc.nusers, 0);
	webcfg_free(&wc);
	parse_ok("# nothing\n---\n", &wc);
	assert_null(wc.cert_file);
	webcfg_free(&wc);
	parse_ok("basic_auth_users: {prom: '" HASH "'}\n", &wc);
	assert_null(wc.cert_file);
	assert_int_equal(wc.nusers, 1);
	webcfg_free(&wc);
}

static void test_unknown_keys(void **state)
{
	(void)state;
	parse_fails("tls_server_config: {cert_file: c, key_file: k}\n"
		    "basic_auth: {prom: x}\n",
		    "2:1: unknown key 'basic_auth' in the web configuration");
	parse_fails("tls_server_config:\n  cert_file: c\n  key_file: k\n"
		    "  ciphers: [a]\n",
		    "4:3: unknown key 'ciphers' in tls_server_config");
	parse_fails("http_server_config: {http2: false}\n",
		    "1:1: 'http_server_config' in the web configuration is not supported by pathstatsctl serve");
	parse_fails("tls_server_config:\n  cert_file: c\n  key_file: k\n"
		    "  client_ca_file: ca.pem\n",
		    "4:3: 'client_ca_file' in tls_server_config is not supported by pathstatsctl serve");
	parse_fails("tls_server_config:\n  cert_file: c\n  key_file: k\n"
		    "  min_version: TLS13\n",
		    "4:3: 'min_version' in tls_server_config is not supported by pathstatsctl serve");
	parse_fails("tls_server_config:\n  cert_file: c\n  key_file: k\n"
		    "  client_auth_type: RequireAndVerifyClientCert\n",
		    "4:21: client_auth_type: only NoClientCert is supported (client certificates are not)");
	parse_fails("tls_server_config:\n  cert_file: c\n  cert_file: d\n"
		    "  key_file: k\n",
		    "3:3: duplicate key 'cert_file' in tls_server_config (first at line 2)");
	parse_fails("? [a]\n: b\n", "1:3: a key must be a string");
}

static void test_missing_and_types(void **state)
{
	(void)state;
	parse_fails("tls_server_config:\n  key_file: k\n",
		    "2:3: missing 'cert_file' in tls_server_config");
	parse_fails("tls_server_config:\n  cert_file: c\n",
		    "2:3: missing 'key_file' in tls_server_config");
	parse_fails("tls_server_config:\n  cert_file: c\n  key_file:\n",
		    "3:12: 'key_file' must be a file name");
	parse_fails("tls_server_config:\n  cert_file: [c]\n  key_file: k\n",
		    "2:14: 'cert_file' must be a file name");
	parse_fails("tls_server_config: yes\n",
		    "1:20: tls_server_config must be a map");
	parse_fails("- a\n", "1:1: the web configuration must be a map");
	parse_fails("basic_auth_users: [prom]\n",
		    "1:19: basic_auth_users must be a map of user names to bcrypt hashes");
	parse_fails("basic_auth_users: {}\n",
		    "1:19: basic_auth_users is empty (expected at least one user)");
	parse_fails("basic_auth_users: {u: '" HASH "'}\n---\nx: 1\n",
		    " a second YAML document: a web configuration is one document");
	parse_fails("tls_server_config: {cert_file: c, key_file: k\n",
		    "2:1: malformed YAML: did not find expected ',' or '}'");
}

static void test_bad_hashes(void **state)
{
	static const char *const bad[] = {
		"secret",				/* the password itself */
		"$1$abcdefgh$abcdefghijklmnopqrstuv",	/* md5crypt */
		"$6$salt$abc",				/* sha512crypt */
		"$2x$04$abcdefghijklmnopqrstuu5Vz0DqF8WZs9T5rYgrg5DGRnFwLzTQe",
		"$2b$03$abcdefghijklmnopqrstuu5Vz0DqF8WZs9T5rYgrg5DGRnFwLzTQe",
		"$2b$32$abcdefghijklmnopqrstuu5Vz0DqF8WZs9T5rYgrg5DGRnFwLzTQe",
		"$2b$4a$abcdefghijklmnopqrstuu5Vz0DqF8WZs9T5rYgrg5DGRnFwLzTQe",
		"$2b$04$abcdefghijklmnopqrstuu5Vz0DqF8WZs9T5rYgrg5DGRnFwLzTQ",
		"$2b$04$abcdefghijklmnopqrstuu5Vz0DqF8WZs9T5rYgrg5DGRnFwLzTQee",
		"$2b$04$abcdefghijklmnopqrstuu5Vz0DqF8WZs9T5rYgrg5DGRnFwLzTQ!",
		"$2b$04abcdefghijklmnopqrstuu5Vz0DqF8WZs9T5rYgrg5DGRnFwLzTQe$",
	};
	char yaml[256];
	size_t i;

	(void)state;
	assert_true(webcfg_hash_valid(HASH));
	assert_true(webcfg_hash_valid("$2y$31$abcdefghijklmnopqrstuu5Vz0DqF8WZs9T5rYgrg5DGRnFwLzTQe"));
	assert_true(webcfg_hash_valid("$2a$10$abcdefghijklmnopqrstuu5Vz0DqF8WZs9T5rYgrg5DGRnFwLzTQe"));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_false(webcfg_hash_valid(bad[i]));
		snprintf(yaml, sizeof(yaml), "basic_auth_users:\n  u: '%s'\n",
			 bad[i]);
		parse_fails(yaml,
			    "2:6: the password of 'u' must be a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters)");
	}
	parse_fails("basic_auth_users:\n  u: [a]\n",
		    "2:6: the password of 'u' must be a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters)");
}

static void test_users(void **state)
{
	char *yaml, *p;
	size_t size = 128 * (WEBCFG_USERS_MAX + 1) + 64;
	char name[WEBCFG_USER_MAX + 2];
	struct webcfg wc;
	int i;

	(void)state;
	parse_fails("basic_auth_users:\n  u: " HASH "\n  u: " HASH "\n",
		    "3:3: duplicate user 'u'");
	parse_fails("basic_auth_users:\n  'a:b': " HASH "\n",
		    "2:3: user name 'a:b' contains ':' or a control character");
	parse_fails("basic_auth_users:\n  \"a\\tb\": " HASH "\n",
		    "2:3: user name 'a\tb' contains ':' or a control character");
	parse_fails("basic_auth_users:\n  '': " HASH "\n",
		    "2:3: a user name must be a string");

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	yaml = malloc(size);
	assert_non_null(yaml);
	snprintf(yaml, size, "basic_auth_users:\n  %s: " HASH "\n", name);
	parse_fails(yaml, "2:3: user name longer than 255 bytes");
	name[WEBCFG_USER_MAX] = '\0';
	snprintf(yaml, size, "basic_auth_users:\n  %s: " HASH "\n", name);
	parse_ok(yaml, &wc);
	webcfg_free(&wc);

	/* The bound on the number of users, and one past it. */
	p = yaml + sprintf(yaml, "basic_auth_users:\n");
	for (i = 0; i < WEBCFG_USERS_MAX; i++)
		p += sprintf(p, "  u%d: " HASH "\n", i);
	parse_ok(yaml, &wc);
	assert_int_equal(wc.nusers, WEBCFG_USERS_MAX);
	webcfg_free(&wc);
	sprintf(p, "  u%d: " HASH "\n", i);
	parse_fails(yaml, "102:3: more than 100 users");
	free(yaml);
}

/* @file, with its tree's root before it: "ROOT/FILE". */
static char *tree_path(const char *root, const char *file)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, file);
	return path;
}

static void test_load(void **state)
{
	static const char web[] = "tls_server_config:\n"
				  "  cert_file: cert.pem\n"
				  "  key_file: key.pem\n";
	struct tree_file files[] = {
		{ "web.yml", web },
		{ "cert.pem", "CERT\n" },
		{ "key.pem", "KEY\n" },
	};
	struct cfg_error err;
	struct webcfg wc;
	char msg[512];
	char *root, *big;

	(void)state;
	/* Only the web configuration: its certificate is missing. */
	root = tree_make(files, 1);
	assert_int_equal(webcfg_load(tree_path(root, "none.yml"), &wc, &err),
			 -ENOENT);
	snprintf(msg, sizeof(msg),
		 "cannot read '%s/none.yml': No such file or directory", root);
	assert_string_equal(err.msg, msg);
	assert_int_equal(webcfg_load(tree_path(root, "web.yml"), &wc, &err),
			 -ENOENT);
	snprintf(msg, sizeof(msg),
		 "cannot read '%s/cert.pem': No such file or directory", root);
	assert_string_equal(err.msg, msg);
	assert_null(wc.cert_file);
	tree_remove(root);

	root = tree_make(files, ARRAY_SIZE(files));
	assert_int_equal(webcfg_load(tree_path(root, "web.yml"), &wc, &err),
			 0);
	assert_string_equal(wc.cert, "CERT\n");
	assert_string_equal(wc.key, "KEY\n");
	webcfg_free(&wc);
	tree_remove(root);

	/* Bounded: the certificate, and the web configuration. */
	big = malloc(WEBCFG_PEM_MAX + 2);
	assert_non_null(big);
	memset(big, '#', WEBCFG_PEM_MAX + 1);
	big[WEBCFG_PEM_MAX + 1] = '\0';
	files[1].text = big;
	root = tree_make(files, ARRAY_SIZE(files));
	assert_int_equal(webcfg_load(tree_path(root, "web.yml"), &wc, &err),
			 -EFBIG);
	snprintf(msg, sizeof(msg),
		 "%s/cert.pem: file too large (more than %u bytes)", root,
		 WEBCFG_PEM_MAX);
	assert_string_equal(err.msg, msg);
	tree_remove(root);
	big[WEBCFG_FILE_MAX + 1] = '\0';
	files[0].text = big;
	root = tree_make(files, 1);
	assert_int_equal(webcfg_load(tree_path(root, "web.yml"), &wc, &err),
			 -EFBIG);
	snprintf(msg, sizeof(msg),
		 "%s/web.yml: file too large (more than %u bytes)", root,
		 WEBCFG_FILE_MAX);
	assert_string_equal(err.msg, msg);
	tree_remove(root);
	free(big);
}

static void test_authorized(void **state)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE], yaml[1024];
	struct crypt_data cd;
	struct webcfg wc;
	int i;

	(void)state;
	memset(&wc, 0, sizeof(wc));
	/* No users: everyone. */
	assert_true(webcfg_authorized(&wc, NULL, NULL));

	assert_non_null(crypt_gensalt_rn("$2b$", 4, NULL, 0, setting,
					 sizeof(setting)));
	memset(&cd, 0, sizeof(cd));
	assert_non_null(crypt_rn("right pw", setting, &cd, sizeof(cd)));
	assert_true(webcfg_hash_valid(cd.output));
	snprintf(yaml, sizeof(yaml),
		 "basic_auth_users:\n  other: '%s'\n  prom: '%s'\n", HASH,
		 cd.output);
	parse_ok(yaml, &wc);
	assert_true(webcfg_authorized(&wc, "prom", "right pw"));
	assert_false(webcfg_authorized(&wc, "prom", "right pW"));
	assert_false(webcfg_authorized(&wc, "prom", ""));
	assert_false(webcfg_authorized(&wc, "prom", NULL));
	assert_false(webcfg_authorized(&wc, "other", "right pw"));
	assert_false(webcfg_authorized(&wc, "nobody", "right pw"));
	assert_false(webcfg_authorized(&wc, NULL, "right pw"));
	assert_false(webcfg_authorized(&wc, "Prom", "right pw"));
	webcfg_free(&wc);

	/* $2y$ and $2a$ hash an ASCII password as $2b$ does. */
	for (i = 0; i < 2; i++) {
		cd.output[2] = "ya"[i];
		snprintf(yaml, sizeof(yaml),
			 "basic_auth_users:\n  prom: '%s'\n", cd.output);
		parse_ok(yaml, &wc);
		assert_true(webcfg_authorized(&wc, "prom", "right pw"));
		assert_false(webcfg_authorized(&wc, "prom", "wrong"));
		webcfg_free(&wc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_missing_and_types),
		cmocka_unit_test(test_bad_hashes),
		cmocka_unit_test(test_users),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_authorized),
	};

	return cmocka_run_group_tests_name("webcfg", tests, NULL, NULL) ? 1 : 0;
}
