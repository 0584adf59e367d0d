/* gb-test-util.h — helpers shared by the tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

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
gint64 gb_test_query_int  (const char *db,
                           const char *sql);

G_END_DECLS
