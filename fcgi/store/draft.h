/* draft.h -- forms kept when the session had ended (sql/060), and who last
 * changed a row a writer lost to (the conflict box).  Every function
 * returns an enum db_status (store/status.h). */
#ifndef GESPREK_STORE_DRAFT_H
#define GESPREK_STORE_DRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/sha256.h"
#include "base/util.h"
#include "store/employee.h"
#include "store/status.h"

struct db;

/* The fields of one kept form (name NUL value NUL ...) are at most this
 * many bytes.  The template editor sends a whole template in one form,
 * bounded by [limits] upload (10 MiB by default, app_route_bounds), and
 * its packed fields are never longer than the body they came in: a form
 * the editor accepted is kept whole (issue 16; it was dropped above the
 * 64 KB of a BLOB).  The column is a MEDIUMBLOB (sql/081, 16 MiB); 12 MiB
 * leaves room for the rest of the statement under MariaDB's default
 * max_allowed_packet (16 MiB).  A larger form (a bigger [limits] upload)
 * is not kept, and the page says so and how to save the text
 * (app_resume.c), never dropped silently. */
#define DRAFT_BYTES_MAX (12 * 1024 * 1024)
/* A kept form is restored within a day or not at all (seconds). */
#define DRAFT_LIFETIME (24 * 3600)
#define DRAFT_PAGE_MAX 255
#define DRAFT_FORM_MAX 32
/* Expired drafts one keep removes: bounded work per request. */
#define DRAFT_PURGE_BATCH 50

/* What an ended session still tells: whose it was and the CSRF token its
 * pages carried (so only a form of that session's own pages is kept).
 * DB_NOTFOUND when no row is left (purged, or logged out). */
int draft_session_owner(struct db *db, const unsigned char hash[SHA256_LEN],
    int64_t *employee_id, char *csrf, size_t csrf_size);

/* Keeps a form for (employee, page), replacing an older one of the same
 * page, for DRAFT_LIFETIME; fields as described above, len bytes (the
 * caller checks DRAFT_BYTES_MAX: past it, DB_ERROR and nothing kept). */
int draft_keep(struct db *db, int64_t employee_id, const char *page, const char *form,
    const char *action, const void *fields, size_t len);

/* Removes a bounded batch (DRAFT_PURGE_BATCH) of expired drafts
 * (`gesprekctl purge`; a keep removes one batch too).  An expired draft is
 * never shown even before it is removed. */
int draft_purge(struct db *db);

/* True in *found when a live draft is kept for (employee, page). */
int draft_exists(struct db *db, int64_t employee_id, const char *page, bool *found);

/* A kept form, taken (read and deleted in one transaction). */
struct draft {
	char form[DRAFT_FORM_MAX + 1];
	char action[DRAFT_PAGE_MAX + 1];
	struct buf fields;		/* the caller's: buf_init before, buf_free after */
};
/* DB_NOTFOUND when none is kept (or it expired). */
int draft_take(struct db *db, int64_t employee_id, const char *page, struct draft *out);

/* The last writer of a row (from its audit trail): the employee's id and
 * name and when, as "YYYY-MM-DDTHH:MM:SS" UTC.  DB_NOTFOUND when the row
 * has no audit. */
struct last_writer {
	int64_t id;
	char name[NAME_BYTES + 1];
	char at[20];
};
int last_writer(struct db *db, const char *entity, int64_t entity_id, struct last_writer *out);

#endif
