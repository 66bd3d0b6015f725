/* health.c -- see health.h.  A prepared SELECT 1 on the worker's own
 * connection: it proves the server answers statements, not just that a
 * socket is open, and costs MariaDB nothing. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "store/db.h"
#include "store/health.h"

static struct db_stmt_def q_ping = DB_STMT("SELECT 1");
/* CURRENT_USER(): the account the server matched (user@host as granted),
 * not the name the client gave. */
static struct db_stmt_def q_grants = DB_STMT("SHOW GRANTS FOR CURRENT_USER()");
/* The privileges the store's statements need (README's GRANT); anything
 * more is room for a flaw in gesprekd to change the schema or reach other
 * data.  USAGE is "no privileges": the account's line on *.*. */
static const char *const runtime_privileges[] = {
	"SELECT", "INSERT", "UPDATE", "DELETE", "USAGE", NULL
};

static int
ping_row(void *ud, const struct db_row *r)
{
	bool *seen = ud;

	*seen = db_int(r, 0) == 1;
	return DB_OK;
}

int
store_ping(struct db *db)
{
	bool seen = false;
	int st = db_query(db, &q_ping, DB_NOARGS, ping_row, &seen);

	if (st != DB_OK)
		return st;
	return seen ? DB_OK : DB_ERROR;
}

/* What SHOW GRANTS gives beyond the allowed privileges, as "ALTER on
 * `db`.*" items into the caller's text; when it is full the list ends in
 * "...". */
struct extras {
	const char *const *allowed;
	char *text;
	size_t size, len;
	bool cut;
};

/* Appends "what" sep "obj" ("ALTER on `db`.*", "role `admin`"). */
static void
add_extra(struct extras *x, const char *what, size_t what_len, const char *sep,
    const char *obj, size_t obj_len)
{
	int n;

	if (x->cut)
		return;
	n = snprintf(x->text + x->len, x->size - x->len, "%s%.*s%s%.*s",
	    x->len ? ", " : "", (int)what_len, what, sep, (int)obj_len, obj);
	if (n < 0 || (size_t)n >= x->size - x->len) {
		x->cut = true;
		memcpy(x->text + x->size - sizeof("..."), "...", sizeof("..."));
		return;
	}
	x->len += (size_t)n;
}

static bool
allowed_privilege(const struct extras *x, const char *p, size_t len)
{
	const char *const *a;

	for (a = x->allowed; *a; a++)
		if (strlen(*a) == len && strncasecmp(*a, p, len) == 0)
			return true;
	return false;
}

/* "SELECT (a, b), ALTER" between p and end: each privilege without its
 * column list, split at the commas outside parentheses. */
static void
privilege_extras(struct extras *x, const char *p, const char *end, const char *on,
    size_t on_len)
{
	const char *start = p, *name_end = NULL;
	int depth = 0;

	for (; p <= end; p++) {
		if (p < end && *p == '(' && depth++ == 0 && name_end == NULL)
			name_end = p;
		else if (p < end && *p == ')' && depth > 0)
			depth--;
		if (p < end && (*p != ',' || depth > 0))
			continue;
		if (name_end == NULL)
			name_end = p;
		while (start < name_end && *start == ' ')
			start++;
		while (name_end > start && name_end[-1] == ' ')
			name_end--;
		if (name_end > start && !allowed_privilege(x, start, (size_t)(name_end - start)))
			add_extra(x, start, (size_t)(name_end - start), " on ", on, on_len);
		start = p + 1;
		name_end = NULL;
	}
}

/* One line of SHOW GRANTS: "GRANT privs ON what TO who [WITH GRANT OPTION]"
 * or a role, "GRANT `role` TO who".  The rest of the line (the password
 * hash among it) is never printed. */
static int
grant_row(void *ud, const struct db_row *r)
{
	static const char grant[] = "GRANT ", on_kw[] = " ON ", to_kw[] = " TO ";
	struct extras *x = ud;
	const char *line = db_str(r, 0);
	size_t len = r->len[0];
	const char *end = line + len, *on, *to;

	if (len < sizeof(grant) - 1 || strncmp(line, grant, sizeof(grant) - 1) != 0)
		return DB_OK;
	line += sizeof(grant) - 1;
	on = memmem(line, (size_t)(end - line), on_kw, sizeof(on_kw) - 1);
	to = memmem(on ? on : line, (size_t)(end - (on ? on : line)), to_kw, sizeof(to_kw) - 1);
	if (to == NULL)
		return DB_OK;
	if (on == NULL) {
		add_extra(x, "role", sizeof("role") - 1, " ", line, (size_t)(to - line));
		return DB_OK;
	}
	privilege_extras(x, line, on, on + sizeof(on_kw) - 1,
	    (size_t)(to - on - (sizeof(on_kw) - 1)));
	if (memmem(to, (size_t)(end - to), " WITH GRANT OPTION", sizeof(" WITH GRANT OPTION") - 1))
		add_extra(x, "GRANT OPTION", sizeof("GRANT OPTION") - 1, " on ",
		    on + sizeof(on_kw) - 1, (size_t)(to - on - (sizeof(on_kw) - 1)));
	return DB_OK;
}

int
store_grants_beyond_runtime(struct db *db, char *out, size_t size)
{
	struct extras x = { runtime_privileges, out, size, 0, false };

	if (size < sizeof("..."))
		return DB_ERROR;
	out[0] = '\0';
	return db_query(db, &q_grants, DB_NOARGS, grant_row, &x);
}
