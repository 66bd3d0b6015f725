-- 056_hr_export.sql -- what an HR system's export brings: the employee
-- number, the leaving date and the column mapping HR chose once.
--
-- employee_number is the key AFAS Profit and Nmbrs give a person
-- (Medewerker, Personeelsnummer); an import without a login column finds
-- an existing employee by it.  NULL for everyone until an import names
-- one; unique when given.  left_on is the leaving date (Datum uit dienst):
-- from that day the person is not active (the import deactivates one whose
-- date has come; `gesprekctl purge` deactivates the others on the day).
-- import_mapping holds, per field of ours, the header of the HR export
-- that holds it (the mapping section of /admin/import).  Every statement
-- can run again after a failure halfway.
ALTER TABLE employee
  ADD COLUMN IF NOT EXISTS employee_number VARCHAR(32) CHARACTER SET ascii COLLATE ascii_general_ci NULL,
  ADD COLUMN IF NOT EXISTS left_on DATE NULL;
CREATE UNIQUE INDEX IF NOT EXISTS employee_number ON employee (employee_number);
CREATE INDEX IF NOT EXISTS employee_leaving ON employee (active, left_on);

CREATE TABLE IF NOT EXISTS import_mapping (
  field       VARCHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  header      VARCHAR(100) NOT NULL,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP()
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
