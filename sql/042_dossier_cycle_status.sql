-- 042_dossier_cycle_status.sql -- a cycle's dossiers by status, from the
-- index alone: the count of open dossiers shown with every cycle (HR's
-- overview, the cycle pages) read the whole dossier table of every cycle
-- (30,000 rows at 10,000 employees with three cycles) for want of it.
ALTER TABLE dossier ADD KEY IF NOT EXISTS dossier_cycle_status (cycle_id, status);
