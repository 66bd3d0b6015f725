-- 096_calibration_deputy.sql -- a deputy decides a calibration proposal
-- for the manager (issue 17).
--
-- During an appointment's period (store/deputy.h) the deputy accepts or
-- rejects a proposal addressed to the manager exactly as the manager can;
-- the record says who decided and for whom ("namens"):
--
-- calibration_proposal.decided_for  the manager a deputy decided for;
--                       NULL when the manager decided (decided_by).
-- review_event.decided_by   who accepted a 'calibrate' change (the
--                       manager, or the deputy); NULL for the other
--                       actions and for changes accepted before 096.
-- review_event.deputy_of    the manager a deputy accepted it for; NULL
--                       when the manager did.
--
-- Rerunnable: IF NOT EXISTS.
ALTER TABLE calibration_proposal
  ADD COLUMN IF NOT EXISTS decided_for BIGINT UNSIGNED NULL AFTER decided_by,
  ADD CONSTRAINT calibration_proposal_decided_for FOREIGN KEY IF NOT EXISTS (decided_for)
    REFERENCES employee (id);

ALTER TABLE review_event
  ADD COLUMN IF NOT EXISTS decided_by BIGINT UNSIGNED NULL AFTER author_id,
  ADD COLUMN IF NOT EXISTS deputy_of BIGINT UNSIGNED NULL AFTER decided_by,
  ADD CONSTRAINT review_event_decided_by FOREIGN KEY IF NOT EXISTS (decided_by)
    REFERENCES employee (id),
  ADD CONSTRAINT review_event_deputy_of FOREIGN KEY IF NOT EXISTS (deputy_of)
    REFERENCES employee (id);
