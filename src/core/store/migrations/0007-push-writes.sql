-- 0007-push-writes.sql — which client last wrote each row through a push (giaoband).
--
-- A client's base_seq cannot tell its own earlier push from another client's edit: both move
-- the row past it, so a second offline edit of the same row would conflict with the client's
-- own first one. The push intake records here the client and the row's feed seq (change_log's
-- changed) after every change it applies; a row whose last change is that very entry was last
-- written by that client, and no other client wrote it in between (another client's edit
-- would have moved the seq on), so the check ignores it. A write by anyone else (another
-- client, a report, an import) leaves the entry behind with an older seq.
CREATE TABLE push_writes (
  tbl       TEXT NOT NULL,
  key       TEXT NOT NULL,
  client_id TEXT NOT NULL,
  changed   INTEGER NOT NULL,
  PRIMARY KEY (tbl, key)
) WITHOUT ROWID;
