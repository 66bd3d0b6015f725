/* competence_mem.c -- a competence set in memory (store/competence.h):
 * no SQL here, so the importer's fuzz harness links it alone. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/competence.h"

void
competence_set_init(struct competence_set *s)
{
	memset(s, 0, sizeof(*s));
}

void
competence_set_free(struct competence_set *s)
{
	for (size_t i = 0; i < s->nc; i++) {
		struct cset_competence *c = &s->c[i];

		free(c->key);
		free(c->name_nl);
		free(c->name_en);
		free(c->definition_nl);
		free(c->definition_en);
		for (int l = 0; l < COMPETENCE_LEVELS_MAX; l++) {
			free(c->indicator_nl[l]);
			free(c->indicator_en[l]);
		}
	}
	for (size_t i = 0; i < s->np; i++) {
		free(s->p[i].key);
		free(s->p[i].name_nl);
		free(s->p[i].name_en);
		for (size_t r = 0; r < s->p[i].nrefs; r++)
			free(s->p[i].refs[r]);
		for (size_t a = 0; a < s->p[i].nareas; a++) {
			free(s->p[i].areas[a].key);
			free(s->p[i].areas[a].name_nl);
			free(s->p[i].areas[a].name_en);
		}
	}
	free(s->c);
	free(s->p);
	competence_set_init(s);
}

/* Makes room for one more element of size `each` in *v. */
static bool
grow(void **v, size_t n, size_t *cap, size_t each)
{
	void *nv;
	size_t ncap;

	if (n < *cap)
		return true;
	ncap = *cap ? *cap * 2 : 16;
	if ((nv = realloc(*v, ncap * each)) == NULL)
		return false;
	*v = nv;
	*cap = ncap;
	return true;
}

struct cset_competence *
competence_set_add(struct competence_set *s)
{
	if (s->nc == CSET_COMPETENCES_MAX) {
		s->full = true;
		return NULL;
	}
	if (!grow((void **)&s->c, s->nc, &s->capc, sizeof(*s->c))) {
		s->oom = true;
		return NULL;
	}
	memset(&s->c[s->nc], 0, sizeof(s->c[0]));
	return &s->c[s->nc++];
}

struct cset_profile *
profile_set_add(struct competence_set *s)
{
	if (s->np == CSET_PROFILES_MAX) {
		s->full = true;
		return NULL;
	}
	if (!grow((void **)&s->p, s->np, &s->capp, sizeof(*s->p))) {
		s->oom = true;
		return NULL;
	}
	memset(&s->p[s->np], 0, sizeof(s->p[0]));
	return &s->p[s->np++];
}

char *
competence_set_str(struct competence_set *s, const char *text, size_t len)
{
	char *p = malloc(len + 1);

	if (p == NULL) {
		s->oom = true;
		return NULL;
	}
	memcpy(p, text, len);
	p[len] = '\0';
	return p;
}
