/* gb-cli-briefing.c — conclusion notices and briefing slides from the command line
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "gb-cli.h"
#include "gb-conclusion-draft.h"
#include "gb-conclusion-export.h"
#include "gb-error.h"
#include "gb-situation.h"
#include "gb-slides.h"
#include "gb-store-meetings.h"

static void
add_all (GPtrArray  *list,
         char      **values)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    g_ptr_array_add (list, g_strdup (values[i]));
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;

  *id = g_ascii_strtoll (text, &end, 10);
  return end != text && *end == '\0' && *id > 0;
}

static void
set_if_given (char       **field,
              const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* The draft's sections from the options: the assessment after the generated paragraph, the
 * tasks (and those carried over), the answers to proposals. Returns the exit status, 0 when
 * all went well. */
static int
fill_sections (GbStore            *store,
               GbConclusion       *c,
               const char         *assessment,
               const char * const *tasks,
               gboolean            carry_over,
               char              **carry_items,
               char              **proposals)
{
  g_autoptr(GError) error = NULL;
  GbConclusionSection *sec;

  sec = g_ptr_array_index (c->sections, 0);
  if (assessment != NULL)
    {
      char *body = g_strdup_printf ("%s\n%s", sec->body, assessment);
      g_free (sec->body);
      sec->body = body;
    }
  sec = g_ptr_array_index (c->sections, 1);
  for (guint i = 0; tasks != NULL && tasks[i] != NULL; i++)
    {
      GbConclusionTask *task = gb_conclusion_task_parse (tasks[i], &error);

      if (task == NULL)
        {
          gb_cli_error ("%s", error->message);
          return 2;
        }
      g_ptr_array_add (sec->tasks, task);
    }
  if (carry_over && gb_store_carry_over_tasks (store, c, 1, &error) < 0)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  if (carry_items != NULL)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; carry_items[i] != NULL; i++)
        {
          gint64 id;

          if (!parse_id (carry_items[i], &id))
            {
              gb_cli_error (_("conclusion new: --carry-item wants an item id, not “%s”"), carry_items[i]);
              return 2;
            }
          g_array_append_val (ids, id);
        }
      if (gb_store_carry_over_items (store, c, 1, ids, &error) < 0)
        {
          gb_cli_error ("%s", error->message);
          return 1;
        }
    }
  sec = g_ptr_array_index (c->sections, 2);
  if (proposals != NULL)
    sec->body = g_strjoinv ("\n", proposals);
  else
    g_ptr_array_remove_index (c->sections, 2);
  return 0;
}

static int
conclusion_new (GbCliContext  *ctx,
                int            argc,
                char         **argv)
{
  g_autofree char *date = NULL;
  g_autofree char *issue_date = NULL;
  g_autofree char *chair = NULL;
  g_autofree char *signer = NULL;
  g_autofree char *signer_title = NULL;
  g_autofree char *signing_form = NULL;
  g_autofree char *assessment = NULL;
  g_autofree char *number = NULL;
  g_auto(GStrv) participants = NULL;
  g_auto(GStrv) reported = NULL;
  g_auto(GStrv) tasks = NULL;
  g_auto(GStrv) proposals = NULL;
  g_auto(GStrv) recipients = NULL;
  g_auto(GStrv) carry_items = NULL;
  gboolean issue = FALSE;
  gboolean carry_over = FALSE;
  int cutoff_hour = -1;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Meeting date"), "YYYY-MM-DD" },
    { "notice-date", 0, 0, G_OPTION_ARG_STRING, &issue_date, N_("Date of the notice (default: the meeting date)"), "YYYY-MM-DD" },
    { "chair", 0, 0, G_OPTION_ARG_STRING, &chair, N_("Who chaired the meeting"), "NAME" },
    { "participant", 0, 0, G_OPTION_ARG_STRING_ARRAY, &participants, N_("A participant (repeatable)"), "NAME" },
    { "reported", 0, 0, G_OPTION_ARG_STRING_ARRAY, &reported, N_("A unit that reported (repeatable)"), "UNIT" },
    { "cutoff-hour", 0, 0, G_OPTION_ARG_INT, &cutoff_hour, N_("Hour the figures were closed (default: end of day)"), "H" },
    { "assessment", 0, 0, G_OPTION_ARG_STRING, &assessment, N_("Text added after the generated situation paragraph"), "TEXT" },
    { "task", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tasks, N_("A task: “TEXT|UNIT;UNIT|YYYY-MM-DD” (repeatable)"), "SPEC" },
    { "carry-over", 0, 0, G_OPTION_ARG_NONE, &carry_over, N_("Add the unfinished tasks of the previous conclusion"), NULL },
    { "carry-item", 0, 0, G_OPTION_ARG_STRING_ARRAY, &carry_items, N_("Add this open item of the tracker, from any document (repeatable)"), "ID" },
    { "proposal", 0, 0, G_OPTION_ARG_STRING_ARRAY, &proposals, N_("An answer to a proposal (repeatable)"), "TEXT" },
    { "recipient", 0, 0, G_OPTION_ARG_STRING_ARRAY, &recipients, N_("A “Nơi nhận” line (repeatable; replaces the default list)"), "TEXT" },
    { "signer", 0, 0, G_OPTION_ARG_STRING, &signer, N_("Name of the signer"), "NAME" },
    { "signer-title", 0, 0, G_OPTION_ARG_STRING, &signer_title, N_("Title of the signer, e.g. PHÓ BÍ THƯ"), "TITLE" },
    { "signing-form", 0, 0, G_OPTION_ARG_STRING, &signing_form, N_("How the notice is signed: T/M BAN THƯỜNG VỤ, K/T BÍ THƯ, TM. BAN CHỈ ĐẠO, KT. TRƯỞNG BAN …"), "FORM" },
    { "issue", 0, 0, G_OPTION_ARG_NONE, &issue, N_("Issue the notice at once: its tasks go to the tracker"), NULL },
    { "number", 0, 0, G_OPTION_ARG_STRING, &number, N_("Number of the notice (default: the next N-TB/TU)"), "N-TB/TU" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GbConclusion) c = NULL;
  GbStore *store;
  int status;

  if (!gb_cli_parse ("conclusion new", "", _("Create a conclusion draft for a meeting, with the situation paragraph generated from the data."),
                     entries, &argc, &argv))
    return 2;
  if (date == NULL)
    {
      gb_cli_error (_("conclusion new: --date is required"));
      return 2;
    }
  if (argc > 1)
    {
      gb_cli_error (_("conclusion new: unexpected argument “%s” (quote a task with spaces)"), argv[1]);
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if ((c = gb_conclusion_draft_new (store, date, cutoff_hour, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  if (issue_date != NULL)
    {
      g_free (c->date);
      c->date = g_strdup (issue_date);
    }
  c->chair = g_strdup (chair);
  add_all (c->participants, participants);
  add_all (c->reported_units, reported);
  set_if_given (&c->signer, signer);
  if (signing_form != NULL)
    gb_conclusion_set_signing_form (c, signing_form);
  set_if_given (&c->signer_title, signer_title);
  c->number = g_strdup (number);
  if (recipients != NULL)
    {
      g_ptr_array_set_size (c->recipients, 0);
      add_all (c->recipients, recipients);
    }
  if ((status = fill_sections (store, c, assessment, (const char * const *) tasks, carry_over, carry_items, proposals)) != 0)
    return status;

  if (!gb_store_save_conclusion (store, c, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  if (issue)
    {
      gint64 doc = gb_store_issue_conclusion (store, c->id, NULL, &error);

      if (doc == 0)
        {
          gb_cli_error ("%s", error->message);
          return 1;
        }
      g_print ("%" G_GINT64_FORMAT "\n", c->id);
      g_printerr (_("Issued as document %lld\n"), (long long) doc);
      return 0;
    }
  g_print ("%" G_GINT64_FORMAT "\n", c->id);
  return 0;
}

static int
conclusion_issue (GbCliContext  *ctx,
                  int            argc,
                  char         **argv)
{
  g_autofree char *number = NULL;
  GOptionEntry entries[] = {
    { "number", 0, 0, G_OPTION_ARG_STRING, &number, N_("Number of the notice (default: the next N-TB/TU)"), "N-TB/TU" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  GbStore *store;
  gint64 id, doc;

  if (!gb_cli_parse ("conclusion issue", "ID", _("Issue a conclusion draft: store it as a document whose tasks go to the tracker."),
                     entries, &argc, &argv))
    return 2;
  if (argc != 2 || !parse_id (argv[1], &id))
    {
      gb_cli_error (_("conclusion issue: give one conclusion ID"));
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if ((doc = gb_store_issue_conclusion (store, id, number, &error)) == 0)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  g_print ("%" G_GINT64_FORMAT "\n", doc);
  return 0;
}

static int
conclusion_show (GbCliContext  *ctx,
                 int            argc,
                 char         **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GbConclusion) c = NULL;
  g_autofree char *text = NULL;
  GbStore *store;
  gint64 id;

  if (!gb_cli_parse ("conclusion show", "ID", _("Print a conclusion as text."), entries, &argc, &argv))
    return 2;
  if (argc != 2 || !parse_id (argv[1], &id))
    {
      gb_cli_error (_("conclusion show: give one conclusion ID"));
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if ((c = gb_store_load_conclusion (store, id, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  text = gb_conclusion_to_text (c);
  g_print ("%s", text);
  return 0;
}

/**
 * gb_cli_conclusion:
 *
 * `conclusion new|issue|show …`: create, issue and print conclusion notices for scripting.
 */
int
gb_cli_conclusion (GbCliContext  *ctx,
                   int            argc,
                   char         **argv)
{
  if (argc >= 2 && strcmp (argv[1], "new") == 0)
    return conclusion_new (ctx, argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "issue") == 0)
    return conclusion_issue (ctx, argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "show") == 0)
    return conclusion_show (ctx, argc - 1, argv + 1);
  fprintf (stderr, "%s\n", _("Usage: giaoban-cli conclusion new|issue|show [OPTIONS…] (see “conclusion new --help”)"));
  return 2;
}

/**
 * gb_cli_export_conclusion:
 *
 * `export-conclusion ID --output F.pdf|F.odt`
 */
int
gb_cli_export_conclusion (GbCliContext  *ctx,
                          int            argc,
                          char         **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write (.pdf or .odt)"), "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GbConclusion) c = NULL;
  GbStore *store;
  gint64 id;

  if (!gb_cli_parse ("export-conclusion", "ID", _("Export a conclusion notice to PDF or ODT."), entries, &argc, &argv))
    return 2;
  if (argc != 2 || !parse_id (argv[1], &id) || output == NULL)
    {
      gb_cli_error (_("export-conclusion: give one conclusion ID and --output FILE"));
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if ((c = gb_store_load_conclusion (store, id, &error)) == NULL ||
      !gb_conclusion_export (c, output, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  return 0;
}

/**
 * gb_cli_briefing:
 *
 * `briefing --date D --output DIR`: every slide to PNG, for sending ahead.
 */
int
gb_cli_briefing (GbCliContext  *ctx,
                 int            argc,
                 char         **argv)
{
  g_autofree char *date = NULL;
  g_autofree char *output = NULL;
  g_autofree char *size = NULL;
  gboolean dark = FALSE;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Briefing date"), "YYYY-MM-DD" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Directory for the PNG files"), "DIR" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, N_("Slide size: 1280x720 (default) or 1920x1080"), "WxH" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, N_("Use the dark theme"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSlideDeck) deck = NULL;
  int width = 1280, height = 720;
  GbStore *store;

  if (!gb_cli_parse ("briefing", "", _("Render every briefing slide for a date to PNG."), entries, &argc, &argv))
    return 2;
  if (date == NULL || output == NULL)
    {
      gb_cli_error (_("briefing: --date and --output are required"));
      return 2;
    }
  if (size != NULL && (sscanf (size, "%dx%d", &width, &height) != 2 || width < 640 || height < 360))
    {
      gb_cli_error (_("briefing: --size must be WIDTHxHEIGHT, at least 640x360"));
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if (g_mkdir_with_parents (output, 0755) != 0)
    {
      gb_cli_error (_("Could not create %s: %s"), output, g_strerror (errno));
      return 1;
    }
  if ((deck = gb_slide_deck_new (store, date, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  for (guint i = 0; i < gb_slide_deck_get_n_slides (deck); i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u-%s.png", i + 1, gb_slide_deck_get_slide_id (deck, i));
      g_autofree char *path = g_build_filename (output, name, NULL);
      GbSlideCheck check = { 0 };

      if (!gb_slide_deck_render_png (deck, i, width, height, dark, path, &check, &error))
        {
          gb_cli_error ("%s", error->message);
          return 1;
        }
      g_print ("%s\n", path);
      if (check.clipped > 0)
        g_printerr (_("warning: %s: %u text boxes did not fit\n"), name, check.clipped);
    }
  return 0;
}
