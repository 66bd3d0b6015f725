-- 020_department_name.sql -- department names are unique in the whole
-- organisation, not only among siblings: the organisation import (CSV and
-- XML, as HR systems export it) names a department by its name alone.
-- The collation (utf8mb4_unicode_ci) makes "ICT" and "ict" the same name.
--
-- Two departments that already share a name (under different parents)
-- would stop the unique key with a bare "Duplicate entry": stop first and
-- name them, so that a person can rename one (the HR pages) and run
-- `gesprekctl migrate` again.  Nothing is changed before the check.
BEGIN NOT ATOMIC
  DECLARE clash TEXT DEFAULT NULL;
  SELECT GROUP_CONCAT(name ORDER BY name SEPARATOR '; ') INTO clash
    FROM (SELECT MIN(name) AS name FROM department
            GROUP BY name HAVING COUNT(*) > 1) AS same;
  IF clash IS NOT NULL THEN
    SET clash = CONCAT('020: departments that share a name: ', clash,
      '. Nothing was changed. Rename all but one of each (the HR pages),',
      ' then run gesprekctl migrate again.');
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = clash;
  END IF;
END;

ALTER TABLE department ADD UNIQUE KEY IF NOT EXISTS department_name_unique (name);
