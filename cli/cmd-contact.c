/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-contact.c: `eenplan contact record` — a first contact (a hulpvraag as it arrives:
 * vindplaats, channel, type, the question in the resident's words).
 */
#include "cli-private.h"

#include "ep-contact.h"

#include <stdio.h>
#include <string.h>

static int
contact_record (const CliActorOptions *actor, const gchar *path)
{
  g_auto (CliSession) session = { 0 };
  int rc;
  g_autoptr (JsonNode) node = cli_session_open_document (&session, "contact record", path, &rc);
  if (node == NULL)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (EpContact) contact = ep_contact_from_json (node, &error);
  if (contact == NULL)
    return cli_session_fail (&session, error);
  rc = cli_session_connect (&session, actor);
  if (rc != EP_EXIT_OK)
    return rc;
  if (!ep_contact_record (session.conn, &session.ctx, contact, &error))
    return cli_session_fail (&session, error);
  if (actor->json)
    cli_print_json (ep_contact_to_json (contact));
  else
    printf ("contact %s vastgelegd\n", contact->id);
  return EP_EXIT_OK;
}

int
cmd_contact (int argc, char **argv)
{
  g_auto (CliActorOptions) actor = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new ("record BESTAND|-");
  g_option_context_set_summary (
    context, "Legt een eerste contact vast (een hulpvraag zoals die binnenkomt): vindplaats,\n"
             "kanaal, soort, de vraag in de woorden van de bewoner. Formaat: zie ep-contact.h.");
  cli_add_actor_options (context, &actor);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  if (argc != 3 || strcmp (argv[1], "record") != 0)
    {
      fprintf (stderr, "eenplan contact: gebruik `eenplan contact record BESTAND|-`\n");
      return EP_EXIT_USAGE;
    }
  return contact_record (&actor, argv[2]);
}
