/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-migrate.c: `eenplan migrate [--status]` — apply or list the schema
 * migrations, as the schema owner.
 */
#include "cli-private.h"

#include "ep-migrate.h"
#include "ep-migrations-resource.h"

#include <stdio.h>

#define MIGRATIONS_PATH "/org/eenplan/migrations/"

int
cmd_migrate (int argc, char **argv)
{
  gboolean status_only = FALSE;
  const GOptionEntry entries[] = {
    { "status", 's', 0, G_OPTION_ARG_NONE, &status_only,
      "Alleen tonen welke migraties zijn toegepast", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- het databaseschema bijwerken");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;

  g_autoptr (GError) error = NULL;
  g_autoptr (PGconn) conn = cli_connect (EP_DB_PURPOSE_OWNER, &error);
  if (conn == NULL)
    return cli_fail ("kon de database niet bereiken", error);

  GResource *resource = ep_migrations_get_resource ();

  if (status_only)
    {
      g_autoptr (GPtrArray) list = ep_migrate_status (conn, resource, MIGRATIONS_PATH, &error);
      if (list == NULL)
        return cli_fail ("kon de migraties niet lezen", error);
      for (guint i = 0; i < list->len; i++)
        {
          const EpMigration *m = list->pdata[i];
          printf ("%-40s %s\n", m->name,
                  m->checksum == NULL ? "ONBEKEND in deze versie"
                  : m->applied_at     ? m->applied_at
                                      : "nog niet toegepast");
        }
      return EP_EXIT_OK;
    }

  guint applied = 0;
  if (!ep_migrate_apply (conn, resource, MIGRATIONS_PATH, &applied, &error))
    return cli_fail ("kon de migraties niet uitvoeren", error);
  if (applied == 0)
    printf ("schema is bijgewerkt; niets te doen\n");
  else
    printf ("%u migratie%s toegepast\n", applied, applied == 1 ? "" : "s");
  return EP_EXIT_OK;
}
