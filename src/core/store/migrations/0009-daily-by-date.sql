-- 0009-daily-by-date.sql — the daily tables are stored in date order.
--
-- A day of reports arrives all at once, for every commune (a district's intake, a sync of the
-- day). Keyed (unit_code, date), those rows fell on nearly every leaf of the table: a national
-- day of 11,163 rows touched some 5,700 pages, each written whole to the WAL and checkpointed
-- again. Keyed (date, unit_code), a day is appended in about 200 pages.
--
-- No index by unit is kept: it would be scattered the same way. A unit's own series is read by
-- walking the dates (one key lookup a day, see gb-store-series.c); sums over a district or a
-- province read the dates in order, as the chart needs them anyway. Deleting a unit (rare: a
-- unit deleted on the server) scans these tables for its rows.

CREATE TABLE case_reports_new (
  unit_code      TEXT NOT NULL REFERENCES units (code) ON DELETE CASCADE,
  date           TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  community      INTEGER NOT NULL DEFAULT 0 CHECK (community >= 0),
  quarantine     INTEGER NOT NULL DEFAULT 0 CHECK (quarantine >= 0),
  unknown_source INTEGER NOT NULL DEFAULT 0 CHECK (unknown_source >= 0),
  deaths         INTEGER CHECK (deaths IS NULL OR deaths >= 0),
  recovered      INTEGER CHECK (recovered IS NULL OR recovered >= 0),
  tests          INTEGER CHECK (tests IS NULL OR tests >= 0),
  simulated      INTEGER NOT NULL DEFAULT 0,
  received_at    TEXT NOT NULL,
  PRIMARY KEY (date, unit_code)
) WITHOUT ROWID;
INSERT INTO case_reports_new SELECT unit_code, date, community, quarantine, unknown_source, deaths,
  recovered, tests, simulated, received_at FROM case_reports ORDER BY date, unit_code;
DROP TABLE case_reports;
ALTER TABLE case_reports_new RENAME TO case_reports;

CREATE TRIGGER case_reports_keep_revision
AFTER UPDATE ON case_reports
WHEN OLD.community IS NOT NEW.community OR OLD.quarantine IS NOT NEW.quarantine
  OR OLD.unknown_source IS NOT NEW.unknown_source OR OLD.deaths IS NOT NEW.deaths
  OR OLD.recovered IS NOT NEW.recovered OR OLD.tests IS NOT NEW.tests
BEGIN
  INSERT INTO case_report_revisions
    VALUES (OLD.unit_code, OLD.date, OLD.community, OLD.quarantine, OLD.unknown_source,
            OLD.deaths, OLD.recovered, OLD.tests, OLD.received_at, NEW.received_at);
END;

CREATE TABLE vaccinations_new (
  unit_code       TEXT NOT NULL REFERENCES units (code) ON DELETE CASCADE,
  date            TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  pop_18          INTEGER CHECK (pop_18 IS NULL OR pop_18 >= 0),
  pop_65          INTEGER CHECK (pop_65 IS NULL OR pop_65 >= 0),
  dose1_18        INTEGER CHECK (dose1_18 IS NULL OR dose1_18 >= 0),
  full_18         INTEGER CHECK (full_18 IS NULL OR full_18 >= 0),
  full_65         INTEGER CHECK (full_65 IS NULL OR full_65 >= 0),
  doses_given     INTEGER CHECK (doses_given IS NULL OR doses_given >= 0),
  doses_allocated INTEGER CHECK (doses_allocated IS NULL OR doses_allocated >= 0),
  simulated       INTEGER NOT NULL DEFAULT 0,
  received_at     TEXT NOT NULL,
  PRIMARY KEY (date, unit_code)
) WITHOUT ROWID;
INSERT INTO vaccinations_new SELECT unit_code, date, pop_18, pop_65, dose1_18, full_18, full_65,
  doses_given, doses_allocated, simulated, received_at FROM vaccinations ORDER BY date, unit_code;
DROP TABLE vaccinations;
ALTER TABLE vaccinations_new RENAME TO vaccinations;
