/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-lists.c: the werkbak's lists (intake/ep-intake-lists.h) against a real PostgreSQL:
 * contacts by period, vindplaats, type, receiver and "without intake", paged with a cursor that
 * neither repeats nor skips, counted, each shown contact in the access log; and filters that are
 * not what they say refused with the member named.
 */
#include "db-suites.h"

#include "ep-intake-lists.h"
#include "ep-json.h"
#include "ep-test-intake.h"

#include <string.h>

static const EpDbTxContext receiver
  = { .gemeente = EP_TEST_GM_A, .actor_id = "l.lijst", .actor_role = "casemanager" };

static gchar *
new_vindplaats (PGconn *owner)
{
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *naam = g_strconcat ("Lijst ", marker, NULL);
  g_autoptr (EpDbParams) params = ep_test_params (EP_TEST_GM_A, naam, NULL);
  return ep_test_query_value (
    owner, "INSERT INTO vindplaats (gemeente, type, naam) VALUES ($1, 'wijkteam', $2) RETURNING id",
    params);
}

/* Records a contact at @vindplaats on @date of @type; returns its id. */
static gchar *
record_contact (PGconn *app, const gchar *vindplaats, const gchar *date, const gchar *type)
{
  g_autofree gchar *json
    = g_strdup_printf ("{\"vindplaats_id\": \"%s\", \"channel\": \"telefoon\", \"type\": \"%s\","
                       " \"question\": \"Vraag van %s\", \"date\": \"%s\"}",
                       vindplaats, type, date, date);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = ep_json_parse (json, -1, &error);
  EP_ASSERT_NO_ERROR (node != NULL, error);
  g_autoptr (EpContact) contact = ep_contact_from_json (node, &error);
  EP_ASSERT_NO_ERROR (contact != NULL, error);
  EP_ASSERT_NO_ERROR (ep_contact_record (app, &receiver, contact, &error), error);
  return g_steal_pointer (&contact->id);
}

START_TEST (test_contact_list_pages_and_counts)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *vindplaats = new_vindplaats (owner);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  static const gchar *const dates[]
    = { "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05" };
  for (gsize i = 0; i < G_N_ELEMENTS (dates); i++)
    g_ptr_array_add (
      ids, record_contact (app, vindplaats, dates[i], i == 4 ? "zorgsignaal" : "hulpvraag"));

  /* Pages of two: 2 + 2 + 1, in the order they were made, no repeat, no gap. */
  EpContactFilter filter = { .vindplaats_id = vindplaats, .limit = 2 };
  g_autoptr (GString) seen = g_string_new (NULL);
  g_autofree gchar *cursor = NULL;
  guint pages = 0;
  do
    {
      g_autoptr (GError) error = NULL;
      g_autofree gchar *next = NULL;
      filter.cursor = cursor;
      g_autoptr (GPtrArray) page = ep_contact_list (app, &receiver, &filter, &next, &error);
      EP_ASSERT_NO_ERROR (page != NULL, error);
      ck_assert_uint_eq (page->len, pages < 2 ? 2 : 1);
      for (guint i = 0; i < page->len; i++)
        {
          const EpContact *c = page->pdata[i];
          g_string_append_printf (seen, "%s ", c->date);
          ck_assert_str_eq (c->id, ids->pdata[pages * 2 + i]);
          ck_assert_str_eq (c->received_by, "l.lijst");
          ck_assert_str_eq (c->vindplaats_id, vindplaats);
        }
      g_free (cursor);
      cursor = g_steal_pointer (&next);
      pages++;
    }
  while (cursor != NULL);
  ck_assert_uint_eq (pages, 3);
  ck_assert_str_eq (seen->str, "2026-10-01 2026-10-02 2026-10-03 2026-10-04 2026-10-05 ");

  /* Filters, listed and counted alike. */
  static const struct
  {
    const gchar *from, *to;
    EpContactType type;
    gint64 want;
  } cases[] = {
    { NULL, NULL, 0, 5 },         { "2026-10-02", "2026-10-04", 0, 3 },
    { "2026-10-05", NULL, 0, 1 }, { NULL, NULL, EP_CONTACT_TYPE_ZORGSIGNAAL, 1 },
    { NULL, "2026-09-30", 0, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      EpContactFilter f = { .from = cases[i].from,
                            .to = cases[i].to,
                            .type = cases[i].type,
                            .vindplaats_id = vindplaats,
                            .without_intake = TRUE };
      g_autoptr (GError) error = NULL;
      gint64 count = -1;
      EP_ASSERT_NO_ERROR (ep_contact_count (app, &receiver, &f, &count, &error), error);
      ck_assert_int_eq (count, cases[i].want);
      g_autoptr (GPtrArray) list = ep_contact_list (app, &receiver, &f, NULL, &error);
      EP_ASSERT_NO_ERROR (list != NULL, error);
      ck_assert_int_eq (list->len, cases[i].want);
    }
}
END_TEST

/* Every contact a list shows is in the access log, as a search by the one who listed; a count
 * shows no one and logs nothing. */
START_TEST (test_contact_list_is_access_logged)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *vindplaats = new_vindplaats (owner);
  g_autofree gchar *a = record_contact (app, vindplaats, "2026-10-01", "hulpvraag");
  g_autofree gchar *b = record_contact (app, vindplaats, "2026-10-02", "hulpvraag");
  EpContactFilter filter = { .vindplaats_id = vindplaats };
  g_autoptr (GError) error = NULL;
  gint64 count = 0;
  gint64 before = ep_test_db_count (owner, "SELECT count(*) FROM access_log");
  EP_ASSERT_NO_ERROR (ep_contact_count (app, &receiver, &filter, &count, &error), error);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM access_log"), before);

  g_autoptr (GPtrArray) list = ep_contact_list (app, &receiver, &filter, NULL, &error);
  EP_ASSERT_NO_ERROR (list != NULL, error);
  g_autofree gchar *ids = g_strdup_printf ("{%s,%s}", a, b);
  g_autoptr (EpDbParams) params = ep_test_params (ids, NULL);
  g_autofree gchar *logged = ep_test_query_value (
    owner,
    "SELECT string_agg (action || ':' || entity_type || ':' || actor_id, ',' ORDER BY entity_id)"
    "  FROM access_log WHERE entity_id = ANY ($1::text[])",
    params);
  ck_assert_str_eq (logged, "search:contact:l.lijst,search:contact:l.lijst");
}
END_TEST

/* A filter that is not what it says is refused with the member it names. */
START_TEST (test_list_filters_refused)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  static const struct
  {
    EpContactFilter filter;
    const gchar *path, *message;
  } contacts[] = {
    { { .from = "2026-13-01" }, "from", "from: moet een bestaande datum zijn als JJJJ-MM-DD" },
    { { .to = "gisteren" }, "to", "to: moet een bestaande datum zijn als JJJJ-MM-DD" },
    { { .vindplaats_id = "wijkteam" },
      "vindplaats_id",
      "vindplaats_id: moet een UUID zijn (8-4-4-4-12 hexadecimaal)" },
    { { .limit = EP_LIST_MAX_LIMIT + 1 }, "limit", "limit: moet 1–200 zijn" },
    { { .cursor = "volgende" }, "cursor", "cursor: geen cursor die deze lijst gaf" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (contacts); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) list
        = ep_contact_list (app, &receiver, &contacts[i].filter, NULL, &error);
      ck_assert_ptr_null (list);
      ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_INVALID_VALUE, contacts[i].path);
      ck_assert_str_eq (error->message, contacts[i].message);
    }
  EpIntakeFilter bad_status = { .status = "open" };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = ep_intake_list (app, &receiver, &bad_status, NULL, &error);
  ck_assert_ptr_null (list);
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_INVALID_VALUE, "status");
  ck_assert_str_eq (error->message, "status: onbekende code; kies uit draft, finalised");
}
END_TEST

Suite *
ep_test_lists_suite (void)
{
  Suite *suite = suite_create ("lists");
  TCase *tc = tcase_create ("lists");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_contact_list_pages_and_counts);
  tcase_add_test (tc, test_contact_list_is_access_logged);
  tcase_add_test (tc, test_list_filters_refused);
  suite_add_tcase (suite, tc);
  return suite;
}
