-- 0004-sync.sql — the server side of the sync (giaoband): the change feed, pushes applied once,
-- the conflicts it kept, its users and its audit log. A client copy has these tables too (one
-- schema for both), empty.

-- One row per synced row (tbl, key): a changed row moves to a new, higher seq, so a client
-- resuming from any seq gets every row that changed since, once. key is canonical JSON
-- (members sorted by name, no spaces). changed is the seq of the row's own last change when
-- the row was only moved after a parent (NULL: seq itself); conflicts are judged on it.
CREATE TABLE change_log (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  tbl     TEXT NOT NULL,
  key     TEXT NOT NULL CHECK (json_valid (key)),
  op      TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  changed INTEGER,
  UNIQUE (tbl, key)
);

-- Every pushed change id the server has answered, with the answer: a retried push gets the
-- same answer and nothing is applied twice.
CREATE TABLE push_receipts (
  change_id   TEXT PRIMARY KEY NOT NULL,
  client_id   TEXT NOT NULL,
  user_name   TEXT NOT NULL,
  result      TEXT NOT NULL CHECK (result IN ('applied', 'conflict')),
  received_at TEXT NOT NULL
);

-- A pushed edit refused because the row had changed on the server since the client saw it:
-- the server keeps its own version in the table and the client's here.
CREATE TABLE push_conflicts (
  id          INTEGER PRIMARY KEY,
  change_id   TEXT NOT NULL UNIQUE,
  client_id   TEXT NOT NULL,
  user_name   TEXT NOT NULL,
  tbl         TEXT NOT NULL,
  key         TEXT NOT NULL CHECK (json_valid (key)),
  server_row  TEXT CHECK (server_row IS NULL OR json_valid (server_row)),
  client_row  TEXT CHECK (client_row IS NULL OR json_valid (client_row)),
  detected_at TEXT NOT NULL
);

-- Daemon users. Only the SHA-256 of a token is kept; the token is shown once.
CREATE TABLE daemon_users (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  role         TEXT NOT NULL CHECK (role IN ('viewer', 'secretary', 'admin') OR role GLOB 'district:?*'),
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL
);

-- Every write through the daemon: who, what, when.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action    TEXT NOT NULL,
  detail    TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
