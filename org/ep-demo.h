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

G_END_DECLS
