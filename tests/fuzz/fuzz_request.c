/* fuzz_request.c -- libFuzzer target: the FastCGI parameter set of one
 * request (what nginx passes: REQUEST_METHOD, REQUEST_URI, QUERY_STRING,
 * CONTENT_TYPE, CONTENT_LENGTH, HTTP_* headers) through request_head, the
 * body through request_body, then what app.c reads from them: the cookie
 * and the language.
 *
 * Input: lines "NAME=value" (the envp, one entry a line) up to an empty
 * line; the rest is the body, read as request_read does: exactly
 * CONTENT_LENGTH bytes, shorter is a truncated request. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "base/conf.h"
#include "http/request.h"
#include "xml/i18n.h"

/* FastCGI parameters in one request: nginx sends about thirty. */
#define ENV_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
split_env(const char *p, const char *end, char **envp, const char **body)
{
	size_t n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);

		if (len == 0) {		/* the empty line: the body follows */
			p++;
			break;
		}
		if (n < ENV_MAX && (envp[n] = strndup(p, len)) != NULL)
			n++;
		p += len + (nl ? 1 : 0);
	}
	envp[n] = NULL;
	*body = p;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conf c;
	static int ready;
	const char *p = (const char *)data, *end = p + size, *body, *val;
	char *envp[ENV_MAX + 1];
	struct request r;
	size_t n, i, len = 0, vlen;

	if (!ready) {
		conf_defaults(&c);
		ready = 1;
	}
	n = split_env(p, end, envp, &body);
	request_init(&r);
	if (request_head(&r, envp, &c.limits, &len) == 0 && len <= (size_t)(end - body) &&
	    len > 0) {
		/* request_read hands the body it read to the request. */
		if ((r.body = malloc(len)) != NULL) {
			memcpy(r.body, body, len);
			r.body_len = len;
			(void)request_body(&r, r.body, len, &c.limits);
		}
	}
	(void)request_param(&r, "csrf");
	if (cookie_find(r.cookie, COOKIE_SECURE_NAME, &val, &vlen) && vlen > 0)
		(void)val[vlen - 1];
	(void)lang_pick(r.accept_language);
	request_free(&r);
	for (i = 0; i < n; i++)
		free(envp[i]);
	return 0;
}
