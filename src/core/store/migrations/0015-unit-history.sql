-- 0015-unit-history.sql — administrative units over time.
--
-- Communes merge, split and are renamed; since 1 July 2025 districts no longer exist and 63
-- provinces became 34. A unit keeps its code (the key every series and level points at) and its
-- life in units.valid_from / units.valid_to (valid_to is the first day it no longer exists;
-- NULL: open). GSO codes are reused: the commune 00004 of 2021 (Phường Trúc Bạch) went into the
-- commune 00004 of 2025 (Phường Ba Đình). Such a code lives on with new attributes, kept here as
-- versions; a unit without a version row keeps the attributes of its units row.

CREATE TABLE unit_versions (
  code        TEXT NOT NULL REFERENCES units (code) ON DELETE CASCADE,
  valid_from  TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  parent_code TEXT,
  name        TEXT NOT NULL,
  type        TEXT,
  population  INTEGER CHECK (population IS NULL OR population >= 0),
  PRIMARY KEY (code, valid_from)
) WITHOUT ROWID;

-- From @date on, the territory of @predecessor (all of it, or part of it when @partial) belongs
-- to @successor. A unit that lives on in a merge is its own successor; a code given to another
-- unit is not. The series of a whole predecessor, before @date, count for its successor.
CREATE TABLE unit_successions (
  predecessor TEXT NOT NULL REFERENCES units (code) ON DELETE CASCADE,
  successor   TEXT NOT NULL REFERENCES units (code) ON DELETE CASCADE,
  date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  kind        TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),
  partial     INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),
  source      TEXT,
  PRIMARY KEY (predecessor, successor, date)
) WITHOUT ROWID;
CREATE INDEX unit_successions_successor ON unit_successions (successor, date);
CREATE INDEX units_valid ON units (valid_from, valid_to);
