/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cli-common.c: option parsing, error reporting and database set-up shared
 * by the subcommands.
 */
#include "cli-private.h"

#include "ep-cluster.h"
#include "ep-crypto.h"
#include "ep-db-conn.h"
#include "ep-db-error.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

gboolean
cli_parse (GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;
  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;
  g_autofree gchar *help = g_option_context_get_help (context, TRUE, NULL);
  fprintf (stderr, "eenplan: %s\n\n%s", error->message, help);
  return FALSE;
}

gboolean
cli_given (const gchar *text)
{
  if (text == NULL)
    return FALSE;
  for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

int
cli_fail (const gchar *what, const GError *error)
{
  fprintf (stderr, "eenplan: %s: %s\n", what, error->message);
  return cli_exit_code (error);
}

int
cli_exit_code (const GError *error)
{
  if (g_error_matches (error, EP_DB_ERROR, EP_DB_ERROR_UNAVAILABLE)
      || g_error_matches (error, EP_DB_ERROR, EP_DB_ERROR_CLUSTER)
      || g_error_matches (error, EP_DB_ERROR, EP_DB_ERROR_CONFIG))
    return EP_EXIT_DB_UNAVAILABLE;
  if (g_error_matches (error, EP_DB_ERROR, EP_DB_ERROR_MIGRATION_CHECKSUM)
      || g_error_matches (error, EP_DB_ERROR, EP_DB_ERROR_MIGRATION_UNKNOWN))
    return EP_EXIT_MIGRATION_REFUSED;
  return EP_EXIT_FAILURE;
}

gchar *
cli_conninfo_with (const EpDbConfig *config, EpDbPurpose purpose, GError **error)
{
  if (config->conninfo == NULL)
    {
      g_autoptr (EpCluster) cluster = ep_cluster_new (config->var_dir);
      if (!ep_cluster_start (cluster, error))
        return NULL;
    }
  return ep_db_config_resolve (config, purpose);
}

gchar *
cli_conninfo (EpDbPurpose purpose, GError **error)
{
  g_autoptr (EpDbConfig) config = ep_db_config_load (purpose, error);
  return config != NULL ? cli_conninfo_with (config, purpose, error) : NULL;
}

PGconn *
cli_connect_with (const EpDbConfig *config, EpDbPurpose purpose, GError **error)
{
  g_autofree gchar *conninfo = cli_conninfo_with (config, purpose, error);
  return conninfo != NULL ? ep_db_connect (conninfo, error) : NULL;
}

PGconn *
cli_connect (EpDbPurpose purpose, GError **error)
{
  g_autofree gchar *conninfo = cli_conninfo (purpose, error);
  return conninfo != NULL ? ep_db_connect (conninfo, error) : NULL;
}

gboolean
cli_write_secret (const gchar *path, const gchar *contents, GError **error)
{
  g_autofree gchar *dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "kan %s niet maken: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  /* Readable by the owner only, never over an existing file, on disk before we say so. */
  gsize len = strlen (contents);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "kan %s niet maken: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  ssize_t written = write (fd, contents, len);
  int saved = 0;
  if (written != (ssize_t) len)
    saved = written < 0 ? errno : EIO; /* a short write sets no errno */
  else if (fsync (fd) != 0)
    saved = errno;
  if (saved != 0)
    {
      close (fd);
      g_unlink (path); /* no half key left behind, which keygen would then never replace */
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "kan %s niet schrijven: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

GBytes *
cli_load_pseudonym_key (const EpDbConfig *config, GError **error)
{
  g_autofree gchar *text = NULL;
  if (!g_file_get_contents (config->pseudonym_key_path, &text, NULL, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "geen BSN-pseudoniemsleutel in %s; maak er een met `eenplan bsn keygen`",
                   config->pseudonym_key_path);
      return NULL;
    }
  guint8 key[CLI_PSEUDONYM_KEY_BYTES];
  if (!ep_hex_decode (g_strstrip (text), key, sizeof key))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is geen BSN-pseudoniemsleutel (64 hexadecimale tekens)",
                   config->pseudonym_key_path);
      return NULL;
    }
  GBytes *bytes = g_bytes_new (key, sizeof key);
  memset (key, 0, sizeof key);
  return bytes;
}

EpActor *
cli_acting_user (PGconn *conn, const gchar *gemeente, const gchar *username, GError **error)
{
  if (gemeente == NULL || username == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "geef --gemeente en --gebruiker (of EENPLAN_GEMEENTE en "
                           "EENPLAN_GEBRUIKER)");
      return NULL;
    }
  return ep_actor_lookup (conn, gemeente, username, error);
}
