/* render.c -- see render.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <strings.h>

#include <libexslt/exslt.h>
#include <libxml/parser.h>
#include <libxml/valid.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxslt/imports.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "base/log.h"
#include "xml/arena.h"
#include "xml/htmlsave.h"
#include "xml/i18n.h"
#include "xml/render.h"
#include "xml/xpathfn.h"

struct sheet {
	char name[STYLE_NAME_MAX];
	xsltStylesheetPtr xsl;
};

struct styles {
	atomic_int refs;
	unsigned long generation;
	size_t n;
	struct sheet v[STYLES_MAX];
	struct catalog *catalogs[I18N_LANGS];
};

static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_ulong generations;
static struct styles *current;
static xsltSecurityPrefsPtr prefs;

static void
styles_free(struct styles *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		xsltFreeStylesheet(s->v[i].xsl);
	for (i = 0; i < I18N_LANGS; i++)
		catalog_free(s->catalogs[i]);
	free(s);
}

/* Longest libxml2 or libxslt message written to the log; longer ones are
 * cut (the log line has its own limit too). */
#define XML_MSG_MAX 512

/* Makes msg one line: libxml2's texts end in a newline and may quote the
 * input (an uploaded file), which must not start a line of its own. */
static void
one_line(char *msg)
{
	size_t n;
	char *p;

	for (p = msg; *p; p++)
		if ((unsigned char)*p < ' ')
			*p = ' ';
	n = strlen(msg);
	while (n > 0 && msg[n - 1] == ' ')
		msg[--n] = '\0';
}

/* libxslt's messages, and what libxml2 reports without an xmlError. */
static void
xslt_error(void *ctx, const char *fmt, ...)
{
	char msg[XML_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	one_line(msg);
	if (msg[0])
		log_err("xslt: %s", msg);
}

/* libxml2's errors, each one whole (the generic handler gets them in
 * pieces: position, message, the quoted input, a caret). */
static void
xml_error(void *ctx, xmlErrorPtr e)
{
	char msg[XML_MSG_MAX];

	if (e == NULL || e->level == XML_ERR_NONE)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "");
	one_line(msg);
	if (e->level == XML_ERR_WARNING)
		log_warn("libxml2: %s line %d: %s", e->file ? e->file : "(memory)", e->line, msg);
	else
		log_err("libxml2: %s line %d: %s", e->file ? e->file : "(memory)", e->line, msg);
}

void
render_thread_init(void)
{
	xmlSetGenericErrorFunc(NULL, xslt_error);
	xmlSetStructuredErrorFunc(NULL, xml_error);
}

bool
render_init(void)
{
	if (!arena_install())
		return false;
	xmlInitParser();
	exsltRegisterAll();
	i18n_register_xslt();
	xpathfn_register_xslt();
	/* libxslt's handler is one for the process; libxml2's are per thread:
	 * this thread's, and the default of threads made from now on (each
	 * worker thread still sets its own, render_thread_init, so that none
	 * depends on when it was made). */
	xsltSetGenericErrorFunc(NULL, xslt_error);
	xmlThrDefSetGenericErrorFunc(NULL, xslt_error);
	xmlThrDefSetStructuredErrorFunc(NULL, xml_error);
	render_thread_init();
	/* Per-transform prefs: a stylesheet may not read or write files or the
	 * network while it renders a page.  Compiling (xsl:import) is not
	 * affected: it does not use these prefs. */
	if ((prefs = xsltNewSecurityPrefs()) == NULL)
		return false;
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
	xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
	return true;
}

static bool
compile(struct styles *s, const char *dir, const char *file, char *err, size_t errlen)
{
	char path[1024];
	size_t n = strlen(file) - 4;
	xmlDocPtr doc;
	xsltStylesheetPtr xsl;

	if (s->n == STYLES_MAX || n >= STYLE_NAME_MAX) {
		snprintf(err, errlen, "%s: too many stylesheets or name too long", file);
		return false;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	if (doc == NULL) {
		snprintf(err, errlen, "%s: not well-formed XML", path);
		return false;
	}
	if ((xsl = xsltParseStylesheetDoc(doc)) == NULL || xsl->errors) {
		snprintf(err, errlen, "%s: does not compile", path);
		if (xsl)
			xsltFreeStylesheet(xsl);
		else
			xmlFreeDoc(doc);
		return false;
	}
	memcpy(s->v[s->n].name, file, n);
	s->v[s->n].name[n] = '\0';
	s->v[s->n].xsl = xsl;
	s->n++;
	return true;
}

struct styles *
styles_load(const char *dir, char *err, size_t errlen)
{
	struct styles *s = calloc(1, sizeof(*s));
	char path[1024];
	struct dirent *de;
	DIR *d = NULL;
	size_t i;

	if (s == NULL)
		return NULL;
	atomic_init(&s->refs, 1);
	s->generation = atomic_fetch_add(&generations, 1) + 1;
	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		goto fail;
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n > 4 && de->d_name[0] != '.' && strcmp(de->d_name + n - 4, ".xsl") == 0 &&
		    !compile(s, dir, de->d_name, err, errlen))
			goto fail;
	}
	for (i = 0; i < I18N_LANGS; i++) {
		snprintf(path, sizeof(path), "%s/i18n/%s.xml", dir, i18n_langs[i]);
		if ((s->catalogs[i] = catalog_load(path, i18n_langs[i], err, errlen)) == NULL)
			goto fail;
	}
	closedir(d);
	return s;
fail:
	if (d)
		closedir(d);
	styles_free(s);
	return NULL;
}

void
styles_install(struct styles *s)
{
	struct styles *old;

	pthread_mutex_lock(&current_lock);
	old = current;
	current = s;
	pthread_mutex_unlock(&current_lock);
	if (old)
		styles_release(old);
}

struct styles *
styles_acquire(void)
{
	struct styles *s;

	pthread_mutex_lock(&current_lock);
	s = current;
	if (s)
		atomic_fetch_add(&s->refs, 1);
	pthread_mutex_unlock(&current_lock);
	return s;
}

void
styles_release(struct styles *s)
{
	if (s && atomic_fetch_sub(&s->refs, 1) == 1)
		styles_free(s);
}

static xsltStylesheetPtr
find(const struct styles *s, const char *name)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return s->v[i].xsl;
	return NULL;
}

bool
styles_has(const struct styles *s, const char *name)
{
	return find(s, name) != NULL;
}

unsigned long
styles_generation(const struct styles *s)
{
	return s ? s->generation : 0;
}

const struct catalog *
styles_catalog(const struct styles *s, const char *lang)
{
	size_t i;

	for (i = 0; i < I18N_LANGS; i++)
		if (strcmp(i18n_langs[i], lang) == 0)
			return s->catalogs[i];
	return s->catalogs[0];
}

/* Whether the stylesheet's xsl:output is the one html_save writes:
 * method html, UTF-8, not indented (every page's; the CSV export's is
 * text).  Its encoding, for the <meta>, in *encoding. */
static bool
plain_html(xsltStylesheetPtr xsl, xmlDocPtr res, const char **encoding)
{
	const xmlChar *method, *enc;
	int indent;

	XSLT_GET_IMPORT_PTR(method, xsl, method)
	XSLT_GET_IMPORT_PTR(enc, xsl, encoding)
	XSLT_GET_IMPORT_INT(indent, xsl, indent)
	if (xsl->methodURI != NULL || indent != 0)
		return false;
	if (method == NULL ? res->type != XML_HTML_DOCUMENT_NODE
	    : !xmlStrEqual(method, BAD_CAST "html"))
		return false;
	if (enc != NULL && strcasecmp((const char *)enc, "UTF-8") != 0)
		return false;
	*encoding = enc ? (const char *)enc : "UTF-8";
	return true;
}

/* The result into out: an HTML page straight into it (htmlsave.h),
 * anything else through libxslt's serializer and a copy. */
static bool
save(xsltStylesheetPtr xsl, xmlDocPtr res, struct buf *out)
{
	const char *encoding;
	xmlChar *text = NULL;
	int len = 0;
	bool ok;

	if (plain_html(xsl, res, &encoding) && html_save(res, encoding, out))
		return true;
	if (xsltSaveResultToString(&text, &len, res, xsl) != 0)
		return false;
	ok = buf_append(out, text ? (const char *)text : "", (size_t)len);
	xmlFree(text);
	return ok;
}

/* The result tree once written.  When all of it lies in the arena
 * (arena_whole) its nodes go with arena_end: walking the tree to free
 * each one was 5 % of a page's render.  What holds a reference on the
 * transform's dictionary is still let go -- the document itself, its ID
 * and reference tables and its DTDs (libxml2's hash tables hold one) --
 * for the stylesheet's dictionary counts the transform's, and a hold
 * never given back would keep both forever. */
static void
drop_result(xmlDocPtr res)
{
	xmlDtdPtr dtd[2];
	size_t i;

	if (res == NULL)
		return;
	if (!arena_whole()) {
		xmlFreeDoc(res);
		return;
	}
	if (res->ids)
		xmlFreeIDTable(res->ids);
	if (res->refs)
		xmlFreeRefTable(res->refs);
	res->ids = res->refs = NULL;
	dtd[0] = res->intSubset;
	dtd[1] = res->extSubset != res->intSubset ? res->extSubset : NULL;
	res->intSubset = res->extSubset = NULL;
	for (i = 0; i < 2; i++) {
		if (dtd[i] == NULL)
			continue;
		xmlUnlinkNode((xmlNodePtr)dtd[i]);
		xmlFreeDtd(dtd[i]);
	}
	if (res->dict) {
		xmlDictFree(res->dict);
		res->dict = NULL;
	}
}

/* The transform and its serialization, all inside the arena's window
 * (arena.h): nothing made here outlives it but the bytes in out. */
static bool
transform(xsltStylesheetPtr xsl, const struct catalog *catalog, xmlDocPtr doc,
    struct buf *out)
{
	xsltTransformContextPtr t = NULL;
	xmlDocPtr res = NULL;
	bool ok = false;

	if ((t = xsltNewTransformContext(xsl, doc)) == NULL)
		goto out;
	if (xsltSetCtxtSecurityPrefs(prefs, t) != 0)
		goto out;
	t->_private = (void *)catalog;
	res = xsltApplyStylesheetUser(xsl, doc, NULL, NULL, NULL, t);
	if (res == NULL || t->state != XSLT_STATE_OK)
		goto out;
	ok = save(xsl, res, out);
out:
	drop_result(res);
	if (t)
		xsltFreeTransformContext(t);
	return ok;
}

bool
render_html(const struct styles *s, const char *name, xmlDocPtr doc, const char *lang,
    struct buf *out)
{
	xsltStylesheetPtr xsl = find(s, name);
	bool ok;

	if (xsl == NULL) {
		log_err("render: no stylesheet %s", name);
		return false;
	}
	arena_begin();
	ok = transform(xsl, styles_catalog(s, lang), doc, out);
	/* The thread's last error holds copies of its texts. */
	xmlResetLastError();
	arena_end();
	if (!ok)
		log_err("render: %s failed", name);
	return ok;
}

bool
render_xml(xmlDocPtr doc, struct buf *out)
{
	xmlChar *text = NULL;
	int len = 0;
	bool ok;

	xmlDocDumpFormatMemoryEnc(doc, &text, &len, "UTF-8", 1);
	ok = text && buf_append(out, (const char *)text, (size_t)len);
	xmlFree(text);
	return ok;
}

/* libxml2's xmlStrEqual, for libxslt: its own compares a byte at a time,
 * and libxslt asks it whether every instruction of a stylesheet, every
 * xsl:when and every xsl:with-param is in the XSLT namespace -- 36 equal
 * bytes each time, a tenth of a page's render (callgrind of
 * tests/bench/render_page).  Defined in the program, this one is the one
 * libxslt's calls reach (libxml2's own calls keep its internal copy); the
 * answer is the same, by libc's strcmp. */
int
xmlStrEqual(const xmlChar *a, const xmlChar *b)
{
	if (a == b)
		return 1;
	if (a == NULL || b == NULL)
		return 0;
	return strcmp((const char *)a, (const char *)b) == 0;
}
