-- 0140-vaccination-units.sql — each unit's first day of vaccination rows
--
-- A level on a date needs each unit's latest vaccination row on or before it. The table is
-- keyed by date (0009), so the level engine finds those rows walking back from the date, one
-- day of rows after another, until it has met every unit that has a row by then. This table
-- says which units those are: without it a unit that never reported would take the walk back
-- to the first day (3.6 million rows on the national set, for the 59 communes there that
-- report cases but no vaccination). Kept by triggers, one small row a unit; a row deleted
-- from vaccinations leaves first_date earlier than it is, which only makes a walk longer.
CREATE TABLE vaccination_units (
  unit_code  TEXT PRIMARY KEY REFERENCES units (code) ON DELETE CASCADE ON UPDATE CASCADE,
  first_date TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO vaccination_units SELECT unit_code, min (date) FROM vaccinations GROUP BY unit_code;

CREATE TRIGGER vaccination_units_insert AFTER INSERT ON vaccinations
BEGIN
  INSERT INTO vaccination_units VALUES (NEW.unit_code, NEW.date)
    ON CONFLICT (unit_code) DO UPDATE SET first_date = min (first_date, excluded.first_date);
END;

CREATE TRIGGER vaccination_units_update AFTER UPDATE OF unit_code, date ON vaccinations
BEGIN
  INSERT INTO vaccination_units VALUES (NEW.unit_code, NEW.date)
    ON CONFLICT (unit_code) DO UPDATE SET first_date = min (first_date, excluded.first_date);
END;
