/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-bsn.c: `eenplan bsn keygen [--if-missing] [--out FILE]` — the secret
 * key that BSN pseudonyms are made with. Every person is found through the
 * pseudonym of their BSN, so the key must stay the same for the life of the
 * data: it is never overwritten.
 */
#include "cli-private.h"

#include "ep-crypto.h"

#include <stdio.h>
#include <string.h>

static int
bsn_keygen (const gchar *out, gboolean if_missing)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_APP, &error);
  if (config == NULL)
    return cli_fail ("kon de configuratie niet lezen", error);
  const gchar *path = out ? out : config->pseudonym_key_path;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (if_missing)
        {
          printf ("sleutel %s bestaat al\n", path);
          return EP_EXIT_OK;
        }
      fprintf (stderr,
               "eenplan bsn keygen: %s bestaat al; deze sleutel wordt nooit overschreven "
               "(alle pseudoniemen hangen ervan af)\n",
               path);
      return EP_EXIT_FAILURE;
    }

  guint8 key[CLI_PSEUDONYM_KEY_BYTES];
  if (!ep_random_bytes (key, sizeof key, &error))
    return cli_fail ("kon geen sleutel maken", error);
  g_autofree gchar *hex = ep_hex_encode (key, sizeof key);
  memset (key, 0, sizeof key);
  g_autofree gchar *contents = g_strconcat (hex, "\n", NULL);
  memset (hex, 0, strlen (hex));
  if (!cli_write_secret (path, contents, &error))
    {
      fprintf (stderr, "eenplan bsn keygen: %s\n", error->message);
      return EP_EXIT_FAILURE;
    }
  memset (contents, 0, strlen (contents));
  printf ("BSN-pseudoniemsleutel geschreven naar %s\n", path);
  return EP_EXIT_OK;
}

int
cmd_bsn (int argc, char **argv)
{
  gboolean if_missing = FALSE;
  g_autofree gchar *out = NULL;
  GOptionEntry entries[] = {
    { "if-missing", 0, 0, G_OPTION_ARG_NONE, &if_missing, "niets doen als de sleutel er al is",
      NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "schrijf naar dit bestand", "BESTAND" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("keygen");
  g_option_context_set_summary (context,
                                "Maakt de geheime sleutel voor BSN-pseudoniemen (HMAC-SHA256).\n"
                                "Standaard: EENPLAN_PSEUDONYM_KEY, [bsn] pseudonym_key in de\n"
                                "configuratie, of var/bsn-pseudonym.key.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  if (argc != 2 || strcmp (argv[1], "keygen") != 0)
    {
      fprintf (stderr, "eenplan bsn: gebruik `eenplan bsn keygen [--if-missing]`\n");
      return EP_EXIT_USAGE;
    }
  return bsn_keygen (out, if_missing);
}
