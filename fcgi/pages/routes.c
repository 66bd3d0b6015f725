/* routes.c -- every route of gesprek in one table: method, path, handler,
 * who may call it, the stylesheet that renders its page, and the fields it
 * reads (fcgi/http/input.h: checked before the handler runs, undeclared body
 * fields refused).  Deny by default: a route is public only when it says
 * so. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/broker.h"
#include "auth/loginname.h"
#include "pages/admin_cycle.h"
#include "pages/admin_org.h"
#include "pages/pages.h"
#include "pages/proposal.h"
#include "import/mapping.h"
#include "xml/i18n.h"
#include "xml/render.h"
#include "store/cycle.h"
#include "store/dossier.h"
#include "store/organisation.h"
#include "store/competence.h"
#include "store/answer.h"
#include "store/template.h"
#include "store/review.h"
#include "pages/review.h"
#include "store/feedback.h"
#include "store/calibration.h"
#include "pages/calibration.h"
#include "store/retention.h"

/* Weights of result goals are percentages or points, up to this. */
#define WEIGHT_MAX 1000
/* A goal's rating is a level of the scale its template names (template.xsd
 * level-value: 0 to 100), or a position on the cycle's (1, 2, ...); these
 * are only the bounds of any scale: the store checks the value against the
 * scale of the conversation's own form, in the write (store/outcome.h
 * outcome_goal_rating_ok), and refuses a 0 on a scale that starts at 1. */
#define GOAL_RATING_MIN 0
#define GOAL_RATING_MAX TPL_VALUE_MAX
/* The overall rating is a level value of the final scale, the cycle's or a
 * template's (template.xsd level-value: up to 100; store/outcome.c checks
 * it is one of the scale's levels), 0 included: a template's level may be
 * valued 0, and the cycle's own scale starts at 1, so the store refuses 0
 * there. */
#define OVERALL_RATING_MIN 0
#define OVERALL_RATING_MAX 100
/* Versions of conversations and items (the store's counters). */
#define ROW_VERSION_MAX INT64_MAX
/* Pages of a list after these are typing errors. */
#define EMPLOYEES_PAGES_MAX 100000
#define PEOPLE_PAGES_MAX 100000
/* "conversations.goal_setting.overdue" and room to spare. */
#define METRIC_MAX_CHARS 64
/* A people list's cursor (reports.c): two ids, two dots, the base64url
 * of a name of at most 200 characters of up to 4 bytes (1,067 and the
 * final group's 3). */
#define PEOPLE_CURSOR_MAX_CHARS (2 * 20 + 2 + 1070)

static const char *const item_kinds[] = { "result", "development", "action", NULL };
static const char *const update_statuses[] = { "open", "on_track", "at_risk", "achieved",
	"not_achieved", "cancelled", NULL };
static const char *const verdicts[] = { "agree", "seen", NULL };
static const char *const goal_statuses[] = { "open", "achieved", "not_achieved", NULL };
static const char *const employee_statuses[] = { "active", "inactive", "all", NULL };
static const char *const import_modes[] = { "dry-run", "apply", NULL };
static const char *const start_scopes[] = { "all", "department", "list", NULL };
static const char *const audit_entities[] = { "employee", "dossier", "cycle", NULL };
/* The languages of xslt/i18n (the user menu's switch, preference.c). */
static const char *const languages[] = { "nl", "en", NULL };
/* The path the switch returns to: longer ones are not our pages. */
#define BACK_PATH_MAX_CHARS 200
/* What the audit search filters on: the entities the store writes. */
static const char *const audit_search_entities[] = { "employee", "department", "cycle",
	"dossier", "conversation", "item", "org_goal", "collective_goal", "organisation",
	"export", "mail", "competence", "job_profile", NULL };
/* Part of a name or a login to find an actor by. */
#define AUDIT_WHO_MAX_CHARS 100

/* ---- the fields of each route, next to the rows below ---- */

static const struct field in_language[] = {
	IN_CHOICE("lang", REQUIRED, languages),
	IN_TEXT("back", OPTIONAL, BACK_PATH_MAX_CHARS),
	IN_END
};

/* The login form's rules are loginname_map's and password_ok's, which
 * answer every wrong try alike (login.c): declared, never refused here. */
static const struct field in_login[] = {
	IN_TEXT("username", OPTIONAL, LOGINNAME_INPUT_MAX),
	IN_SECRET("password", AUTH_PASS_MAX),
	/* The page to return to: checked by local_path_valid (login.c). */
	IN_LINE("next", OPTIONAL, RETURN_PATH_MAX),
	IN_END
};

#define ITEM_FIELDS \
	IN_TEXT("title", REQUIRED, TITLE_MAX_CHARS), \
	IN_TEXT("measure", OPTIONAL, TEXT_MAX_CHARS), \
	IN_DATE("deadline", OPTIONAL), \
	IN_ID("responsible", OPTIONAL), \
	IN_ID("org_goal", OPTIONAL), \
	IN_INT("weight", OPTIONAL, 1, WEIGHT_MAX), \
	IN_ID("area", OPTIONAL), \
	IN_ID("competence", OPTIONAL)
/* confirm: a date a little outside the cycle, confirmed (issue 15). */
static const struct field in_item_add[] = {
	IN_CHOICE("kind", REQUIRED, item_kinds), ITEM_FIELDS, IN_FLAG(CONFIRM_FIELD), IN_END
};
/* An item keeps its kind; forms and scripts send it along with the rest
 * (checked, not read). */
static const struct field in_item_edit[] = {
	IN_ID("conversation", REQUIRED),
	IN_INT("version", REQUIRED, 1, ROW_VERSION_MAX),
	IN_CHOICE("kind", OPTIONAL, item_kinds),
	ITEM_FIELDS, IN_FLAG(CONFIRM_FIELD), IN_END
};
/* The conversation the item was made in (and is deleted from). */
static const struct field in_item_delete[] = {
	IN_ID("conversation", REQUIRED), IN_END
};
static const struct field in_update[] = {
	IN_ID("item", REQUIRED),
	IN_CHOICE("status", OPTIONAL, update_statuses),
	IN_TEXT("note", OPTIONAL, TEXT_MAX_CHARS),
	IN_INT("rating", OPTIONAL, GOAL_RATING_MIN, GOAL_RATING_MAX),
	IN_END
};
/* The add editor's kind; absent on the return after login, whose kept
 * form names it (conversation.c). */
static const struct field in_item_new_get[] = {
	IN_CHOICE("kind", OPTIONAL, item_kinds), IN_END
};
static const struct field in_remark[] = {
	IN_TEXT("text", REQUIRED, TEXT_MAX_CHARS), IN_END
};
static const struct field in_overall[] = {
	IN_INT("version", REQUIRED, 1, ROW_VERSION_MAX),
	IN_INT("rating", REQUIRED, OVERALL_RATING_MIN, OVERALL_RATING_MAX),
	IN_TEXT("note", REQUIRED, TEXT_MAX_CHARS),
	/* Required when the rating is not the proposal: the store decides. */
	IN_TEXT("reason", OPTIONAL, TEXT_MAX_CHARS),
	IN_END
};
/* An answer of a form rendered from its template (issue 16): the section
 * by its key, a competence of the competence section, the text, the
 * level and its explanation, whether to show it to the other party now,
 * and the answer's version (absent: a first answer).  The store checks
 * every value against the form in the write. */
static const struct field in_answer[] = {
	IN_LINE("section", REQUIRED, TPL_KEY_MAX),
	IN_ID("competence", OPTIONAL),
	IN_TEXT("body", OPTIONAL, ANSWER_TEXT_MAX),
	IN_INT("rating", OPTIONAL, 0, ANSWER_LEVEL_MAX),
	IN_TEXT("explanation", OPTIONAL, ANSWER_TEXT_MAX),
	IN_FLAG("share"),
	IN_INT("version", OPTIONAL, 1, ROW_VERSION_MAX),
	IN_END
};
/* The moves of a conversation: the version the page showed, when sent. */
#define MOVE_VERSION IN_INT("version", OPTIONAL, 1, ROW_VERSION_MAX)
static const struct field in_move[] = { MOVE_VERSION, IN_END };
/* confirm: held before the planned day, or a date a little outside the
 * cycle, confirmed (issue 15). */
static const struct field in_held[] = { MOVE_VERSION, IN_FLAG(CONFIRM_FIELD), IN_END };
/* confirm: dropping a proposal asks first (proposal.c). */
static const struct field in_proposal_drop[] = { IN_FLAG(CONFIRM_FIELD), IN_END };
static const struct field in_plan[] = {
	MOVE_VERSION, IN_DATETIME("scheduled_at", REQUIRED), IN_FLAG(CONFIRM_FIELD), IN_END
};
static const struct field in_sign[] = {
	MOVE_VERSION,
	IN_CHOICE("verdict", REQUIRED, verdicts),
	IN_TEXT("remark", OPTIONAL, TEXT_MAX_CHARS),
	IN_END
};
static const struct field in_reopen[] = {
	MOVE_VERSION, IN_TEXT("reason", REQUIRED, TEXT_MAX_CHARS), IN_END
};
/* The second assessor (issue 17, review.c): a return and a change carry a
 * required reason; a change names the overall rating, or a result goal
 * (target_id) whose rating in this conversation it changes, the manager's
 * rating of a rating question (section) or of a competence (section and
 * target_id: the competence). */
static const struct field in_department_assessor[] = {
	IN_INT("version", REQUIRED, 1, ORG_VERSION_MAX), IN_LINE("login", OPTIONAL, LOGIN_MAX), IN_END
};
/* A cycle's demand for a second assessor (rules/review.h review_demand_names). */
static const char *const review_demands[] = { "template", "required", "none", NULL };
static const struct field in_cycle_review[] = {
	IN_INT("version", REQUIRED, 1, VERSION_MAX), IN_CHOICE("second_assessor", REQUIRED, review_demands),
	IN_END
};
/* The HR advisor's list of dossiers (issue 17, advisor.c): the filter and
 * the dossier a page starts after. */
static const struct field in_advisor_list[] = {
	IN_ID("cycle", OPTIONAL), IN_LINE("q", OPTIONAL, SEARCH_MAX_CHARS), IN_ID("after", OPTIONAL),
	IN_END
};
static const char *const review_targets[] = { "overall", "item", "question", "competence", NULL };
static const struct field in_review_approve[] = { MOVE_VERSION, IN_END };
static const struct field in_review_return[] = {
	MOVE_VERSION, IN_TEXT("reason", REQUIRED, REVIEW_REASON_MAX), IN_END
};
static const struct field in_review_change[] = {
	MOVE_VERSION,
	IN_CHOICE("target", REQUIRED, review_targets),
	IN_ID("target_id", OPTIONAL),
	IN_LINE("section", OPTIONAL, TPL_KEY_MAX),
	IN_INT("rating", REQUIRED, OVERALL_RATING_MIN, OVERALL_RATING_MAX),
	IN_TEXT("reason", REQUIRED, REVIEW_REASON_MAX),
	IN_END
};

/* A cycle: name, period, scale; a new one (or one without dossiers yet)
 * also its schedule, rows of a step type and a due date. */
#define STEP(n) \
	IN_CHOICE("step" #n "_type", OPTIONAL, cycle_step_types), \
	IN_DATE("step" #n "_due", OPTIONAL)
#define CYCLE_FIELDS \
	IN_LINE("name", REQUIRED, CYCLE_NAME_MAX), \
	IN_DATE("starts_on", REQUIRED), \
	IN_DATE("ends_on", REQUIRED), \
	IN_TEXT("scale", REQUIRED, SCALE_TYPED_CHARS), \
	STEP(1), STEP(2), STEP(3), STEP(4), STEP(5), STEP(6), STEP(7), STEP(8)
_Static_assert(CYCLE_STEPS_MAX == 8, "one STEP() per schedule row in CYCLE_FIELDS");
static const struct field in_cycle_new[] = { CYCLE_FIELDS, IN_END };
/* confirm: a change of a cycle with dossiers, confirmed (issue 15). */
static const struct field in_cycle_edit[] = {
	CYCLE_FIELDS, IN_INT("version", REQUIRED, 1, VERSION_MAX), IN_FLAG(CONFIRM_FIELD), IN_END
};
/* The result of a start, carried by its redirect. */
static const struct field in_cycle_page[] = {
	IN_INT("created", OPTIONAL, 0, START_COUNT_MAX),
	IN_INT("present", OPTIONAL, 0, START_COUNT_MAX),
	IN_LINE("dq", OPTIONAL, SEARCH_MAX_CHARS),	/* the department search */
	IN_END
};
/* A department or job profile and the template its people start on. */
#define TEMPLATE_CHOICE(kind, n) \
	IN_ID(kind #n, OPTIONAL), IN_ID(kind #n "_template", OPTIONAL)
/* department and logins: which one is required depends on the scope. */
static const struct field in_cycle_start[] = {
	IN_CHOICE("scope", REQUIRED, start_scopes),
	IN_ID("department", OPTIONAL),
	IN_FLAG("recursive"),
	IN_TEXT("logins", OPTIONAL, START_LOGINS_CHARS),
	IN_FLAG(CONFIRM_FIELD),
	/* The organisation goals to copy from the cycle before: one checkbox
	 * each, named copy1 ... (a name may come once in a body), its value the
	 * goal's id; START_COPY_MAX of them. */
	IN_ID("copy1", OPTIONAL), IN_ID("copy2", OPTIONAL), IN_ID("copy3", OPTIONAL),
	IN_ID("copy4", OPTIONAL), IN_ID("copy5", OPTIONAL), IN_ID("copy6", OPTIONAL),
	IN_ID("copy7", OPTIONAL), IN_ID("copy8", OPTIONAL), IN_ID("copy9", OPTIONAL),
	IN_ID("copy10", OPTIONAL), IN_ID("copy11", OPTIONAL), IN_ID("copy12", OPTIONAL),
	IN_ID("copy13", OPTIONAL), IN_ID("copy14", OPTIONAL), IN_ID("copy15", OPTIONAL),
	IN_ID("copy16", OPTIONAL), IN_ID("copy17", OPTIONAL), IN_ID("copy18", OPTIONAL),
	IN_ID("copy19", OPTIONAL), IN_ID("copy20", OPTIONAL),
	/* The form templates (issue 16): the default and its version, and
	 * CYCLE_TEMPLATE_CHOICES_MAX rows per department and per job profile. */
	IN_ID("template", OPTIONAL), IN_ID("template_version", OPTIONAL),
	TEMPLATE_CHOICE("dep", 1), TEMPLATE_CHOICE("dep", 2), TEMPLATE_CHOICE("dep", 3),
	TEMPLATE_CHOICE("dep", 4), TEMPLATE_CHOICE("dep", 5),
	TEMPLATE_CHOICE("profile", 1), TEMPLATE_CHOICE("profile", 2),
	TEMPLATE_CHOICE("profile", 3), TEMPLATE_CHOICE("profile", 4),
	TEMPLATE_CHOICE("profile", 5),
	IN_END
};
_Static_assert(CYCLE_TEMPLATE_CHOICES_MAX == 5,
    "one TEMPLATE_CHOICE() per row of in_cycle_start");
/* HR confirms one joiner or leaver of a running cycle, or does not add a
 * joiner (admin_start.c). */
static const char *const people_changes[] = { "join", "leave", "dismiss", NULL };
static const struct field in_cycle_people[] = {
	IN_ID("employee", REQUIRED),
	IN_CHOICE("change", REQUIRED, people_changes),
	IN_END
};
/* Closing and starting ask first; confirm sends the second form. */
static const struct field in_cycle_close[] = { IN_FLAG(CONFIRM_FIELD), IN_END };
/* department: whose goal it is (issue 16), none for the whole organisation. */
static const struct field in_goal_new[] = {
	IN_LINE("title", REQUIRED, GOAL_TITLE_MAX),
	IN_TEXT("description", OPTIONAL, GOAL_TEXT_MAX),
	IN_ID("department", OPTIONAL),
	IN_END
};
static const struct field in_goal_edit[] = {
	IN_LINE("title", REQUIRED, GOAL_TITLE_MAX),
	IN_TEXT("description", OPTIONAL, GOAL_TEXT_MAX),
	IN_ID("department", OPTIONAL),
	IN_INT("version", REQUIRED, 1, VERSION_MAX),
	IN_END
};
#define COLLECTIVE_FIELDS \
	IN_LINE("title", REQUIRED, GOAL_TITLE_MAX), \
	IN_TEXT("measure", OPTIONAL, GOAL_TEXT_MAX), \
	IN_DATE("deadline", OPTIONAL), \
	IN_ID("department", OPTIONAL), \
	IN_FLAG("bonus"), \
	IN_FLAG(CONFIRM_FIELD)
static const struct field in_collective_new[] = { COLLECTIVE_FIELDS, IN_END };
static const struct field in_collective_edit[] = {
	COLLECTIVE_FIELDS, IN_INT("version", REQUIRED, 1, VERSION_MAX), IN_END
};
static const struct field in_collective_status[] = {
	IN_CHOICE("status", REQUIRED, goal_statuses),
	IN_TEXT("status_note", OPTIONAL, GOAL_TEXT_MAX),
	IN_INT("version", REQUIRED, 1, VERSION_MAX),
	IN_END
};
/* entity and id together: one trail; else the search form (what, who,
 * from, to; dossier: that dossier's trail). */
static const struct field in_audit[] = {
	IN_CHOICE("entity", OPTIONAL, audit_entities),
	IN_ID("id", OPTIONAL),
	IN_CHOICE("what", OPTIONAL, audit_search_entities),
	IN_LINE("who", OPTIONAL, AUDIT_WHO_MAX_CHARS),
	IN_ID("dossier", OPTIONAL),
	IN_DATE("from", OPTIONAL),
	IN_DATE("to", OPTIONAL),
	IN_END
};

/* The organisation. */
static const struct field in_employee_search[] = {
	IN_LINE("q", OPTIONAL, SEARCH_MAX_CHARS),
	IN_ID("department", OPTIONAL),
	IN_CHOICE("status", OPTIONAL, employee_statuses),
	IN_INT("page", OPTIONAL, 1, EMPLOYEES_PAGES_MAX),
	IN_END
};
/* The login is checked further by login_name_valid (admin_employees.c). */
#define EMPLOYEE_FIELDS \
	IN_LINE("login", REQUIRED, LOGIN_MAX), \
	IN_LINE("name", REQUIRED, NAME_MAX_LEN), \
	IN_EMAIL("email", OPTIONAL), \
	IN_ID("department", OPTIONAL), \
	IN_LINE("manager", OPTIONAL, LOGIN_MAX), \
	IN_FLAG("hr")
static const struct field in_employee_new[] = { EMPLOYEE_FIELDS, IN_END };
static const struct field in_employee_edit[] = {
	EMPLOYEE_FIELDS, IN_INT("version", REQUIRED, 1, ORG_VERSION_MAX), IN_END
};
static const struct field in_employee_status[] = {
	IN_INT("version", REQUIRED, 1, ORG_VERSION_MAX), IN_END
};
/* A legal hold's reason (store/retention.h LEGAL_HOLD_REASON_MAX). */
static const struct field in_legal_hold[] = {
	IN_TEXT("reason", REQUIRED, LEGAL_HOLD_REASON_MAX), IN_END
};
static const struct field in_dossier_manager[] = {
	IN_ID("manager", REQUIRED), IN_END
};
static const struct field in_department_new[] = {
	IN_LINE("name", REQUIRED, NAME_MAX_LEN),
	IN_ID("parent", OPTIONAL),
	IN_END
};
/* An HR advisor on (or, with remove, off) a department (issue 17). */
static const struct field in_department_advisors[] = {
	IN_LINE("login", REQUIRED, LOGIN_MAX),
	IN_FLAG("remove"),
	IN_END
};
static const struct field in_department_edit[] = {
	IN_LINE("name", REQUIRED, NAME_MAX_LEN),
	IN_ID("parent", OPTIONAL),
	IN_INT("version", REQUIRED, 1, ORG_VERSION_MAX),
	IN_END
};
/* A competence and its behaviour indicators per level (issue 16); the
 * key's form is checked by the handler (competence_key_ok). */
#define COMPETENCE_LEVEL_FIELDS(n) \
	IN_TEXT("level" #n, OPTIONAL, COMPETENCE_TEXT_MAX), \
	IN_TEXT("level" #n "_en", OPTIONAL, COMPETENCE_TEXT_MAX)
#define COMPETENCE_FIELDS \
	IN_LINE("key", REQUIRED, COMPETENCE_KEY_MAX), \
	IN_LINE("name", REQUIRED, COMPETENCE_NAME_MAX), \
	IN_LINE("name_en", OPTIONAL, COMPETENCE_NAME_MAX), \
	IN_TEXT("definition", REQUIRED, COMPETENCE_TEXT_MAX), \
	IN_TEXT("definition_en", OPTIONAL, COMPETENCE_TEXT_MAX), \
	COMPETENCE_LEVEL_FIELDS(1), COMPETENCE_LEVEL_FIELDS(2), COMPETENCE_LEVEL_FIELDS(3), \
	COMPETENCE_LEVEL_FIELDS(4), COMPETENCE_LEVEL_FIELDS(5), COMPETENCE_LEVEL_FIELDS(6), \
	COMPETENCE_LEVEL_FIELDS(7), COMPETENCE_LEVEL_FIELDS(8), COMPETENCE_LEVEL_FIELDS(9), \
	COMPETENCE_LEVEL_FIELDS(10)
static const struct field in_competence_new[] = { COMPETENCE_FIELDS, IN_END };
static const struct field in_competence_edit[] = {
	COMPETENCE_FIELDS, IN_INT("version", REQUIRED, 1, COMPETENCE_VERSION_MAX), IN_END
};
/* The dictionary as XML (competences.xsd): a dry run or the real thing. */
static const struct field in_competence_import[] = {
	IN_FILE("file", OPTIONAL), IN_CHOICE("mode", REQUIRED, import_modes), IN_END
};
/* The employee page's job profile; empty: none. */
static const struct field in_employee_profile[] = {
	IN_ID("job_profile", OPTIONAL), IN_END
};
/* A job profile: its competences by key, in order (store/competence.h). */
#define PROFILE_FIELDS \
	IN_LINE("key", REQUIRED, COMPETENCE_KEY_MAX), \
	IN_LINE("name", REQUIRED, COMPETENCE_NAME_MAX), \
	IN_LINE("name_en", OPTIONAL, COMPETENCE_NAME_MAX), \
	IN_TEXT("competences", OPTIONAL, PROFILE_KEYS_MAX_CHARS)
static const struct field in_profile_new[] = { PROFILE_FIELDS, IN_END };
static const struct field in_profile_edit[] = {
	PROFILE_FIELDS, IN_INT("version", REQUIRED, 1, COMPETENCE_VERSION_MAX), IN_END
};
/* One change to a profile's key result areas (store/competence.h
 * profile_area_change): the op, the profile's version, the area (every op
 * but add), its key (add) and names (add, save); named apart from the
 * profile's own form on the same page.  Which op needs which field is
 * checked by the handler. */
static const char *const area_op_choices[] = { "add", "save", "up", "down", "remove", NULL };
static const struct field in_profile_areas[] = {
	IN_CHOICE("op", REQUIRED, area_op_choices),
	IN_INT("version", REQUIRED, 1, COMPETENCE_VERSION_MAX),
	IN_ID("area", OPTIONAL),
	IN_LINE("area_key", OPTIONAL, COMPETENCE_KEY_MAX),
	IN_LINE("area_name", OPTIONAL, COMPETENCE_NAME_MAX),
	IN_LINE("area_name_en", OPTIONAL, COMPETENCE_NAME_MAX),
	IN_END
};
/* The file is checked by the handler, which names an empty one alike. */
/* Applying a kept dry run sends its token instead of the file; confirm is
 * the deactivation guard's explicit yes (rules/plan.h). */
static const struct field in_import[] = {
	IN_CHOICE("mode", REQUIRED, import_modes),
	IN_FILE("file", OPTIONAL),
	IN_LINE("token", OPTIONAL, IMPORT_TOKEN_HEX),
	IN_FLAG("confirm"),
	IN_END
};

/* A form template file (admin_templates.c): the reader bounds it. */
static const struct field in_template_import[] = {
	IN_CHOICE("mode", REQUIRED, import_modes),
	IN_FILE("file", OPTIONAL),
	IN_END
};

/* The template editor (admin_template_edit.c): one form, its rows
 * repeated fields ('#': scale, level, form, section, from 1); `op` the
 * button pressed (save, add_scale, del_level_2_3, up_1_4 ...: the
 * handler parses it), based_on the version the editor started from. */
#define TPL_OP_MAX_CHARS 24
#define TPL_TEXTS(n, chars) IN_TEXT(n "_nl", OPTIONAL, chars), IN_TEXT(n "_en", OPTIONAL, chars)
#define TPL_LINES(n, chars) IN_LINE(n "_nl", OPTIONAL, chars), IN_LINE(n "_en", OPTIONAL, chars)
/* tpl_kind_names and tpl_who_names, as choices (NULL-terminated). */
static const char *const tpl_kind_choices[] = { "result_goals", "development", "actions",
	"remarks", "open_question", "rating_question", "competences", NULL };
static const char *const tpl_who_choices[] = { "employee", "manager", "both", NULL };
_Static_assert(sizeof(tpl_kind_choices) / sizeof(tpl_kind_choices[0]) == TPL_KINDS + 1 &&
    sizeof(tpl_who_choices) / sizeof(tpl_who_choices[0]) == TPL_WHOS + 1,
    "one choice per kind and answerer of store/template.h");
/* The feedback round's choices (issue 17): tpl_conv_names, the anonymity
 * of template.xsd, tpl_fb_sees_names, tpl_fb_kind_names. */
static const char *const tpl_conv_choices[] = { "goal_setting", "progress", "assessment", NULL };
static const char *const tpl_anonymity_choices[] = { "anonymous", "named", NULL };
static const char *const tpl_sees_choices[] = { "always", "after_conversation", "never", NULL };
static const char *const tpl_fb_kind_choices[] = { "open", "rating", NULL };
_Static_assert(sizeof(tpl_conv_choices) / sizeof(tpl_conv_choices[0]) == TPL_CONVS + 1 &&
    sizeof(tpl_sees_choices) / sizeof(tpl_sees_choices[0]) == TPL_FB_SEES + 1 &&
    sizeof(tpl_fb_kind_choices) / sizeof(tpl_fb_kind_choices[0]) == TPL_FB_KINDS + 1,
    "one choice per conversation type, employee-sees and question kind of store/template.h");
static const struct field in_template_edit[] = {
	IN_LINE("op", OPTIONAL, TPL_OP_MAX_CHARS),
	IN_INT("based_on", OPTIONAL, 1, INT32_MAX),
	IN_LINE("key", OPTIONAL, TPL_KEY_MAX),
	TPL_LINES("name", TPL_SHORT_MAX),
	TPL_TEXTS("desc", TPL_LONG_MAX),
	IN_FLAG("rule_org_goal"), IN_FLAG("rule_measure"), IN_FLAG("rule_end_date"),
	IN_INT("w_result_goals", OPTIONAL, 0, TPL_WEIGHT_TOTAL),
	IN_INT("w_competences", OPTIONAL, 0, TPL_WEIGHT_TOTAL),
	IN_INT("w_rating_questions", OPTIONAL, 0, TPL_WEIGHT_TOTAL),
	IN_LINE("final_scale", OPTIONAL, TPL_KEY_MAX),
	IN_FLAG("second_assessor"),
	IN_LINE("s#_key", OPTIONAL, TPL_KEY_MAX),
	IN_INT("s#_l#_value", OPTIONAL, 0, TPL_VALUE_MAX),
	TPL_LINES("s#_l#_label", TPL_SHORT_MAX),
	TPL_TEXTS("s#_l#_desc", TPL_LONG_MAX),
	IN_LINE("f#_x#_key", OPTIONAL, TPL_KEY_MAX),
	IN_CHOICE("f#_x#_kind", OPTIONAL, tpl_kind_choices),
	IN_CHOICE("f#_x#_who", OPTIONAL, tpl_who_choices),
	IN_FLAG("f#_x#_required"),
	IN_FLAG("f#_x#_self"),
	IN_LINE("f#_x#_scale", OPTIONAL, TPL_KEY_MAX),
	IN_INT("f#_x#_below", OPTIONAL, 0, TPL_VALUE_MAX),
	TPL_LINES("f#_x#_title", TPL_SHORT_MAX),
	TPL_TEXTS("f#_x#_guid", TPL_LONG_MAX),
	/* The feedback round (issue 17): its threshold's range is the
	 * import's rule (tpl_check), named at the field by the editor. */
	IN_FLAG("fb_enabled"),
	IN_CHOICE("fb_conversation", OPTIONAL, tpl_conv_choices),
	IN_CHOICE("fb_invited_by", OPTIONAL, tpl_who_choices),
	IN_CHOICE("fb_anonymity", OPTIONAL, tpl_anonymity_choices),
	IN_INT("fb_threshold", OPTIONAL, INT32_MIN, INT32_MAX),
	IN_CHOICE("fb_sees", OPTIONAL, tpl_sees_choices),
	IN_LINE("q#_key", OPTIONAL, TPL_KEY_MAX),
	IN_CHOICE("q#_kind", OPTIONAL, tpl_fb_kind_choices),
	IN_LINE("q#_scale", OPTIONAL, TPL_KEY_MAX),
	TPL_LINES("q#_title", TPL_SHORT_MAX),
	IN_END
};

/* The most parameters a template the XML import accepts can take in the
 * editor's one form: the head (op, based_on, key, names, descriptions,
 * rules, weights, final scale, second assessor, csrf), each scale's key and its levels'
 * five fields, each section's eleven, the feedback round's six settings
 * and each of its questions' five; TEMPLATE_EDIT_SLACK covers the
 * buttons and what a browser adds.  [limits] params (200) bounds every
 * other form; the editor's own bound is this, so a save is never
 * refused for a size the import allows, and is still bounded. */
#define TEMPLATE_EDIT_HEAD_FIELDS 20
#define TEMPLATE_EDIT_LEVEL_FIELDS 5
#define TEMPLATE_EDIT_SECTION_FIELDS 11
#define TEMPLATE_EDIT_FEEDBACK_FIELDS 6
#define TEMPLATE_EDIT_QUESTION_FIELDS 5
#define TEMPLATE_EDIT_SLACK 16
#define TEMPLATE_EDIT_PARAMS_MAX (TEMPLATE_EDIT_HEAD_FIELDS + \
	TPL_SCALES_MAX * (1 + TPL_LEVELS_MAX * TEMPLATE_EDIT_LEVEL_FIELDS) + \
	TPL_CONVS * TPL_SECTIONS_MAX * TEMPLATE_EDIT_SECTION_FIELDS + \
	TEMPLATE_EDIT_FEEDBACK_FIELDS + TPL_FB_QUESTIONS_MAX * TEMPLATE_EDIT_QUESTION_FIELDS + \
	TEMPLATE_EDIT_SLACK)
_Static_assert(sizeof(in_template_edit) / sizeof(in_template_edit[0]) - 1 <=
    TEMPLATE_EDIT_HEAD_FIELDS + 1 + TEMPLATE_EDIT_LEVEL_FIELDS + TEMPLATE_EDIT_SECTION_FIELDS +
    TEMPLATE_EDIT_FEEDBACK_FIELDS + TEMPLATE_EDIT_QUESTION_FIELDS,
    "every declared field of the editor is counted in TEMPLATE_EDIT_PARAMS_MAX");

const struct route_bounds app_route_bounds[] = {
	{ in_template_edit, TEMPLATE_EDIT_PARAMS_MAX, true },
};
const size_t app_route_bounds_len = sizeof(app_route_bounds) / sizeof(app_route_bounds[0]);

/* The saved column mapping: per field of ours (import/mapping.h) the
 * header of the HR export's column, empty when left to the aliases. */
static const struct field in_import_mapping[] = {
	IN_LINE("login", OPTIONAL, MAP_HEADER_CHARS),
	IN_LINE("employee_number", OPTIONAL, MAP_HEADER_CHARS),
	IN_LINE("name", OPTIONAL, MAP_HEADER_CHARS),
	IN_LINE("given_name", OPTIONAL, MAP_HEADER_CHARS),
	IN_LINE("infix", OPTIONAL, MAP_HEADER_CHARS),
	IN_LINE("surname", OPTIONAL, MAP_HEADER_CHARS),
	IN_LINE("email", OPTIONAL, MAP_HEADER_CHARS),
	IN_LINE("department", OPTIONAL, MAP_HEADER_CHARS),
	IN_LINE("parent_department", OPTIONAL, MAP_HEADER_CHARS),
	IN_LINE("manager", OPTIONAL, MAP_HEADER_CHARS),
	IN_LINE("left_on", OPTIONAL, MAP_HEADER_CHARS),
	IN_LINE("job_profile", OPTIONAL, MAP_HEADER_CHARS),
	IN_END
};

/* A form page with a department choice: its search (pages/choices.h). */
static const struct field in_dept_search[] = {
	IN_LINE("dq", OPTIONAL, SEARCH_MAX_CHARS),
	IN_END
};

/* Reports: the filter, the list of people behind a number, the export. */
static const struct field in_reports[] = {
	IN_ID("cycle", OPTIONAL),
	IN_ID("department", OPTIONAL),
	IN_FLAG("recursive"),
	IN_LINE("dq", OPTIONAL, SEARCH_MAX_CHARS),	/* the department search */
	IN_ID("team", OPTIONAL),	/* a borrowed team's manager (reports_team.c) */
	IN_END
};
/* metric is checked by parse_metric (reports.c): a word of a grammar. */
static const struct field in_reports_people[] = {
	IN_ID("cycle", REQUIRED),
	IN_ID("department", OPTIONAL),
	IN_FLAG("recursive"),
	IN_TEXT("metric", REQUIRED, METRIC_MAX_CHARS),
	IN_INT("page", OPTIONAL, 1, PEOPLE_PAGES_MAX),
	IN_TEXT("after", OPTIONAL, PEOPLE_CURSOR_MAX_CHARS),
	IN_ID("team", OPTIONAL),	/* a borrowed team's manager (reports_team.c) */
	IN_END
};
/* A reminder to the people of a list names the list, never the people
 * (reports_remind.c); again: send once more within the hour. */
static const struct field in_reports_remind[] = {
	IN_ID("cycle", REQUIRED),
	IN_ID("department", OPTIONAL),
	IN_FLAG("recursive"),
	IN_TEXT("metric", REQUIRED, METRIC_MAX_CHARS),
	IN_FLAG(CONFIRM_FIELD),
	IN_FLAG("again"),
	IN_END
};
static const struct field in_export[] = {
	IN_ID("department", OPTIONAL),
	IN_FLAG("recursive"),
	IN_DATE("from", OPTIONAL),
	IN_DATE("to", OPTIONAL),
	IN_END
};

/* issue 17: a deputy's appointment (deputy.c); the store checks the rest. */
static const struct field in_deputy[] = {
	IN_ID("manager", OPTIONAL),
	IN_LINE("deputy", REQUIRED, LOGIN_MAX),
	IN_ID("employee", OPTIONAL),
	IN_DATE("from", REQUIRED),
	IN_DATE("until", REQUIRED),
	IN_END
};
static const struct field in_deputy_end[] = {
	IN_INT("version", REQUIRED, 1, ROW_VERSION_MAX),
	IN_END
};
/* Feedback (issue 17, feedback.c): the name search of the invitation
 * form; an invitation; an invitee's answers, one field per question of
 * the template (q1_..., at most TPL_FB_QUESTIONS_MAX; the handler checks
 * each against this declaration and a rating against its scale). */
static const struct field in_feedback_get[] = {
	IN_LINE("q", OPTIONAL, FEEDBACK_SEARCH_CHARS), IN_END
};
static const struct field in_feedback_invite[] = {
	IN_ID("invitee", REQUIRED), IN_DATE("deadline", REQUIRED), IN_END
};
static const struct field in_feedback_answer[] = {
	IN_TEXT("q#_body", OPTIONAL, FEEDBACK_TEXT_MAX),
	IN_INT("q#_rating", OPTIONAL, 0, TPL_VALUE_MAX),
	IN_END
};
_Static_assert(TPL_FB_QUESTIONS_MAX <= INPUT_INDEX_MAX, "q#_ numbers every question");

/* Calibration (issue 17, calibration.c): the view's choice; a round of a
 * cycle and department; a proposal with its required reason; a
 * rejection's optional one.  The store checks every id and right. */
static const struct field in_calibration_get[] = {
	IN_ID("cycle", OPTIONAL), IN_ID("department", OPTIONAL), IN_END
};
static const struct field in_calibration_open[] = {
	IN_ID("cycle", REQUIRED), IN_ID("department", REQUIRED), IN_END
};
static const struct field in_calibration_close[] = {
	IN_INT("version", REQUIRED, 1, ROW_VERSION_MAX), IN_END
};
static const struct field in_calibration_propose[] = {
	IN_ID("conversation", REQUIRED),
	IN_INT("rating", REQUIRED, 0, TPL_VALUE_MAX),
	IN_TEXT("reason", REQUIRED, CALIB_REASON_MAX),
	IN_END
};
static const struct field in_calibration_accept[] = {
	IN_INT("version", REQUIRED, 1, ROW_VERSION_MAX), IN_END
};
static const struct field in_calibration_reject[] = {
	IN_INT("version", REQUIRED, 1, ROW_VERSION_MAX),
	IN_TEXT("reason", OPTIONAL, CALIB_REASON_MAX), IN_END
};

const struct route app_routes[] = {
	{ "GET",  "/",       dashboard_get, ROLE_USER,   "dashboard", NULL, NULL, "route.get.home" },
	{ "GET",  "/login",  login_get,     ROLE_PUBLIC, "login",     NULL, NULL, "route.get.login" },
	{ "POST", "/login",  login_post,    ROLE_PUBLIC, "login",     login_csrf_failed, in_login, "route.post.login" },
	{ "POST", "/logout", logout_post,   ROLE_USER,   NULL,        NULL, NULL, "route.post.logout" },
	/* After a logout through single sign-on (issue 19, login.c). */
	{ "GET",  SSO_LOGGED_OUT_PATH, logged_out_get, ROLE_PUBLIC, "login", NULL, NULL, "route.get.logged.out" },
	/* The user menu's language switch (preference.c). */
	{ "POST", "/me/language", language_post, ROLE_USER, NULL,      NULL, in_language, "route.post.me.language" },
	/* For load balancers: no fields, no session, no write (health.c). */
	{ "GET",  "/health", health_get,    ROLE_PUBLIC, NULL,        NULL, NULL, "route.get.health" },
	{ "GET",  "/session/alive", session_alive_get, ROLE_USER, NULL, NULL, NULL, "route.get.session.alive" },

	/* The conversation cycle: ownership is checked per id in conv_view.c. */
	{ "GET",  "/dossiers/{id}",                  dossier_get_page,      ROLE_USER, "dossier",      NULL, NULL, "route.get.dossiers.id" },
	{ "GET",  "/conversations/{id}",             conversation_get_page, ROLE_USER, "conversation", NULL, NULL, "route.get.conversations.id" },
	{ "GET",  "/conversations/{id}.ics",         conversation_ics,      ROLE_USER, NULL,           NULL, NULL, "route.get.conversations.id.ics" },
	{ "GET",  "/conversations/{id}/signed",      conversation_signed_xml, ROLE_USER, NULL,         NULL, NULL, "route.get.conversations.id.signed" },
	/* One item editor at a time, at its own URL (issue 15). */
	{ "GET",  "/conversations/{id}/items/new",   item_new_get,          ROLE_USER, "conversation", NULL, in_item_new_get, "route.get.conversations.id.items.new" },
	{ "GET",  "/conversations/{id}/items/{id}/edit", item_edit_get,     ROLE_USER, "conversation", NULL, NULL, "route.get.conversations.id.items.id.edit" },
	{ "GET",  "/conversations/{id}/items/{id}/update", item_update_get, ROLE_USER, "conversation", NULL, NULL, "route.get.conversations.id.items.id.update" },
	{ "POST", "/conversations/{id}/items",       item_add_post,         ROLE_USER, "conversation", NULL, in_item_add, "route.post.conversations.id.items" },
	{ "POST", "/items/{id}",                     item_edit_post,        ROLE_USER, "conversation", NULL, in_item_edit, "route.post.items.id" },
	{ "POST", "/items/{id}/delete",              item_delete_post,      ROLE_USER, "conversation", NULL, in_item_delete, "route.post.items.id.delete" },
	{ "POST", "/conversations/{id}/updates",     update_post,           ROLE_USER, "conversation", NULL, in_update, "route.post.conversations.id.updates" },
	{ "POST", "/conversations/{id}/remarks",     remark_post,           ROLE_USER, "conversation", NULL, in_remark, "route.post.conversations.id.remarks" },
	{ "POST", "/conversations/{id}/overall",     overall_post,          ROLE_USER, "conversation", NULL, in_overall, "route.post.conversations.id.overall" },
	{ "POST", "/conversations/{id}/answers",     answer_post,           ROLE_USER, "conversation", NULL, in_answer, "route.post.conversations.id.answers" },
	{ "POST", "/conversations/{id}/plan",        plan_post,             ROLE_USER, "conversation", NULL, in_plan, "route.post.conversations.id.plan" },
	{ "POST", "/conversations/{id}/share",       share_post,            ROLE_USER, "conversation", NULL, in_move, "route.post.conversations.id.share" },
	{ "POST", "/conversations/{id}/held",        held_post,             ROLE_USER, "conversation", NULL, in_held, "route.post.conversations.id.held" },
	{ "POST", "/conversations/{id}/finalize",    finalize_post,         ROLE_USER, "conversation", NULL, in_move, "route.post.conversations.id.finalize" },
	{ "POST", "/conversations/{id}/sign",        sign_post,             ROLE_USER, "conversation", NULL, in_sign, "route.post.conversations.id.sign" },
	{ "POST", "/conversations/{id}/reopen",      reopen_post,           ROLE_USER, "conversation", NULL, in_reopen, "route.post.conversations.id.reopen" },
	{ "POST", "/conversations/{id}/review/approve", review_approve_post, ROLE_USER, "conversation", NULL, in_review_approve, "route.post.conversations.id.review.approve" },
	{ "POST", "/conversations/{id}/review/return",  review_return_post,  ROLE_USER, "conversation", NULL, in_review_return, "route.post.conversations.id.review.return" },
	{ "POST", "/conversations/{id}/review/change",  review_change_post,  ROLE_USER, "conversation", NULL, in_review_change, "route.post.conversations.id.review.change" },
	/* A goal setting's proposals from the cycle before (proposal.c): no
	 * fields; the proposal's conversation is checked per id. */
	{ "POST", "/proposals/{id}/accept",          proposal_accept_post,  ROLE_USER, "conversation", NULL, NULL, "route.post.proposals.id.accept" },
	{ "POST", "/proposals/{id}/drop",            proposal_drop_post,    ROLE_USER, "conversation", NULL, in_proposal_drop, "route.post.proposals.id.drop" },

	/* HR: cycles, their goals, audit trails (admin_cycles.c ... admin_audit.c). */
	{ "GET",  "/admin/cycles",                   admin_cycles_get,       ROLE_HR, "admin_cycles",    NULL, NULL, "route.get.admin.cycles" },
	{ "GET",  "/admin/cycles/new",               admin_cycle_new_get,    ROLE_HR, "admin_cycle_new", NULL, NULL, "route.get.admin.cycles.new" },
	{ "POST", "/admin/cycles",                   admin_cycles_post,      ROLE_HR, "admin_cycle_new", NULL, in_cycle_new, "route.post.admin.cycles" },
	{ "GET",  "/admin/cycles/{id}",              admin_cycle_get,        ROLE_HR, "admin_cycle",     NULL, in_cycle_page, "route.get.admin.cycles.id" },
	{ "POST", "/admin/cycles/{id}",              admin_cycle_post,       ROLE_HR, "admin_cycle",     NULL, in_cycle_edit, "route.post.admin.cycles.id" },
	{ "POST", "/admin/cycles/{id}/start",        admin_cycle_start_post, ROLE_HR, "admin_cycle",     NULL, in_cycle_start, "route.post.admin.cycles.id.start" },
	{ "POST", "/admin/cycles/{id}/people",       admin_cycle_people_post, ROLE_HR, "admin_cycle",    NULL, in_cycle_people, "route.post.admin.cycles.id.people" },
	{ "POST", "/admin/cycles/{id}/close",        admin_cycle_close_post, ROLE_HR, "admin_cycle",     NULL, in_cycle_close, "route.post.admin.cycles.id.close" },
	{ "POST", "/admin/cycles/{id}/second-assessor", admin_cycle_review_post, ROLE_HR, "admin_cycle",  NULL, in_cycle_review, "route.post.admin.cycles.id.second.assessor" },
	{ "POST", "/admin/cycles/{id}/goals",        admin_goal_add_post,    ROLE_HR, "admin_cycle",     NULL, in_goal_new, "route.post.admin.cycles.id.goals" },
	{ "POST", "/admin/goals/{id}",               admin_goal_post,        ROLE_HR, "admin_cycle",     NULL, in_goal_edit, "route.post.admin.goals.id" },
	{ "POST", "/admin/cycles/{id}/collective",   admin_collective_add_post, ROLE_HR, "admin_cycle",  NULL, in_collective_new, "route.post.admin.cycles.id.collective" },
	{ "POST", "/admin/collective/{id}",          admin_collective_post,  ROLE_HR, "admin_cycle",     NULL, in_collective_edit, "route.post.admin.collective.id" },
	{ "POST", "/admin/collective/{id}/status",   admin_collective_status_post, ROLE_HR, "admin_cycle", NULL, in_collective_status, "route.post.admin.collective.id.status" },
	{ "GET",  "/admin/audit",                    admin_audit_get,        ROLE_AUDITOR, "admin_audit",     NULL, in_audit, "route.get.admin.audit" },
	/* The privacy statement for the works council (issue 18, privacy.c). */
	{ "GET",  "/admin/privacy",                  admin_privacy_get,      ROLE_HR_OR_AUDITOR, "admin_privacy", NULL, NULL, "route.get.admin.privacy" },

	/* HR: the organisation (admin.c, admin_employees.c, admin_employee.c,
	 * admin_departments.c, admin_import.c). */
	{ "GET",  "/admin",                          admin_get,                 ROLE_HR, "admin",              NULL, NULL, "route.get.admin" },
	{ "GET",  "/admin/employees",                admin_employees_get,       ROLE_HR, "admin_employees",    NULL, in_employee_search, "route.get.admin.employees" },
	{ "GET",  "/admin/employees/new",            admin_employee_new,        ROLE_HR, "admin_employee_new", NULL, in_dept_search, "route.get.admin.employees.new" },
	{ "POST", "/admin/employees",                admin_employees_post,      ROLE_HR, "admin_employee_new", NULL, in_employee_new, "route.post.admin.employees" },
	{ "GET",  "/admin/employees/{id}",           admin_employee_get,        ROLE_HR, "admin_employee",     NULL, in_dept_search, "route.get.admin.employees.id" },
	{ "POST", "/admin/employees/{id}",           admin_employee_post,       ROLE_HR, "admin_employee",     NULL, in_employee_edit, "route.post.admin.employees.id" },
	{ "POST", "/admin/employees/{id}/deactivate", admin_employee_deactivate, ROLE_HR, "admin_employee",     NULL, in_employee_status, "route.post.admin.employees.id.deactivate" },
	{ "POST", "/admin/employees/{id}/activate",  admin_employee_activate,   ROLE_HR, "admin_employee",     NULL, in_employee_status, "route.post.admin.employees.id.activate" },
	{ "POST", "/admin/employees/{id}/profile",   admin_employee_profile_post, ROLE_HR, "admin_employee",   NULL, in_employee_profile, "route.post.admin.employees.id.profile" },
	{ "POST", "/admin/employees/{id}/hold",      admin_employee_hold,       ROLE_HR, "admin_employee",     NULL, in_legal_hold, "route.post.admin.employees.id.hold" },
	{ "POST", "/admin/employees/{id}/release",   admin_employee_release,    ROLE_HR, "admin_employee",     NULL, NULL, "route.post.admin.employees.id.release" },
	{ "POST", "/admin/dossiers/{id}/manager",    admin_dossier_manager_post, ROLE_HR, "admin_employee",    NULL, in_dossier_manager, "route.post.admin.dossiers.id.manager" },
	{ "GET",  "/admin/departments",              admin_departments_get,     ROLE_HR, "admin_departments",  NULL, NULL, "route.get.admin.departments" },
	{ "POST", "/admin/departments",              admin_departments_post,    ROLE_HR, "admin_departments",  NULL, in_department_new, "route.post.admin.departments" },
	{ "GET",  "/admin/departments/{id}",         admin_department_get,      ROLE_HR, "admin_department",   NULL, in_dept_search, "route.get.admin.departments.id" },
	{ "POST", "/admin/departments/{id}",         admin_department_post,     ROLE_HR, "admin_department",   NULL, in_department_edit, "route.post.admin.departments.id" },
	{ "POST", "/admin/departments/{id}/advisors", admin_department_advisors_post, ROLE_HR, "admin_department", NULL, in_department_advisors, "route.post.admin.departments.id.advisors" },
	{ "POST", "/admin/departments/{id}/second-assessor", admin_department_assessor_post, ROLE_HR, "admin_department", NULL, in_department_assessor, "route.post.admin.departments.id.second.assessor" },
	{ "GET",  "/admin/competences",              admin_competences_get,     ROLE_HR, "admin_competences",  NULL, NULL, "route.get.admin.competences" },
	{ "POST", "/admin/competences",              admin_competences_post,    ROLE_HR, "admin_competences",  NULL, in_competence_new, "route.post.admin.competences" },
	{ "GET",  "/admin/competences/export",       admin_competences_export,  ROLE_HR, NULL,                 NULL, NULL, "route.get.admin.competences.export" },
	{ "POST", "/admin/competences/import",       admin_competences_import,  ROLE_HR, "admin_competences",  NULL, in_competence_import, "route.post.admin.competences.import" },
	{ "GET",  "/admin/competences/{id}",         admin_competence_get,      ROLE_HR, "admin_competence",   NULL, NULL, "route.get.admin.competences.id" },
	{ "POST", "/admin/competences/{id}",         admin_competence_post,     ROLE_HR, "admin_competence",   NULL, in_competence_edit, "route.post.admin.competences.id" },
	{ "GET",  "/admin/profiles",                 admin_profiles_get,        ROLE_HR, "admin_profiles",     NULL, NULL, "route.get.admin.profiles" },
	{ "POST", "/admin/profiles",                 admin_profiles_post,       ROLE_HR, "admin_profiles",     NULL, in_profile_new, "route.post.admin.profiles" },
	{ "GET",  "/admin/profiles/{id}",            admin_profile_get,         ROLE_HR, "admin_profile",      NULL, NULL, "route.get.admin.profiles.id" },
	{ "POST", "/admin/profiles/{id}",            admin_profile_post,        ROLE_HR, "admin_profile",      NULL, in_profile_edit, "route.post.admin.profiles.id" },
	{ "POST", "/admin/profiles/{id}/areas",      admin_profile_areas_post,  ROLE_HR, "admin_profile",      NULL, in_profile_areas, "route.post.admin.profiles.id.areas" },
	{ "GET",  "/admin/import",                   admin_import_get,          ROLE_HR, "admin_import",       NULL, NULL, "route.get.admin.import" },
	{ "POST", "/admin/import",                   admin_import_post,         ROLE_HR, "admin_import",       NULL, in_import, "route.post.admin.import" },
	{ "POST", "/admin/import/mapping",           admin_import_mapping_post, ROLE_HR, "admin_import",       NULL, in_import_mapping, "route.post.admin.import.mapping" },

	/* HR: form templates (admin_templates.c, issue 16). */
	{ "GET",  "/admin/templates",                admin_templates_get,       ROLE_HR, "admin_templates",    NULL, NULL, "route.get.admin.templates" },
	{ "POST", "/admin/templates/import",         admin_templates_import_post, ROLE_HR, "admin_templates",  NULL, in_template_import, "route.post.admin.templates.import" },
	{ "GET",  "/admin/templates/new",            admin_template_new_get,    ROLE_HR, "admin_template_edit", NULL, NULL, "route.get.admin.templates.new" },
	{ "POST", "/admin/templates/new",            admin_template_new_post,   ROLE_HR, "admin_template_edit", NULL, in_template_edit, "route.post.admin.templates.new" },
	{ "GET",  "/admin/templates/{id}",           admin_template_get,        ROLE_HR, "admin_template",     NULL, NULL, "route.get.admin.templates.id" },
	{ "GET",  "/admin/templates/{id}/edit",      admin_template_edit_get,   ROLE_HR, "admin_template_edit", NULL, NULL, "route.get.admin.templates.id.edit" },
	{ "POST", "/admin/templates/{id}/edit",      admin_template_edit_post,  ROLE_HR, "admin_template_edit", NULL, in_template_edit, "route.post.admin.templates.id.edit" },
	{ "GET",  "/admin/templates/{id}/export",    admin_template_export,     ROLE_HR, NULL,                 NULL, NULL, "route.get.admin.templates.id.export" },

	/* Deputies (deputy.c, issue 17): a manager for their own reports,
	 * HR for any manager; the handlers check which. */
	{ "GET",  "/deputies",                       deputies_get,              ROLE_USER, "deputies",         NULL, NULL, "route.get.deputies" },
	/* The HR advisor's dossiers (issue 17): advisor.c refuses everyone else. */
	{ "GET",  "/advisor/dossiers",               advisor_dossiers_get,      ROLE_USER, "advisor_dossiers", NULL, in_advisor_list, "route.get.advisor.dossiers" },
	{ "POST", "/deputies",                       deputies_post,             ROLE_USER, "deputies",         NULL, in_deputy, "route.post.deputies" },
	{ "POST", "/deputies/{id}/end",              deputy_end_post,           ROLE_USER, "deputies",         NULL, in_deputy_end, "route.post.deputies.id.end" },
	/* The right of access (access.c): the administrator who also reads
	 * the person's content (rules/roles.h roles_access_export). */
	{ "GET",  "/admin/employees/{id}/export",    access_person_export_get,  ROLE_HR, "access_export",      NULL, NULL, "route.get.admin.employees.id.export" },
	{ "GET",  "/admin/employees/{id}/deputies",  admin_deputies_get,        ROLE_HR,   "deputies",         NULL, NULL, "route.get.admin.employees.id.deputies" },

	/* HR: the outgoing mail queue (admin_mail.c). */
	{ "GET",  "/admin/mail",                     admin_mail_get,            ROLE_HR, "admin_mail",         NULL, NULL, "route.get.admin.mail" },
	{ "POST", "/admin/mail/{id}/retry",          admin_mail_retry_post,     ROLE_HR, "admin_mail",         NULL, NULL, "route.post.admin.mail.id.retry" },

	/* Reports and exports (reports.c, export.c): HR everything, a manager
	 * their own team (checked in the handlers), others 403.  ".xml" is
	 * stripped by the request parser: /reports/cycles/{id} answers only
	 * when XML is asked for; the CSV has its own pattern.  /me/export
	 * (access.c) is the personal export: XML, or without ".xml" the page. */
	{ "GET",  "/reports",                        reports_get,               ROLE_USER, "reports",        NULL, in_reports, "route.get.reports" },
	{ "GET",  "/reports/people",                 reports_people_get,        ROLE_USER, "reports_people", NULL, in_reports_people, "route.get.reports.people" },
	{ "POST", "/reports/people/remind",          reports_remind_post,       ROLE_USER, "reports_people", NULL, in_reports_remind, "route.post.reports.people.remind" },
	{ "GET",  "/reports/cycles/{id}",            export_cycle_xml,          ROLE_USER, NULL,             NULL, in_export, "route.get.reports.cycles.id" },
	{ "GET",  "/reports/cycles/{id}.csv",        export_cycle_csv,          ROLE_USER, NULL,             NULL, in_export, "route.get.reports.cycles.id.csv" },
	{ "GET",  "/me/export",                      access_me_get,             ROLE_USER, "access_export",  NULL, NULL, "route.get.me.export" },

	/* 360-degree and upward feedback (feedback.c, issue 17): the round of
	 * a conversation (its readers, as the conversation's), and an
	 * invitation (its invitee's alone). */
	{ "GET",  "/conversations/{id}/feedback",    feedback_get,              ROLE_USER, "feedback",        NULL, in_feedback_get, "route.get.conversations.id.feedback" },
	{ "POST", "/conversations/{id}/feedback/invitations", feedback_invite_post, ROLE_USER, "feedback",   NULL, in_feedback_invite, "route.post.conversations.id.feedback.invitations" },
	{ "GET",  "/feedback/{id}",                  feedback_answer_get,       ROLE_USER, "feedback_answer", NULL, NULL, "route.get.feedback.id" },
	{ "POST", "/feedback/{id}",                  feedback_answer_post,      ROLE_USER, "feedback_answer", NULL, in_feedback_answer, "route.post.feedback.id" },

	/* Calibration (calibration.c, issue 17): HR advisors of a department
	 * and the managers of people in it (rules/calibration.h), checked in
	 * the handlers and again in the store. */
	{ "GET",  "/calibration",                    calibration_get,           ROLE_USER, "calibration",     NULL, in_calibration_get, "route.get.calibration" },
	{ "POST", "/calibration/rounds",             calibration_open_post,     ROLE_USER, "calibration",     NULL, in_calibration_open, "route.post.calibration.rounds" },
	{ "POST", "/calibration/rounds/{id}/close",  calibration_close_post,    ROLE_USER, "calibration",     NULL, in_calibration_close, "route.post.calibration.rounds.id.close" },
	{ "POST", "/calibration/rounds/{id}/proposals", calibration_propose_post, ROLE_USER, "calibration",   NULL, in_calibration_propose, "route.post.calibration.rounds.id.proposals" },
	{ "POST", "/calibration/proposals/{id}/accept", calibration_accept_post, ROLE_USER, "conversation",   NULL, in_calibration_accept, "route.post.calibration.proposals.id.accept" },
	{ "POST", "/calibration/proposals/{id}/reject", calibration_reject_post, ROLE_USER, "conversation",   NULL, in_calibration_reject, "route.post.calibration.proposals.id.reject" },
};

const size_t app_routes_len = sizeof(app_routes) / sizeof(app_routes[0]);

const route_fn app_stamped_handlers[] = { dashboard_get, dossier_get_page, conversation_get_page };
const size_t app_stamped_handlers_len =
    sizeof(app_stamped_handlers) / sizeof(app_stamped_handlers[0]);

int (*const app_error_page)(struct ctx *c, int status) = error_page;

/* A declaration the checker can hold: not too many fields, each named
 * once, a choice with its list, a file only in a POST. */
static bool
fields_ok(const struct route *r, char *err, size_t errlen)
{
	const struct field *f, *g;
	size_t n = 0;

	for (f = r->fields; f && f->name; f++, n++) {
		const char *bad = NULL;

		if (n == FORM_FIELDS_MAX)
			bad = "too many fields";
		else if (f->type == FIELD_CHOICE && f->choices == NULL)
			bad = "a choice without its list";
		else if (f->type == FIELD_FILE && strcmp(r->method, "POST") != 0)
			bad = "a file outside a POST";
		for (g = r->fields; !bad && g != f; g++)
			if (strcmp(g->name, f->name) == 0)
				bad = "declared twice";
		if (bad) {
			snprintf(err, errlen, "route %s %s: field %s: %s", r->method, r->pattern,
			    f->name, bad);
			return false;
		}
	}
	return true;
}

/* The route's description (issue 18): a catalog key of the "route."
 * family that both catalogs hold, so the privacy statement can say what
 * every route shows and to whom. */
static bool
about_ok(const struct styles *s, const struct route *r, char *err, size_t errlen)
{
	static const char prefix[] = "route.";
	const char *why = NULL;
	size_t i;

	if (r->about == NULL || strncmp(r->about, prefix, sizeof(prefix) - 1) != 0)
		why = "no description key (route.*) in the route table";
	for (i = 0; why == NULL && i < I18N_LANGS; i++)
		if (catalog_get(styles_catalog(s, i18n_langs[i]), r->about) == NULL)
			why = "its description key is missing from a catalog";
	if (why == NULL)
		return true;
	snprintf(err, errlen, "route %s %s: %s (xslt/i18n/nl.xml and en.xml: %s)", r->method,
	    r->pattern, why, r->about ? r->about : "route....");
	return false;
}

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
		if (!fields_ok(r, err, errlen))
			return false;
		if (!about_ok(s, r, err, errlen))
			return false;
		if (r->style && !styles_has(s, r->style)) {
			snprintf(err, errlen, "route %s %s: stylesheet %s.xsl is missing",
			    r->method, r->pattern, r->style);
			return false;
		}
	}
	return true;
}
