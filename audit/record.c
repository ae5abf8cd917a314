/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * record.c: the audit writer (see ep-audit-record.h): events appended in
 * the caller's transaction, alone, many at once, or in the change's own
 * statement.
 */
#include "ep-audit-record.h"

#include "ep-db-conn.h"

/* ------------------------------------------------------------------------ */
/* Recording                                                                */
/* ------------------------------------------------------------------------ */

/* The columns an event is inserted with, in the order add_event_params()
 * adds their values. Municipality, time and actor are not among them: they
 * come from the transaction (column defaults), so a caller cannot forge them. */
#define EVENT_INSERT_COLUMNS                                                                       \
  "action, entity_type, entity_id, household_id, purpose, on_behalf_of, outcome, change"

static void
add_event_params (EpDbParams *params, const EpAuditEvent *event)
{
  g_autofree gchar *change = event->change ? json_to_string (event->change, FALSE) : NULL;
  ep_db_params_add_text (params, event->action);
  ep_db_params_add_text (params, event->entity_type);
  ep_db_params_add_text (params, event->entity_id);
  ep_db_params_add_text (params, event->household_id);
  ep_db_params_add_text (params, event->purpose);
  ep_db_params_add_text (params, event->on_behalf_of);
  ep_db_params_add_text (params, event->outcome ? event->outcome : "success");
  ep_db_params_add_text (params, change);
}

/* The placeholders of the event's values when they follow @first - 1 others. */
static gchar *
event_placeholders (guint first)
{
  return g_strdup_printf ("$%u, $%u, $%u, $%u::uuid, $%u, $%u, $%u, $%u::json", first, first + 1,
                          first + 2, first + 3, first + 4, first + 5, first + 6, first + 7);
}

static gboolean
event_is_valid (const EpAuditEvent *event)
{
  return event->action != NULL && event->entity_type != NULL && event->purpose != NULL;
}

gboolean
ep_audit_record (PGconn *conn, const EpAuditEvent *event, gint64 *event_id, GError **error)
{
  g_return_val_if_fail (conn != NULL && event != NULL && event_is_valid (event), FALSE);

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  add_event_params (params, event);
  /* Prepared: every write path runs this, so it is parsed and planned once
   * per connection. */
  g_autoptr (PGresult) res
    = ep_db_exec_prepared (conn, "ep_audit_record",
                           "INSERT INTO audit_event (" EVENT_INSERT_COLUMNS ")"
                           " VALUES ($1, $2, $3, $4::uuid, $5, $6, $7, $8::json) RETURNING id",
                           params, PGRES_TUPLES_OK, 0, "record audit event", error);
  if (res == NULL)
    return FALSE;
  if (event_id != NULL)
    *event_id = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  return TRUE;
}

PGresult *
ep_audit_record_change (PGconn *conn, const gchar *statement, const gchar *change_sql,
                        EpDbParams *params, const EpAuditEvent *event, const gchar *what,
                        GError **error)
{
  g_return_val_if_fail (conn != NULL && statement != NULL && change_sql != NULL, NULL);
  g_return_val_if_fail (params != NULL && event != NULL && event_is_valid (event), NULL);

  /* A data-modifying WITH runs to completion whether or not it is read. The
   * event is inserted only if the change touched a row: a change that finds
   * nothing (a stale version, say) leaves no event behind. Both run on the
   * same snapshot, and neither sees the other's rows: none is needed. */
  g_autofree gchar *placeholders = event_placeholders (ep_db_params_count (params) + 1);
  g_autofree gchar *sql
    = g_strdup_printf ("WITH change AS (%s),"
                       " event AS (INSERT INTO audit_event (" EVENT_INSERT_COLUMNS ")"
                       "           SELECT %s WHERE EXISTS (SELECT FROM change))"
                       " SELECT * FROM change",
                       change_sql, placeholders);
  add_event_params (params, event);
  return ep_db_exec_prepared (conn, statement, sql, params, PGRES_TUPLES_OK, 0, what, error);
}

static void
set_member_text (JsonBuilder *b, const gchar *name, const gchar *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

gboolean
ep_audit_record_many (PGconn *conn, const EpAuditEvent *events, guint n_events, GError **error)
{
  g_return_val_if_fail (conn != NULL && (events != NULL || n_events == 0), FALSE);
  if (n_events == 0)
    return TRUE;

  /* The rows travel as one JSON parameter; a change travels as the JSON
   * text it is hashed as, so it is kept byte for byte like a single insert. */
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < n_events; i++)
    {
      const EpAuditEvent *e = &events[i];
      g_return_val_if_fail (event_is_valid (e), FALSE);
      g_autofree gchar *change = e->change ? json_to_string (e->change, FALSE) : NULL;
      json_builder_begin_object (b);
      set_member_text (b, "action", e->action);
      set_member_text (b, "entity_type", e->entity_type);
      set_member_text (b, "entity_id", e->entity_id);
      set_member_text (b, "household_id", e->household_id);
      set_member_text (b, "purpose", e->purpose);
      set_member_text (b, "on_behalf_of", e->on_behalf_of);
      set_member_text (b, "outcome", e->outcome ? e->outcome : "success");
      set_member_text (b, "change", change);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree gchar *rows = json_to_string (root, FALSE);

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, rows);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_audit_record_many",
    "INSERT INTO audit_event (" EVENT_INSERT_COLUMNS ")"
    " SELECT r.action, r.entity_type, r.entity_id, r.household_id, r.purpose, r.on_behalf_of,"
    "        r.outcome, r.change::json"
    "   FROM ROWS FROM (json_to_recordset($1::json)"
    "          AS (action text, entity_type text, entity_id text, household_id uuid,"
    "              purpose text, on_behalf_of text, outcome text, change text))"
    "        WITH ORDINALITY AS r (action, entity_type, entity_id, household_id, purpose,"
    "                              on_behalf_of, outcome, change, n)"
    "  ORDER BY r.n",
    params, PGRES_COMMAND_OK, 0, "record audit events", error);
  return res != NULL;
}
