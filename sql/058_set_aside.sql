-- 058_set_aside.sql -- rows a migration took out of the way, kept for people.
--
-- A migration never deletes people's data silently.  Where a rule change
-- makes rows invalid, the migration copies each such row here, whole (its
-- columns as a JSON object in row_data), with its own name, the table it
-- came from and why, before it takes the row out of that table.  After a
-- migration, gesprekctl migrate prints how many rows it kept here and why;
-- gesprekctl set-aside lists them, for HR to read and decide (type the
-- text again, or leave it).  A row is kept once per migration, table and
-- id, so a migration that is run again does not keep it twice.
--
-- 040_indexes makes this table where it is first needed; here every schema
-- gets it, also one that applied an older 040 (which deleted the older of
-- two notes by one author without keeping it).  The statement is the same
-- in both files, so the schema is the same whichever made the table.
CREATE TABLE IF NOT EXISTS set_aside (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  migration     VARCHAR(128) NOT NULL,
  source_table  VARCHAR(64) NOT NULL,
  source_id     BIGINT UNSIGNED NOT NULL,
  row_data      MEDIUMTEXT NOT NULL,
  reason        VARCHAR(255) NOT NULL,
  created_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY set_aside_once (migration, source_table, source_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
