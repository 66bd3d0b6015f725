-- 075_department_sums_per_state.sql -- the department sums without the
-- manager (issue 21; fcgi/store/summary.h).  Keyed by (cycle, department,
-- manager, ...), a cycle of 90,000 dossiers held 147,603 sum rows -- about
-- one per dossier manager and state -- and HR's statements read them all.
-- HR and a department need the sums per department and state only; a
-- manager's overview reads their own dossiers' facts (dossier_summary) by
-- the (cycle, manager, ...) key below instead, a team's few rows.  The due
-- date stays where "overdue" needs it: the not-held conversations (the
-- others already carry the one SUMMARY_NO_DUE, summary.c).
--
-- The sums are summed again from the dossiers' facts, which this does not
-- change: what `gesprekctl rebuild-summaries` would give, without its
-- recount of every conversation and item.  A dossier's own rows are not
-- touched, so no write is lost between the DELETE and the INSERT: the
-- migration runs before gesprekd serves (its pre-start step, README
-- "Upgrading").
DELETE FROM department_cycle_summary;
ALTER TABLE department_cycle_summary
  DROP KEY IF EXISTS department_cycle_summary_manager_kind,
  DROP PRIMARY KEY,
  DROP COLUMN IF EXISTS manager_id,
  ADD PRIMARY KEY (cycle_id, department_id, kind, type, state, value, due_on);
INSERT INTO department_cycle_summary
  (cycle_id, department_id, kind, type, state, value, due_on, n)
  SELECT cycle_id, department_id, kind, type, state, value, due_on, SUM(n)
  FROM dossier_summary
  GROUP BY cycle_id, department_id, kind, type, state, value, due_on
  HAVING SUM(n) <> 0;
-- A manager's overview groups their facts by type (conversations) and by
-- value (ratings), optionally within a department: this key hands them
-- over in that order from the index alone.  It replaces 073's key of the
-- same name, its prefix, so the lists that read by it keep their plans and
-- a refresh writes as many keys as before.
ALTER TABLE dossier_summary
  DROP KEY IF EXISTS dossier_summary_manager,
  ADD KEY dossier_summary_manager
    (cycle_id, manager_id, kind, type, state, value, due_on, department_id, n);
