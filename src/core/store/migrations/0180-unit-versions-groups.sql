-- 0180-unit-versions-groups.sql — a unit's age groups from a date, beside its population
--
-- A commune that grows in a merge gets a version from the merge on with its people and the
-- merged communes'. The version held the total only, so the merged unit's people of 18 and
-- over and of 65 and over stayed its own: its vaccination coverage was divided by too few
-- people. NULL (every existing row): the group is the units row's, as before.
ALTER TABLE unit_versions ADD COLUMN pop_18 INTEGER CHECK (pop_18 IS NULL OR pop_18 >= 0);
ALTER TABLE unit_versions ADD COLUMN pop_65 INTEGER CHECK (pop_65 IS NULL OR pop_65 >= 0);
