/* fuzz_multipart.c -- libFuzzer target: multipart/form-data bodies through
 * request_body, as gesprekd sees them (text parts to params, files kept),
 * including the boundary parameter of the Content-Type.
 *
 * Input: the Content-Type header on the first line, then the body.  A
 * first line that does not start with "multipart/" is part of the body
 * and the type is a fixed one (boundary=XyZ), so that plain bodies from
 * the first corpus still mean what they meant. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/conf.h"
#include "http/multipart.h"
#include "http/request.h"

#define FIXED_TYPE "multipart/form-data; boundary=XyZ"
#define TYPE_PREFIX "multipart/"
/* A Content-Type header longer than this is cut by the limits anyway. */
#define TYPE_MAX 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conf c;
	static int ready;
	const char *p = (const char *)data, *nl = memchr(p, '\n', size);
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	char *ctype = NULL;
	struct request r;
	const char *d;
	size_t n, i;

	if (!ready) {
		conf_defaults(&c);
		ready = 1;
	}
	request_init(&r);
	r.content_type = FIXED_TYPE;
	if (nl && (size_t)(nl - p) <= TYPE_MAX && size >= strlen(TYPE_PREFIX) &&
	    memcmp(p, TYPE_PREFIX, strlen(TYPE_PREFIX)) == 0) {
		if ((ctype = strndup(p, (size_t)(nl - p))) == NULL)
			goto out;
		r.content_type = ctype;
		size -= (size_t)(nl + 1 - p);
		p = nl + 1;
	}
	(void)multipart_boundary(r.content_type, boundary, sizeof(boundary));
	if (request_body(&r, p, size, &c.limits) == 0) {
		/* Every file part lies inside the body. */
		for (i = 0; i < r.nfiles; i++) {
			if (!request_file(&r, r.files[i].name, &d, &n, NULL))
				__builtin_trap();
			if (n > 0 && (d < p || d + n > p + size))
				__builtin_trap();
		}
	}
out:
	request_free(&r);
	free(ctype);
	return 0;
}
