/* form_page.c -- the conversation form's reads after its dossier in one
 * statement (dossier.h conversation_form_prefetch, db.h db_prefetch).
 *
 * MariaDB plans a prepared statement again at each execution: the form's
 * eight readers cost eight plans, one statement costs one (issue 22).  Each part below
 * is its reader's own statement text (form_sql.h), so the rows it keeps
 * are exactly the rows that reader would read, in its order. */
#include "config.h"

#include "base/util.h"
#include "store/competence.h"
#include "store/db.h"
#include "store/dossier.h"
#include "store/form_sql.h"
#include "store/goal.h"
#include "store/proposal.h"

/* Every part padded in front to the widest, the items (db_prefetch reads
 * a part's columns from the end of the row): 22 - its width NULLs. */
#define PAD_LISTS FORM_PAD_8 FORM_PAD_2			/* 12 columns */
#define PAD_UPDATES FORM_PAD_8 FORM_PAD_4 FORM_PAD_1	/* 9 */
#define PAD_SIGNOFF FORM_PAD_8 FORM_PAD_2 FORM_PAD_1	/* 11 */
#define PAD_VERSION FORM_PAD_8 FORM_PAD_8 FORM_PAD_2 FORM_PAD_1	/* 3 */
#define PAD_ANSWERS FORM_PAD_8 FORM_PAD_2		/* 12 */
#define PAD_PROPOSALS FORM_PAD_8 FORM_PAD_4 FORM_PAD_1	/* 9 */
#define PAD_COMPETENCES FORM_PAD_8 FORM_PAD_4 FORM_PAD_1	/* 9 */
_Static_assert(FORM_ITEMS_NCOLS == 22 && FORM_LISTS_NCOLS == 12 && FORM_UPDATES_NCOLS == 9 &&
    FORM_SIGNOFF_NCOLS == 11 && FORM_VERSION_NCOLS == 3 && FORM_ANSWERS_NCOLS == 12 &&
    FORM_PROPOSALS_NCOLS == 9 && FORM_COMPETENCES_NCOLS == 9, "the paddings of q_form_page");

/* The tags of the parts: f form lists, i items, u notes, o sign-off,
 * v template version, x answers, q proposals, c the job profile's
 * competences (read by a form with a competences section).  A part of
 * several SELECTs (f, o, x) keeps its reader's own tags after its own. */
static struct db_stmt_def q_form_page = DB_STMT(
	DOSSIER_DEPARTMENTS
	" SELECT 'f'," PAD_LISTS " " FORM_LISTS_C
	" UNION ALL (SELECT 'f'," PAD_LISTS " " FORM_LISTS_G ")"
	" UNION ALL (SELECT 'f'," PAD_LISTS " " FORM_LISTS_P ")"
	" UNION ALL (SELECT 'f'," PAD_LISTS " " FORM_LISTS_A ")"
	" UNION ALL (SELECT 'f'," PAD_LISTS " " FORM_LISTS_K ")"
	" UNION ALL (SELECT 'i', " FORM_ITEMS_PART " LIMIT " FORM_SQL_ALL_ROWS ")"
	" UNION ALL SELECT STRAIGHT_JOIN 'u'," PAD_UPDATES " " FORM_UPDATES_PART
	" UNION ALL SELECT 'o'," PAD_SIGNOFF " " FORM_SIGNOFF_R
	" UNION ALL SELECT 'o'," PAD_SIGNOFF " " FORM_SIGNOFF_S
	" UNION ALL SELECT 'o'," PAD_SIGNOFF " " FORM_SIGNOFF_N
	" UNION ALL SELECT 'v'," PAD_VERSION " " FORM_VERSION_PART
	" UNION ALL SELECT 'x'," PAD_ANSWERS " " FORM_ANSWERS_A
	" UNION ALL SELECT 'x'," PAD_ANSWERS " " FORM_ANSWERS_R
	" UNION ALL (SELECT 'q'," PAD_PROPOSALS " " FORM_PROPOSALS_PART ")"
	" UNION ALL (SELECT 'c'," PAD_COMPETENCES " " FORM_COMPETENCES_PART
	" LIMIT " FORM_SQL_ALL_ROWS ")");

int
conversation_form_prefetch(struct db *db, const struct dossier *d, int64_t conversation_id)
{
	const struct db_arg lists[] = { DB_INT(d->id), DB_INT(d->id), DB_INT(d->id),
	    DB_INT(d->cycle_id), DB_INT(d->manager_id), DB_INT(d->employee_id),
	    DB_INT(d->employee_id), DB_INT(d->employee_id) };
	const struct db_arg dossier[] = { DB_INT(d->id) };
	const struct db_arg employee[] = { DB_INT(d->employee_id) };
	const struct db_arg conv[] = { DB_INT(conversation_id), DB_INT(conversation_id),
	    DB_INT(conversation_id) };
	const struct db_part parts[] = {
		{ 'f', FORM_LISTS_SQL, lists, ARRAY_LEN(lists), FORM_LISTS_NCOLS },
		{ 'i', "SELECT " FORM_ITEMS_PART, dossier, 1, FORM_ITEMS_NCOLS },
		{ 'u', "SELECT STRAIGHT_JOIN " FORM_UPDATES_PART, dossier, 1, FORM_UPDATES_NCOLS },
		{ 'o', FORM_SIGNOFF_SQL, conv, 3, FORM_SIGNOFF_NCOLS },
		{ 'v', "SELECT " FORM_VERSION_PART, conv, 1, FORM_VERSION_NCOLS },
		{ 'x', FORM_ANSWERS_SQL, conv, 2, FORM_ANSWERS_NCOLS },
		{ 'q', "SELECT " FORM_PROPOSALS_PART, conv, 1, FORM_PROPOSALS_NCOLS },
		{ 'c', "SELECT " FORM_COMPETENCES_PART, employee, 1, FORM_COMPETENCES_NCOLS },
	};

	return db_prefetch(db, &q_form_page, DB_ARGS(DB_INT(d->id), DB_INT(d->id),
	    DB_INT(d->id), DB_INT(d->cycle_id), DB_INT(d->manager_id), DB_INT(d->employee_id),
	    DB_INT(d->employee_id), DB_INT(d->employee_id), DB_INT(d->id), DB_INT(d->id),
	    DB_INT(conversation_id), DB_INT(conversation_id), DB_INT(conversation_id),
	    DB_INT(conversation_id), DB_INT(conversation_id), DB_INT(conversation_id),
	    DB_INT(conversation_id), DB_INT(d->employee_id)), parts, ARRAY_LEN(parts));
}

void
conversation_form_done(struct db *db)
{
	db_prefetch_end(db);
}
