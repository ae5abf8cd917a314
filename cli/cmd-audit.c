/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-audit.c: `eenplan audit verify|checkpoint|seal|log|keygen|public-key`
 * — the audit trail for supervisors and auditors. Runs as the schema owner,
 * so it sees every municipality (filter with --gemeente).
 */
#include "cli-private.h"

#include "ep-audit.h"
#include "ep-crypto.h"
#include "ep-signing.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Keys                                                                     */
/* ------------------------------------------------------------------------ */

static EpSigningKey *
load_key (const gchar *path, gboolean need_private, GError **error)
{
  g_autofree gchar *pem = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &pem, &len, error))
    return NULL;
  g_autoptr (EpSigningKey) key = ep_signing_key_from_pem (pem, len, error);
  if (key == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if (need_private && !ep_signing_key_can_sign (key))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s bevat een publieke sleutel; ondertekenen kan alleen met de geheime", path);
      return NULL;
    }
  return g_steal_pointer (&key);
}

EpSigningKey *
cli_load_signing_key (gboolean required, GError **error)
{
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_OWNER, error);
  if (config == NULL)
    return NULL;
  if (!required && !g_file_test (config->audit_key_path, G_FILE_TEST_EXISTS))
    return NULL;
  return load_key (config->audit_key_path, TRUE, error);
}

gchar *
cli_checkpoint_file (GError **error)
{
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_OWNER, error);
  return config ? g_strdup (config->audit_checkpoint_file) : NULL;
}

static int
audit_keygen (const gchar *out, gboolean if_missing)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_OWNER, &error);
  if (config == NULL)
    return cli_fail ("kon de configuratie niet lezen", error);
  const gchar *path = out ? out : config->audit_key_path;

  if (g_file_test (path, G_FILE_TEST_EXISTS) && if_missing)
    {
      printf ("sleutel %s bestaat al\n", path);
      return EP_EXIT_OK;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      fprintf (stderr,
               "eenplan audit keygen: %s bestaat al; een sleutel wordt nooit overschreven\n", path);
      return EP_EXIT_FAILURE;
    }
  g_autoptr (EpSigningKey) key = ep_signing_key_generate (&error);
  g_autofree gchar *pem = key ? ep_signing_key_to_pem (key, TRUE, &error) : NULL;
  if (pem == NULL)
    return cli_fail ("kon geen sleutel maken", error);

  if (!cli_write_secret (path, pem, &error))
    {
      fprintf (stderr, "eenplan audit keygen: %s\n", error->message);
      return EP_EXIT_FAILURE;
    }
  g_autofree gchar *id = ep_signing_key_id (key);
  printf ("sleutel %s geschreven naar %s\n", id, path);
  return EP_EXIT_OK;
}

static int
audit_public_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpSigningKey) key = cli_load_signing_key (TRUE, &error);
  g_autofree gchar *pem = key ? ep_signing_key_to_pem (key, FALSE, &error) : NULL;
  if (pem == NULL)
    return cli_fail ("kon de publieke sleutel niet lezen", error);
  fputs (pem, stdout);
  return EP_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* Verify, checkpoint, seal                                                 */
/* ------------------------------------------------------------------------ */

/* @only, or every municipality. */
static GStrv
municipalities (PGconn *conn, const gchar *only, GError **error)
{
  if (only == NULL)
    return ep_audit_gemeenten (conn, EP_AUDIT_GEMEENTEN_ALL, error);
  const gchar *one[] = { only, NULL };
  return g_strdupv ((gchar **) one);
}

/* Reports a failure of the audit module for people: what the trail's own
 * errors mean and what to do, in Dutch (the detail after it is for the
 * operator); other errors as cli_fail() does. Returns: the exit code. */
static int
audit_fail (const gchar *command, const gchar *what, const GError *error)
{
  const gchar *reason = NULL;
  if (error->domain == EP_AUDIT_ERROR)
    switch ((EpAuditError) error->code)
      {
        case EP_AUDIT_ERROR_NO_CHAIN_HEAD:
          reason = "de gebeurtenis aan de kop van een hashketen ontbreekt; voer "
                   "`eenplan audit verify` uit";
          break;
        case EP_AUDIT_ERROR_CHAIN_BROKEN:
          reason = "een hashketen klopt niet; voer `eenplan audit verify` uit";
          break;
        case EP_AUDIT_ERROR_BAD_CURSOR:
          fprintf (stderr,
                   "%s: --cursor is geen cursor die `eenplan audit log` gaf "
                   "(\"meer: --cursor …\")\n",
                   command);
          return EP_EXIT_USAGE;
        case EP_AUDIT_ERROR_BAD_LIMIT:
          fprintf (stderr, "%s: --limit moet 1–1000 zijn\n", command);
          return EP_EXIT_USAGE;
        case EP_AUDIT_ERROR_CHECKPOINT_FILE:
          reason = "het checkpointbestand is niet te gebruiken";
          break;
        case EP_AUDIT_ERROR_FAILED:
        default:
          break;
      }
  if (reason == NULL)
    return cli_fail (what, error);
  fprintf (stderr, "%s: %s (%s)\n", command, reason, error->message);
  return EP_EXIT_FAILURE;
}

typedef struct
{
  const gchar *gemeente;
  gint64 last_shown_us;
} Progress;

static void
show_progress (gint64 done, gint64 total, gpointer user_data)
{
  Progress *progress = user_data;
  gint64 now = g_get_monotonic_time ();
  if (now - progress->last_shown_us < 200 * G_TIME_SPAN_MILLISECOND && done < total)
    return;
  progress->last_shown_us = now;
  fprintf (stderr, "\r  %s: %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " gebeurtenissen (%d%%)",
           progress->gemeente, done, total, total > 0 ? (int) (100 * done / total) : 100);
  fflush (stderr);
}

/* Parses "SEQ:HASH" (64 hex digits), as verify prints a chain head. */
static gboolean
parse_head (const gchar *text, EpAuditHead *head)
{
  const gchar *colon = text ? strchr (text, ':') : NULL;
  gchar *end = NULL;
  if (colon == NULL)
    return FALSE;
  head->seq = g_ascii_strtoll (text, &end, 10);
  return end == colon && head->seq >= 1 && ep_hex_decode (colon + 1, head->hash, sizeof head->hash);
}

/* What verify prints of an intact chain, after its first line. */
static void
print_intact_details (const EpAuditReport *report, const EpSigningKey *key)
{
  if (report->head_seq > 0 && report->rows_checked)
    printf ("  ook elke gebeurtenisrij achter de blokken klopt\n");
  else if (report->head_seq > 0)
    printf ("  alleen de blokken en de ketenrijen erna: de gebeurtenisrijen achter de blokken "
            "(wat `eenplan audit log` toont) zijn niet gecontroleerd, en ook niet of er een "
            "gebeurtenis achter de kop verborgen is; laat --blocks-only weg om dat wel te doen\n");
  if (report->checkpoint_file_seq >= 0)
    printf ("  checkpointbestand: kop seq %" G_GINT64_FORMAT ", %s\n", report->checkpoint_file_seq,
            key ? "handtekening klopt" : "niet gecontroleerd (geen sleutel)");
  /* The head, for an auditor to keep and pass back with --expect. */
  if (report->head_seq > 0)
    {
      g_autofree gchar *head = ep_hex_encode (report->head_hash, sizeof report->head_hash);
      printf ("  kop: %" G_GINT64_FORMAT ":%s\n", report->head_seq, head);
    }
}

static int
audit_verify (const gchar *only, gint64 from_seq, const gchar *public_key_path, const gchar *expect,
              gboolean blocks_only, const gchar *checkpoints)
{
  EpAuditHead expected;
  if (expect != NULL && (only == NULL || !parse_head (expect, &expected)))
    {
      fprintf (stderr, "eenplan audit verify: --expect wil SEQ:HASH (64 hexadecimale tekens), "
                       "samen met --gemeente\n");
      return EP_EXIT_USAGE;
    }

  g_autoptr (GError) error = NULL;
  g_autoptr (EpSigningKey) key = NULL;
  if (public_key_path != NULL)
    key = load_key (public_key_path, FALSE, &error);
  else
    key = cli_load_signing_key (FALSE, &error);
  if (key == NULL && error != NULL)
    return cli_fail ("kon de auditsleutel niet lezen", error);
  /* The checkpoint file: the one named, else the configured one if it is
   * there yet (before the first checkpoint it is not). */
  g_autofree gchar *configured = checkpoints ? NULL : cli_checkpoint_file (&error);
  if (configured == NULL && error != NULL)
    return cli_fail ("kon de configuratie niet lezen", error);
  const gchar *checkpoint_file = checkpoints;
  if (configured != NULL && g_file_test (configured, G_FILE_TEST_EXISTS))
    checkpoint_file = configured;

  g_autoptr (PGconn) conn = cli_connect (EP_DB_PURPOSE_OWNER, &error);
  if (conn == NULL)
    return cli_fail ("kon de database niet bereiken", error);
  g_auto (GStrv) list = municipalities (conn, only, &error);
  if (list == NULL)
    return cli_fail ("kon de gemeenten niet lezen", error);

  gboolean all_intact = TRUE;
  gboolean tty = isatty (STDERR_FILENO);
  for (gsize i = 0; list[i] != NULL; i++)
    {
      g_auto (EpAuditReport) report = { 0 };
      Progress progress = { list[i], 0 };
      EpAuditVerifyOptions options = { .from_seq = from_seq,
                                       .public_key = key,
                                       .expected = expect ? &expected : NULL,
                                       .blocks_only = blocks_only,
                                       .checkpoint_file = checkpoint_file,
                                       .progress = tty ? show_progress : NULL,
                                       .user_data = &progress };
      if (!ep_audit_verify_with (conn, list[i], &options, &report, &error))
        return audit_fail ("eenplan audit verify", "kon het auditspoor niet controleren", error);
      if (tty)
        fprintf (stderr, "\r\033[K");

      if (report.finding == EP_AUDIT_INTACT)
        {
          printf ("%s: intact — %" G_GINT64_FORMAT
                  " gebeurtenissen gecontroleerd (t/m seq %" G_GINT64_FORMAT "), %" G_GINT64_FORMAT
                  " nog te verzegelen, checkpoint: %s\n",
                  list[i], report.events, report.head_seq, report.pending,
                  report.checkpoint_seq < 0   ? "geen"
                  : report.checkpoint_checked ? "handtekening klopt"
                                              : "niet gecontroleerd (geen sleutel)");
          print_intact_details (&report, key);
        }
      else
        {
          all_intact = FALSE;
          printf ("%s: NIET INTACT — %s bij seq %" G_GINT64_FORMAT ": %s\n", list[i],
                  ep_audit_finding_name (report.finding), report.broken_seq, report.detail);
        }
    }
  return all_intact ? EP_EXIT_OK : EP_EXIT_FAILURE;
}

static int
audit_checkpoint (const gchar *only)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpSigningKey) key = cli_load_signing_key (TRUE, &error);
  if (key == NULL)
    return cli_fail (
      "kon de auditsleutel niet lezen (is er nog geen, maak er dan een met `eenplan audit keygen`)",
      error);
  g_autoptr (PGconn) conn = cli_connect (EP_DB_PURPOSE_OWNER, &error);
  if (conn == NULL)
    return cli_fail ("kon de database niet bereiken", error);
  g_auto (GStrv) list = municipalities (conn, only, &error);
  if (list == NULL)
    return cli_fail ("kon de gemeenten niet lezen", error);

  g_autofree gchar *file = cli_checkpoint_file (&error);
  if (file == NULL && error != NULL)
    return cli_fail ("kon de configuratie niet lezen", error);

  for (gsize i = 0; list[i] != NULL; i++)
    {
      g_auto (EpAuditCheckpoint) written = { 0 };
      if (!ep_audit_checkpoint_with (conn, list[i], key, file, &written, &error))
        return audit_fail ("eenplan audit checkpoint", "kon geen checkpoint schrijven", error);
      if (file != NULL)
        printf ("%s: checkpoint bij seq %" G_GINT64_FORMAT ", ook in %s\n", list[i], written.seq,
                file);
      else
        printf ("%s: checkpoint bij seq %" G_GINT64_FORMAT "\n", list[i], written.seq);
    }
  return EP_EXIT_OK;
}

static int
audit_seal (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PGconn) conn = cli_connect (EP_DB_PURPOSE_OWNER, &error);
  if (conn == NULL)
    return cli_fail ("kon de database niet bereiken", error);
  guint64 sealed = 0;
  if (!ep_audit_seal_all (conn, &sealed, &error))
    return audit_fail ("eenplan audit seal", "kon de gebeurtenissen niet verzegelen", error);
  printf ("%" G_GUINT64_FORMAT " gebeurtenissen verzegeld\n", sealed);
  return EP_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* Log                                                                      */
/* ------------------------------------------------------------------------ */

static GDateTime *
parse_day (const gchar *text, gboolean *ok)
{
  if (text == NULL)
    return NULL;
  GDateTime *day = NULL;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  gint y, m, d;
  gchar rest;
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &rest) == 3)
    day = g_date_time_new (utc, y, m, d, 0, 0, 0);
  if (day == NULL)
    *ok = FALSE;
  return day;
}

/* The entries for people, one line each. */
static void
print_entries (const GPtrArray *entries, const gchar *next)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const EpAuditEntry *e = entries->pdata[i];
      printf ("%-27s %-8s %-10s %-12s %s:%s  %s (%s)%s%s  doel: %s\n", e->occurred_at, e->gemeente,
              e->action, e->outcome, e->entity_type, e->entity_id ? e->entity_id : "-", e->actor_id,
              e->actor_role, e->household_id ? "  huishouden " : "",
              e->household_id ? e->household_id : "", e->purpose);
      if (e->check == EP_AUDIT_ENTRY_ALTERED)
        printf ("    LET OP: na het verzegelen gewijzigd; dit is niet wat de keten bij seq "
                "%" G_GINT64_FORMAT " vastlegde\n",
                e->seq);
      else if (e->check == EP_AUDIT_ENTRY_MISSING)
        printf ("    LET OP: al verzegeld, maar de keten bevat deze gebeurtenis niet (meer)\n");
    }
  if (entries->len == 0)
    printf ("geen gebeurtenissen gevonden\n");
  if (next != NULL)
    printf ("\nmeer: --cursor %s\n", next);
}

static int
audit_log (const EpAuditFilter *base, const gchar *entity, const gchar *from_text,
           const gchar *to_text, gboolean json)
{
  EpAuditFilter filter = *base;
  g_auto (GStrv) entity_parts = entity ? g_strsplit (entity, ":", 2) : NULL;
  if (entity_parts != NULL)
    {
      filter.entity_type = entity_parts[0];
      filter.entity_id = entity_parts[1];
    }
  gboolean dates_ok = TRUE;
  g_autoptr (GDateTime) from = parse_day (from_text, &dates_ok);
  g_autoptr (GDateTime) to_day = parse_day (to_text, &dates_ok);
  if (!dates_ok)
    {
      fprintf (stderr, "eenplan audit log: --van en --tot zijn datums als 2026-11-24\n");
      return EP_EXIT_USAGE;
    }
  filter.from = from;
  /* --tot is inclusive for people: up to the end of that day. */
  g_autoptr (GDateTime) to = to_day ? g_date_time_add_days (to_day, 1) : NULL;
  filter.to = to;

  g_autoptr (GError) error = NULL;
  g_autoptr (PGconn) conn = cli_connect (EP_DB_PURPOSE_OWNER, &error);
  if (conn == NULL)
    return cli_fail ("kon de database niet bereiken", error);
  g_autofree gchar *next = NULL;
  g_autoptr (GPtrArray) entries = ep_audit_query (conn, &filter, &next, &error);
  if (entries == NULL)
    return audit_fail ("eenplan audit log", "kon het auditspoor niet opvragen", error);
  guint suspect = 0; /* entries the chain does not vouch for */
  for (guint i = 0; i < entries->len; i++)
    {
      EpAuditEntryCheck check = ((const EpAuditEntry *) entries->pdata[i])->check;
      if (check == EP_AUDIT_ENTRY_ALTERED || check == EP_AUDIT_ENTRY_MISSING)
        suspect++;
    }

  if (json)
    {
      g_autoptr (JsonNode) root = ep_audit_page_to_json (entries, next);
      g_autofree gchar *text = json_to_string (root, TRUE);
      printf ("%s\n", text);
    }
  else
    print_entries (entries, next);

  if (suspect > 0)
    {
      if (suspect == 1)
        fprintf (stderr, "eenplan audit log: 1 gebeurtenis op deze pagina klopt niet met de"
                         " hashketen; voer `eenplan audit verify` uit\n");
      else
        fprintf (stderr,
                 "eenplan audit log: %u gebeurtenissen op deze pagina kloppen niet met de"
                 " hashketen; voer `eenplan audit verify` uit\n",
                 suspect);
      return EP_EXIT_FAILURE;
    }
  return EP_EXIT_OK;
}

/* ------------------------------------------------------------------------ */

int
cmd_audit (int argc, char **argv)
{
  gchar *gemeente = NULL, *public_key = NULL, *out = NULL;
  gchar *household = NULL, *actor = NULL, *action = NULL, *entity = NULL;
  gchar *from = NULL, *to = NULL, *cursor = NULL, *expect = NULL;
  gint64 from_seq = 1;
  gint limit = 50;
  gchar *checkpoints = NULL;
  gboolean json = FALSE, if_missing = FALSE, deep = FALSE, blocks_only = FALSE;
  const GOptionEntry entries[] = {
    { "gemeente", 'g', 0, G_OPTION_ARG_STRING, &gemeente, "Alleen deze gemeente (CBS-code)",
      "GM0164" },
    { "from", 0, 0, G_OPTION_ARG_INT64, &from_seq, "verify: beginnen bij dit volgnummer", "SEQ" },
    { "expect", 0, 0, G_OPTION_ARG_STRING, &expect,
      "verify: de keten moet deze eerder genoteerde kop nog bevatten", "SEQ:HASH" },
    { "deep", 0, 0, G_OPTION_ARG_NONE, &deep,
      "verify: de standaard (elke gebeurtenisrij wordt ook tegen de blokken gehouden); blijft "
      "als alias",
      NULL },
    { "blocks-only", 0, 0, G_OPTION_ARG_NONE, &blocks_only,
      "verify: sneller, alleen de blokken en de ketenrijen erna; niet de gebeurtenisrijen "
      "achter de blokken (wat `audit log` toont)",
      NULL },
    { "checkpoints", 0, 0, G_OPTION_ARG_FILENAME, &checkpoints,
      "verify: de keten tegen de nieuwste kop in dit checkpointbestand houden (standaard: het "
      "geconfigureerde)",
      "BESTAND" },
    { "public-key", 0, 0, G_OPTION_ARG_FILENAME, &public_key,
      "verify: publieke sleutel (PEM) voor de checkpoints", "BESTAND" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "keygen: waar de sleutel komt", "BESTAND" },
    { "if-missing", 0, 0, G_OPTION_ARG_NONE, &if_missing,
      "keygen: niets doen als de sleutel al bestaat", NULL },
    { "household", 0, 0, G_OPTION_ARG_STRING, &household, "log: alleen dit huishouden", "UUID" },
    { "actor", 0, 0, G_OPTION_ARG_STRING, &actor, "log: alleen deze medewerker", "ID" },
    { "action", 0, 0, G_OPTION_ARG_STRING, &action, "log: alleen deze handeling", "ACTIE" },
    { "entity", 0, 0, G_OPTION_ARG_STRING, &entity, "log: alleen dit object", "TYPE[:ID]" },
    { "van", 0, 0, G_OPTION_ARG_STRING, &from, "log: vanaf deze dag", "JJJJ-MM-DD" },
    { "tot", 0, 0, G_OPTION_ARG_STRING, &to, "log: tot en met deze dag", "JJJJ-MM-DD" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "log: hoeveel per pagina (1–1000)", "N" },
    { "cursor", 0, 0, G_OPTION_ARG_STRING, &cursor, "log: volgende pagina", "CURSOR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "log: als JSON", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new ("verify | checkpoint | seal | log | keygen | public-key");
  g_option_context_set_summary (
    context, "Het auditspoor: controleren (verify: afsluitcode 0 = intact, 1 = niet intact),\n"
             "ondertekende checkpoints schrijven, openstaande gebeurtenissen verzegelen,\n"
             "het logboek opvragen, en de ondertekensleutel beheren.");
  g_option_context_add_main_entries (context, entries, NULL);
  gboolean parsed = cli_parse (context, &argc, &argv);
  g_autofree gchar *gemeente_owned = gemeente, *public_key_owned = public_key, *out_owned = out;
  g_autofree gchar *household_owned = household, *actor_owned = actor, *action_owned = action;
  g_autofree gchar *entity_owned = entity, *from_owned = from, *to_owned = to;
  g_autofree gchar *cursor_owned = cursor, *expect_owned = expect, *checkpoints_owned = checkpoints;
  if (!parsed)
    return EP_EXIT_USAGE;
  if (argc != 2)
    {
      fprintf (stderr, "eenplan audit: geef één actie: verify, checkpoint, seal, log, keygen of "
                       "public-key\n");
      return EP_EXIT_USAGE;
    }

  const gchar *what = argv[1];
  if (strcmp (what, "verify") == 0)
    {
      if (deep && blocks_only)
        {
          fprintf (stderr, "eenplan audit verify: --deep en --blocks-only sluiten elkaar uit\n");
          return EP_EXIT_USAGE;
        }
      return audit_verify (gemeente, from_seq, public_key, expect, blocks_only, checkpoints);
    }
  if (strcmp (what, "checkpoint") == 0)
    return audit_checkpoint (gemeente);
  if (strcmp (what, "seal") == 0)
    return audit_seal ();
  if (strcmp (what, "keygen") == 0)
    return audit_keygen (out, if_missing);
  if (strcmp (what, "public-key") == 0)
    return audit_public_key ();
  if (strcmp (what, "log") == 0)
    {
      if (gemeente == NULL)
        {
          fprintf (stderr, "eenplan audit log: geef --gemeente\n");
          return EP_EXIT_USAGE;
        }
      if (limit < 1 || limit > 1000)
        {
          fprintf (stderr, "eenplan audit log: --limit moet 1–1000 zijn\n");
          return EP_EXIT_USAGE;
        }
      EpAuditFilter filter = { .gemeente = gemeente,
                               .household_id = household,
                               .actor_id = actor,
                               .action = action,
                               .cursor = cursor,
                               .limit = (guint) limit };
      return audit_log (&filter, entity, from, to, json);
    }
  fprintf (stderr, "eenplan audit: onbekende actie '%s'\n", what);
  return EP_EXIT_USAGE;
}
