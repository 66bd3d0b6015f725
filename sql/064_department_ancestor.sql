-- 064_department_ancestor.sql -- every department's ancestors, stored
-- (issue 21): one row (up, dep, depth) for each department `dep` and each
-- department `up` on its path to the top, itself included at depth 0.
--
-- "This department with its sub-departments" is then the index range
-- up = ? of the primary key, and "does goal g's department contain this
-- employee's" one key lookup, instead of a recursive walk of the tree in
-- every report statement.  A closure table rather than a path string: the
-- reports join on it (each child department with its subtree's total),
-- which a LIKE on a path cannot do by index.
--
-- The store keeps it in the same transaction as every department write
-- (store/department.c, and the bulk writers import, demo and generate
-- through department_paths_rebuild); `gesprekctl verify` recounts it.
-- Rerunnable: IF NOT EXISTS and INSERT IGNORE find their work done.

CREATE TABLE IF NOT EXISTS department_ancestor (
  up     BIGINT UNSIGNED NOT NULL,
  dep    BIGINT UNSIGNED NOT NULL,
  depth  INT UNSIGNED NOT NULL,
  PRIMARY KEY (up, dep),
  KEY department_ancestor_dep (dep, up),
  CONSTRAINT department_ancestor_up FOREIGN KEY (up) REFERENCES department (id)
    ON DELETE CASCADE,
  CONSTRAINT department_ancestor_dep FOREIGN KEY (dep) REFERENCES department (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The walk stops at depth 1000 (DEPARTMENT_DEPTH_MAX in store/department.c):
-- a parent loop left by hand in old data must not make it endless.
INSERT IGNORE INTO department_ancestor (up, dep, depth)
WITH RECURSIVE walk (up, dep, depth) AS (
  SELECT id, id, 0 FROM department
  UNION ALL
  SELECT p.parent_id, w.dep, w.depth + 1 FROM walk w JOIN department p ON p.id = w.up
   WHERE p.parent_id IS NOT NULL AND w.depth < 1000)
SELECT up, dep, depth FROM walk;
