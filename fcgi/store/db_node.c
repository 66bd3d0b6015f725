/* db_node.c -- which server a connection goes to ([database] host, in
 * order), what MariaDB's answers mean for it, and what a Galera node says
 * about itself.  Split from db.c, which runs statements and transactions;
 * both share struct db (store/db_impl.h). */
#include "config.h"

#include <mysql.h>
#include <mysqld_error.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "store/db.h"
#include "store/db_class.h"
#include "store/db_impl.h"

/* Maps a MariaDB error number to a status, remembering the number and
 * the text. */
int
db_classify(struct db *db, unsigned e, const char *msg)
{
	db->errnum = e;
	snprintf(db->err, sizeof(db->err), "%u: %s", e, msg ? msg : "");
	switch (db_err_kind(e)) {
	case DB_EK_DUPLICATE:
		return DB_DUPLICATE;
	case DB_EK_RETRY:
		return DB_RETRY;
	case DB_EK_GONE:
		return DB_UNAVAILABLE;
	case DB_EK_NODE:
		/* run() and commit() move to the next host and rerun. */
		log_warn("db: the database node cannot serve now: %s", db->err);
		return DB_UNAVAILABLE;
	case DB_EK_REFUSAL:
		/* The users see a 503; the administrator needs the reason. */
		log_warn("db: the server refused a statement: %s", db->err);
		return DB_UNAVAILABLE;
	case DB_EK_OTHER:
		break;
	}
	return DB_ERROR;
}

/* Answers of SHOW: the second column of its one row. */
static bool
show_value(MYSQL *my, const char *sql, char *out, size_t size)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	bool found = false;

	out[0] = '\0';
	if (mysql_query(my, sql) != 0 || (res = mysql_store_result(my)) == NULL)
		return false;
	if ((row = mysql_fetch_row(res)) != NULL && mysql_num_fields(res) >= 2 && row[1]) {
		snprintf(out, size, "%s", row[1]);
		found = true;
	}
	mysql_free_result(res);
	return found;
}

/* A Galera node answers statements only while it is in the primary
 * component and synced (wsrep_ready); one that is joining or cut off
 * accepts connections all the same.  Asking once per connection (SHOW
 * works on such a node, a SELECT would not) keeps requests off it. */
static bool
node_ready(struct db *db)
{
	char v[16];

	db->cluster = false;
	if (!show_value(db->my, "SHOW VARIABLES LIKE 'wsrep_on'", v, sizeof(v)) ||
	    strcmp(v, "ON") != 0)
		return true;	/* a lone server, or a build without Galera */
	db->cluster = true;
	if (show_value(db->my, "SHOW STATUS LIKE 'wsrep_ready'", v, sizeof(v)) &&
	    strcmp(v, "ON") == 0)
		return true;
	snprintf(db->err, sizeof(db->err), "the Galera node is not ready (wsrep_ready %s)",
	    v[0] ? v : "unknown");
	db->errnum = ER_UNKNOWN_COM_ERROR;
	return false;
}

/* Every connection's session: UTC, strict; a request's also waits for a
 * row lock at most DB_LOCK_WAIT_S. */
#define SESSION_SET \
	"SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE," \
	"NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'"

/* One attempt at one server: host NULL means the unix socket. */
static bool
connect_one(struct db *db, const char *host, int port)
{
	const struct conf *c = db->conf;
	unsigned timeout = (unsigned)c->db_connect_timeout;
	unsigned io = db->batch ? DB_BATCH_IO_TIMEOUT_S : DB_IO_TIMEOUT_S;
	unsigned long flags = CLIENT_FOUND_ROWS;
	my_bool off = 0;

	if ((db->my = mysql_init(NULL)) == NULL)
		return false;
	/* utf8mb4 before connecting, so the handshake already uses it. */
	mysql_optionsv(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(db->my, MYSQL_OPT_READ_TIMEOUT, &io);
	mysql_optionsv(db->my, MYSQL_OPT_WRITE_TIMEOUT, &io);
	/* Reconnecting is ours to do: a silent reconnect would lose prepared
	 * statements and an open transaction without telling us. */
	mysql_optionsv(db->my, MYSQL_OPT_RECONNECT, &off);
	mysql_optionsv(db->my, MYSQL_INIT_COMMAND, db->batch ? SESSION_SET :
	    SESSION_SET ", innodb_lock_wait_timeout = " STR(DB_LOCK_WAIT_S));
	if (db->multi)
		flags |= CLIENT_MULTI_STATEMENTS;
	if (mysql_real_connect(db->my, host, c->db_user, c->db_password, c->db_name,
	    (unsigned)port, host ? NULL : c->db_socket, flags) && node_ready(db))
		return true;
	if (db->my && mysql_errno(db->my))
		db_classify(db, mysql_errno(db->my), mysql_error(db->my));
	if (host)
		log_warn("db: %s:%d: %s", host, port, db->err);
	mysql_close(db->my);
	db->my = NULL;
	return false;
}

/* The host tried k-th: the list in order, the one that failed us last
 * (db->avoid) moved to the end: it may be back, but another comes first. */
static size_t
host_order(const struct db *db, size_t k)
{
	size_t n = db->conf->db_nhosts, a;

	if (db->avoid < 0 || (size_t)db->avoid >= n)
		return k;
	a = (size_t)db->avoid;
	if (k == n - 1)
		return a;
	return k < a ? k : k + 1;
}

static bool
connect_any(struct db *db)
{
	const struct conf *c = db->conf;
	size_t k, i;

	if (c->db_nhosts == 0)
		return connect_one(db, NULL, c->db_port);
	for (k = 0; k < c->db_nhosts; k++) {
		i = host_order(db, k);
		if (connect_one(db, c->db_hosts[i].name,
		    c->db_hosts[i].port ? c->db_hosts[i].port : c->db_port)) {
			/* Not the first of the list: a failover, worth a line. */
			if (i != 0 || db->avoid >= 0)
				log_info("db: connected to %s (host %zu of the list)",
				    c->db_hosts[i].name, i + 1);
			db->host = (int)i;
			db->avoid = -1;
			return true;
		}
	}
	return false;
}

int
db_connect(struct db *db)
{
	if (db->my)
		return DB_OK;
	if (!connect_any(db)) {
		/* Every request answers 503 now: said once per outage. */
		log_cause_down(LOG_CAUSE_DATABASE, db->err);
		return DB_UNAVAILABLE;
	}
	log_cause_up(LOG_CAUSE_DATABASE);
	return DB_OK;
}

bool
db_in_cluster(const struct db *db)
{
	return db->cluster;
}

/* After a plain error inside a transaction on a Galera node: was the
 * transaction rolled back under us?  A replicated write set that conflicts
 * with our open transaction aborts it (a brute-force abort) from another
 * thread; a statement that runs while that rollback is under way can fail
 * on what the rollback took away (an id it just inserted is gone: 1048,
 * "cannot be null") instead of with 1213.  A statement error leaves the
 * transaction open, a rollback does not: @@in_transaction tells them
 * apart, and if the abort's 1213 is still due, this probe gets it.  Only
 * on the error path, and only on a cluster. */
bool
db_rolled_back_behind(struct db *db)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	bool gone = false;
	unsigned saved = db->errnum;
	char err[sizeof(db->err)];

	if (!db->in_tx || !db->cluster || db->my == NULL)
		return false;
	memcpy(err, db->err, sizeof(err));
	if (mysql_query(db->my, "SELECT @@in_transaction") != 0) {
		gone = db_err_kind(mysql_errno(db->my)) == DB_EK_RETRY;
	} else if ((res = mysql_store_result(db->my)) != NULL) {
		row = mysql_fetch_row(res);
		gone = row && row[0] && strcmp(row[0], "0") == 0;
		mysql_free_result(res);
	}
	db->errnum = saved;
	memcpy(db->err, err, sizeof(err));
	return gone;
}
