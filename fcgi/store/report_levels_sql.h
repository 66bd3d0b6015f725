/* report_levels_sql.h -- the statements of the scales and levels the
 * overview's ratings and distributions are labelled with (report_scale.c,
 * report.c), as text: the overview reads them in its one statement
 * (report_summary.c summary_report_overview_prefetch) with the same text
 * their readers run.  Private to fcgi/store/. */
#ifndef GESPREK_STORE_REPORT_LEVELS_SQL_H
#define GESPREK_STORE_REPORT_LEVELS_SQL_H

/* A level row: scale id (0: the cycle's own), key, the version's names
 * and number, the level's value and labels (-1 and "" for the cycle's). */
#define SCALE_LEVEL_COLUMNS \
	"SELECT COALESCE(sc.id, 0), COALESCE(sc.skey, ''), tv.name_nl, COALESCE(tv.name_en, '')," \
	" tv.number, COALESCE(l.value, -1), COALESCE(l.label_nl, ''), COALESCE(l.label_en, '')"
#define SCALE_LEVEL_NCOLS 8

/* The versions the cycle names and, where it names no default, the
 * default template's newest (what cycle_template.c's start falls back
 * to); a version whose final scale is the cycle's gives one row of scale
 * 0.  params: the cycle twice. */
#define SQL_RATING_SCALES \
	SCALE_LEVEL_COLUMNS " FROM template_version tv" \
	" LEFT JOIN template_scale sc ON sc.version_id = tv.id AND sc.skey = tv.final_scale_key" \
	" LEFT JOIN template_scale_level l ON l.scale_id = sc.id" \
	" WHERE tv.id IN (SELECT ct.template_version_id FROM cycle_template ct WHERE ct.cycle_id = ?" \
	" UNION SELECT MAX(dv.id) FROM template dt JOIN template_version dv" \
	" ON dv.template_id = dt.id WHERE dt.is_default = 1 AND NOT EXISTS (SELECT 1" \
	" FROM cycle_template cd WHERE cd.cycle_id = ? AND cd.scope = 'default'))" \
	" ORDER BY 1, 6, tv.id"

/* The competence scales' levels of the cycle's forms; params: the cycle. */
#define SQL_COMPETENCE_LEVELS \
	"SELECT l.value, MIN(l.label_nl), COALESCE(MIN(l.label_en), '')" \
	" FROM template_section ts" \
	" JOIN template_scale sc ON sc.version_id = ts.version_id AND sc.skey = ts.scale_key" \
	" JOIN template_scale_level l ON l.scale_id = sc.id" \
	" WHERE ts.conv_type = 'assessment' AND ts.kind = 'competences' AND ts.version_id IN (" \
	" SELECT ct.template_version_id FROM cycle_template ct WHERE ct.cycle_id = ?" \
	" UNION SELECT MAX(tv.id) FROM template_version tv JOIN template t" \
	" ON t.id = tv.template_id WHERE t.is_default = 1)" \
	" GROUP BY l.value ORDER BY l.value"
#define COMPETENCE_LEVEL_NCOLS 3

#endif
