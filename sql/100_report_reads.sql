-- 100_report_reads.sql -- what the report pages read by key instead of
-- summing, scanning or sorting per view (issue 21).
--
-- 1. department_tree_staff: the kept headcounts of each department's whole
-- subtree (fcgi/store/headcount.h).
--
-- department_staff (sql/082) holds a department's OWN active employees
-- (cycle 0) and those of them with a dossier of each cycle, and "without a
-- dossier" in HR's scope or a department's with its sub-departments summed
-- them over every department of the scope at read time: two rows per
-- department, 2,244 at 100,000 employees for HR's overview.  This table
-- holds the same counts per department for its own employees and every
-- descendant's, kept by the writes that keep department_staff (a
-- department's recount passes its change on to its ancestors; a cycle's
-- recount and the rebuild refill from department_staff and the stored
-- ancestors, sql/064; a re-parented department moves its subtree's counts),
-- so the overview reads its scope's roots by key.  Department 0 (the
-- employees without one) has no ancestors: its own rows stay in
-- department_staff.
--
-- No slots as department_tree_summary has: the counts change when an
-- employee or a dossier comes, goes or moves, not on a saving POST.
--
-- Filled here from department_staff; `gesprekctl rebuild-summaries`
-- refills it and `gesprekctl verify --summaries` recounts it.  Rerunnable:
-- IF NOT EXISTS, and the fill replaces what is there.
CREATE TABLE IF NOT EXISTS department_tree_staff (
  cycle_id      BIGINT UNSIGNED NOT NULL,
  department_id BIGINT UNSIGNED NOT NULL,
  n             BIGINT NOT NULL,
  created_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  -- The reads go by department (a scope's roots: its active employees and
  -- those with a dossier of the cycle); a cycle's recount by the cycle.
  PRIMARY KEY (department_id, cycle_id),
  KEY department_tree_staff_cycle (cycle_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELETE FROM department_tree_staff;
INSERT INTO department_tree_staff (cycle_id, department_id, n)
  SELECT t.cycle_id, a.up, SUM(t.n)
  FROM department_staff t JOIN department_ancestor a ON a.dep = t.department_id
  GROUP BY t.cycle_id, a.up;

-- 2. The cycle list, newest first (store/cycle.c), on every report and
-- admin page: read backwards along this key instead of sorting the cycles.
ALTER TABLE cycle ADD KEY IF NOT EXISTS cycle_starts (starts_on, id);

-- 3. The people without a dossier (store/report.c: they have no summary
-- row), a page at a time in name order: the active employees read along
-- this key, each looked up in the cycle's dossiers, until the page is
-- full -- instead of every employee read and sorted by name (100,366 rows
-- and a filesort per page at 100,000 employees; 287 for a page of 50).
ALTER TABLE employee ADD KEY IF NOT EXISTS employee_active_name (active, name, id);
