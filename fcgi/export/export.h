/* export.h -- the export documents (xslt/schema/report.xsd, namespace
 * urn:gesprek:report:1) written as they are read: an export_sink
 * (store/report_export.h) that turns each row into XML at once, so memory stays
 * flat whatever the size of the cycle.
 *
 * XML: one libxml2 xmlTextWriter over an output buffer whose write
 * callback hands the bytes on (to the FastCGI stream, or to stdout).
 *
 * CSV: the same writer code writes each round of dossiers as a small
 * document (<report-part>) into memory; xslt/report-csv.xsl turns it into
 * CSV rows, which are handed on, and the document is dropped.  A first,
 * empty <report> gives the byte order mark and the header line.  So the
 * CSV is defined by the stylesheet alone (xsltproc report-csv.xsl on a
 * whole export gives the same file) while memory stays one round. */
#ifndef GESPREK_EXPORT_H
#define GESPREK_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/report_export.h"

#define REPORT_NS "urn:gesprek:report:1"
#define REPORT_FORMAT "1"
/* The stylesheet that flattens an export to CSV (xslt/report-csv.xsl). */
#define REPORT_CSV_STYLE "report-csv"

struct styles;
struct export_writer;

enum export_format { EXPORT_XML, EXPORT_CSV };

/* Where the bytes go; false stops the export (the reader has gone). */
typedef bool (*export_write_fn)(void *ud, const char *data, size_t len);

/* What the document says about itself (<report> and <filter>). */
struct export_meta {
	const char *kind;		/* "cycle" or "personal" */
	const struct export_filter *filter;
	/* The language of the labels, names and CSV header ("nl", "en"; NULL:
	 * Dutch): the reader's.  The XML's element and attribute names and
	 * its keys are the same in any language; <report lang=""> says which. */
	const char *lang;
};

/* A writer for one export; styles (CSV only) must outlive it.  NULL when
 * out of memory or the first bytes could not be written. */
struct export_writer *export_writer_new(enum export_format format,
    const struct export_meta *meta, const struct styles *styles, export_write_fn fn,
    void *ud);
/* The sink to pass to export_run with the writer as its ud. */
extern const struct export_sink export_writer_sink;
/* Elements after the dossiers (the personal export's feedback, issue 17),
 * between export_run and export_writer_finish; XML only (a CSV writer
 * ignores them).  An attribute or text of NULL or "" is left out. */
void export_writer_start(struct export_writer *w, const char *name);
void export_writer_attr(struct export_writer *w, const char *name, const char *value);
void export_writer_text(struct export_writer *w, const char *text);
void export_writer_end(struct export_writer *w);
/* The same for a number, and for <name>text</name> (left out when empty). */
void export_writer_attr_int(struct export_writer *w, const char *name, int64_t value);
void export_writer_element(struct export_writer *w, const char *name, const char *text);

/* Ends the document and flushes; false when anything failed. */
bool export_writer_finish(struct export_writer *w);
/* True when the reader went away (a write returned false). */
bool export_writer_gone(const struct export_writer *w);
void export_writer_free(struct export_writer *w);

#endif
