/* gb-test-util.h — helpers shared by the tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gb-store.h"

G_BEGIN_DECLS

/* A new folder made from @template (ending in XXXXXX) under the process's temporary root,
 * which is removed when the process exits normally (kept with $GB_TEST_KEEP_TMP set). */
char *gb_test_temp_dir     (const char *template);
/* Removes @path and everything under it. */
void  gb_test_remove_tree  (const char *path);
/* A fresh database path in a new temporary folder. */
char *gb_test_temp_db      (void);
/* SHA-256 over every row of every table of the database at @path (read through a second
 * connection), to prove that a failed import changed nothing. */
char *gb_test_fingerprint  (const char *path);
/* The same without the tables named in @skip (NULL-terminated), e.g. a log the refusal writes. */
char *gb_test_fingerprint_except (const char         *path,
                                  const char * const *skip);
/* Path of a file under shared/data next to the repository, or NULL when it is absent. */
char *gb_test_shared_data  (const char *relative);
/* Writes @contents to a new temporary file named @name and returns its path. */
char *gb_test_write_temp   (const char *name,
                            const char *contents,
                            gssize      len);

/* Runs $GIAOBAN_CLI --database @db with the NULL-terminated arguments, collecting what it
 * prints (@out and @err may be NULL), and returns its exit status. */
int   gb_test_run_cli      (const char  *db,
                            char       **out,
                            char       **err,
                            ...) G_GNUC_NULL_TERMINATED;

/* For the fault tests: libsoup 3.2 warns when a session that met a cut connection is disposed
 * (its connections close asynchronously), and the fault tests cut connections on purpose.
 * Warnings stop being fatal; criticals and errors still are. */
void  gb_test_tolerate_soup_dispose (void);
/* The text of the first column of the first row of @sql on @db (read-only), NULL when none. */
char  *gb_test_query_text (const char *db,
                           const char *sql);
gint64 gb_test_query_int  (const char *db,
                           const char *sql);

/* A store on a fresh temporary database; its path in @path when not NULL. */
GbStore *gb_test_store_new (char **path);
/* A unit of @pop people (70 % aged 18 or more, 10 % 65 or more) named "Xã CODE". */
void     gb_test_put_unit  (GbStore     *store,
                            const char  *code,
                            GbUnitLevel  level,
                            const char  *parent,
                            gint64       pop);
/* One day's community and quarantine cases of @code, as received. */
gboolean gb_test_put_cases (GbStore     *store,
                            const char  *code,
                            const char  *date,
                            gint64       community,
                            gint64       quarantine,
                            GError     **error);

G_END_DECLS
