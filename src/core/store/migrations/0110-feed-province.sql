-- 0110-feed-province.sql — the province of each change of the feed, for sync by area
--
-- A laptop of one area (a province or a district) got its pages from a scan of the whole feed,
-- each change tested against the units table: a first sync of one province from a national
-- server read every change of the country. Each change of a row of a unit now names the
-- province the unit is in (NULL for a province's own rows, the rows of no unit and deletes:
-- those go to every area), so an area's page reads its province's changes by the index, and
-- the rest only among those that go to everyone. The daemon's TEMP triggers keep it
-- (gb-store-sync-feed.c); NULL is always safe: such a change is tested as before.
ALTER TABLE change_log ADD COLUMN province TEXT;

UPDATE change_log SET province = (
  SELECT CASE u.level WHEN 2 THEN u.parent_code WHEN 3 THEN p.parent_code END
  FROM units u LEFT JOIN units p ON p.code = u.parent_code
  WHERE u.code = coalesce (json_extract (change_log.key, '$.code'), json_extract (change_log.key, '$.unit_code')))
WHERE op = 'upsert' AND tbl IN ('units', 'case_reports', 'vaccinations', 'treatment_capacity');

CREATE INDEX change_log_province ON change_log (province, seq);
