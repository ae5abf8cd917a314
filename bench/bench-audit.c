/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench-audit.c: the audit trail's workloads.
 *
 * audit-append   write transactions per second with an audit event, 16
 *                writers in one municipality, and 16 writers spread over 16
 *                municipalities, each beside the same transactions without
 *                the event (baseline=plain), with the sealer running. The
 *                transaction is a single-row change, so its event goes in
 *                with it in one statement (ep_audit_record_change), as a
 *                store's single-row writes do.
 * audit-verify   events per second that verify checks over 1,000,000 events,
 *                beside the raw SHA-256 rate over the same bytes
 *                (baseline=sha256): as `eenplan audit verify` does (the
 *                rows behind the blocks too), and as --blocks-only does
 *                (audit-verify-blocks-only). Preparing the events also
 *                measures the sealer (audit-seal).
 */
#include "bench.h"

#include "ep-audit-chain.h"
#include "ep-audit.h"
#include "ep-db-conn.h"
#include "ep-uuid.h"

#include <string.h>

#define APPEND_THREADS 16
#define APPEND_OPS_PER_THREAD 250 /* per round */
#define APPEND_ROUNDS 8
#define VERIFY_EVENTS 1000000
#define VERIFY_GEMEENTE "GM9999"

/* Municipalities for the benchmarks, made by the owner. */
static gboolean
ensure_gemeenten (const BenchContext *ctx, GError **error)
{
  g_autoptr (PGconn) owner = ep_db_connect (ctx->owner_conninfo, error);
  return owner != NULL
         && ep_db_exec_script (owner,
                               "INSERT INTO gemeente (gemeente, naam)"
                               " SELECT 'GM' || (9000 + g), 'Benchmark ' || g"
                               "   FROM generate_series(0, 16) g"
                               " UNION ALL SELECT '" VERIFY_GEMEENTE "', 'Benchmark verify'"
                               " ON CONFLICT DO NOTHING",
                               "benchmark municipalities", error);
}

/* ------------------------------------------------------------------------ */
/* audit-append                                                             */
/* ------------------------------------------------------------------------ */

typedef struct
{
  PGconn *conns[APPEND_THREADS];
  gboolean audited;
  gboolean spread; /* thread i writes in municipality GM9001+i, else all in GM9000 */
} AppendRun;

typedef struct
{
  gboolean audited;
  guint64 op;
  guint thread;
} AppendTx;

/* The benchmark's change: a new household, its id made here, as a store
 * makes it when the event must name the row. */
#define APPEND_SQL                                                                                 \
  "INSERT INTO household (id, postcode, huisnummer, wijk, gemeente)"                               \
  " VALUES ($1::uuid, '7551AB', $2, 'Benchmark', current_gemeente()) RETURNING id"

static gboolean
append_body (PGconn *conn, gpointer user_data, GError **error)
{
  AppendTx *tx = user_data;
  g_autofree gchar *id = ep_uuid_new (error);
  if (id == NULL)
    return FALSE;
  gint64 huisnummer = 1 + (gint64) (tx->op % 9999);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, id);
  ep_db_params_add_int64 (params, huisnummer);

  /* Prepared, as a store's hot statements are: the comparison is then of
   * the audit event's own cost, not of planning. */
  if (!tx->audited)
    {
      g_autoptr (PGresult) res
        = ep_db_exec_prepared (conn, "bench_insert_household", APPEND_SQL, params, PGRES_TUPLES_OK,
                               0, "insert household", error);
      return res != NULL;
    }

  g_autoptr (JsonBuilder) change = json_builder_new ();
  json_builder_begin_object (change);
  json_builder_set_member_name (change, "postcode");
  json_builder_add_string_value (change, "7551AB");
  json_builder_set_member_name (change, "huisnummer");
  json_builder_add_int_value (change, huisnummer);
  json_builder_end_object (change);
  g_autoptr (JsonNode) node = json_builder_get_root (change);
  EpAuditEvent event = { .action = "create",
                         .entity_type = "household",
                         .entity_id = id,
                         .household_id = id,
                         .purpose = "benchmark",
                         .change = node };
  g_autoptr (PGresult) res = ep_audit_record_change (
    conn, "bench_insert_household_audited", APPEND_SQL, params, &event, "insert household", error);
  return res != NULL;
}

static gboolean
append_op (gpointer user_data, guint thread_index, guint64 op_index, GError **error)
{
  AppendRun *run = user_data;
  g_autofree gchar *gemeente = g_strdup_printf ("GM%04u", run->spread ? 9001 + thread_index : 9000);
  g_autofree gchar *actor = g_strdup_printf ("bench-%u", thread_index);
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = actor, .actor_role = "casemanager" };
  AppendTx tx = { run->audited, op_index, thread_index };
  return ep_db_run_tx (run->conns[thread_index], &ctx, append_body, &tx, NULL, error);
}

/* One round of one kind: adds its figures to @stats and the machine's CPU time to @cpu. */
static gboolean
append_round (AppendRun *run, gboolean audited, BenchStats *stats, BenchCpu *cpu, GError **error)
{
  BenchCpu before, after;
  run->audited = audited;
  bench_cpu_read (&before);
  gboolean ok
    = bench_run_threads (APPEND_THREADS, APPEND_OPS_PER_THREAD, append_op, run, stats, error);
  bench_cpu_read (&after);
  cpu->user_us += after.user_us - before.user_us;
  cpu->system_us += after.system_us - before.system_us;
  return ok;
}

static gboolean
append_measure (const BenchContext *ctx, gboolean spread, const gchar *name, GError **error)
{
  AppendRun run = { .spread = spread };
  for (guint i = 0; i < APPEND_THREADS; i++)
    if ((run.conns[i] = ep_db_connect (ctx->app_conninfo, error)) == NULL)
      return FALSE;

  /* The sealer runs as it would in the server, with its defaults. */
  EpAuditSealerOptions options = { 0 };
  EpAuditSealer *sealer = ep_audit_sealer_start (ctx->app_conninfo, &options);

  /* Rounds alternate plain and audited, so drift of the machine (other load,
   * a growing table, checkpoints) falls on both alike. */
  BenchStats plain = { 0 }, audited = { 0 }, warm = { 0 };
  gdouble round_ratios[APPEND_ROUNDS];
  BenchCpu plain_cpu = { 0 }, audited_cpu = { 0 };
  gboolean ok = bench_run_threads (APPEND_THREADS, 20, append_op, &run, &warm, error);
  for (guint round = 0; ok && round < APPEND_ROUNDS; round++)
    {
      gdouble plain_secs = plain.secs, audited_secs = audited.secs;
      ok = append_round (&run, FALSE, &plain, &plain_cpu, error)
           && append_round (&run, TRUE, &audited, &audited_cpu, error);
      /* Both ran the same number of operations. */
      round_ratios[round] = (plain.secs - plain_secs) / (audited.secs - audited_secs);
    }
  ep_audit_sealer_stop (sealer);
  for (guint i = 0; i < APPEND_THREADS; i++)
    ep_db_close (run.conns[i]);
  bench_stats_clear (&warm);
  if (!ok)
    {
      bench_stats_clear (&plain);
      bench_stats_clear (&audited);
      return FALSE;
    }

  g_autofree gchar *plain_name = g_strdup_printf ("%s-plain", name);
  bench_report (plain_name, &plain, NULL, NULL);
  bench_report (name, &audited, "plain", &plain);
  bench_progress ("%s: p99 added latency %.3f ms", name, audited.p99_ms - plain.p99_ms);
  gdouble ops = (gdouble) plain.ops; /* as many as audited */
  bench_progress ("%s: CPU per transaction, whole machine: plain %.0f µs user + %.0f µs system,"
                  " audited %.0f + %.0f",
                  name, plain_cpu.user_us / ops, plain_cpu.system_us / ops,
                  audited_cpu.user_us / ops, audited_cpu.system_us / ops);
  /* How much one round differs from the next says how far a single figure
   * can be trusted on this machine. */
  gdouble median = bench_sort_median (round_ratios, APPEND_ROUNDS);
  bench_progress ("%s: ratio per round %.3f–%.3f, median %.3f", name, round_ratios[0],
                  round_ratios[APPEND_ROUNDS - 1], median);
  bench_stats_clear (&plain);
  bench_stats_clear (&audited);
  return TRUE;
}

gboolean
bench_audit_append (const BenchContext *ctx, GError **error)
{
  return ensure_gemeenten (ctx, error)
         && append_measure (ctx, FALSE, "audit-append-1gemeente", error)
         && append_measure (ctx, TRUE, "audit-append-16gemeenten", error);
}

/* ------------------------------------------------------------------------ */
/* audit-verify                                                             */
/* ------------------------------------------------------------------------ */

typedef struct
{
  gint64 last_us;
  gint64 last_done;
  GArray *per_event_ms; /* gdouble, one per fetched batch */
} VerifyTiming;

static void
verify_progress (gint64 done, gint64 total, gpointer user_data)
{
  VerifyTiming *timing = user_data;
  gint64 now = g_get_monotonic_time ();
  gdouble ms = (now - timing->last_us) / 1000.0 / (gdouble) MAX (done - timing->last_done, 1);
  g_array_append_val (timing->per_event_ms, ms);
  timing->last_us = now;
  timing->last_done = done;
}

/* Makes VERIFY_EVENTS events in one municipality and seals them. */
static gboolean
prepare_events (const BenchContext *ctx, GError **error)
{
  g_autoptr (PGconn) owner = ep_db_connect (ctx->owner_conninfo, error);
  if (owner == NULL)
    return FALSE;

  bench_progress ("audit-verify: writing %d events", VERIFY_EVENTS);
  if (!ep_db_exec_script (
        owner,
        "INSERT INTO audit_event (gemeente, actor_id, actor_role, action, entity_type, entity_id,"
        "                         household_id, purpose, change)"
        " SELECT '" VERIFY_GEMEENTE "', 'user-' || (g % 40), 'casemanager',"
        "        (ARRAY['create','update','finalise','escalate'])[1 + g % 4],"
        "        'intake', g::text, md5(g::text)::uuid, 'wmo-toegang',"
        "        json_build_object('veld', 'hoofdprobleem', 'oud', NULL,"
        "                          'nieuw', 'Schulden en eenzaamheid sinds verhuizing ' || g)"
        "   FROM generate_series(1, " G_STRINGIFY (VERIFY_EVENTS) ") g",
        "write events", error))
    return FALSE;

  bench_progress ("audit-verify: sealing");
  gint64 start = g_get_monotonic_time ();
  guint64 sealed = 0;
  if (!ep_audit_seal (owner, VERIFY_GEMEENTE, &sealed, error))
    return FALSE;
  gdouble secs = (g_get_monotonic_time () - start) / 1e6;
  /* One seal batch is the unit a waiting event experiences. */
  gdouble per_batch_ms = secs * 1000.0 / (gdouble) MAX (sealed / EP_AUDIT_SEAL_BATCH, 1);
  BenchStats seal = { 0 };
  bench_stats_add (&seal, sealed, secs, &per_batch_ms, 1);
  bench_report ("audit-seal", &seal, NULL, NULL);
  bench_stats_clear (&seal);

  /* A million rows just written are what autovacuum comes for next: let it
   * be done before the measurement rather than during it, as it would be in
   * a trail that is verified some time after it was written. */
  bench_progress ("audit-verify: vacuum");
  return ep_db_exec_script (owner, "VACUUM (ANALYZE) audit_event, audit_chain, audit_block",
                            "vacuum", error);
}

/* One verification of the whole chain (only its blocks with @blocks_only),
 * added to @stats. */
static gboolean
verify_round (PGconn *owner, gboolean blocks_only, BenchStats *stats, EpAuditReport *report,
              GError **error)
{
  g_autoptr (GArray) per_event = g_array_new (FALSE, FALSE, sizeof (gdouble));
  VerifyTiming timing = { g_get_monotonic_time (), 0, per_event };
  ep_audit_report_clear (report);
  gint64 start = g_get_monotonic_time ();
  EpAuditVerifyOptions options = {
    .from_seq = 1, .blocks_only = blocks_only, .progress = verify_progress, .user_data = &timing
  };
  if (!ep_audit_verify_with (owner, VERIFY_GEMEENTE, &options, report, error))
    return FALSE;
  gdouble secs = (g_get_monotonic_time () - start) / 1e6;
  if (report->finding != EP_AUDIT_INTACT || report->events != VERIFY_EVENTS
      || report->rows_checked == blocks_only)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "verify found %s after %" G_GINT64_FORMAT " events",
                   ep_audit_finding_name (report->finding), report->events);
      return FALSE;
    }
  bench_stats_add (stats, (guint64) report->events, secs, (const gdouble *) per_event->data,
                   per_event->len);
  return TRUE;
}

/* The baseline: SHA-256 of as many bytes in the same pieces as verify
 * hashed, from memory, added to @stats. */
static void
sha256_round (const EpAuditReport *report, BenchStats *stats)
{
  gsize piece = (gsize) (report->bytes_hashed / (guint64) report->events) - EP_AUDIT_HASH_LEN;
  g_autofree guint8 *bytes = g_malloc0 (piece);
  guint8 hash[EP_AUDIT_HASH_LEN] = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (EpAuditHasher) hasher = ep_audit_hasher_new (&error);
  if (hasher == NULL)
    g_error ("%s", error->message);
  gint64 start = g_get_monotonic_time ();
  for (gint64 i = 0; i < report->events; i++)
    {
      bytes[0] = (guint8) i;
      if (!ep_audit_hasher_link (hasher, hash, bytes, piece, hash, &error))
        g_error ("%s", error->message);
    }
  gdouble secs = (g_get_monotonic_time () - start) / 1e6;
  gdouble per_event_ms = secs * 1000.0 / (gdouble) report->events;
  bench_stats_add (stats, (guint64) report->events, secs, &per_event_ms, 1);
}

gboolean
bench_audit_verify (const BenchContext *ctx, GError **error)
{
  if (!ensure_gemeenten (ctx, error) || !prepare_events (ctx, error))
    return FALSE;

  g_autoptr (PGconn) owner = ep_db_connect (ctx->owner_conninfo, error);
  if (owner == NULL)
    return FALSE;

  /* Rounds of verify and baseline in turn, so that both see the same
   * machine; each round verifies the whole chain. */
  const guint rounds = 3;
  BenchStats verify = { 0 }, blocks_only = { 0 }, sha = { 0 };
  EpAuditReport report = { 0 };
  gboolean ok = TRUE;
  for (guint r = 0; ok && r < rounds; r++)
    {
      bench_progress ("audit-verify: round %u of %u", r + 1, rounds);
      ok = verify_round (owner, TRUE, &blocks_only, &report, error)
           && verify_round (owner, FALSE, &verify, &report, error);
      if (ok)
        sha256_round (&report, &sha);
    }
  if (ok)
    {
      bench_progress ("audit-verify: %" G_GUINT64_FORMAT
                      " bytes hashed per round, %" G_GUINT64_FORMAT " per event, on %u connections",
                      report.bytes_hashed, report.bytes_hashed / (guint64) report.events,
                      report.connections);
      bench_report ("audit-verify", &verify, "sha256", &sha);
      bench_report ("audit-verify-blocks-only", &blocks_only, "sha256", &sha);
    }
  bench_stats_clear (&verify);
  bench_stats_clear (&blocks_only);
  bench_stats_clear (&sha);
  ep_audit_report_clear (&report);
  return ok;
}
