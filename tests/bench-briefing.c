/* bench-briefing.c — how long the briefing takes to prepare and draw on the demo
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>

#include "gb-conclusion-export.h"
#include "gb-demo.h"
#include "gb-situation.h"
#include "gb-slides.h"
#include "gb-store-meetings.h"
#include "gb-test-util.h"

int
main (int    argc,
      char **argv)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbSlideDeck) deck = NULL;
  g_autoptr(GbConclusion) c = NULL;
  g_autoptr(GbSituation) s = NULL;
  g_autofree char *dir = gb_test_temp_dir ("gb-bench-XXXXXX");
  g_autofree char *pdf = g_build_filename (dir, "kl.pdf", NULL);
  g_autofree char *odt = g_build_filename (dir, "kl.odt", NULL);
  const int rounds = 5;
  gint64 t0;
  guint renders = 0;

  if (store == NULL || !gb_demo_load_if_empty (store, &error))
    g_error ("%s", error->message);

  t0 = g_get_monotonic_time ();
  for (int i = 0; i < rounds; i++)
    {
      g_clear_object (&deck);
      if ((deck = gb_slide_deck_new (store, "2021-09-15", &error)) == NULL)
        g_error ("%s", error->message);
    }
  printf ("bench: briefing_deck_build %.2f ms\n", (g_get_monotonic_time () - t0) / 1000.0 / rounds);

  for (int size = 0; size < 2; size++)
    {
      int w = size ? 1920 : 1280, h = size ? 1080 : 720;
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
      cairo_t *cr = cairo_create (surface);

      renders = 0;
      t0 = g_get_monotonic_time ();
      for (int i = 0; i < rounds; i++)
        for (guint k = 0; k < gb_slide_deck_get_n_slides (deck); k++, renders++)
          gb_slide_deck_render (deck, k, cr, w, h, FALSE, NULL);
      printf ("bench: briefing_slide_render_%dx%d %.2f ms\n", w, h,
              (g_get_monotonic_time () - t0) / 1000.0 / renders);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }

  if ((s = gb_situation_compute (store, NULL, "2021-09-15", &error)) == NULL)
    g_error ("%s", error->message);
  c = gb_conclusion_new_for_meeting ("2021-09-15", "Ninh Thuận");
  ((GbConclusionSection *) g_ptr_array_index (c->sections, 0))->body = gb_situation_format_paragraph (s, -1);
  for (int i = 0; i < 40; i++)
    {
      g_autofree char *text = g_strdup_printf ("Nhiệm vụ số %d của các sở, ngành và địa phương", i + 1);
      GbConclusionTask *t = gb_conclusion_task_new (text, "2021-09-30", NULL);

      g_ptr_array_add (t->units, g_strdup ("Sở Y tế"));
      g_ptr_array_add (((GbConclusionSection *) g_ptr_array_index (c->sections, 1))->tasks, t);
    }
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < rounds; i++)
    if (!gb_conclusion_export_pdf (c, pdf, &error))
      g_error ("%s", error->message);
  printf ("bench: conclusion_pdf_export %.2f ms\n", (g_get_monotonic_time () - t0) / 1000.0 / rounds);
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < rounds; i++)
    if (!gb_conclusion_export_odt (c, odt, &error))
      g_error ("%s", error->message);
  printf ("bench: conclusion_odt_export %.2f ms\n", (g_get_monotonic_time () - t0) / 1000.0 / rounds);
  g_unlink (pdf);
  g_unlink (odt);
  g_rmdir (dir);
  return 0;
}
