-- 0040-item-places.sql — the places a tracked item concerns, as edited by a person
--
-- NULL (every existing row): not edited, the places are read from the item's text
-- (gb_place_mentions_parse(), resolved against the units and levels of the notice's date).
-- Otherwise the GSO codes of the units, ";"-separated, '' for "no place". A column of items,
-- so an edit travels with the item's other fields through the sync.
ALTER TABLE items ADD COLUMN places TEXT;
