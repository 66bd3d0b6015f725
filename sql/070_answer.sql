-- 070_answer.sql -- the answers of a conversation form that renders from
-- its template version (issue 16): the answer of each party to an open or
-- a rating question of the form, and each party's rating of each
-- competence of the employee's job profile.  fcgi/store/answer.h writes
-- and reads them.
--
-- role: whose answer it is.  The employee's rating of a question or
-- competence the manager rates is the self-assessment.  Like every
-- preparation (DESIGN §5) an answer is private to its author while the
-- conversation is planned or being prepared, until the author's side
-- shares its preparation (conversation.employee_shared/manager_shared),
-- the conversation is held, or -- shared_at -- the author shares this one
-- answer (a self-assessment shown to the manager before the meeting).
--
-- section_key names the section of the conversation's template version
-- (template_section.skey of its conv_type): versions are immutable, so
-- the key always finds the text the answer was given to.  Ratings are
-- level values of the section's scale (or positions on the cycle's own
-- scale when the section names none); the store checks them in the write.
--
-- version: the optimistic lock of the form (UPDATE ... WHERE version = ?).
-- Every statement is IF NOT EXISTS: a rerun finds its work done.

CREATE TABLE IF NOT EXISTS conversation_answer (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  section_key      VARCHAR(40) NOT NULL,
  role             ENUM('employee','manager') NOT NULL,
  body             TEXT NULL,
  rating           TINYINT UNSIGNED NULL,
  explanation      TEXT NULL,
  shared_at        DATETIME NULL,
  version          INT UNSIGNED NOT NULL DEFAULT 1,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_by       BIGINT UNSIGNED NULL,
  UNIQUE KEY conversation_answer_once (conversation_id, section_key, role),
  CONSTRAINT conversation_answer_conversation FOREIGN KEY (conversation_id)
    REFERENCES conversation (id) ON DELETE CASCADE,
  CONSTRAINT conversation_answer_by FOREIGN KEY (updated_by) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS competence_rating (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  competence_id    BIGINT UNSIGNED NOT NULL,
  role             ENUM('employee','manager') NOT NULL,
  level            TINYINT UNSIGNED NULL,
  explanation      TEXT NULL,
  shared_at        DATETIME NULL,
  version          INT UNSIGNED NOT NULL DEFAULT 1,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_by       BIGINT UNSIGNED NULL,
  UNIQUE KEY competence_rating_once (conversation_id, competence_id, role),
  KEY competence_rating_competence (competence_id),
  CONSTRAINT competence_rating_conversation FOREIGN KEY (conversation_id)
    REFERENCES conversation (id) ON DELETE CASCADE,
  CONSTRAINT competence_rating_competence FOREIGN KEY (competence_id) REFERENCES competence (id),
  CONSTRAINT competence_rating_by FOREIGN KEY (updated_by) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
