/* gb-notice.c — a notice as parsed from its text
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "gb-notice.h"

/**
 * gb_notice_new:
 *
 * Returns: (transfer full): an empty notice with empty lists.
 */
GbNotice *
gb_notice_new (void)
{
  GbNotice *self = g_new0 (GbNotice, 1);

  self->addressees = g_ptr_array_new_with_free_func (g_free);
  self->recipients = g_ptr_array_new_with_free_func (g_free);
  self->recipients_printed = g_ptr_array_new_with_free_func (g_free);
  self->references = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_notice_reference_free);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_notice_item_free);
  return self;
}

/** gb_notice_free: frees @notice and everything it holds. */
void
gb_notice_free (GbNotice *notice)
{
  if (notice == NULL)
    return;
  g_free (notice->kind);
  g_free (notice->number);
  g_free (notice->issuer);
  g_free (notice->place);
  g_free (notice->date);
  g_free (notice->subject);
  g_free (notice->signer);
  g_free (notice->signer_title);
  g_free (notice->signing_form);
  g_free (notice->meeting_date);
  g_ptr_array_unref (notice->addressees);
  g_ptr_array_unref (notice->recipients);
  g_ptr_array_unref (notice->recipients_printed);
  g_ptr_array_unref (notice->references);
  g_ptr_array_unref (notice->items);
  g_free (notice);
}

/** gb_notice_item_new: Returns: (transfer full): an empty item. */
GbNoticeItem *
gb_notice_item_new (void)
{
  GbNoticeItem *item = g_new0 (GbNoticeItem, 1);

  item->units = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_notice_unit_free);
  item->is_task = TRUE;
  return item;
}

/** gb_notice_item_free: frees @item. */
void
gb_notice_item_free (GbNoticeItem *item)
{
  if (item == NULL)
    return;
  g_free (item->path);
  g_free (item->text);
  g_ptr_array_unref (item->units);
  g_free (item->due);
  g_free (item->due_text);
  g_free (item->recurrence);
  g_free (item->period_start);
  g_free (item->period_end);
  g_free (item);
}

/** gb_notice_reference_free: frees @ref. */
void
gb_notice_reference_free (GbNoticeReference *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->text);
  g_free (ref->kind);
  g_free (ref->number);
  g_free (ref->date);
  g_free (ref);
}

/** gb_notice_unit_free: frees @unit. */
void
gb_notice_unit_free (GbNoticeUnit *unit)
{
  if (unit == NULL)
    return;
  g_free (unit->name);
  g_free (unit);
}

/** gb_notice_role_to_string: Returns: "lead" or "cooperate", as stored. */
const char *
gb_notice_role_to_string (GbNoticeRole role)
{
  return role == GB_NOTICE_ROLE_COOPERATE ? "cooperate" : "lead";
}

/** gb_notice_item_has_unit: Returns: whether @name is among the units of @item. */
gboolean
gb_notice_item_has_unit (const GbNoticeItem *item,
                         const char         *name)
{
  g_return_val_if_fail (item != NULL, FALSE);

  for (guint i = 0; i < item->units->len; i++)
    {
      const GbNoticeUnit *u = g_ptr_array_index (item->units, i);
      if (g_strcmp0 (u->name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static const char *const field_names[] = {
  "kind", "number", "issuer", "date", "subject", "addressees", "recipients", "text", "units", "due",
};

/** gb_notice_field_to_string: Returns: the field's name as in the JSON ("date"), or NULL. */
const char *
gb_notice_field_to_string (GbNoticeField field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    if (field == (1u << i))
      return field_names[i];
  return NULL;
}

/**
 * gb_notice_is_unsure:
 * @notice: a parsed notice
 * @field: one of the notice's fields
 *
 * Returns: whether the parser guessed @field (a review marks it for a person to check).
 */
gboolean
gb_notice_is_unsure (const GbNotice *notice,
                     GbNoticeField   field)
{
  g_return_val_if_fail (notice != NULL, FALSE);
  return (notice->unsure & field) != 0;
}

/**
 * gb_notice_item_is_unsure:
 * @item: an item of a parsed notice
 * @field: #GB_NOTICE_FIELD_TEXT, #GB_NOTICE_FIELD_UNITS or #GB_NOTICE_FIELD_DUE
 *
 * Returns: whether the parser guessed @field of @item.
 */
gboolean
gb_notice_item_is_unsure (const GbNoticeItem *item,
                          GbNoticeField       field)
{
  g_return_val_if_fail (item != NULL, FALSE);
  return (item->unsure & field) != 0;
}

static gboolean
means_addressees (const char *entry)
{
  g_autofree char *ascii = g_str_to_ascii (entry, "C");
  g_autofree char *f = g_ascii_strdown (g_strstrip (ascii), -1);

  return g_str_has_prefix (f, "nhu tren") || g_str_has_prefix (f, "nhu kinh gui") || g_str_has_prefix (f, "nhu k/g");
}

/**
 * gb_notice_dup_recipients_resolved:
 * @notice: a parsed notice
 *
 * The recipients as people mean them: "Như trên" ("as above") or "Như kính gửi" in "Nơi nhận"
 * stands for the addressees of "Kính gửi", which take its place. The notice's own list keeps
 * the words as printed.
 *
 * Returns: (transfer full) (element-type utf8): the recipients.
 */
GPtrArray *
gb_notice_dup_recipients_resolved (const GbNotice *notice)
{
  GPtrArray *out;

  g_return_val_if_fail (notice != NULL, NULL);

  out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < notice->recipients->len; i++)
    {
      const char *r = g_ptr_array_index (notice->recipients, i);

      if (means_addressees (r) && notice->addressees->len > 0)
        {
          for (guint k = 0; k < notice->addressees->len; k++)
            {
              const char *a = g_ptr_array_index (notice->addressees, k);
              /* An addressee also listed by name ("- Như trên; - Sở Y tế;") is one recipient. */
              if (!g_ptr_array_find_with_equal_func (out, a, g_str_equal, NULL))
                g_ptr_array_add (out, g_strdup (a));
            }
        }
      else if (!g_ptr_array_find_with_equal_func (out, r, g_str_equal, NULL))
        g_ptr_array_add (out, g_strdup (r));
    }
  return out;
}

/**
 * gb_notice_resolve_recipients:
 * @notice: a notice whose recipients are as printed
 *
 * Keeps the printed "Nơi nhận" list in @notice's recipients_printed and puts in its recipients
 * the list people mean (see gb_notice_dup_recipients_resolved()): the tracker, the review and the
 * JSON then name the units, not "Như trên". gb_notice_parse() does it; calling it again changes
 * nothing.
 */
void
gb_notice_resolve_recipients (GbNotice *notice)
{
  GPtrArray *resolved;

  g_return_if_fail (notice != NULL);

  if (notice->recipients_printed->len == 0)
    for (guint i = 0; i < notice->recipients->len; i++)
      g_ptr_array_add (notice->recipients_printed, g_strdup (g_ptr_array_index (notice->recipients, i)));
  resolved = gb_notice_dup_recipients_resolved (notice);
  g_ptr_array_unref (notice->recipients);
  notice->recipients = resolved;
}

static gboolean
string_arrays_equal (GPtrArray *a,
                     GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

/* "unsure": ["date", …], only when some field is. */
static void
add_unsure (JsonBuilder *b,
            guint        flags)
{
  if (flags == 0)
    return;
  json_builder_set_member_name (b, "unsure");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    if (flags & (1u << i))
      json_builder_add_string_value (b, field_names[i]);
  json_builder_end_array (b);
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *key,
                    const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_string_array (JsonBuilder *b,
                  const char  *key,
                  GPtrArray   *strings)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (strings, i));
  json_builder_end_array (b);
}

/**
 * gb_notice_to_json:
 * @notice: a parsed notice
 * @pretty: indent the output
 *
 * The exchange shape of `giaoban-cli import-notice --json`: {kind, number, issuer, date, place,
 * subject, references[], recipients[], signer, items: [{path, level, text, is_task, units[],
 * due}]} plus a few extra members (addressees, signer_title, signing_form, roles, due_text,
 * recurrence, period_start and period_end, meeting_date, and "unsure": the names of the fields the
 * parser guessed, on the notice and on each item) that readers of the basic shape can ignore.
 *
 * Returns: (transfer full): the JSON text.
 */
char *
gb_notice_to_json (const GbNotice *notice,
                   gboolean        pretty)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (notice != NULL, NULL);

  json_builder_begin_object (b);
  add_string_or_null (b, "kind", notice->kind);
  add_string_or_null (b, "number", notice->number);
  add_string_or_null (b, "issuer", notice->issuer);
  add_string_or_null (b, "date", notice->date);
  add_string_or_null (b, "place", notice->place);
  add_string_or_null (b, "subject", notice->subject);

  json_builder_set_member_name (b, "references");
  json_builder_begin_array (b);
  for (guint i = 0; i < notice->references->len; i++)
    {
      const GbNoticeReference *r = g_ptr_array_index (notice->references, i);
      json_builder_begin_object (b);
      add_string_or_null (b, "text", r->text);
      add_string_or_null (b, "kind", r->kind);
      add_string_or_null (b, "number", r->number);
      add_string_or_null (b, "date", r->date);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  add_string_array (b, "addressees", notice->addressees);
  add_string_array (b, "recipients", notice->recipients);
  {
    /* Readers of the older shape found the resolved list under "recipients_resolved". */
    g_autoptr(GPtrArray) resolved = gb_notice_dup_recipients_resolved (notice);
    if (!string_arrays_equal (resolved, notice->recipients_printed->len > 0 ? notice->recipients_printed : notice->recipients))
      add_string_array (b, "recipients_resolved", resolved);
    if (notice->recipients_printed->len > 0 && !string_arrays_equal (notice->recipients_printed, notice->recipients))
      add_string_array (b, "recipients_printed", notice->recipients_printed);
  }
  add_string_or_null (b, "signer", notice->signer);
  add_string_or_null (b, "signer_title", notice->signer_title);
  add_string_or_null (b, "signing_form", notice->signing_form);

  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < notice->items->len; i++)
    {
      const GbNoticeItem *it = g_ptr_array_index (notice->items, i);
      json_builder_begin_object (b);
      add_string_or_null (b, "path", it->path);
      json_builder_set_member_name (b, "level");
      json_builder_add_int_value (b, it->level);
      add_string_or_null (b, "text", it->text);
      json_builder_set_member_name (b, "is_task");
      json_builder_add_boolean_value (b, it->is_task);
      json_builder_set_member_name (b, "units");
      json_builder_begin_array (b);
      for (guint j = 0; j < it->units->len; j++)
        json_builder_add_string_value (b, ((GbNoticeUnit *) g_ptr_array_index (it->units, j))->name);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "roles");
      json_builder_begin_array (b);
      for (guint j = 0; j < it->units->len; j++)
        json_builder_add_string_value (b, gb_notice_role_to_string (((GbNoticeUnit *) g_ptr_array_index (it->units, j))->role));
      json_builder_end_array (b);
      add_string_or_null (b, "due", it->due);
      add_string_or_null (b, "due_text", it->due_text);
      add_string_or_null (b, "recurrence", it->recurrence);
      if (it->period_start != NULL || it->period_end != NULL)
        {
          add_string_or_null (b, "period_start", it->period_start);
          add_string_or_null (b, "period_end", it->period_end);
        }
      add_unsure (b, it->unsure);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (notice->meeting_date != NULL)
    add_string_or_null (b, "meeting_date", notice->meeting_date);
  add_unsure (b, notice->unsure);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, pretty);
  return json_generator_to_data (gen, NULL);
}

/**
 * gb_notice_units_add_from_text:
 * @units: (element-type GbNoticeUnit): where the units go
 * @text: names as a person writes them, "Sở Y tế; MTTQ"
 * @role: the role they all have
 *
 * Names are separated by ";" only: a unit's own name may hold commas ("các sở, ban, ngành").
 * Empty names are skipped; the names are kept as written (the store maps abbreviations).
 */
void
gb_notice_units_add_from_text (GPtrArray    *units,
                               const char   *text,
                               GbNoticeRole  role)
{
  g_auto(GStrv) names = NULL;

  g_return_if_fail (units != NULL);

  names = g_strsplit (text ? text : "", ";", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (names[i]));
      GbNoticeUnit *u;

      if (*name == '\0')
        continue;
      u = g_new0 (GbNoticeUnit, 1);
      u->name = g_steal_pointer (&name);
      u->role = role;
      g_ptr_array_add (units, u);
    }
}
