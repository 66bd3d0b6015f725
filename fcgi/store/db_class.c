/* db_class.c -- see db_class.h. */
#include "config.h"

#include <errmsg.h>
#include <stdbool.h>
#include <mysqld_error.h>

#include "store/db_class.h"

static bool
is_gone(unsigned e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	    e == CR_CONNECTION_ERROR || e == CR_CONN_HOST_ERROR ||
	    e == CR_SERVER_LOST_EXTENDED || e == ER_CONNECTION_KILLED ||
	    e == ER_SERVER_SHUTDOWN || e == CR_COMMANDS_OUT_OF_SYNC;
}

/* Galera answers 1047 (the name is MySQL's old "unknown command") to a
 * statement on a node that is not in the primary component or not yet
 * synced, and 1180 to a commit it could not replicate.  On a lone server
 * 1180 is a storage engine failing a commit: rolled back all the same. */
static bool
is_node_down(unsigned e)
{
	return e == ER_UNKNOWN_COM_ERROR || e == ER_ERROR_DURING_COMMIT;
}

static bool
is_refusal(unsigned e)
{
	return e == ER_OPTION_PREVENTS_STATEMENT || e == ER_READ_ONLY_MODE ||
	    e == ER_RECORD_FILE_FULL || e == ER_DISK_FULL || e == ER_ERROR_ON_WRITE ||
	    e == ER_TEMP_FILE_WRITE_FAILURE || e == ER_OUTOFMEMORY ||
	    e == ER_OUT_OF_SORTMEMORY || e == ER_OUT_OF_RESOURCES ||
	    e == ER_ENGINE_OUT_OF_MEMORY || e == ER_LOCK_TABLE_FULL ||
	    e == ER_CON_COUNT_ERROR || e == ER_TOO_MANY_USER_CONNECTIONS;
}

enum db_err_kind
db_err_kind(unsigned e)
{
	if (e == ER_DUP_ENTRY)
		return DB_EK_DUPLICATE;
	if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT)
		return DB_EK_RETRY;
	if (is_node_down(e))
		return DB_EK_NODE;
	if (is_gone(e))
		return DB_EK_GONE;
	if (is_refusal(e))
		return DB_EK_REFUSAL;
	return DB_EK_OTHER;
}
