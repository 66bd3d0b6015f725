/* report_export_rows.c -- the rows the export keeps for one round, their
 * order and the cursor of the merge (report_export_rows.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/report_export_rows.h"

int
rowset_keep(void *ud, const struct db_row *r)
{
	struct rowset *s = ud;
	size_t size = sizeof(struct rec) + r->ncols * sizeof(char *), i;
	struct rec *rec;
	char *p;

	for (i = 0; i < r->ncols; i++)
		size += r->val[i] ? r->len[i] + 1 : 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		struct rec **grown = realloc(s->v, cap * sizeof(*grown));

		if (grown == NULL)
			return DB_ERROR;
		s->v = grown;
		s->cap = cap;
	}
	if ((rec = malloc(size)) == NULL)
		return DB_ERROR;
	rec->n = r->ncols;
	p = (char *)&rec->v[r->ncols];
	for (i = 0; i < r->ncols; i++) {
		if (r->val[i] == NULL) {
			rec->v[i] = NULL;
			continue;
		}
		memcpy(p, r->val[i], r->len[i]);
		p[r->len[i]] = '\0';
		rec->v[i] = p;
		p += r->len[i] + 1;
	}
	for (i = 0; i < REC_KEYS; i++)
		rec->k[i] = i < s->nkeys ? db_int(r, s->key[i]) : 0;
	s->v[s->n++] = rec;
	s->bytes += size;
	return DB_OK;
}

static int
rec_cmp(const void *a, const void *b)
{
	const struct rec *x = *(const struct rec *const *)a, *y = *(const struct rec *const *)b;
	size_t i;

	for (i = 0; i < REC_KEYS; i++)
		if (x->k[i] != y->k[i])
			return x->k[i] < y->k[i] ? -1 : 1;
	return 0;
}

void
rowset_sort(struct rowset *s)
{
	if (!s->sorted && s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), rec_cmp);
}

void
rowset_clear(struct rowset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	s->n = 0;
	s->bytes = 0;
}

void
rowset_free(struct rowset *s)
{
	rowset_clear(s);
	free(s->v);
	s->v = NULL;
	s->cap = 0;
}

const struct rec *
cursor_next(struct cursor *c, int64_t dossier, int64_t key)
{
	const struct rec *r;

	while (c->i < c->s->n) {
		r = c->s->v[c->i];
		if (r->k[0] > dossier || (r->k[0] == dossier && (key < 0 || r->k[1] >= key)))
			break;
		c->i++;
	}
	if (c->i == c->s->n)
		return NULL;
	r = c->s->v[c->i];
	if (r->k[0] != dossier || (key >= 0 && r->k[1] != key))
		return NULL;
	c->i++;
	return r;
}
