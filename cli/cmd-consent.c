/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-consent.c: `eenplan consent grant|revoke` — a household's consent for a partner
 * organisation, recorded or revoked outside an intake; both take effect at once.
 */
#include "cli-private.h"

#include "ep-intake-json.h"
#include "ep-intake-store.h"

#include <stdio.h>
#include <string.h>

static int
consent_grant (const CliActorOptions *actor, const gchar *path)
{
  g_auto (CliSession) session = { 0 };
  int rc;
  g_autoptr (JsonNode) node = cli_session_open_document (&session, "consent grant", path, &rc);
  if (node == NULL)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *household = NULL;
  g_autoptr (EpIntakeConsent) consent = ep_consent_from_json (node, &household, &error);
  if (consent == NULL)
    return cli_session_fail (&session, error);
  rc = cli_session_connect (&session, actor);
  if (rc != EP_EXIT_OK)
    return rc;
  if (!ep_consent_grant (session.conn, &session.ctx, household, consent, &error))
    return cli_session_fail (&session, error);
  if (actor->json)
    cli_print_json (ep_consent_to_json (consent, household));
  else
    printf ("toestemming %s vastgelegd voor %s, tot %s\n", consent->id, consent->organisation,
            consent->valid_until);
  return EP_EXIT_OK;
}

static int
consent_revoke (const CliActorOptions *actor, const gchar *id)
{
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, "consent revoke", actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  if (!ep_consent_revoke (session.conn, &session.ctx, id, &error))
    return cli_session_fail (&session, error);
  printf ("toestemming %s ingetrokken\n", id);
  return EP_EXIT_OK;
}

int
cmd_consent (int argc, char **argv)
{
  g_auto (CliActorOptions) actor = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new ("grant BESTAND|- | revoke ID");
  g_option_context_set_summary (
    context, "Toestemming van een huishouden voor een partnerorganisatie: vastleggen (buiten een\n"
             "intake) of intrekken. Beide werken meteen.");
  cli_add_actor_options (context, &actor);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  if (argc == 3 && strcmp (argv[1], "grant") == 0)
    return consent_grant (&actor, argv[2]);
  if (argc == 3 && strcmp (argv[1], "revoke") == 0)
    return consent_revoke (&actor, argv[2]);
  fprintf (stderr, "eenplan consent: gebruik `eenplan consent grant BESTAND|-` of "
                   "`eenplan consent revoke ID`\n");
  return EP_EXIT_USAGE;
}
