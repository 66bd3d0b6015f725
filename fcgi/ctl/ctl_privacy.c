/* ctl_privacy.c -- gesprekctl privacy-statement (ctl_privacy.h).  The
 * statement for the works council without a browser: to print, to mail,
 * to keep with the DPIA. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app_privacy.h"
#include "base/describe.h"
#include "base/util.h"
#include "ctl/ctl_privacy.h"
#include "store/db.h"
#include "xml/page.h"
#include "xml/render.h"

/* The page the document is, as on the web (xslt/admin_privacy.xsl). */
#define PRIVACY_PAGE "admin_privacy"
#define PRIVACY_PATH "/admin/privacy"

/* Writes doc in lang to stdout as the stylesheet's HTML or as its XML. */
static int
write_document(const struct conf *conf, xmlDocPtr doc, const char *lang, bool html)
{
	char err[CONF_ERR_MAX] = "libxml2/libxslt set-up failed";
	struct styles *styles = NULL;
	struct buf out;
	bool ok;
	int rc = 1;

	buf_init(&out);
	if (html && (!render_init() ||
	    (styles = styles_load(conf->stylesheets, err, sizeof(err))) == NULL)) {
		fprintf(stderr, "gesprekctl: privacy-statement: stylesheets: %s\n", err);
		goto out;
	}
	ok = html ? render_html(styles, PRIVACY_PAGE, doc, lang, &out) : render_xml(doc, &out);
	if (!ok || out.failed) {
		fprintf(stderr, "gesprekctl: privacy-statement: rendering failed\n");
		goto out;
	}
	if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		fprintf(stderr, "gesprekctl: privacy-statement: writing failed\n");
		goto out;
	}
	rc = 0;
out:
	buf_free(&out);
	styles_release(styles);
	return rc;
}

/* The statement made from conf's database into a page document. */
static int
build(const struct conf *conf, const struct describe *d, const char *lang, xmlDocPtr *doc)
{
	xmlNodePtr page = NULL;
	struct db *db = cli_db_open(conf, "privacy-statement", false);
	struct privacy_source src = { db, conf, d };
	int st;

	if (db == NULL)
		return 1;
	/* No session and no form: the document alone. */
	*doc = page_new(PRIVACY_PAGE, lang, "", PRIVACY_PATH, &page);
	st = *doc ? privacy_statement(&src, page) : DB_ERROR;
	if (st != DB_OK)
		fprintf(stderr, "gesprekctl: privacy-statement: %s\n", db_error(db));
	db_free(db);
	return st == DB_OK ? 0 : 1;
}

int
ctl_privacy_statement(const struct cli_call *c)
{
	const char *lang = cli_value(&c->args, "--lang"), *format = cli_value(&c->args, "--format");
	char path[CONF_STR_MAX + sizeof("/" DESCRIBE_FILE)], err[CONF_ERR_MAX];
	struct describe *d;
	xmlDocPtr doc = NULL;
	int rc;

	if (lang == NULL)
		lang = "nl";
	if (format == NULL)
		format = "html";
	if ((strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0) ||
	    (strcmp(format, "html") != 0 && strcmp(format, "xml") != 0)) {
		fprintf(stderr, "gesprekctl: privacy-statement: --lang nl|en, --format html|xml\n");
		return cli_usage_error(c->args.spec);
	}
	/* A statement without its descriptions is no statement: refuse. */
	snprintf(path, sizeof(path), "%s/%s", c->conf->migrations, DESCRIBE_FILE);
	if ((d = describe_load(path, err, sizeof(err))) == NULL) {
		fprintf(stderr, "gesprekctl: privacy-statement: %s\n", err);
		return 1;
	}
	rc = build(c->conf, d, lang, &doc);
	if (rc == 0)
		rc = write_document(c->conf, doc, lang, strcmp(format, "html") == 0);
	xmlFreeDoc(doc);
	describe_free(d);
	return rc;
}
