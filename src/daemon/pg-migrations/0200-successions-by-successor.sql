-- 0200-successions-by-successor.sql — the units' history follows a laptop's area (issue 21)
--
-- An area's page sends a unit made from a unit of the area (the district two districts became,
-- a commune of the 2025 reform), and its versions, to the area's laptops: a unit's successions
-- are looked up by their successor (gb_rows.unit) for each such row (gb-store-pg-area.h), as
-- SQLite does with unit_successions_successor. No row changes.
CREATE INDEX gb_rows_successions ON gb_rows (unit) WHERE tbl = 'unit_successions' AND op = 'upsert';
