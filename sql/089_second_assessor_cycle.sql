-- 089_second_assessor_cycle.sql -- a cycle can require a second assessor
-- (issue 17): HR sets, on the cycle's page, whether its assessments
-- follow their template version's demand (template, the default and what
-- every cycle did before), always ask a second assessor (required) or
-- never (none).  Read when a manager finalizes an assessment
-- (store/review.c review_begin; the rule is rules/review.h
-- review_required): a conversation whose review has begun keeps its second
-- assessor, one finalized without keeps that; only later finalizes follow
-- a change.
--
-- Every statement finds its own work done on a rerun.
ALTER TABLE cycle
  ADD COLUMN IF NOT EXISTS second_assessor ENUM('template','required','none')
    NOT NULL DEFAULT 'template';

-- The second assessor's mail (pages/notify.c): 'review' asks the second
-- assessor to approve a finalized assessment, 'review_return' tells the
-- manager that it came back, and why.  MODIFY with the whole list: a rerun
-- finds it as it leaves it.
ALTER TABLE mail_queue
  MODIFY kind ENUM('invite', 'sign', 'signed', 'remind', 'review', 'review_return') NOT NULL;
