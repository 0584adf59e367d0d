/* gb-sync-conflicts.c — edits the server refused as conflicts, for a person to decide
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each conflict shows the fields where the two versions differ. The local row already holds
 * the server's version; keeping one's own puts it back and sends it again.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gb-json-check.h"
#include "gb-store-sync.h"
#include "gb-sync-conflicts.h"
#include "gb-sync-indicator.h"

struct _GbSyncConflicts
{
  AdwWindow        parent_instance;

  GtkWidget       *list;
  GtkWidget       *stack;
  AdwToastOverlay *toasts;
  GbStore         *store;
  GbSyncClient    *client;
  guint            n;
};

G_DEFINE_FINAL_TYPE (GbSyncConflicts, gb_sync_conflicts, ADW_TYPE_WINDOW)

static char *
value_text (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

/**
 * gb_sync_conflict_describe:
 *
 * Returns: one line per field that differs, "field: server’s value → yours", or what was
 *   deleted on which side
 */
/* A stored row as JSON, or NULL when it is not strict JSON (it came from another machine). */
static JsonNode *
row_from_text (const char *text)
{
  if (text == NULL || !gb_json_check (text, strlen (text), GB_JSON_CHECK_MAX_DEPTH, G_MAXSIZE, NULL))
    return NULL;
  return json_from_string (text, NULL);
}

char *
gb_sync_conflict_describe (const char *server_row,
                           const char *client_row)
{
  g_autoptr(JsonNode) server = row_from_text (server_row);
  g_autoptr(JsonNode) client = row_from_text (client_row);
  JsonObject *s = server && JSON_NODE_HOLDS_OBJECT (server) ? json_node_get_object (server) : NULL;
  JsonObject *c = client && JSON_NODE_HOLDS_OBJECT (client) ? json_node_get_object (client) : NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GList *members;

  if (s == NULL && c == NULL)
    return g_strdup (_("Deleted on both sides"));
  if (s == NULL)
    return g_strdup (_("Deleted on the server; you had changed it"));
  if (c == NULL)
    return g_strdup (_("Changed on the server; you had deleted it"));

  members = g_list_concat (json_object_get_members (s), json_object_get_members (c));
  for (GList *l = members; l != NULL; l = l->next)
    if (g_hash_table_add (names, l->data))
      g_ptr_array_add (sorted, l->data);
  g_list_free (members);
  g_ptr_array_sort (sorted, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < sorted->len; i++)
    {
      const char *name = *(const char **) &sorted->pdata[i];
      g_autofree char *a = value_text (s, name);
      g_autofree char *b = value_text (c, name);

      if (g_strcmp0 (a, b) == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      /* Translators: a field of a row, its value on the server, then the user's own value. */
      g_string_append_printf (out, _("%s: server “%s”, yours “%s”"), name, a, b);
    }
  if (out->len == 0)
    g_string_append (out, _("Both versions are the same"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void reload (GbSyncConflicts *self);

static void
resolve_clicked_cb (GtkButton       *button,
                    GbSyncConflicts *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "conflict-id"));
  gboolean mine = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "keep-mine"));
  g_autoptr(GError) error = NULL;

  if (!gb_sync_conflicts_resolve (self, id, mine, &error))
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
}

/**
 * gb_sync_conflicts_resolve:
 * @keep_mine: put the local version back and send it; otherwise keep the server's
 */
gboolean
gb_sync_conflicts_resolve (GbSyncConflicts  *self,
                           gint64            conflict_id,
                           gboolean          keep_mine,
                           GError          **error)
{
  if (!gb_sync_resolve_conflict (self->store, conflict_id, keep_mine, NULL, error))
    return FALSE;
  reload (self);
  if (self->client != NULL)
    {
      gb_sync_client_refresh_state (self->client);
      if (keep_mine)
        gb_sync_client_sync_now (self->client);
    }
  return TRUE;
}

/**
 * gb_sync_conflicts_describe_rejection:
 * @reason: the server's message
 * @server_row: (nullable): the server's version, or NULL when it has none
 * @client_row: (nullable): the version sent
 *
 * Returns: what a person reads about an edit the server would not take
 */
char *
gb_sync_conflicts_describe_rejection (const char *reason,
                                      const char *server_row,
                                      const char *client_row)
{
  g_autoptr(GString) out = g_string_new (NULL);

  /* Translators: the server's own message follows. */
  g_string_append_printf (out, _("The server did not accept this edit: %s"), reason);
  if (server_row != NULL)
    {
      g_autofree char *diff = gb_sync_conflict_describe (server_row, client_row);

      g_string_append_printf (out, "\n%s\n%s", _("This copy now has the server’s version:"), diff);
    }
  else
    g_string_append_printf (out, "\n%s", _("The server does not have this row; it stays as it is on this computer."));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GtkWidget *
conflict_row (GbSyncConflicts *self,
              GbSyncConflict  *c)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *when = gb_sync_format_time (c->detected_at);
  g_autofree char *what = NULL;
  g_autofree char *title = gb_store_sync_describe_row (self->store, c->table, c->key);

  if (c->reason != NULL)
    {
      /* Sending it again would be refused again: a person can only take note. */
      GtkWidget *dismiss = gtk_button_new_with_mnemonic (_("_Dismiss"));

      what = gb_sync_conflicts_describe_rejection (c->reason, c->server_row, c->client_row);
      g_object_set_data (G_OBJECT (dismiss), "conflict-id", GSIZE_TO_POINTER (c->id));
      g_signal_connect (dismiss, "clicked", G_CALLBACK (resolve_clicked_cb), self);
      gtk_box_append (GTK_BOX (buttons), dismiss);
    }
  else
    {
      GtkWidget *server = gtk_button_new_with_mnemonic (_("Keep the _Server’s"));
      GtkWidget *mine = gtk_button_new_with_mnemonic (_("Keep _Mine"));

      what = gb_sync_conflict_describe (c->server_row, c->client_row);
      g_object_set_data (G_OBJECT (server), "conflict-id", GSIZE_TO_POINTER (c->id));
      g_object_set_data (G_OBJECT (mine), "conflict-id", GSIZE_TO_POINTER (c->id));
      g_object_set_data (G_OBJECT (mine), "keep-mine", GINT_TO_POINTER (TRUE));
      g_signal_connect (server, "clicked", G_CALLBACK (resolve_clicked_cb), self);
      g_signal_connect (mine, "clicked", G_CALLBACK (resolve_clicked_cb), self);
      gtk_box_append (GTK_BOX (buttons), server);
      gtk_box_append (GTK_BOX (buttons), mine);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), when ? when : c->detected_at);
  gtk_label_set_label (GTK_LABEL (detail), what);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_selectable (GTK_LABEL (detail), TRUE);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_box_append (GTK_BOX (box), buttons);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), box);
  return row;
}

static void
reload (GbSyncConflicts *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = gb_store_sync_list_conflicts (self->store, &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  self->n = conflicts ? conflicts->len : 0;
  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->list), conflict_row (self, g_ptr_array_index (conflicts, i)));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), self->n > 0 ? "list" : "empty");
  if (error != NULL)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
}

static void
gb_sync_conflicts_dispose (GObject *object)
{
  GbSyncConflicts *self = GB_SYNC_CONFLICTS (object);

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (gb_sync_conflicts_parent_class)->dispose (object);
}

static void
gb_sync_conflicts_class_init (GbSyncConflictsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_sync_conflicts_dispose;
}

static void
gb_sync_conflicts_init (GbSyncConflicts *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *empty = adw_status_page_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Sync Conflicts"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 520);
  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_margin_top (self->list, 12);
  gtk_widget_set_margin_bottom (self->list, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->list);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Conflicts"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty), _("Every local edit reached the server."));

  self->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "list");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, self->stack);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);
}

GbSyncConflicts *
gb_sync_conflicts_new (GtkWindow    *parent,
                       GbStore      *store,
                       GbSyncClient *client)
{
  GbSyncConflicts *self = g_object_new (GB_TYPE_SYNC_CONFLICTS, "transient-for", parent, "modal", TRUE, NULL);

  self->store = g_object_ref (store);
  self->client = client ? g_object_ref (client) : NULL;
  reload (self);
  return self;
}

guint
gb_sync_conflicts_get_n (GbSyncConflicts *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CONFLICTS (self), 0);
  return self->n;
}
