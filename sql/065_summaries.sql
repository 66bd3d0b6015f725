-- 065_summaries.sql -- the counts of HR's overview kept by the writes (issue 21).
--
-- dossier_summary holds, per dossier, the facts the overview counts about
-- it (one row per kind/type/state/value/due date, with how many); the
-- department_cycle_summary holds their sums per (cycle, department of the
-- employee, manager of the dossier), for that department's OWN dossiers
-- only, so that a write never touches a parent department's row.  What the
-- columns mean is written down in fcgi/store/summary.h.  Both are kept by
-- every store write that changes a counted fact, in the same transaction
-- (fcgi/store/summary.c); `gesprekctl migrate` fills them after this
-- migration (gesprekctl rebuild-summaries), and `gesprekctl verify
-- --summaries` recounts them.  No foreign keys: a deleted dossier's facts
-- are taken out of its department's sums by the same refresh that removes
-- them, which a cascade would pre-empt.  No version column: no form edits
-- these rows; every change is an increment inside the writing transaction.
CREATE TABLE IF NOT EXISTS dossier_summary (
  dossier_id    BIGINT UNSIGNED NOT NULL,
  cycle_id      BIGINT UNSIGNED NOT NULL,
  employee_id   BIGINT UNSIGNED NOT NULL,
  department_id BIGINT UNSIGNED NOT NULL,
  manager_id    BIGINT UNSIGNED NOT NULL,
  kind          VARCHAR(16) CHARACTER SET ascii NOT NULL,
  type          VARCHAR(16) CHARACTER SET ascii NOT NULL,
  state         VARCHAR(16) CHARACTER SET ascii NOT NULL,
  value         INT NOT NULL,
  due_on        DATE NOT NULL,
  n             BIGINT NOT NULL,
  created_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (dossier_id, kind, type, state, value, due_on),
  KEY dossier_summary_cycle (cycle_id),
  KEY dossier_summary_employee (employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS department_cycle_summary (
  cycle_id      BIGINT UNSIGNED NOT NULL,
  department_id BIGINT UNSIGNED NOT NULL,
  -- DEFAULT 0: a gesprekctl that knows 075 (which drops this column) writes
  -- these rows without it when a migration runs in steps, before 075.
  manager_id    BIGINT UNSIGNED NOT NULL DEFAULT 0,
  kind          VARCHAR(16) CHARACTER SET ascii NOT NULL,
  type          VARCHAR(16) CHARACTER SET ascii NOT NULL,
  state         VARCHAR(16) CHARACTER SET ascii NOT NULL,
  value         INT NOT NULL,
  due_on        DATE NOT NULL,
  n             BIGINT NOT NULL,
  created_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (cycle_id, department_id, manager_id, kind, type, state, value, due_on),
  KEY department_cycle_summary_manager (cycle_id, manager_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
