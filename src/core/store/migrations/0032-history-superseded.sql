-- 0032-history-superseded.sql — which revisions a later one has superseded.
--
-- The feed carries only the superseded revisions of case_report_history and vaccination_history
-- (see gb-store-sync-tables.c): the current revision of a unit-day is the daily row itself,
-- which every copy turns into its own history row, while one superseded by a later revision
-- cannot be made by a laptop that was away. Carrying every revision doubled the feed and broke
-- giaoband's own accounting of it (one entry per daily row).

ALTER TABLE case_report_history ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vaccination_history ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0;

UPDATE case_report_history SET superseded = 1 WHERE received_at < (SELECT max (n.received_at)
  FROM case_report_history n WHERE n.date = case_report_history.date AND n.unit_code = case_report_history.unit_code);
UPDATE vaccination_history SET superseded = 1 WHERE received_at < (SELECT max (n.received_at)
  FROM vaccination_history n WHERE n.date = vaccination_history.date AND n.unit_code = vaccination_history.unit_code);

CREATE TRIGGER case_report_history_supersede AFTER INSERT ON case_report_history
BEGIN
  UPDATE case_report_history SET superseded = 1
  WHERE date = NEW.date AND unit_code = NEW.unit_code AND received_at < NEW.received_at AND superseded = 0;
END;

CREATE TRIGGER vaccination_history_supersede AFTER INSERT ON vaccination_history
BEGIN
  UPDATE vaccination_history SET superseded = 1
  WHERE date = NEW.date AND unit_code = NEW.unit_code AND received_at < NEW.received_at AND superseded = 0;
END;
