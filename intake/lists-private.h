/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * lists-private.h: what a page of a list takes (owner: lists.c), for the lists of intake/ beyond
 * the werkbak's: a household's consents (consent-list.c), the emergency accesses (emergency.c).
 */
#pragma once

#include "ep-db-pool.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

/* The page size asked for (@limit 0 gives EP_LIST_DEFAULT_LIMIT) and the cursor, checked: TRUE
 * with *@page set; FALSE with EP_INTAKE_ERROR_INVALID_VALUE at "limit" or "cursor". */
gboolean ep_list_check_page (guint limit, const gchar *cursor, guint *page, GError **error);

/* What a list's transaction works on: @filter is the list's own filter type; its body fills
 * @found with at most @page items and @next with the cursor of the next page, if any. */
typedef struct
{
  gconstpointer filter;
  guint page;
  GPtrArray *found;
  gchar *next;
} EpListJob;

/* Runs @body, which fills @job's page, as one transaction. Returns: (transfer full): the page,
 * with *@next_cursor (optional) set; NULL with an error. */
GPtrArray *ep_list_run_page (PGconn *conn, const EpDbTxContext *ctx, EpDbTxFunc body,
                             EpListJob *job, gchar **next_cursor, GError **error);

G_END_DECLS
