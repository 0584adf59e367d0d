-- 0090-feed.sql — giaoband on PostgreSQL: every synced row as the feed sends it, the feed's
-- sequence, pushes answered once, users and the audit log (src/daemon/gb-store-pg*.c).

CREATE TABLE gb_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

-- The feed's sequence: taken by the writing transaction while it holds the feed lock
-- (pg_advisory_xact_lock), so rows commit in the order of their seq.
CREATE SEQUENCE gb_feed_seq;

-- One row per synced row (tbl, key), deleted rows kept as 'delete': a changed row moves to a
-- new, higher seq (as change_log does on SQLite). changed is the seq of the row's own last
-- change (a row moved after its parent keeps it); writer the client whose push wrote it.
CREATE TABLE gb_rows (
  tbl      text   NOT NULL,
  key      text   NOT NULL,
  op       text   NOT NULL CHECK (op IN ('upsert', 'delete')),
  seq      bigint NOT NULL UNIQUE,
  changed  bigint NOT NULL,
  writer   text,
  ident    text,                      -- 'table:value' other rows name it by
  parents  text[] NOT NULL DEFAULT '{}',  -- the idents it names
  owners   text[] NOT NULL DEFAULT '{}',  -- those it cannot be without
  unit     text,
  row_obj  text,                      -- the row as the feed sends it
  row_arr  text,                      -- its values in the compact format
  PRIMARY KEY (tbl, key)
);
CREATE INDEX gb_rows_ident ON gb_rows (ident) WHERE ident IS NOT NULL;
CREATE INDEX gb_rows_parents ON gb_rows USING gin (parents);

CREATE TABLE push_receipts (
  change_id   text PRIMARY KEY,
  client_id   text NOT NULL,
  user_name   text NOT NULL,
  result      text NOT NULL CHECK (result IN ('applied', 'conflict')),
  received_at text NOT NULL
);

CREATE TABLE push_rejections (
  change_id   text PRIMARY KEY,
  client_id   text NOT NULL,
  user_name   text NOT NULL,
  received_at text NOT NULL,
  status      integer NOT NULL,
  message     text NOT NULL
);

CREATE TABLE push_conflicts (
  id          bigserial PRIMARY KEY,
  change_id   text NOT NULL UNIQUE,
  client_id   text NOT NULL,
  user_name   text NOT NULL,
  tbl         text NOT NULL,
  key         text NOT NULL,
  server_row  text,
  client_row  text,
  detected_at text NOT NULL
);

CREATE TABLE daemon_users (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL UNIQUE,
  role         text NOT NULL CHECK (role IN ('viewer', 'secretary', 'admin') OR role ~ '^district:.+'),
  token_sha256 text NOT NULL UNIQUE,
  created_at   text NOT NULL,
  expires_at   text,
  revoked_at   text
);

CREATE TABLE audit_log (
  id        bigserial PRIMARY KEY,
  at        text NOT NULL,
  user_name text NOT NULL,
  action    text NOT NULL,
  detail    text
);
CREATE INDEX audit_log_at ON audit_log (at);
