/* deputy.h -- deputies (vervangers) and dossiers that follow their
 * employee to a new manager (issue 17); store/deputy.c.
 *
 * The model.  A row of `deputy` (sql/084) says: from starts_on to ends_on
 * (days of the configured time zone, both included) `deputy_id` acts as
 * `manager_id` on the dossiers whose manager is manager_id -- of one report
 * (employee_id) or of all (employee_id NULL).  "Acts as" means: the pages
 * give the deputy the manager's side (pages/conv_view.c decide_side) and
 * every write of a conversation accepts the deputy as the manager
 * (store/conversation.c guard(), which checks the period under the
 * conversation's lock, with today's date).  The manager keeps every right;
 * before and after the period, or once ended, the deputy has none.
 *
 * Audit: an appointment ("deputy") and an early end ("deputy_end") on the
 * manager's employee trail; the first write of a deputy on a day
 * ("deputy_use") on the dossier's (deputy_use keeps the day, so later
 * writes that day add nothing).  The end of a period by its date
 * ("deputy_lapse", on the manager's trail) by `gesprekctl purge`
 * (deputy_record_lapses below), once.
 *
 * Each function returns an enum db_status (store/status.h). */
#ifndef GESPREK_STORE_DEPUTY_H
#define GESPREK_STORE_DEPUTY_H

#include <stdbool.h>
#include <stdint.h>

#include "store/status.h"
#include "rules/deputy.h"
#include "rules/person.h"

/* Appointments a page lists for one manager: the current and coming ones
 * and the most recent past ones, at most this many. */
#define DEPUTIES_LIST_MAX 100
/* Dossiers a deputy's dashboard lists as borrowed, at most. */
#define DEPUTY_BORROWED_MAX 200

struct deputy_input {
	int64_t manager_id;
	const char *deputy_login;	/* who stands in */
	int64_t employee_id;		/* one report; 0: all of them */
	const char *starts_on, *ends_on;	/* YYYY-MM-DD */
};

/* Appoints a deputy: checks rules/deputy.h deputy_check, that the deputy
 * is an active employee, that the employee is a report of the manager
 * now, and that no appointment of the manager that is not ended covers
 * the same report on a day of the period (an appointment for all reports
 * covers each) -- under a lock of the manager's row, so two appointments
 * at once are checked one after the other.  DB_OK with *problem set and
 * nothing written when refused; DB_OK, *problem DEPUTY_OK and *id when
 * written (audited). */
int deputy_appoint(struct db *db, int64_t actor, const struct deputy_input *in,
    const char *today, int64_t *id, enum deputy_problem *problem);

/* Ends an appointment now (audited).  by_hr: any; otherwise only one of
 * the actor's own (as manager).  DB_NOTFOUND: none such for the actor;
 * DB_CONFLICT: version moved on or ended already.  *manager_id: the
 * appointment's manager (for the page to return to). */
int deputy_end(struct db *db, int64_t actor, bool by_hr, int64_t id, int64_t version,
    int64_t *manager_id);

struct deputy_row {
	int64_t id;
	int64_t manager_id;
	const char *manager_name;
	int64_t deputy_id;
	const char *deputy_name, *deputy_login;
	int64_t employee_id;		/* 0: all reports */
	const char *employee_name;	/* "" for all */
	const char *starts_on, *ends_on;
	const char *state;		/* coming | current | past | ended */
	int64_t version;
};
typedef int (*deputy_fn)(void *ud, const struct deputy_row *r);

/* A manager's appointments, by manager (as deputy_fn rows): the ones not
 * yet past first, then the past ones, newest first; states by today. */
int deputies_of_manager(struct db *db, int64_t manager_id, const char *today, deputy_fn fn,
    void *ud);
/* The appointments in which `deputy_id` stands in for someone, the same
 * way. */
int deputies_of_deputy(struct db *db, int64_t deputy_id, const char *today, deputy_fn fn,
    void *ud);

/* Is `deputy_id`, today, the deputy of the manager of a dossier (its
 * manager_id and employee_id)?  *appointment: its id, 0 when not. */
int deputy_acting(struct db *db, int64_t deputy_id, int64_t manager_id, int64_t employee_id,
    const char *today, int64_t *appointment);

/* Inside a write's transaction, after deputy_acting found `appointment`:
 * the first write of the day under it records the day and audits the use
 * on the dossier; later ones that day change nothing. */
int deputy_use(struct db *db, int64_t appointment, const char *today, int64_t actor,
    int64_t dossier_id);

/* The open dossiers a deputy holds today, with their manager, are a list
 * of the start page (store/dashboard.h). */

/* The managers whose whole team `deputy_id` holds today (appointments
 * for all reports, not ended, covering today), by name, at most
 * DEPUTY_TEAMS_MAX: the teams whose reports the deputy may open
 * (rules/deputy.h deputy_report_team). */
#define DEPUTY_TEAMS_MAX 20
typedef int (*deputy_team_fn)(void *ud, int64_t manager_id, const char *manager_name);
int deputy_teams(struct db *db, int64_t deputy_id, const char *today, deputy_team_fn fn,
    void *ud);

/* The open dossiers of an employee follow the employee's manager (issue
 * 17): called inside the transaction that changed employee.manager_id (HR's
 * edit, an import); each open dossier whose manager differs gets the new
 * one, its summaries and stamps, and an audit row "manager (followed)".
 * Its items, notes and signatures keep their authors. */
int dossiers_follow_manager(struct db *db, int64_t actor, int64_t employee_id);

/* Periods recorded in one transaction (store/deputy_lapse.c). */
#define DEPUTY_LAPSE_BATCH 100
/* Records the end of every period whose last day lies before `today`
 * (YYYY-MM-DD, site.timezone) and that no one ended early: an audit row
 * "deputy_lapse" (no actor) on the manager's trail, once per period --
 * deputy.lapse_audited_at (sql/090) is set in the same transaction, by a
 * conditional UPDATE on rows claimed FOR UPDATE SKIP LOCKED, so two runs
 * at once record each period once.  *recorded: how many.  Run by
 * `gesprekctl purge` (gesprek-purge.timer), never by a request. */
int deputy_record_lapses(struct db *db, const char *today, uint64_t *recorded);

#endif
