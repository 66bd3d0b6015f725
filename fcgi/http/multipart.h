/* multipart.h -- parsing multipart/form-data bodies (the RFC 7578 subset
 * browsers send: a boundary from the Content-Type, parts with a
 * Content-Disposition "form-data" naming the field and, for files, the file
 * name).  Pure code without I/O: unit-tested and fuzzed on its own.
 *
 * Results are HTTP statuses (enum parse_status): a malformed body or a
 * broken boundary is 400, anything over a named limit 413. */
#ifndef GESPREK_MULTIPART_H
#define GESPREK_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "http/params.h"

/* Parts in one body: a form has a handful of fields and one file. */
#define MULTIPART_PARTS_MAX 16
/* Bytes of one part's header block (Content-Disposition, Content-Type). */
#define MULTIPART_HEADER_MAX 1024
/* RFC 2046: a boundary is 1 to 70 characters. */
#define MULTIPART_BOUNDARY_MAX 70
/* A field name: the same rule and limit as urlencoded names. */
#define MULTIPART_NAME_MAX 64
/* A file name as the browser sends it (kept for messages only). */
#define MULTIPART_FILENAME_MAX 255

struct multipart_part {
	const char *name;	/* field name, NUL-terminated */
	const char *filename;	/* NULL for a text field; "" when sent empty */
	const char *data;	/* into the body; not NUL-terminated */
	size_t len;
};

/* Called for each part in order; a non-zero status stops the parse and
 * becomes its result.  The part's strings live only during the call;
 * data points into the body and lives as long as the body. */
typedef enum parse_status (*multipart_fn)(void *ud, const struct multipart_part *p);

/* Copies the boundary parameter of a multipart/form-data Content-Type into
 * out (MULTIPART_BOUNDARY_MAX + 1 bytes); false when the type is another
 * one or the boundary is missing or malformed. */
bool multipart_boundary(const char *content_type, char *out, size_t size);

/* Parses body[0..len) of the given Content-Type, calling fn per part. */
enum parse_status multipart_parse(const char *content_type, const char *body, size_t len,
    multipart_fn fn, void *ud);

#endif
