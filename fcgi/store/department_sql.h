/* department_sql.h -- the statement of department_children(0, limit)
 * (department.c): the top level of the reports' department filter, named
 * here because HR's overview answers it from its one statement
 * (report_overview_filter.c, db.h db_prefetch_keep), which finds a kept
 * answer by its statement's text. */
#ifndef GESPREK_STORE_DEPARTMENT_SQL_H
#define GESPREK_STORE_DEPARTMENT_SQL_H

/* The department filter's columns: id, name, parent (0 at the top),
 * version, and 0 for the employees it does not count. */
#define DEPT_PICK_COLUMNS "SELECT d.id, d.name, COALESCE(d.parent_id, 0), d.version, 0"
#define DEPT_PICK_NCOLS 5
/* By name alone (names are unique, sql/020): the key department_name
 * (parent_id, name) in its own order, no sort.  params: the limit. */
#define SQL_DEPARTMENT_TOP \
	DEPT_PICK_COLUMNS " FROM department d WHERE d.parent_id IS NULL" \
	" ORDER BY d.name LIMIT ?"

#endif
