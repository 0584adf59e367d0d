/* test-item-places.c — the places an item names: the parser in many small cases, their
 * resolution to the demo's units and levels, and edited places in the store
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-demo.h"
#include "gb-error.h"
#include "gb-item-places.h"
#include "gb-place-mentions.h"
#include "gb-store-item-places.h"
#include "gb-store-sync.h"
#include "gb-store-tracker.h"
#include "gb-notice-parser.h"
#include "gb-test-util.h"

/* What gb_place_mentions_parse() reads, as "d:Name", "c:Name" or "red", ", "-joined. */
static char *
mentions (const char *text)
{
  g_autoptr(GPtrArray) found = gb_place_mentions_parse (text);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < found->len; i++)
    {
      const GbPlaceMention *m = g_ptr_array_index (found, i);

      if (i > 0)
        g_string_append (s, ", ");
      if (m->kind == GB_PLACE_RED_ZONE)
        g_string_append (s, "red");
      else
        g_string_append_printf (s, "%c:%s", m->kind == GB_PLACE_DISTRICT ? 'd' : 'c', m->name);
    }
  return g_strdup (s->str);
}

static void
test_parse (void)
{
  static const struct { const char *text, *expected; } cases[] = {
    { "UBND huyện Bác Ái chủ động phòng dịch", "d:Bác Ái" },
    { "Phong tỏa xã Phước Hà từ ngày 10/9", "c:Phước Hà" },
    { "phường Đô Vinh và phường Bảo An", "c:Đô Vinh, c:Bảo An" },
    { "các xã Phước Hà, Nhị Hà và Lâm Sơn", "c:Phước Hà, c:Nhị Hà, c:Lâm Sơn" },
    { "Xét nghiệm toàn bộ các xã, phường vùng đỏ", "red" },
    { "các địa phương ở cấp độ 4", "red" },
    { "nâng lên cấp 4 tại thị trấn Khánh Hải", "c:Khánh Hải, red" },
    { "thành phố Phan Rang-Tháp Chàm", "d:Phan Rang-Tháp Chàm" },
    { "Thành phố Phan Rang-Tháp Chàm tăng cường", "d:Phan Rang-Tháp Chàm" },
    { "thị xã Ninh Hòa", "d:Ninh Hòa" },
    { "quận Ba Đình", "d:Ba Đình" },
    { "bảo đảm an sinh xã hội", "" },
    { "Huyện ủy, Thành ủy chỉ đạo", "" },
    { "các xã, phường, thị trấn", "" },
    { "cấp 40 người", "" },
    { "xã Phước Hà, xã Phước Hà", "c:Phước Hà" },
    { "huyện Ninh Sơn (xã Lâm Sơn)", "d:Ninh Sơn, c:Lâm Sơn" },
    { "", "" },
    { "xã", "" },
    { "huyện Bác", "d:Bác" },
    { "Huyện Bác Ái, Xã Phước Hà", "d:Bác Ái, c:Phước Hà" },
    { "xã Phước Hà, huyện Thuận Nam", "c:Phước Hà, d:Thuận Nam" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = mentions (cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static GbStore *
demo_store (char **path)
{
  g_autoptr(GError) error = NULL;
  GbStore *store;

  *path = gb_test_temp_db ();
  store = gb_store_open (*path, &error);
  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  return store;
}

static char *
joined (GPtrArray *codes)
{
  g_ptr_array_add (codes, NULL);
  return g_strjoinv (",", (char **) codes->pdata);
}

/* Names resolve to the demo's units; "vùng đỏ" to the communes at level 4 on the date. */
static void
test_resolve (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = demo_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbItemPlaces) places = gb_item_places_new (store, gb_level_engine_get_shared (store), &error);
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) red = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *as = NULL;
  g_autofree char *bs = NULL;
  g_autofree char *reds = NULL;
  g_autofree char *names = NULL;

  g_assert_no_error (error);
  a = gb_item_places_parse (places, "UBND huyện Bác Ái và xã Phước Hà", NULL);
  as = joined (a);
  g_assert_cmpstr (as, ==, "584,22885");
  g_ptr_array_set_size (a, 2);
  names = gb_item_places_describe (places, a);
  g_assert_cmpstr (names, ==, "Huyện Bác Ái, Xã Phước Hà");
  /* Without diacritics as typed in a hurry. */
  b = gb_item_places_parse (places, "xa Phuoc Ha", NULL);
  bs = joined (b);
  g_assert_cmpstr (bs, ==, "");
  /* On 15/9/2021 the demo's level-4 communes are Bắc Sơn and Phước Thuận. */
  red = gb_item_places_parse (places, "các xã, phường vùng đỏ", "2021-09-15");
  reds = joined (red);
  g_assert_cmpstr (reds, ==, "22853,22882");
  none = gb_item_places_parse (places, "xã Không Có", "2021-09-15");
  g_assert_cmpuint (none->len, ==, 0);

  /* A commune is concerned by its own name and its district's. */
  g_ptr_array_set_size (a, 0);
  g_ptr_array_add (a, g_strdup ("584"));
  g_assert_true (gb_item_places_concerns (places, a, "22792"));    /* Xã Phước Tiến, Bác Ái */
  g_assert_false (gb_item_places_concerns (places, a, "22885"));   /* Xã Phước Hà, Thuận Nam */
}

static const char notice[] =
  "Số 90-TB/TU\n\nNinh Thuận, ngày 15 tháng 9 năm 2021\n\n"
  "1. Sở Y tế phong tỏa xã Phước Hà trước ngày 20/9/2021.\n"
  "2. UBND huyện Bác Ái xét nghiệm các xã, phường vùng đỏ.\n"
  "3. Sở Giáo dục báo cáo kết quả.\n";

/* Edited places are stored (and win over the text); NULL goes back to the text; a bad code
 * changes nothing. The commune's list follows. */
static void
test_store (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = demo_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNotice) n = gb_notice_parse (notice, -1, NULL, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) edit = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *before = NULL;
  gint64 doc, first, second;

  g_assert_no_error (error);
  doc = gb_store_tracker_save_notice (store, n, notice, "90.txt", "imported", &error);
  g_assert_no_error (error);
  items = gb_store_tracker_query_items (store, &(GbTrackerFilter) { .document_id = doc }, "2021-09-16", &error);
  g_assert_cmpuint (items->len, ==, 3);
  first = ((GbTrackerItem *) g_ptr_array_index (items, 0))->id;
  second = ((GbTrackerItem *) g_ptr_array_index (items, 1))->id;

  g_assert_true (gb_store_item_get_places (store, first, &codes, &error));
  g_assert_null (codes);
  {
    g_autoptr(GbItemPlaces) places = gb_item_places_new (store, gb_level_engine_get_shared (store), &error);
    g_autoptr(GPtrArray) at_pha = gb_item_places_items_for_unit (places, "22885", &error);
    g_autoptr(GPtrArray) at_bacson = gb_item_places_items_for_unit (places, "22853", &error);

    g_assert_cmpuint (at_pha->len, ==, 1);
    g_assert_cmpint (((GbTrackerItem *) g_ptr_array_index (at_pha, 0))->id, ==, first);
    /* Bắc Sơn was at level 4 on the notice's date: "vùng đỏ" concerns it. */
    g_assert_cmpuint (at_bacson->len, ==, 1);
    g_assert_cmpint (((GbTrackerItem *) g_ptr_array_index (at_bacson, 0))->id, ==, second);
  }

  before = gb_test_fingerprint (path);
  g_ptr_array_add (bad, g_strdup ("99999"));
  g_assert_false (gb_store_item_set_places (store, first, bad, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (gb_store_item_set_places (store, 123456, NULL, &error));
  g_clear_error (&error);
  {
    g_autofree char *after = gb_test_fingerprint (path);
    g_assert_cmpstr (before, ==, after);
  }

  /* The edit is queued for the sync as the item's other edits are. */
  g_assert_true (gb_store_sync_enable_outbox (store, &error));
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 0);
  g_ptr_array_add (edit, g_strdup ("22813"));   /* Xã Lâm Sơn instead */
  g_assert_true (gb_store_item_set_places (store, first, edit, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) queued = gb_store_sync_outbox_list (store, 0, &error);

    g_assert_cmpuint (queued->len, ==, 1);
    g_assert_cmpstr (((GbOutboxEntry *) g_ptr_array_index (queued, 0))->table, ==, "items");
  }
  g_assert_true (gb_store_item_get_places (store, first, &codes, &error));
  g_assert_cmpuint (codes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (codes, 0), ==, "22813");
  g_clear_pointer (&codes, g_ptr_array_unref);
  {
    g_autoptr(GbItemPlaces) places = gb_item_places_new (store, gb_level_engine_get_shared (store), &error);
    g_autoptr(GPtrArray) at_pha = gb_item_places_items_for_unit (places, "22885", &error);
    g_autoptr(GPtrArray) at_lamson = gb_item_places_items_for_unit (places, "22813", &error);
    gboolean edited = FALSE;
    g_autoptr(GPtrArray) got = gb_item_places_for_item (places, first, "xã Phước Hà", "2021-09-15", &edited);

    g_assert_cmpuint (at_pha->len, ==, 0);
    g_assert_cmpuint (at_lamson->len, ==, 1);
    g_assert_true (edited);
    g_assert_cmpuint (got->len, ==, 1);
  }
  /* An empty list is "no place"; NULL goes back to the text. */
  g_ptr_array_set_size (edit, 0);
  g_assert_true (gb_store_item_set_places (store, first, edit, &error));
  g_assert_true (gb_store_item_get_places (store, first, &codes, &error));
  g_assert_nonnull (codes);
  g_assert_cmpuint (codes->len, ==, 0);
  g_clear_pointer (&codes, g_ptr_array_unref);
  g_assert_true (gb_store_item_set_places (store, first, NULL, &error));
  g_assert_true (gb_store_item_get_places (store, first, &codes, &error));
  g_assert_null (codes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/item-places/parse", test_parse);
  g_test_add_func ("/item-places/resolve", test_resolve);
  g_test_add_func ("/item-places/store", test_store);
  return g_test_run ();
}
