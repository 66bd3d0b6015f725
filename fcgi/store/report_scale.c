/* report_scale.c -- the scales the overall ratings of a cycle are on
 * (issue 16; report.h): the final scale of each form the cycle names,
 * with its levels, so that the overview labels every rating by the scale
 * it was given on.  The counts themselves are report.c's and
 * report_summary.c's, by the same scale id (report_sql.h RATING_SCALE). */
#include "config.h"

#include "store/db.h"
#include "store/report.h"
#include "store/report_levels_sql.h"

/* The scales the cycle's forms name, with their levels
 * (report_levels_sql.h). */
static struct db_stmt_def q_scales = DB_STMT(SQL_RATING_SCALES);
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

	return db_query(db, &q_scales, DB_ARGS(DB_INT(cycle_id), DB_INT(cycle_id)), scale_row, &cb);
}

int
report_rating_scale(struct db *db, int64_t scale_id, report_scale_fn fn, void *ud)
{
	struct scale_cb cb = { fn, ud };

	return db_query(db, &q_scale, DB_ARGS(DB_INT(scale_id)), scale_row, &cb);
}
