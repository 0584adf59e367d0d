/* gb-sync-area-private.h — which rows a laptop of one area holds, as SQL over an SQLite store
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to src/core/sync: giaoband's area pages (gb-store-sync-feed.c), the rows a laptop
 * whose area changed lacks and those it drops (gb-store-sync-area.c) ask the same questions.
 * Each macro is SQL true when its row goes to a laptop of the area given by the parameter
 * ?N (a province's or a district's code), over the store's main.units and
 * main.unit_successions. PostgreSQL asks the same over gb_rows (gb-store-pg-private.h).
 *
 * - A unit is *of* the area when it is in it (the area itself, its children, their children),
 *   is the area's province, or is a province (the totals of the rest, for national charts).
 *   Its daily rows go with it.
 * - A laptop *holds* the units of its area and the units made from them (the successor of a
 *   unit of the area, placed under a unit of the area: the district two districts became, a
 *   commune of the 2025 reform under its province; and the successor of such a unit, placed so
 *   too, over every step), so that its units' series go on, on their successor, with its name
 *   and place. Their rows, and their versions, go; their daily rows do not (they are the
 *   area's only if the unit is of it).
 * - A succession goes when its predecessor and its successor are held (not the succession into
 *   itself of a unit not of the area): the laptop carries its own units' series to their
 *   successors, and learns of no merge of units it does not hold. A merge entered by hand goes
 *   when its successor is held or one of its units is of the area; a unit's version when the
 *   unit is held.
 * docs/sync-client.md, "Changing the area" and "The units' history".
 */
#pragma once

/* Unit @code (an SQL expression) is of area ?@n; @a prefixes the aliases, so that one
 * statement may ask it of several units. */
#define GB_AREA_OF(code, n, a) \
  "EXISTS (SELECT 1 FROM main.units " a "u LEFT JOIN main.units " a "p ON " a "p.code = " a "u.parent_code " \
  "        WHERE " a "u.code = " code " " \
  "          AND (" a "u.level = 1 OR " a "u.code = ?" n " OR " a "u.parent_code = ?" n " " \
  "               OR " a "p.parent_code = ?" n " " \
  "               OR " a "u.code = (SELECT " a "a.parent_code FROM main.units " a "a WHERE " a "a.code = ?" n ")))"

/* The units of area ?@n, as GB_AREA_OF says, as a set: a SELECT of their codes by the indexes
 * on level, code and parent_code (for a question asked of every unit). */
#define GB_AREA_OF_SET(n, a) \
  "SELECT " a "1.code FROM main.units " a "1 WHERE " a "1.level = 1 OR " a "1.code = ?" n " " \
  "  OR " a "1.parent_code = ?" n " " \
  "  OR " a "1.parent_code IN (SELECT " a "2.code FROM main.units " a "2 WHERE " a "2.parent_code = ?" n ") " \
  "  OR " a "1.code = (SELECT " a "3.parent_code FROM main.units " a "3 WHERE " a "3.code = ?" n ")"

/* Unit @code is placed under a unit of area ?@n (its parent is of the area). */
#define GB_AREA_UNDER(code, n, a) \
  "EXISTS (SELECT 1 FROM main.units " a "s WHERE " a "s.code = " code " " \
  "          AND " GB_AREA_OF (a "s.parent_code", n, a "o") ")"

/* Unit @code was made from a unit of area ?@n and is placed under one, in as many steps as the
 * successions took: the successors of a unit of the area placed under one, and theirs, each
 * placed under one (a recursive query from the area's units; it asks nothing of @code, so a
 * statement makes the set once, when it first needs it). */
#define GB_AREA_MADE(code, n, a) \
  "(" code ") IN (WITH RECURSIVE " a "made (c) AS (" \
  "  SELECT " a "q.successor FROM main.unit_successions " a "q JOIN main.units " a "s ON " a "s.code = " a "q.successor " \
  "  WHERE " a "q.predecessor IN (" GB_AREA_OF_SET (n, a "r") ") AND " GB_AREA_OF (a "s.parent_code", n, a "o") " " \
  "  UNION SELECT " a "w.successor FROM " a "made JOIN main.unit_successions " a "w ON " a "w.predecessor = " a "made.c " \
  "    JOIN main.units " a "t ON " a "t.code = " a "w.successor WHERE " GB_AREA_OF (a "t.parent_code", n, a "x") ") " \
  "SELECT c FROM " a "made)"

/* A laptop of area ?@n holds unit @code. */
#define GB_AREA_HOLDS(code, n) "(" GB_AREA_OF (code, n, "h") " OR " GB_AREA_MADE (code, n, "k") ")"

/* The succession of @pred into @succ goes to a laptop of area ?@n: its predecessor of the area,
 * or made from it and not the successor itself (the succession into itself of a unit that lives
 * on after others merged into it is its own area's), its successor of the area or placed under
 * a unit of it (and so held). */
#define GB_AREA_SUCCESSION(pred, succ, n) \
  "((" GB_AREA_OF (pred, n, "d") " OR (" pred " <> " succ " AND " GB_AREA_MADE (pred, n, "j") ")) " \
  " AND (" GB_AREA_OF (succ, n, "e") " OR " GB_AREA_UNDER (succ, n, "f") "))"

/* The merge entered by hand into @succ of the units @codes (comma-separated) goes to a laptop
 * of area ?@n: its successor held (its successions of units held go), or one of its units of
 * the area. */
#define GB_AREA_MERGE(succ, codes, n) \
  "(" GB_AREA_HOLDS (succ, n) " OR EXISTS (SELECT 1 FROM json_each (CASE WHEN json_valid ('[\"' || replace (" \
  codes ", ',', '\",\"') || '\"]') THEN '[\"' || replace (" codes ", ',', '\",\"') || '\"]' ELSE '[]' END) mc " \
  "  WHERE " GB_AREA_OF ("mc.value", n, "i") "))"

/* The row of table @tbl keyed @key (the feed's JSON key text) goes to a laptop of area ?@n:
 * the units, their days and their history as above. For those tables only. */
#define GB_AREA_ROW(tbl, key, n) \
  "CASE " tbl " " \
  "WHEN 'units' THEN " GB_AREA_HOLDS ("json_extract (" key ", '$.code')", n) " " \
  "WHEN 'unit_versions' THEN " GB_AREA_HOLDS ("json_extract (" key ", '$.code')", n) " " \
  "WHEN 'unit_successions' THEN " \
  GB_AREA_SUCCESSION ("json_extract (" key ", '$.predecessor')", "json_extract (" key ", '$.successor')", n) " " \
  "WHEN 'unit_merges' THEN EXISTS (SELECT 1 FROM main.unit_merges um WHERE um.uid = json_extract (" key ", '$.uid') " \
  "  AND " GB_AREA_MERGE ("um.successor", "um.codes", n) ") " \
  "ELSE " GB_AREA_OF ("json_extract (" key ", '$.unit_code')", n, "b") " END"

/* The tables whose rows follow a laptop's area. */
#define GB_AREA_TABLES \
  "('units', 'unit_versions', 'unit_successions', 'unit_merges', 'case_reports', 'vaccinations', 'treatment_capacity')"
