-- 010_conversation.sql -- sign-off rounds: a reopened conversation voids the
-- signatures of the round it interrupts (they stay, marked, for the record).
ALTER TABLE signature ADD COLUMN IF NOT EXISTS voided_at DATETIME NULL AFTER snapshot_sha256;
ALTER TABLE conversation ADD COLUMN IF NOT EXISTS reopen_reason TEXT NULL AFTER manager_shared;
