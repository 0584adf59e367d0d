-- 0170-notify.sql — each giaoband learns of a change to the feed or to the users without asking
-- (src/daemon/gb-store-pg-watch.c)
--
-- Every feed page began with a round trip for the feed's last, and a token was looked up again
-- every 2 seconds on giaoband's main thread. A writer now NOTIFYs gb_feed when it changes the
-- feed (gb_rows, or the epoch in gb_meta) and gb_users when it changes daemon_users; PostgreSQL
-- delivers a notification once its transaction commits, and the same notification many times
-- in one transaction only once. Each giaoband LISTENs on a connection of its own and reads the
-- feed's last or the tokens again then.
CREATE FUNCTION gb_notify_feed () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify ('gb_feed', '');
  RETURN NULL;
END $$;

CREATE FUNCTION gb_notify_users () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify ('gb_users', '');
  RETURN NULL;
END $$;

CREATE TRIGGER gb_rows_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gb_rows
  FOR EACH STATEMENT EXECUTE FUNCTION gb_notify_feed ();
CREATE TRIGGER gb_meta_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gb_meta
  FOR EACH STATEMENT EXECUTE FUNCTION gb_notify_feed ();
CREATE TRIGGER daemon_users_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON daemon_users
  FOR EACH STATEMENT EXECUTE FUNCTION gb_notify_users ();
