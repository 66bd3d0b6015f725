-- 095_directory_sync.sql -- the result of each `gesprekctl sync` (issue 19):
-- the organisation read from the directory (LDAP) and applied as an import.
--
-- One row per sync that was meant to write (a --dry-run writes nothing,
-- not even here): when it started and ended, how it ended (applied; refused
-- by the deactivation guard; failed: the directory could not be read, or
-- the plan had problems), what it read (entries, pages of the paged search)
-- and what it changed (the import's counts), and the one-line error.  HR
-- sees the newest on the import page; the organisation changes themselves
-- are in the audit trail as for every import.  `gesprekctl sync` keeps the
-- newest SYNC_HISTORY_MAX rows (store/directory_sync.h) and deletes older
-- ones in the same transaction, so the table stays small under a nightly
-- timer.  No personal data: counts and the error text (which names the
-- directory, never a person).
CREATE TABLE IF NOT EXISTS directory_sync (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  started_at    DATETIME NOT NULL,
  finished_at   DATETIME NOT NULL,
  outcome       ENUM('applied', 'refused', 'failed') NOT NULL,
  entries       INT UNSIGNED NOT NULL DEFAULT 0,
  pages         INT UNSIGNED NOT NULL DEFAULT 0,
  added         INT UNSIGNED NOT NULL DEFAULT 0,
  changed       INT UNSIGNED NOT NULL DEFAULT 0,
  deactivated   INT UNSIGNED NOT NULL DEFAULT 0,
  departments   INT UNSIGNED NOT NULL DEFAULT 0,
  error         VARCHAR(500) NOT NULL DEFAULT '',
  created_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY directory_sync_newest (finished_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
