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
-- happened, the later note is the one that was meant to stay.
DELETE u FROM item_update u JOIN item_update k ON k.item_id = u.item_id
  AND k.conversation_id = u.conversation_id AND k.author_id = u.author_id AND k.id > u.id;
ALTER TABLE item_update ADD UNIQUE KEY IF NOT EXISTS item_update_once (item_id, conversation_id, author_id);
ALTER TABLE item_update DROP KEY IF EXISTS item_update_item;

-- A manager's active reports by name (the team on the dashboard, the
-- people who may be responsible for an item, "has reports").
ALTER TABLE employee ADD KEY IF NOT EXISTS employee_manager_active (manager_id, active, name);
ALTER TABLE employee DROP KEY IF EXISTS employee_manager;

-- A manager's open dossiers (the dashboard's team and to-do list).
ALTER TABLE dossier ADD KEY IF NOT EXISTS dossier_manager_status (manager_id, status);
ALTER TABLE dossier DROP KEY IF EXISTS dossier_manager;
