/* render_page.c -- renders a saved page document (the .xml view of a page)
 * with the shipped stylesheets, again and again, as gesprekd does: for
 * counting the instructions of a render under callgrind without MariaDB or
 * FastCGI around it, for libxslt's per-template profile, and for
 * comparing the HTML of two builds byte for byte.
 *
 *     render_page [-n RENDERS] [-p] [-o OUT] XSLT_DIR STYLE LANG PAGE.xml
 *
 * -n: renders (default 1); the HTML of the last goes to OUT (default
 * stdout).  -p: one more render with libxslt's profiler, its table on
 * stderr (xsltproc --profile cannot run the pages' stylesheets: they call
 * gesprekd's i:t()).  Not installed; a tool of tests/bench/. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "base/util.h"
#include "xml/render.h"

#define PATH_MAX_LEN 1024

/* One render under libxslt's profiler (the stylesheet compiled again: the
 * cache does not hand out its own). */
static int
profile(const struct styles *s, const char *dir, const char *style, const char *lang,
    xmlDocPtr doc)
{
	char path[PATH_MAX_LEN];
	xsltStylesheetPtr xsl;
	xsltTransformContextPtr t;
	xmlDocPtr res;

	snprintf(path, sizeof(path), "%s/%s.xsl", dir, style);
	if ((xsl = xsltParseStylesheetFile(BAD_CAST path)) == NULL)
		return 1;
	if ((t = xsltNewTransformContext(xsl, doc)) == NULL)
		return 1;
	t->_private = (void *)styles_catalog(s, lang);
	res = xsltApplyStylesheetUser(xsl, doc, NULL, NULL, stderr, t);
	xmlFreeDoc(res);
	xsltFreeTransformContext(t);
	xsltFreeStylesheet(xsl);
	return res ? 0 : 1;
}

int
main(int argc, char **argv)
{
	const char *out_path = NULL;
	char err[256] = "";
	struct styles *s;
	struct buf out;
	xmlDocPtr doc;
	FILE *f;
	long n = 1, i;
	int c, prof = 0, rc = 1;

	while ((c = getopt(argc, argv, "n:po:")) != -1) {
		switch (c) {
		case 'n': n = strtol(optarg, NULL, 10); break;
		case 'p': prof = 1; break;
		case 'o': out_path = optarg; break;
		default: goto usage;
		}
	}
	if (argc - optind != 4 || n < 1)
		goto usage;
	if (!render_init())
		return 1;
	if ((s = styles_load(argv[optind], err, sizeof(err))) == NULL) {
		fprintf(stderr, "render_page: %s\n", err);
		return 1;
	}
	if ((doc = xmlReadFile(argv[optind + 3], NULL, XML_PARSE_NONET)) == NULL)
		return 1;
	buf_init(&out);
	for (i = 0; i < n; i++) {
		buf_reset(&out);
		if (!render_html(s, argv[optind + 1], doc, argv[optind + 2], &out) || out.failed)
			goto done;
	}
	if (prof && profile(s, argv[optind], argv[optind + 1], argv[optind + 2], doc) != 0)
		goto done;
	f = out_path ? fopen(out_path, "w") : stdout;
	if (f == NULL || fwrite(out.data, 1, out.len, f) != out.len)
		goto done;
	if (out_path)
		fclose(f);
	rc = 0;
done:
	buf_free(&out);
	xmlFreeDoc(doc);
	styles_release(s);
	return rc;
usage:
	fprintf(stderr, "usage: render_page [-n RENDERS] [-p] [-o OUT] XSLT_DIR STYLE LANG PAGE.xml\n");
	return 2;
}
