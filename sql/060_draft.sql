-- 060_draft.sql -- what a person typed when their session had ended.
--
-- A form sent after the session's idle or absolute limit is not written:
-- its declared fields are kept here against the person the ended session
-- belonged to (never against the session: it is gone at the next login),
-- and put back into the same form after the next login, unsaved.  One row
-- per person and page (a newer one replaces it); kept for at most a day
-- (expires_at), deleted when restored.  `fields` holds the form's declared
-- fields as name NUL value NUL pairs, bounded by the store (DRAFT_BYTES_MAX,
-- fcgi/store/draft.h); no password or CSRF token is ever in it.
CREATE TABLE IF NOT EXISTS draft (
  employee_id  BIGINT UNSIGNED NOT NULL,
  page         VARCHAR(255) CHARACTER SET ascii NOT NULL,
  form         VARCHAR(32) CHARACTER SET ascii NOT NULL,
  action       VARCHAR(255) CHARACTER SET ascii NOT NULL,
  fields       BLOB NOT NULL,
  created_at   DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  expires_at   DATETIME NOT NULL,
  PRIMARY KEY (employee_id, page),
  KEY draft_expires (expires_at),
  CONSTRAINT draft_employee FOREIGN KEY (employee_id) REFERENCES employee (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
