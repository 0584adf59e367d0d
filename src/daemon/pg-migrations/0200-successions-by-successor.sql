-- 0200-successions-by-successor.sql — the units' history follows a laptop's area (issue 21)
--
-- An area's page sends a unit made from a unit of the area (the district two districts became,
-- a commune of the 2025 reform), and its versions, to the area's laptops: a unit's successions
-- are looked up by their successor (gb_rows.unit) for each such row (gb-store-pg-area.h), as
-- SQLite does with unit_successions_successor.
CREATE INDEX gb_rows_successions ON gb_rows (unit) WHERE tbl = 'unit_successions' AND op = 'upsert';

-- A successor that was there before the succession (a district merged into its neighbour)
-- moves after it, as SQLite's feed logs it again (gb_feed_successor): the laptops that hold it
-- from now on get its row, not a placeholder. No row changes but its seq.
CREATE FUNCTION gb_rows_successor () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE gb_rows SET seq = nextval ('gb_feed_seq')
  WHERE tbl = 'units' AND op = 'upsert' AND ident = 'units:' || NEW.unit AND seq < NEW.seq;
  RETURN NULL;
END $$;

CREATE TRIGGER gb_rows_successor AFTER INSERT OR UPDATE OF op, seq ON gb_rows FOR EACH ROW
  WHEN (NEW.tbl = 'unit_successions' AND NEW.op = 'upsert' AND NEW.unit IS NOT NULL)
  EXECUTE FUNCTION gb_rows_successor ();
