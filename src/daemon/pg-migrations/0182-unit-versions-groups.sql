-- 0182-unit-versions-groups.sql — a unit version's age groups in the feed (issue 21)
--
-- The feed now sends a unit version's pop_18 and pop_65 (SQLite's 0180 added the columns, for
-- the people of a unit grown by a merge): in the compact format a version's values end with
-- them. Versions kept before have neither: their arrays get two nulls (unknown, as the object
-- form already says by leaving them out), so every array of a page is as long as its columns.
UPDATE gb_rows SET row_arr = left (row_arr, length (row_arr) - 1) || ',null,null]'
WHERE tbl = 'unit_versions' AND op = 'upsert' AND row_arr IS NOT NULL AND right (row_arr, 1) = ']'
  AND json_array_length (row_arr::json) = 7;
