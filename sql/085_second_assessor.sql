-- 085_second_assessor.sql -- the second assessor (tweede beoordelaar,
-- issue 17): after the manager finalizes an assessment, a second person
-- approves it, returns it to the manager with a reason, or changes a
-- rating with a reason; the employee signs only after the approval.
--
-- template_version.second_assessor  the form requires one (a version stays
--                     immutable: an edit writes a new version with it).
-- department.second_assessor_id     the named second assessor of the
--                     department's employees; NULL: the manager's manager.
-- conversation.second_assessor_id   who it is for this conversation,
--                     decided when the manager finalizes (rules/review.h);
--                     it keeps read access to the dossier afterwards.
-- conversation.review none (no second assessor) | pending (finalized,
--                     waiting for the second assessor) | returned (back to
--                     the manager, held again) | approved (the employee
--                     may sign).
-- review_event        every approval, return and rating change with its
--                     reason and author; a change records the rating
--                     before and after.  Rows are never changed: they are
--                     the record the employee, the report and the signed
--                     snapshot show.
--
-- Every statement finds its own work done on a rerun.
ALTER TABLE template_version
  ADD COLUMN IF NOT EXISTS second_assessor TINYINT(1) NOT NULL DEFAULT 0;

ALTER TABLE department
  ADD COLUMN IF NOT EXISTS second_assessor_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT department_second_assessor FOREIGN KEY IF NOT EXISTS (second_assessor_id)
    REFERENCES employee (id) ON DELETE SET NULL;

ALTER TABLE conversation
  ADD COLUMN IF NOT EXISTS second_assessor_id BIGINT UNSIGNED NULL,
  ADD COLUMN IF NOT EXISTS review ENUM('none','pending','returned','approved')
    NOT NULL DEFAULT 'none',
  ADD KEY IF NOT EXISTS conversation_second_assessor (second_assessor_id, review),
  ADD CONSTRAINT conversation_second_assessor FOREIGN KEY IF NOT EXISTS (second_assessor_id)
    REFERENCES employee (id);

CREATE TABLE IF NOT EXISTS review_event (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  author_id        BIGINT UNSIGNED NOT NULL,
  action           ENUM('approve','return','change') NOT NULL,
  -- a change: what it changed (target_id: the item, or 0 for the overall
  -- rating; the competence of a competence rating; 0 for a rating
  -- question, named by section_key), the rating before and after
  target           ENUM('overall','item','question','competence') NULL,
  target_id        BIGINT UNSIGNED NULL,
  old_rating       SMALLINT NULL,
  new_rating       SMALLINT NULL,
  -- a question's or competence's section of the form (its key)
  section_key      VARCHAR(40) NULL,
  reason           TEXT NULL,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY review_event_conversation (conversation_id, id),
  CONSTRAINT review_event_conversation FOREIGN KEY (conversation_id)
    REFERENCES conversation (id) ON DELETE CASCADE,
  CONSTRAINT review_event_author FOREIGN KEY (author_id) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
