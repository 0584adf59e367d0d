-- Giao Ban schema, version 1.
-- Later versions add tables through new numbered files next to this one; never edit a released one.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT
);

-- Administrative units: province (1), district (2), commune (3). The GSO code is the key; names
-- are labels and may change, so units carry validity dates.
CREATE TABLE units (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  parent_code TEXT,
  name        TEXT NOT NULL,
  type        TEXT,
  population  INTEGER CHECK (population IS NULL OR population >= 0),
  pop_18      INTEGER CHECK (pop_18 IS NULL OR pop_18 >= 0),
  pop_65      INTEGER CHECK (pop_65 IS NULL OR pop_65 >= 0),
  valid_from  TEXT,
  valid_to    TEXT,
  geometry    BLOB,      -- packed rings, see gb-geometry.c
  min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL
);
CREATE INDEX units_parent ON units (parent_code);
CREATE INDEX units_level ON units (level);

-- Bounding boxes of unit geometries, keyed by units.id.
CREATE VIRTUAL TABLE units_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat);

-- Daily case reports per unit. The current value lives here; every value it replaced is kept in
-- case_report_revisions with the time it was received, so "as of" questions stay answerable.
CREATE TABLE case_reports (
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
  PRIMARY KEY (unit_code, date)
) WITHOUT ROWID;
CREATE INDEX case_reports_date ON case_reports (date);

CREATE TABLE case_report_revisions (
  unit_code      TEXT NOT NULL,
  date           TEXT NOT NULL,
  community      INTEGER NOT NULL,
  quarantine     INTEGER NOT NULL,
  unknown_source INTEGER NOT NULL,
  deaths         INTEGER,
  recovered      INTEGER,
  tests          INTEGER,
  received_at    TEXT NOT NULL,
  replaced_at    TEXT NOT NULL
);
CREATE INDEX case_report_revisions_key ON case_report_revisions (unit_code, date);

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

-- Vaccination per unit and day; the people counts are cumulative as of that day.
CREATE TABLE vaccinations (
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
  PRIMARY KEY (unit_code, date)
) WITHOUT ROWID;
CREATE INDEX vaccinations_date ON vaccinations (date);

-- Documents (công văn, thông báo kết luận, điện, chỉ thị …) and their numbered items.
CREATE TABLE documents (
  id           INTEGER PRIMARY KEY,
  uid          TEXT NOT NULL UNIQUE,
  kind         TEXT,
  number       TEXT,          -- as written: "154-CV/TU", "1102/CĐ-TTg"
  issuer       TEXT,
  place        TEXT,
  date         TEXT,
  subject      TEXT,
  signer       TEXT,
  signer_title TEXT,
  signing_form TEXT,          -- "T/M BAN THƯỜNG VỤ"
  body         TEXT NOT NULL,
  source_name  TEXT,
  origin       TEXT NOT NULL DEFAULT 'imported' CHECK (origin IN ('imported', 'composed', 'demo', 'synced')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX documents_date ON documents (date);

CREATE TABLE document_recipients (
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  role        TEXT NOT NULL CHECK (role IN ('addressee', 'recipient')),
  position    INTEGER NOT NULL,
  text        TEXT NOT NULL,
  PRIMARY KEY (document_id, role, position)
);

-- References from a document to another ("Kết luận số 07-KL/TW, ngày 11/6/2021").
CREATE TABLE document_references (
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  text        TEXT NOT NULL,
  kind        TEXT,
  number      TEXT,
  date        TEXT,
  target_id   INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  PRIMARY KEY (document_id, position)
);

CREATE TABLE items (
  id          INTEGER PRIMARY KEY,
  uid         TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  parent_id   INTEGER REFERENCES items (id) ON DELETE CASCADE,
  path        TEXT NOT NULL,     -- numbering as written, "3.2", "3.2.4"
  level       INTEGER NOT NULL CHECK (level >= 1),
  position    INTEGER NOT NULL,
  text        TEXT NOT NULL,
  is_task     INTEGER NOT NULL DEFAULT 1,
  due_date    TEXT,
  due_text    TEXT,              -- the words the date came from, "trong dịp nghỉ lễ 30/4, 01/5"
  recurrence  TEXT,              -- "weekly", "continuous" …
  status      TEXT NOT NULL DEFAULT 'new'
              CHECK (status IN ('new', 'in_progress', 'done', 'cancelled')),
  done_date   TEXT,
  updated_at  TEXT NOT NULL
);
CREATE INDEX items_document ON items (document_id, position);
CREATE INDEX items_due ON items (due_date) WHERE due_date IS NOT NULL;

CREATE TABLE organisations (
  id         INTEGER PRIMARY KEY,
  uid        TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL UNIQUE,
  short_name TEXT,
  kind       TEXT,
  builtin    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE organisation_aliases (
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  alias           TEXT NOT NULL,
  PRIMARY KEY (organisation_id, alias)
);

CREATE TABLE item_assignments (
  item_id         INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  role            TEXT NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'cooperate')),
  PRIMARY KEY (item_id, organisation_id)
);
CREATE INDEX item_assignments_org ON item_assignments (organisation_id);

CREATE TABLE progress_updates (
  id         INTEGER PRIMARY KEY,
  uid        TEXT NOT NULL UNIQUE,
  item_id    INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  date       TEXT NOT NULL,
  text       TEXT NOT NULL,
  author     TEXT,
  percent    INTEGER CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),
  created_at TEXT NOT NULL
);
CREATE INDEX progress_updates_item ON progress_updates (item_id, date);

-- Status changes are an append-only log; items.status is the latest entry.
CREATE TABLE item_status_log (
  id      INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  status  TEXT NOT NULL,
  author  TEXT,
  at      TEXT NOT NULL
);

-- Levels declared by the committee; the computed level is advice.
CREATE TABLE level_overrides (
  id         INTEGER PRIMARY KEY,
  uid        TEXT NOT NULL UNIQUE,
  unit_code  TEXT NOT NULL REFERENCES units (code) ON DELETE CASCADE,
  date_from  TEXT NOT NULL,
  date_to    TEXT,
  level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  reason     TEXT NOT NULL,
  author     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  CHECK (date_to IS NULL OR date_to >= date_from)
);
CREATE INDEX level_overrides_unit ON level_overrides (unit_code, date_from);

-- Where the sync with giaoband stands (server URL, cursor, last success).
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT
);
