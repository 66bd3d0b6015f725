-- 061_cycle_carry.sql -- a new cycle builds on the last, and people join
-- and leave during one (issue 15).
--
-- HR may copy organisation goals of the previous cycle into a cycle when
-- starting it.  copied_from_id names the goal a copy was made from, so a
-- second start (or a second click) copies nothing twice: the unique key
-- allows each source goal once per cycle (NULL, a goal typed by hand, any
-- number of times).  No foreign key: the source is provenance only.
ALTER TABLE org_goal ADD COLUMN IF NOT EXISTS copied_from_id BIGINT UNSIGNED NULL AFTER description;
ALTER TABLE org_goal ADD UNIQUE KEY IF NOT EXISTS org_goal_copied (cycle_id, copied_from_id);

-- People join and leave during a cycle.  A leaver's open dossier, once HR
-- confirms it, is 'left': read-only like a closed one, and out of the
-- completion and overdue figures of the reports (fcgi/store/report.c).
ALTER TABLE dossier MODIFY status ENUM('open','closed','left') NOT NULL DEFAULT 'open';
