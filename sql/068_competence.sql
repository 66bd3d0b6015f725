-- 068_competence.sql -- the competence dictionary and job profiles
-- (issue 16, "Competences and job profiles").
--
-- A competence is known by its key (the name XML files and the
-- organisation import use), has a name and a definition in Dutch and
-- optionally in English, and behaviour indicators per level.  The level
-- scale itself belongs to a form template (another part of issue 16), so
-- indicators are stored per level number 1..10 (a scale has at most ten
-- levels), and a template's scale reads the ones it has.  A job profile
-- (functie) names a set of competences; an employee has at most one.
--
-- version: the optimistic lock of the edit pages (UPDATE ... WHERE
-- version = ?).  Deleting a competence that a profile names is refused by
-- the foreign key (RESTRICT): a profile never loses one silently.  Every
-- statement is IF NOT EXISTS, so a rerun after a failure finds its work done.
CREATE TABLE IF NOT EXISTS competence (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ckey           VARCHAR(64) NOT NULL,
  name_nl        VARCHAR(200) NOT NULL,
  name_en        VARCHAR(200) NULL,
  definition_nl  TEXT NOT NULL,
  definition_en  TEXT NULL,
  version        INT UNSIGNED NOT NULL DEFAULT 1,
  created_at     DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at     DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY competence_key (ckey)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS competence_indicator (
  competence_id  BIGINT UNSIGNED NOT NULL,
  level          TINYINT UNSIGNED NOT NULL CHECK (level BETWEEN 1 AND 10),
  text_nl        TEXT NOT NULL,
  text_en        TEXT NULL,
  PRIMARY KEY (competence_id, level),
  CONSTRAINT competence_indicator_competence FOREIGN KEY (competence_id)
    REFERENCES competence (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS job_profile (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  pkey        VARCHAR(64) NOT NULL,
  name_nl     VARCHAR(200) NOT NULL,
  name_en     VARCHAR(200) NULL,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY job_profile_key (pkey)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- position: the order HR gave the competences in (forms list them so).
CREATE TABLE IF NOT EXISTS job_profile_competence (
  profile_id     BIGINT UNSIGNED NOT NULL,
  competence_id  BIGINT UNSIGNED NOT NULL,
  position       SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (profile_id, competence_id),
  KEY job_profile_competence_c (competence_id),
  CONSTRAINT job_profile_competence_profile FOREIGN KEY (profile_id)
    REFERENCES job_profile (id) ON DELETE CASCADE,
  CONSTRAINT job_profile_competence_competence FOREIGN KEY (competence_id)
    REFERENCES competence (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE employee
  ADD COLUMN IF NOT EXISTS job_profile_id BIGINT UNSIGNED NULL DEFAULT NULL,
  ADD CONSTRAINT employee_job_profile FOREIGN KEY IF NOT EXISTS (job_profile_id)
    REFERENCES job_profile (id);
