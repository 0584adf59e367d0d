/* gb-unit-sidebar.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "gb-store-reporting.h"
#include "gb-store-unit-timeline.h"
#include "gb-store-units-history.h"
#include "gb-text.h"
#include "gb-unit-item.h"
#include "gb-unit-sidebar.h"

struct _GbUnitSidebar
{
  GtkWidget           parent_instance;

  /* template children */
  GtkSearchEntry     *search_entry;
  GtkListView        *list_view;
  GtkLabel           *note_label;

  /* owned */
  GListStore         *roots;
  GListStore         *flat;
  GtkTreeListModel   *tree;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GbStore            *store;
  char               *unit_code;
  char               *query;
  /* The units of a date (after the 2025 reform, no districts): rebuilt only when they changed. */
  GbUnitTimeline     *timeline;
  char               *date;
  char               *built_date;
  GCancellable       *read_cancel;   /* a national set's tree being read in a worker */
};

G_DEFINE_FINAL_TYPE (GbUnitSidebar, gb_unit_sidebar, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_UNIT_CODE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  GListStore *children = gb_unit_item_get_children (item);

  if (g_list_model_get_n_items (G_LIST_MODEL (children)) == 0)
    return NULL;
  return g_object_ref (G_LIST_MODEL (children));
}

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  GbUnitSidebar *self = user_data;

  if (self->query == NULL || *self->query == '\0')
    return TRUE;
  return strstr (gb_unit_item_get_folded (item), self->query) != NULL;
}

static GbUnitItem *
item_at (GbUnitSidebar *self,
         guint          position)
{
  g_autoptr(GObject) obj = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (obj == NULL)
    return NULL;
  if (GTK_IS_TREE_LIST_ROW (obj))
    return GB_UNIT_ITEM (gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (obj)));
  return GB_UNIT_ITEM (g_object_ref (obj));
}

/* Keeps the visible selection in step with the unit (set from outside, or a new tree). */
static void
select_unit_row (GbUnitSidebar *self)
{
  for (guint i = 0; self->unit_code != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->selection)); i++)
    {
      g_autoptr(GbUnitItem) item = item_at (self, i);

      if (item != NULL && g_strcmp0 (gb_unit_item_get_unit (item)->code, self->unit_code) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          break;
        }
    }
}

static void
selection_changed_cb (GbUnitSidebar *self)
{
  guint pos = gtk_single_selection_get_selected (self->selection);
  g_autoptr(GbUnitItem) item = NULL;

  if (pos == GTK_INVALID_LIST_POSITION || (item = item_at (self, pos)) == NULL)
    return;
  gb_unit_sidebar_set_unit_code (self, gb_unit_item_get_unit (item)->code);
}

static void
search_changed_cb (GbUnitSidebar  *self,
                   GtkSearchEntry *entry)
{
  g_free (self->query);
  self->query = gb_text_fold (gtk_editable_get_text (GTK_EDITABLE (entry)));
  g_strstrip (self->query);

  /* A tree while browsing, a flat list of matches while searching. */
  if (*self->query == '\0')
    gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tree));
  else
    {
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->filtered));
    }
}

static void row_menu_cb (GtkGestureClick *gesture, int n_press, double x, double y, GtkListItem *list_item);

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *sub = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_widget_add_css_class (sub, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), sub);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
  {
    GtkGesture *menu = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (menu), GDK_BUTTON_SECONDARY);
    g_signal_connect (menu, "pressed", G_CALLBACK (row_menu_cb), list_item);
    gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (menu));
  }
}

/* The row's second line: code and population, and a district's reporting rate. */
static void
show_subtitle (GtkLabel   *sub,
               GbUnitItem *item)
{
  const GbUnit *unit = gb_unit_item_get_unit (item);
  g_autofree char *subtitle = NULL;

  if (unit->population >= 0)
    {
      g_autofree char *count = gb_text_format_count (unit->population);
      /* Translators: a unit's GSO code and its population */
      subtitle = g_strdup_printf (_("%s · population %s"), unit->code, count);
    }
  else
    subtitle = g_strdup (unit->code);
  if (gb_unit_item_get_reporting (item) != NULL)
    {
      char *more = g_strdup_printf ("%s\n%s", subtitle, gb_unit_item_get_reporting (item));

      g_free (subtitle);
      subtitle = more;
    }
  gtk_label_set_text (sub, subtitle);
}

static void
reporting_changed_cb (GbUnitItem *item,
                      GParamSpec *pspec,
                      GtkLabel   *sub)
{
  show_subtitle (sub, item);
}

/* The item a row shows, the tree's or the search's. */
static GbUnitItem *
row_item (GtkListItem *list_item)
{
  GObject *obj = gtk_list_item_get_item (list_item);

  if (GTK_IS_TREE_LIST_ROW (obj))
    {
      gpointer item = gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (obj));

      /* None while the tree is torn down (a new tree for another date, the window closing). */
      if (item == NULL)
        return NULL;
      g_object_unref (item);   /* the row keeps it alive */
      return GB_UNIT_ITEM (item);
    }
  return obj != NULL ? GB_UNIT_ITEM (obj) : NULL;
}

static gboolean
unparent_cb (gpointer widget)
{
  gtk_widget_unparent (widget);
  g_object_unref (widget);
  return G_SOURCE_REMOVE;
}

static void
popover_closed_cb (GtkWidget *popover)
{
  g_idle_add (unparent_cb, g_object_ref (popover));
}

/* A secondary click on a row: its unit's menu ("Merge Into…", the window's action). */
static void
row_menu_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             GtkListItem     *list_item)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GbUnitItem *item = row_item (list_item);
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenuItem) merge = NULL;
  GtkWidget *popover;

  if (item == NULL)
    return;
  menu = g_menu_new ();
  merge = g_menu_item_new (_("_Merge Into…"), NULL);
  g_menu_item_set_action_and_target_value (merge, "win.merge-units",
                                           g_variant_new_string (gb_unit_item_get_unit (item)->code));
  g_menu_append_item (menu, merge);
  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (popover, row);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  /* Unparented once closed, after the chosen item's action ran. */
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *sub = gtk_widget_get_next_sibling (name);
  GObject *obj = gtk_list_item_get_item (list_item);
  GbUnitItem *item = row_item (list_item);

  if (item == NULL)
    return;
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), GTK_IS_TREE_LIST_ROW (obj) ? GTK_TREE_LIST_ROW (obj) : NULL);
  gtk_label_set_text (GTK_LABEL (name), gb_unit_item_get_unit (item)->name);
  show_subtitle (GTK_LABEL (sub), item);
  g_signal_connect_object (item, "notify::reporting", G_CALLBACK (reporting_changed_cb), sub, 0);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *sub = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));
  GbUnitItem *item = row_item (list_item);

  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, reporting_changed_cb, sub);
}

/* A tree being read in a worker is no longer wanted. */
static void
cancel_read (GbUnitSidebar *self)
{
  if (self->read_cancel != NULL)
    g_cancellable_cancel (self->read_cancel);
  g_clear_object (&self->read_cancel);
}

static void
gb_unit_sidebar_dispose (GObject *object)
{
  GbUnitSidebar *self = GB_UNIT_SIDEBAR (object);

  cancel_read (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_UNIT_SIDEBAR);
  g_clear_pointer (&self->timeline, gb_unit_timeline_unref);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->built_date, g_free);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->tree);
  g_clear_object (&self->roots);
  g_clear_object (&self->flat);
  g_clear_object (&self->store);
  g_clear_pointer (&self->unit_code, g_free);
  g_clear_pointer (&self->query, g_free);
  G_OBJECT_CLASS (gb_unit_sidebar_parent_class)->dispose (object);
}

static void
gb_unit_sidebar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GbUnitSidebar *self = GB_UNIT_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_UNIT_CODE:
      g_value_set_string (value, self->unit_code);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_unit_sidebar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GbUnitSidebar *self = GB_UNIT_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_UNIT_CODE:
      gb_unit_sidebar_set_unit_code (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_unit_sidebar_class_init (GbUnitSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_unit_sidebar_dispose;
  object_class->get_property = gb_unit_sidebar_get_property;
  object_class->set_property = gb_unit_sidebar_set_property;

  properties[PROP_UNIT_CODE] =
    g_param_spec_string ("unit-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-unit-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, GbUnitSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GbUnitSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, GbUnitSidebar, note_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gb_unit_sidebar_init (GbUnitSidebar *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->roots = g_list_store_new (GB_TYPE_UNIT_ITEM);
  self->flat = g_list_store_new (GB_TYPE_UNIT_ITEM);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->roots)), FALSE, FALSE,
                                        create_children_cb, NULL, NULL);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->flat)), GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

/* Each district's share of communes that reported on the last days, under its name: the last
 * day's count, and the days still incomplete. The numbers are those the store shows, "as of"
 * its moment; a district with none then shows none. */
static void
set_reporting (GListStore *flat,
               GbStore    *store)
{
  g_autoptr(GPtrArray) districts = gb_reporting_list_districts (store, NULL, NULL, NULL);
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; districts != NULL && i < districts->len; i++)
    {
      GbReportingUnit *u = districts->pdata[i];
      const GbReportingDay *last;
      char *text;
      guint incomplete = 0;

      if (u->days->len == 0)
        continue;
      last = &g_array_index (u->days, GbReportingDay, u->days->len - 1);
      for (guint k = 0; k < u->days->len; k++)
        incomplete += g_array_index (u->days, GbReportingDay, k).incomplete;
      /* Translators: a district's reporting rate: communes that reported, of all, on dd/mm */
      text = g_strdup_printf (_("%u/%u communes reported on %.2s/%.2s"), last->reported, last->expected,
                              last->date + 8, last->date + 5);
      if (incomplete > 0)
        {
          char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u day incomplete",
                                                     "%s · %u days incomplete", incomplete), text, incomplete);
          g_free (text);
          text = more;
        }
      g_hash_table_insert (texts, u->code, text);
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (flat)); i++)
    {
      g_autoptr(GbUnitItem) item = g_list_model_get_item (G_LIST_MODEL (flat), i);

      if (gb_unit_item_get_unit (item)->level == GB_UNIT_LEVEL_DISTRICT)
        gb_unit_item_set_reporting (item, g_hash_table_lookup (texts, gb_unit_item_get_unit (item)->code));
    }
}

/* The units of a date as a tree: what a build reads, on the UI thread or in a worker. */
typedef struct
{
  GListStore     *flat;       /* every unit's item */
  GPtrArray      *roots;      /* the items whose parent is unknown */
  GbUnitTimeline *timeline;   /* when it was asked for */
  gboolean        simulated;  /* the commune series are simulated */
} Tree;

static void
tree_free (Tree *tree)
{
  g_clear_object (&tree->flat);
  g_clear_pointer (&tree->roots, g_ptr_array_unref);
  g_clear_pointer (&tree->timeline, gb_unit_timeline_unref);
  g_free (tree);
}

/* The units of @date (all without one) as items, each under its parent, with each district's
 * reporting rate. Touches nothing but @store: a worker may run it on a connection of its own. */
static Tree *
read_tree (GbStore    *store,
           const char *date,
           gboolean    with_timeline)
{
  Tree *tree = g_new0 (Tree, 1);
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *simulated = NULL;

  tree->flat = g_list_store_new (GB_TYPE_UNIT_ITEM);
  tree->roots = g_ptr_array_new_with_free_func (g_object_unref);
  if (with_timeline)
    tree->timeline = gb_store_load_unit_timeline (store, NULL);
  units = date ? gb_store_units_valid_on (store, date, GB_UNIT_LEVEL_ANY, NULL, NULL)
               : gb_store_list_units (store, GB_UNIT_LEVEL_ANY, NULL, NULL);
  /* Units come ordered by level, so parents exist before their children. */
  for (guint i = 0; units != NULL && i < units->len; i++)
    {
      GbUnit *unit = g_ptr_array_index (units, i);
      GbUnitItem *item = gb_unit_item_new (unit);
      GbUnitItem *parent = unit->parent_code ? g_hash_table_lookup (by_code, unit->parent_code) : NULL;

      g_ptr_array_add (items, item);
      g_hash_table_insert (by_code, (gpointer) gb_unit_item_get_unit (item)->code, item);
      if (parent != NULL)
        g_list_store_append (gb_unit_item_get_children (parent), item);
      else
        g_ptr_array_add (tree->roots, g_object_ref (item));
    }
  /* One change for the whole list, not one per unit. */
  g_list_store_splice (tree->flat, 0, 0, items->pdata, items->len);
  set_reporting (tree->flat, store);
  simulated = gb_store_get_meta (store, "simulated-commune-series");
  tree->simulated = simulated != NULL;
  return tree;
}

/* Shows @tree (the sidebar's models stay, their items change), the selected unit again. */
static void
show_tree (GbUnitSidebar *self,
           Tree          *tree)
{
  if (tree->timeline != NULL)
    {
      g_clear_pointer (&self->timeline, gb_unit_timeline_unref);
      self->timeline = g_steal_pointer (&tree->timeline);
    }
  g_set_object (&self->flat, tree->flat);
  gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (self->flat));
  /* Roots go in last: the tree asks for children when a row appears, so they must be there. */
  g_list_store_splice (self->roots, 0, g_list_model_get_n_items (G_LIST_MODEL (self->roots)),
                       tree->roots->pdata, tree->roots->len);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), tree->simulated);
  if (tree->roots->len > 0)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, 0);
      if (row != NULL)
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
  select_unit_row (self);
}

typedef struct
{
  char     *path;
  char     *as_of;
  char     *date;
  gboolean  with_timeline;
} Read;

static void
read_free (Read *read)
{
  g_free (read->path);
  g_free (read->as_of);
  g_free (read->date);
  g_free (read);
}

/* The tree is not needed for the window's first frame: its reading yields the processor to the
 * window and to the map's own workers whenever they want it (two cores run the UI thread and
 * those two; the tree comes in as soon as one is free). */
static gpointer
read_tree_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  Read *read = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GbStore) store = NULL;

#ifdef __linux__
  /* On Linux a thread's nice value is its own. */
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 19);
#endif
  store = gb_store_open (read->path, &error);
  /* The numbers as the window's store shows them ("as of" its moment). */
  if (store == NULL || (read->as_of != NULL && !gb_store_set_as_of (store, read->as_of, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, read_tree (store, read->date, read->with_timeline), (GDestroyNotify) tree_free);
  return NULL;
}

static void
tree_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GbUnitSidebar) self = user_data;
  g_autoptr(GError) error = NULL;
  Tree *tree;

  /* Dropped: another date or store was asked for meanwhile, or the sidebar went. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->read_cancel);
  tree = g_task_propagate_pointer (G_TASK (result), &error);
  if (tree == NULL)
    {
      g_warning ("Could not read the units: %s", error->message);
      return;
    }
  show_tree (self, tree);
  tree_free (tree);
}

/* Up to this many units (the largest province has about 650) the tree is read at once, in a
 * few milliseconds; the national set's 11,000 units and their reporting rates took the UI
 * thread for half a second as the window opened, so they are read in a worker, on a
 * connection of its own (SQLite's WAL lets it read beside the UI's), and the tree appears
 * when they are in. */
#define UNITS_READ_AT_ONCE 2000

/* Reads the units of the sidebar's date again, at once or in a worker. */
static void
build (GbUnitSidebar *self,
       gboolean       with_timeline)
{
  g_autoptr(GTask) task = NULL;
  Read *read;

  cancel_read (self);
  g_free (self->built_date);
  self->built_date = g_strdup (self->date);
  if (gb_store_count_units (self->store) < UNITS_READ_AT_ONCE)
    {
      Tree *tree = read_tree (self->store, self->date, with_timeline);

      show_tree (self, tree);
      tree_free (tree);
      return;
    }
  read = g_new0 (Read, 1);
  read->path = g_strdup (gb_store_get_path (self->store));
  read->as_of = g_strdup (gb_store_get_as_of (self->store));
  read->date = g_strdup (self->date);
  read->with_timeline = with_timeline;
  self->read_cancel = g_cancellable_new ();
  task = g_task_new (NULL, self->read_cancel, tree_read_cb, g_object_ref (self));
  g_task_set_source_tag (task, build);
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);
  g_thread_unref (g_thread_new ("gb-units-read", read_tree_thread, g_steal_pointer (&task)));
}

/**
 * gb_unit_sidebar_set_store:
 *
 * Builds the tree from the store's units; units whose parent is unknown become roots. A
 * national set's tree is read in a worker and appears when it is in.
 */
void
gb_unit_sidebar_set_store (GbUnitSidebar *self,
                           GbStore       *store)
{
  gboolean new_store;

  g_return_if_fail (GB_IS_UNIT_SIDEBAR (self));

  new_store = store != self->store;
  if (new_store)
    {
      g_set_object (&self->store, store);
      g_clear_pointer (&self->timeline, gb_unit_timeline_unref);
    }
  if (store == NULL)
    {
      cancel_read (self);
      g_clear_pointer (&self->built_date, g_free);
      g_list_store_remove_all (self->roots);
      g_list_store_remove_all (self->flat);
      return;
    }
  build (self, new_store || self->timeline == NULL);
}

/**
 * gb_unit_sidebar_set_date:
 *
 * Lists the units of @date: a merged commune under its successor's name, no district after
 * the 2025 reform. The tree is built again only when the units changed in between.
 */
void
gb_unit_sidebar_set_date (GbUnitSidebar *self,
                          const char    *date)
{
  g_return_if_fail (GB_IS_UNIT_SIDEBAR (self));

  if (g_strcmp0 (self->date, date) == 0)
    return;
  g_free (self->date);
  self->date = g_strdup (date);
  if (self->store == NULL ||
      (self->timeline != NULL && self->built_date != NULL && date != NULL &&
       !gb_unit_timeline_changes_between (self->timeline, self->built_date, date)))
    return;
  build (self, self->timeline == NULL);
}

const char *
gb_unit_sidebar_get_unit_code (GbUnitSidebar *self)
{
  g_return_val_if_fail (GB_IS_UNIT_SIDEBAR (self), NULL);
  return self->unit_code;
}

void
gb_unit_sidebar_set_unit_code (GbUnitSidebar *self,
                               const char    *code)
{
  g_return_if_fail (GB_IS_UNIT_SIDEBAR (self));

  if (g_strcmp0 (self->unit_code, code) == 0)
    return;
  g_free (self->unit_code);
  self->unit_code = g_strdup (code);
  select_unit_row (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT_CODE]);
}

/**
 * gb_unit_sidebar_reload_units:
 *
 * The units themselves changed (a merge entered or undone): their lives are read again and the
 * tree of the date is built anew, keeping the selected unit when it is still there.
 */
void
gb_unit_sidebar_reload_units (GbUnitSidebar *self)
{
  g_autofree char *code = NULL;

  g_return_if_fail (GB_IS_UNIT_SIDEBAR (self));

  if (self->store == NULL)
    return;
  g_clear_pointer (&self->timeline, gb_unit_timeline_unref);
  self->timeline = gb_store_load_unit_timeline (self->store, NULL);
  gb_unit_sidebar_set_store (self, self->store);
  code = g_steal_pointer (&self->unit_code);
  gb_unit_sidebar_set_unit_code (self, code);
}

/**
 * gb_unit_sidebar_refresh:
 *
 * The numbers shown changed (another "as of" moment, a sync, an import): each district's
 * reporting rate is read again; the tree, its selection and what is expanded stay.
 */
void
gb_unit_sidebar_refresh (GbUnitSidebar *self)
{
  g_return_if_fail (GB_IS_UNIT_SIDEBAR (self));

  /* A tree being read has the numbers of the moment it was asked for: read it again. */
  if (self->read_cancel != NULL)
    build (self, self->timeline == NULL);
  else if (self->store != NULL)
    set_reporting (self->flat, self->store);
}

void
gb_unit_sidebar_focus_search (GbUnitSidebar *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
