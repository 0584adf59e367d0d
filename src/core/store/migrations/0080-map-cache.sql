-- 0080-map-cache.sql — the map's prepared geometry, kept between starts.
--
-- Reading the national set's 11,163 boundaries, projecting them and finding the borders that
-- neighbours share took about a second of every start (gb-map-renderer-cache.c); the result is
-- stored here once and read back in tens of milliseconds. It belongs to the boundaries it was
-- made from: boundaries_version counts their changes (any unit's geometry or code written,
-- a unit with a geometry added or removed), a cache row keeps the version it was made from and
-- is dropped when the boundaries change. Nothing here is data: it is never synced, and a lost
-- row is made again.
CREATE TABLE boundaries_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO boundaries_version VALUES (1, 1);

CREATE TABLE map_cache (
  name       TEXT PRIMARY KEY NOT NULL,
  boundaries INTEGER NOT NULL,   -- boundaries_version.version it was made from
  built_at   TEXT NOT NULL,
  data       BLOB NOT NULL       -- gb-map-renderer-cache.c says what is in it
);

CREATE TRIGGER map_cache_unit_insert AFTER INSERT ON units WHEN NEW.geometry IS NOT NULL
BEGIN
  UPDATE boundaries_version SET version = version + 1;
  DELETE FROM map_cache;
END;
CREATE TRIGGER map_cache_unit_update AFTER UPDATE OF code, geometry ON units
WHEN OLD.geometry IS NOT NEW.geometry OR OLD.code IS NOT NEW.code
BEGIN
  UPDATE boundaries_version SET version = version + 1;
  DELETE FROM map_cache;
END;
CREATE TRIGGER map_cache_unit_delete AFTER DELETE ON units WHEN OLD.geometry IS NOT NULL
BEGIN
  UPDATE boundaries_version SET version = version + 1;
  DELETE FROM map_cache;
END;
