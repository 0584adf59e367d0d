/* gb-sync-feed.h — giaoband's change feed and push intake over the store
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_SYNC_FEED_MAX_PAGE 5000

gboolean  gb_sync_feed_new_epoch        (GbStore     *store,
                                         GError     **error);
gboolean  gb_sync_feed_install_triggers (GbStore     *store,
                                         GError     **error);
gboolean  gb_sync_feed_backfill         (GbStore     *store,
                                         gint64      *added,
                                         GError     **error);
gint64    gb_sync_feed_last             (GbStore     *store,
                                         GError     **error);
char     *gb_sync_feed_page_text        (GbStore     *store,
                                         gint64       since,
                                         guint        limit,
                                         gboolean     compact,
                                         gint64      *next,
                                         gboolean    *more,
                                         GError     **error);

/* A page written change by change, as gb_sync_feed_page_text() writes it. */
typedef struct _GbSyncFeedWriter GbSyncFeedWriter;

GbSyncFeedWriter *gb_sync_feed_writer_new    (gint64            since,
                                              gboolean          compact);
void              gb_sync_feed_writer_add    (GbSyncFeedWriter *w,
                                              gint64            seq,
                                              const char       *table,
                                              const char       *key,
                                              const char       *op,
                                              const char       *row);
char             *gb_sync_feed_writer_finish (GbSyncFeedWriter *w,
                                              gint64            since,
                                              guint             limit,
                                              gint64            last,
                                              const char       *epoch,
                                              gint64            epoch_base,
                                              gint64           *next,
                                              gboolean         *more);

/* Response headers of a feed page: its "next" and "more", so that a client can ask for the
 * page after it before reading this one (docs/sync-api.md). */
#define GB_SYNC_FEED_NEXT_HEADER "Giaoban-Next"
#define GB_SYNC_FEED_MORE_HEADER "Giaoban-More"

void      gb_sync_feed_set_page_headers (SoupMessageHeaders *headers,
                                         gint64              next,
                                         gboolean            more);
char     *gb_sync_feed_page_area_text   (GbStore     *store,
                                         gint64       since,
                                         guint        limit,
                                         gboolean     compact,
                                         const char  *area,
                                         gint64      *next,
                                         gboolean    *more,
                                         GError     **error);
char     *gb_sync_feed_area_plan        (GbStore     *store,
                                         GError     **error);
/* A laptop whose area changed: the rows it lacks, up to its cursor (gb-store-sync-area.c). */
gboolean  gb_sync_feed_fill_range_ok    (gint64       since,
                                         gint64       until,
                                         guint        limit,
                                         GError     **error);
char     *gb_sync_feed_area_fill_text   (GbStore     *store,
                                         gint64       since,
                                         gint64       until,
                                         guint        limit,
                                         gboolean     compact,
                                         const char  *area,
                                         const char  *previous,
                                         gint64      *next,
                                         gboolean    *more,
                                         GError     **error);
JsonNode *gb_sync_feed_page             (GbStore     *store,
                                         gint64       since,
                                         guint        limit,
                                         GError     **error);

/* Decides whether @user (role @role) may write a change; NULL/TRUE when no check is wanted. */
typedef gboolean (*GbSyncPushCheck) (GbStore     *store,
                                     const char  *table,
                                     JsonNode    *key,
                                     JsonNode    *row,
                                     gpointer     user_data,
                                     GError     **error);

JsonNode *gb_sync_push_apply            (GbStore         *store,
                                         const char      *user,
                                         JsonNode        *request,
                                         GError         **error);
JsonNode *gb_sync_push_apply_checked    (GbStore         *store,
                                         const char      *user,
                                         JsonNode        *request,
                                         GbSyncPushCheck  check,
                                         gpointer         check_data,
                                         GError         **error);
JsonNode *gb_sync_push_apply_flawed     (GbStore         *store,
                                         const char      *user,
                                         JsonNode        *request,
                                         GPtrArray       *flaws,
                                         GbSyncPushCheck  check,
                                         gpointer         check_data,
                                         GError         **error);

GPtrArray *gb_sync_feed_units_since     (GbStore     *store,
                                         gint64       seq,
                                         GError     **error);

gboolean  gb_sync_audit                 (GbStore     *store,
                                         const char  *user,
                                         const char  *action,
                                         const char  *detail,
                                         GError     **error);

G_END_DECLS
