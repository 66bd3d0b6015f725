-- 071_outcome.sql -- the weighted outcome of an assessment, confirmed or
-- overridden by the manager (issue 16; fcgi/rules/outcome.h has the
-- formula, fcgi/store/outcome.h the write).
--
-- conversation.overall_rating stays THE final rating: what the manager
-- confirmed.  Next to it, written in the same UPDATE as the rating:
--   outcome_proposed  the proposed rating (a level value of the final
--                     scale) the manager saw when confirming, NULL when
--                     there was no proposal (no rating counted yet);
--   outcome_score     the weighted score then, in ten-thousandths of
--                     0..1 (an integer: no float in the database);
--   override_reason   why the manager chose another rating than the
--                     proposal; shown to the employee.  NULL when the
--                     manager confirmed the proposal.
-- The finalize check compares outcome_proposed with the proposal of the
-- ratings as they are then: a rating changed after the confirmation asks
-- for a new one.  Existing rows keep NULLs: their rating was chosen before
-- proposals existed (a finalized or closed one is never checked again; an
-- open one is asked for a confirmation when a proposal now exists).
ALTER TABLE conversation
  ADD COLUMN IF NOT EXISTS outcome_proposed TINYINT UNSIGNED NULL AFTER overall_note,
  ADD COLUMN IF NOT EXISTS outcome_score SMALLINT UNSIGNED NULL AFTER outcome_proposed,
  ADD COLUMN IF NOT EXISTS override_reason TEXT NULL AFTER outcome_score;
