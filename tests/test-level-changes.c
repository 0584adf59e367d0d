/* test-level-changes.c — what changed since the last briefing, against levels declared by hand
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-demo.h"
#include "gb-level-changes.h"
#include "gb-notice-parser.h"
#include "gb-slides.h"
#include "gb-store-levels.h"
#include "gb-store-meetings.h"
#include "gb-store-tracker.h"
#include "gb-test-util.h"

#define THEN "2021-09-15"
#define NOW  "2021-09-22"

static void
declare (GbStore    *store,
         const char *code,
         const char *date,
         GbLevel     level)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = gb_store_add_level_override (store, code, date, date, level, "test", "test", &error);

  g_assert_no_error (error);
  g_assert_nonnull (uid);
}

/* Every commune declared on both days, so every level is known: three moves. */
static GbStore *
known_levels (char **path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) communes = NULL;
  GbStore *store;

  *path = gb_test_temp_db ();
  store = gb_store_open (*path, &error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, NULL, &error);
  for (guint i = 0; i < communes->len; i++)
    {
      const char *code = ((GbUnit *) g_ptr_array_index (communes, i))->code;
      GbLevel then = GB_LEVEL_1, now = GB_LEVEL_1;

      if (strcmp (code, "22885") == 0)        /* Xã Phước Hà: 1 → 4, new at level 4 */
        now = GB_LEVEL_4;
      else if (strcmp (code, "22813") == 0)   /* Xã Lâm Sơn: 3 → 2 */
        then = GB_LEVEL_3, now = GB_LEVEL_2;
      else if (strcmp (code, "22792") == 0)   /* Xã Phước Tiến: 2 → 3 */
        then = GB_LEVEL_2, now = GB_LEVEL_3;
      declare (store, code, THEN, then);
      declare (store, code, NOW, now);
    }
  return store;
}

static void
test_moves (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = known_levels (&path);
  g_autoptr(GbLevelEngine) engine = gb_level_engine_new (store);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) moves = gb_level_changes_compute (engine, THEN, NOW, &error);
  g_autoptr(GPtrArray) none = gb_level_changes_compute (engine, NOW, NOW, &error);
  const GbLevelChange *c;
  g_autofree char *line = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (moves->len, ==, 3);
  /* Up first, the highest level first; then down. */
  c = g_ptr_array_index (moves, 0);
  g_assert_cmpstr (c->code, ==, "22885");
  g_assert_cmpint (c->before, ==, GB_LEVEL_1);
  g_assert_cmpint (c->after, ==, GB_LEVEL_4);
  g_assert_true (c->new_red);
  line = gb_level_change_format (c);
  g_assert_cmpstr (line, ==, "▲ Xã Phước Hà: 1 → 4 (new at level 4)");
  c = g_ptr_array_index (moves, 1);
  g_assert_cmpstr (c->code, ==, "22792");
  g_assert_cmpint (c->after, ==, GB_LEVEL_3);
  g_assert_false (c->new_red);
  c = g_ptr_array_index (moves, 2);
  g_assert_cmpstr (c->code, ==, "22813");
  g_assert_cmpint (c->before, ==, GB_LEVEL_3);
  g_assert_cmpint (c->after, ==, GB_LEVEL_2);
  g_assert_cmpuint (none->len, ==, 0);
}

static const char conclusion[] =
  "TỈNH ỦY NINH THUẬN\nSố 80-TB/TU\nNinh Thuận, ngày 15 tháng 9 năm 2021\n\nTHÔNG BÁO\n"
  "kết luận của Thường trực Tỉnh ủy tại cuộc họp giao ban\n\n1. Sở Y tế báo cáo trước ngày 20/9/2021.\n";

/* The last briefing is the latest conclusion notice before the date; the deck then has the
 * slide of what changed since, drawn. */
static void
test_slide (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = known_levels (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNotice) n = gb_notice_parse (conclusion, -1, NULL, &error);
  g_autoptr(GbSlideDeck) before = NULL;
  g_autoptr(GbSlideDeck) deck = NULL;
  g_autofree char *last = NULL;
  g_autofree char *png = g_build_filename (g_get_tmp_dir (), "gb-changes-slide.png", NULL);
  gboolean found = FALSE;

  before = gb_slide_deck_new (store, NOW, &error);
  for (guint i = 0; i < gb_slide_deck_get_n_slides (before); i++)
    g_assert_cmpstr (gb_slide_deck_get_slide_id (before, i), !=, "changes");
  g_assert_cmpint (gb_store_tracker_save_notice (store, n, conclusion, "80.txt", "imported", &error), >, 0);
  last = gb_store_last_conclusion_date (store, NOW);
  g_assert_cmpstr (last, ==, THEN);
  deck = gb_slide_deck_new (store, NOW, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < gb_slide_deck_get_n_slides (deck); i++)
    if (g_strcmp0 (gb_slide_deck_get_slide_id (deck, i), "changes") == 0)
      {
        GbSlideCheck check = { 0 };

        found = TRUE;
        g_assert_true (gb_slide_deck_render_png (deck, i, 1280, 720, FALSE, png, &check, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (check.clipped, ==, 0);
      }
  g_assert_true (found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/level-changes/moves", test_moves);
  g_test_add_func ("/level-changes/slide", test_slide);
  return g_test_run ();
}
