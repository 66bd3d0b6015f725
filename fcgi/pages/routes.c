/* routes.c -- every route of gesprek in one table: method, path, handler,
 * who may call it, and the stylesheet that renders its page.  Deny by
 * default: a route is public only when it says so. */
#include "config.h"

#include <stdio.h>

#include "app.h"
#include "pages/pages.h"
#include "xml/render.h"

const struct route app_routes[] = {
	{ "GET",  "/",       dashboard_get, ROLE_USER,   "dashboard", NULL },
	{ "GET",  "/login",  login_get,     ROLE_PUBLIC, "login",     NULL },
	{ "POST", "/login",  login_post,    ROLE_PUBLIC, "login",     login_csrf_failed },
	{ "POST", "/logout", logout_post,   ROLE_USER,   NULL,        NULL },

	/* The conversation cycle: ownership is checked per id in conv_view.c. */
	{ "GET",  "/dossiers/{id}",                  dossier_get_page,      ROLE_USER, "dossier",      NULL },
	{ "GET",  "/conversations/{id}",             conversation_get_page, ROLE_USER, "conversation", NULL },
	{ "GET",  "/conversations/{id}.ics",         conversation_ics,      ROLE_USER, NULL,           NULL },
	{ "POST", "/conversations/{id}/items",       item_add_post,         ROLE_USER, "conversation", NULL },
	{ "POST", "/items/{id}",                     item_edit_post,        ROLE_USER, "conversation", NULL },
	{ "POST", "/conversations/{id}/updates",     update_post,           ROLE_USER, "conversation", NULL },
	{ "POST", "/conversations/{id}/remarks",     remark_post,           ROLE_USER, "conversation", NULL },
	{ "POST", "/conversations/{id}/overall",     overall_post,          ROLE_USER, "conversation", NULL },
	{ "POST", "/conversations/{id}/plan",        plan_post,             ROLE_USER, "conversation", NULL },
	{ "POST", "/conversations/{id}/share",       share_post,            ROLE_USER, "conversation", NULL },
	{ "POST", "/conversations/{id}/held",        held_post,             ROLE_USER, "conversation", NULL },
	{ "POST", "/conversations/{id}/finalize",    finalize_post,         ROLE_USER, "conversation", NULL },
	{ "POST", "/conversations/{id}/sign",        sign_post,             ROLE_USER, "conversation", NULL },
	{ "POST", "/conversations/{id}/reopen",      reopen_post,           ROLE_USER, "conversation", NULL },

	/* HR: cycles, their goals, audit trails (admin_cycles.c ... admin_audit.c). */
	{ "GET",  "/admin/cycles",                   admin_cycles_get,       ROLE_HR, "admin_cycles",    NULL },
	{ "GET",  "/admin/cycles/new",               admin_cycle_new_get,    ROLE_HR, "admin_cycle_new", NULL },
	{ "POST", "/admin/cycles",                   admin_cycles_post,      ROLE_HR, "admin_cycle_new", NULL },
	{ "GET",  "/admin/cycles/{id}",              admin_cycle_get,        ROLE_HR, "admin_cycle",     NULL },
	{ "POST", "/admin/cycles/{id}",              admin_cycle_post,       ROLE_HR, "admin_cycle",     NULL },
	{ "POST", "/admin/cycles/{id}/start",        admin_cycle_start_post, ROLE_HR, "admin_cycle",     NULL },
	{ "POST", "/admin/cycles/{id}/close",        admin_cycle_close_post, ROLE_HR, "admin_cycle",     NULL },
	{ "POST", "/admin/cycles/{id}/goals",        admin_goal_add_post,    ROLE_HR, "admin_cycle",     NULL },
	{ "POST", "/admin/goals/{id}",               admin_goal_post,        ROLE_HR, "admin_cycle",     NULL },
	{ "POST", "/admin/cycles/{id}/collective",   admin_collective_add_post, ROLE_HR, "admin_cycle",  NULL },
	{ "POST", "/admin/collective/{id}",          admin_collective_post,  ROLE_HR, "admin_cycle",     NULL },
	{ "POST", "/admin/collective/{id}/status",   admin_collective_status_post, ROLE_HR, "admin_cycle", NULL },
	{ "GET",  "/admin/audit",                    admin_audit_get,        ROLE_HR, "admin_audit",     NULL },

	/* HR: the organisation (admin.c, admin_employees.c, admin_employee.c,
	 * admin_departments.c, admin_import.c). */
	{ "GET",  "/admin",                          admin_get,                 ROLE_HR, "admin",              NULL },
	{ "GET",  "/admin/employees",                admin_employees_get,       ROLE_HR, "admin_employees",    NULL },
	{ "GET",  "/admin/employees/new",            admin_employee_new,        ROLE_HR, "admin_employee_new", NULL },
	{ "POST", "/admin/employees",                admin_employees_post,      ROLE_HR, "admin_employee_new", NULL },
	{ "GET",  "/admin/employees/{id}",           admin_employee_get,        ROLE_HR, "admin_employee",     NULL },
	{ "POST", "/admin/employees/{id}",           admin_employee_post,       ROLE_HR, "admin_employee",     NULL },
	{ "POST", "/admin/employees/{id}/deactivate", admin_employee_deactivate, ROLE_HR, "admin_employee",     NULL },
	{ "POST", "/admin/employees/{id}/activate",  admin_employee_activate,   ROLE_HR, "admin_employee",     NULL },
	{ "POST", "/admin/dossiers/{id}/manager",    admin_dossier_manager_post, ROLE_HR, "admin_employee",    NULL },
	{ "GET",  "/admin/departments",              admin_departments_get,     ROLE_HR, "admin_departments",  NULL },
	{ "POST", "/admin/departments",              admin_departments_post,    ROLE_HR, "admin_departments",  NULL },
	{ "GET",  "/admin/departments/{id}",         admin_department_get,      ROLE_HR, "admin_department",   NULL },
	{ "POST", "/admin/departments/{id}",         admin_department_post,     ROLE_HR, "admin_department",   NULL },
	{ "GET",  "/admin/import",                   admin_import_get,          ROLE_HR, "admin_import",       NULL },
	{ "POST", "/admin/import",                   admin_import_post,         ROLE_HR, "admin_import",       NULL },

	/* HR: the outgoing mail queue (admin_mail.c). */
	{ "GET",  "/admin/mail",                     admin_mail_get,            ROLE_HR, "admin_mail",         NULL },
	{ "POST", "/admin/mail/{id}/retry",          admin_mail_retry_post,     ROLE_HR, "admin_mail",         NULL },

	/* Reports and exports (reports.c, export.c): HR everything, a manager
	 * their own team (checked in the handlers), others 403.  ".xml" is
	 * stripped by the request parser: /reports/cycles/{id} and /me/export
	 * answer only when XML is asked for; the CSV has its own pattern. */
	{ "GET",  "/reports",                        reports_get,               ROLE_USER, "reports",        NULL },
	{ "GET",  "/reports/people",                 reports_people_get,        ROLE_USER, "reports_people", NULL },
	{ "GET",  "/reports/cycles/{id}",            export_cycle_xml,          ROLE_USER, NULL,             NULL },
	{ "GET",  "/reports/cycles/{id}.csv",        export_cycle_csv,          ROLE_USER, NULL,             NULL },
	{ "GET",  "/me/export",                      export_personal_xml,       ROLE_USER, NULL,             NULL },
};

const size_t app_routes_len = sizeof(app_routes) / sizeof(app_routes[0]);

int (*const app_error_page)(struct ctx *c, int status) = error_page;

bool
app_check_routes(const struct styles *s, char *err, size_t errlen)
{
	size_t i;

	if (!styles_has(s, "error")) {
		snprintf(err, errlen, "stylesheet error.xsl is missing");
		return false;
	}
	for (i = 0; i < app_routes_len; i++) {
		const struct route *r = &app_routes[i];

		if (!router_pattern_ok(r->pattern)) {
			snprintf(err, errlen, "route %s %s: bad pattern", r->method, r->pattern);
			return false;
		}
		if (r->style && !styles_has(s, r->style)) {
			snprintf(err, errlen, "route %s %s: stylesheet %s.xsl is missing",
			    r->method, r->pattern, r->style);
			return false;
		}
	}
	return true;
}
