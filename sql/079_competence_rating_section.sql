-- 079_competence_rating_section.sql -- a competence rating belongs to one
-- competence section of the form (issue 16).  070 keyed a rating by
-- (conversation, competence, role) only, so a template with two competence
-- sections in one form (craft and conduct, say, each rating the job
-- profile's competences) had both sections share one rating: the second
-- section's first rating hit the unique key, and an edit in one section
-- changed the other's.  section_key names the competence section of the
-- conversation's template version (template_section.skey), as
-- conversation_answer.section_key does; the key becomes (conversation,
-- section, competence, role).  fcgi/store/answer.c writes and reads it.
--
-- Existing rows were made when a form had at most one competence section:
-- each gets the competence section of its conversation's template version
-- and type (the version's own, or -- a conversation without one -- the
-- default template's newest, answer.c's ANSWER_TV).  A row whose form has
-- no competence section (the form was never shown for it) gets '' and stays
-- out of every form, as it was.
-- Rerunnable: IF NOT EXISTS / IF EXISTS, and the UPDATE touches only rows
-- still without a section.

ALTER TABLE competence_rating
  ADD COLUMN IF NOT EXISTS section_key VARCHAR(40) NULL AFTER conversation_id;

UPDATE competence_rating r
  JOIN conversation c ON c.id = r.conversation_id
  SET r.section_key = COALESCE((
    SELECT MIN(s.skey) FROM template_section s
     WHERE s.version_id = COALESCE(c.template_version_id,
             (SELECT dv.id FROM template dt JOIN template_version dv ON dv.template_id = dt.id
               WHERE dt.is_default = 1 ORDER BY dv.number DESC LIMIT 1))
       AND s.conv_type = CONCAT(c.type) AND s.kind = 'competences'), '')
  WHERE r.section_key IS NULL;

ALTER TABLE competence_rating
  MODIFY section_key VARCHAR(40) NOT NULL,
  ADD UNIQUE KEY IF NOT EXISTS competence_rating_section_once
    (conversation_id, section_key, competence_id, role),
  DROP KEY IF EXISTS competence_rating_once;
