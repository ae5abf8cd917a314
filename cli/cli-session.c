/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cli-session.c: what every command that acts as a user of a municipality shares (cli-private.h):
 * the options --gemeente, --gebruiker and --json; the configuration, loaded once; the document
 * read from a file or standard input within its limits; the connection and the acting user; the
 * BSN pseudonym key, loaded when needed; and the one way such a command reports a failure.
 */
#include "cli-private.h"

#include "ep-json.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void
cli_actor_options_clear (CliActorOptions *options)
{
  g_clear_pointer (&options->gemeente, g_free);
  g_clear_pointer (&options->gebruiker, g_free);
}

void
cli_add_actor_options (GOptionContext *context, CliActorOptions *options)
{
  /* The environment's defaults are taken where they are used (cli_session_connect): a string
   * put here first would be lost when GOption stores the option given over it. */
  GOptionEntry entries[] = {
    { "gemeente", 0, 0, G_OPTION_ARG_STRING, &options->gemeente,
      "de gemeente (CBS-code, bv. GM0164; standaard EENPLAN_GEMEENTE)", "CODE" },
    { "gebruiker", 0, 0, G_OPTION_ARG_STRING, &options->gebruiker,
      "wie het doet (gebruikersnaam; standaard EENPLAN_GEBRUIKER)", "NAAM" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json, "uitvoer als JSON", NULL },
    { NULL },
  };
  g_option_context_add_main_entries (context, entries, NULL);
}

void
cli_session_clear (CliSession *session)
{
  g_clear_pointer (&session->conn, ep_db_close);
  g_clear_pointer (&session->actor, ep_actor_free);
  g_clear_pointer (&session->config, ep_db_config_free);
  g_clear_pointer (&session->pseudonym_key, g_bytes_unref);
}

int
cli_session_fail (const CliSession *session, const GError *error)
{
  fprintf (stderr, "eenplan %s: %s\n", session->command, error->message);
  return cli_exit_code (error);
}

int
cli_missing_option (const gchar *command, const gchar *option, const gchar *meaning)
{
  fprintf (stderr, "eenplan %s: geef %s, %s\n", command, option, meaning);
  return EP_EXIT_USAGE;
}

int
cli_session_init (CliSession *session, const gchar *command)
{
  g_autoptr (GError) error = NULL;
  session->command = command;
  session->config = ep_db_config_load (EP_DB_PURPOSE_APP, &error);
  if (session->config == NULL)
    return cli_fail ("kon de configuratie niet lezen", error);
  return EP_EXIT_OK;
}

/* The document in @path (- for standard input): at most @max_bytes and one more, so that a
 * longer one reaches the decoder and is refused there, naming the limit, without ever holding
 * more than that in memory. */
static GBytes *
read_input (const gchar *path, gsize max_bytes, GError **error)
{
  gboolean from_stdin = strcmp (path, "-") == 0;
  FILE *file = from_stdin ? stdin : fopen (path, "rb");
  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "kan %s niet openen: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  g_autoptr (GByteArray) text = g_byte_array_new ();
  guint8 buf[8192];
  size_t n;
  while (text->len <= max_bytes
         && (n = fread (buf, 1, MIN (sizeof buf, max_bytes + 1 - text->len), file)) > 0)
    g_byte_array_append (text, buf, (guint) n);
  gboolean failed = ferror (file);
  if (!from_stdin)
    fclose (file);
  if (failed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "kan %s niet lezen",
                   from_stdin ? "standaardinvoer" : path);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&text));
}

JsonNode *
cli_session_read_document (CliSession *session, const gchar *path, int *rc)
{
  g_autoptr (GError) error = NULL;
  EpJsonLimits limits = { .max_bytes = session->config->max_document_bytes };
  g_autoptr (GBytes) text = read_input (path, limits.max_bytes, &error);
  if (text == NULL)
    {
      *rc = cli_fail ("kon de invoer niet lezen", error);
      return NULL;
    }
  gsize len;
  const gchar *data = g_bytes_get_data (text, &len);
  JsonNode *node = ep_json_decode (data, len, &limits, &error);
  if (node == NULL)
    *rc = cli_session_fail (session, error);
  return node;
}

int
cli_session_connect (CliSession *session, const CliActorOptions *actor)
{
  g_autoptr (GError) error = NULL;
  session->conn = cli_connect_with (session->config, EP_DB_PURPOSE_APP, &error);
  if (session->conn == NULL)
    return cli_fail ("kon de database niet bereiken", error);
  const gchar *gemeente = actor->gemeente != NULL ? actor->gemeente : g_getenv ("EENPLAN_GEMEENTE");
  const gchar *gebruiker
    = actor->gebruiker != NULL ? actor->gebruiker : g_getenv ("EENPLAN_GEBRUIKER");
  session->actor = cli_acting_user (session->conn, gemeente, gebruiker, &error);
  if (session->actor == NULL)
    {
      fprintf (stderr, "eenplan: %s\n", error->message);
      return g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE) ? EP_EXIT_USAGE
                                                                               : EP_EXIT_FAILURE;
    }
  session->ctx = ep_actor_context (session->actor);
  return EP_EXIT_OK;
}

int
cli_session_open (CliSession *session, const gchar *command, const CliActorOptions *actor)
{
  int rc = cli_session_init (session, command);
  return rc != EP_EXIT_OK ? rc : cli_session_connect (session, actor);
}

JsonNode *
cli_session_open_document (CliSession *session, const gchar *command, const gchar *path, int *rc)
{
  *rc = cli_session_init (session, command);
  return *rc == EP_EXIT_OK ? cli_session_read_document (session, path, rc) : NULL;
}

GBytes *
cli_session_pseudonym_key (CliSession *session, int *rc)
{
  if (session->pseudonym_key == NULL)
    {
      g_autoptr (GError) error = NULL;
      session->pseudonym_key = cli_load_pseudonym_key (session->config, &error);
      if (session->pseudonym_key == NULL)
        *rc = cli_fail ("kon de BSN-sleutel niet laden", error);
    }
  return session->pseudonym_key;
}

void
cli_print_json (JsonNode *node)
{
  g_autoptr (JsonNode) owned = node;
  g_autofree gchar *text = ep_json_to_string (owned, TRUE);
  printf ("%s\n", text);
}
