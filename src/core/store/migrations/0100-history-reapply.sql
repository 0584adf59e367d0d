-- 0100-history-reapply.sql — a revision received again is written, whatever the statement.
--
-- The history triggers of 0030-report-history.sql wrote with INSERT OR REPLACE, but a trigger's
-- conflict clause gives way to that of the statement firing it: under the sync codec's
-- INSERT … ON CONFLICT DO UPDATE, a revision this copy already holds failed the whole write
-- (UNIQUE constraint failed: case_report_history…). That happens when a laptop takes back the
-- server's row after the server refused its own later edit (a secretary's daily number that no
-- review decided): the server's row is a revision the laptop made itself. The same key is now
-- deleted first, then written, which needs no conflict clause.

DROP TRIGGER case_reports_history_insert;
CREATE TRIGGER case_reports_history_insert AFTER INSERT ON case_reports
WHEN NEW.simulated = 0
BEGIN
  DELETE FROM case_report_history WHERE date = NEW.date AND unit_code = NEW.unit_code AND received_at = NEW.received_at;
  INSERT INTO case_report_history (unit_code, date, received_at, community, quarantine,
      unknown_source, deaths, recovered, tests, simulated)
    VALUES (NEW.unit_code, NEW.date, NEW.received_at, NEW.community, NEW.quarantine,
      NEW.unknown_source, NEW.deaths, NEW.recovered, NEW.tests, NEW.simulated);
END;

DROP TRIGGER case_reports_history_update;
CREATE TRIGGER case_reports_history_update AFTER UPDATE ON case_reports
WHEN NEW.simulated = 0 AND (OLD.simulated = 1 OR OLD.community IS NOT NEW.community OR OLD.quarantine IS NOT NEW.quarantine
  OR OLD.unknown_source IS NOT NEW.unknown_source OR OLD.deaths IS NOT NEW.deaths
  OR OLD.recovered IS NOT NEW.recovered OR OLD.tests IS NOT NEW.tests)
BEGIN
  DELETE FROM case_report_history WHERE date = NEW.date AND unit_code = NEW.unit_code AND received_at = NEW.received_at;
  INSERT INTO case_report_history (unit_code, date, received_at, community, quarantine,
      unknown_source, deaths, recovered, tests, simulated)
    VALUES (NEW.unit_code, NEW.date, NEW.received_at, NEW.community, NEW.quarantine,
      NEW.unknown_source, NEW.deaths, NEW.recovered, NEW.tests, NEW.simulated);
END;

DROP TRIGGER vaccinations_history_insert;
CREATE TRIGGER vaccinations_history_insert AFTER INSERT ON vaccinations
WHEN NEW.simulated = 0
BEGIN
  DELETE FROM vaccination_history WHERE date = NEW.date AND unit_code = NEW.unit_code AND received_at = NEW.received_at;
  INSERT INTO vaccination_history (unit_code, date, received_at, pop_18, pop_65,
      dose1_18, full_18, full_65, doses_given, doses_allocated, pop_12_17, pop_5_11, booster_18,
      dose1_65, booster_65, dose1_12_17, dose2_12_17, booster_12_17, dose1_5_11, dose2_5_11,
      booster_5_11, simulated)
    VALUES (NEW.unit_code, NEW.date, NEW.received_at, NEW.pop_18, NEW.pop_65, NEW.dose1_18,
      NEW.full_18, NEW.full_65, NEW.doses_given, NEW.doses_allocated, NEW.pop_12_17, NEW.pop_5_11,
      NEW.booster_18, NEW.dose1_65, NEW.booster_65, NEW.dose1_12_17, NEW.dose2_12_17,
      NEW.booster_12_17, NEW.dose1_5_11, NEW.dose2_5_11, NEW.booster_5_11, NEW.simulated);
END;

DROP TRIGGER vaccinations_history_update;
CREATE TRIGGER vaccinations_history_update AFTER UPDATE ON vaccinations
WHEN NEW.simulated = 0 AND (OLD.simulated = 1 OR OLD.pop_18 IS NOT NEW.pop_18 OR OLD.pop_65 IS NOT NEW.pop_65
  OR OLD.dose1_18 IS NOT NEW.dose1_18 OR OLD.full_18 IS NOT NEW.full_18
  OR OLD.full_65 IS NOT NEW.full_65 OR OLD.doses_given IS NOT NEW.doses_given
  OR OLD.doses_allocated IS NOT NEW.doses_allocated
  OR OLD.pop_12_17 IS NOT NEW.pop_12_17 OR OLD.pop_5_11 IS NOT NEW.pop_5_11
  OR OLD.booster_18 IS NOT NEW.booster_18 OR OLD.dose1_65 IS NOT NEW.dose1_65
  OR OLD.booster_65 IS NOT NEW.booster_65 OR OLD.dose1_12_17 IS NOT NEW.dose1_12_17
  OR OLD.dose2_12_17 IS NOT NEW.dose2_12_17 OR OLD.booster_12_17 IS NOT NEW.booster_12_17
  OR OLD.dose1_5_11 IS NOT NEW.dose1_5_11 OR OLD.dose2_5_11 IS NOT NEW.dose2_5_11
  OR OLD.booster_5_11 IS NOT NEW.booster_5_11)
BEGIN
  DELETE FROM vaccination_history WHERE date = NEW.date AND unit_code = NEW.unit_code AND received_at = NEW.received_at;
  INSERT INTO vaccination_history (unit_code, date, received_at, pop_18, pop_65,
      dose1_18, full_18, full_65, doses_given, doses_allocated, pop_12_17, pop_5_11, booster_18,
      dose1_65, booster_65, dose1_12_17, dose2_12_17, booster_12_17, dose1_5_11, dose2_5_11,
      booster_5_11, simulated)
    VALUES (NEW.unit_code, NEW.date, NEW.received_at, NEW.pop_18, NEW.pop_65, NEW.dose1_18,
      NEW.full_18, NEW.full_65, NEW.doses_given, NEW.doses_allocated, NEW.pop_12_17, NEW.pop_5_11,
      NEW.booster_18, NEW.dose1_65, NEW.booster_65, NEW.dose1_12_17, NEW.dose2_12_17,
      NEW.booster_12_17, NEW.dose1_5_11, NEW.dose2_5_11, NEW.booster_5_11, NEW.simulated);
END;
