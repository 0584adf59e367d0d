-- 0031-review.sql — implausible values held for a person to confirm or correct.
--
-- A value far outside its commune's recent range (above ten times the median of its last 7
-- days and above a floor), a negative count, or a cumulative total that falls is not written
-- to case_reports or vaccinations as received: the last confirmed value stays in use, and the
-- value waits here until someone confirms it (it is then written) or corrects it (the
-- correction is). A newer report of the same unit-day supersedes it. The decision stays on the row with who made it, when and why: the audit.
-- Rows travel with the sync both ways (the outbox and the feed), so every copy shows the same
-- queue and the same decisions.
CREATE TABLE review_items (
  id           INTEGER PRIMARY KEY,
  uid          TEXT NOT NULL UNIQUE,
  tbl          TEXT NOT NULL CHECK (tbl IN ('case_reports', 'vaccinations')),
  unit_code    TEXT NOT NULL,
  date         TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  field        TEXT NOT NULL,
  value        INTEGER NOT NULL,      -- as received
  in_use       INTEGER,               -- the last confirmed value, used meanwhile (NULL: none)
  rule         TEXT NOT NULL CHECK (rule IN ('negative', 'jump', 'fall')),
  median       REAL,                  -- the 7-day median a jump was measured against
  received_at  TEXT NOT NULL,
  decision     TEXT CHECK (decision IS NULL OR decision IN ('confirmed', 'corrected', 'superseded')),
  decided_value INTEGER,
  decided_by   TEXT,
  decided_at   TEXT,
  decided_why  TEXT,
  CHECK ((decision IS NULL) = (decided_at IS NULL))
);
CREATE INDEX review_items_open ON review_items (decision, unit_code);
