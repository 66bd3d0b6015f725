-- 073_summary_lists.sql -- the people lists behind the report's numbers
-- read the dossiers' facts (issue 21; the lists of
-- fcgi/store/report_summary.c) by index: HR's by cycle and kind, a
-- manager's by cycle and manager, a department's by cycle and department,
-- each a range of one key instead of every fact of the cycle (or, before,
-- a recount of the cycle's conversations and items).  Each refresh writes
-- a dossier's few facts, so three keys cost a write little.
-- Rerunnable: IF NOT EXISTS.
ALTER TABLE dossier_summary
  ADD KEY IF NOT EXISTS dossier_summary_list (cycle_id, kind, type, state, value, due_on),
  ADD KEY IF NOT EXISTS dossier_summary_manager (cycle_id, manager_id, kind, type, state),
  ADD KEY IF NOT EXISTS dossier_summary_department (cycle_id, department_id, kind, type, state);
