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
 *   commune of the 2025 reform under its province), so that its units' series go on, on
 *   their successor, with its name and place. Their rows, and their versions, go; their daily
 *   rows do not (they are the area's only if the unit is of it).
 * - A succession goes when its predecessor is of the area and its successor is held: the
 *   laptop carries its own units' series to their successors, and learns of no merge of units
 *   it does not hold. A merge entered by hand goes when its successor or one of its units is of
 *   the area; a unit's version when the unit is held.
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

/* Unit @code is placed under a unit of area ?@n (its parent is of the area). */
#define GB_AREA_UNDER(code, n, a) \
  "EXISTS (SELECT 1 FROM main.units " a "s WHERE " a "s.code = " code " " \
  "          AND " GB_AREA_OF (a "s.parent_code", n, a "o") ")"

/* Unit @code was made from a unit of area ?@n and is placed under one. */
#define GB_AREA_MADE(code, n, a) \
  "(" GB_AREA_UNDER (code, n, a "m") " AND EXISTS (SELECT 1 FROM main.unit_successions " a "q " \
  "  WHERE " a "q.successor = " code " AND " GB_AREA_OF (a "q.predecessor", n, a "r") "))"

/* A laptop of area ?@n holds unit @code. */
#define GB_AREA_HOLDS(code, n) "(" GB_AREA_OF (code, n, "h") " OR " GB_AREA_MADE (code, n, "k") ")"

/* The succession of @pred into @succ goes to a laptop of area ?@n. */
#define GB_AREA_SUCCESSION(pred, succ, n) \
  "(" GB_AREA_OF (pred, n, "d") " AND (" GB_AREA_OF (succ, n, "e") " OR " GB_AREA_UNDER (succ, n, "f") "))"

/* The merge entered by hand into @succ of the units @codes (comma-separated) goes to a laptop
 * of area ?@n. */
#define GB_AREA_MERGE(succ, codes, n) \
  "(" GB_AREA_OF (succ, n, "g") " OR EXISTS (SELECT 1 FROM json_each (CASE WHEN json_valid ('[\"' || replace (" \
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
