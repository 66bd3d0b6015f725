-- 078_goal_rules.sql -- the goal rules applied, key result areas, and a
-- competence as development point (issue 16).
--
-- 1. Version 1 of the default template 'standaard' is the form as it was
--    before templates (sql/069).  That form never required a result goal
--    to name an organisation goal, a measure or an end date, but 069 wrote
--    the schema's default, all three 'required', at a time no rule was
--    applied.  Now that the item writes apply them (store/
--    conversation_items.c), version 1 says what its form did: all three
--    optional, so that every migrated conversation keeps today's
--    behaviour exactly (conf/templates/standaard.xml says the same).
--    A version is otherwise never changed; this one's rules were never
--    read before, so nothing shown or signed changes.
-- 2. An organisation goal may belong to a department (NULL: the whole
--    organisation); the goal-setting form lists the employee's
--    department's first, then its ancestors', then the rest.
-- 3. Key result areas (resultaatgebieden) of a job profile: a key, a name
--    in Dutch (English optional) and an order.  A result goal may name one
--    area of its employee's profile (item.area_id).
-- 4. A development point may name a competence (item.competence_id).
--
-- Every statement finds its own work done on a rerun.

UPDATE template_version tv
  JOIN template t ON t.id = tv.template_id
   SET tv.goal_org_goal = 'optional', tv.goal_measure = 'optional',
       tv.goal_end_date = 'optional'
 WHERE t.tkey = 'standaard' AND tv.number = 1;

ALTER TABLE org_goal
  ADD COLUMN IF NOT EXISTS department_id BIGINT UNSIGNED NULL DEFAULT NULL AFTER description,
  ADD CONSTRAINT org_goal_department FOREIGN KEY IF NOT EXISTS (department_id)
    REFERENCES department (id);

CREATE TABLE IF NOT EXISTS job_profile_area (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  profile_id  BIGINT UNSIGNED NOT NULL,
  akey        VARCHAR(64) NOT NULL,
  name_nl     VARCHAR(200) NOT NULL,
  name_en     VARCHAR(200) NULL,
  position    SMALLINT UNSIGNED NOT NULL,
  UNIQUE KEY job_profile_area_key (profile_id, akey),
  KEY job_profile_area_order (profile_id, position),
  CONSTRAINT job_profile_area_profile FOREIGN KEY (profile_id)
    REFERENCES job_profile (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE item
  ADD COLUMN IF NOT EXISTS area_id BIGINT UNSIGNED NULL DEFAULT NULL AFTER org_goal_id,
  ADD COLUMN IF NOT EXISTS competence_id BIGINT UNSIGNED NULL DEFAULT NULL AFTER area_id,
  ADD CONSTRAINT item_area FOREIGN KEY IF NOT EXISTS (area_id)
    REFERENCES job_profile_area (id),
  ADD CONSTRAINT item_competence FOREIGN KEY IF NOT EXISTS (competence_id)
    REFERENCES competence (id);
