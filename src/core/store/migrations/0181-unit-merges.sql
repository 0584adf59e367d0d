-- 0181-unit-merges.sql — the merges entered by hand, so one can be taken back
--
-- The mergers of 2023–2025 are in no file: a secretary enters them (giaoban-cli units merge,
-- the app's Merge Units window). A mistyped date or code must be undoable without editing the
-- tables by hand, and only what that merge wrote may be undone: each row keeps the SQLite
-- changeset of the merge (units, unit_versions, unit_successions), whose inverse undoes it.
CREATE TABLE unit_merges (
  id         INTEGER PRIMARY KEY,
  successor  TEXT NOT NULL,
  date       TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  codes      TEXT NOT NULL,   -- the merging units, comma-separated
  source     TEXT,
  entered_at TEXT NOT NULL,
  changes    BLOB NOT NULL
);
CREATE INDEX unit_merges_successor ON unit_merges (successor, date);
