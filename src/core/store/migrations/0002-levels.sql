-- 0002-levels.sql — rule sets for epidemic levels, versioned thresholds, treatment capacity,
-- and the history of revoked level overrides.

-- A rule set: 'zones' (QĐ 2686 zones) or 'levels' (NQ 128 / QĐ 4800 levels).
CREATE TABLE rule_sets (
  id      TEXT PRIMARY KEY NOT NULL,
  kind    TEXT NOT NULL CHECK (kind IN ('zones', 'levels')),
  name    TEXT NOT NULL,
  builtin INTEGER NOT NULL DEFAULT 0
);

-- Thresholds are never updated in place: a change is a new row valid from a date, so past dates
-- keep being computed with the values in force then. For a date, the row with the latest
-- valid_from on or before it wins (ties: the newest id).
CREATE TABLE rule_thresholds (
  id         INTEGER PRIMARY KEY,
  rule_set   TEXT NOT NULL REFERENCES rule_sets (id),
  key        TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  value      REAL NOT NULL,
  author     TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX rule_thresholds_set ON rule_thresholds (rule_set, key, valid_from);

-- Which rule set applies from which date (until the next row).
CREATE TABLE rule_set_periods (
  date_from TEXT PRIMARY KEY NOT NULL,
  rule_set  TEXT NOT NULL REFERENCES rule_sets (id)
);

-- NQ 128 criterion 3, entered by hand; a unit without a row is OK.
CREATE TABLE treatment_capacity (
  unit_code  TEXT PRIMARY KEY NOT NULL REFERENCES units (code) ON DELETE CASCADE,
  ok         INTEGER NOT NULL DEFAULT 1 CHECK (ok IN (0, 1)),
  updated_at TEXT NOT NULL
);

-- Who revoked an override, when and why (level_overrides.revoked_at says only when).
CREATE TABLE level_override_revocations (
  override_uid TEXT PRIMARY KEY NOT NULL REFERENCES level_overrides (uid),
  reason       TEXT NOT NULL,
  author       TEXT NOT NULL,
  revoked_at   TEXT NOT NULL
);

INSERT INTO rule_sets (id, kind, name, builtin) VALUES
  ('qd2686', 'zones', 'QĐ 2686/QĐ-BCĐQG (31/5/2021)', 1),
  ('nq128', 'levels', 'NQ 128/NQ-CP, QĐ 4800/QĐ-BYT (11/10/2021)', 1);

INSERT INTO rule_set_periods (date_from, rule_set) VALUES
  ('0001-01-01', 'qd2686'),
  ('2021-10-11', 'nq128');

INSERT INTO rule_thresholds (rule_set, key, valid_from, value, author, created_at) VALUES
  -- QĐ 2686: window, yellow above this many F0 per 100,000 in the window, any unknown-source F0
  -- makes a commune red; roll-up shares.
  ('qd2686', 'window_days',         '0001-01-01', 14,   'built-in', '2021-05-31T00:00:00Z'),
  ('qd2686', 'yellow_per_100k',     '0001-01-01', 1,    'built-in', '2021-05-31T00:00:00Z'),
  ('qd2686', 'red_unknown_source',  '0001-01-01', 1,    'built-in', '2021-05-31T00:00:00Z'),
  ('qd2686', 'rollup_very_high',    '0001-01-01', 0.30, 'built-in', '2021-05-31T00:00:00Z'),
  ('qd2686', 'rollup_high',         '0001-01-01', 0.50, 'built-in', '2021-05-31T00:00:00Z'),
  -- NQ 128 / QĐ 4800: 7-day bands, coverage, raise rule, matrix, roll-up shares.
  ('nq128', 'window_days',          '0001-01-01', 7,    'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'band_1',               '0001-01-01', 20,   'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'band_2',               '0001-01-01', 50,   'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'band_3',               '0001-01-01', 150,  'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'dose1_18_high',        '0001-01-01', 0.70, 'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'full_65_target',       '0001-01-01', 0.80, 'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'level_zero',           '0001-01-01', 1,    'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'level_band0_high',     '0001-01-01', 1,    'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'level_band0_low',      '0001-01-01', 2,    'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'level_band1_high',     '0001-01-01', 2,    'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'level_band1_low',      '0001-01-01', 3,    'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'level_band2_high',     '0001-01-01', 3,    'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'level_band2_low',      '0001-01-01', 4,    'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'level_band3_high',     '0001-01-01', 4,    'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'level_band3_low',      '0001-01-01', 4,    'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'rollup_very_high',     '0001-01-01', 0.30, 'built-in', '2021-10-11T00:00:00Z'),
  ('nq128', 'rollup_high',          '0001-01-01', 0.50, 'built-in', '2021-10-11T00:00:00Z');
