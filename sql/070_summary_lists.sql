-- 070_summary_lists.sql -- the people lists behind the report's numbers
-- read a dossier's facts by cycle and kind (issue 21; the lists of
-- fcgi/store/report_summary.c): a range of this key, instead of every fact
-- of the cycle through dossier_summary_cycle, or a recount of the cycle's
-- conversations and items.  Rerunnable: IF NOT EXISTS.
ALTER TABLE dossier_summary
  ADD KEY IF NOT EXISTS dossier_summary_list (cycle_id, kind, type, state, value, due_on);
