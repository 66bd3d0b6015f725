/* fuzz_params.c -- libFuzzer target: query strings and urlencoded form
 * bodies through params_parse, sharing one parameter budget as a request
 * does (query first, then the body).
 *
 * Input: the query string, a NUL byte, the body (no NUL: query only). */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "base/conf.h"
#include "http/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conf c;
	static int ready;
	const char *s = (const char *)data;
	const char *nul = memchr(s, '\0', size);
	size_t qlen = nul ? (size_t)(nul - s) : size, total = 0, i;
	struct params p;
	const char *v;

	if (!ready) {
		conf_defaults(&c);
		ready = 1;
	}
	params_init(&p);
	if (params_parse(&p, s, qlen, &c.limits, &total) == PARSE_OK && nul)
		(void)params_parse(&p, nul + 1, size - qlen - 1, &c.limits, &total);
	/* Every kept value is NUL-terminated at its length. */
	for (i = 0; i < p.n; i++) {
		v = params_get(&p, p.v[i].name);
		if (v == NULL || v[p.v[i].value_len] != '\0')
			__builtin_trap();
	}
	params_free(&p);
	return 0;
}
