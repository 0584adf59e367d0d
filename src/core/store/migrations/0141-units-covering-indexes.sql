-- 0141-units-covering-indexes.sql — the units' numbers without their boundaries
--
-- A row of units holds its boundary (a few kilobytes), so each row fills a page of its own:
-- reading the 12,266 units of the national set for their codes and populations read some
-- 12,000 pages (40-70 ms of the level engine's load), and the reporting rate read every
-- commune's row again for each day. These indexes hold what those readings need, so they are
-- read from the index alone (EXPLAIN QUERY PLAN: USING COVERING INDEX): the level engine's
-- units by code, and the tree (level, parent, validity) the reporting rate walks.
CREATE INDEX units_engine ON units (code, level, parent_code, name, population, pop_18, pop_65);
CREATE INDEX units_tree ON units (level, parent_code, valid_from, valid_to, code);
