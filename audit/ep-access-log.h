/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-access-log.h: the access log (NEN 7513): reads, searches, exports and
 * prints of client data, one row each, in the reading transaction. A plain
 * insert: readers never wait for each other.
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* One access to client data (NEN 7513). Strings are borrowed. */
typedef struct
{
  const gchar *action;       /* read, search, export, print */
  const gchar *entity_type;  /* household, person, intake, … */
  const gchar *entity_id;    /* nullable */
  const gchar *household_id; /* nullable UUID */
  const gchar *person_id;    /* nullable UUID */
  const gchar *purpose;
  const gchar *on_behalf_of;     /* nullable */
  const gchar *outcome;          /* NULL: "success" */
  gboolean emergency;            /* break-the-glass access */
  const gchar *emergency_reason; /* nullable: the reason given for it */
} EpAccessEvent;

/**
 * ep_access_log_record:
 *
 * Logs one access in the current transaction. A plain insert: readers never
 * wait for each other.
 *
 * Returns: TRUE, or FALSE with an EP_DB_ERROR.
 */
gboolean ep_access_log_record (PGconn *conn, const EpAccessEvent *event, GError **error);

/**
 * ep_access_log_record_each:
 * @event: the access; its entity_id and household_id are not used
 * @entity_ids: (array length=n): the entities accessed, each a UUID
 * @household_ids: (array length=n): the household of each (NULL elements: none)
 *
 * Logs the same access to each of @n entities (a list or a search that showed them), one row
 * each, in one statement. Nothing for @n = 0.
 *
 * Returns: TRUE, or FALSE with an EP_DB_ERROR.
 */
gboolean ep_access_log_record_each (PGconn *conn, const EpAccessEvent *event,
                                    const gchar *const *entity_ids,
                                    const gchar *const *household_ids, guint n, GError **error);

G_END_DECLS
