-- 0110-feed-province.sql — the province of each synced row, for sync by area (as SQLite's
-- migration 0110 gives change_log)
--
-- An area's page tested every row of the feed against the units: a province's first sync
-- from a national server read the whole country. Each row of a unit now names the unit's
-- province (NULL for a province's own rows, rows of no unit and deletes: those go to every
-- area), kept by a trigger whichever statement writes the row; an area's page reads its
-- province's rows and the NULL ones by the index on (province, seq), in seq order, tested as before. A unit
-- moved to another parent or level leaves the rows of it and its children NULL, always safe.
ALTER TABLE gb_rows ADD COLUMN province text;

-- The province of the unit @code: its parent for a district, its parent's parent for a
-- commune, NULL for a province or a unit not (yet) known.
CREATE FUNCTION gb_unit_province (code text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE u.row_obj::json ->> 'level' WHEN '2' THEN u.row_obj::json ->> 'parent_code'
                                          WHEN '3' THEN p.row_obj::json ->> 'parent_code' END
  FROM gb_rows u LEFT JOIN gb_rows p ON p.tbl = 'units' AND p.op = 'upsert'
                                     AND p.ident = 'units:' || (u.row_obj::json ->> 'parent_code')
  WHERE u.tbl = 'units' AND u.op = 'upsert' AND u.ident = 'units:' || code
$$;

-- The province whose rows an area's laptop may receive: the area's own for a province.
CREATE FUNCTION gb_area_province (code text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN u.row_obj::json ->> 'level' = '1' THEN code ELSE gb_unit_province (code) END
  FROM gb_rows u WHERE u.tbl = 'units' AND u.op = 'upsert' AND u.ident = 'units:' || code
$$;

UPDATE gb_rows SET province = gb_unit_province (coalesce (key::json ->> 'code', key::json ->> 'unit_code'))
WHERE op = 'upsert' AND tbl IN ('units', 'case_reports', 'vaccinations', 'treatment_capacity');

-- On coalesce (province, ''): PostgreSQL reads an IS NULL range of an index in seq order
-- only after a sort, an equality range already sorted.
CREATE INDEX gb_rows_province ON gb_rows ((coalesce (province, '')), seq);

-- A unit's own row is being written: its level and parent are the new ones.
CREATE FUNCTION gb_rows_province () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.op <> 'upsert' OR NEW.tbl NOT IN ('units', 'case_reports', 'vaccinations', 'treatment_capacity') THEN
    NEW.province := NULL;
  ELSIF NEW.tbl = 'units' THEN
    NEW.province := CASE NEW.row_obj::json ->> 'level'
                      WHEN '2' THEN NEW.row_obj::json ->> 'parent_code'
                      WHEN '3' THEN (SELECT p.row_obj::json ->> 'parent_code' FROM gb_rows p
                                     WHERE p.tbl = 'units' AND p.op = 'upsert'
                                       AND p.ident = 'units:' || (NEW.row_obj::json ->> 'parent_code')) END;
  ELSE
    NEW.province := gb_unit_province (coalesce (NEW.key::json ->> 'code', NEW.key::json ->> 'unit_code'));
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER gb_rows_province BEFORE INSERT OR UPDATE OF op, seq, row_obj ON gb_rows
  FOR EACH ROW EXECUTE FUNCTION gb_rows_province ();

-- A unit moved or made another level: the rows labelled by its old place become NULL.
CREATE FUNCTION gb_rows_unit_moved () RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  code text := OLD.row_obj::json ->> 'code';
BEGIN
  UPDATE gb_rows SET province = NULL
  WHERE province IS NOT NULL
    AND (province = code
         OR coalesce (key::json ->> 'code', key::json ->> 'unit_code') = code
         OR coalesce (key::json ->> 'code', key::json ->> 'unit_code') IN
              (SELECT c.row_obj::json ->> 'code' FROM gb_rows c
               WHERE c.tbl = 'units' AND c.op = 'upsert' AND c.parents @> ARRAY['units:' || code]))
    AND province IN (OLD.row_obj::json ->> 'parent_code', gb_unit_province (OLD.row_obj::json ->> 'parent_code'), code);
  RETURN NULL;
END $$;

CREATE TRIGGER gb_rows_unit_moved AFTER UPDATE ON gb_rows FOR EACH ROW
  WHEN (OLD.tbl = 'units' AND OLD.op = 'upsert'
        AND ((OLD.row_obj::json ->> 'parent_code') IS DISTINCT FROM (NEW.row_obj::json ->> 'parent_code')
             OR (OLD.row_obj::json ->> 'level') IS DISTINCT FROM (NEW.row_obj::json ->> 'level')))
  EXECUTE FUNCTION gb_rows_unit_moved ();
