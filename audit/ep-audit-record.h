/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-audit-record.h: the audit writer: appends events to the trail in the caller's
 * transaction, so the change and its event commit together or not at all
 * ("no audit event, no change"). Tenant and actor come from the transaction
 * context (ep_db_run_tx). The insert takes no lock that another writer
 * needs: the sealer (ep-audit-seal.h) gives events their place in the chain
 * after commit. See docs/audit.md.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "ep-db-conn.h"

G_BEGIN_DECLS

/* One mutation. Strings are borrowed. */
typedef struct
{
  const gchar *action;       /* create, update, delete, finalise, escalate, … ([a-z_]) */
  const gchar *entity_type;  /* household, person, intake, … ([a-z_]) */
  const gchar *entity_id;    /* nullable */
  const gchar *household_id; /* nullable UUID: whose case this is */
  const gchar *purpose;      /* doelbinding: why, e.g. "wmo-toegang" */
  const gchar *on_behalf_of; /* nullable: the user an action is done for */
  const gchar *outcome;      /* NULL: "success"; "denied", "failure" */
  JsonNode *change;          /* nullable: what changed (no need to repeat unchanged data) */
} EpAuditEvent;

/**
 * ep_audit_record:
 * @conn: a connection inside the mutating transaction (see ep_db_run_tx)
 * @event_id: (out) (optional): the new event's id
 *
 * Appends @event to the trail in the current transaction.
 *
 * Returns: TRUE, or FALSE with an EP_DB_ERROR (the transaction must then be
 * rolled back, which ep_db_run_tx does).
 */
gboolean ep_audit_record (PGconn *conn, const EpAuditEvent *event, gint64 *event_id,
                          GError **error);

/**
 * ep_audit_record_many:
 * @events: (array length=n_events): the events, in order
 *
 * As ep_audit_record() for several events at once, in one statement: a
 * write that creates a household, its members and an intake appends all
 * their events as its last statement. The events get ascending ids in the
 * order given.
 *
 * Returns: TRUE, or FALSE with an EP_DB_ERROR.
 */
gboolean ep_audit_record_many (PGconn *conn, const EpAuditEvent *events, guint n_events,
                               GError **error);

/**
 * ep_audit_record_change:
 * @conn: a connection inside the mutating transaction (see ep_db_run_tx)
 * @statement: the name it is prepared under on @conn: one per @change_sql
 * @change_sql: one INSERT, UPDATE or DELETE with a RETURNING clause, its
 *   values as $1…$n; no trailing semicolon, and no data-modifying WITH of
 *   its own (PostgreSQL allows those only at the top level)
 * @params: the n values; the event's values are appended to it
 * @event: the change's event; its ids must be known beforehand (make a new
 *   row's id with ep_uuid_new())
 * @what: what the change does, for an error message
 *
 * Makes the change and records @event in one statement (a data-modifying
 * WITH): for a write that is a single statement, this saves the event's own
 * statement, which costs more than the event's row. If the change touches no
 * row, no event is recorded; if it touches several, one is. @event's fields
 * are checked against their rules (migration 0006) either way: a field that
 * breaks one is refused even when the change finds nothing.
 *
 * Returns: (transfer full): the rows @change_sql returns (none if it touched
 * none), or NULL with an EP_DB_ERROR (the transaction must then be rolled
 * back).
 */
PGresult *ep_audit_record_change (PGconn *conn, const gchar *statement, const gchar *change_sql,
                                  EpDbParams *params, const EpAuditEvent *event, const gchar *what,
                                  GError **error);

G_END_DECLS
