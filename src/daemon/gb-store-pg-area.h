/* gb-store-pg-area.h — which rows a laptop of one area holds, as SQL over gb_rows
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The questions src/core/sync/gb-sync-area-private.h asks of an SQLite store, asked of the
 * rows PostgreSQL keeps as the feed sends them (gb-store-pg-feed.c, gb-store-pg-area.c): a
 * unit *of* an area (in it, its province, or a province; its daily rows go with it), the units
 * a laptop *holds* (those and the units made from them, placed under one of them), and when
 * the units' history goes. $N is the area's code (text). The successions are found by their
 * successor through the index of migration 0200, and followed back over every step.
 */
#pragma once

/* The member @m of the row of gb_rows alias @r, as text. */
#define PG_AREA_MEMBER(r, m) "(" r ".row_obj::json ->> '" m "')"

/* Unit @code (an SQL text expression) is of area $@n; @a prefixes the aliases. */
#define PG_AREA_OF(code, n, a) \
  "EXISTS (SELECT 1 FROM gb_rows " a "u LEFT JOIN gb_rows " a "p ON " a "p.tbl = 'units' AND " a "p.op = 'upsert' " \
  "          AND " a "p.ident = 'units:' || " PG_AREA_MEMBER (a "u", "parent_code") " " \
  "        WHERE " a "u.tbl = 'units' AND " a "u.op = 'upsert' AND " a "u.ident = 'units:' || (" code ") " \
  "          AND (" PG_AREA_MEMBER (a "u", "level") " = '1' OR " PG_AREA_MEMBER (a "u", "code") " = $" n " " \
  "               OR " PG_AREA_MEMBER (a "u", "parent_code") " = $" n " " \
  "               OR " PG_AREA_MEMBER (a "p", "parent_code") " = $" n " " \
  "               OR " PG_AREA_MEMBER (a "u", "code") " = " \
  "                 (SELECT " PG_AREA_MEMBER (a "a", "parent_code") " FROM gb_rows " a "a " \
  "                 WHERE " a "a.tbl = 'units' AND " a "a.op = 'upsert' AND " a "a.ident = 'units:' || $" n ")))"

/* Unit @code is placed under a unit of area $@n. */
#define PG_AREA_UNDER(code, n, a) \
  "EXISTS (SELECT 1 FROM gb_rows " a "s WHERE " a "s.tbl = 'units' AND " a "s.op = 'upsert' " \
  "          AND " a "s.ident = 'units:' || (" code ") " \
  "          AND " PG_AREA_OF (PG_AREA_MEMBER (a "s", "parent_code"), n, a "o") ")"

/* Unit @code was made from a unit of area $@n and is placed under one, in as many steps as the
 * successions took: walked back from @code by the successions' successor (the index of
 * migration 0200) through units each placed under a unit of the area, to a predecessor of the
 * area. SQLite asks the same forward, from the area's units (gb-sync-area-private.h): here the
 * units are not indexed by level or parent, and a unit is asked of only for its own rows. */
#define PG_AREA_MADE(code, n, a) \
  "EXISTS (WITH RECURSIVE " a "back (c) AS (" \
  "  SELECT (" code ") WHERE " PG_AREA_UNDER (code, n, a "m") " " \
  "  UNION SELECT " PG_AREA_MEMBER (a "w", "predecessor") " FROM " a "back JOIN gb_rows " a "w " \
  "    ON " a "w.tbl = 'unit_successions' AND " a "w.op = 'upsert' AND " a "w.unit = " a "back.c " \
  "    WHERE " PG_AREA_UNDER (PG_AREA_MEMBER (a "w", "predecessor"), n, a "x") ") " \
  "  SELECT 1 FROM " a "back JOIN gb_rows " a "q ON " a "q.tbl = 'unit_successions' AND " a "q.op = 'upsert' " \
  "    AND " a "q.unit = " a "back.c WHERE " PG_AREA_OF (PG_AREA_MEMBER (a "q", "predecessor"), n, a "r") ")"

#define PG_AREA_HOLDS(code, n) "(" PG_AREA_OF (code, n, "h") " OR " PG_AREA_MADE (code, n, "k") ")"

/* As GB_AREA_SUCCESSION: the predecessor of the area, or made from it and not the successor
 * itself; the successor of the area or placed under a unit of it. */
#define PG_AREA_SUCCESSION(pred, succ, n) \
  "((" PG_AREA_OF (pred, n, "d") " OR ((" pred ") <> (" succ ") AND " PG_AREA_MADE (pred, n, "j") ")) " \
  " AND (" PG_AREA_OF (succ, n, "e") " OR " PG_AREA_UNDER (succ, n, "f") "))"

/* As GB_AREA_MERGE: its successor held, or one of its units of the area. */
#define PG_AREA_MERGE(succ, codes, n) \
  "(" PG_AREA_HOLDS (succ, n) " OR EXISTS (SELECT 1 FROM unnest (string_to_array (" codes ", ',')) AS mc (code) " \
  "  WHERE " PG_AREA_OF ("mc.code", n, "i") "))"

/* The upsert r (of one of PG_AREA_TABLES) goes to a laptop of area $@n. */
#define PG_AREA_ROW(n) \
  "CASE r.tbl " \
  "WHEN 'units' THEN " PG_AREA_HOLDS ("(r.key::json) ->> 'code'", n) " " \
  "WHEN 'unit_versions' THEN " PG_AREA_HOLDS ("(r.key::json) ->> 'code'", n) " " \
  "WHEN 'unit_successions' THEN " \
  PG_AREA_SUCCESSION ("(r.key::json) ->> 'predecessor'", "(r.key::json) ->> 'successor'", n) " " \
  "WHEN 'unit_merges' THEN " PG_AREA_MERGE (PG_AREA_MEMBER ("r", "successor"), PG_AREA_MEMBER ("r", "codes"), n) " " \
  "ELSE " PG_AREA_OF ("(r.key::json) ->> 'unit_code'", n, "b") " END"

#define PG_AREA_TABLES \
  "('units', 'unit_versions', 'unit_successions', 'unit_merges', 'case_reports', 'vaccinations', 'treatment_capacity')"
