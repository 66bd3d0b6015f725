/* mapping_db.c -- the saved mapping (store/import_mapping.c) as a struct
 * org_mapping; apart from mapping.c so that the parsers and their fuzz
 * harnesses link without the store. */
#include "config.h"

#include <string.h>

#include "import/mapping.h"
#include "store/db.h"
#include "store/organisation.h"
#include "base/util.h"

static int
mapping_row(void *ud, const char *field, const char *header)
{
	struct org_mapping *m = ud;
	enum map_field k = map_field_by_name(field);

	/* A field a newer version saved and this one does not know: left out. */
	if (k != MAP_NONE)
		strlcopy(m->header[k], header, sizeof(m->header[k]));
	return DB_OK;
}

int
map_load(struct db *db, struct org_mapping *m)
{
	memset(m, 0, sizeof(*m));
	return import_mapping_each(db, mapping_row, m);
}

int
map_save(struct db *db, int64_t actor, const struct org_mapping *m)
{
	const char *fields[MAP_FIELDS], *headers[MAP_FIELDS];
	int k;

	for (k = 0; k < MAP_FIELDS; k++) {
		fields[k] = map_field_name((enum map_field)k);
		headers[k] = m->header[k];
	}
	return import_mapping_save(db, actor, fields, headers, MAP_FIELDS);
}
