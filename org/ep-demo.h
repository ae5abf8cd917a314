/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-demo.h: the demo organisation of a new installation — municipalities, their users and
 * vindplaatsen — loaded from a script into a database that has no municipality yet, so that demo
 * rows can never mix with real ones. (The demo's households, contacts and intakes are told
 * through the library by `eenplan demo load`, as the users who would do the work.)
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* The password of every demo user: cli/demo.sql holds its hash (tests/cli/test-demo.c checks that
 * they match), README.md and the sign-in page of the embedded demo show it. */
#define EP_DEMO_PASSWORD "welkom bij eenplan"

/* A demo user, as the sign-in page of the embedded demo lists them. */
typedef struct
{
  gchar *gemeente;      /* CBS code */
  gchar *gemeente_naam; /* Hengelo */
  gchar *username;
  gchar *display_name;
  gchar *role;
} EpDemoUser;

void ep_demo_user_free (EpDemoUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpDemoUser, ep_demo_user_free)

/**
 * ep_demo_load_organisation:
 * @owner: a connection as the schema owner, outside any transaction
 * @script: the SQL of the organisation (cli/demo.sql)
 * @gemeente: the municipality the stories are told in
 * @loaded: (out): whether @script ran (FALSE: the database already had municipalities)
 * @has_gemeente: (out): whether @gemeente exists afterwards
 *
 * Runs @script in one transaction, with the municipalities locked first so that two loads at
 * once cannot both find none: all of it or nothing.
 *
 * Returns: TRUE; FALSE with an EP_DB_ERROR, and nothing loaded.
 */
gboolean ep_demo_load_organisation (PGconn *owner, const gchar *script, const gchar *gemeente,
                                    gboolean *loaded, gboolean *has_gemeente, GError **error);

/**
 * ep_demo_list_users:
 * @owner: a connection as the schema owner (who sees every municipality), outside any transaction
 *
 * For the embedded development cluster only: `eenplan serve` lists them on the sign-in page
 * there (GET /api/v1/demo), never on a configured database.
 *
 * Returns: (transfer full) (element-type EpDemoUser): the active demo users of every
 *   municipality, by municipality, role and username; NULL with an EP_DB_ERROR.
 */
GPtrArray *ep_demo_list_users (PGconn *owner, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
