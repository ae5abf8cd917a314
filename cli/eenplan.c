/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * eenplan.c: the `eenplan` command — dispatch to the subcommands.
 */
#include "cli-private.h"

#include "ep-config.h"
#include "ep-log.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  const gchar *name;
  int (*run) (int argc, char **argv);
  const gchar *summary;
} Command;

static const Command commands[] = {
  { "serve", cmd_serve, "de webserver starten (http://localhost:8080)" },
  { "migrate", cmd_migrate, "het databaseschema bijwerken (--status: alleen tonen)" },
  { "db", cmd_db, "de ingebouwde ontwikkeldatabase: start | stop | status" },
  { "audit", cmd_audit, "auditspoor: verify | checkpoint | seal | log | keygen | public-key" },
  { "intake", cmd_intake, "de brede uitvraag: record | show | finalise | addendum" },
  { "household", cmd_household, "huishoudens: create | show | find | leave | shield | unshield" },
  { "plan", cmd_plan, "het gezinsplan: create | show | goal | action | regie | agree | diff | …" },
  { "contact", cmd_contact, "een eerste contact (hulpvraag) vastleggen: record" },
  { "consent", cmd_consent, "toestemming: grant | revoke" },
  { "user", cmd_user, "gebruikers beheren (beheerder): add | passwd | disable | list" },
  { "bsn", cmd_bsn, "de sleutel voor BSN-pseudoniemen: keygen" },
  { "demo", cmd_demo, "demogegevens laden in een lege database: load" },
  { "version", cmd_version, "de versie tonen" },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "Gebruik: eenplan OPDRACHT [OPTIES]\n\nOpdrachten:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\n`eenplan OPDRACHT --help` toont de opties van een opdracht.\n"
                "\nDatabase: EENPLAN_DATABASE_URL (libpq), anders het bestand EENPLAN_CONFIG\n"
                "(standaard ./eenplan.conf), anders een ingebouwd cluster in ./var.\n"
                "\nAfsluitcodes: 0 gelukt, 1 mislukt, 2 verkeerd gebruik, 3 database niet\n"
                "bereikbaar, 4 migraties geweigerd (gewijzigd of onbekend bestand).\n");
}

int
cmd_version (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("- de versie tonen");
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  printf ("eenplan %s\n", EP_VERSION);
  return EP_EXIT_OK;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  ep_log_install (FALSE);

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? EP_EXIT_USAGE : EP_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    return cmd_version (1, argv);

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        /* The subcommand sees its own name as argv[0], so its --help reads
         * "eenplan-serve"-style usage from GOptionContext. */
        g_autofree gchar *prgname = g_strdup_printf ("eenplan %s", commands[i].name);
        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  fprintf (stderr, "eenplan: onbekende opdracht '%s'\n\n", argv[1]);
  print_usage (stderr);
  return EP_EXIT_USAGE;
}
