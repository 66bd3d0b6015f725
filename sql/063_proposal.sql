-- 063_proposal.sql -- unfinished goals and development points of an
-- employee's previous cycle, offered in the new cycle's goal setting
-- (issue 15).
--
-- When a dossier is made (a cycle start, a joiner), every result goal and
-- development point of the employee's previous dossier that is still open,
-- on track or at risk becomes a proposal on the new dossier's goal-setting
-- conversation: the source item's text, copied, and where it came from.
-- It is no item yet.  Employee or manager accepts it (the store then makes
-- the item and links it here: item_id) or drops it, while the goal setting
-- is planned or being prepared.  The state check is in the write
-- (UPDATE ... WHERE status = 'proposed'), so a second accept finds nothing
-- to change and makes no second item.
--
-- proposal_once: a source item is proposed once per conversation, however
-- often the carry runs.  A proposal lives and dies with its conversation
-- (ON DELETE CASCADE).  An accepted proposal whose item is deleted later
-- (one added by mistake may be) keeps its decision, with item_id NULL.
-- source_item_id and source_cycle_id have no foreign key on purpose: they
-- are provenance, and must not stop anything the older cycle's retention
-- does to its rows.
CREATE TABLE IF NOT EXISTS proposal (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  source_item_id   BIGINT UNSIGNED NOT NULL,
  source_cycle_id  BIGINT UNSIGNED NOT NULL,
  source_status    ENUM('open','on_track','at_risk') NOT NULL,
  kind             ENUM('result','development') NOT NULL,
  title            VARCHAR(200) NOT NULL,
  measure          TEXT NULL,
  status           ENUM('proposed','accepted','dropped') NOT NULL DEFAULT 'proposed',
  item_id          BIGINT UNSIGNED NULL,
  decided_by       BIGINT UNSIGNED NULL,
  decided_at       DATETIME NULL,
  version          INT UNSIGNED NOT NULL DEFAULT 1,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY proposal_once (conversation_id, source_item_id),
  UNIQUE KEY proposal_item (item_id),
  CONSTRAINT proposal_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id)
    ON DELETE CASCADE,
  CONSTRAINT proposal_item FOREIGN KEY (item_id) REFERENCES item (id) ON DELETE SET NULL,
  CONSTRAINT proposal_decided_by FOREIGN KEY (decided_by) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
