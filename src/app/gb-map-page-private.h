/* gb-map-page-private.h — the Zone map view's struct, shared by its files
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gb-map-page.c       the view: levels, details, declaring, tiles, export and print
 *   gb-map-page-keys.c  the keyboard on the map and what screen readers are told
 *   gb-map-page-tiles.c tiles under the map: shown, saved for offline use, their server
 *   gb-map-page-load.c  the boundaries and the level data read in a worker thread
 */
#pragma once

#include <adwaita.h>

#include "gb-map-layer.h"
#include "gb-map-page.h"
#include "gb-offline-tiles.h"
#include "gb-tile-server.h"
#include "gb-unit-table.h"

G_BEGIN_DECLS

struct _GbMapPage
{
  GbPage           parent_instance;

  /* Template */
  AdwToastOverlay *toasts;
  GtkLabel        *date_label;
  GtkLabel        *status_label;
  GtkOverlay      *overlay;
  GtkDrawingArea  *legend;
  GtkToggleButton *legend_button;
  guint            legend_id;
  gboolean         legend_chosen;  /* the person showed or hid it: no longer by the size */
  GtkRevealer     *tiles_banner;
  GtkLabel        *tiles_banner_label;
  GtkRevealer     *table_revealer;
  GbUnitTable     *unit_table;
  GtkRevealer     *details_revealer;
  GtkLabel        *unit_label;
  GtkLabel        *level_label;
  GtkLabel        *reasons_label;
  GtkDrawingArea  *history;
  GtkLabel        *overrides_label;
  GtkLabel        *declared_history_label;
  GtkLabel        *unit_items_label;
  GtkToggleButton *changes_button;
  GtkLabel        *changes_label;
  GtkWidget       *revoke_button;
  GtkDropDown     *declare_level;
  GtkStringList   *level_names;
  GtkEntry        *declare_from;
  GtkEntry        *declare_to;
  GtkEntry        *declare_reason;
  GtkEntry        *declare_author;
  GtkWidget       *declare_box;

  /* Owned */
  ShumateMap      *map;
  GbMapLayer      *layer;
  GbMapRenderer   *renderer;
  GbLevelEngine   *engine;         /* the store's shared engine (not owned) */
  GbStore         *loaded_store;   /* the store the renderer was loaded from (weak) */
  GbStore         *loading_store;  /* the store a worker reads now (weak), see gb-map-page-load.c */
  GCancellable    *load_cancel;
  guint            load_generation; /* of the shared engine when that reading started */
  gboolean         timeline_fresh; /* the units' lives came with the boundaries just taken */
  gboolean         keeping;        /* a worker keeps the merged units' shapes, see gb-map-page-load.c */
  gboolean         keep_failed;    /* it could not, for these boundaries: not tried again */
  char            *selected;
  char            *active_override; /* uid of the declared level in force for the selected unit */
  guint8           history_levels[60];
  gboolean         fitted;
  gboolean         show_patterns;  /* each level's pattern, asked for (gsettings map-level-patterns) */
  gboolean         zones_named;    /* the form's levels are named as zones */
  /* The last fit, done again when the map's size changes (maximised, details opened) until
   * the person pans or zooms. */
  gboolean         fit_active;
  gboolean         fitting;
  char            *fit_code;
  double           fit_zoom_out;
  guint            refit_id;
  double           press_x, press_y;   /* where the last press on the map was */
  gboolean         pointer_inside;     /* the pointer is over the map layer */

  char            *focused;        /* the commune the keyboard is on */

  GbTileServer    *tile_server;    /* made when tiles are first asked for */
  GSettings       *tiles_settings;
  ShumateMapLayer *tiles;          /* while tiles are shown */
  GbOfflineTiles  *offline;        /* while saving tiles */
  GCancellable    *offline_cancel;
  GtkWindow       *offline_dialog;
  GtkProgressBar  *offline_bar;
  GtkLabel        *offline_label;
};

/* gb-map-page-load.c */
void gb_map_page_keep_shapes     (GbMapPage  *self);

/* gb-map-page.c */
void gb_map_page_fit_unit        (GbMapPage  *self,
                                  const char *code,
                                  double      zoom_out);
/* The level of @code on the page's date in the rule set's words, and why; NULL when unknown. */
char *gb_map_page_describe_unit  (GbMapPage  *self,
                                  const char *code);

/* gb-map-page-load.c */
void gb_map_page_keep_shapes     (GbMapPage  *self);

/* gb-map-page.c */
void gb_map_page_style_changed   (GbMapPage  *self);

/* gb-map-page-tiles.c */
void gb_map_page_show_tiles      (GbMapPage  *self,
                                  gboolean    show);
void gb_map_page_tiles_class_init (GtkWidgetClass *widget_class);
void gb_map_page_tiles_init      (GbMapPage  *self);
void gb_map_page_tiles_dispose   (GbMapPage  *self);
/* gb-map-page-load.c */
gboolean gb_map_page_load        (GbMapPage  *self,
                                  GbStore    *store);
void gb_map_page_cancel_load     (GbMapPage  *self);

/* gb-map-page-keys.c */
void gb_map_page_keys_init       (GbMapPage  *self);

/* gb-map-page-changes.c */
void gb_map_page_update_changes (GbMapPage *self);
/* gb-map-page-dates.c */
void gb_map_page_keep_units_of_date (GbMapPage *self,
                                     GPtrArray *results);
void gb_map_page_keep_changes_of_date (GbMapPage *self,
                                       GPtrArray *changes);

G_END_DECLS
