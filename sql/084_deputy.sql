-- 084_deputy.sql -- deputies (vervangers) and who signed as one (issue 17).
--
-- 1. deputy: a manager (or HR for them) appoints another employee to act
--    as the manager on the manager's dossiers for a period: starts_on to
--    ends_on, both days included, as dates of the configured time zone
--    (site.timezone: the day a manager means when they type it).
--    employee_id names the one report it covers; NULL: every report of the
--    manager.  ended_at/ended_by: the appointment was ended early (it then
--    counts for nothing, whatever its dates).  fcgi/store/deputy.c writes
--    it; the rule of "during the period" is fcgi/rules/deputy.c.
-- 2. deputy_use: the days on which a deputy wrote in a dossier under an
--    appointment.  The first write of a day inserts the row and audits the
--    use; later writes of that day find it (INSERT IGNORE): one audit row a
--    day, not one a keystroke.
-- 3. signature.deputy_of: the manager on whose behalf a deputy signed
--    (NULL: the signer signed for themself).  The signed snapshot shows it.
--
-- Every statement finds its own work done on a rerun.

CREATE TABLE IF NOT EXISTS deputy (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  manager_id   BIGINT UNSIGNED NOT NULL,
  deputy_id    BIGINT UNSIGNED NOT NULL,
  employee_id  BIGINT UNSIGNED NULL,
  starts_on    DATE NOT NULL,
  ends_on      DATE NOT NULL,
  created_by   BIGINT UNSIGNED NOT NULL,
  ended_at     DATETIME NULL,
  ended_by     BIGINT UNSIGNED NULL,
  version      INT UNSIGNED NOT NULL DEFAULT 1,
  created_at   DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at   DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY deputy_acting (deputy_id, ends_on),
  KEY deputy_manager (manager_id, ends_on),
  CONSTRAINT deputy_manager FOREIGN KEY (manager_id) REFERENCES employee (id),
  CONSTRAINT deputy_deputy FOREIGN KEY (deputy_id) REFERENCES employee (id),
  CONSTRAINT deputy_employee FOREIGN KEY (employee_id) REFERENCES employee (id),
  CONSTRAINT deputy_created_by FOREIGN KEY (created_by) REFERENCES employee (id),
  CONSTRAINT deputy_ended_by FOREIGN KEY (ended_by) REFERENCES employee (id),
  CONSTRAINT deputy_period CHECK (ends_on >= starts_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS deputy_use (
  deputy_id   BIGINT UNSIGNED NOT NULL,
  used_on     DATE NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (deputy_id, used_on),
  CONSTRAINT deputy_use_deputy FOREIGN KEY (deputy_id) REFERENCES deputy (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE signature
  ADD COLUMN IF NOT EXISTS deputy_of BIGINT UNSIGNED NULL AFTER role;
ALTER TABLE signature
  ADD CONSTRAINT signature_deputy_of FOREIGN KEY IF NOT EXISTS (deputy_of)
    REFERENCES employee (id);
