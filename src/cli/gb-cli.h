/* gb-cli.h — shared by the subcommands of giaoban-cli
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each area of the program has its own file gb-cli-AREA.c with one function per subcommand,
 * registered in the table of gb-cli.c. A subcommand returns the process exit status: 0 on
 * success, 1 when the work failed (message on stderr), 2 for a usage error.
 */
#pragma once

#include <gio/gio.h>

#include "gb-store.h"

G_BEGIN_DECLS

typedef struct
{
  char    *db_path;     /* resolved: --database, GIAOBAN_DB or the default */
  GbStore *store;       /* opened on first use */
} GbCliContext;

typedef int (*GbCliCommandFunc) (GbCliContext *ctx,
                                 int           argc,
                                 char        **argv);

/* Opens the database (loading the demo into a fresh one). Prints the error and returns NULL. */
GbStore *gb_cli_context_get_store (GbCliContext *ctx);

/* Parses argv with @entries; on error prints "giaoban-cli COMMAND: message" and returns FALSE. */
gboolean gb_cli_parse            (const char    *command,
                                  const char    *parameter_string,
                                  const char    *summary,
                                  GOptionEntry  *entries,
                                  int           *argc,
                                  char        ***argv);

/* --as-of TEXT: shows @store's numbers as they stood at that moment (local "YYYY-MM-DD HH:MM");
 * nothing when @text is NULL. Prints the error and returns FALSE. */
gboolean gb_cli_set_as_of        (GbStore    *store,
                                  const char *text);

/* Who acts when --author is not given: the user's real name, else the login name. */
char    *gb_cli_default_author   (void);

/* Prints "giaoban-cli: message" to stderr. */
void     gb_cli_error            (const char *format,
                                  ...) G_GNUC_PRINTF (1, 2);

/* gb-cli-import.c */
int gb_cli_info                  (GbCliContext *ctx, int argc, char **argv);
int gb_cli_import_boundaries     (GbCliContext *ctx, int argc, char **argv);

/* gb-cli-import-series.c */
int gb_cli_import_cases          (GbCliContext *ctx, int argc, char **argv);
int gb_cli_import_vaccinations   (GbCliContext *ctx, int argc, char **argv);

/* gb-cli-tracker.c */
int gb_cli_import_notice         (GbCliContext *ctx, int argc, char **argv);
int gb_cli_items                 (GbCliContext *ctx, int argc, char **argv);
int gb_cli_search                (GbCliContext *ctx, int argc, char **argv);
int gb_cli_documents             (GbCliContext *ctx, int argc, char **argv);

/* gb-cli-briefing.c */
int gb_cli_conclusion            (GbCliContext *ctx, int argc, char **argv);
int gb_cli_export_conclusion     (GbCliContext *ctx, int argc, char **argv);
int gb_cli_report                (GbCliContext *ctx, int argc, char **argv);
int gb_cli_briefing              (GbCliContext *ctx, int argc, char **argv);

/* gb-cli-levels.c */
int gb_cli_levels                (GbCliContext *ctx, int argc, char **argv);
int gb_cli_override              (GbCliContext *ctx, int argc, char **argv);
int gb_cli_rules                 (GbCliContext *ctx, int argc, char **argv);

/* gb-cli-map.c */
int gb_cli_export_map            (GbCliContext *ctx, int argc, char **argv);

/* gb-cli-chart.c */
int gb_cli_export_chart          (GbCliContext *ctx, int argc, char **argv);

/* gb-cli-sync.c */
int gb_cli_sync                  (GbCliContext *ctx, int argc, char **argv);

/* gb-cli-units.c */
int gb_cli_import_reform         (GbCliContext *ctx, int argc, char **argv);
int gb_cli_import_national       (GbCliContext *ctx, int argc, char **argv);
int gb_cli_units                 (GbCliContext *ctx, int argc, char **argv);

/* gb-cli-backup.c */
int gb_cli_backup                (GbCliContext *ctx, int argc, char **argv);
int gb_cli_restore               (GbCliContext *ctx, int argc, char **argv);
int gb_cli_demo                  (GbCliContext *ctx, int argc, char **argv);
/* gb-cli-conflicts.c */
int gb_cli_conflicts             (GbCliContext *ctx, int argc, char **argv);

/* gb-cli-trust.c */
int gb_cli_reporting             (GbCliContext *ctx, int argc, char **argv);

/* gb-cli-review.c */
int gb_cli_review                (GbCliContext *ctx, int argc, char **argv);

G_END_DECLS
