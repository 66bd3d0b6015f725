-- 093_access.sql -- the right of access (issue 18, AVG art. 15): the
-- personal export names the deletions that concerned the person, and the
-- read audit records HR's export of a person.
--
-- deletion_log.subject_id: the employee whose records a row's deletion
-- removed, where it removed one person's records only (retention's
-- dossier rule writes one row per person per batch); NULL where a row
-- covers many people (the table rules: audit, sessions, mail) or the
-- person is gone (the person rule).  An id only, no content, and no
-- foreign key: the log outlives what it records.
--
-- read_audit.kind 'person': HR produced the personal export of the
-- employee object_id (GET /admin/employees/{id}/export[.xml]); `what`
-- says the format.  The employee's own export lists it among who read
-- their data.
--
-- Rerunnable: IF NOT EXISTS, and MODIFY to the same enum changes nothing.
ALTER TABLE deletion_log
  ADD COLUMN IF NOT EXISTS subject_id BIGINT UNSIGNED NULL AFTER kind;

CREATE INDEX IF NOT EXISTS deletion_log_subject ON deletion_log (subject_id, at);

ALTER TABLE read_audit
  MODIFY kind ENUM('dossier','conversation','export','people','person') NOT NULL;

-- The personal export finds HR's exports of the person by kind and object.
CREATE INDEX IF NOT EXISTS read_audit_object ON read_audit (kind, object_id);
