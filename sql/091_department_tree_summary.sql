-- 091_department_tree_summary.sql -- the sums of each department's whole
-- subtree (issue 21; fcgi/store/summary.h has the design).
--
-- department_cycle_summary holds a department's OWN dossiers' sums, and
-- HR's overview summed them per department of the level shown at read
-- time: at 100,000 employees 19 k rows for the per-department table and
-- 66 k for the distributions, per view.  This table holds, per department,
-- the sums of its own dossiers and of every descendant's, written by the
-- same refresh that writes the own sums (one statement per changed sum
-- over the stored ancestors, sql/064), so HR's statements read the level's
-- departments' rows by key.
--
-- slot = dossier id % SUMMARY_TREE_SLOTS (8, store/summary.h): a top
-- department's row takes every write of its subtree; on Galera one row
-- would be a certification hot spot, so the writes of one subtree spread
-- over 8 rows and a read sums them.  The slot comes last in the key, so a
-- read of one kind of a department is a range of the key.
--
-- Filled here from the dossiers' facts (dossier_summary, which knows the
-- dossier and so the slot) and the stored ancestors; `gesprekctl
-- rebuild-summaries` refills it and `gesprekctl verify --summaries`
-- recounts it from the own sums and the ancestors.  Rerunnable: IF NOT
-- EXISTS, and the fill replaces what is there.  Like the own sums, no
-- foreign keys and no version: every change is an increment inside the
-- writing transaction.
CREATE TABLE IF NOT EXISTS department_tree_summary (
  cycle_id      BIGINT UNSIGNED NOT NULL,
  department_id BIGINT UNSIGNED NOT NULL,
  kind          VARCHAR(16) CHARACTER SET ascii NOT NULL,
  type          VARCHAR(16) CHARACTER SET ascii NOT NULL,
  state         VARCHAR(16) CHARACTER SET ascii NOT NULL,
  value         INT NOT NULL,
  due_on        DATE NOT NULL,
  slot          TINYINT UNSIGNED NOT NULL,
  n             BIGINT NOT NULL,
  created_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (cycle_id, department_id, kind, type, state, value, due_on, slot)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELETE FROM department_tree_summary;
INSERT INTO department_tree_summary
  (cycle_id, department_id, kind, type, state, value, due_on, slot, n)
  SELECT f.cycle_id, a.up, f.kind, f.type, f.state, f.value, f.due_on, f.dossier_id % 8,
         SUM(f.n)
  FROM dossier_summary f JOIN department_ancestor a ON a.dep = f.department_id
  GROUP BY f.cycle_id, a.up, f.kind, f.type, f.state, f.value, f.due_on, f.dossier_id % 8
  HAVING SUM(f.n) <> 0;
