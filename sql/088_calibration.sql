-- 088_calibration.sql -- calibration (kalibratie, issue 17): HR advisors
-- and the managers of a department compare the final ratings managers have
-- proposed (assessment finalized, not yet signed by the employee) and, in
-- a calibration round, propose changes with a reason that the dossier's
-- manager accepts or rejects.  fcgi/store/calibration.h describes the
-- writes, fcgi/rules/calibration.h who may do what.
--
-- calibration_round     one round of a cycle for one department; at most
--                       one open at a time (open_key is 1 while open, NULL
--                       after: NULLs do not collide in a unique key).
-- calibration_proposal  a proposed change of a conversation's final
--                       rating with its reason; at most one waiting per
--                       conversation.  Accepted: the rating changed, and a
--                       review_event (action 'calibrate', author the
--                       proposer, the reason) is the record the employee's
--                       page and the signed snapshot show.
-- conversation.calibration  none | proposed (a proposal waits) | done
--                       (it had one): lets the conversation page skip the
--                       read for the many conversations never calibrated.
--
-- Every statement finds its own work done on a rerun.
CREATE TABLE IF NOT EXISTS calibration_round (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  cycle_id       BIGINT UNSIGNED NOT NULL,
  department_id  BIGINT UNSIGNED NOT NULL,
  status         ENUM('open','closed') NOT NULL DEFAULT 'open',
  open_key       TINYINT AS (IF(status = 'open', 1, NULL)) PERSISTENT,
  opened_by      BIGINT UNSIGNED NOT NULL,
  closed_by      BIGINT UNSIGNED NULL,
  closed_at      DATETIME NULL,
  version        BIGINT UNSIGNED NOT NULL DEFAULT 1,
  created_at     DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at     DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY calibration_round_open (cycle_id, department_id, open_key),
  KEY calibration_round_department (department_id, cycle_id, id),
  CONSTRAINT calibration_round_cycle FOREIGN KEY (cycle_id) REFERENCES cycle (id),
  CONSTRAINT calibration_round_department FOREIGN KEY (department_id) REFERENCES department (id),
  CONSTRAINT calibration_round_opened_by FOREIGN KEY (opened_by) REFERENCES employee (id),
  CONSTRAINT calibration_round_closed_by FOREIGN KEY (closed_by) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS calibration_proposal (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id         BIGINT UNSIGNED NOT NULL,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  author_id        BIGINT UNSIGNED NOT NULL,
  old_rating       SMALLINT NOT NULL,
  new_rating       SMALLINT NOT NULL,
  reason           TEXT NOT NULL,
  -- proposed: waits for the manager; expired: the round closed first
  status           ENUM('proposed','accepted','rejected','expired') NOT NULL DEFAULT 'proposed',
  open_key         TINYINT AS (IF(status = 'proposed', 1, NULL)) PERSISTENT,
  decided_by       BIGINT UNSIGNED NULL,
  decided_at       DATETIME NULL,
  decision_reason  TEXT NULL,
  version          BIGINT UNSIGNED NOT NULL DEFAULT 1,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY calibration_proposal_open (conversation_id, open_key),
  KEY calibration_proposal_round (round_id, status),
  CONSTRAINT calibration_proposal_round FOREIGN KEY (round_id) REFERENCES calibration_round (id),
  CONSTRAINT calibration_proposal_conversation FOREIGN KEY (conversation_id)
    REFERENCES conversation (id) ON DELETE CASCADE,
  CONSTRAINT calibration_proposal_author FOREIGN KEY (author_id) REFERENCES employee (id),
  CONSTRAINT calibration_proposal_decided_by FOREIGN KEY (decided_by) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE conversation
  ADD COLUMN IF NOT EXISTS calibration ENUM('none','proposed','done') NOT NULL DEFAULT 'none';

-- An accepted calibration change is a review event: the one record of
-- rating changes by someone other than the manager.
ALTER TABLE review_event
  MODIFY action ENUM('approve','return','change','calibrate') NOT NULL;
