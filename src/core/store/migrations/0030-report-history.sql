-- 0030-report-history.sql — every reported value as it was received, append-only.
--
-- case_reports and vaccinations hold the current value of a unit-day. These tables hold every
-- value a unit-day ever had, each with the time it was received: a correction adds a row and
-- never rewrites one, so the numbers as they stood at any moment can be read again ("as of",
-- gb_store_set_as_of()) and the level the committee declared on them stays reproducible. A
-- deleted unit-day leaves a row with removed = 1 and no values.
--
-- Triggers fill them from every write, on every copy, in the same transaction: an import, the
-- district grid, a pushed report on the server and a pulled row on a laptop all leave the same
-- row (the key holds received_at, which travels with the report). The server's rows also go out
-- on the feed, so a laptop that was away gets the revisions it never saw; no client pushes them.
--
-- Every row already stored becomes its own first revision, after the values it replaced that
-- case_report_revisions kept.
--
-- The simulation's rows (simulated = 1: the demo, a province without reports yet) are not
-- numbers anyone received: they are left out, as the outbox leaves them out, and the as-of views
-- read them from the daily tables as they are (gb-store-as-of.c). A demo of some 50,000 rows
-- would otherwise double every feed and every copy.
--
-- It runs after 0020-vaccination-groups.sql: the history keeps every group and dose too.

CREATE TABLE case_report_history (
  unit_code      TEXT NOT NULL,
  date           TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  received_at    TEXT NOT NULL,
  removed        INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
  community      INTEGER,
  quarantine     INTEGER,
  unknown_source INTEGER,
  deaths         INTEGER,
  recovered      INTEGER,
  tests          INTEGER,
  simulated      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (date, unit_code, received_at)
) WITHOUT ROWID;

CREATE TABLE vaccination_history (
  unit_code       TEXT NOT NULL,
  date            TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  received_at     TEXT NOT NULL,
  removed         INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
  pop_18          INTEGER,
  pop_65          INTEGER,
  dose1_18        INTEGER,
  full_18         INTEGER,
  full_65         INTEGER,
  doses_given     INTEGER,
  doses_allocated INTEGER,
  pop_12_17        INTEGER,
  pop_5_11         INTEGER,
  booster_18       INTEGER,
  dose1_65         INTEGER,
  booster_65       INTEGER,
  dose1_12_17      INTEGER,
  dose2_12_17      INTEGER,
  booster_12_17    INTEGER,
  dose1_5_11       INTEGER,
  dose2_5_11       INTEGER,
  booster_5_11     INTEGER,
  simulated       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (date, unit_code, received_at)
) WITHOUT ROWID;

INSERT OR IGNORE INTO case_report_history (unit_code, date, received_at, community, quarantine,
    unknown_source, deaths, recovered, tests)
  SELECT r.unit_code, r.date, r.received_at, r.community, r.quarantine, r.unknown_source, r.deaths,
    r.recovered, r.tests FROM case_report_revisions r
  WHERE NOT EXISTS (SELECT 1 FROM case_reports c WHERE c.date = r.date AND c.unit_code = r.unit_code
                    AND c.simulated = 1);
INSERT OR REPLACE INTO case_report_history (unit_code, date, received_at, community, quarantine,
    unknown_source, deaths, recovered, tests, simulated)
  SELECT unit_code, date, received_at, community, quarantine, unknown_source, deaths, recovered,
    tests, simulated FROM case_reports WHERE simulated = 0 ORDER BY date, unit_code;
INSERT OR REPLACE INTO vaccination_history (unit_code, date, received_at, pop_18, pop_65, dose1_18,
    full_18, full_65, doses_given, doses_allocated,
    pop_12_17, pop_5_11, booster_18, dose1_65, booster_65, dose1_12_17, dose2_12_17, booster_12_17,
    dose1_5_11, dose2_5_11, booster_5_11, simulated)
  SELECT unit_code, date, received_at, pop_18, pop_65, dose1_18, full_18, full_65, doses_given,
    doses_allocated, pop_12_17, pop_5_11, booster_18, dose1_65, booster_65, dose1_12_17, dose2_12_17,
    booster_12_17, dose1_5_11, dose2_5_11, booster_5_11, simulated
  FROM vaccinations WHERE simulated = 0 ORDER BY date, unit_code;

-- A row received twice at the same instant (the same microsecond) keeps the later values.
CREATE TRIGGER case_reports_history_insert AFTER INSERT ON case_reports
WHEN NEW.simulated = 0
BEGIN
  INSERT OR REPLACE INTO case_report_history (unit_code, date, received_at, community, quarantine,
      unknown_source, deaths, recovered, tests, simulated)
    VALUES (NEW.unit_code, NEW.date, NEW.received_at, NEW.community, NEW.quarantine,
      NEW.unknown_source, NEW.deaths, NEW.recovered, NEW.tests, NEW.simulated);
END;

-- The same values received again are no revision.
CREATE TRIGGER case_reports_history_update AFTER UPDATE ON case_reports
WHEN NEW.simulated = 0 AND (OLD.simulated = 1 OR OLD.community IS NOT NEW.community OR OLD.quarantine IS NOT NEW.quarantine
  OR OLD.unknown_source IS NOT NEW.unknown_source OR OLD.deaths IS NOT NEW.deaths
  OR OLD.recovered IS NOT NEW.recovered OR OLD.tests IS NOT NEW.tests)
BEGIN
  INSERT OR REPLACE INTO case_report_history (unit_code, date, received_at, community, quarantine,
      unknown_source, deaths, recovered, tests, simulated)
    VALUES (NEW.unit_code, NEW.date, NEW.received_at, NEW.community, NEW.quarantine,
      NEW.unknown_source, NEW.deaths, NEW.recovered, NEW.tests, NEW.simulated);
END;

-- A deletion is dated by the copy that makes it: a laptop applying the server's delete keeps a
-- mark of its own beside the server's, a few seconds apart. Either reads the same as of a
-- moment outside those seconds.
CREATE TRIGGER case_reports_history_delete AFTER DELETE ON case_reports
WHEN OLD.simulated = 0
BEGIN
  INSERT OR REPLACE INTO case_report_history (unit_code, date, received_at, removed, simulated)
    VALUES (OLD.unit_code, OLD.date, strftime ('%Y-%m-%dT%H:%M:%fZ', 'now'), 1, 0);
END;

CREATE TRIGGER vaccinations_history_insert AFTER INSERT ON vaccinations
WHEN NEW.simulated = 0
BEGIN
  INSERT OR REPLACE INTO vaccination_history (unit_code, date, received_at, pop_18, pop_65,
      dose1_18, full_18, full_65, doses_given, doses_allocated, pop_12_17, pop_5_11, booster_18,
      dose1_65, booster_65, dose1_12_17, dose2_12_17, booster_12_17, dose1_5_11, dose2_5_11,
      booster_5_11, simulated)
    VALUES (NEW.unit_code, NEW.date, NEW.received_at, NEW.pop_18, NEW.pop_65, NEW.dose1_18,
      NEW.full_18, NEW.full_65, NEW.doses_given, NEW.doses_allocated, NEW.pop_12_17, NEW.pop_5_11,
      NEW.booster_18, NEW.dose1_65, NEW.booster_65, NEW.dose1_12_17, NEW.dose2_12_17,
      NEW.booster_12_17, NEW.dose1_5_11, NEW.dose2_5_11, NEW.booster_5_11, NEW.simulated);
END;

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
  INSERT OR REPLACE INTO vaccination_history (unit_code, date, received_at, pop_18, pop_65,
      dose1_18, full_18, full_65, doses_given, doses_allocated, pop_12_17, pop_5_11, booster_18,
      dose1_65, booster_65, dose1_12_17, dose2_12_17, booster_12_17, dose1_5_11, dose2_5_11,
      booster_5_11, simulated)
    VALUES (NEW.unit_code, NEW.date, NEW.received_at, NEW.pop_18, NEW.pop_65, NEW.dose1_18,
      NEW.full_18, NEW.full_65, NEW.doses_given, NEW.doses_allocated, NEW.pop_12_17, NEW.pop_5_11,
      NEW.booster_18, NEW.dose1_65, NEW.booster_65, NEW.dose1_12_17, NEW.dose2_12_17,
      NEW.booster_12_17, NEW.dose1_5_11, NEW.dose2_5_11, NEW.booster_5_11, NEW.simulated);
END;

CREATE TRIGGER vaccinations_history_delete AFTER DELETE ON vaccinations
WHEN OLD.simulated = 0
BEGIN
  INSERT OR REPLACE INTO vaccination_history (unit_code, date, received_at, removed, simulated)
    VALUES (OLD.unit_code, OLD.date, strftime ('%Y-%m-%dT%H:%M:%fZ', 'now'), 1, 0);
END;

-- The moment of the data a declared level was based on (NULL: declared before this was kept).
ALTER TABLE level_overrides ADD COLUMN data_as_of TEXT;
