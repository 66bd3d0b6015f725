/* report_scale.c -- the scales the overall ratings of a cycle are on
 * (issue 16; report.h): the final scale of each form the cycle names,
 * with its levels, so that the overview labels every rating by the scale
 * it was given on.  The counts themselves are report.c's and
 * report_summary.c's, by the same scale id (report_sql.h RATING_SCALE). */
#include "config.h"

#include "store/db.h"
#include "store/report.h"
#include "store/report_tree_sql.h"

/* A level row: scale id (0: the cycle's own), key, the version's names
 * and number, the level's value and labels (-1 and "" for the cycle's). */
#define SCALE_LEVEL_COLUMNS \
	"SELECT COALESCE(sc.id, 0), COALESCE(sc.skey, ''), tv.name_nl, COALESCE(tv.name_en, '')," \
	" tv.number, COALESCE(l.value, -1), COALESCE(l.label_nl, ''), COALESCE(l.label_en, '')"

/* The versions the cycle names and, where it names no default, the
 * default template's newest (what cycle_template.c's start falls back
 * to); a version whose final scale is the cycle's gives one row of scale
 * 0.  params: the cycle twice. */
struct db_stmt_def report_scales_stmt = DB_STMT(
	SCALE_LEVEL_COLUMNS " FROM template_version tv"
	" LEFT JOIN template_scale sc ON sc.version_id = tv.id AND sc.skey = tv.final_scale_key"
	" LEFT JOIN template_scale_level l ON l.scale_id = sc.id"
	" WHERE tv.id IN (SELECT ct.template_version_id FROM cycle_template ct WHERE ct.cycle_id = ?"
	" UNION SELECT MAX(dv.id) FROM template dt JOIN template_version dv"
	" ON dv.template_id = dt.id WHERE dt.is_default = 1 AND NOT EXISTS (SELECT 1"
	" FROM cycle_template cd WHERE cd.cycle_id = ? AND cd.scope = 'default'))"
	" ORDER BY 1, 6, tv.id");
/* One template scale by id (a scale a rating is on that the cycle no
 * longer names, a people list's). */
static struct db_stmt_def q_scale = DB_STMT(
	SCALE_LEVEL_COLUMNS " FROM template_scale sc"
	" JOIN template_version tv ON tv.id = sc.version_id"
	" JOIN template_scale_level l ON l.scale_id = sc.id"
	" WHERE sc.id = ? ORDER BY l.value");

struct scale_cb {
	report_scale_fn fn;
	void *ud;
};

static int
scale_row(void *ud, const struct db_row *r)
{
	struct scale_cb *cb = ud;
	struct report_scale_level l = {
		.scale_id = db_int(r, 0), .key = db_str(r, 1), .template_nl = db_str(r, 2),
		.template_en = db_str(r, 3), .number = (int)db_int(r, 4), .value = (int)db_int(r, 5),
		.label_nl = db_str(r, 6), .label_en = db_str(r, 7),
	};

	return cb->fn(cb->ud, &l);
}

int
report_rating_scales(struct db *db, int64_t cycle_id, report_scale_fn fn, void *ud)
{
	struct scale_cb cb = { fn, ud };

	return db_query(db, &report_scales_stmt, DB_ARGS(DB_INT(cycle_id), DB_INT(cycle_id)), scale_row, &cb);
}

int
report_rating_scale(struct db *db, int64_t scale_id, report_scale_fn fn, void *ud)
{
	struct scale_cb cb = { fn, ud };

	return db_query(db, &q_scale, DB_ARGS(DB_INT(scale_id)), scale_row, &cb);
}
