/* cycle_sql.h -- the statements of cycle_list and cycle_get (cycle.c),
 * named here because HR's overview answers them from its one statement
 * (report_overview_filter.c, db.h db_prefetch_keep): a kept answer is
 * found by its statement's text, so both must spell it alike. */
#ifndef GESPREK_STORE_CYCLE_SQL_H
#define GESPREK_STORE_CYCLE_SQL_H

/* A cycle's dossiers, all and open, from the counts the writes keep
 * (cycle_dossier_count, store/headcount.h): a key range of three rows at
 * most per cycle.  Counting the dossiers here read every one of every
 * cycle on each report page, 400 k index entries at 100,000 employees
 * (issue 21). */
#define CYCLE_KEPT_COUNT(status) \
	"(SELECT COALESCE(SUM(k.n), 0) FROM cycle_dossier_count k" \
	" WHERE k.cycle_id = c.id" status ")"
#define CYCLE_COLUMNS \
	"c.id, c.name, c.starts_on, c.ends_on, c.status, c.rating_scale, c.version," \
	" " CYCLE_KEPT_COUNT("") ", " CYCLE_KEPT_COUNT(" AND k.status = 'open'") \
	", c.second_assessor"
/* Its columns: id, name, starts_on, ends_on, status, rating_scale,
 * version, the two counts, second_assessor. */
#define CYCLE_NCOLS 10

/* Newest first, read backwards along sql/100's key (starts_on, id): no
 * sort of the cycles on every report page.  Forced: with a handful of
 * cycles MariaDB would rather read the table and sort it. */
#define SQL_CYCLE_LIST \
	"SELECT " CYCLE_COLUMNS " FROM cycle c FORCE INDEX (cycle_starts)" \
	" ORDER BY c.starts_on DESC, c.id DESC"
#define SQL_CYCLE_GET \
	"SELECT " CYCLE_COLUMNS " FROM cycle c WHERE c.id = ?"

#endif
