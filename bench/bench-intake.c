/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench-intake.c: intake-record — full intakes per second through the
 * library, 4 threads: a household of three (two with a BSN), 13 ZRM
 * assessments, 5 needs and one consent, decoded from JSON, validated and
 * stored with its audit events (ep_intake_from_json + ep_intake_record).
 * Beside it (baseline=libpq), the same rows inserted with plain libpq, one
 * statement per row and one transaction per intake, without validation,
 * pseudonyms or audit events, in the same run.
 */
#include "bench.h"

#include "ep-db-conn.h"
#include "ep-intake-json.h"
#include "ep-intake-store.h"

#include <string.h>

#define INTAKE_THREADS 4
#define INTAKE_OPS_PER_THREAD 750
#define INTAKE_GEMEENTE BENCH_INTAKE_GEMEENTE
#define INTAKE_VINDPLAATS BENCH_INTAKE_VINDPLAATS
#define PSEUDONYM_KEY "eenplan-bench-pseudonym-key-0123456789"

static const gchar *const domains[13] = { "financien",
                                          "werk_opleiding",
                                          "tijdsbesteding",
                                          "huisvesting",
                                          "huiselijke_relaties",
                                          "geestelijke_gezondheid",
                                          "lichamelijke_gezondheid",
                                          "middelengebruik",
                                          "basale_adl",
                                          "instrumentele_adl",
                                          "sociaal_netwerk",
                                          "maatschappelijke_participatie",
                                          "justitie" };

/* The @n-th nine-digit number that passes the elfproef, from 100000000 on:
 * a different valid BSN for every intake of the run. */
static void
bsn_for (guint64 n, gchar out[10])
{
  for (guint64 base = 10000000 + n * 2;; base++)
    {
      gint sum = 0;
      g_snprintf (out, 10, "%08" G_GUINT64_FORMAT, base % 100000000);
      for (int i = 0; i < 8; i++)
        sum += (9 - i) * (out[i] - '0');
      if (sum % 11 != 10 && sum != 0)
        {
          out[8] = (gchar) ('0' + sum % 11);
          out[9] = '\0';
          return;
        }
    }
}

gchar *
bench_intake_json (guint64 op)
{
  gchar bsn_a[10], bsn_b[10];
  bsn_for (op * 2, bsn_a);
  bsn_for (op * 2 + 1, bsn_b);
  g_autoptr (GString) j = g_string_new (NULL);
  g_string_append_printf (
    j,
    "{\"household\": {\"postcode\": \"7553KL\", \"huisnummer\": %u, \"wijk\": \"Zuid\"},"
    " \"vindplaats_id\": \"" INTAKE_VINDPLAATS "\", \"template_version\": \"brede-uitvraag/1\","
    " \"form\": \"huisbezoek\", \"date\": \"2026-11-19\", \"place\": \"thuis\","
    " \"main_problem\": \"Sinds mijn man ziek is, lukt het thuis niet meer.\","
    " \"persons\": ["
    "  {\"ref\": \"a\", \"bsn\": \"%s\", \"given_names\": \"Ayse\", \"surname\": \"Yilmaz\","
    "   \"birth_date\": \"1986-05-02\", \"role\": \"ouder_verzorger\"},"
    "  {\"ref\": \"b\", \"bsn\": \"%s\", \"given_names\": \"Murat\", \"surname\": \"Yilmaz\","
    "   \"birth_date\": \"1983-01-20\", \"role\": \"partner\"},"
    "  {\"ref\": \"c\", \"given_names\": \"Emre\", \"surname\": \"Yilmaz\","
    "   \"birth_date\": \"2016-09-12\", \"role\": \"kind\"}],"
    " \"assessments\": [",
    (guint) (op % 99999) + 1, bsn_a, bsn_b);
  for (guint i = 0; i < 13; i++)
    g_string_append_printf (j,
                            "%s{\"person\": \"%c\", \"domain\": \"%s\", \"score\": %u,"
                            " \"explanation\": \"Toelichting bij %s.\"}",
                            i > 0 ? "," : "", "abc"[i % 3], domains[i], 1 + i % 5, domains[i]);
  g_string_append (j, "], \"needs\": [");
  static const gchar *const laws[5] = { "WMO", "JW", "PW", "WGS", "GEEN" };
  for (guint i = 0; i < 5; i++)
    g_string_append_printf (j,
                            "%s{\"person\": \"%c\", \"domain\": \"%s\", \"description\":"
                            " \"Hulpvraag %u van dit huishouden.\", \"law\": \"%s\","
                            " \"urgency\": \"normaal\", \"status\": \"open\"}",
                            i > 0 ? "," : "", "abc"[i % 3], domains[i], i + 1, laws[i]);
  g_string_append (j, "], \"consents\": [{\"organisation\": \"IKC De Wilderinck\","
                      " \"data\": [\"basisgegevens\", \"plan\"], \"purpose\": \"Afstemming\","
                      " \"valid_until\": \"2027-07-15\", \"granted_on\": \"2026-11-19\"}]}");
  return g_string_free (g_steal_pointer (&j), FALSE);
}

typedef struct
{
  EpDbPool *pool;
  GBytes *key;
  gboolean through_library;
  gint next; /* operations so far, over every round (atomic) */
} IntakeRun;

static const EpDbTxContext bench_worker
  = { .gemeente = INTAKE_GEMEENTE, .actor_id = "bench", .actor_role = "casemanager" };

static gboolean
library_op (IntakeRun *run, PGconn *conn, guint64 op, GError **error)
{
  g_autofree gchar *json = bench_intake_json (op);
  g_autoptr (EpIntake) intake = ep_intake_from_json_text (json, strlen (json), NULL, error);
  return intake != NULL && ep_intake_record (conn, &bench_worker, run->key, intake, error);
}

/* ---- the baseline: the same rows, plain libpq --------------------------------------------- */

typedef struct
{
  guint64 op;
  EpIntake *intake;
} PlainJob;

static gboolean
insert_one (PGconn *conn, const gchar *sql, EpDbParams *params, gchar **id, GError **error)
{
  g_autoptr (PGresult) res
    = ep_db_exec (conn, sql, params, id ? PGRES_TUPLES_OK : PGRES_COMMAND_OK, "insert", error);
  if (res != NULL && id != NULL)
    *id = g_strdup (PQgetvalue (res, 0, 0));
  return res != NULL;
}

static gboolean
plain_body (PGconn *conn, gpointer user_data, GError **error)
{
  PlainJob *job = user_data;
  const EpIntake *in = job->intake;
  g_autofree gchar *household = NULL, *intake = NULL;
  g_autoptr (EpDbParams) h = ep_db_params_new ();
  ep_db_params_add_text (h, in->household.postcode);
  ep_db_params_add_int64 (h, in->household.huisnummer);
  ep_db_params_add_text (h, in->household.wijk);
  if (!insert_one (conn,
                   "INSERT INTO household (gemeente, postcode, huisnummer, wijk)"
                   " VALUES (current_gemeente(), $1, $2, $3) RETURNING id",
                   h, &household, error))
    return FALSE;
  g_autoptr (GPtrArray) persons = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < in->persons->len; i++)
    {
      const EpIntakePerson *p = in->persons->pdata[i];
      gchar *person = NULL;
      g_autoptr (EpDbParams) pp = ep_db_params_new ();
      ep_db_params_add_text (pp, p->given_names);
      ep_db_params_add_text (pp, p->surname);
      ep_db_params_add_text (pp, p->birth_date);
      if (!insert_one (conn,
                       "INSERT INTO person (gemeente, voornamen, achternaam, geboortedatum)"
                       " VALUES (current_gemeente(), $1, $2, $3::date) RETURNING id",
                       pp, &person, error))
        return FALSE;
      g_ptr_array_add (persons, person);
      g_autoptr (EpDbParams) m = ep_db_params_new ();
      ep_db_params_add_text (m, household);
      ep_db_params_add_text (m, person);
      ep_db_params_add_text (m, ep_gezinsrol_code (p->role));
      if (!insert_one (conn,
                       "INSERT INTO household_member (gemeente, household_id, person_id, role,"
                       "                              valid_from)"
                       " VALUES (current_gemeente(), $1::uuid, $2::uuid, $3, '2026-11-19')",
                       m, NULL, error))
        return FALSE;
    }
  g_autoptr (EpDbParams) ip = ep_db_params_new ();
  ep_db_params_add_text (ip, household);
  ep_db_params_add_text (ip, in->vindplaats_id);
  ep_db_params_add_text (ip, in->main_problem);
  if (!insert_one (conn,
                   "INSERT INTO intake (gemeente, household_id, vindplaats_id, template_version,"
                   "                    vorm, datum, plaats, hoofdprobleem)"
                   " VALUES (current_gemeente(), $1::uuid, $2::uuid, 'brede-uitvraag/1',"
                   "         'huisbezoek', '2026-11-19', 'thuis', $3) RETURNING id",
                   ip, &intake, error))
    return FALSE;
  for (guint i = 0; i < in->persons->len; i++)
    {
      const EpIntakePerson *p = in->persons->pdata[i];
      g_autoptr (EpDbParams) pp = ep_db_params_new ();
      ep_db_params_add_text (pp, intake);
      ep_db_params_add_int64 (pp, i);
      ep_db_params_add_text (pp, p->ref);
      ep_db_params_add_text (pp, persons->pdata[i]);
      ep_db_params_add_text (pp, ep_gezinsrol_code (p->role));
      if (!insert_one (conn,
                       "INSERT INTO intake_person (gemeente, intake_id, position, ref, person_id,"
                       "                           role)"
                       " VALUES (current_gemeente(), $1::uuid, $2, $3, $4::uuid, $5)",
                       pp, NULL, error))
        return FALSE;
    }
  for (guint i = 0; i < in->assessments->len; i++)
    {
      const EpIntakeAssessment *a = in->assessments->pdata[i];
      g_autoptr (EpDbParams) ap = ep_db_params_new ();
      ep_db_params_add_text (ap, intake);
      ep_db_params_add_int64 (ap, i);
      ep_db_params_add_text (ap, a->person);
      ep_db_params_add_text (ap, ep_leefgebied_code (a->domain));
      ep_db_params_add_int64 (ap, a->score);
      ep_db_params_add_text (ap, a->explanation);
      if (!insert_one (conn,
                       "INSERT INTO intake_assessment (gemeente, intake_id, position, person_ref,"
                       "                               leefgebied, score, toelichting)"
                       " VALUES (current_gemeente(), $1::uuid, $2, $3, $4, $5, $6)",
                       ap, NULL, error))
        return FALSE;
    }
  for (guint i = 0; i < in->needs->len; i++)
    {
      const EpIntakeNeed *n = in->needs->pdata[i];
      g_autoptr (EpDbParams) np = ep_db_params_new ();
      ep_db_params_add_text (np, intake);
      ep_db_params_add_int64 (np, i);
      ep_db_params_add_text (np, n->person);
      ep_db_params_add_text (np, ep_leefgebied_code (n->domain));
      ep_db_params_add_text (np, n->description);
      ep_db_params_add_text (np, ep_wet_code (n->law));
      if (!insert_one (conn,
                       "INSERT INTO intake_need (gemeente, intake_id, position, person_ref,"
                       "                         leefgebied, omschrijving, wet, urgentie, status)"
                       " VALUES (current_gemeente(), $1::uuid, $2, $3, $4, $5, $6, 'normaal',"
                       "         'open')",
                       np, NULL, error))
        return FALSE;
    }
  g_autoptr (EpDbParams) cp = ep_db_params_new ();
  ep_db_params_add_text (cp, household);
  ep_db_params_add_text (cp, intake);
  return insert_one (conn,
                     "INSERT INTO consent (gemeente, household_id, intake_id, intake_position,"
                     "                     organisatie, gegevens, doel, geldig_tot, verleend_op)"
                     " VALUES (current_gemeente(), $1::uuid, $2::uuid, 0, 'IKC De Wilderinck',"
                     "         '{basisgegevens,plan}', 'Afstemming', '2027-07-15', '2026-11-19')",
                     cp, NULL, error);
}

static gboolean
plain_op (PGconn *conn, guint64 op, GError **error)
{
  /* The rows come from the same document; decoding is not part of the baseline. */
  g_autofree gchar *json = bench_intake_json (op);
  g_autoptr (EpIntake) intake = ep_intake_from_json_text (json, strlen (json), NULL, error);
  if (intake == NULL)
    return FALSE;
  PlainJob job = { op, intake };
  return ep_db_run_tx (conn, &bench_worker, plain_body, &job, NULL, error);
}

static gboolean
intake_op (gpointer user_data, guint thread_index, guint64 op_index, GError **error)
{
  IntakeRun *run = user_data;
  PGconn *conn = ep_db_pool_acquire (run->pool, 5000, error);
  if (conn == NULL)
    return FALSE;
  /* No two operations of the run share a BSN (nor a house number, mostly). */
  guint64 op = (run->through_library ? 0 : 1000000) + (guint64) g_atomic_int_add (&run->next, 1);
  gboolean ok
    = run->through_library ? library_op (run, conn, op, error) : plain_op (conn, op, error);
  ep_db_pool_release (run->pool, conn);
  return ok;
}

gboolean
bench_intake_municipality (const BenchContext *ctx, GError **error)
{
  g_autoptr (PGconn) owner = ep_db_connect (ctx->owner_conninfo, error);
  return owner != NULL
         && ep_db_exec_script (owner,
                               "INSERT INTO gemeente (gemeente, naam)"
                               " VALUES ('" BENCH_INTAKE_GEMEENTE "', 'Benchmark intake')"
                               " ON CONFLICT DO NOTHING;"
                               "INSERT INTO vindplaats (gemeente, id, type, naam)"
                               " VALUES ('" BENCH_INTAKE_GEMEENTE "', '" INTAKE_VINDPLAATS "',"
                               "         'wijkteam', 'Benchmark wijkteam')"
                               " ON CONFLICT DO NOTHING",
                               "benchmark municipality", error);
}

gboolean
bench_intake_record (const BenchContext *ctx, GError **error)
{
  if (!bench_intake_municipality (ctx, error))
    return FALSE;
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ctx->app_conninfo, INTAKE_THREADS);
  g_autoptr (GBytes) key = g_bytes_new_static (PSEUDONYM_KEY, strlen (PSEUDONYM_KEY));
  IntakeRun library = { pool, key, TRUE, 0 }, plain = { pool, key, FALSE, 0 };
  BenchStats warm = { 0 }, lib_stats = { 0 }, plain_stats = { 0 };

  /* Warm up both paths (connections, prepared statements, a few hundred
   * intakes), and let PostgreSQL know the tables are no longer empty: plans
   * made for empty tables (foreign-key checks, cached statements) walk whole
   * indexes once the tables have grown, until autovacuum next analyzes them.
   * A municipality in use has current statistics; so must the benchmark.
   * Then alternate rounds, so that both paths see the same machine. */
  bench_progress ("intake-record: warming up");
  gboolean ok = bench_run_threads (INTAKE_THREADS, 100, intake_op, &library, &warm, error)
                && bench_run_threads (INTAKE_THREADS, 100, intake_op, &plain, &warm, error);
  if (ok)
    {
      g_autoptr (PGconn) owner = ep_db_connect (ctx->owner_conninfo, error);
      /* Only what the run writes: a database-wide ANALYZE would warn about every catalog the
       * owner may not analyze. */
      ok = owner != NULL
           && ep_db_exec_script (owner,
                                 "ANALYZE household, person, household_member, intake,"
                                 " intake_person, intake_assessment, intake_need, consent,"
                                 " audit_event",
                                 "analyze", error);
    }
  const guint rounds = 3;
  for (guint r = 0; ok && r < rounds; r++)
    {
      bench_progress ("intake-record: round %u of %u", r + 1, rounds);
      ok = bench_run_threads (INTAKE_THREADS, INTAKE_OPS_PER_THREAD / rounds, intake_op, &plain,
                              &plain_stats, error)
           && bench_run_threads (INTAKE_THREADS, INTAKE_OPS_PER_THREAD / rounds, intake_op,
                                 &library, &lib_stats, error);
    }
  if (ok)
    bench_report ("intake-record", &lib_stats, "libpq", &plain_stats);
  bench_stats_clear (&warm);
  bench_stats_clear (&lib_stats);
  bench_stats_clear (&plain_stats);
  return ok;
}
