/* main.c — giaoban, the desktop app
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gb-application.h"
#include "gb-i18n.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GbApplication) app = NULL;

  gb_i18n_init ();

  app = gb_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
