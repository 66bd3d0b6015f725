-- 067_joiner_dismissed.sql -- joiners HR chose not to add to a running
-- cycle (issue 15).
--
-- The HR cycle page lists every active employee of a started department
-- without a dossier in the cycle as a joiner to confirm.  Some never should
-- get one (a temp, someone who joined a month before the assessment), and
-- they stayed listed for the rest of the cycle.  A row here takes one
-- person off that list for one cycle; the dismissal itself is audited.
-- Deleting the employee or the cycle removes the row with it.

CREATE TABLE IF NOT EXISTS joiner_dismissed (
  cycle_id     BIGINT UNSIGNED NOT NULL,
  employee_id  BIGINT UNSIGNED NOT NULL,
  created_at   DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (cycle_id, employee_id),
  KEY joiner_dismissed_employee (employee_id),
  CONSTRAINT joiner_dismissed_cycle FOREIGN KEY (cycle_id) REFERENCES cycle (id)
    ON DELETE CASCADE,
  CONSTRAINT joiner_dismissed_employee FOREIGN KEY (employee_id) REFERENCES employee (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
