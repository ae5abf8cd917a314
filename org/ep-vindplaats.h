/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-vindplaats.h: the municipality's vindplaatsen — the places where residents ask for help
 * (a GP practice, a school, a wijkteam, the phone line) — as a form offers them to choose from
 * when a contact is recorded. An administrator keeps the list (a code list of the municipality's
 * own): adds one, or takes one out of use; one in use by contacts is never deleted. Every change
 * is an audit event.
 */
#pragma once

#include "ep-db-pool.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

/* A vindplaats as a list shows it. */
typedef struct
{
  gchar *id;
  gchar *type; /* the vindplaats_type code (huisarts, school, wijkteam, …) */
  gchar *naam;
  gchar *wijk; /* nullable */
} EpVindplaatsInfo;

void ep_vindplaats_free (EpVindplaatsInfo *vindplaats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpVindplaatsInfo, ep_vindplaats_free)

/**
 * ep_vindplaats_list:
 *
 * Returns: (transfer full) (element-type EpVindplaatsInfo): the active vindplaatsen of the acting
 *   user's municipality, by name; NULL with an EP_DB_ERROR.
 */
GPtrArray *ep_vindplaats_list (PGconn *conn, const EpDbTxContext *ctx,
                               GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The longest name and wijk a vindplaats may have, in characters. */
#define EP_VINDPLAATS_MAX_NAME 120
#define EP_VINDPLAATS_MAX_WIJK 80

/**
 * ep_vindplaats_add:
 * @vindplaats: type (a code of ep_vocab_vindplaats()), naam (1–EP_VINDPLAATS_MAX_NAME characters,
 *   unique in the municipality) and wijk (optional, up to EP_VINDPLAATS_MAX_WIJK); its id is not
 *   read
 * @id: (out) (transfer full) (optional): the new vindplaats's id
 *
 * Returns: TRUE; FALSE with EP_ORG_ERROR_NOT_ADMIN, _INVALID_VALUE naming the field (type, naam,
 *   wijk), _EXISTS (naam), or an EP_DB_ERROR, and nothing written.
 */
gboolean ep_vindplaats_add (PGconn *conn, const EpDbTxContext *ctx,
                            const EpVindplaatsInfo *vindplaats, gchar **id, GError **error);

/**
 * ep_vindplaats_deactivate:
 *
 * Takes @id out of use: it is no longer offered for new contacts; the contacts recorded at it
 * keep it.
 *
 * Returns: TRUE; FALSE with EP_ORG_ERROR_NOT_ADMIN, _NOT_FOUND (id: none in use with this id), or
 *   an EP_DB_ERROR.
 */
gboolean ep_vindplaats_deactivate (PGconn *conn, const EpDbTxContext *ctx, const gchar *id,
                                   GError **error);

G_END_DECLS
