/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-demo.c: `eenplan demo load` — demo data for a new installation.
 *
 * Loads only into a database without municipalities, so it can never mix
 * demo rows into real data; running it again is a no-op.
 */
#include "cli-private.h"

#include "ep-cli-resource.h"
#include "ep-db-conn.h"

#include <stdio.h>
#include <string.h>

static gboolean
load_demo (PGconn *conn, gboolean *loaded, GError **error)
{
  *loaded = FALSE;
  g_autoptr (GBytes) sql = g_resource_lookup_data (
    ep_cli_get_resource (), "/org/eenplan/cli/demo.sql", G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (sql == NULL)
    return FALSE;

  if (!ep_db_exec_command (conn, "BEGIN", NULL, "begin", error))
    return FALSE;
  /* Lock first, so two loads at once cannot both see an empty table. */
  g_autoptr (PGresult) count = NULL;
  g_autofree gchar *text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
  gboolean ok
    = ep_db_exec_command (conn, "LOCK TABLE gemeente IN EXCLUSIVE MODE", NULL, "lock", error)
      && (count = ep_db_exec (conn, "SELECT count(*) AS n FROM gemeente", NULL, PGRES_TUPLES_OK,
                              "count municipalities", error))
           != NULL;
  if (ok && ep_db_get_int64 (count, 0, "n", 0) == 0)
    {
      ok = ep_db_exec_script (conn, text, "demo data", error);
      *loaded = ok;
    }
  ok = ok && ep_db_exec_command (conn, "COMMIT", NULL, "commit", error);
  if (!ok)
    {
      g_autoptr (PGresult) rollback = PQexec (conn, "ROLLBACK");
      *loaded = FALSE;
    }
  return ok;
}

int
cmd_demo (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("load");
  g_option_context_set_summary (context, "Laadt demogegevens (Hengelo en Enschede, medewerkers, "
                                         "vindplaatsen)\nin een database zonder gemeenten.");
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  if (argc != 2 || strcmp (argv[1], "load") != 0)
    {
      fprintf (stderr, "eenplan demo: gebruik `eenplan demo load`\n");
      return EP_EXIT_USAGE;
    }

  g_autoptr (GError) error = NULL;
  g_autoptr (PGconn) conn = cli_connect (EP_DB_PURPOSE_OWNER, &error);
  if (conn == NULL)
    return cli_fail ("de database bereiken", error);

  gboolean loaded = FALSE;
  if (!load_demo (conn, &loaded, &error))
    return cli_fail ("de demogegevens laden", error);
  printf (loaded ? "demogegevens geladen\n"
                 : "database bevat al gemeenten; demogegevens niet opnieuw geladen\n");
  return EP_EXIT_OK;
}
