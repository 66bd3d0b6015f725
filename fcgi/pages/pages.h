/* pages.h -- the handlers, one file per page or resource; their routes are
 * listed together in routes.c. */
#ifndef GESPREK_PAGES_H
#define GESPREK_PAGES_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "store/dossier.h"

struct ctx;

/* login.c */
int login_get(struct ctx *c);
int login_post(struct ctx *c);
int login_csrf_failed(struct ctx *c);
int session_alive_get(struct ctx *c);
int logout_post(struct ctx *c);
/* GET /logged-out: after a logout through single sign-on (issue 19). */
int logged_out_get(struct ctx *c);

/* preference.c: the user menu's language switch */
int language_post(struct ctx *c);

/* health.c */
int health_get(struct ctx *c);

/* dashboard.c */
int dashboard_get(struct ctx *c);

/* conversation.c */
struct dossier_view;
int dossier_get_page(struct ctx *c);
int conversation_get_page(struct ctx *c);
int conversation_ics(struct ctx *c);
/* The signed report of a closed conversation, as hashed (signed.c). */
int conversation_signed_xml(struct ctx *c);
/* The conversation page with `status`; *page (optional) receives the page
 * element so a caller can add its form or conflict. */
int conversation_page(struct ctx *c, int64_t id, int status, xmlNodePtr *page);
/* A write of the conversation form refused with `status` (400, 409) or
 * not done (DB_UNAVAILABLE: 503, the form keeps what was typed and says
 * that saving is not possible now); the page again with the form f. */
struct form;
int conversation_reshow(struct ctx *c, int64_t id, int status, struct form *f);
int conversation_unavailable(struct ctx *c, int64_t id, int st, struct form *f);
/* A version conflict names who changed the row last and when (from its
 * audit trail): /page/last_writer with @name, @at (local time) and @self
 * when it was the viewer (in another window).  Nothing when unknown. */
void conflict_writer(struct ctx *c, xmlNodePtr page, const char *entity, int64_t id);
int conversation_extras(struct ctx *c, const struct dossier_view *v, xmlNodePtr page);
/* One item editor, the conversation page with it open (issue 15):
 * GET /conversations/{id}/items/new?kind=..., .../items/{item}/edit and
 * .../items/{item}/update. */
int item_new_get(struct ctx *c);
int item_edit_get(struct ctx *c);
int item_update_get(struct ctx *c);
/* The answer to an editor or a write of a conversation that is not
 * editable (conversation_editable false): 403, or for a party the page
 * that says the report is saved for good or signed (error_signed_page). */
struct conversation;
int conversation_refusal(struct ctx *c, const struct dossier_view *v,
    const struct conversation *cv);
/* The calendar invitation of cv (planned) in lang into out; false when no
 * date is planned or out of memory (out->failed). */
struct buf;
bool conversation_ics_build(struct ctx *c, const struct dossier_view *v,
    const struct conversation *cv, const char *lang, struct buf *out);

/* deputy.c: deputies (issue 17) */
int deputies_get(struct ctx *c);
int admin_deputies_get(struct ctx *c);
int deputies_post(struct ctx *c);
int deputy_end_post(struct ctx *c);

/* conversation_post.c */
int item_add_post(struct ctx *c);
int item_edit_post(struct ctx *c);
int item_delete_post(struct ctx *c);
int update_post(struct ctx *c);
int remark_post(struct ctx *c);
int overall_post(struct ctx *c);
/* POST /conversations/{id}/answers: an answer or rating of a section of
 * the conversation's template (issue 16). */
int answer_post(struct ctx *c);

/* signoff.c */
int plan_post(struct ctx *c);
int share_post(struct ctx *c);
int held_post(struct ctx *c);
int finalize_post(struct ctx *c);
int sign_post(struct ctx *c);
int reopen_post(struct ctx *c);

/* admin_cycles.c, admin_cycle.c, admin_start.c, admin_goals.c,
 * admin_audit.c: HR's cycles, goals and audit trails */
int admin_cycles_get(struct ctx *c);
int admin_cycle_new_get(struct ctx *c);
int admin_cycles_post(struct ctx *c);
int admin_cycle_get(struct ctx *c);
int admin_cycle_post(struct ctx *c);
int admin_cycle_start_post(struct ctx *c);
int admin_cycle_close_post(struct ctx *c);
/* issue 17: the cycle's demand for a second assessor (admin_cycle.c). */
int admin_cycle_review_post(struct ctx *c);
/* issue 17: the HR advisor's list of the dossiers they read (advisor.c). */
int advisor_dossiers_get(struct ctx *c);
int admin_cycle_people_post(struct ctx *c);
int admin_goal_add_post(struct ctx *c);
int admin_goal_post(struct ctx *c);
int admin_collective_add_post(struct ctx *c);
int admin_collective_post(struct ctx *c);
int admin_collective_status_post(struct ctx *c);
int admin_audit_get(struct ctx *c);
/* privacy.c: the privacy statement (issue 18). */
int admin_privacy_get(struct ctx *c);
/* admin_departments.c: an HR advisor on or off a department (issue 17). */
int admin_department_advisors_post(struct ctx *c);

/* admin.c, admin_employees.c, admin_employee.c, admin_departments.c,
 * admin_import.c: HR's organisation */
int admin_get(struct ctx *c);
int admin_employees_get(struct ctx *c);
int admin_employee_new(struct ctx *c);
int admin_employees_post(struct ctx *c);
int admin_employee_get(struct ctx *c);
int admin_employee_post(struct ctx *c);
int admin_employee_deactivate(struct ctx *c);
int admin_employee_activate(struct ctx *c);
/* POST /admin/employees/{id}/hold (reason) and .../release: the legal hold. */
int admin_employee_hold(struct ctx *c);
int admin_employee_release(struct ctx *c);
int admin_dossier_manager_post(struct ctx *c);
int admin_departments_get(struct ctx *c);
int admin_departments_post(struct ctx *c);
int admin_department_get(struct ctx *c);
int admin_department_post(struct ctx *c);
int admin_department_assessor_post(struct ctx *c);
/* admin_competences.c: the competence dictionary and job profiles */
int admin_competences_get(struct ctx *c);
int admin_competences_post(struct ctx *c);
int admin_competence_get(struct ctx *c);
int admin_competence_post(struct ctx *c);
int admin_competences_export(struct ctx *c);
int admin_competences_import(struct ctx *c);
/* The employee page's job profile: its choices and the current one. */
int employee_profile_xml(struct ctx *c, int64_t employee_id);
int admin_employee_profile_post(struct ctx *c);
int admin_profiles_get(struct ctx *c);
int admin_profiles_post(struct ctx *c);
int admin_profile_get(struct ctx *c);
int admin_profile_post(struct ctx *c);
int admin_profile_areas_post(struct ctx *c);
int admin_import_get(struct ctx *c);
int admin_import_post(struct ctx *c);
int admin_import_mapping_post(struct ctx *c);

/* admin_templates.c: HR's form templates (issue 16) */
int admin_templates_get(struct ctx *c);
int admin_templates_import_post(struct ctx *c);
int admin_template_get(struct ctx *c);
int admin_template_export(struct ctx *c);
/* admin_template_edit.c: the template editor (issue 16) */
int admin_template_new_get(struct ctx *c);
int admin_template_new_post(struct ctx *c);
int admin_template_edit_get(struct ctx *c);
int admin_template_edit_post(struct ctx *c);

/* admin_mail.c: the outgoing mail queue */
int admin_mail_get(struct ctx *c);
int admin_mail_retry_post(struct ctx *c);

/* reports.c, export.c: HR's and managers' overview, the exports */
int reports_get(struct ctx *c);
int reports_people_get(struct ctx *c);
/* POST /reports/people/remind (reports_remind.c): confirmation, then the mails. */
int reports_remind_post(struct ctx *c);
int export_cycle_xml(struct ctx *c);
int export_cycle_csv(struct ctx *c);
/* access.c: the right of access (issue 18, AVG art. 15): the personal
 * export as XML (report.xsd) or a printable page, of the user
 * (/me/export) or, for HR on request, of a person
 * (/admin/employees/{id}/export). */
int access_me_get(struct ctx *c);
int access_person_export_get(struct ctx *c);
/* *may: the user may produce the export of a person of department_id
 * (the link on HR's page of an employee). */
int access_may_export(struct ctx *c, int64_t department_id, bool *may);

/* feedback.c: 360-degree and upward feedback (issue 17) */
int feedback_get(struct ctx *c);
int feedback_invite_post(struct ctx *c);
int feedback_answer_get(struct ctx *c);
int feedback_answer_post(struct ctx *c);
/* The personal export's feedback: per round of employee_id's dossiers,
 * <feedback> with what they, as the employee, may see of it (the page's
 * rules: the template's "employee sees", the anonymity threshold) --
 * whoever reads the export, HR producing it included. */
struct export_writer;
int feedback_export(struct ctx *c, int64_t employee_id, struct export_writer *w);

/* error.c: builds the error page of status (400 ... 503). */
int error_page(struct ctx *c, int status);
/* The 403 of a write to a report saved definitively or signed (status
 * "finalized" or "closed"), for a viewer who may read it: says so, what
 * can still be done (an HR reopen) and links back to the conversation.
 * Returns 403. */
int error_signed_page(struct ctx *c, int64_t conversation_id, const char *status);

#endif
