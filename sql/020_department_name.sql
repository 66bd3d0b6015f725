-- 020_department_name.sql -- department names are unique in the whole
-- organisation, not only among siblings: the organisation import (CSV and
-- XML, as HR systems export it) names a department by its name alone.
-- The collation (utf8mb4_unicode_ci) makes "ICT" and "ict" the same name.
ALTER TABLE department ADD UNIQUE KEY department_name_unique (name);
