/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-schema.c — the schema and the core vocabularies agree.
 *
 * Codes live twice: as the enums of core/ep-vocab.c, which C code and the API use, and as the
 * CHECK constraints of the migrations, which keep the database honest on its own. This suite
 * reads each CHECK constraint's list of allowed values from pg_constraint and asserts that it
 * is exactly the vocabulary's set of codes, so adding a code to one and not the other fails here.
 */
#include "db-suites.h"

#include "ep-vocab.h"

#include <string.h>

typedef struct
{
  const gchar *table;
  const gchar *column;
  const EpVocabulary *(*vocabulary) (void);
  const EpVocabulary *(*also) (void); /* a compound list: the union of two vocabularies */
} VocabColumn;

static const VocabColumn vocab_columns[] = {
  { "app_user", "role", ep_vocab_gebruikersrol },
  { "vindplaats", "type", ep_vocab_vindplaats },
  { "household_member", "role", ep_vocab_gezinsrol },
  { "contact", "kanaal", ep_vocab_kanaal },
  { "contact", "type", ep_vocab_contact_type },
  { "intake", "vorm", ep_vocab_intake_vorm },
  { "intake_person", "role", ep_vocab_gezinsrol },
  { "intake_participant", "soort", ep_vocab_deelnemer },
  { "intake_assessment", "leefgebied", ep_vocab_leefgebied },
  { "intake_health", "dimensie", ep_vocab_gezondheid_dimensie },
  { "intake_need", "leefgebied", ep_vocab_leefgebied },
  { "intake_need", "wet", ep_vocab_wet },
  { "intake_need", "urgentie", ep_vocab_urgentie },
  { "intake_need", "status", ep_vocab_hulpvraag_status },
  { "intake_safety_signal", "ernst", ep_vocab_veiligheid },
  { "intake_safety_step", "stap", ep_vocab_meldcode_stap },
  { "consent", "gegevens", ep_vocab_gegevenssoort },
  { "plan", "status", ep_vocab_plan_status },
  { "plan_need", "wet", ep_vocab_wet },
  { "plan_need", "status", ep_vocab_hulpvraag_status },
  { "plan_need_law", "van", ep_vocab_wet },
  { "plan_need_law", "naar", ep_vocab_wet },
  { "plan_goal", "status", ep_vocab_doel_status },
  { "plan_action", "soort", ep_vocab_afspraak_soort },
  /* Wmo 01–18 and Jeugdwet 40–55 in one column; which law takes which is a CHECK of its own. */
  { "plan_action", "productcategorie", ep_vocab_productcategorie_wmo,
    ep_vocab_productcategorie_jw },
  { "plan_action", "eenheid", ep_vocab_eenheid },
  { "plan_action", "frequentie", ep_vocab_frequentie },
  { "plan_action", "reden_einde", ep_vocab_reden_einde },
  { "plan_version", "akkoord_wijze", ep_vocab_akkoord_wijze },
  { "plan_evaluation", "besluit", ep_vocab_evaluatie_besluit },
  { "plan_evaluation_goal", "status", ep_vocab_doel_status },
  { "plan_evaluation_score", "leefgebied", ep_vocab_leefgebied },
  { "plan_level_request", "richting", ep_vocab_niveau_richting },
  { "plan_level_request", "status", ep_vocab_niveau_aanvraag_status },
};

/* The quoted values of the CHECK constraint on @table.@column (or on its
 * domain), sorted. */
static GPtrArray *
allowed_values (PGconn *owner, const gchar *table, const gchar *column)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, table);
  ep_db_params_add_text (params, column);
  g_autoptr (PGresult) res
    = ep_db_exec (owner,
                  "SELECT v[1] AS value"
                  "  FROM pg_attribute a"
                  "  JOIN pg_constraint c ON c.contype = 'c'"
                  "   AND ((c.conrelid = a.attrelid AND c.conkey = ARRAY[a.attnum])"
                  "        OR c.contypid = a.atttypid)," /* the column's domain */
                  "       regexp_matches(pg_get_constraintdef(c.oid), '''([^'']*)''', 'g') AS v"
                  " WHERE a.attrelid = $1::regclass AND a.attname = $2"
                  " ORDER BY 1",
                  params, PGRES_TUPLES_OK, "read check constraint", &error);
  ck_assert_msg (res != NULL, "%s", error ? error->message : "");

  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  for (int row = 0; row < PQntuples (res); row++)
    g_ptr_array_add (values, g_strdup (PQgetvalue (res, row, 0)));
  return values;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

START_TEST (test_check_constraint_is_vocabulary)
{
  const VocabColumn *vc = &vocab_columns[_i];
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GPtrArray) allowed = allowed_values (owner, vc->table, vc->column);

  const EpVocabulary *vocab = vc->vocabulary ();
  g_autoptr (GPtrArray) codes = g_ptr_array_new ();
  for (gsize i = 0; i < vocab->n_entries; i++)
    g_ptr_array_add (codes, (gpointer) vocab->entries[i].code);
  const EpVocabulary *also = vc->also != NULL ? vc->also () : NULL;
  for (gsize i = 0; also != NULL && i < also->n_entries; i++)
    g_ptr_array_add (codes, (gpointer) also->entries[i].code);
  g_ptr_array_sort (codes, compare_strings);

  g_ptr_array_add (codes, NULL);
  g_autofree gchar *want = g_strjoinv (" ", (gchar **) codes->pdata);
  g_ptr_array_add (allowed, NULL);
  g_autofree gchar *got = g_strjoinv (" ", (gchar **) allowed->pdata);
  ck_assert_msg (strcmp (got, want) == 0, "%s.%s allows [%s], vocabulary %s has [%s]", vc->table,
                 vc->column, got, vocab->name, want);
}
END_TEST

Suite *
ep_test_schema_suite (void)
{
  Suite *suite = suite_create ("schema");
  TCase *vocab = tcase_create ("vocabulary");
  tcase_add_loop_test (vocab, test_check_constraint_is_vocabulary, 0, G_N_ELEMENTS (vocab_columns));
  suite_add_tcase (suite, vocab);
  return suite;
}
