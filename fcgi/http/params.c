/* params.c -- see params.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "http/params.h"
#include "base/util.h"

void
params_init(struct params *p)
{
	memset(p, 0, sizeof(*p));
}

void
params_wipe(struct params *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		explicit_bzero(p->v[i].value, p->v[i].value_len);
}

/* Every value is wiped, not only a password's: the fields are small (named
 * limits), and a secret may travel under a name we do not know. */
void
params_free(struct params *p)
{
	size_t i;

	params_wipe(p);
	for (i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].value);
	}
	free(p->v);
	params_init(p);
}

/* Decodes %XX and '+' of s[0..len) into a new string.  NULL on a bad
 * escape or allocation failure (*bad tells which). */
static char *
decode(const char *s, size_t len, size_t *outlen, bool *bad)
{
	char *out = malloc(len + 1);
	size_t i, o = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%') {
			int hi, lo;

			if (len - i < 3 || (hi = hex_digit(s[i + 1])) < 0 ||
			    (lo = hex_digit(s[i + 2])) < 0) {
				*bad = true;
				explicit_bzero(out, o);
				free(out);
				return NULL;
			}
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* Names are ASCII identifiers: letters, digits, '_', '-', '.'. */
static bool
name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

/* Text fields may hold tab and line breaks, but no other control
 * characters: XML 1.0 cannot carry them. */
static bool
value_ok(const char *s, size_t len)
{
	size_t i;

	if (!utf8_valid(s, len))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return false;
	}
	return true;
}

/* Appends name=value, taking both strings on success; a name given twice
 * is refused (HTTP parameter pollution). */
static enum parse_status
append(struct params *p, char *name, char *value, size_t vlen)
{
	if (params_get(p, name) != NULL)
		return PARSE_BAD;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct param *v = realloc(p->v, cap * sizeof(*v));

		if (v == NULL)
			return PARSE_TOO_LARGE;
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n].name = name;
	p->v[p->n].value = value;
	p->v[p->n].value_len = vlen;
	p->n++;
	return PARSE_OK;
}

static enum parse_status
add_pair(struct params *p, const char *s, size_t len, const struct limits *lim)
{
	const char *eq = memchr(s, '=', len);
	size_t nlen = eq ? (size_t)(eq - s) : len;
	size_t vraw = eq ? len - nlen - 1 : 0;
	char *name = NULL, *value = NULL;
	size_t dn = 0, dv = 0;
	bool bad = false;
	enum parse_status st = PARSE_BAD;

	/* Raw lengths bound the decoded ones from above (3 bytes per %XX). */
	if (nlen > 3 * lim->param_name || vraw > 3 * lim->param_value)
		return PARSE_TOO_LARGE;
	if ((name = decode(s, nlen, &dn, &bad)) == NULL)
		return bad ? PARSE_BAD : PARSE_TOO_LARGE;
	if ((value = decode(eq ? eq + 1 : "", vraw, &dv, &bad)) == NULL) {
		st = bad ? PARSE_BAD : PARSE_TOO_LARGE;
		goto fail;
	}
	if (dn > lim->param_name || dv > lim->param_value) {
		st = PARSE_TOO_LARGE;
		goto fail;
	}
	if (!name_ok(name, dn) || !value_ok(value, dv))
		goto fail;
	if ((st = append(p, name, value, dv)) == PARSE_OK)
		return PARSE_OK;
fail:
	free(name);
	if (value)
		explicit_bzero(value, dv);
	free(value);
	return st;
}

enum parse_status
params_add(struct params *p, const char *name, const char *value, size_t vlen,
    const struct limits *lim, size_t *total)
{
	size_t nlen = strlen(name);
	char *n, *v;
	enum parse_status st;

	if (++*total > lim->params || nlen > lim->param_name || vlen > lim->param_value)
		return PARSE_TOO_LARGE;
	if (!name_ok(name, nlen) || !value_ok(value, vlen))
		return PARSE_BAD;
	n = strdup(name);
	v = malloc(vlen + 1);
	if (n == NULL || v == NULL) {
		st = PARSE_TOO_LARGE;
		goto fail;
	}
	memcpy(v, value, vlen);
	v[vlen] = '\0';
	if ((st = append(p, n, v, vlen)) == PARSE_OK)
		return PARSE_OK;
	explicit_bzero(v, vlen);
fail:
	free(n);
	free(v);
	return st;
}

enum parse_status
params_parse(struct params *p, const char *s, size_t len, const struct limits *lim,
    size_t *total)
{
	const char *end = s + len;

	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		size_t n = (size_t)((amp ? amp : end) - s);
		enum parse_status st;

		if (n > 0) {
			if (++*total > lim->params)
				return PARSE_TOO_LARGE;
			if ((st = add_pair(p, s, n, lim)) != PARSE_OK)
				return st;
		}
		s += n + (amp ? 1 : 0);
	}
	return PARSE_OK;
}

const char *
params_get(const struct params *p, const char *name)
{
	return params_get_from(p, 0, name);
}

const char *
params_get_from(const struct params *p, size_t from, const char *name)
{
	size_t i;

	for (i = from; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return p->v[i].value;
	return NULL;
}

bool
cookie_find(const char *h, const char *name, const char **val, size_t *vlen)
{
	size_t nlen = strlen(name);

	while (*h) {
		const char *semi, *eq;
		size_t n;

		while (*h == ' ' || *h == '\t')
			h++;
		semi = strchr(h, ';');
		n = semi ? (size_t)(semi - h) : strlen(h);
		eq = memchr(h, '=', n);
		if (eq && (size_t)(eq - h) == nlen && memcmp(h, name, nlen) == 0) {
			const char *v = eq + 1, *e = h + n;

			while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			if (e - v >= 2 && v[0] == '"' && e[-1] == '"') {
				v++;
				e--;
			}
			*val = v;
			*vlen = (size_t)(e - v);
			return true;
		}
		if (!semi)
			break;
		h = semi + 1;
	}
	return false;
}
