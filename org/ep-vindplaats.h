/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-vindplaats.h: the municipality's vindplaatsen — the places where residents ask for help
 * (a GP practice, a school, a wijkteam, the phone line) — as a form offers them to choose from
 * when a contact is recorded. They are made by the municipality's set-up (demo.sql, or SQL by the
 * owner); the server only reads them.
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

G_END_DECLS
