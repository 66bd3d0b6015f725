-- 041_page_stamps.sql -- numbers that tell gesprekd whether a page it
-- rendered before may be sent again without reading its rows (the page
-- cache, fcgi/xml/pagecache.h).  One row per
--   kind 'p', ref an employee: moves with every change to what the pages of
--                              a dossier the employee has, or holds as its
--                              manager, show (conversations, items, notes,
--                              remarks, signatures, snapshots): their
--                              dashboard and those dossiers' pages, in one
--                              number read with their session (a reader such
--                              as HR reads the number of the dossier's
--                              employee);
--   kind 'a', ref 0:           moves with every other change: employees,
--                              departments, cycles, organisation and
--                              collective goals, dossiers made or moved.
-- A missing row counts as 0.  They move in the transaction of the change,
-- next to its audit row (fcgi/store/audit.c, stamp.c), so every gesprekd on
-- the database sees them at once.  Nothing refers to this table and it
-- refers to nothing: a change takes its row locks last, after the shared
-- locks of its foreign keys, without ever waiting on a row it reads.
CREATE TABLE IF NOT EXISTS page_stamp (
  kind        CHAR(1) CHARACTER SET ascii NOT NULL,
  ref         BIGINT UNSIGNED NOT NULL,
  stamp       BIGINT UNSIGNED NOT NULL DEFAULT 0,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (kind, ref)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
