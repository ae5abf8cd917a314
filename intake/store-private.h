/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * store-private.h: what every store of intake/ shares (owner: store.c): the
 * audited single-statement change, the access log, an audit change of one
 * member, the queue of audit events a larger write appends as its last
 * statement, and how timestamps are read.
 */
#pragma once

#include "ep-db-conn.h"
#include "ep-intake.h"

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* @column (a timestamptz) as the text the JSON carries: UTC, ISO 8601, milliseconds.
 * clang-format tears a query apart around this macro where the query has more than one line,
 * so those queries are kept as written between clang-format off and on. */
#define UTC_ISO(column)                                                                            \
  "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/* Makes a single-statement change (@sql: INSERT, UPDATE or DELETE … RETURNING,
 * prepared as @statement; @what names it in an error) and records its audit
 * event (purpose EP_INTAKE_PURPOSE) in the same statement: see
 * ep_audit_record_change(). The event's ids must be known beforehand.
 * Returns: (transfer full): the rows @sql returns, or NULL with an error. */
PGresult *ep_intake_audited_change (PGconn *conn, const gchar *statement, const gchar *what,
                                    const gchar *sql, EpDbParams *params, const gchar *action,
                                    const gchar *entity_type, const gchar *entity_id,
                                    const gchar *household_id, JsonNode *change, GError **error);

/* An audit change of one member, {"@name": "@value"}. Returns: (transfer full). */
JsonNode *ep_intake_change_of (const gchar *name, const gchar *value);

/* NEN 7513: one access to client data (purpose EP_INTAKE_PURPOSE), in the
 * reading transaction. */
gboolean ep_intake_log_access (PGconn *conn, const gchar *action, const gchar *entity_type,
                               const gchar *entity_id, const gchar *household_id, GError **error);

/* TRUE when @id is a UUID; else FALSE with EP_INTAKE_ERROR_NOT_FOUND at "id":
 * an intake id that is not even a UUID names no intake. */
gboolean ep_intake_check_id (const gchar *id, GError **error);

/* The audit events of a write of several rows, appended together as its
 * last statement (ep_audit_record_many). Entity ids are copied, changes
 * taken over; all events concern the household given to the flush. */
typedef struct
{
  GArray *events;     /* EpAuditEvent; strings borrowed from @strings */
  GPtrArray *strings; /* owned entity ids */
  GPtrArray *changes; /* owned JsonNodes */
} EpIntakeAuditQueue;

void ep_intake_audit_queue_init (EpIntakeAuditQueue *queue);
/* Forgets the queued events (a transaction body that runs again starts empty). */
void ep_intake_audit_queue_reset (EpIntakeAuditQueue *queue);
/* Frees what @queue holds. */
void ep_intake_audit_queue_clear (EpIntakeAuditQueue *queue);

/* Queues an event (purpose EP_INTAKE_PURPOSE); @change (nullable) is taken over. */
void ep_intake_audit_later (EpIntakeAuditQueue *queue, const gchar *action,
                            const gchar *entity_type, const gchar *entity_id, JsonNode *change);

/* Appends the queued events, each for @household_id. Returns FALSE with an error. */
gboolean ep_intake_audit_flush (PGconn *conn, EpIntakeAuditQueue *queue, const gchar *household_id,
                                GError **error);

G_END_DECLS
