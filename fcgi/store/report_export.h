/* report_export.h -- what the store offers on exports (the rows
 * export/export.c writes) (report_export.c). Every function returns an
 * enum db_status (store/status.h); the SQL stays in fcgi/store/. */
#ifndef GESPREK_STORE_REPORT_EXPORT_H
#define GESPREK_STORE_REPORT_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"
#include "store/cycle.h"
#include "store/dossier.h"
#include "store/goal.h"
#include "store/organisation.h"

/* Dossiers read in the first round of queries: memory stays bounded by
 * one round. */
#define EXPORT_CHUNK 100
/* The most a caller may ask for (gesprekctl export --chunk), and the most
 * a round grows to. */
#define EXPORT_CHUNK_MAX 5000
/* Without a chunk asked for, each later round holds as many dossiers as
 * fit this many bytes of kept rows at the rounds' mean so far: fewer,
 * larger rounds (each statement costs MariaDB its planning, about a
 * millisecond for these: at 100 dossiers a round that was a quarter of
 * its CPU), with memory bounded by the bytes, not by a count of dossiers
 * whose size varies (the worker grows about twice this: MariaDB's
 * buffered result beside the kept rows). */
#define EXPORT_ROUND_BYTES (2u << 20)

/* Which dossiers an export holds.  Items, notes and remarks written in a
 * conversation still planned or being prepared are left out unless the
 * author's side shared them or the author is viewer_id (the personal
 * export holds the employee's own preparation). */
struct export_filter {
	int64_t cycle_id;		/* 0: every cycle (the personal export) */
	int64_t department_id;		/* 0: every department */
	bool recursive;
	int64_t manager_id;		/* 0: any; else only the dossiers they hold */
	int64_t employee_id;		/* 0: any; else only this employee's dossiers */
	int64_t viewer_id;		/* 0: nobody's private preparation */
	const char *from, *to;		/* YYYY-MM-DD or NULL: conversation dates */
	size_t chunk;			/* dossiers per round; 0: EXPORT_CHUNK, then
				 * EXPORT_ROUND_BYTES' worth */
};

struct export_counts {
	int64_t dossiers, conversations, items;
};

struct export_dossier {
	int64_t id, cycle_id;
	const char *cycle, *status;
	int64_t employee_id;
	const char *login, *name, *email;
	int64_t department_id;		/* 0: none */
	const char *department;
	bool active;
	int64_t manager_id;		/* 0: none */
	const char *manager_login, *manager_name;
};

struct export_conversation {
	int64_t id;
	const char *type;
	int seq;
	const char *status;
	const char *scheduled_at;	/* YYYY-MM-DDTHH:MM:SSZ or "" */
	const char *held_on, *due_on;	/* "" when none */
	int overall_rating;		/* -1: none (or not to be seen yet); 0 is a
				 * level a template may value 0 */
	const char *overall_note;
	const char *reopen_reason;
	/* The template version it runs on (answer.h's rule for none: the
	 * default's newest); key "" when there is no template at all. */
	const char *template_key, *template_name;
	int template_version;
	/* What the manager confirmed the overall rating against (sql/071),
	 * hidden with the overall rating: the weighted score 0..1 as a
	 * decimal with four places ("0.6250"; "": none), the proposal (-1:
	 * none), labels on the final scale ("": none). */
	const char *outcome_score;
	int outcome_proposed;
	const char *override_reason, *proposed_label, *overall_label;
	/* The name and labels in English ("": none; the writer falls back to
	 * the Dutch ones, as the forms do). */
	const char *template_name_en, *proposed_label_en, *overall_label_en;
	/* The second assessor (issue 17, sql/085): the review's state (none
	 * pending returned approved) and who it is (0 and "": none). */
	const char *review;
	int64_t second_assessor_id;
	const char *second_assessor;
};

/* A second assessor's move on a conversation (review_event, sql/085):
 * every approval, return and rating change with its reason and author. */
struct export_review_event {
	int64_t id;
	const char *action;		/* approve | return | change */
	const char *target;		/* overall | item | question | competence | "" */
	int64_t target_id;		/* the item or competence; 0 */
	const char *target_title;	/* the item's title, or "" */
	const char *section;		/* a question's or competence's section, or "" */
	int old_rating, new_rating;	/* -1: none */
	const char *reason;		/* "" when none */
	int64_t author_id;
	const char *author;
	const char *at;			/* UTC */
	/* calibrate (sql/096): who accepted the change, and the manager a
	 * deputy accepted it for (0, "": none, or before 096). */
	int64_t decided_by_id;
	const char *decided_by;
	int64_t deputy_of_id;
	const char *deputy_of;
};

/* An answer to a question of the form, or (competence_id != 0) a
 * competence rating, that the export may show: written in a held (or
 * later) conversation, shared by its author's side or by itself
 * (shared_at), or the viewer's own (the personal export). */
struct export_answer {
	int64_t id;
	const char *section_key;	/* "" for a competence rating */
	int64_t competence_id;		/* 0: an answer to a question */
	const char *competence_key, *competence_name, *competence_name_en;
	const char *role;		/* employee | manager */
	bool self_assessment;		/* the employee's rating of what the manager rates */
	const char *body;		/* open question; "" when none */
	int rating;			/* level value; -1: none */
	const char *rating_label;	/* on the section's scale; "" when unknown */
	const char *rating_label_en;	/* English, else Dutch; "" when unknown */
	/* The question's section title as the form shows it ("" for a
	 * competence rating, or a section the version lacks). */
	const char *section_title, *section_title_en;
	const char *explanation;
	bool shared;			/* shared by itself (shared_at) */
	const char *at;			/* updated, UTC */
};

/* What an export is made of, in document order; each returns DB_OK or
 * stops the export with its status.  Answers, remarks and signatures
 * belong to the last conversation, updates to the last item. */
struct export_sink {
	int (*cycle)(void *ud, const struct cycle_row *c);
	int (*step)(void *ud, const struct cycle_step_row *s);
	int (*org_goal)(void *ud, const struct org_goal_row *g);
	int (*collective)(void *ud, const struct collective_row *g);
	int (*cycle_end)(void *ud);
	int (*department)(void *ud, const struct department_row *d);
	int (*dossier)(void *ud, const struct export_dossier *d);
	int (*conversation)(void *ud, const struct export_conversation *c);
	int (*answer)(void *ud, const struct export_answer *a);	/* questions, then competences */
	int (*remark)(void *ud, const struct remark *r);
	int (*signature)(void *ud, const struct signature *s);
	int (*conversation_end)(void *ud);
	int (*item)(void *ud, const struct item *it);
	int (*update)(void *ud, const struct item_update *u);
	int (*item_end)(void *ud);
	int (*dossier_end)(void *ud);
	int (*chunk_end)(void *ud);	/* a round of dossiers is complete */
	/* after the signatures: the second assessor's moves (issue 17) */
	int (*review_event)(void *ud, const struct export_review_event *e);
};

/* Counts what the export will hold and writes its audit row (entity
 * "export", entity_id the cycle or 0; action: "cycle" or "personal";
 * detail: format, filters, counts, via) in one transaction, before any
 * of it leaves.  actor 0: gesprekctl. */
int export_begin(struct db *db, int64_t actor, const struct export_filter *f,
    const char *format, const char *via, struct export_counts *out);
/* Reads the export in one consistent snapshot (one transaction), a round
 * of dossiers at a time, and hands it to the sink. */
int export_run(struct db *db, const struct export_filter *f, const struct export_sink *sink,
    void *ud);

#endif
