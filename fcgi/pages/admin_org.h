/* admin_org.h -- what HR's organisation pages share (admin.c,
 * admin_employees.c, admin_employee.c, admin_departments.c,
 * admin_import.c): the department tree, the employee form and the page of
 * one employee, which every refused POST about that employee shows again
 * with the typed values and the problem next to its field. */
#ifndef GESPREK_ADMIN_ORG_H
#define GESPREK_ADMIN_ORG_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "pages/form.h"
#include "store/organisation.h"

struct ctx;

/* Levels of the department tree drawn; deeper ones are not shown. */
#define DEPARTMENT_DEPTH_SHOWN 32
/* A version number as a form field carries it. */
#define ORG_VERSION_MAX 2147483647
/* Audit rows on an employee's or department's page; the whole trail of an
 * employee is one link away (GET /admin/audit). */
#define ORG_AUDIT_RECENT 20

/* <departments> with nested <department id name employees>, the tree as
 * the database holds it; DB_OK or the store's status. */
int departments_xml(struct ctx *c, xmlNodePtr parent);

/* Reads the employee form (login, name, email, department, manager, hr)
 * into in; false when a field is wrong (the problem is on its field). */
bool employee_form_read(struct form *f, const struct ctx *c, struct employee_input *in);

/* Puts a store problem of a create or update on its field. */
void employee_problem_mark(struct form *f, enum employee_problem p);

/* What the page of one employee shows besides the employee. */
struct employee_view {
	const struct form *form;	/* a refused form, or NULL */
	const char *alert;		/* catalog key of a message on top, or NULL */
};
/* Builds GET /admin/employees/{id} into c and returns status (or the
 * status of a failed read: 404, 503, 500). */
int employee_view(struct ctx *c, int64_t id, const struct employee_view *v, int status);

/* <audit> with the recent <entry> rows of an entity (audit.c's list). */
int org_audit_xml(struct ctx *c, xmlNodePtr parent, const char *entity, int64_t id);

/* The name of department id for an audit detail ("" when none or gone). */
void org_department_name(struct ctx *c, int64_t id, char *out, size_t size);

/* admin_import.c: the import page with a refused form (the mapping's). */
int admin_import_refused(struct ctx *c, const struct form *f, int status);
/* admin_import_mapping.c: <mapping> with a <field name header> per field
 * of ours (header "" when not mapped); an enum db_status. */
int import_mapping_xml(struct ctx *c, xmlNodePtr page);

/* Sets flash and the 303 target. */
int org_redirect(struct ctx *c, const char *location, const char *flash);

#endif
