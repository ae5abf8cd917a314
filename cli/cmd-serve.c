/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-serve.c: `eenplan serve` — run the HTTP server as the application role, and the web UI's
 * files (--web DIR or EENPLAN_WEB_DIR: web/dist) for every path the API does not answer.
 */
#include "cli-private.h"

#include "ep-routes.h"

#include "ep-audit-seal.h"
#include "ep-audit-verifier.h"
#include "ep-crypto.h"
#include "ep-demo.h"
#include "ep-log.h"
#include "ep-server.h"
#include "ep-static.h"
#include "ep-user.h"

#include <stdio.h>

static void
log_sealer_error (const GError *error, gpointer user_data)
{
  ep_log (G_LOG_LEVEL_WARNING, "audit sealer round failed", "error", error->message, NULL);
}

/* Every checkpoint the sealer writes, in the structured log too: one more
 * copy of the head outside the database (ids and hashes, no personal data). */
static void
log_checkpoint (const EpAuditCheckpoint *checkpoint, gpointer user_data)
{
  g_autofree gchar *seq = g_strdup_printf ("%" G_GINT64_FORMAT, checkpoint->seq);
  g_autofree gchar *hash = ep_hex_encode (checkpoint->hash, sizeof checkpoint->hash);
  g_autofree gchar *signature = ep_hex_encode (checkpoint->signature, sizeof checkpoint->signature);
  ep_log (G_LOG_LEVEL_INFO, "audit checkpoint", "gemeente", checkpoint->gemeente, "seq", seq,
          "hash", hash, "signed_at", checkpoint->signed_at, "key_id", checkpoint->key_id,
          "signature", signature, NULL);
}

/* Every verification the verifier ran, in the structured log: a chain that is not intact as a
 * warning, with its first broken seq (seqs and codes, no personal data). */
static void
log_verification (const gchar *gemeente, const EpAuditReport *report, const GError *error,
                  gpointer user_data)
{
  if (report == NULL)
    {
      ep_log (G_LOG_LEVEL_WARNING, "audit verification could not run", "gemeente", gemeente,
              "error", error != NULL ? error->message : NULL, NULL);
      return;
    }
  g_autofree gchar *events = g_strdup_printf ("%" G_GINT64_FORMAT, report->events);
  g_autofree gchar *head = g_strdup_printf ("%" G_GINT64_FORMAT, report->head_seq);
  g_autofree gchar *broken = g_strdup_printf ("%" G_GINT64_FORMAT, report->broken_seq);
  gboolean intact = report->finding == EP_AUDIT_INTACT;
  ep_log (intact ? G_LOG_LEVEL_INFO : G_LOG_LEVEL_WARNING,
          intact ? "audit chain intact" : "audit chain NOT intact", "gemeente", gemeente, "finding",
          ep_audit_finding_name (report->finding), "broken_seq", intact ? NULL : broken, "events",
          events, "head_seq", head, NULL);
}

/* A configured database (not the embedded development cluster) with active demo users, whose
 * password anyone can read in README.md: refused, saying what to do. Returns: EP_EXIT_OK when the
 * server may start; otherwise the exit code, having printed why. */
static int
refuse_demo_users (const EpDbConfig *config, const gchar *conninfo)
{
  if (g_strcmp0 (config->source, "embedded") == 0)
    return EP_EXIT_OK;
  g_autoptr (GError) error = NULL;
  g_autoptr (PGconn) conn = ep_db_connect (conninfo, &error);
  gboolean exists = FALSE;
  if (conn == NULL || !ep_user_demo_exists (conn, &exists, &error))
    return cli_fail ("kon niet nagaan of er demogebruikers zijn", error);
  if (!exists)
    return EP_EXIT_OK;
  fprintf (stderr,
           "eenplan serve: de database (%s) heeft nog actieve demogebruikers, met een wachtwoord "
           "dat iedereen kan weten; de webserver start niet. Zoek ze op met `eenplan user list "
           "--gemeente CODE --gebruiker BEHEERDER` (demo: ja) en schakel ze uit met `eenplan user "
           "disable GEBRUIKERSNAAM` (of laad geen demogegevens in een echte database)\n",
           config->source);
  return EP_EXIT_FAILURE;
}

/* On the embedded development cluster only: the demo users, for the sign-in page to list
 * (GET /api/v1/demo). They are read once, as the owner, who sees every municipality. A cluster
 * without demo data lists none; one that cannot be read is logged, and the server runs on. */
static void
offer_demo_users (const EpDbConfig *config)
{
  if (g_strcmp0 (config->source, "embedded") != 0)
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (PGconn) owner = cli_connect_with (config, EP_DB_PURPOSE_OWNER, &error);
  g_autoptr (GPtrArray) users = owner != NULL ? ep_demo_list_users (owner, &error) : NULL;
  if (users == NULL)
    {
      ep_log (G_LOG_LEVEL_WARNING, "the demo users could not be read", "error", error->message,
              NULL);
      return;
    }
  if (users->len > 0)
    ep_routes_set_demo_users (users);
}

int
cmd_serve (int argc, char **argv)
{
  gint port = 8080, workers = 8;
  gboolean listen_all = FALSE;
  g_auto (GStrv) trusted_proxies = NULL;
  g_autofree gchar *web_dir = NULL;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "TCP-poort (standaard 8080)", "POORT" },
    { "listen-all", 0, 0, G_OPTION_ARG_NONE, &listen_all,
      "Op alle netwerkinterfaces luisteren (standaard alleen localhost)", NULL },
    { "workers", 'w', 0, G_OPTION_ARG_INT, &workers,
      "Aantal werkthreads = databaseverbindingen (standaard 8)", "N" },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &trusted_proxies,
      "Adres van een reverse proxy wiens X-Forwarded-For en X-Forwarded-Proto geloofd worden "
      "(herhaalbaar)",
      "ADRES" },
    { "web", 0, 0, G_OPTION_ARG_FILENAME, &web_dir,
      "De gebouwde webinterface (web/dist) die de server ook aanbiedt (anders EENPLAN_WEB_DIR;"
      " zonder: alleen de API)",
      "MAP" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- de webserver starten");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  if (port < 0 || port > 65535 || workers < 1 || workers > 256)
    {
      fprintf (stderr, "eenplan serve: --port moet 0–65535 zijn en --workers 1–256\n");
      return EP_EXIT_USAGE;
    }

  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_APP, &error);
  if (config == NULL)
    return cli_fail ("kon de configuratie niet lezen", error);
  g_autofree gchar *conninfo = cli_conninfo_with (config, EP_DB_PURPOSE_APP, &error);
  if (conninfo == NULL)
    return cli_fail ("kon de database niet vinden", error);
  int rc = refuse_demo_users (config, conninfo);
  if (rc != EP_EXIT_OK)
    return rc;

  /* Checkpoints are signed when a key is configured; without one the chain
   * is still sealed, and `eenplan audit checkpoint` can sign later. */
  g_autoptr (EpSigningKey) key = cli_load_signing_key (FALSE, &error);
  if (key == NULL && error != NULL)
    return cli_fail ("kon de auditsleutel niet lezen", error);
  if (key == NULL)
    ep_log (G_LOG_LEVEL_WARNING, "no audit signing key: checkpoints are not written", NULL);
  g_autofree gchar *checkpoint_file = cli_checkpoint_file (&error);
  if (checkpoint_file == NULL && error != NULL)
    return cli_fail ("kon de configuratie niet lezen", error);
  if (key != NULL && checkpoint_file == NULL)
    ep_log (G_LOG_LEVEL_WARNING,
            "no audit checkpoint file: checkpoints are kept in the database and this log only",
            NULL);

  if (web_dir == NULL && g_getenv ("EENPLAN_WEB_DIR") != NULL)
    web_dir = g_strdup (g_getenv ("EENPLAN_WEB_DIR"));
  g_autoptr (EpStatic) web = web_dir != NULL ? ep_static_load (web_dir, &error) : NULL;
  if (web_dir != NULL && web == NULL)
    return cli_fail ("kon de webinterface niet lezen", error);
  offer_demo_users (config);

  g_autoptr (EpDbPool) pool = ep_db_pool_new (conninfo, (guint) workers);
  EpServerOptions options = {
    .port = (guint) port,
    .loopback = !listen_all,
    .workers = (guint) workers,
    .trusted_proxies = (const gchar *const *) trusted_proxies,
  };
  g_autoptr (EpServer) server = ep_server_new (pool, &options, &error);
  if (server != NULL)
    {
      /* Without a BSN key the server runs, but refuses requests that carry a BSN. */
      g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_APP, NULL);
      g_autoptr (GBytes) pseudonym_key
        = config != NULL ? cli_load_pseudonym_key (config, NULL) : NULL;
      if (pseudonym_key == NULL)
        ep_log (G_LOG_LEVEL_WARNING, "no BSN pseudonym key: requests with a BSN are refused", NULL);
      ep_routes_set_pseudonym_key (pseudonym_key);
      ep_routes_add (server);
      if (web != NULL)
        ep_static_attach (web, server);
    }
  /* Every chain verified at start and daily, any sooner when a supervisor asks; requests only
   * read the results (docs/api.md). Started before the first request can ask. */
  EpAuditVerifierOptions verifier_options
    = { .key = key, .checkpoint_file = checkpoint_file, .on_done = log_verification };
  EpAuditVerifier *verifier = ep_audit_verifier_start (conninfo, &verifier_options);
  ep_routes_set_verifier (verifier);
  if (server == NULL || !ep_server_listen (server, &error))
    {
      ep_routes_set_verifier (NULL);
      ep_audit_verifier_stop (verifier);
      return cli_fail ("kon de webserver niet starten", error);
    }

  g_autofree gchar *port_text = g_strdup_printf ("%u", ep_server_get_port (server));
  g_autofree gchar *workers_text = g_strdup_printf ("%d", workers);
  g_autofree gchar *web_files = web != NULL ? g_strdup_printf ("%u", ep_static_count (web)) : NULL;
  ep_log (G_LOG_LEVEL_INFO, "listening", "port", port_text, "workers", workers_text, "address",
          listen_all ? "all" : "loopback", "web_files", web_files, NULL);
  EpAuditSealerOptions sealer_options = { .key = key,
                                          .checkpoint_file = checkpoint_file,
                                          .on_error = log_sealer_error,
                                          .on_checkpoint = log_checkpoint };
  EpAuditSealer *sealer = ep_audit_sealer_start (conninfo, &sealer_options);
  ep_server_run (server);
  ep_routes_set_verifier (NULL);
  ep_audit_verifier_stop (verifier);
  /* After the last request: the sealer chains what they wrote, then stops. */
  ep_audit_sealer_stop (sealer);
  ep_log (G_LOG_LEVEL_INFO, "stopped", NULL);
  return EP_EXIT_OK;
}
