/* answer.h -- the answers of a conversation form rendered from its
 * template version (issue 16, sql/070_answer.sql): each party's answer to
 * an open or a rating question, each party's rating of the competences of
 * the employee's job profile, and what the form needs to show them (the
 * conversation's template version, the competences with their behaviour
 * indicators).  Writes are one transaction each, under the conversation's
 * row lock like every write of a conversation (store/dossier.h). */
#ifndef GESPREK_STORE_ANSWER_H
#define GESPREK_STORE_ANSWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/dossier.h"
#include "store/status.h"
#include "store/template.h"

/* Characters of an answer and of a rating's explanation: a note's. */
#define ANSWER_TEXT_MAX TEXT_MAX_CHARS
/* A level value: the TINYINT UNSIGNED of sql/069's template_scale_level. */
#define ANSWER_LEVEL_MAX 255

/* The template version of conversation conv_id into t (a fresh
 * tpl_new()), and its id into *version_id.  A conversation without one
 * (started before cycles named their versions) is on the newest version
 * of the default template: this is the one place that decides so, in
 * SQL (ANSWER_TV in answer.c) and here.  DB_NOTFOUND: no conversation, or
 * no default template. */
int conversation_template(struct db *db, int64_t conv_id, struct tpl *t, int64_t *version_id);

/* No rating given: 0 is a level (a template's scale may start at 0,
 * template.xsd level-value). */
#define ANSWER_NO_RATING (-1)

/* An answer or a competence rating as typed. */
struct answer_input {
	const char *section_key;
	int64_t competence_id;		/* 0: a question of the section */
	const char *body;		/* open question; NULL: none */
	int rating;			/* level value; ANSWER_NO_RATING: none */
	const char *explanation;	/* NULL: none */
	bool share;			/* show it to the other party now */
	int64_t version;		/* the answer's, as the form showed it; 0: new */
};

/* Why an answer was refused although the store answered DB_OK; nothing
 * was written. */
enum answer_problem {
	ANSWER_OK,
	ANSWER_SECTION,		/* no such section in this form, or not one to answer */
	ANSWER_ROLE,		/* the section is not answered by the writer's side */
	ANSWER_RATING,		/* not a level of the section's scale */
	ANSWER_MISSING,		/* a rating question without a rating */
	ANSWER_EXPLAIN,		/* an explanation is required below this level */
	ANSWER_COMPETENCE,	/* not a competence of the employee's job profile */
	ANSWER_NOT_RATED,	/* a rating or explanation on an open question */
};

/* Saves the writer's answer (either party, while planned, preparing or
 * held): to an open question its text, to a rating question or a
 * competence a level and an explanation.  The employee may rate a
 * question or competence the manager answers when the section asks for a
 * self-assessment.  Everything is checked under the conversation's lock:
 * the section in the conversation's template version, the side, the
 * level on the section's scale, the explanation, the competence in the
 * employee's job profile now.  DB_CONFLICT: the answer's version moved on
 * (or another request saved the first answer meanwhile), or the state
 * did; DB_NOTFOUND: not a party. */
int conversation_answer_save(struct db *db, const struct conv_write *w,
    const struct answer_input *in, enum answer_problem *problem);

/* A stored answer (competence_id 0) or competence rating. */
struct answer {
	const char *section_key;	/* a competence rating's: its competence
					   section (sql/079) */
	int64_t competence_id;
	const char *role;		/* employee | manager */
	const char *body, *explanation;	/* "" when none */
	int rating;			/* ANSWER_NO_RATING: none */
	bool shared;			/* shared_at set */
	int64_t version;
	const char *at;			/* updated, UTC */
	/* issue 17: who saved it last (0, "": not recorded). */
	int64_t updated_by;
	const char *updated_by_name;
};
typedef int (*answer_fn)(void *ud, const struct answer *a);
/* Every answer and competence rating of a conversation, in one statement;
 * the caller decides who may see which (pages/conv_template.c). */
int answers_of_conversation(struct db *db, int64_t conv_id, answer_fn fn, void *ud);

/* A competence of the employee's job profile, with one level's behaviour
 * indicators: one call per (competence, level), competences in the
 * profile's order, levels ascending; level 0 and no indicator for a
 * competence without any. */
struct form_competence {
	int64_t id;
	const char *key, *name_nl, *name_en, *definition_nl, *definition_en;
	int level;
	const char *indicator_nl, *indicator_en;	/* "" when none */
};
typedef int (*form_competence_fn)(void *ud, const struct form_competence *fc);
int form_competences(struct db *db, int64_t employee_id, form_competence_fn fn, void *ud);

#endif
