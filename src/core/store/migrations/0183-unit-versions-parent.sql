-- 0183-unit-versions-parent.sql — a unit's children over time, found by an index
--
-- The charts of a district or a province sum the communes under it on each day: those whose
-- units row names it and those a version names it from a date (a district merged by hand hands
-- its communes to the successor). The versions were found by reading all of them (3,349 at
-- national size, after the 2025 reform) once per unit of the subtree.
CREATE INDEX IF NOT EXISTS unit_versions_parent ON unit_versions (parent_code);
