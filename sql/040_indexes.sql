-- 040_indexes.sql -- indexes that let the pages read their rows in the order
-- they show them, without a temporary table or a sort (EXPLAIN of each page
-- query: tests/bench/run and the README's Benchmark section), and one note
-- per item, conversation and author enforced by the database.

-- The items of a dossier by kind (the ENUM's order: result, development,
-- action), then id: the conversation form's sections.
ALTER TABLE item ADD KEY IF NOT EXISTS item_dossier_kind (dossier_id, kind);
ALTER TABLE item DROP KEY IF EXISTS item_dossier;

-- One note per item, conversation and author: a later save of the same
-- author replaces it (INSERT ... ON DUPLICATE KEY UPDATE), so two saves at
-- the same moment can no longer leave two notes.  Where that already
-- happened, the later note stays in item_update; each older one is kept,
-- whole, in set_aside (the same table as 058_set_aside.sql, made here
-- because this is where it is first needed) before it leaves item_update.
-- gesprekctl migrate prints how many (a set_aside row per note, keyed by
-- migration, table and id: a rerun keeps each once) and gesprekctl
-- set-aside lists them, so a person can read them and decide.
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
INSERT IGNORE INTO set_aside (migration, source_table, source_id, row_data, reason)
  SELECT '040_indexes', 'item_update', u.id,
         JSON_OBJECT('id', u.id, 'item_id', u.item_id, 'conversation_id', u.conversation_id,
                     'author_id', u.author_id, 'status', u.status, 'note', u.note,
                     'rating', u.rating, 'version', u.version,
                     'created_at', u.created_at, 'updated_at', u.updated_at,
                     'kept_note_id', (SELECT MAX(k.id) FROM item_update k
                                      WHERE k.item_id = u.item_id
                                        AND k.conversation_id = u.conversation_id
                                        AND k.author_id = u.author_id)),
         'two notes by one author on one conversation'
  FROM item_update u
  WHERE EXISTS (SELECT 1 FROM item_update k WHERE k.item_id = u.item_id
                  AND k.conversation_id = u.conversation_id AND k.author_id = u.author_id
                  AND k.id > u.id);
DELETE u FROM item_update u JOIN set_aside a ON a.migration = '040_indexes'
  AND a.source_table = 'item_update' AND a.source_id = u.id;
ALTER TABLE item_update ADD UNIQUE KEY IF NOT EXISTS item_update_once (item_id, conversation_id, author_id);
ALTER TABLE item_update DROP KEY IF EXISTS item_update_item;

-- A manager's active reports by name (the team on the dashboard, the
-- people who may be responsible for an item, "has reports").
ALTER TABLE employee ADD KEY IF NOT EXISTS employee_manager_active (manager_id, active, name);
ALTER TABLE employee DROP KEY IF EXISTS employee_manager;

-- A manager's open dossiers (the dashboard's team and to-do list).
ALTER TABLE dossier ADD KEY IF NOT EXISTS dossier_manager_status (manager_id, status);
ALTER TABLE dossier DROP KEY IF EXISTS dossier_manager;
