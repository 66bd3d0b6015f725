/* access.h -- the right of access (issue 18, AVG art. 15): what the store
 * offers the personal export besides the dossiers and the feedback
 * (store/report_export.h, store/feedback.h) -- every reopen of the
 * person's reports, the signed snapshots, the audit records about them,
 * who read their data and the deletions that concerned them -- and the
 * record of HR producing that export.  Every function returns an enum
 * db_status (store/status.h); the SQL stays in fcgi/store/access.c.
 *
 * What is withheld, and why (the export says so in words too):
 *  - the audit record of a feedback answer: its actor is the answer's
 *    author, whom an anonymous round never names, and its time would
 *    order the answers; the feedback section shows the answers as the
 *    page does;
 *  - the detail of a feedback record the person did not write (an
 *    invitation's detail names the invitee);
 *  - the detail of a record of another party's private preparation
 *    (store/audit_sql.h AUDIT_PRIVATE), as every other view withholds it. */
#ifndef GESPREK_STORE_ACCESS_H
#define GESPREK_STORE_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/person.h"
#include "store/status.h"

/* The most rows of each kind one export lists: far above what a working
 * life leaves, a bound on a runaway all the same. */
#define ACCESS_ROWS_MAX 100000
/* The longest `format` an HR export is recorded with ("xml", "html"). */
#define ACCESS_FORMAT_MAX 8

/* A reopen of one of the person's reports (audit: conversation, reopen). */
struct access_reopen {
	int64_t audit_id, conversation_id, dossier_id;
	const char *at;			/* UTC, ISO 8601 */
	const char *actor;		/* who reopened, "" if no longer known */
	const char *reason;		/* as recorded (cut at the audit's length) */
};
typedef int (*access_reopen_fn)(void *ud, const struct access_reopen *r);
int access_reopens(struct db *db, int64_t employee_id, access_reopen_fn fn, void *ud);

/* A signed report as it was signed (snapshot), kept after a reopen too. */
struct access_snapshot {
	int64_t id, conversation_id, dossier_id;
	const char *at;			/* UTC */
	const char *sha256;		/* lowercase hex */
	const char *xml;		/* the document; "" unless asked for */
};
typedef int (*access_snapshot_fn)(void *ud, const struct access_snapshot *s);
/* with_xml: the documents themselves too (the XML export; the HTML page
 * lists them and shows the dossiers they froze). */
int access_snapshots(struct db *db, int64_t employee_id, bool with_xml,
    access_snapshot_fn fn, void *ud);

/* An audit record about the person (entity employee) or their dossiers,
 * conversations, items and feedback rounds, oldest first. */
struct access_audit {
	int64_t id;
	const char *at;			/* UTC */
	const char *actor;		/* name; "" if no longer known */
	const char *entity, *action;
	int64_t entity_id;		/* 0: none */
	const char *detail;		/* "" when withheld */
	bool withheld;			/* the detail was left out (see above) */
};
typedef int (*access_audit_fn)(void *ud, const struct access_audit *a);
int access_audit(struct db *db, int64_t employee_id, access_audit_fn fn, void *ud);

/* A read of the person's data: of one of their dossiers or conversations
 * by an HR advisor or a second assessor, HR's export of the person (kind
 * "person"), or HR's export of a cycle they have a dossier in (kind
 * "export", object_id the cycle, `what` its filters), oldest first. */
struct access_read {
	int64_t id;
	const char *day;		/* YYYY-MM-DD, the site's zone */
	const char *at;			/* UTC, the first read that day */
	const char *reader;		/* name; "" if no longer known */
	const char *role;		/* "second_assessor" or "hr" */
	const char *kind;		/* dossier | conversation | person | export */
	int64_t object_id;
	int64_t dossier_id;		/* 0 for kind person */
	const char *what;		/* "" or what an export held */
};
typedef int (*access_read_fn)(void *ud, const struct access_read *r);
int access_reads(struct db *db, int64_t employee_id, access_read_fn fn, void *ud);

/* A deletion by retention of this person's records (deletion_log with
 * their subject_id, sql/093), oldest first: what rule, what kind, how
 * many, the ids' range.  Never content. */
struct access_deletion {
	int64_t id;
	const char *at;			/* UTC */
	const char *rule, *kind;
	int64_t n, first_id, last_id;
};
typedef int (*access_deletion_fn)(void *ud, const struct access_deletion *d);
int access_deletions(struct db *db, int64_t employee_id, access_deletion_fn fn, void *ud);

/* Feedback the person was asked to give about a colleague (issue 17):
 * each invitation, and each answer they gave in a named round.  Answers
 * in an anonymous round are stored without their author: nothing ties
 * them to the person, so none is listed. */
struct access_invitation {
	int64_t id, conversation_id;
	const char *about;		/* the colleague's name; "" if no longer known */
	const char *deadline;		/* YYYY-MM-DD */
	bool answered;
};
typedef int (*access_invitation_fn)(void *ud, const struct access_invitation *i);
int access_invitations(struct db *db, int64_t employee_id, access_invitation_fn fn, void *ud);

struct access_given {
	int64_t conversation_id;
	const char *question;		/* the question's key */
	int rating;			/* -1: none */
	const char *body;		/* "" when none */
	const char *at;			/* UTC */
};
typedef int (*access_given_fn)(void *ud, const struct access_given *g);
int access_given(struct db *db, int64_t employee_id, access_given_fn fn, void *ud);

/* HR (actor) produced the personal export of employee_id in `format`
 * ("xml" or "html"): one transaction writes the read audit (kind person,
 * once a day per format) and the audit trail (entity employee, action
 * access_export, every time).  DB_NOTFOUND: no such employee, nothing
 * written. */
int access_export_record(struct db *db, int64_t actor, int64_t employee_id,
    const char *format);

/* The person an export is about, for HR's page: name, login and
 * department (0: none).  DB_NOTFOUND: no such employee, or a
 * pseudonymised stub (nothing of theirs is left to export). */
struct access_person {
	int64_t id, department_id;
	char name[NAME_BYTES + 1];
	char login[LOGIN_MAX + 1];
};
int access_person_get(struct db *db, int64_t employee_id, struct access_person *out);

#endif
