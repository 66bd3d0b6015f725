/* test_describe.c -- sql/describe.tsv's reader (base/describe.h): good
 * lines found, every kind of bad line refused with its line number, the
 * shipped file read whole; the retention rules of rules/retention.c all
 * known to it; and every route of the table with a description key (the
 * privacy statement, issue 18). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "base/conf.h"
#include "base/describe.h"
#include "rules/retention.h"
#include "tap.h"

#define GOOD "# a comment\n" \
	"employee\t*\tMedewerkers.\tEmployees.\tperson\n" \
	"employee\tname\tNaam.\tName.\n" \
	"\n" \
	"audit\t*\tAudittrail.\tAudit trail.\taudit\n" \
	"audit\tid\tNummer.\tId.\n"

static struct describe *
parse(const char *text, char *err, size_t errlen)
{
	err[0] = '\0';
	return describe_parse(text, strlen(text), "d.tsv", err, errlen);
}

static void
test_good(void)
{
	char err[256];
	struct describe *d = parse(GOOD, err, sizeof(err));
	const struct describe_line *l;

	ok(d != NULL, "a good file parses");
	is_int(describe_count(d), 4, "four lines, comments and blank lines skipped");
	l = describe_find(d, "employee", "name");
	ok(l && strcmp(l->nl, "Naam.") == 0 && strcmp(l->en, "Name.") == 0, "a column's texts");
	ok(l && l->rule == NULL, "a column has no rule");
	l = describe_find(d, "audit", DESCRIBE_TABLE);
	ok(l && strcmp(l->rule, "audit") == 0, "a table's rule");
	ok(describe_find(d, "audit", "name") == NULL, "an undescribed column is not found");
	ok(describe_find(d, "session", DESCRIBE_TABLE) == NULL, "an undescribed table is not found");
	l = describe_at(d, 0);
	ok(l && strcmp(l->table, "audit") == 0 && strcmp(l->column, "*") == 0,
	    "sorted: a table's own line first");
	describe_free(d);
}

static void
refused(const char *text, const char *why, const char *what)
{
	char err[256];
	struct describe *d = parse(text, err, sizeof(err));

	ok(d == NULL && strstr(err, why) != NULL, what);
	if (d != NULL || strstr(err, why) == NULL)
		printf("#   got: %s\n", err);
	describe_free(d);
}

static void
test_bad(void)
{
	refused("t\t*\tA.\tB.\tkeep\nt\tc\tA.\n", "d.tsv:2:", "three fields");
	refused("t\t*\tA.\tB.\tkeep\nt\tc\tA.\tB.\tkeep\n", "d.tsv:2:", "a rule on a column");
	refused("t\t*\tA.\tB.\n", "d.tsv:1:", "a table without its rule");
	refused("t\t*\tA.\tB.\tforever\n", "unknown retention rule", "an unknown rule");
	refused("T\t*\tA.\tB.\tkeep\n", "d.tsv:1:", "an upper-case name");
	refused("t\t*\tA.\t\tkeep\n", "empty", "an empty description");
	refused("t\t*\tA.\tB.\tkeep\nt\tc\tA.\tB.\nt\tc\tC.\tD.\n", "twice", "a column twice");
	refused("t\tc\tA.\tB.\n", "no line of its own", "a column of an undescribed table");
	refused("t\t*\tA\x01.\tB.\tkeep\n", "control", "a control character");
	refused("t\t*\tA\xff.\tB.\tkeep\n", "d.tsv:1:", "text that is no UTF-8");
}

static void
test_rules_known(void)
{
	static const enum conf_retention_preset presets[] = { RETENTION_PRESET_AP,
		RETENTION_PRESET_GEMEENTE, RETENTION_PRESET_PROVINCIE, RETENTION_PRESET_CUSTOM };
	struct retention_policy p;
	struct conf c;
	size_t i, k;
	bool all = true;

	for (i = 0; i < sizeof(presets) / sizeof(presets[0]); i++) {
		conf_defaults(&c);
		c.retention_preset = presets[i];
		retention_policy(&c, &p);
		for (k = 0; k < RETENTION_KINDS; k++)
			all = all && describe_rule_known(p.rule[k].name);
	}
	ok(all, "every rule of every preset may stand in describe.tsv");
}

/* The file as shipped: read whole, every table with its rule. */
static void
test_shipped(void)
{
	char path[1024], err[512];
	const char *src = getenv("top_srcdir");
	struct describe *d;

	snprintf(path, sizeof(path), "%s/sql/%s", src ? src : ".", DESCRIBE_FILE);
	d = describe_load(path, err, sizeof(err));
	ok(d != NULL, "sql/describe.tsv parses");
	if (d == NULL)
		printf("#   %s\n", err);
	ok(describe_count(d) > 500, "it describes the whole schema");
	ok(describe_find(d, "employee", "email") != NULL, "employee.email is described");
	describe_free(d);
}

/* Every route names its description (app_check_routes also checks that
 * both catalogs hold it). */
static void
test_routes_described(void)
{
	size_t i, bad = 0;

	for (i = 0; i < app_routes_len; i++)
		if (app_routes[i].about == NULL || strncmp(app_routes[i].about, "route.", 6) != 0) {
			printf("#   %s %s has no description key\n", app_routes[i].method,
			    app_routes[i].pattern);
			bad++;
		}
	is_int(bad, 0, "every route has a description key");
}

int
main(void)
{
	test_good();
	test_bad();
	test_rules_known();
	test_shipped();
	test_routes_described();
	return tap_done();
}
