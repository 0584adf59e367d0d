-- 0008-push-rejections.sql — a pushed change the server cannot take is refused on its own, and
-- status changes travel with their history.
--
-- A change naming a row the server does not have (progress on an item deleted there meanwhile),
-- a value out of range, or a table or commune the user's role may not write used to
-- refuse the whole push: the client sent the same push at every sync and nothing else of its
-- went up, nor did anything come down. Now that change alone is refused ('rejected', with the
-- server's message), the others are applied, and the client keeps the refusal for a person.

-- Server side: the rejected changes, apart from push_receipts (applied or conflict), so that a
-- retried push gets the same answer.
CREATE TABLE push_rejections (
  change_id   TEXT PRIMARY KEY NOT NULL,
  client_id   TEXT NOT NULL,
  user_name   TEXT NOT NULL,
  status      INTEGER NOT NULL CHECK (status IN (403, 422)),   -- the change alone would have had
  message     TEXT NOT NULL,
  received_at TEXT NOT NULL
);

-- Client side: the server's reason when it refused the change (NULL for a conflict).
ALTER TABLE sync_conflicts ADD COLUMN reason TEXT;

-- The status log gets a sync key. Rows are only ever added, so a random uid is all it needs
-- (made here by default, so every writer of the log gets one); the rows already there get
-- one each as they are copied.
CREATE TABLE item_status_log_new (
  id      INTEGER PRIMARY KEY,
  uid     TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (16)))),
  item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  status  TEXT NOT NULL,
  author  TEXT,
  at      TEXT NOT NULL
);
INSERT INTO item_status_log_new (id, item_id, status, author, at)
  SELECT id, item_id, status, author, at FROM item_status_log ORDER BY id;
DROP TABLE item_status_log;
ALTER TABLE item_status_log_new RENAME TO item_status_log;
CREATE INDEX item_status_log_item ON item_status_log (item_id, id);
