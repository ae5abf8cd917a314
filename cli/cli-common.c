/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cli-common.c: option parsing, error reporting and database set-up shared
 * by the subcommands.
 */
#include "cli-private.h"

#include "ep-cluster.h"
#include "ep-db-conn.h"
#include "ep-db-error.h"

#include <stdio.h>

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

int
cli_fail (const gchar *what, const GError *error)
{
  fprintf (stderr, "eenplan: kon %s niet: %s\n", what, error->message);

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
cli_conninfo (EpDbPurpose purpose, GError **error)
{
  g_autoptr (EpDbConfig) config = ep_db_config_load (purpose, error);
  if (config == NULL)
    return NULL;

  if (config->conninfo == NULL)
    {
      g_autoptr (EpCluster) cluster = ep_cluster_new (config->var_dir);
      if (!ep_cluster_start (cluster, error))
        return NULL;
    }
  return ep_db_config_resolve (config, purpose);
}

PGconn *
cli_connect (EpDbPurpose purpose, GError **error)
{
  g_autofree gchar *conninfo = cli_conninfo (purpose, error);
  if (conninfo == NULL)
    return NULL;
  return ep_db_connect (conninfo, error);
}
