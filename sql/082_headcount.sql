-- 082_headcount.sql -- the counts of people the report pages show, kept by
-- the writes (issue 21; fcgi/store/headcount.h) instead of counted over a
-- cycle's dossiers or every employee on each view.
--
-- cycle_dossier_count: per cycle, its dossiers per status (open, closed,
-- left): the cycle list of every report and admin page, and the number
-- its confirmations name.
--
-- department_staff: per department (0: employees without one) the active
-- employees (cycle_id 0) and, per cycle, the active employees that have a
-- dossier of it, of any status.  "Without a dossier" in a scope is then the
-- difference of two sums over the scope's departments -- an index range of
-- about two rows per department -- not a look at every employee.  A
-- department's rows are its own employees only; sub-departments are summed
-- at read time over the stored ancestors (sql/064), as the other sums.
--
-- Filled here from the rows; `gesprekctl rebuild-summaries` recounts both
-- and `gesprekctl verify --summaries` compares them with a recount.
-- Rerunnable: IF NOT EXISTS, and the fills replace what is there.

CREATE TABLE IF NOT EXISTS cycle_dossier_count (
  cycle_id    BIGINT UNSIGNED NOT NULL,
  status      VARCHAR(16) CHARACTER SET ascii NOT NULL,
  n           BIGINT NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (cycle_id, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS department_staff (
  cycle_id      BIGINT UNSIGNED NOT NULL,
  department_id BIGINT UNSIGNED NOT NULL,
  n             BIGINT NOT NULL,
  created_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (cycle_id, department_id),
  -- A department's recount (a move, a (de)activation) rewrites its rows.
  KEY department_staff_department (department_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELETE FROM cycle_dossier_count;
INSERT INTO cycle_dossier_count (cycle_id, status, n)
  SELECT cycle_id, status, COUNT(*) FROM dossier GROUP BY cycle_id, status;

DELETE FROM department_staff;
INSERT INTO department_staff (cycle_id, department_id, n)
  SELECT 0, COALESCE(department_id, 0), COUNT(*) FROM employee WHERE active = 1
  GROUP BY COALESCE(department_id, 0);
INSERT INTO department_staff (cycle_id, department_id, n)
  SELECT d.cycle_id, COALESCE(e.department_id, 0), COUNT(*)
  FROM dossier d JOIN employee e ON e.id = d.employee_id
  WHERE e.active = 1 GROUP BY d.cycle_id, COALESCE(e.department_id, 0);
