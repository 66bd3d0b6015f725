-- 069_template.sql -- each organisation's own forms (issue 16): form
-- templates, their immutable versions, their scales and sections, the
-- template version a cycle uses per department or job profile, and the
-- version each conversation keeps.  fcgi/store/template.h describes the
-- model; xslt/schema/template.xsd is its XML twin.
--
-- A template (its key, whether it is the default) points at versions;
-- a version is never changed once written: editing a template in use
-- writes a new version (store: template_save_version).  Texts are Dutch
-- (required) and English (NULL: falls back to Dutch).
--
-- The migration writes version 1 of the default template 'standaard', the
-- form as it was before templates (conf/templates/standaard.xml, the same
-- texts): the four parts of the seed in every conversation type, nothing
-- required, rated on the cycle's own scale (a section or outcome without a
-- scale key uses cycle.rating_scale).  Every existing cycle gets it as its
-- default and every existing conversation keeps it.  Nothing signed is
-- touched: snapshots and signatures are not read or written here.
--
-- Every statement finds its own work done on a rerun (IF NOT EXISTS,
-- INSERT IGNORE on the unique keys, UPDATE ... WHERE ... IS NULL).

CREATE TABLE IF NOT EXISTS template (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tkey        VARCHAR(40) NOT NULL,
  -- 1 for the one default template, NULL for the others (a unique key
  -- allows any number of NULLs and one 1).
  is_default  TINYINT(1) NULL CHECK (is_default IS NULL OR is_default = 1),
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY template_key (tkey),
  UNIQUE KEY template_default (is_default)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Immutable: no version column.  The weights are percentages of the
-- weighted outcome (each part normalised to 0-1 first) and sum to 100.
CREATE TABLE IF NOT EXISTS template_version (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  template_id      BIGINT UNSIGNED NOT NULL,
  number           INT UNSIGNED NOT NULL,
  name_nl          VARCHAR(200) NOT NULL,
  name_en          VARCHAR(200) NULL,
  description_nl   TEXT NULL,
  description_en   TEXT NULL,
  goal_org_goal    ENUM('required','optional') NOT NULL DEFAULT 'required',
  goal_measure     ENUM('required','optional') NOT NULL DEFAULT 'required',
  goal_end_date    ENUM('required','optional') NOT NULL DEFAULT 'required',
  final_scale_key  VARCHAR(40) NULL,
  weight_result_goals      TINYINT UNSIGNED NOT NULL DEFAULT 0,
  weight_competences       TINYINT UNSIGNED NOT NULL DEFAULT 0,
  weight_rating_questions  TINYINT UNSIGNED NOT NULL DEFAULT 0,
  created_by       BIGINT UNSIGNED NULL,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY template_version_number (template_id, number),
  CONSTRAINT template_version_weights
    CHECK (weight_result_goals + weight_competences + weight_rating_questions = 100),
  CONSTRAINT template_version_template FOREIGN KEY (template_id) REFERENCES template (id),
  CONSTRAINT template_version_by FOREIGN KEY (created_by) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS template_scale (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version_id  BIGINT UNSIGNED NOT NULL,
  seq         SMALLINT UNSIGNED NOT NULL,
  skey        VARCHAR(40) NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY template_scale_key (version_id, skey),
  UNIQUE KEY template_scale_seq (version_id, seq),
  CONSTRAINT template_scale_version FOREIGN KEY (version_id) REFERENCES template_version (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS template_scale_level (
  scale_id        BIGINT UNSIGNED NOT NULL,
  value           TINYINT UNSIGNED NOT NULL,
  label_nl        VARCHAR(200) NOT NULL,
  label_en        VARCHAR(200) NULL,
  description_nl  TEXT NULL,
  description_en  TEXT NULL,
  created_at      DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (scale_id, value),
  CONSTRAINT template_scale_level_scale FOREIGN KEY (scale_id) REFERENCES template_scale (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The sections of one conversation type, in seq order.  scale_key NULL:
-- the cycle's scale.  explain_below: an explanation is required with a
-- rating below this level value.
CREATE TABLE IF NOT EXISTS template_section (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version_id       BIGINT UNSIGNED NOT NULL,
  conv_type        ENUM('goal_setting','progress','assessment') NOT NULL,
  seq              SMALLINT UNSIGNED NOT NULL,
  skey             VARCHAR(40) NOT NULL,
  kind             ENUM('result_goals','development','actions','remarks',
                        'open_question','rating_question','competences') NOT NULL,
  answered_by      ENUM('employee','manager','both') NOT NULL DEFAULT 'both',
  required         TINYINT(1) NOT NULL DEFAULT 0,
  self_assessment  TINYINT(1) NOT NULL DEFAULT 0,
  scale_key        VARCHAR(40) NULL,
  explain_below    TINYINT UNSIGNED NULL,
  title_nl         VARCHAR(200) NOT NULL,
  title_en         VARCHAR(200) NULL,
  guidance_nl      TEXT NULL,
  guidance_en      TEXT NULL,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY template_section_seq (version_id, conv_type, seq),
  UNIQUE KEY template_section_key (version_id, conv_type, skey),
  CONSTRAINT template_section_version FOREIGN KEY (version_id) REFERENCES template_version (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The template version a cycle uses: scope 'default' (scope_id 0), per
-- department (scope_id = department.id) or per job profile (scope_id =
-- the job profile's id; no foreign key, that table is the competence
-- dictionary's).  Where both apply the job profile's wins.  A cycle
-- without a row uses the newest version of the default template.
CREATE TABLE IF NOT EXISTS cycle_template (
  cycle_id             BIGINT UNSIGNED NOT NULL,
  scope                ENUM('default','department','job_profile') NOT NULL,
  scope_id             BIGINT UNSIGNED NOT NULL DEFAULT 0,
  template_version_id  BIGINT UNSIGNED NOT NULL,
  version              INT UNSIGNED NOT NULL DEFAULT 1,
  created_at           DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at           DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (cycle_id, scope, scope_id),
  KEY cycle_template_version (template_version_id),
  CONSTRAINT cycle_template_cycle FOREIGN KEY (cycle_id) REFERENCES cycle (id) ON DELETE CASCADE,
  CONSTRAINT cycle_template_tv FOREIGN KEY (template_version_id) REFERENCES template_version (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The version a conversation started with; it keeps it for good.
ALTER TABLE conversation
  ADD COLUMN IF NOT EXISTS template_version_id BIGINT UNSIGNED NULL AFTER type;
ALTER TABLE conversation
  ADD CONSTRAINT conversation_template_version
    FOREIGN KEY IF NOT EXISTS (template_version_id) REFERENCES template_version (id);

-- The default template, version 1: today's form.
INSERT IGNORE INTO template (tkey, is_default) VALUES ('standaard', 1);

INSERT IGNORE INTO template_version
  (template_id, number, name_nl, name_en, description_nl, description_en,
   goal_org_goal, goal_measure, goal_end_date, final_scale_key,
   weight_result_goals, weight_competences, weight_rating_questions)
SELECT t.id, 1, 'Standaardformulier', 'Standard form', 'Resultaatdoelstellingen, persoonlijke ontwikkelpunten, acties en opmerkingen in elk gesprek; beoordeling op de schaal van de cyclus.', 'Result goals, personal development points, actions and remarks in every conversation; rated on the cycle''s scale.',
       'required', 'required', 'required', NULL, 100, 0, 0
  FROM template t WHERE t.tkey = 'standaard';

BEGIN NOT ATOMIC
  DECLARE v BIGINT UNSIGNED DEFAULT NULL;
  SELECT tv.id INTO v FROM template_version tv JOIN template t ON t.id = tv.template_id
   WHERE t.tkey = 'standaard' AND tv.number = 1;
  INSERT IGNORE INTO template_section
    (version_id, conv_type, seq, skey, kind, title_nl, title_en, guidance_nl, guidance_en)
  VALUES
    (v, 'goal_setting', 1, 'resultaten', 'result_goals', 'Resultaatdoelstellingen', 'Result goals',
   'Wat moet er de komende periode bereikt worden? Beschrijf zo concreet mogelijk wat je verwacht, met een einddatum en wie ervoor verantwoordelijk is. Elke doelstelling is afgeleid van een organisatiedoelstelling.',
   'What must be achieved in the coming period? Describe as concretely as possible what is expected, with an end date and who is responsible. Each goal is derived from an organisation goal.'),
    (v, 'goal_setting', 2, 'ontwikkeling', 'development', 'Persoonlijke ontwikkelpunten', 'Personal development points',
   'Waarin ontwikkelt de medewerker zich de komende periode, hoe en wanneer?',
   'What will the employee develop in the coming period, how and by when?'),
    (v, 'goal_setting', 3, 'acties', 'actions', 'Acties', 'Actions',
   'Wat wordt er gedaan, door wie en wanneer?',
   'What will be done, by whom and by when?'),
    (v, 'goal_setting', 4, 'opmerkingen', 'remarks', 'Opmerkingen', 'Remarks',
   'Wat jullie verder over dit gesprek willen vastleggen.',
   'Anything else you want to record about this conversation.'),
    (v, 'progress', 1, 'resultaten', 'result_goals', 'Resultaatdoelstellingen', 'Result goals',
   'Wat moet er de komende periode bereikt worden? Beschrijf zo concreet mogelijk wat je verwacht, met een einddatum en wie ervoor verantwoordelijk is. Elke doelstelling is afgeleid van een organisatiedoelstelling.',
   'What must be achieved in the coming period? Describe as concretely as possible what is expected, with an end date and who is responsible. Each goal is derived from an organisation goal.'),
    (v, 'progress', 2, 'ontwikkeling', 'development', 'Persoonlijke ontwikkelpunten', 'Personal development points',
   'Waarin ontwikkelt de medewerker zich de komende periode, hoe en wanneer?',
   'What will the employee develop in the coming period, how and by when?'),
    (v, 'progress', 3, 'acties', 'actions', 'Acties', 'Actions',
   'Wat wordt er gedaan, door wie en wanneer?',
   'What will be done, by whom and by when?'),
    (v, 'progress', 4, 'opmerkingen', 'remarks', 'Opmerkingen', 'Remarks',
   'Wat jullie verder over dit gesprek willen vastleggen.',
   'Anything else you want to record about this conversation.'),
    (v, 'assessment', 1, 'resultaten', 'result_goals', 'Resultaatdoelstellingen', 'Result goals',
   'Wat moet er de komende periode bereikt worden? Beschrijf zo concreet mogelijk wat je verwacht, met een einddatum en wie ervoor verantwoordelijk is. Elke doelstelling is afgeleid van een organisatiedoelstelling.',
   'What must be achieved in the coming period? Describe as concretely as possible what is expected, with an end date and who is responsible. Each goal is derived from an organisation goal.'),
    (v, 'assessment', 2, 'ontwikkeling', 'development', 'Persoonlijke ontwikkelpunten', 'Personal development points',
   'Waarin ontwikkelt de medewerker zich de komende periode, hoe en wanneer?',
   'What will the employee develop in the coming period, how and by when?'),
    (v, 'assessment', 3, 'acties', 'actions', 'Acties', 'Actions',
   'Wat wordt er gedaan, door wie en wanneer?',
   'What will be done, by whom and by when?'),
    (v, 'assessment', 4, 'opmerkingen', 'remarks', 'Opmerkingen', 'Remarks',
   'Wat jullie verder over dit gesprek willen vastleggen.',
   'Anything else you want to record about this conversation.');
END;

-- Every cycle and conversation so far: the default template, version 1.
INSERT IGNORE INTO cycle_template (cycle_id, scope, scope_id, template_version_id)
SELECT c.id, 'default', 0, tv.id
  FROM cycle c
  JOIN template t ON t.tkey = 'standaard'
  JOIN template_version tv ON tv.template_id = t.id AND tv.number = 1;

UPDATE conversation c
  JOIN template t ON t.tkey = 'standaard'
  JOIN template_version tv ON tv.template_id = t.id AND tv.number = 1
   SET c.template_version_id = tv.id
 WHERE c.template_version_id IS NULL;
