/* gb-sync-preferences.c — server address, token, certificate authority and area of the sync
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-sync-preferences.h"
#include "gb-sync-secret.h"
#include "gb-sync-setup.h"

struct _GbSyncPreferences
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *url_row;
  AdwPasswordEntryRow  *token_row;
  GtkEntry             *ca_entry;
  GtkEntry             *area_entry;
  GbSyncClient         *client;
};

G_DEFINE_FINAL_TYPE (GbSyncPreferences, gb_sync_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static gboolean
url_valid (const char *text)
{
  g_autoptr(GUri) uri = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;   /* empty: sync off */
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  return uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
         (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 || g_strcmp0 (g_uri_get_scheme (uri), "https") == 0);
}

static void
url_changed_cb (GbSyncPreferences *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));

  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (url_valid (stripped))
    gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
}

/**
 * gb_sync_preferences_apply:
 *
 * Keeps the address and token and syncs with them. An address that is not http(s) is
 * refused with a toast and nothing is kept.
 *
 * Returns: whether they were kept
 */
gboolean
gb_sync_preferences_apply (GbSyncPreferences *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autofree char *token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));
  g_autofree char *ca_file = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->ca_entry))));
  g_autofree char *area = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->area_entry))));

  if (!url_valid (url))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("The server address starts with http:// or https://")));
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      return FALSE;
    }
  if (*ca_file != '\0' && !g_file_test (ca_file, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *m = g_strdup_printf (_("There is no file %s"), ca_file);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (m));
      gtk_widget_add_css_class (GTK_WIDGET (self->ca_entry), "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->ca_entry), "error");
  gb_sync_setup_configure (self->client, url, token, ca_file, area);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (*url ? _("Saved; syncing now") : _("Saved; sync is off")));
  return TRUE;
}

/* A row with a title, an explanation and a text entry (not an AdwEntryRow: its title would
 * hide the explanation). */
static GtkEntry *
add_entry_row (AdwPreferencesGroup *group,
               const char          *title,
               const char          *subtitle,
               const char          *label)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkEntry *entry = GTK_ENTRY (gtk_entry_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_set_valign (GTK_WIDGET (entry), GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (GTK_WIDGET (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (row, GTK_WIDGET (entry));
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return entry;
}

static void
apply_cb (GbSyncPreferences *self)
{
  gb_sync_preferences_apply (self);
}

static void
gb_sync_preferences_dispose (GObject *object)
{
  GbSyncPreferences *self = GB_SYNC_PREFERENCES (object);

  g_clear_object (&self->client);
  G_OBJECT_CLASS (gb_sync_preferences_parent_class)->dispose (object);
}

static void
gb_sync_preferences_class_init (GbSyncPreferencesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_sync_preferences_dispose;
}

static void
gb_sync_preferences_init (GbSyncPreferences *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Save and Sync"));
  g_autofree char *file = gb_sync_secret_file_path ();
  g_autofree char *where = NULL;

  gtk_window_set_title (GTK_WINDOW (self), _("Sync"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 420);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);

  adw_preferences_page_set_title (page, _("Sync"));
  adw_preferences_page_set_icon_name (page, "emblem-synchronizing-symbolic");
  adw_preferences_group_set_title (group, _("Provincial Data Server"));
  if (gb_sync_secret_has_keyring ())
    where = g_strdup (_("This copy sends its edits to giaoband and brings in the province's data. The token is kept in the keyring."));
  else
    where = g_strdup_printf (_("This copy sends its edits to giaoband and brings in the province's data. "
                               "The token is kept in %s, readable only by you."), file);
  adw_preferences_group_set_description (group, where);

  self->url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Server address"));
  g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (url_changed_cb), self);
  adw_preferences_group_add (group, GTK_WIDGET (self->url_row));

  self->token_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row), _("Token"));
  adw_preferences_group_add (group, GTK_WIDGET (self->token_row));

  /* A province that signs its server's certificate itself gives its laptops its authority. */
  self->ca_entry = add_entry_row (group, _("Certificate authority"),
                                  _("A PEM file, for a server whose certificate the province signs itself; "
                                    "empty: the system's authorities"),
                                  _("Certificate authority file"));
  self->area_entry = add_entry_row (group, _("Area"),
                                    _("The code of the province or district whose communes this copy keeps, with "
                                      "every province's totals; empty: everything"),
                                    _("Area code"));

  gtk_widget_set_halign (apply, GTK_ALIGN_END);
  gtk_widget_set_margin_top (apply, 12);
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (apply_cb), self);
  adw_preferences_group_add (group, apply);

  adw_preferences_page_add (page, group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
}

/**
 * gb_sync_preferences_new:
 *
 * Returns: (transfer none): the window, showing the client's current address and token
 */
GbSyncPreferences *
gb_sync_preferences_new (GtkWindow    *parent,
                         GbSyncClient *client)
{
  GbSyncPreferences *self = g_object_new (GB_TYPE_SYNC_PREFERENCES, "transient-for", parent,
                                          "modal", TRUE, NULL);
  const char *url = gb_sync_client_get_server_url (client);
  const char *token = gb_sync_client_get_token (client);

  self->client = g_object_ref (client);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url ? url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), token ? token : "");
  gtk_editable_set_text (GTK_EDITABLE (self->ca_entry), gb_sync_client_get_ca_file (client) ?
                         gb_sync_client_get_ca_file (client) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->area_entry), gb_sync_client_get_area (client) ?
                         gb_sync_client_get_area (client) : "");
  return self;
}
