/* admin_cycle.h -- what the HR pages of cycles share (admin_cycles.c,
 * admin_cycle.c, admin_start.c, admin_goals.c, admin_audit.c): reading the
 * cycle form, and the overview page of one cycle, which every refused POST
 * about the cycle shows again with its form, typed values and errors. */
#ifndef GESPREK_ADMIN_CYCLE_H
#define GESPREK_ADMIN_CYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "rules/cycle_rules.h"
#include "pages/form.h"
#include "store/audit.h"
#include "store/cycle.h"

struct ctx;

/* Rows of the audit trail on the overview; the whole trail is one link away. */
#define CYCLE_AUDIT_RECENT 20
/* A version number as a form field carries it. */
#define VERSION_MAX 2147483647

/* The cycle form (create and edit) and what it read. */
struct cycle_form {
	struct form f;
	struct cycle_input in;
	char scale[SCALE_STORED_MAX];
	struct plan_step steps[CYCLE_STEPS_MAX];
};

/* Reads name, period, scale and, with_steps, the schedule; false when a
 * field is wrong (each problem is on its field in cf->f). */
bool cycle_form_read(struct cycle_form *cf, const struct ctx *c, bool with_steps);

/* <slots><slot n="1"/>...</slots>: the step rows a schedule form offers. */
void step_slots_xml(xmlNodePtr parent);

/* Characters of the typed scale: every label with " / " after it. */
#define SCALE_TYPED_CHARS (SCALE_LABELS_MAX * (SCALE_LABEL_MAX + 3))
/* The counts a start carries to the cycle's page in its redirect (nine
 * digits: more employees than any organisation has). */
#define START_COUNT_MAX 999999999
/* Characters of the list of logins a start may name (admin_start.c). */
#define START_LOGINS_CHARS 16000
/* Organisation goals a start may copy from the cycle before: the fields
 * copy1 ... copy20 of routes.c.  A cycle has a handful; more than this
 * are copied in two starts (a start again copies nothing twice). */
#define START_COPY_MAX 20

/* The little a handler checks about a cycle before it writes. */
struct cycle_brief {
	int64_t id;
	char status[8];
	char scale[SCALE_STORED_MAX];
	int64_t dossiers;
	int64_t version;
	char starts_on[ISO_DATE_LEN + 1];	/* the period */
	char ends_on[ISO_DATE_LEN + 1];
};
/* DB_OK, DB_NOTFOUND, ... */
int cycle_brief_get(struct ctx *c, int64_t id, struct cycle_brief *out);
bool cycle_closed(const struct cycle_brief *b);

/* A confirmation page instead of the overview (issue 15): a start or a
 * close asked for, with what it would affect (form.h, confirm_xml). */
#define CYCLE_CONFIRM_COUNTS 4
struct cycle_confirm {
	const char *what;		/* confirm.{what}.* texts */
	const struct form *form;	/* the fields to send again */
	const char *action;		/* NULL: /admin/cycles/{id}/{form name} */
	const char *names[CYCLE_CONFIRM_COUNTS];
	int64_t values[CYCLE_CONFIRM_COUNTS];
	size_t ncounts;
};

/* What the overview shows besides the cycle itself. */
struct cycle_view {
	const struct cycle_confirm *confirm;	/* or NULL */
	const struct form *form;	/* a refused form, or NULL */
	bool conflict;			/* that form lost to a newer version */
	const char *const *unknown;	/* logins a refused start did not know */
	size_t nunknown;
};
/* Builds GET /admin/cycles/{id} into c and returns status (or the status
 * of a failed read: 404, 503, 500). */
int cycle_view(struct ctx *c, int64_t cycle_id, const struct cycle_view *v, int status);

/* <copy-goals cycle="..." more="1"?><goal id= title= copied=/>...: the
 * organisation goals of the cycle before, which the start form offers to
 * copy (admin_start.c); the first START_COPY_MAX of them. */
int start_copy_goals_xml(struct ctx *c, int64_t cycle_id, xmlNodePtr page);

/* <templates><slot n=/>...<choice scope= scope_id= scope_name= template_id=
 * version_id= key= name= name_en= number= conversations=/>... <used .../>
 * <version id= template_id= key= name= number= newest= default=/>...
 * </templates><job-profiles><profile id= name=/>...: the form templates
 * the cycle names and uses, and (unless closed) what its start form
 * offers (admin_start.c). */
int start_templates_xml(struct ctx *c, int64_t cycle_id, bool closed, xmlNodePtr page);

/* <people-changes><person employee_id= login= name= department=
 * change="join|leave" dossier_id=?/>...: the joiners and leavers HR is
 * asked to confirm (admin_start.c), the first PEOPLE_PENDING_SHOWN. */
#define PEOPLE_PENDING_SHOWN 200
int start_people_xml(struct ctx *c, int64_t cycle_id, xmlNodePtr page);

/* <entry> of an audit row, its time in the local zone (admin_audit.c). */
void audit_entry_xml(xmlNodePtr parent, const struct audit_row *a);
/* An audit_fn that writes the rows as <entry> under node, at most max of
 * them: the caller asks the store for max + 1, and that one row more sets
 * more="1" on node instead ("there is more"). */
struct audit_xml {
	xmlNodePtr node;
	int max;
	int rows;
};
int audit_entry_add(void *ud, const struct audit_row *a);
/* A read_fn (store/audit.h) writing the read audit's rows as
 *   <read id="" at="local time" reader="" kind="" object="" what="" dossier=""/>
 * under node, at most max of them (more="1" as above), issue 17. */
int audit_read_add(void *ud, const struct read_row *r);
/* The newest reads of the audit (<reads>), at most READS_SHOWN: of one
 * dossier (dossier_id > 0), else those the query matches. */
#define READS_SHOWN 200
int audit_reads_xml(struct ctx *c, const struct audit_query *q, int64_t dossier_id,
    xmlNodePtr parent);

/* Sets the flash and the 303 target "/admin/cycles/{id}" + suffix. */
int cycle_redirect(struct ctx *c, int64_t cycle_id, const char *suffix, const char *flash);

#endif
