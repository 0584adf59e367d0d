-- 0070-outbox-base-row.sql — the row as it was before a local edit, for merging field by field
--
-- A queued edit of a row that another copy changed meanwhile used to be a conflict of the
-- whole row. With the row as this copy last had it (before its first unsent edit), the server
-- can tell which fields each side changed: different fields merge, only a field changed on
-- both sides is a conflict. NULL: a new row, or an entry queued before this migration (those
-- conflict as whole rows, as before).
ALTER TABLE outbox ADD COLUMN base_row TEXT CHECK (base_row IS NULL OR json_valid (base_row));
