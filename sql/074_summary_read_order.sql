-- 074_summary_read_order.sql -- the overview's sums read by what they
-- count (issue 21; fcgi/store/report_summary.c).  The primary key of
-- department_cycle_summary leads with the department, so HR's totals,
-- ratings and conversation counts read every row of the cycle (every
-- department, manager, kind and due date) and grouped them through a
-- temporary table.  These keys lead with the cycle (and for a manager's
-- overview the manager) and the kind, then the columns the statements
-- group by, and hold n (InnoDB adds the primary key's department and
-- manager to every secondary key), so each statement reads only its
-- kind's rows, in the order it groups them, from the index alone.  The
-- manager's key replaces 065's (cycle_id, manager_id), its prefix, so a
-- refresh keeps writing the same number of keys.
-- Rerunnable: IF NOT EXISTS / IF EXISTS.
ALTER TABLE department_cycle_summary
  ADD KEY IF NOT EXISTS department_cycle_summary_kind
    (cycle_id, kind, type, state, value, due_on, n),
  ADD KEY IF NOT EXISTS department_cycle_summary_manager_kind
    (cycle_id, manager_id, kind, type, state, value, due_on, n),
  DROP KEY IF EXISTS department_cycle_summary_manager;
