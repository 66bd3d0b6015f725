-- 057_import_preview.sql -- an import file kept between its dry run and its apply.
--
-- HR applies exactly the file they previewed, without choosing it again: the
-- dry run keeps the upload here under a random token (only its SHA-256 is
-- stored, as for sessions), for the importer alone, for an hour.  Applying
-- checks owner, expiry and the file's SHA-256 inside the apply transaction,
-- rebuilds the plan against the database as it is then, and deletes the row.
-- deactivate_sha256 is the digest of who the previewed plan deactivated: a
-- plan that deactivates others when applied is shown again, not applied.
-- data is at most [limits] upload bytes (gesprekd refuses larger uploads).
CREATE TABLE IF NOT EXISTS import_preview (
  token_sha256       BINARY(32) NOT NULL PRIMARY KEY,
  employee_id        BIGINT UNSIGNED NOT NULL,
  file_sha256        BINARY(32) NOT NULL,
  deactivate_sha256  BINARY(32) NOT NULL,
  data               LONGBLOB NOT NULL,
  created_at         DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  expires_at         DATETIME NOT NULL,
  KEY import_preview_owner (employee_id),
  KEY import_preview_expiry (expires_at),
  CONSTRAINT import_preview_employee FOREIGN KEY (employee_id) REFERENCES employee (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
