-- 0010-daemon-tokens.sql — giaoband's tokens can expire and be revoked.
--
-- A token past expires_at (ISO 8601 UTC, as gb_store_now_iso() writes) is refused. A revoked
-- token's hash is replaced by one no token has ('revoked:' and the user's id), so it can never
-- match again, and revoked_at says when; the user keeps their name and role until given a
-- new token.
ALTER TABLE daemon_users ADD COLUMN expires_at TEXT;
ALTER TABLE daemon_users ADD COLUMN revoked_at TEXT;
