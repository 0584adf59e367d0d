/* gb-report-actions.c — the tracker's reports from the app: a unit's reminder, the states table
 *
 * The same documents as `giaoban-cli report unit|states` (gb-task-report.c): a save dialog
 * offering PDF, ODT and CSV, and printing of a unit's reminder in its A4 layout. The outcome is
 * a toast in the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gb-export-dialog.h"
#include "gb-print.h"
#include "gb-report-actions.h"
#include "gb-task-report.h"

typedef struct
{
  GtkWidget *parent;   /* owned */
  GbStore   *store;    /* owned */
  char      *unit;     /* NULL: the states report */
  char      *today;
} Request;

static void
request_free (Request *r)
{
  g_clear_object (&r->parent);
  g_clear_object (&r->store);
  g_free (r->unit);
  g_free (r->today);
  g_free (r);
}

static void
toast (GtkWidget  *parent,
       const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (parent, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    g_message ("%s", text);
}

static void
chosen_cb (const char *path,
           gpointer    user_data)
{
  Request *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  gboolean ok;

  if (path == NULL)
    {
      toast (r->parent, _("Choose a local file"));
      request_free (r);
      return;
    }
  ok = r->unit != NULL ? gb_task_report_write_unit (r->store, r->unit, r->today, path, &error)
                       : gb_task_report_write_states (r->store, r->today, path, &error);
  done = ok ? g_strdup_printf (_("Saved %s"), path) : NULL;
  toast (r->parent, ok ? done : error->message);
  request_free (r);
}

static Request *
request_new (GtkWidget  *parent,
             GbStore    *store,
             const char *unit,
             const char *today)
{
  Request *r = g_new0 (Request, 1);

  r->parent = g_object_ref (parent);
  r->store = g_object_ref (store);
  r->unit = g_strdup (unit);
  r->today = g_strdup (today);
  return r;
}

/**
 * gb_report_save_unit:
 * @unit: an organisation of the tracker
 * @today: (nullable): the day that decides what is overdue
 *
 * Asks where to save @unit's reminder (phiếu nhắc việc) as PDF, ODT or CSV, then writes it.
 */
void
gb_report_save_unit (GtkWidget  *parent,
                     GbStore    *store,
                     const char *unit,
                     const char *today)
{
  g_autofree char *folded = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (GB_IS_STORE (store));
  g_return_if_fail (unit != NULL);

  folded = g_strdelimit (g_utf8_normalize (unit, -1, G_NORMALIZE_NFC), "/\\:", '-');
  name = g_strdup_printf ("phieu-nhac-viec-%s.pdf", folded);
  gb_export_dialog_show_document (parent, _("Save the Unit's Reminder"), name, chosen_cb,
                                  request_new (parent, store, unit, today));
}

/**
 * gb_report_save_states:
 * @today: (nullable): the day that decides what is overdue
 *
 * Asks where to save the table of the four states per unit as PDF, ODT or CSV, then writes it.
 */
void
gb_report_save_states (GtkWidget  *parent,
                       GbStore    *store,
                       const char *today)
{
  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (GB_IS_STORE (store));

  gb_export_dialog_show_document (parent, _("Save the States Report"), "bao-cao-tinh-hinh-nhiem-vu.pdf", chosen_cb,
                                  request_new (parent, store, NULL, today));
}

/**
 * gb_report_print_unit:
 * @pdf_path: (nullable): print to this PDF without a dialog (tests)
 *
 * Prints @unit's reminder on A4 through the print dialog.
 *
 * Returns: FALSE with @error when the unit is unknown or printing failed
 */
gboolean
gb_report_print_unit (GtkWidget   *parent,
                      GbStore     *store,
                      const char  *unit,
                      const char  *today,
                      const char  *pdf_path,
                      GError     **error)
{
  g_autoptr(GbConclusion) report = NULL;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), FALSE);
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (unit != NULL, FALSE);

  if ((report = gb_task_report_unit_new (store, unit, today, error)) == NULL)
    return FALSE;
  root = gtk_widget_get_root (parent);
  return gb_print_document (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, report, _("Unit reminder"), pdf_path,
                            error);
}
