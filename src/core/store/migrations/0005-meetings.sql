-- Meetings (giao ban) and the conclusion notices drafted after them.
-- A draft stays here until it is issued; issuing copies it into documents/items (the tracker's
-- model) and records the document id, so the draft remains the editable source of the notice.

CREATE TABLE meetings (
  id             INTEGER PRIMARY KEY,
  uid            TEXT NOT NULL UNIQUE,
  date           TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  subject        TEXT NOT NULL,   -- "giao ban công tác phòng, chống dịch COVID-19"
  chair          TEXT,
  participants   TEXT,            -- one per line
  reported_units TEXT,            -- one per line: units that reported at the meeting
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX meetings_date ON meetings (date);

CREATE TABLE conclusion_drafts (
  id           INTEGER PRIMARY KEY,
  uid          TEXT NOT NULL UNIQUE,
  meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  issuer       TEXT NOT NULL,     -- "TỈNH ỦY NINH THUẬN"
  number       TEXT,              -- "125-TB/TU"
  place        TEXT NOT NULL,
  date         TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  opening      TEXT NOT NULL,
  recipients   TEXT,              -- one per line
  signing_form TEXT NOT NULL,
  signer_title TEXT,
  signer       TEXT,
  document_id  INTEGER REFERENCES documents (id) ON DELETE SET NULL,  -- set when issued
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX conclusion_drafts_meeting ON conclusion_drafts (meeting_id);

CREATE TABLE conclusion_sections (
  draft_id INTEGER NOT NULL REFERENCES conclusion_drafts (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  heading  TEXT NOT NULL,
  body     TEXT,
  PRIMARY KEY (draft_id, position)
);

CREATE TABLE conclusion_tasks (
  draft_id         INTEGER NOT NULL REFERENCES conclusion_drafts (id) ON DELETE CASCADE,
  section_position INTEGER NOT NULL,
  position         INTEGER NOT NULL,
  text             TEXT NOT NULL,
  units            TEXT,          -- responsible units, one per line, the lead first
  due_date         TEXT CHECK (due_date IS NULL OR due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  due_text         TEXT,
  PRIMARY KEY (draft_id, section_position, position)
);
