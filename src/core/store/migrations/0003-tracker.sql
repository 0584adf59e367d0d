-- Directive tracker: full-text search over documents and items, diacritics-insensitive.
-- "đ" is not a diacritic to unicode61, so the indexed text has đ/Đ replaced by d/D (queries
-- are folded the same way in gb-store-tracker.c).
CREATE VIRTUAL TABLE tracker_fts USING fts5 (
  text,
  document_id UNINDEXED,
  item_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO tracker_fts (text, document_id, item_id)
  SELECT replace (replace (coalesce (subject, '') || ' ' || coalesce (number, '') || ' ' || body, 'đ', 'd'), 'Đ', 'D'), id, NULL FROM documents;
INSERT INTO tracker_fts (text, document_id, item_id)
  SELECT replace (replace (text, 'đ', 'd'), 'Đ', 'D'), document_id, id FROM items;

CREATE TRIGGER tracker_fts_doc_insert AFTER INSERT ON documents BEGIN
  INSERT INTO tracker_fts (text, document_id, item_id)
  VALUES (replace (replace (coalesce (new.subject, '') || ' ' || coalesce (new.number, '') || ' ' || new.body, 'đ', 'd'), 'Đ', 'D'), new.id, NULL);
END;
CREATE TRIGGER tracker_fts_doc_update AFTER UPDATE OF subject, number, body ON documents BEGIN
  DELETE FROM tracker_fts WHERE document_id = old.id AND item_id IS NULL;
  INSERT INTO tracker_fts (text, document_id, item_id)
  VALUES (replace (replace (coalesce (new.subject, '') || ' ' || coalesce (new.number, '') || ' ' || new.body, 'đ', 'd'), 'Đ', 'D'), new.id, NULL);
END;
CREATE TRIGGER tracker_fts_doc_delete AFTER DELETE ON documents BEGIN
  DELETE FROM tracker_fts WHERE document_id = old.id;
END;
CREATE TRIGGER tracker_fts_item_insert AFTER INSERT ON items BEGIN
  INSERT INTO tracker_fts (text, document_id, item_id)
  VALUES (replace (replace (new.text, 'đ', 'd'), 'Đ', 'D'), new.document_id, new.id);
END;
CREATE TRIGGER tracker_fts_item_update AFTER UPDATE OF text ON items BEGIN
  DELETE FROM tracker_fts WHERE item_id = old.id;
  INSERT INTO tracker_fts (text, document_id, item_id)
  VALUES (replace (replace (new.text, 'đ', 'd'), 'Đ', 'D'), new.document_id, new.id);
END;
CREATE TRIGGER tracker_fts_item_delete AFTER DELETE ON items BEGIN
  DELETE FROM tracker_fts WHERE item_id = old.id;
END;

CREATE INDEX item_status_log_item ON item_status_log (item_id, id);
