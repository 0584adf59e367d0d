/* gb-conclusion-draft.c — a new conclusion composed from the stored situation and levels
 *
 * Lives apart from the meetings store so that the store never reaches up into the slides: the
 * draft needs the situation paragraph and the levels the slides compute.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-conclusion-draft.h"
#include "gb-situation.h"
#include "gb-slides.h"
#include "gb-store-meetings.h"

/* "Tỉnh Ninh Thuận" → "Ninh Thuận": the place line and the issuer use the bare name. */
static char *
bare_unit_name (const GbUnit *unit)
{
  if (unit->type != NULL && g_str_has_prefix (unit->name, unit->type) &&
      unit->name[strlen (unit->type)] == ' ')
    return g_strdup (unit->name + strlen (unit->type) + 1);
  return g_strdup (unit->name);
}

/* The issuer, signing form, signer and usual recipients are those of the previous notice: a
 * committee signs its notices the same way from one meeting to the next. */
static void
remember_signing (GbStore      *store,
                  GbConclusion *c,
                  const char   *date)
{
  g_autoptr(GbConclusion) last = NULL;
  gint64 id = gb_store_latest_conclusion_id (store, date, NULL);

  if (id == 0 || (last = gb_store_load_conclusion (store, id, NULL)) == NULL)
    return;
#define TAKE(field) if (last->field != NULL && *last->field != '\0') \
                      { g_free (c->field); c->field = g_steal_pointer (&last->field); }
  TAKE (issuer);
  TAKE (signing_form);
  TAKE (signer_title);
  TAKE (signer);
#undef TAKE
  if (last->recipients->len > 0)
    {
      g_ptr_array_set_size (c->recipients, 0);
      for (guint i = 0; i < last->recipients->len; i++)
        g_ptr_array_add (c->recipients, g_strdup (g_ptr_array_index (last->recipients, i)));
    }
}

/**
 * gb_conclusion_draft_place:
 *
 * Returns: the province's bare name ("Ninh Thuận"), the place notices are dated from, or NULL
 *   with @error
 */
char *
gb_conclusion_draft_place (GbStore  *store,
                           GError  **error)
{
  g_autoptr(GPtrArray) provinces = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  if ((provinces = gb_store_list_units (store, GB_UNIT_LEVEL_PROVINCE, NULL, error)) == NULL)
    return NULL;
  if (provinces->len == 0)
    return g_strdup ("");
  return bare_unit_name (g_ptr_array_index (provinces, 0));
}

/**
 * gb_conclusion_draft_new:
 * @date: the meeting date, YYYY-MM-DD
 * @cutoff_hour: hour the figures were closed, or -1 for the end of the day
 *
 * A draft for the province's meeting on @date: the usual layout with the province's name, and
 * the assessment section opened by the situation paragraph generated from the stored data.
 * Nothing is stored yet.
 *
 * Returns: the draft, or NULL with an error
 */
GbConclusion *
gb_conclusion_draft_new (GbStore     *store,
                         const char  *date,
                         int          cutoff_hour,
                         GError     **error)
{
  g_autoptr(GbSituation) situation = NULL;
  g_autoptr(GPtrArray) provinces = NULL;
  g_autofree char *name = NULL;
  GbConclusion *c;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  if ((situation = gb_situation_compute (store, NULL, date, error)) == NULL ||
      (provinces = gb_store_list_units (store, GB_UNIT_LEVEL_PROVINCE, NULL, error)) == NULL)
    return NULL;
  /* Levels when a rule set applies; the paragraph leaves them out otherwise. */
  gb_slides_add_levels (store, situation, NULL);
  name = bare_unit_name (g_ptr_array_index (provinces, 0));
  c = gb_conclusion_new_for_meeting (date, name);
  ((GbConclusionSection *) g_ptr_array_index (c->sections, 0))->body =
    gb_situation_format_paragraph (situation, cutoff_hour);
  remember_signing (store, c, date);
  return c;
}
