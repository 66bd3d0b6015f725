/* admin_import_mapping.c -- the column mapping HR chooses once for the
 * exports of its HR system: its section of GET /admin/import and
 * POST /admin/import/mapping (one optional field per field of ours, named
 * as in import/mapping.h, holding the header of the export's column; an
 * empty one is left to the aliases).  HR only (routes.c).  Every later
 * upload is read by it (admin_import.c's run, gesprekctl import). */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "app.h"
#include "import/mapping.h"
#include "pages/admin_org.h"
#include "pages/pages.h"
#include "xml/page.h"
#include "base/util.h"
#include "store/status.h"

int
import_mapping_xml(struct ctx *c, xmlNodePtr page)
{
	struct org_mapping m;
	xmlNodePtr list, n;
	int k, st;

	if ((st = map_load(c->db, &m)) != DB_OK)
		return st;
	list = xml_add(page, "mapping");
	for (k = 0; k < MAP_FIELDS; k++) {
		n = xml_add(list, "field");
		xml_set(n, "name", map_field_name((enum map_field)k));
		xml_set(n, "header", m.header[k]);
	}
	return DB_OK;
}

/* Reads the form into m; a header given for two fields is refused on the
 * second (a column cannot be two things). */
static void
read_mapping(struct ctx *c, struct form *f, struct org_mapping *m)
{
	const char *v;
	int k, j;

	memset(m, 0, sizeof(*m));
	for (k = 0; k < MAP_FIELDS; k++) {
		const char *name = map_field_name((enum map_field)k);

		if ((v = in_text(c, name)) == NULL || v[0] == '\0')
			continue;
		for (j = 0; j < k; j++) {
			if (strcasecmp(m->header[j], v) == 0) {
				form_error(f, name, "import.mapping.error.twice");
				break;
			}
		}
		strlcopy(m->header[k], v, sizeof(m->header[k]));
	}
}

int
admin_import_mapping_post(struct ctx *c)
{
	struct org_mapping m;
	struct form f;
	int st;

	form_begin(&f, c, "import-mapping");
	read_mapping(c, &f, &m);
	if (f.failed)
		return admin_import_refused(c, &f, 400);
	if ((st = map_save(c->db, c->user.id, &m)) != DB_OK)
		return http_status_of(st);
	return org_redirect(c, "/admin/import", "flash.import_mapping_saved");
}
