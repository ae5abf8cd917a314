/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * store.c: what every store of intake/ shares (see store-private.h): audited
 * changes and the queue of audit events, the access log, the id check. The
 * stores (member-store.c, intake-record.c, intake-load.c, intake-carry.c,
 * intake-lifecycle.c, consent-store.c, household-store.c, contact.c) call it;
 * it calls none of them.
 */
#include "store-private.h"

#include "ep-access-log.h"
#include "ep-audit-record.h"
#include "ep-intake-store.h"
#include "ep-uuid.h"
#include "intake-error-private.h"

PGresult *
ep_intake_audited_change (PGconn *conn, const gchar *statement, const gchar *what, const gchar *sql,
                          EpDbParams *params, const gchar *action, const gchar *entity_type,
                          const gchar *entity_id, const gchar *household_id, JsonNode *change,
                          GError **error)
{
  EpAuditEvent event = { .action = action,
                         .entity_type = entity_type,
                         .entity_id = entity_id,
                         .household_id = household_id,
                         .purpose = EP_INTAKE_PURPOSE,
                         .change = change };
  return ep_audit_record_change (conn, statement, sql, params, &event, what, error);
}

/* A one-member JSON object {"name": value} for an audit change. */
JsonNode *
ep_intake_change_of (const gchar *name, const gchar *value)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
ep_intake_log_access (PGconn *conn, const gchar *action, const gchar *entity_type,
                      const gchar *entity_id, const gchar *household_id, GError **error)
{
  EpAccessEvent access = { .action = action,
                           .entity_type = entity_type,
                           .entity_id = entity_id,
                           .household_id = household_id,
                           .purpose = EP_INTAKE_PURPOSE };
  return ep_access_log_record (conn, &access, error);
}

/* An intake id that is not even a UUID names no intake. */
gboolean
ep_intake_check_id (const gchar *id, GError **error)
{
  if (ep_uuid_validate (id, NULL))
    return TRUE;
  return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id", "geen geldige intake-id");
}

void
ep_intake_audit_queue_init (EpIntakeAuditQueue *queue)
{
  queue->events = g_array_new (FALSE, FALSE, sizeof (EpAuditEvent));
  queue->strings = g_ptr_array_new_with_free_func (g_free);
  queue->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
}

void
ep_intake_audit_queue_reset (EpIntakeAuditQueue *queue)
{
  g_array_set_size (queue->events, 0);
  g_ptr_array_set_size (queue->strings, 0);
  g_ptr_array_set_size (queue->changes, 0);
}

void
ep_intake_audit_queue_clear (EpIntakeAuditQueue *queue)
{
  g_clear_pointer (&queue->events, g_array_unref);
  g_clear_pointer (&queue->strings, g_ptr_array_unref);
  g_clear_pointer (&queue->changes, g_ptr_array_unref);
}

void
ep_intake_audit_later (EpIntakeAuditQueue *queue, const gchar *action, const gchar *entity_type,
                       const gchar *entity_id, JsonNode *change)
{
  gchar *id = g_strdup (entity_id);
  g_ptr_array_add (queue->strings, id);
  if (change != NULL)
    g_ptr_array_add (queue->changes, change);
  EpAuditEvent event = { .action = action,
                         .entity_type = entity_type,
                         .entity_id = id,
                         .purpose = EP_INTAKE_PURPOSE,
                         .change = change };
  g_array_append_val (queue->events, event);
}

gboolean
ep_intake_audit_flush (PGconn *conn, EpIntakeAuditQueue *queue, const gchar *household_id,
                       GError **error)
{
  for (guint i = 0; i < queue->events->len; i++)
    g_array_index (queue->events, EpAuditEvent, i).household_id = household_id;
  return ep_audit_record_many (conn, (const EpAuditEvent *) queue->events->data, queue->events->len,
                               error);
}
