-- Offline sync, the client side: the outbox of local edits waiting to be pushed to giaoband,
-- and the conflicts the server reported, kept until a person resolves them.
-- The cursor and the server it belongs to live in sync_state (0001).

-- One entry per edited row: the row itself is read when the push is sent, so several edits
-- before a push travel as one change. change_id is the id the server uses to apply a retried
-- push once. base_seq is the feed sequence the client had pulled when the edit was made: the
-- server reports a conflict when the row changed after it. An entry marked sent is frozen (the
-- server may already hold it); a later edit of the same row gets an entry of its own.
CREATE TABLE outbox (
  id         INTEGER PRIMARY KEY,
  change_id  TEXT NOT NULL UNIQUE,
  tbl        TEXT NOT NULL,
  key        TEXT NOT NULL CHECK (json_valid (key)),
  op         TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  base_seq   INTEGER NOT NULL DEFAULT 0 CHECK (base_seq >= 0),
  created_at TEXT NOT NULL,
  sent_at    TEXT
);
CREATE INDEX outbox_row ON outbox (tbl, key);

-- An edit the server refused because the row had changed there since base_seq. The local row
-- takes the server's version so every copy agrees; the client's version is kept here for a
-- person to look at and, if they choose, apply again.
CREATE TABLE sync_conflicts (
  id          INTEGER PRIMARY KEY,
  change_id   TEXT NOT NULL UNIQUE,
  tbl         TEXT NOT NULL,
  key         TEXT NOT NULL CHECK (json_valid (key)),
  server_row  TEXT CHECK (server_row IS NULL OR json_valid (server_row)),   -- NULL: deleted there
  client_row  TEXT CHECK (client_row IS NULL OR json_valid (client_row)),   -- NULL: deleted here
  detected_at TEXT NOT NULL,
  resolved_at TEXT,
  resolution  TEXT CHECK (resolution IS NULL OR resolution IN ('server', 'client'))
);
CREATE INDEX sync_conflicts_open ON sync_conflicts (resolved_at);

INSERT OR IGNORE INTO sync_state (key, value) VALUES ('cursor', '0');
