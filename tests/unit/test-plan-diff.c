/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-plan-diff.c: ep_plan_diff(), the field-by-field difference of two plan documents, without
 * a database: each case is a pair of documents and the exact list of changes ("pad:soort").
 * Also the checks of a write's body that need no database (plan-body.c through ep-plan.h is
 * covered in tests/db/test-plan.c; here the pure diff).
 */
#include "ep-json.h"
#include "ep-plan.h"
#include "unit-suites.h"

#include <check.h>

static JsonNode *
parse (const gchar *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = ep_json_parse (text, -1, &error);
  ck_assert_msg (node != NULL, "%s: %s", text, error ? error->message : "");
  return node;
}

/* "pad:soort van→naar" of each change, joined by " | ". */
static gchar *
summary (JsonNode *changes)
{
  g_autoptr (GString) s = g_string_new (NULL);
  JsonArray *list = json_node_get_array (changes);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *c = json_array_get_object_element (list, i);
      g_autofree gchar *van = json_to_string (json_object_get_member (c, "van"), FALSE);
      g_autofree gchar *naar = json_to_string (json_object_get_member (c, "naar"), FALSE);
      g_string_append_printf (s, "%s%s:%s %s→%s", i ? " | " : "",
                              json_object_get_string_member (c, "pad"),
                              json_object_get_string_member (c, "soort"), van, naar);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static const struct
{
  const gchar *from;
  const gchar *to;
  const gchar *want;
} cases[] = {
  /* Nothing compared changes: version, akkoord, timestamps, derived lists. */
  { "{\"version\": 1, \"goed_gaat\": \"a\", \"akkoord\": null, \"open_hulpvragen\": [\"x\"]}",
    "{\"version\": 2, \"goed_gaat\": \"a\", \"akkoord\": {\"versie\": 1},"
    " \"open_hulpvragen\": []}",
    "" },
  { "{\"goed_gaat\": \"a\", \"eigen_kracht\": null}",
    "{\"goed_gaat\": \"b\", \"eigen_kracht\": \"c\"}",
    "goed_gaat:gewijzigd \"a\"→\"b\" | eigen_kracht:gewijzigd null→\"c\"" },
  { "{\"regisseur\": {\"username\": \"a\", \"naam\": \"A\", \"sinds\": \"2026-01-01\"}}",
    "{\"regisseur\": {\"username\": \"b\", \"naam\": \"B\", \"sinds\": \"2026-02-01\"}}",
    "regisseur.username:gewijzigd \"a\"→\"b\"" },
  { "{\"doelen\": [{\"id\": \"g1\", \"status\": \"open\", \"wetten\": [\"PW\"]}]}",
    "{\"doelen\": [{\"id\": \"g1\", \"status\": \"behaald\", \"wetten\": [\"PW\", \"WMO\"]},"
    " {\"id\": \"g2\", \"status\": \"open\"}]}",
    "doelen[g1].status:gewijzigd \"open\"→\"behaald\""
    " | doelen[g2]:toegevoegd null→{\"id\":\"g2\",\"status\":\"open\"}" },
  { "{\"afspraken\": [{\"id\": \"a1\", \"omvang\": {\"volume\": 102, \"eenheid\": \"01\","
    " \"frequentie\": \"2\"}}]}",
    "{\"afspraken\": [{\"id\": \"a1\", \"omvang\": {\"volume\": 120, \"eenheid\": \"01\","
    " \"frequentie\": \"2\"}}]}",
    "afspraken[a1].omvang.volume:gewijzigd 102→120" },
  { "{\"hulpvragen\": [{\"id\": \"n1\", \"wet\": \"JW\", \"wet_historie\": [], \"doelen\": []}]}",
    "{\"hulpvragen\": [{\"id\": \"n1\", \"wet\": \"WMO\", \"wet_historie\": [{}],"
    " \"doelen\": [\"g\"]}]}",
    "hulpvragen[n1].wet:gewijzigd \"JW\"→\"WMO\"" },
  { "{\"problemen\": [{\"omschrijving\": \"a\", \"prioriteit\": 1}]}",
    "{\"problemen\": [{\"omschrijving\": \"a\", \"prioriteit\": 2},"
    " {\"omschrijving\": \"b\", \"prioriteit\": 1}]}",
    "problemen[0].prioriteit:gewijzigd 1→2"
    " | problemen[1]:toegevoegd null→{\"omschrijving\":\"b\",\"prioriteit\":1}" },
  { "{\"leden\": [{\"id\": \"p1\", \"voornaam\": \"J\"}]}", "{\"leden\": []}",
    "leden[p1]:verwijderd {\"id\":\"p1\",\"voornaam\":\"J\"}→null" },
  { NULL, "{\"goed_gaat\": \"a\"}", "goed_gaat:gewijzigd null→\"a\"" },
};

START_TEST (test_plan_diff)
{
  g_autoptr (JsonNode) from = cases[_i].from != NULL ? parse (cases[_i].from) : NULL;
  g_autoptr (JsonNode) to = parse (cases[_i].to);
  g_autoptr (JsonNode) diff = ep_plan_diff (from, to);
  ck_assert (JSON_NODE_HOLDS_ARRAY (diff));
  g_autofree gchar *got = summary (diff);
  ck_assert_str_eq (got, cases[_i].want);
}
END_TEST

Suite *
ep_test_plan_diff_suite (void)
{
  Suite *suite = suite_create ("plan-diff");
  TCase *diff = tcase_create ("diff");
  tcase_add_loop_test (diff, test_plan_diff, 0, G_N_ELEMENTS (cases));
  suite_add_tcase (suite, diff);
  return suite;
}
