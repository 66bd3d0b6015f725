-- 087_feedback.sql -- 360-degree and upward feedback (issue 17): a
-- template version's feedback round and questions, the invitations of a
-- conversation's round, and the answers.  fcgi/store/template.h (model)
-- and fcgi/store/feedback.h (rounds) describe them.
--
-- Anonymity.  An invitation row keeps who was invited and whether that
-- person has answered: that is what refuses a second answer.  An answer of
-- an anonymous round keeps no link to its author:
--   * no author column (author_id is NULL; it is set only in a named round);
--   * no order: its id is a random number drawn by the store, not
--     AUTO_INCREMENT, so the rows' order says nothing about who answered
--     first;
--   * no time of its own: created_at is the time the round's first
--     invitation was made, the same for every answer of the round, and the
--     invitation's updated_at does not move when it is answered;
--   * one row per question and no sheet id grouping one person's answers.
-- The audit trail records that an invitee answered (who, when), never
-- which answers; with the rows above nothing joins the two.
--
-- Every statement is IF NOT EXISTS: a rerun finds its work done.

CREATE TABLE IF NOT EXISTS template_feedback (
  version_id     BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  conv_type      ENUM('goal_setting','progress','assessment') NOT NULL DEFAULT 'assessment',
  invited_by     ENUM('employee','manager','both') NOT NULL DEFAULT 'both',
  anonymity      ENUM('named','anonymous') NOT NULL DEFAULT 'anonymous',
  threshold      TINYINT UNSIGNED NOT NULL DEFAULT 3,
  employee_sees  ENUM('always','after_conversation','never') NOT NULL DEFAULT 'after_conversation',
  created_at     DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  CONSTRAINT template_feedback_threshold CHECK (threshold BETWEEN 2 AND 20),
  CONSTRAINT template_feedback_version FOREIGN KEY (version_id) REFERENCES template_version (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- scale_key: a scale of the version (kind rating), NULL for open text.
CREATE TABLE IF NOT EXISTS template_feedback_question (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version_id  BIGINT UNSIGNED NOT NULL,
  seq         SMALLINT UNSIGNED NOT NULL,
  qkey        VARCHAR(40) NOT NULL,
  kind        ENUM('open','rating') NOT NULL,
  scale_key   VARCHAR(40) NULL,
  title_nl    VARCHAR(200) NOT NULL,
  title_en    VARCHAR(200) NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY template_feedback_question_seq (version_id, seq),
  UNIQUE KEY template_feedback_question_key (version_id, qkey),
  CONSTRAINT template_feedback_question_version FOREIGN KEY (version_id)
    REFERENCES template_feedback (version_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One invitation per colleague and conversation.  answered: 1 once the
-- invitee has answered (never back to 0); reminded_on: the last reminder.
CREATE TABLE IF NOT EXISTS feedback_invitation (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  invitee_id       BIGINT UNSIGNED NOT NULL,
  invited_by       BIGINT UNSIGNED NOT NULL,
  deadline         DATE NOT NULL,
  answered         TINYINT(1) NOT NULL DEFAULT 0,
  reminded_on      DATE NULL,
  version          INT UNSIGNED NOT NULL DEFAULT 1,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY feedback_invitation_once (conversation_id, invitee_id),
  KEY feedback_invitation_invitee (invitee_id, answered),
  CONSTRAINT feedback_invitation_conversation FOREIGN KEY (conversation_id)
    REFERENCES conversation (id) ON DELETE CASCADE,
  CONSTRAINT feedback_invitation_invitee FOREIGN KEY (invitee_id) REFERENCES employee (id),
  CONSTRAINT feedback_invitation_by FOREIGN KEY (invited_by) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- id: random (see above).  author_id: only in a named round.
CREATE TABLE IF NOT EXISTS feedback_answer (
  id               BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  question_key     VARCHAR(40) NOT NULL,
  body             TEXT NULL,
  rating           TINYINT UNSIGNED NULL,
  author_id        BIGINT UNSIGNED NULL,
  created_at       DATETIME NOT NULL,
  KEY feedback_answer_conversation (conversation_id, question_key),
  CONSTRAINT feedback_answer_conversation FOREIGN KEY (conversation_id)
    REFERENCES conversation (id) ON DELETE CASCADE,
  CONSTRAINT feedback_answer_author FOREIGN KEY (author_id) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
