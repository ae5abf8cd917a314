/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-db.c: `eenplan db start|stop|status` — the embedded development
 * cluster under EENPLAN_VAR_DIR (default ./var).
 */
#include "cli-private.h"

#include "ep-cluster.h"

#include <stdio.h>
#include <string.h>

int
cmd_db (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("start|stop|status");
  g_option_context_set_summary (
    context, "Beheert het ingebouwde PostgreSQL-cluster voor ontwikkeling en "
             "tests,\nin EENPLAN_VAR_DIR (standaard ./var): alleen een Unix-socket, "
             "geen TCP-poort.");
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  if (argc != 2)
    {
      fprintf (stderr, "eenplan db: geef precies één actie: start, stop of status\n");
      return EP_EXIT_USAGE;
    }

  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_OWNER, &error);
  if (config == NULL)
    return cli_fail ("kon de configuratie niet lezen", error);
  g_autoptr (EpCluster) cluster = ep_cluster_new (config->var_dir);
  const gchar *action = argv[1];

  if (strcmp (action, "start") == 0)
    {
      if (!ep_cluster_start (cluster, &error))
        return cli_fail ("kon het ingebouwde cluster niet starten", error);
      g_autofree gchar *conninfo = ep_cluster_conninfo (cluster, EP_CLUSTER_APP_ROLE);
      printf ("cluster draait: %s\n", conninfo);
      return EP_EXIT_OK;
    }
  if (strcmp (action, "stop") == 0)
    {
      if (!ep_cluster_stop (cluster, &error))
        return cli_fail ("kon het ingebouwde cluster niet stoppen", error);
      printf ("cluster gestopt\n");
      return EP_EXIT_OK;
    }
  if (strcmp (action, "status") == 0)
    {
      gint64 pid = 0;
      if (!ep_cluster_is_initialised (cluster))
        {
          printf ("geen cluster in %s\n", ep_cluster_get_data_dir (cluster));
          return EP_EXIT_DB_UNAVAILABLE;
        }
      if (!ep_cluster_is_running (cluster, &pid))
        {
          printf ("cluster gestopt (%s)\n", ep_cluster_get_data_dir (cluster));
          return EP_EXIT_DB_UNAVAILABLE;
        }
      printf ("cluster draait (pid %" G_GINT64_FORMAT ", socket in %s, log %s)\n", pid,
              ep_cluster_get_socket_dir (cluster), ep_cluster_get_log_file (cluster));
      return EP_EXIT_OK;
    }

  fprintf (stderr, "eenplan db: onbekende actie '%s' (start, stop of status)\n", action);
  return EP_EXIT_USAGE;
}
