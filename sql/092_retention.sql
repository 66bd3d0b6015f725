-- 092_retention.sql -- retention and deletion (issue 18): when a person's
-- employment ended, a legal hold per person, and the log of what
-- `gesprekctl retention --apply` deleted.
--
-- inactive_since: the day an employee stopped being active.  The leaving
-- date (left_on, sql/056) is only there when an HR import named one; an
-- employee HR deactivated on the page had no date at all, so retention
-- could not tell when their employment ended.  Set by every write that
-- makes someone inactive (store/employee_admin.c, import.c), cleared when
-- they are active again.  The end of employment is then
-- COALESCE(left_on, inactive_since) for an inactive employee.  Rows
-- inactive before this migration take the day of their last change.
--
-- removed_at: the employee row is a pseudonymised stub (retention removed
-- the person, but a record that is kept -- a signed report of someone else
-- -- still names them as manager, author or signer): no login (a
-- placeholder of the id), no name, no e-mail, inactive.
--
-- legal_hold: one row per person on hold; while it exists retention deletes
-- nothing of theirs.  The reason is required and length-limited
-- (LEGAL_HOLD_REASON_MAX, store/retention.h); setting and lifting are
-- audited (entity employee), the row itself keeps who set it and when.
--
-- deletion_log: one row per transaction of `gesprekctl retention --apply`:
-- the rule, the kind of record, how many, the range of their ids and the
-- time.  Never content: no names, no texts.
--
-- Rerunnable: IF NOT EXISTS throughout; the backfill touches only rows
-- still without a date.
ALTER TABLE employee
  ADD COLUMN IF NOT EXISTS inactive_since DATE NULL,
  ADD COLUMN IF NOT EXISTS removed_at DATETIME NULL;

UPDATE employee SET inactive_since = DATE(updated_at)
  WHERE active = 0 AND inactive_since IS NULL;

CREATE INDEX IF NOT EXISTS employee_ended ON employee (active, inactive_since);

CREATE TABLE IF NOT EXISTS legal_hold (
  employee_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  reason       VARCHAR(500) NOT NULL,
  set_by       BIGINT UNSIGNED NULL,
  created_at   DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  CONSTRAINT legal_hold_employee FOREIGN KEY (employee_id) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS deletion_log (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  rule        VARCHAR(32) CHARACTER SET ascii NOT NULL,
  kind        VARCHAR(32) CHARACTER SET ascii NOT NULL,
  n           BIGINT UNSIGNED NOT NULL,
  first_id    BIGINT UNSIGNED NOT NULL,
  last_id     BIGINT UNSIGNED NOT NULL,
  at          DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY deletion_log_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
