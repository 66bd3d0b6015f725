-- 062_employee_language.sql -- the language a person chose in the user
-- menu (issue 15).
--
-- NULL: no choice made, the browser's Accept-Language decides (the default,
-- as before).  'nl' or 'en': pages and e-mail to this person are in that
-- language, whatever browser they use.  The CHECK keeps the store honest;
-- the route accepts only these two values as well.  One statement, IF NOT
-- EXISTS: a rerun after a failure finds its work done.

ALTER TABLE employee
  ADD COLUMN IF NOT EXISTS lang CHAR(2) NULL DEFAULT NULL
    CHECK (lang IS NULL OR lang IN ('nl', 'en'));
