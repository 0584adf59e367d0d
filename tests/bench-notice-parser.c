/* bench-notice-parser.c — how fast notices parse: the seeds and a 10 MB text
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gb-notice-parser.h"

static GString *
big_text (gsize bytes)
{
  GString *s = g_string_new (NULL);
  int i = 0;

  while (s->len < bytes)
    {
      g_string_append_printf (s, "%d. Sở Y tế chủ trì, phối hợp với Công an tỉnh tăng cường kiểm tra, giám sát việc\n"
                                 "thực hiện các biện pháp phòng, chống dịch trước ngày 15/9/2021 tại các khu công nghiệp.\n"
                                 "- Báo cáo hằng tuần.\n", i % 99 + 1);
      i++;
    }
  return s;
}

int
main (int argc, char **argv)
{
  const char *seeds[] = { "000_f7e6265e96402aee.txt", "002_8a0229a8e1123d04.txt", "003_181e12a3a85800c3.txt" };
  g_autoptr(GbOrganisations) orgs = gb_organisations_new_builtin ();
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  gint64 t0;
  double ms;
  GString *big;
  int rounds = 20;

  t0 = g_get_monotonic_time ();
  for (int r = 0; r < rounds; r++)
    for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
      {
        g_autofree char *path = g_build_filename (srcdir ? srcdir : "tests", "..", "data", "demo", "notices", seeds[i], NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(GbNotice) n = gb_notice_parse_file (path, orgs, &error);
        if (n == NULL)
          g_error ("%s", error->message);
      }
  ms = (g_get_monotonic_time () - t0) / 1000.0 / (rounds * G_N_ELEMENTS (seeds));
  g_print ("bench: notice-parse-seed %.2f ms\n", ms);

  big = big_text (10 * 1024 * 1024);
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbNotice) n = gb_notice_parse (big->str, big->len, orgs, &error);
    if (n == NULL)
      g_error ("%s", error->message);
  }
  ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_print ("bench: notice-parse-10mb %.0f ms\n", ms);
  g_string_free (big, TRUE);
  return 0;
}
