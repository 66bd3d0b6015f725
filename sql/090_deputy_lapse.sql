-- 090_deputy_lapse.sql -- the end of a deputy's period by its date is
-- audited too (issue 17: "appointment, use and end are audited").
--
-- An appointment ended early has its audit row from the one who ended it
-- (deputy_end, store/deputy.c).  One that simply runs out has no one to
-- write it: `gesprekctl purge` (gesprek-purge.timer, every ten minutes)
-- records each period whose last day (site.timezone) has passed, once:
-- lapse_audited_at is set in the same transaction as the audit row
-- "deputy_lapse", by a conditional UPDATE on rows claimed with
-- SELECT ... FOR UPDATE SKIP LOCKED, so two runs at once never record one
-- twice (fcgi/store/deputy_lapse.c).  NULL: not recorded yet.  The key
-- finds the periods still to record without reading the others.
--
-- Rerunnable: IF NOT EXISTS.

ALTER TABLE deputy
  ADD COLUMN IF NOT EXISTS lapse_audited_at DATETIME NULL AFTER ended_by;
ALTER TABLE deputy
  ADD KEY IF NOT EXISTS deputy_lapse (lapse_audited_at, ends_on);
