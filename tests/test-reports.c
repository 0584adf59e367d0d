/* test-reports.c — a unit's reminder and the states report (PDF, ODT, CSV), and the conclusion
 * the committee signs: meeting record, signing forms, "Nơi nhận", deadlines, carry-over
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-utils.h>
#include <string.h>

#include "gb-conclusion-export.h"
#include "gb-csv-reader.h"
#include "gb-notice-parser.h"
#include "gb-store-meetings.h"
#include "gb-store-tracker.h"
#include "gb-task-report.h"
#include "gb-test-util.h"

/* libgsf 1.14 declares no autoptr cleanups; its types are plain GObjects. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

/* Item 1 has quotes and commas, so the CSV must quote it. */
static const char notice_text[] =
  "Số 12-CV/TU\n\nV/v phong tỏa\n\nHà Nam, ngày 10 tháng 8 năm 2021\n\n"
  "1. Sở Y tế chủ trì, phối hợp với Công an tỉnh phong tỏa khu \"vùng đỏ\" trước ngày 15/8.\n"
  "2. Công an tỉnh bảo đảm an ninh trật tự thường xuyên.\n"
  "3. Sở Y tế báo cáo kết quả xét nghiệm trước ngày 20/9.\n";

typedef struct
{
  char    *path;
  char    *dir;
  GbStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNotice) n = NULL;

  fx->path = gb_test_temp_db ();
  fx->dir = gb_test_temp_dir ("gb-reports-XXXXXX");
  g_assert_no_error (error);
  fx->store = gb_store_open (fx->path, &error);
  g_assert_no_error (error);
  n = gb_notice_parse (notice_text, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_store_tracker_save_notice (fx->store, n, notice_text, "t.txt", "imported", &error), >, 0);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  g_free (fx->path);
  g_free (fx->dir);
}

/* The PDF's text with every run of white space made one space, or NULL without pdftotext. */
static char *
pdf_text (const char *pdf)
{
  g_autofree char *tool = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  int status = 0;

  if (tool == NULL)
    return NULL;
  g_assert_true (g_spawn_sync (NULL, (char *[]) { tool, "-enc", "UTF-8", (char *) pdf, "-", NULL }, NULL,
                               G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  words = g_strsplit_set (out, " \n\f\t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] == '\0')
      {
        g_free (words[i]);
        memmove (&words[i], &words[i + 1], (g_strv_length (&words[i + 1]) + 1) * sizeof (char *));
        i--;
      }
  return g_strjoinv (" ", words);
}

static GPtrArray *
open_tasks (GbStore *store)
{
  GbTrackerFilter filter = { .unit = "Sở Y tế", .status = "open" };
  g_autoptr(GError) error = NULL;
  GPtrArray *items = gb_store_tracker_query_items (store, &filter, "2021-09-20", &error);

  g_assert_no_error (error);
  return items;
}

static void
test_unit_pdf (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fx->dir, "u.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = open_tasks (fx->store);
  g_autofree char *text = NULL;

  g_assert_true (gb_task_report_write_unit (fx->store, "SYT", "2021-09-20", pdf, &error));
  g_assert_no_error (error);
  if ((text = pdf_text (pdf)) == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  g_assert_nonnull (strstr (text, "PHIẾU NHẮC VIỆC"));
  g_assert_nonnull (strstr (text, "Sở Y tế"));
  g_assert_cmpuint (items->len, ==, 2);
  for (guint i = 0; i < items->len; i++)
    {
      const GbTrackerItem *it = g_ptr_array_index (items, i);
      g_autofree char *head = g_utf8_substring (it->text, 0, 30);

      g_assert_nonnull (strstr (text, head));
    }
  g_assert_nonnull (strstr (text, "Nhiệm vụ đã quá hạn"));
  g_assert_null (strstr (text, "Như trên"));

  /* An unknown unit is an error naming it, and no file is written. */
  g_assert_false (gb_task_report_write_unit (fx->store, "Sở Không Có", NULL, pdf, &error));
  g_assert_nonnull (strstr (error->message, "Sở Không Có"));
}

static void
test_unit_odt (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *odt = g_build_filename (fx->dir, "u.odt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(GsfInput) content = NULL;
  g_autoptr(GsfInput) mimetype = NULL;
  g_autofree char *xml = NULL;

  g_assert_true (gb_task_report_write_unit (fx->store, "Sở Y tế", "2021-09-20", odt, &error));
  g_assert_no_error (error);
  input = gsf_input_stdio_new (odt, &error);
  g_assert_no_error (error);
  zip = gsf_infile_zip_new (input, &error);
  g_assert_no_error (error);
  mimetype = gsf_infile_child_by_name (zip, "mimetype");
  g_assert_nonnull (mimetype);
  g_assert_cmpmem (gsf_input_read (mimetype, gsf_input_size (mimetype), NULL), gsf_input_size (mimetype),
                   "application/vnd.oasis.opendocument.text", 39);
  content = gsf_infile_child_by_name (zip, "content.xml");
  g_assert_nonnull (content);
  xml = g_strndup ((const char *) gsf_input_read (content, gsf_input_size (content), NULL), gsf_input_size (content));
  g_assert_nonnull (strstr (xml, "PHIẾU NHẮC VIỆC"));
  g_assert_nonnull (strstr (xml, "Sở Y tế báo cáo kết quả xét nghiệm"));
}

static void
test_unit_csv (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (fx->dir, "u.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = open_tasks (fx->store);
  g_autoptr(GbCsvReader) reader = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  GPtrArray *fields;
  gsize len;
  guint row = 0;

  g_assert_true (gb_task_report_write_unit (fx->store, "Sở Y tế", "2021-09-20", csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, &len, &error));
  bytes = g_bytes_new (contents, len);
  reader = gb_csv_reader_new (csv, bytes, &error);
  g_assert_no_error (error);
  g_assert_true (gb_csv_reader_next (reader, &fields, &error));
  g_assert_cmpstr (g_ptr_array_index (fields, 0), ==, "document");
  g_assert_cmpstr (g_ptr_array_index (fields, 4), ==, "state");
  /* Every field reads back as it is stored, quotes and commas included. */
  while (gb_csv_reader_next (reader, &fields, &error))
    {
      const GbTrackerItem *it = g_ptr_array_index (items, row++);

      g_assert_cmpuint (fields->len, ==, 6);
      g_assert_cmpstr (g_ptr_array_index (fields, 0), ==, it->document_number);
      g_assert_cmpstr (g_ptr_array_index (fields, 1), ==, it->path);
      g_assert_cmpstr (g_ptr_array_index (fields, 2), ==, it->text);
      g_assert_cmpstr (g_ptr_array_index (fields, 3), ==, it->due);
      g_assert_cmpstr (g_ptr_array_index (fields, 4), ==, gb_task_state_to_string (it->state));
      g_assert_cmpstr (g_ptr_array_index (fields, 5), ==, it->units);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (row, ==, items->len);
  g_assert_nonnull (strstr (((GbTrackerItem *) g_ptr_array_index (items, 0))->text, "\"vùng đỏ\""));
}

static void
test_states (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (fx->dir, "s.csv", NULL);
  g_autofree char *pdf = g_build_filename (fx->dir, "s.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gb_task_report_write_states (fx->store, "2021-09-20", csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, &error));
  g_assert_true (g_str_has_prefix (contents, "unit,on_time,late,open,overdue,no_deadline,total\r\n"));
  g_assert_nonnull (strstr (contents, "\r\nSở Y tế,0,0,1,1,0,2\r\n"));
  g_assert_nonnull (strstr (contents, "\r\nTổng cộng,0,0,1,1,1,3\r\n"));

  g_assert_true (gb_task_report_write_states (fx->store, "2021-09-20", pdf, &error));
  g_assert_no_error (error);
  if ((text = pdf_text (pdf)) == NULL)
    return;
  /* A table of units × states, not a list: each unit's row reads across as its counts. */
  g_assert_nonnull (strstr (text, "Hoàn thành đúng hạn"));
  g_assert_nonnull (strstr (text, "Chưa hoàn thành, quá hạn"));
  {
    g_autofree char *tool = g_find_program_in_path ("pdftotext");
    g_autofree char *layout = NULL;
    g_autoptr(GRegex) unit_row = g_regex_new ("Sở Y tế\\s+0\\s+0\\s+1\\s+1\\s+0\\s+2\\b", 0, 0, NULL);
    g_autoptr(GRegex) total_row = g_regex_new ("Tổng cộng\\s+0\\s+0\\s+1\\s+1\\s+1\\s+3\\b", 0, 0, NULL);

    g_assert_true (g_spawn_sync (NULL, (char *[]) { tool, "-layout", "-enc", "UTF-8", pdf, "-", NULL }, NULL,
                                 G_SPAWN_DEFAULT, NULL, NULL, &layout, NULL, NULL, &error));
    g_assert_true (g_regex_match (unit_row, layout, 0, NULL));
    g_assert_true (g_regex_match (total_row, layout, 0, NULL));
  }
}

/* The states table in ODT: a ruled table with a header row, one row per unit and the total. */
static void
test_states_odt (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *odt = g_build_filename (fx->dir, "s.odt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(GsfInput) content = NULL;
  g_autofree char *xml = NULL;

  g_assert_true (gb_task_report_write_states (fx->store, "2021-09-20", odt, &error));
  g_assert_no_error (error);
  input = gsf_input_stdio_new (odt, &error);
  zip = gsf_infile_zip_new (input, &error);
  g_assert_no_error (error);
  content = gsf_infile_child_by_name (zip, "content.xml");
  xml = g_strndup ((const char *) gsf_input_read (content, gsf_input_size (content), NULL), gsf_input_size (content));
  g_assert_nonnull (strstr (xml, "<table:table-header-rows>"));
  g_assert_nonnull (strstr (xml, ">Hoàn thành quá hạn</text:p>"));
  g_assert_nonnull (strstr (xml, "GbCellName\">Sở Y tế</text:p>"));
}

static GbConclusion *
meeting (void)
{
  GbConclusion *c = gb_conclusion_new_for_meeting ("2021-09-20", "Thử Nghiệm");
  GbConclusionTask *t;

  c->chair = g_strdup ("đồng chí Nguyễn Văn Chủ Trì, Bí thư Tỉnh ủy");
  g_ptr_array_add (c->participants, g_strdup ("đồng chí Lê Thị Dự"));
  g_ptr_array_add (c->reported_units, g_strdup ("Trung tâm Kiểm soát bệnh tật tỉnh"));
  c->signer = g_strdup ("Nguyễn Văn Ký");
  /* The words give the deadline: it is not printed a second time. */
  t = gb_conclusion_task_new ("Xét nghiệm toàn bộ vùng đỏ trước ngày 25/9/2021", "2021-09-25", NULL);
  g_ptr_array_add (t->units, g_strdup ("Sở Y tế"));
  g_ptr_array_add (t->units, g_strdup ("Bộ Chỉ huy Quân sự tỉnh"));
  g_ptr_array_add (((GbConclusionSection *) g_ptr_array_index (c->sections, 1))->tasks, t);
  return c;
}

static void
test_conclusion_signed (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GbConclusion) c = meeting ();
  g_autofree char *pdf = g_build_filename (fx->dir, "c.pdf", NULL);
  g_autofree char *state_pdf = g_build_filename (fx->dir, "c-state.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *state_text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gb_conclusion_export_pdf (c, pdf, &error));
  g_assert_no_error (error);
  if ((text = pdf_text (pdf)) == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  g_assert_nonnull (strstr (text, "đồng chí Nguyễn Văn Chủ Trì, Bí thư Tỉnh ủy chủ trì"));
  g_assert_nonnull (strstr (text, "đồng chí Lê Thị Dự"));
  g_assert_nonnull (strstr (text, "Trung tâm Kiểm soát bệnh tật tỉnh báo cáo"));
  g_assert_null (strstr (text, "Thường trực Tỉnh ủy chủ trì"));
  /* "Nơi nhận": the assigned units, no "Như trên". */
  g_assert_nonnull (strstr (text, "- Sở Y tế,"));
  g_assert_nonnull (strstr (text, "- Bộ Chỉ huy Quân sự tỉnh,"));
  g_assert_null (strstr (text, "Như trên"));
  g_assert_nonnull (strstr (text, "ĐẢNG CỘNG SẢN VIỆT NAM"));
  g_assert_nonnull (strstr (text, "T/M BAN THƯỜNG VỤ"));
  /* The deadline once; the third section is empty and not printed. */
  g_assert_null (strstr (text, "Thời hạn"));
  g_assert_null (strstr (text, "Về các đề xuất, kiến nghị"));

  gb_conclusion_set_signing_form (c, "TM. BAN CHỈ ĐẠO");
  g_assert_cmpstr (c->signer_title, ==, "TRƯỞNG BAN");
  g_assert_true (g_str_has_prefix (c->issuer, "BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19"));
  g_assert_true (gb_conclusion_export_pdf (c, state_pdf, &error));
  g_assert_no_error (error);
  state_text = pdf_text (state_pdf);
  g_assert_nonnull (strstr (state_text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  g_assert_nonnull (strstr (state_text, "Độc lập - Tự do - Hạnh phúc"));
  g_assert_nonnull (strstr (state_text, "/TB-BCĐ"));
  g_assert_nonnull (strstr (state_text, "TM. BAN CHỈ ĐẠO"));
  g_assert_null (strstr (state_text, "ĐẢNG CỘNG SẢN VIỆT NAM"));

  gb_conclusion_set_signing_form (c, "KT. TRƯỞNG BAN");
  g_assert_cmpstr (c->signer_title, ==, "PHÓ TRƯỞNG BAN");
}

static void
test_issue_and_carry (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GbConclusion) c = meeting ();
  g_autoptr(GbConclusion) next = meeting ();
  g_autoptr(GPtrArray) items = open_tasks (fx->store);
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 doc, heading_id = 0;
  GbConclusionSection *sec;

  gb_conclusion_set_signing_form (c, "TM. BAN CHỈ ĐẠO");
  g_assert_true (gb_store_save_conclusion (fx->store, c, &error));
  g_assert_no_error (error);
  /* The preview before issuing shows the number issuing will give, in the form's series. */
  {
    g_autofree char *party = NULL;
    g_autofree char *state = gb_store_conclusion_number_to_issue (fx->store, c, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (state, ==, "1/TB-BCĐ");
    gb_conclusion_set_signing_form (next, "K/T BÍ THƯ");
    party = gb_store_conclusion_number_to_issue (fx->store, next, &error);
    g_assert_cmpstr (party, ==, "1-TB/TU");
  }
  doc = gb_store_issue_conclusion (fx->store, c->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (doc, >, 0);
  /* A state notice is numbered in its own series. */
  g_clear_pointer (&c, gb_conclusion_free);
  c = gb_store_load_conclusion (fx->store, 1, &error);
  g_assert_cmpstr (c->number, ==, "1/TB-BCĐ");

  /* Only the task is open in the issued notice; its section headings are not tasks. */
  docs = gb_store_tracker_list_documents (fx->store, "2021-09-20", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    if (((GbTrackerDocument *) g_ptr_array_index (docs, i))->id == doc)
      g_assert_cmpint (((GbTrackerDocument *) g_ptr_array_index (docs, i))->n_open, ==, 1);

  /* Carry over picked items of any document: open tasks come with their units and deadline. */
  for (guint i = 0; i < items->len; i++)
    {
      gint64 id = ((GbTrackerItem *) g_ptr_array_index (items, i))->id;
      g_array_append_val (ids, id);
    }
  {
    g_autoptr(GPtrArray) all = gb_store_tracker_query_items (fx->store, &(GbTrackerFilter) { .document_id = doc },
                                                             "2021-09-20", &error);
    for (guint i = 0; i < all->len; i++)
      if (!((GbTrackerItem *) g_ptr_array_index (all, i))->is_task)
        heading_id = ((GbTrackerItem *) g_ptr_array_index (all, i))->id;
  }
  g_assert_cmpint (heading_id, >, 0);
  g_array_append_val (ids, heading_id);
  sec = g_ptr_array_index (next->sections, 1);
  g_assert_cmpint (gb_store_carry_over_items (fx->store, next, 1, ids, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpuint (sec->tasks->len, ==, 3);
  g_assert_cmpstr (((GbConclusionTask *) g_ptr_array_index (sec->tasks, 1))->due_date, ==, "2021-08-15");
  g_assert_cmpstr (g_ptr_array_index (((GbConclusionTask *) g_ptr_array_index (sec->tasks, 1))->units, 0), ==, "Sở Y tế");
}

/* The CLI: items --json says each task's state; report writes the files and names a bad unit. */
static void
test_cli (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv = g_build_filename (fx->dir, "cli.csv", NULL);
  g_autofree char *contents = NULL;

  g_clear_object (&fx->store);   /* the CLI opens the database itself */
  g_assert_cmpint (gb_test_run_cli (fx->path, &out, &err, "items", "--unit", "Sở Y tế", "--today", "2021-09-20",
                                    "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"state\" : \"overdue\""));
  g_assert_nonnull (strstr (out, "\"state\" : \"open\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (fx->path, &out, &err, "report", "unit", "SYT", "--today", "2021-09-20",
                                    "--output", csv, NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, ",overdue,"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (fx->path, &out, &err, "report", "unit", "Sở Không Có", "--output", csv, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Sở Không Có"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (fx->path, &out, &err, "report", "states", NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gsf_init ();
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/reports/unit-pdf", test_unit_pdf);
  ADD ("/reports/unit-odt", test_unit_odt);
  ADD ("/reports/unit-csv", test_unit_csv);
  ADD ("/reports/states", test_states);
  ADD ("/reports/states-odt", test_states_odt);
  ADD ("/reports/conclusion-signed", test_conclusion_signed);
  ADD ("/reports/issue-and-carry", test_issue_and_carry);
  ADD ("/reports/cli", test_cli);
#undef ADD
  return g_test_run ();
}
