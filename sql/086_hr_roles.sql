-- 086_hr_roles.sql -- HR split into administrator, advisor and auditor
-- (issue 17), and the read audit.
--
-- hr_advisor_department: the departments an HR advisor (a member of
-- gesprek.conf's hr_advisor_group) reads the content of; each covers its
-- sub-departments too (department_ancestor, sql/064).  An HR administrator
-- maintains it on the department page (store/department.c).  Members of
-- hr_group (and employee.is_hr) are advisors of every department and need
-- no rows here.
--
-- read_audit: every read of a dossier, conversation, export or people list
-- by an HR advisor or a second assessor (store/audit.h audit_read): who
-- (reader_id), what (kind, object_id and, for a list or an export, `what`
-- naming what it held), when (at).  At most one row per reader, object and
-- day: the unique key read_audit_once, written with INSERT IGNORE, so a
-- page read again the same day costs no new row.  `day` is the UTC day.
-- dossier_id names the dossier read (a dossier, or a conversation's), for
-- the employee's own view of who read their dossier; NULL for exports and
-- lists, which name their contents in `what`.  reader_id has no foreign key
-- on purpose: the record must outlive what retention does to employees.
-- Rerunnable: IF NOT EXISTS.

CREATE TABLE IF NOT EXISTS hr_advisor_department (
  employee_id    BIGINT UNSIGNED NOT NULL,
  department_id  BIGINT UNSIGNED NOT NULL,
  created_at     DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (employee_id, department_id),
  KEY hr_advisor_department_dep (department_id),
  CONSTRAINT hr_advisor_department_employee FOREIGN KEY (employee_id) REFERENCES employee (id)
    ON DELETE CASCADE,
  CONSTRAINT hr_advisor_department_department FOREIGN KEY (department_id)
    REFERENCES department (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS read_audit (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  reader_id   BIGINT UNSIGNED NOT NULL,
  kind        ENUM('dossier','conversation','export','people') NOT NULL,
  object_id   BIGINT UNSIGNED NOT NULL,
  what        VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  day         DATE NOT NULL,
  dossier_id  BIGINT UNSIGNED NULL,
  at          DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY read_audit_once (reader_id, kind, object_id, what, day),
  KEY read_audit_dossier (dossier_id, at),
  KEY read_audit_at (at),
  CONSTRAINT read_audit_dossier FOREIGN KEY (dossier_id) REFERENCES dossier (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
