-- 0011-sync-pushed.sql — what this copy pushed, so that it can send it again to a restored server
--
-- A server restored from an older backup has lost the changes it took after that backup. Its
-- feed then starts a new epoch (gb_sync_feed_new_epoch()), saying at which sequence the backup
-- ended; a client that sees it syncs again from the start and queues once more every edit it
-- pushed after that sequence (the server's "last" when it took the edit).
CREATE TABLE sync_pushed (
  tbl   TEXT NOT NULL,
  key   TEXT NOT NULL,
  op    TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  last  INTEGER NOT NULL,
  PRIMARY KEY (tbl, key)
);
