/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-actor.h: who is acting — a user of one municipality, in one role — and the transaction
 * context that acts as them.
 *
 * A command or a request looks the user up once (ep_actor_lookup()) and runs its work with
 * ep_actor_context(). Every transaction run with that context checks again, inside itself and
 * before anything else, that the user is still active in the same role, and holds the user's row
 * until it commits: a user deactivated (or given another role) after the lookup writes nothing,
 * and a deactivation waits for a write already under way.
 */
#pragma once

#include "ep-db-pool.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

/* A user acting for one municipality. */
typedef struct
{
  gchar *gemeente; /* CBS code */
  gchar *username;
  gchar *role; /* casemanager, regisseur, supervisor, partner, admin */
} EpActor;

void ep_actor_free (EpActor *actor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpActor, ep_actor_free)

/**
 * ep_actor_lookup:
 * @gemeente: the municipality (CBS code)
 * @username: an active user of that municipality
 *
 * Returns: (transfer full): the actor in their current role; NULL with
 *   EP_DB_ERROR_PERMISSION_DENIED when @gemeente has no active user @username, or another
 *   EP_DB_ERROR.
 */
EpActor *ep_actor_lookup (PGconn *conn, const gchar *gemeente, const gchar *username,
                          GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_actor_context:
 * @actor: the actor (borrowed by the context; keep it alive while the context is used)
 *
 * Returns: the transaction context that acts as @actor: their municipality, name and role, and
 *   the check that runs first in every transaction (see above); that check fails with
 *   EP_DB_ERROR_PERMISSION_DENIED ("… is geen actieve gebruiker van deze gemeente (meer)", or
 *   "de rol van … is gewijzigd") and the transaction writes nothing.
 */
EpDbTxContext ep_actor_context (const EpActor *actor);

G_END_DECLS
