-- 0020-vaccination-groups.sql — vaccination by the groups and doses the campaign counted.
--
-- The 2021–2022 campaign reported people with a first, second and booster (or additional)
-- dose in four age groups: 18 and over, 65 and over, 12–17 and 5–11 years. The first rows had
-- only the adult first dose and the second doses of adults and of people over 65 (dose1_18,
-- full_18, full_65, kept under those names: full_* is the second dose); these columns add the
-- rest, and the populations of the two children's groups. Every existing row keeps its values;
-- the new columns are NULL (not reported) in them. Counts are cumulative, like the others.

ALTER TABLE vaccinations ADD COLUMN pop_12_17 INTEGER CHECK (pop_12_17 IS NULL OR pop_12_17 >= 0);
ALTER TABLE vaccinations ADD COLUMN pop_5_11 INTEGER CHECK (pop_5_11 IS NULL OR pop_5_11 >= 0);
ALTER TABLE vaccinations ADD COLUMN booster_18 INTEGER CHECK (booster_18 IS NULL OR booster_18 >= 0);
ALTER TABLE vaccinations ADD COLUMN dose1_65 INTEGER CHECK (dose1_65 IS NULL OR dose1_65 >= 0);
ALTER TABLE vaccinations ADD COLUMN booster_65 INTEGER CHECK (booster_65 IS NULL OR booster_65 >= 0);
ALTER TABLE vaccinations ADD COLUMN dose1_12_17 INTEGER CHECK (dose1_12_17 IS NULL OR dose1_12_17 >= 0);
ALTER TABLE vaccinations ADD COLUMN dose2_12_17 INTEGER CHECK (dose2_12_17 IS NULL OR dose2_12_17 >= 0);
ALTER TABLE vaccinations ADD COLUMN booster_12_17 INTEGER CHECK (booster_12_17 IS NULL OR booster_12_17 >= 0);
ALTER TABLE vaccinations ADD COLUMN dose1_5_11 INTEGER CHECK (dose1_5_11 IS NULL OR dose1_5_11 >= 0);
ALTER TABLE vaccinations ADD COLUMN dose2_5_11 INTEGER CHECK (dose2_5_11 IS NULL OR dose2_5_11 >= 0);
ALTER TABLE vaccinations ADD COLUMN booster_5_11 INTEGER CHECK (booster_5_11 IS NULL OR booster_5_11 >= 0);
