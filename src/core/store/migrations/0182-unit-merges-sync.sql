-- 0182-unit-merges-sync.sql — merges entered by hand travel with the sync
--
-- A merge a secretary enters on one laptop must reach giaoband and the other laptops, and so
-- must its undo: each merge gets a uid (its sync key), an undone merge stays as a row with
-- undone_at (giaoband checks the rows an undo writes against it, and every copy learns of
-- it), and the changeset is kept only where the merge was entered (a merge pulled from the
-- server has none: its rows came from the feed, and it is undone where it was made).
-- Every existing merge (0181) is kept, with its changeset, under a new uid.
CREATE TABLE unit_merges_synced (
  id         INTEGER PRIMARY KEY,
  uid        TEXT NOT NULL UNIQUE,
  successor  TEXT NOT NULL,
  date       TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  codes      TEXT NOT NULL,   -- the merging units, comma-separated
  source     TEXT,
  entered_at TEXT NOT NULL,
  changes    BLOB,            -- NULL: entered on another copy
  undone_at  TEXT             -- when it was taken back; NULL: in force
);
INSERT INTO unit_merges_synced (id, uid, successor, date, codes, source, entered_at, changes)
  SELECT id, lower (hex (randomblob (4))) || '-' || lower (hex (randomblob (2))) || '-4' ||
             substr (lower (hex (randomblob (2))), 2) || '-' || substr ('89ab', 1 + (abs (random ()) % 4), 1) ||
             substr (lower (hex (randomblob (2))), 2) || '-' || lower (hex (randomblob (6))),
         successor, date, codes, source, entered_at, changes
  FROM unit_merges;
DROP INDEX IF EXISTS unit_merges_successor;
DROP TABLE unit_merges;
ALTER TABLE unit_merges_synced RENAME TO unit_merges;
CREATE INDEX unit_merges_successor ON unit_merges (successor, date);
