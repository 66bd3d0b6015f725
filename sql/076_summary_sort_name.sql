-- 076_summary_sort_name.sql -- the people lists page by name from the
-- index (issue 21; the lists of fcgi/store/report_summary.c).  Before,
-- each list joined every fact of its number to the employee for the name
-- and sorted them all (temporary table and filesort: 1.2 s at 100,000
-- employees) to show 200 of them.  The facts now carry the name the lists
-- sort by (the employee's name, in employee.name's collation; kept by
-- every refresh, and by a rename in its own write, store/summary.c), and
-- these keys hand a list's facts over in (name, employee) order after the
-- values a list fixes -- cycle, kind, type, value; for a manager the
-- manager, for a department the department -- so a page is a range that
-- starts after the last person of the page before (a keyset) and stops
-- after one page.  A department with its sub-departments is several
-- departments: its list reads the first key in name order and keeps the
-- facts of the subtree.  The state, due date, department, manager and count
-- follow, so a list filters and sums its facts from the index alone.
-- They replace two of sql/073's keys (each a prefix of one of these but
-- for the due date, which no list ranges on); dossier_summary_manager, as
-- sql/075 widened it, stays: a manager's overview sums their facts from it
-- in group order.  `gesprekctl migrate` rebuilds the summaries
-- after the run that applies this (ctl_summary_after_migrate), which fills
-- the column.
-- Rerunnable: IF NOT EXISTS / IF EXISTS.
ALTER TABLE dossier_summary
  ADD COLUMN IF NOT EXISTS sort_name VARCHAR(200) NOT NULL DEFAULT '' AFTER employee_id,
  ADD KEY IF NOT EXISTS dossier_summary_by_name
    (cycle_id, kind, type, value, sort_name, employee_id, state, due_on, department_id,
     manager_id, n),
  ADD KEY IF NOT EXISTS dossier_summary_manager_by_name
    (cycle_id, manager_id, kind, type, value, sort_name, employee_id, state, due_on,
     department_id, n),
  ADD KEY IF NOT EXISTS dossier_summary_department_by_name
    (cycle_id, department_id, kind, type, value, sort_name, employee_id, state, due_on,
     manager_id, n),
  DROP KEY IF EXISTS dossier_summary_list,
  DROP KEY IF EXISTS dossier_summary_department;
