/* gb-sync-indicator.c — the header bar's sync state: last sync, pending edits, errors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-sync-indicator.h"

struct _GbSyncIndicator
{
  GtkWidget      parent_instance;

  GtkWidget     *button;
  GtkWidget     *icon_stack;
  GtkWidget     *icon;
  GtkWidget     *spinner;
  GtkWidget     *badge;
  GtkWidget     *title;
  GtkWidget     *detail;
  GtkWidget     *error_label;
  GtkWidget     *conflicts_button;

  GbSyncClient  *client;
  GSignalGroup  *signals;
  GtkRevealer   *revealer;     /* borrowed: the window's progress bar for a long pull */
  GtkProgressBar *progress;
  AdwToastOverlay *toasts;
  AdwToast      *error_toast;  /* the one shown, so a failure repeating every few minutes
                                * does not pile up toasts */
  guint          refresh_id;
  const char    *status;     /* "off", "syncing", "error", "ok", "never" */
};

G_DEFINE_FINAL_TYPE (GbSyncIndicator, gb_sync_indicator, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CLIENT, N_PROPS };
static GParamSpec *properties[N_PROPS];

/**
 * gb_sync_format_time:
 * @iso: (nullable): a UTC time as the sync stores it
 *
 * Returns: the local time the way people here write it, "14:05 23/11/2026", or NULL
 */
char *
gb_sync_format_time (const char *iso)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso == NULL || (utc = g_date_time_new_from_iso8601 (iso, NULL)) == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%H:%M %d/%m/%Y");
}

static void
update (GbSyncIndicator *self)
{
  const char *url = self->client ? gb_sync_client_get_server_url (self->client) : NULL;
  const char *error = self->client ? gb_sync_client_get_last_error (self->client) : NULL;
  gboolean syncing = self->client && gb_sync_client_get_syncing (self->client);
  gint64 pending = self->client ? gb_sync_client_get_pending (self->client) : 0;
  gint64 conflicts = self->client ? gb_sync_client_get_conflicts (self->client) : 0;
  g_autofree char *when = gb_sync_format_time (self->client ? gb_sync_client_get_last_sync (self->client) : NULL);
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autofree char *badge = NULL;
  const char *icon_name, *title;

  if (url == NULL || *url == '\0')
    {
      self->status = "off";
      icon_name = "network-offline-symbolic";
      title = _("Sync is off");
      g_string_append (detail, _("Set a server in the sync settings to share edits with the province."));
    }
  else if (syncing)
    {
      self->status = "syncing";
      icon_name = "emblem-synchronizing-symbolic";
      title = _("Syncing…");
    }
  else if (error != NULL)
    {
      self->status = "error";
      icon_name = "dialog-warning-symbolic";
      title = _("Sync failed");
    }
  else if (when == NULL)
    {
      self->status = "never";
      icon_name = "emblem-synchronizing-symbolic";
      title = _("Not synced yet");
    }
  else
    {
      self->status = "ok";
      icon_name = "emblem-ok-symbolic";
      title = _("Synced");
    }

  if (url != NULL && *url != '\0')
    {
      if (when != NULL)
        g_string_append_printf (detail, _("Last sync: %s"), when);
      else
        g_string_append (detail, _("Never synced with this server"));
      g_string_append_c (detail, '\n');
      g_string_append_printf (detail, g_dngettext (NULL, "%lld local change waiting to be sent",
                                                   "%lld local changes waiting to be sent", pending),
                              (long long) pending);
      if (conflicts > 0)
        {
          g_string_append_c (detail, '\n');
          g_string_append_printf (detail, g_dngettext (NULL, "%lld conflict to resolve",
                                                       "%lld conflicts to resolve", conflicts),
                                  (long long) conflicts);
        }
    }

  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon_name);
  gtk_stack_set_visible_child (GTK_STACK (self->icon_stack), syncing ? self->spinner : self->icon);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), syncing);
  if (g_strcmp0 (self->status, "error") == 0)
    gtk_widget_add_css_class (self->button, "error");
  else
    gtk_widget_remove_css_class (self->button, "error");

  badge = pending + conflicts > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, pending + conflicts) : NULL;
  gtk_label_set_label (GTK_LABEL (self->badge), badge ? badge : "");
  gtk_widget_set_visible (self->badge, badge != NULL);

  gtk_label_set_label (GTK_LABEL (self->title), title);
  gtk_label_set_label (GTK_LABEL (self->detail), detail->str);
  gtk_label_set_label (GTK_LABEL (self->error_label), error ? error : "");
  gtk_widget_set_visible (self->error_label, error != NULL && !syncing && url != NULL);
  gtk_widget_set_visible (self->conflicts_button, conflicts > 0);
  {
    g_autofree char *tip = g_strdup_printf ("%s\n%s", title, detail->str);
    gtk_widget_set_tooltip_text (self->button, tip);
  }
}

/* Rows and percentage while a long pull runs (a first sync brings the whole province). */
#define PROGRESS_MIN_ROWS 200

static void
progress_cb (GbSyncIndicator *self,
             gint64           rows,
             gint64           total,
             double           fraction)
{
  g_autofree char *text = NULL;

  if (self->revealer == NULL || total < PROGRESS_MIN_ROWS)
    return;
  text = g_strdup_printf (_("Syncing: %lld of %lld rows (%.0f %%)"),
                          (long long) rows, (long long) total, fraction * 100.0);
  gtk_progress_bar_set_fraction (self->progress, fraction);
  gtk_progress_bar_set_text (self->progress, text);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

/* The server asked the sync to wait: the user sees when it asks again. */
static void
waiting_cb (GbSyncIndicator *self,
            guint            seconds,
            const char      *message)
{
  gtk_widget_set_tooltip_text (self->button, message);
  if (self->revealer == NULL)
    return;
  gtk_progress_bar_set_text (self->progress, message);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

static void
syncing_cb (GbSyncIndicator *self)
{
  if (self->revealer != NULL && !gb_sync_client_get_syncing (self->client))
    gtk_revealer_set_reveal_child (self->revealer, FALSE);
}

static void
error_toast_dismissed_cb (GbSyncIndicator *self)
{
  g_clear_object (&self->error_toast);
}

static void
finished_cb (GbSyncIndicator *self,
             GbSyncSummary   *summary,
             const GError    *error)
{
  if (self->toasts == NULL)
    return;
  if (error != NULL)
    {
      g_autofree char *title = NULL;

      if (self->error_toast != NULL)
        return;
      title = g_markup_printf_escaped (_("Sync failed: %s"), error->message);
      self->error_toast = g_object_ref (adw_toast_new (title));
      adw_toast_set_button_label (self->error_toast, _("_Retry"));
      adw_toast_set_action_name (self->error_toast, "win.sync-now");
      adw_toast_set_priority (self->error_toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (self->error_toast, 0);
      g_signal_connect_object (self->error_toast, "dismissed", G_CALLBACK (error_toast_dismissed_cb), self,
                               G_CONNECT_SWAPPED);
      adw_toast_overlay_add_toast (self->toasts, g_object_ref (self->error_toast));
      return;
    }
  if (self->error_toast != NULL)
    adw_toast_dismiss (self->error_toast);
  if (summary != NULL && summary->conflicts > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (NULL,
                                                "%lld edit collided with a newer one on the server; both versions are kept",
                                                "%lld edits collided with newer ones on the server; both versions are kept",
                                                summary->conflicts), (long long) summary->conflicts);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (title));
    }
  if (summary != NULL && summary->rejected > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (NULL,
                                                "The server did not accept %lld edit; it is listed with the conflicts",
                                                "The server did not accept %lld edits; they are listed with the conflicts",
                                                summary->rejected), (long long) summary->rejected);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (title));
    }
}

/* Local edits are queued as they happen: the count follows without waiting for a sync. */
static gboolean
refresh_cb (gpointer data)
{
  GbSyncIndicator *self = data;

  if (self->client != NULL && !gb_sync_client_get_syncing (self->client))
    gb_sync_client_refresh_state (self->client);
  return G_SOURCE_CONTINUE;
}

/**
 * gb_sync_indicator_attach:
 *
 * Lets the indicator drive the window's progress bar during a long pull and post toasts for
 * failures (with a retry) and conflicts.
 */
void
gb_sync_indicator_attach (GbSyncIndicator *self,
                          GtkRevealer     *progress_revealer,
                          GtkProgressBar  *progress_bar,
                          AdwToastOverlay *toasts)
{
  g_return_if_fail (GB_IS_SYNC_INDICATOR (self));

  self->revealer = progress_revealer;
  self->progress = progress_bar;
  self->toasts = toasts;
}

static void
gb_sync_indicator_dispose (GObject *object)
{
  GbSyncIndicator *self = GB_SYNC_INDICATOR (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->error_toast);
  self->revealer = NULL;
  self->progress = NULL;
  self->toasts = NULL;
  g_clear_object (&self->signals);
  g_clear_object (&self->client);
  g_clear_pointer (&self->button, gtk_widget_unparent);
  G_OBJECT_CLASS (gb_sync_indicator_parent_class)->dispose (object);
}

static void
gb_sync_indicator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GbSyncIndicator *self = GB_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_sync_indicator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GbSyncIndicator *self = GB_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT: gb_sync_indicator_set_client (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_sync_indicator_class_init (GbSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_sync_indicator_dispose;
  object_class->get_property = gb_sync_indicator_get_property;
  object_class->set_property = gb_sync_indicator_set_property;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, GB_TYPE_SYNC_CLIENT,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncindicator");
}

static void
gb_sync_indicator_init (GbSyncIndicator *self)
{
  GtkWidget *content, *box, *buttons, *now, *settings, *popover;

  self->status = "off";
  self->icon = gtk_image_new_from_icon_name ("network-offline-symbolic");
  self->spinner = gtk_spinner_new ();
  self->icon_stack = gtk_stack_new ();
  gtk_stack_add_child (GTK_STACK (self->icon_stack), self->icon);
  gtk_stack_add_child (GTK_STACK (self->icon_stack), self->spinner);
  self->badge = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->badge, "sync-badge");
  gtk_widget_set_valign (self->badge, GTK_ALIGN_CENTER);
  content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_append (GTK_BOX (content), self->icon_stack);
  gtk_box_append (GTK_BOX (content), self->badge);

  self->title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->title, "heading");
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  self->detail = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->detail), 0);
  gtk_label_set_wrap (GTK_LABEL (self->detail), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->detail), 40);
  self->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->error_label), 40);
  gtk_label_set_selectable (GTK_LABEL (self->error_label), TRUE);
  gtk_widget_add_css_class (self->error_label, "error");
  now = gtk_button_new_with_mnemonic (_("_Sync Now"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (now), "win.sync-now");
  gtk_widget_add_css_class (now, "suggested-action");
  settings = gtk_button_new_with_mnemonic (_("Sync _Settings…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (settings), "win.sync-preferences");
  self->conflicts_button = gtk_button_new_with_mnemonic (_("_Resolve Conflicts…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->conflicts_button), "win.sync-conflicts");
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  gtk_box_append (GTK_BOX (buttons), settings);
  gtk_box_append (GTK_BOX (buttons), now);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), self->title);
  gtk_box_append (GTK_BOX (box), self->detail);
  gtk_box_append (GTK_BOX (box), self->error_label);
  gtk_box_append (GTK_BOX (box), self->conflicts_button);
  gtk_box_append (GTK_BOX (box), buttons);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->button), content);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));

  self->signals = g_signal_group_new (GB_TYPE_SYNC_CLIENT);
  g_signal_group_connect_swapped (self->signals, "notify", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->signals, "notify::syncing", G_CALLBACK (syncing_cb), self);
  g_signal_group_connect_swapped (self->signals, "progress", G_CALLBACK (progress_cb), self);
  g_signal_group_connect_swapped (self->signals, "waiting", G_CALLBACK (waiting_cb), self);
  g_signal_group_connect_swapped (self->signals, "finished", G_CALLBACK (finished_cb), self);
  self->refresh_id = g_timeout_add_seconds (10, refresh_cb, self);
  update (self);
}

GtkWidget *
gb_sync_indicator_new (void)
{
  return g_object_new (GB_TYPE_SYNC_INDICATOR, NULL);
}

/** gb_sync_indicator_set_client: the client whose state is shown; it follows every change. */
void
gb_sync_indicator_set_client (GbSyncIndicator *self,
                              GbSyncClient    *client)
{
  g_return_if_fail (GB_IS_SYNC_INDICATOR (self));

  if (!g_set_object (&self->client, client))
    return;
  g_signal_group_set_target (self->signals, client);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

GbSyncClient *
gb_sync_indicator_get_client (GbSyncIndicator *self)
{
  g_return_val_if_fail (GB_IS_SYNC_INDICATOR (self), NULL);
  return self->client;
}

/** gb_sync_indicator_get_status: "off", "never", "syncing", "ok" or "error" (for tests). */
const char *
gb_sync_indicator_get_status (GbSyncIndicator *self)
{
  g_return_val_if_fail (GB_IS_SYNC_INDICATOR (self), NULL);
  return self->status;
}
