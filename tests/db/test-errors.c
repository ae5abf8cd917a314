/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-errors.c: db/ep-db-error's SQLSTATE mapping, table-driven, and real
 * server errors mapped through ep_db_exec(): every integrity constraint kind
 * of the foundation schema, a data exception (whose message must not quote the
 * offending value), a RAISE, a duplicate object and a terminated session.
 *
 * Rows are written as the owner (not subject to row-level security) in
 * municipality GM0164, each test with values of its own.
 */
#include "db-suites.h"

#include "ep-crypto.h"

#include <string.h>

/* ---- ep_db_error_from_sqlstate ------------------------------------------------------------ */

static const struct
{
  const gchar *sqlstate;
  EpDbError code;
} sqlstate_cases[] = {
  { "23505", EP_DB_ERROR_UNIQUE_VIOLATION },
  { "23503", EP_DB_ERROR_FOREIGN_KEY_VIOLATION },
  { "23514", EP_DB_ERROR_CHECK_VIOLATION },
  { "23502", EP_DB_ERROR_NOT_NULL_VIOLATION },
  { "23P01", EP_DB_ERROR_EXCLUSION_VIOLATION },
  { "40001", EP_DB_ERROR_SERIALIZATION_FAILURE },
  { "40P01", EP_DB_ERROR_DEADLOCK },
  { "42501", EP_DB_ERROR_PERMISSION_DENIED },
  { "P0001", EP_DB_ERROR_RAISED },
  { "26000", EP_DB_ERROR_STATEMENT_GONE },
  { "42P04", EP_DB_ERROR_ALREADY_EXISTS },
  { "42710", EP_DB_ERROR_ALREADY_EXISTS },
  { "42P07", EP_DB_ERROR_ALREADY_EXISTS },
  { "08006", EP_DB_ERROR_UNAVAILABLE },
  { "08001", EP_DB_ERROR_UNAVAILABLE },
  { "08000", EP_DB_ERROR_UNAVAILABLE },
  { "57P01", EP_DB_ERROR_UNAVAILABLE },
  { "57P02", EP_DB_ERROR_UNAVAILABLE },
  { "57P03", EP_DB_ERROR_UNAVAILABLE },
  { "XX000", EP_DB_ERROR_FAILED },
  { "22P02", EP_DB_ERROR_FAILED },
  { "23000", EP_DB_ERROR_FAILED },
  { "40000", EP_DB_ERROR_FAILED },
  { NULL, EP_DB_ERROR_FAILED },
  { "", EP_DB_ERROR_FAILED },
  { "2350", EP_DB_ERROR_FAILED },
  { "235050", EP_DB_ERROR_FAILED },
};

START_TEST (test_sqlstate_mapping)
{
  const gchar *sqlstate = sqlstate_cases[_i].sqlstate;
  EpDbError code = ep_db_error_from_sqlstate (sqlstate);

  ck_assert_msg (code == sqlstate_cases[_i].code, "SQLSTATE %s: expected code %d, got %d",
                 sqlstate ? sqlstate : "(NULL)", (int) sqlstate_cases[_i].code, (int) code);
}
END_TEST

START_TEST (test_retryable)
{
  g_autoptr (GError) serialization
    = g_error_new_literal (EP_DB_ERROR, EP_DB_ERROR_SERIALIZATION_FAILURE, "x");
  g_autoptr (GError) deadlock = g_error_new_literal (EP_DB_ERROR, EP_DB_ERROR_DEADLOCK, "x");
  g_autoptr (GError) gone = g_error_new_literal (EP_DB_ERROR, EP_DB_ERROR_STATEMENT_GONE, "x");
  g_autoptr (GError) unique = g_error_new_literal (EP_DB_ERROR, EP_DB_ERROR_UNIQUE_VIOLATION, "x");
  g_autoptr (GError) other_domain
    = g_error_new_literal (G_FILE_ERROR, EP_DB_ERROR_SERIALIZATION_FAILURE, "x");

  ck_assert (ep_db_error_is_retryable (serialization));
  ck_assert (ep_db_error_is_retryable (deadlock));
  ck_assert (ep_db_error_is_retryable (gone));
  ck_assert (!ep_db_error_is_retryable (unique));
  ck_assert (!ep_db_error_is_retryable (other_domain));
  ck_assert (!ep_db_error_is_retryable (NULL));
}
END_TEST

/* ---- real server errors -------------------------------------------------------------------- */

/* A fresh 64-hex-digit pseudonym, as person.bsn_pseudonym requires. */
static gchar *
new_pseudonym (void)
{
  g_autofree gchar *marker = ep_test_marker ();
  return ep_sha256_hex ((const guint8 *) marker, strlen (marker));
}

/* Inserts a person in GM0164 as @conn; returns its id. */
static gchar *
insert_person (PGconn *conn, const gchar *achternaam, const gchar *pseudonym)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();

  ep_db_params_add_text (params, EP_TEST_GM_A);
  ep_db_params_add_text (params, achternaam);
  ep_db_params_add_text (params, pseudonym);
  return ep_test_query_value (conn,
                              "INSERT INTO person (gemeente, achternaam, bsn_pseudonym)"
                              " VALUES ($1, $2, $3) RETURNING id",
                              params);
}

/* Inserts a household in GM0164 as @conn; returns its id. */
static gchar *
insert_household (PGconn *conn, const gchar *wijk)
{
  g_autoptr (EpDbParams) params = ep_test_params (EP_TEST_GM_A, wijk, NULL);

  return ep_test_query_value (conn,
                              "INSERT INTO household (gemeente, postcode, huisnummer, wijk)"
                              " VALUES ($1, '7551AB', 12, $2) RETURNING id",
                              params);
}

static const gchar *const insert_member_sql
  = "INSERT INTO household_member"
    " (gemeente, household_id, person_id, role, valid_from, valid_to)"
    " VALUES ($1, $2::uuid, $3::uuid, 'ouder_verzorger', $4::date, $5::date)";

static EpDbParams *
member_params (const gchar *household_id, const gchar *person_id, const gchar *from,
               const gchar *to)
{
  EpDbParams *params = ep_db_params_new ();

  ep_db_params_add_text (params, EP_TEST_GM_A);
  ep_db_params_add_text (params, household_id);
  ep_db_params_add_text (params, person_id);
  ep_db_params_add_text (params, from);
  ep_db_params_add_text (params, to); /* NULL: open-ended */
  return params;
}

START_TEST (test_unique_violation)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *pseudonym = new_pseudonym ();
  g_autofree gchar *first = insert_person (owner, "Jansen", pseudonym);
  g_autoptr (EpDbParams) params = ep_test_params (EP_TEST_GM_A, "Pietersen", pseudonym, NULL);

  ck_assert_ptr_nonnull (first);
  ck_assert (!ep_db_exec_command (owner,
                                  "INSERT INTO person (gemeente, achternaam, bsn_pseudonym)"
                                  " VALUES ($1, $2, $3)",
                                  params, "insert person", &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_UNIQUE_VIOLATION);
  ck_assert_ptr_nonnull (strstr (error->message, "person_gemeente_bsn_pseudonym_key"));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "person_gemeente_bsn_pseudonym_key");
  g_autoptr (GError) copy = g_error_copy (error);
  ck_assert_str_eq (ep_db_error_get_constraint (copy), "person_gemeente_bsn_pseudonym_key");
  ck_assert_ptr_null (ep_db_error_get_constraint (NULL));
  ck_assert_ptr_nonnull (strstr (error->message, "insert person"));
  /* DETAIL ("Key (gemeente, bsn_pseudonym)=(…) already exists") is not copied. */
  ck_assert_ptr_null (strstr (error->message, pseudonym));

  g_autoptr (EpDbParams) count = ep_test_params (pseudonym, NULL);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM person WHERE bsn_pseudonym = $1", count), 1);
}
END_TEST

START_TEST (test_foreign_key_violation)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *pseudonym = new_pseudonym ();
  g_autofree gchar *person = insert_person (owner, "de Vries", pseudonym);
  g_autofree gchar *missing = g_uuid_string_random ();
  g_autoptr (EpDbParams) params = member_params (missing, person, "2020-01-01", NULL);

  ck_assert (!ep_db_exec_command (owner, insert_member_sql, params, "insert member", &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_FOREIGN_KEY_VIOLATION);
  ck_assert_ptr_nonnull (strstr (error->message, "household_member_gemeente_household_id_fkey"));
  ck_assert_ptr_null (strstr (error->message, missing));

  g_autoptr (EpDbParams) count = ep_test_params (person, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(*) FROM household_member"
                                       " WHERE person_id = $1::uuid",
                                       count),
                    0);
}
END_TEST

START_TEST (test_check_violation)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *marker = ep_test_marker ();
  g_autoptr (EpDbParams) params = ep_test_params (EP_TEST_GM_A, "1234 AB", marker, NULL);

  ck_assert (!ep_db_exec_command (owner,
                                  "INSERT INTO household (gemeente, postcode, huisnummer, wijk)"
                                  " VALUES ($1, $2, 1, $3)",
                                  params, "insert household", &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_CHECK_VIOLATION);
  ck_assert_ptr_nonnull (strstr (error->message, "household_postcode_check"));
  ck_assert_ptr_null (strstr (error->message, "1234 AB"));
  ck_assert_ptr_null (strstr (error->message, marker));

  g_autoptr (EpDbParams) count = ep_test_params (marker, NULL);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM household WHERE wijk = $1", count), 0);
}
END_TEST

START_TEST (test_not_null_violation)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *pseudonym = new_pseudonym ();
  g_autoptr (EpDbParams) params = ep_db_params_new ();

  ep_db_params_add_text (params, EP_TEST_GM_A);
  ep_db_params_add_null (params);
  ep_db_params_add_text (params, pseudonym);
  ck_assert (!ep_db_exec_command (owner,
                                  "INSERT INTO person (gemeente, achternaam, bsn_pseudonym)"
                                  " VALUES ($1, $2, $3)",
                                  params, "insert person", &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_NOT_NULL_VIOLATION);
  ck_assert_ptr_nonnull (strstr (error->message, "achternaam"));
  ck_assert_ptr_null (strstr (error->message, pseudonym));
}
END_TEST

START_TEST (test_exclusion_violation)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *pseudonym = new_pseudonym ();
  g_autofree gchar *person = insert_person (owner, "Bakker", pseudonym);
  g_autofree gchar *first = insert_household (owner, marker);
  g_autofree gchar *second = insert_household (owner, marker);
  g_autoptr (EpDbParams) in_first = member_params (first, person, "2020-01-01", NULL);
  g_autoptr (EpDbParams) in_second = member_params (second, person, "2021-06-01", "2022-01-01");

  EP_ASSERT_NO_ERROR (
    ep_db_exec_command (owner, insert_member_sql, in_first, "insert member", &error), error);
  ck_assert (!ep_db_exec_command (owner, insert_member_sql, in_second, "insert member", &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_EXCLUSION_VIOLATION);
  ck_assert_ptr_nonnull (strstr (error->message, "household_member_one_household_at_a_time"));
  ck_assert_ptr_null (strstr (error->message, person));

  g_autoptr (EpDbParams) count = ep_test_params (person, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(*) FROM household_member"
                                       " WHERE person_id = $1::uuid",
                                       count),
                    1);
}
END_TEST

START_TEST (test_exclusion_consecutive_accepted)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *pseudonym = new_pseudonym ();
  g_autofree gchar *person = insert_person (owner, "Visser", pseudonym);
  g_autofree gchar *first = insert_household (owner, marker);
  g_autofree gchar *second = insert_household (owner, marker);
  g_autoptr (EpDbParams) in_first = member_params (first, person, "2020-01-01", "2021-01-01");
  g_autoptr (EpDbParams) in_second = member_params (second, person, "2021-01-01", NULL);

  EP_ASSERT_NO_ERROR (
    ep_db_exec_command (owner, insert_member_sql, in_first, "insert member", &error), error);
  EP_ASSERT_NO_ERROR (
    ep_db_exec_command (owner, insert_member_sql, in_second, "insert member", &error), error);

  g_autoptr (EpDbParams) count = ep_test_params (person, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(*) FROM household_member"
                                       " WHERE person_id = $1::uuid",
                                       count),
                    2);
}
END_TEST

START_TEST (test_data_exception_hides_value)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbParams) params = ep_test_params ("not-a-uuid", NULL);
  g_autoptr (PGresult) res
    = ep_db_exec (owner, "SELECT $1::uuid", params, PGRES_TUPLES_OK, "parse uuid", &error);

  ck_assert_ptr_null (res);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_FAILED);
  ck_assert_ptr_null (strstr (error->message, "not-a-uuid"));
  ck_assert_ptr_nonnull (strstr (error->message, "parse uuid"));
}
END_TEST

START_TEST (test_raise_exception)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;

  ck_assert (!ep_db_exec_command (
    owner, "DO $$ BEGIN RAISE EXCEPTION 'refused by a trigger'; END $$", NULL, "raise", &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_RAISED);
  ck_assert_ptr_nonnull (strstr (error->message, "refused by a trigger"));
}
END_TEST

START_TEST (test_already_exists)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;

  ck_assert (!ep_db_exec_script (owner, "CREATE TABLE gemeente (x int)", "create", &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_ALREADY_EXISTS);
}
END_TEST

START_TEST (test_unexpected_status)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;

  /* A query that returns rows where a command was expected. */
  ck_assert (!ep_db_exec_command (owner, "SELECT 1", NULL, "select as command", &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_FAILED);
  ck_assert_ptr_nonnull (strstr (error->message, "select as command"));
  ck_assert_int_eq (PQstatus (owner), CONNECTION_OK);
}
END_TEST

START_TEST (test_terminated_session_unavailable)
{
  g_autoptr (PGconn) victim = ep_test_db_app (ep_test_cluster);
  g_autoptr (PGconn) super = ep_test_db_super (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *pid = g_strdup_printf ("%d", PQbackendPID (victim));
  g_autoptr (EpDbParams) params = ep_test_params (pid, NULL);
  g_autofree gchar *terminated
    = ep_test_query_value (super, "SELECT pg_terminate_backend($1::int, 5000)", params);

  ck_assert_str_eq (terminated, "t");
  g_autoptr (PGresult) res
    = ep_db_exec (victim, "SELECT 1", NULL, PGRES_TUPLES_OK, "after terminate", &error);
  ck_assert_ptr_null (res);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_UNAVAILABLE);
}
END_TEST

Suite *
ep_test_errors_suite (void)
{
  Suite *suite = suite_create ("errors");
  TCase *mapping = tcase_create ("sqlstate");
  TCase *server = tcase_create ("server");

  tcase_add_loop_test (mapping, test_sqlstate_mapping, 0, G_N_ELEMENTS (sqlstate_cases));
  tcase_add_test (mapping, test_retryable);
  suite_add_tcase (suite, mapping);

  tcase_set_timeout (server, 30);
  tcase_add_test (server, test_unique_violation);
  tcase_add_test (server, test_foreign_key_violation);
  tcase_add_test (server, test_check_violation);
  tcase_add_test (server, test_not_null_violation);
  tcase_add_test (server, test_exclusion_violation);
  tcase_add_test (server, test_exclusion_consecutive_accepted);
  tcase_add_test (server, test_data_exception_hides_value);
  tcase_add_test (server, test_raise_exception);
  tcase_add_test (server, test_already_exists);
  tcase_add_test (server, test_unexpected_status);
  tcase_add_test (server, test_terminated_session_unavailable);
  suite_add_tcase (suite, server);
  return suite;
}
