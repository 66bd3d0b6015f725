/* app_privacy.c -- the privacy statement's document (app_privacy.h). */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>

#include "app.h"
#include "app_privacy.h"
#include "base/conf.h"
#include "base/describe.h"
#include "base/sha256.h"
#include "base/util.h"
#include "rules/retention.h"
#include "rules/roles.h"
#include "store/migrate.h"
#include "store/privacy.h"
#include "store/status.h"
#include "xml/page.h"

/* "YYYY-MM-DD HH:MM:SS" and room to spare. */
#define PRIVACY_TIME_MAX 32
/* The fingerprint shown: enough hex digits to tell two statements apart. */
#define FINGERPRINT_HEX 16

/* ---- where data lives and who answers for it ---- */

/* Each of the ';'-separated parts of list as an element `name`. */
static void
add_list(xmlNodePtr parent, const char *name, const char *list)
{
	char part[CONF_STR_MAX];
	const char *p = list, *end;
	size_t n;

	while (*p) {
		end = strchr(p, ';');
		n = end ? (size_t)(end - p) : strlen(p);
		while (n > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n > 0 && n < sizeof(part)) {
			memcpy(part, p, n);
			part[n] = '\0';
			xml_add_text(parent, name, part);
		}
		p = end ? end + 1 : p + strlen(p);
	}
}

static void
add_location(const struct conf *c, xmlNodePtr st)
{
	xmlNodePtr n = xml_add(st, "location");

	/* A host means TCP; else the local socket. */
	if (c->db_host[0]) {
		xml_set(n, "db-host", c->db_host);
		xml_set_int(n, "db-port", c->db_port);
	} else {
		xml_set(n, "db-socket", c->db_socket);
	}
	xml_set(n, "db-name", c->db_name);
	xml_set(n, "timezone", c->timezone);
	add_list(n, "backup", c->privacy_backups);
	if (c->privacy_controller[0])
		xml_add_text(st, "controller", c->privacy_controller);
	if (c->privacy_officer[0])
		xml_add_text(st, "officer", c->privacy_officer);
}

static const char *
auth_method_name(enum auth_method m)
{
	switch (m) {
	case AUTH_METHOD_PAM: return "pam";
	case AUTH_METHOD_REMOTE_USER: return "remote_user";
	case AUTH_METHOD_BOTH: return "both";
	}
	return "";
}

/* The settings that decide what is kept about whom and for how long. */
static void
add_settings(const struct conf *c, xmlNodePtr st)
{
	xmlNodePtr n = xml_add(st, "settings");

	xml_set(n, "auth-method", auth_method_name(c->auth_method));
	xml_set_int(n, "session-idle", c->session_idle);
	xml_set_int(n, "session-absolute", c->session_absolute);
	xml_set(n, "mail", c->mail_sendmail[0] ? "1" : "0");
	xml_set_int(n, "remind-days", c->mail_remind_days);
}

/* ---- who can see what ---- */

/* A capability as the statement names it, asked of rules/roles.h; an
 * advisor's reach is that of their assigned departments. */
struct capability {
	const char *name;
	bool (*may)(unsigned roles);
};

static bool
reads_assigned(unsigned roles)
{
	return roles_reads_dossier(roles, true);
}

static bool
reopens_assigned(unsigned roles)
{
	return roles_may_reopen(roles, true);
}

static const struct capability capabilities[] = {
	{ "administers", roles_administers },
	{ "reports_all", roles_reports_all },
	{ "reads_assigned", reads_assigned },
	{ "reads_all", roles_reads_all },
	{ "read_audited", roles_read_audited },
	{ "advisor_list", roles_advisor_list },
	{ "reopens", reopens_assigned },
	{ "audits", roles_audits },
	{ "oversees", roles_oversees },
};

/* A role as gesprek.conf gives it: the facts that make it, the group. */
struct role_source {
	const char *key;
	struct role_facts facts;
	size_t group;		/* offset of the group's name in struct conf */
};

static void
add_role(xmlNodePtr roles, const struct conf *c, const struct role_source *r)
{
	xmlNodePtr n = xml_add(roles, "role");
	unsigned bits = roles_of(&r->facts);
	size_t i;

	xml_set(n, "key", r->key);
	xml_set(n, "group", (const char *)c + r->group);
	for (i = 0; i < ARRAY_LEN(capabilities); i++)
		if (capabilities[i].may(bits))
			xml_set(xml_add(n, "may"), "what", capabilities[i].name);
}

static void
add_roles(const struct conf *c, xmlNodePtr st)
{
	static const struct role_source sources[] = {
		{ "hr", { .hr_group = true }, offsetof(struct conf, hr_group) },
		{ "hr_admin", { .admin_group = true }, offsetof(struct conf, hr_admin_group) },
		{ "hr_advisor", { .advisor_group = true }, offsetof(struct conf, hr_advisor_group) },
		{ "auditor", { .auditor_group = true }, offsetof(struct conf, auditor_group) },
	};
	xmlNodePtr n = xml_add(st, "roles");
	size_t i;

	for (i = 0; i < ARRAY_LEN(sources); i++)
		add_role(n, c, &sources[i]);
}

static void
add_routes(xmlNodePtr st)
{
	xmlNodePtr list = xml_add(st, "routes"), n;
	const struct field *f;
	size_t i;

	for (i = 0; i < app_routes_len; i++) {
		const struct route *r = &app_routes[i];

		n = xml_add(list, "route");
		xml_set(n, "method", r->method);
		xml_set(n, "pattern", r->pattern);
		xml_set(n, "role", router_role_name(r->role));
		xml_set(n, "about", r->about ? r->about : "");
		/* What a visitor may send: the data it takes. */
		for (f = r->fields; f && f->name; f++)
			xml_set(xml_add(n, "field"), "name", f->name);
	}
}

/* ---- how long ---- */

static void
add_retention(const struct conf *c, xmlNodePtr st)
{
	struct retention_policy p;
	xmlNodePtr list = xml_add(st, "retention"), n;
	size_t k;

	retention_policy(c, &p);
	xml_set(list, "preset", retention_preset_name(p.preset));
	for (k = 0; k < RETENTION_KINDS; k++) {
		n = xml_add(list, "rule");
		xml_set(n, "name", p.rule[k].name);
		xml_set(n, "start", retention_start_name(p.rule[k].start));
		xml_set_int(n, "months", p.rule[k].period.months);
		xml_set_int(n, "days", p.rule[k].period.days);
	}
}

/* ---- what is stored ---- */

struct data_walk {
	const struct describe *d;
	xmlNodePtr data, table;
	char table_name[DESCRIBE_NAME_MAX + 1];
};

/* Both languages: the document is the same whichever language renders
 * it, and so is its fingerprint. */
static void
add_about(xmlNodePtr n, const struct describe_line *l)
{
	xml_set(xml_add_text(n, "about", l->nl), "lang", "nl");
	xml_set(xml_add_text(n, "about", l->en), "lang", "en");
}

static void
start_table(struct data_walk *w, const char *name)
{
	const struct describe_line *l = describe_find(w->d, name, DESCRIBE_TABLE);

	w->table = xml_add(w->data, "table");
	xml_set(w->table, "name", name);
	strlcopy(w->table_name, name, sizeof(w->table_name));
	if (l == NULL) {
		xml_set(w->table, "missing", "1");
		return;
	}
	xml_set(w->table, "rule", l->rule);
	add_about(w->table, l);
}

static int
add_column(void *ud, const struct schema_column *c)
{
	struct data_walk *w = ud;
	const struct describe_line *l;
	xmlNodePtr n;

	if (w->table == NULL || strcmp(w->table_name, c->table) != 0)
		start_table(w, c->table);
	n = xml_add(w->table, "column");
	xml_set(n, "name", c->column);
	xml_set(n, "type", c->type);
	xml_set(n, "nullable", c->nullable ? "1" : "0");
	l = describe_find(w->d, c->table, c->column);
	if (l == NULL)
		xml_set(n, "missing", "1");
	else
		add_about(n, l);
	return DB_OK;
}

static int
add_data(const struct privacy_source *src, xmlNodePtr st)
{
	struct data_walk w = { src->describe, NULL, NULL, "" };

	w.data = xml_add(st, "data");
	if (src->describe == NULL)
		xml_set(w.data, "descriptions", "unavailable");
	return privacy_schema(src->db, add_column, &w);
}

/* ---- templates and changes ---- */

static int
add_template(void *ud, const struct template_use *t)
{
	xmlNodePtr n = xml_add(ud, "template");

	xml_set(n, "key", t->key);
	xml_set_int(n, "number", t->number);
	xml_set(n, "name", t->name_nl);
	if (t->name_en[0])
		xml_set(n, "name-en", t->name_en);
	xml_set(n, "created", t->created_on);
	xml_set(n, "default", t->is_default ? "1" : "0");
	xml_set(n, "newest", t->newest ? "1" : "0");
	xml_set_int(n, "cycles", t->cycles);
	/* Whether, not how many: the statement's fingerprint changes with
	 * what it says, not with every conversation started. */
	xml_set(n, "used", t->conversations > 0 ? "1" : "0");
	return DB_OK;
}

static int
add_change(void *ud, const struct setting_change *c)
{
	xmlNodePtr n = xml_add(ud, "change");

	xml_set_time(n, "at", c->at);
	xml_set(n, "actor", c->actor);
	xml_set(n, "entity", c->entity);
	xml_set_int(n, "id", c->entity_id);
	xml_set(n, "action", c->action);
	if (c->detail[0])
		xml_text(n, c->detail);
	return DB_OK;
}

/* ---- the whole ---- */

/* The fingerprint of st as serialised so far (no date in it yet). */
static bool
fingerprint(xmlNodePtr st, char out[FINGERPRINT_HEX + 1])
{
	unsigned char hash[SHA256_LEN];
	char hex[SHA256_LEN * 2 + 1];
	xmlBufferPtr b = xmlBufferCreate();

	if (b == NULL || xmlNodeDump(b, st->doc, st, 0, 0) < 0) {
		xmlBufferFree(b);
		return false;
	}
	sha256(xmlBufferContent(b), (size_t)xmlBufferLength(b), hash);
	xmlBufferFree(b);
	hex_encode(hash, SHA256_LEN, hex);
	memcpy(out, hex, FINGERPRINT_HEX);
	out[FINGERPRINT_HEX] = '\0';
	return true;
}

static void
stamp(xmlNodePtr st)
{
	char utc[PRIVACY_TIME_MAX];
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(utc, sizeof(utc), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return;
	xml_set_time(st, "generated", utc);
}

int
privacy_statement(const struct privacy_source *src, xmlNodePtr parent)
{
	char print[FINGERPRINT_HEX + 1];
	xmlNodePtr st = xml_add(parent, "privacy-statement");
	int level = 0, rc;

	if ((rc = migrate_level(src->db, &level)) != DB_OK)
		return rc;
	xml_set_int(st, "schema-level", level);
	add_location(src->conf, st);
	add_settings(src->conf, st);
	add_roles(src->conf, st);
	add_routes(st);
	add_retention(src->conf, st);
	if ((rc = add_data(src, st)) != DB_OK ||
	    (rc = privacy_templates(src->db, add_template, xml_add(st, "templates"))) != DB_OK ||
	    (rc = privacy_changes(src->db, PRIVACY_CHANGES_MAX, add_change,
	    xml_add(st, "changes"))) != DB_OK)
		return rc;
	if (!fingerprint(st, print))
		return DB_ERROR;
	xml_set(st, "fingerprint", print);
	stamp(st);
	return DB_OK;
}
