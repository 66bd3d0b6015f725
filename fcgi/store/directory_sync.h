/* directory_sync.h -- the result of each `gesprekctl sync` (issue 19,
 * sql/095): written by the sync after it applied, was refused or failed,
 * read by the admin import page so that HR sees how the last one went.
 * The organisation's changes themselves are written by import_run
 * (store/organisation.h) with its audit rows, as for a file. */
#ifndef GESPREK_STORE_DIRECTORY_SYNC_H
#define GESPREK_STORE_DIRECTORY_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"

struct db;

/* Rows kept: a nightly timer's last three months; older ones go with each
 * new row. */
#define SYNC_HISTORY_MAX 100
/* Characters of the stored error: the column is VARCHAR(500). */
#define SYNC_ERROR_CHARS 500
/* Bytes of it: four per character in UTF-8, and the NUL. */
#define SYNC_ERROR_BYTES (4 * SYNC_ERROR_CHARS + 1)
/* "YYYY-MM-DD HH:MM:SS" and its NUL. */
#define SYNC_TIME_BYTES 20

enum sync_outcome { SYNC_APPLIED, SYNC_REFUSED, SYNC_FAILED };

struct sync_result {
	int64_t started;		/* unix seconds */
	enum sync_outcome outcome;
	size_t entries, pages;
	size_t added, changed, deactivated, departments;
	const char *error;		/* "" when none; cut to SYNC_ERROR_CHARS */
};

/* Stores r (finished now) and drops all but the newest SYNC_HISTORY_MAX. */
int directory_sync_record(struct db *db, const struct sync_result *r);

/* The newest stored result; found false when no sync ran yet. */
struct sync_last {
	bool found;
	char started_at[SYNC_TIME_BYTES], finished_at[SYNC_TIME_BYTES];	/* UTC */
	char outcome[8];		/* applied | refused | failed */
	int64_t entries, pages, added, changed, deactivated, departments;
	char error[SYNC_ERROR_BYTES];
};
int directory_sync_last(struct db *db, struct sync_last *out);

#endif
