/* test_db_class.c -- the database host list ([database] host) and what a
 * MariaDB error number means to a transaction (issue 20, Galera). */
#include "config.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <stdlib.h>

#include "base/conf.h"
#include "base/dbhosts.h"
#include "store/db_class.h"
#include "tap.h"

static void
test_host_list(void)
{
	struct dbhost h[DBHOSTS_MAX];
	const char *why = NULL;
	size_t n = 99;

	ok(dbhosts_parse("", h, &n, &why) && n == 0, "an empty host is no list: the socket");
	ok(dbhosts_parse("db1", h, &n, &why) && n == 1, "one host");
	is_str(h[0].name, "db1", "... its name");
	is_int(h[0].port, 0, "... without a port: [database] port");
	ok(dbhosts_parse(" 10.0.0.1:3307 ,db2.example.org,  [::1]:3308 ", h, &n, &why) &&
	    n == 3, "three hosts with spaces around the commas");
	is_str(h[0].name, "10.0.0.1", "the first, in order");
	is_int(h[0].port, 3307, "... its port");
	is_str(h[1].name, "db2.example.org", "the second");
	is_int(h[1].port, 0, "... without a port");
	is_str(h[2].name, "::1", "an IPv6 address in brackets");
	is_int(h[2].port, 3308, "... its port after the bracket");
	ok(dbhosts_parse("[fe80::1]", h, &n, &why) && n == 1 && h[0].port == 0,
	    "IPv6 without a port");
}

static void
refused(const char *text, const char *what)
{
	struct dbhost h[DBHOSTS_MAX];
	const char *why = NULL;
	size_t n;

	ok(!dbhosts_parse(text, h, &n, &why) && why != NULL && why[0], what);
}

static void
test_host_list_refused(void)
{
	refused("a,,b", "an empty entry");
	refused("a,", "a trailing comma");
	refused("a:0", "port 0");
	refused("a:65536", "a port above 65535");
	refused("a:33x", "a port with letters");
	refused("a:", "a colon without a port");
	refused("a b", "a space inside a name (a missing comma)");
	refused("::1", "IPv6 without brackets (which colon is the port?)");
	refused("[::1", "an unclosed bracket");
	refused("[::1]x", "garbage after the bracket");
	refused("a/b", "a slash (a socket path is [database] socket)");
	refused("h1,h2,h3,h4,h5,h6,h7,h8,h9", "more hosts than DBHOSTS_MAX");
}

static void
test_conf_key(void)
{
	const char *text = "[database]\nhost = db1, db2:3307\nport = 3310\n";
	char err[CONF_ERR_MAX] = "";
	struct conf c;

	conf_defaults(&c);
	ok(conf_parse(&c, "t.conf", text, strlen(text), err, sizeof(err)), "host = a list loads");
	is_int(c.db_nhosts, 2, "... two hosts");
	is_str(c.db_hosts[1].name, "db2", "... the second's name");
	is_int(c.db_hosts[1].port, 3307, "... its own port");
	is_int(c.db_hosts[0].port, 0, "the first takes [database] port, given after it");
	is_int(c.db_port, 3310, "... which is read");
	is_str(c.db_host, "db1, db2:3307", "the text is kept for gesprekctl check");
	conf_defaults(&c);
	text = "[database]\nhost = db1,,db2\n";
	ok(!conf_parse(&c, "t.conf", text, strlen(text), err, sizeof(err)) &&
	    strstr(err, "t.conf:2") != NULL, "a bad list is refused with its line");
}

static void
test_error_kinds(void)
{
	is_int(db_err_kind(ER_LOCK_DEADLOCK), DB_EK_RETRY,
	    "1213 (deadlock, Galera certification failure): rerun");
	is_int(db_err_kind(ER_LOCK_WAIT_TIMEOUT), DB_EK_RETRY, "1205: rerun");
	is_int(db_err_kind(1047), DB_EK_NODE, "1047 (WSREP not ready, not primary): next host");
	is_int(db_err_kind(1180), DB_EK_NODE, "1180 (error during COMMIT): next host");
	is_int(db_err_kind(CR_SERVER_LOST), DB_EK_GONE, "2013 lost: a new connection");
	is_int(db_err_kind(CR_SERVER_GONE_ERROR), DB_EK_GONE, "2006 gone");
	is_int(db_err_kind(CR_CONN_HOST_ERROR), DB_EK_GONE, "2003 cannot connect");
	is_int(db_err_kind(ER_CONNECTION_KILLED), DB_EK_GONE, "1927 killed");
	is_int(db_err_kind(ER_DUP_ENTRY), DB_EK_DUPLICATE, "1062 duplicate");
	is_int(db_err_kind(ER_READ_ONLY_MODE), DB_EK_REFUSAL, "read-only: 503, no rerun");
	is_int(db_err_kind(ER_CON_COUNT_ERROR), DB_EK_REFUSAL, "too many connections: 503");
	is_int(db_err_kind(ER_PARSE_ERROR), DB_EK_OTHER, "a syntax error is a bug: 500");
	is_int(db_err_kind(ER_NO_SUCH_TABLE), DB_EK_OTHER, "a missing table too");
	is_int(db_err_kind(0), DB_EK_OTHER, "no number: nothing to retry");
}

int
main(void)
{
	test_host_list();
	test_host_list_refused();
	test_conf_key();
	test_error_kinds();
	return tap_done();
}
