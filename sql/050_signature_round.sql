-- 050_signature_round.sql -- one signature per party per signing round.
--
-- A conversation signs in rounds: a reopen by HR ends the round (its
-- unsealed signatures are voided) and starts the next.  conversation.
-- sign_round is the current round, signature.round the round a signature
-- belongs to, and UNIQUE (conversation_id, round, role) lets no party sign
-- twice in one round -- also when two requests arrive at the same moment.
-- (A UNIQUE key over the nullable voided_at would not hold: NULLs never
-- collide.)
--
-- Existing rows: the signatures of one round share their seal (the
-- snapshot's sha256) or their void time (one reopen voids a round in one
-- statement); rounds are numbered in the order they began.  A
-- conversation's current round is its last one when that is still open
-- (unsealed, not voided) or closed; otherwise a reopen ended it and the
-- next one is current.  Signed twice by one party in one round (a double
-- submit before this key existed)?  Then the migration stops with the
-- conversation's id and changes nothing that matters: the columns it added
-- are filled again on the next run.  Decide which signature stands, delete
-- the other, and run `gesprekctl migrate` again.

ALTER TABLE conversation
  ADD COLUMN IF NOT EXISTS sign_round INT UNSIGNED NOT NULL DEFAULT 1 AFTER reopen_reason;
ALTER TABLE signature
  ADD COLUMN IF NOT EXISTS round INT UNSIGNED NULL AFTER role;

UPDATE signature s JOIN (
  SELECT g.id, DENSE_RANK() OVER (PARTITION BY g.conversation_id ORDER BY g.first_id) AS r
  FROM (SELECT id, conversation_id,
               MIN(id) OVER (PARTITION BY conversation_id, COALESCE(snapshot_sha256, ''),
                             COALESCE(voided_at, '1000-01-01')) AS first_id
        FROM signature) g
) x ON x.id = s.id
SET s.round = x.r;

UPDATE conversation c JOIN (
  SELECT conversation_id, MAX(round) AS last_round,
         SUM(voided_at IS NULL AND snapshot_sha256 IS NULL) AS open_signatures
  FROM signature GROUP BY conversation_id
) s ON s.conversation_id = c.id
SET c.sign_round = IF(s.open_signatures > 0 OR c.status = 'closed',
                      s.last_round, s.last_round + 1);

BEGIN NOT ATOMIC
  DECLARE twice BIGINT UNSIGNED DEFAULT NULL;
  DECLARE msg VARCHAR(400);
  SELECT MIN(conversation_id) INTO twice FROM (
    SELECT conversation_id FROM signature
    GROUP BY conversation_id, round, role HAVING COUNT(*) > 1) d;
  IF twice IS NOT NULL THEN
    SET msg = CONCAT('050_signature_round: conversation ', twice,
                     ' has two signatures of one party in one signing round;',
                     ' delete the one that does not stand (table signature)',
                     ' and run gesprekctl migrate again');
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
  END IF;
END;

ALTER TABLE signature
  MODIFY round INT UNSIGNED NOT NULL DEFAULT 1,
  ADD UNIQUE KEY IF NOT EXISTS signature_once (conversation_id, round, role);
