/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * contact.c: first contacts — model, JSON form and store (see ep-contact.h).
 * Small enough to keep in one file; it follows intake's patterns: the typed
 * readers of json-read.c, one transaction with its audit event.
 */
#include "ep-contact.h"
#include "intake-error-private.h"
#include "intake-json-private.h"
#include "store-private.h"
#include "json-read-private.h"

#include "ep-db-conn.h"
#include "ep-uuid.h"

EpContact *
ep_contact_new (void)
{
  return g_new0 (EpContact, 1);
}

void
ep_contact_free (EpContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->id);
  g_free (contact->household_id);
  g_free (contact->vindplaats_id);
  g_free (contact->question);
  g_free (contact->date);
  g_free (contact->received_by);
  g_free (contact);
}

EpContact *
ep_contact_from_json (JsonNode *node, GError **error)
{
  static const gchar *const fields[]
    = { "id",       "household_id", "vindplaats_id", "channel", "type",
        "question", "date",         "received_by",   NULL };
  g_autoptr (EpContact) contact = ep_contact_new ();
  JsonObject *o = ep_intake_open_object (node, "", fields, error);
  if (o == NULL || !ep_intake_read_uuid (o, "", "id", FALSE, &contact->id, error)
      || !ep_intake_read_uuid (o, "", "household_id", FALSE, &contact->household_id, error)
      || !ep_intake_read_uuid (o, "", "vindplaats_id", TRUE, &contact->vindplaats_id, error)
      || !ep_intake_read_code (o, "", "channel", ep_vocab_kanaal (), (gint *) &contact->channel,
                               error)
      || !ep_intake_read_code (o, "", "type", ep_vocab_contact_type (), (gint *) &contact->type,
                               error)
      || !ep_intake_read_text (o, "", "question", TRUE, &contact->question, error)
      || !ep_intake_read_date (o, "", "date", TRUE, &contact->date, error)
      || !ep_intake_read_text (o, "", "received_by", FALSE, &contact->received_by, error))
    return NULL;
  return g_steal_pointer (&contact);
}

JsonNode *
ep_contact_to_json (const EpContact *contact)
{
  g_return_val_if_fail (contact != NULL, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  ep_intake_add_text (b, "id", contact->id);
  ep_intake_add_text (b, "household_id", contact->household_id);
  ep_intake_add_text (b, "vindplaats_id", contact->vindplaats_id);
  ep_intake_add_text (b, "channel", ep_kanaal_code (contact->channel));
  ep_intake_add_text (b, "type", ep_contact_type_code (contact->type));
  ep_intake_add_text (b, "question", contact->question);
  ep_intake_add_text (b, "date", contact->date);
  ep_intake_add_text (b, "received_by", contact->received_by);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

typedef struct
{
  EpContact *contact;
  gchar *id;
  gchar *received_by;
} ContactJob;

static gboolean
record_body (PGconn *conn, gpointer user_data, GError **error)
{
  ContactJob *job = user_data;
  const EpContact *c = job->contact;
  g_clear_pointer (&job->id, g_free);
  g_clear_pointer (&job->received_by, g_free);

  g_autoptr (EpDbParams) refs = ep_db_params_new ();
  ep_db_params_add_text (refs, c->vindplaats_id);
  ep_db_params_add_text (refs, c->household_id);
  g_autoptr (PGresult) found = ep_db_exec_prepared (
    conn, "ep_contact_references",
    "SELECT EXISTS (SELECT FROM vindplaats WHERE id = $1::uuid AND active) AS vindplaats,"
    "       $2::uuid IS NULL OR EXISTS (SELECT FROM household WHERE id = $2::uuid) AS household",
    refs, PGRES_TUPLES_OK, 0, "check contact references", error);
  if (found == NULL)
    return FALSE;
  if (!ep_db_get_bool (found, 0, "vindplaats"))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "vindplaats_id",
                              "geen (actieve) vindplaats van deze gemeente");
  if (!ep_db_get_bool (found, 0, "household"))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "household_id",
                              "geen huishouden van deze gemeente");

  job->id = ep_uuid_new (error);
  if (job->id == NULL)
    return FALSE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->id);
  ep_db_params_add_text (params, c->household_id);
  ep_db_params_add_text (params, c->vindplaats_id);
  ep_db_params_add_text (params, ep_kanaal_code (c->channel));
  ep_db_params_add_text (params, ep_contact_type_code (c->type));
  ep_db_params_add_text (params, c->question);
  ep_db_params_add_text (params, c->date);

  /* What is counted, not what was said: type, channel, vindplaats. */
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  ep_intake_add_text (b, "type", ep_contact_type_code (c->type));
  ep_intake_add_text (b, "channel", ep_kanaal_code (c->channel));
  ep_intake_add_text (b, "vindplaats_id", c->vindplaats_id);
  json_builder_end_object (b);
  g_autoptr (JsonNode) change = json_builder_get_root (b);

  g_autoptr (PGresult) res = ep_intake_audited_change (
    conn, "ep_contact_insert", "record contact",
    "INSERT INTO contact (id, gemeente, household_id, vindplaats_id, kanaal, type, vraag, datum)"
    " VALUES ($1::uuid, current_gemeente(), $2::uuid, $3::uuid, $4, $5, $6, $7::date)"
    " RETURNING ontvangen_door",
    params, "create", "contact", job->id, c->household_id, change, error);
  if (res == NULL)
    return FALSE;
  job->received_by = g_strdup (PQgetvalue (res, 0, 0));
  return TRUE;
}

gboolean
ep_contact_record (PGconn *conn, const EpDbTxContext *ctx, EpContact *contact, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && contact != NULL, FALSE);
  /* A contact is recorded once; sending one back would count it twice. */
  if (contact->id != NULL)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "id",
                              "dit contact is al vastgelegd (het heeft een id)");
  /* Who received it is whoever records it; a different name here would be silently replaced. */
  if (contact->received_by != NULL)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "received_by",
                              "wordt door eenplan ingevuld (wie het contact vastlegt)");
  ContactJob job = { contact, NULL, NULL };
  if (!ep_db_run_tx (conn, ctx, record_body, &job, NULL, error))
    {
      g_free (job.id);
      g_free (job.received_by);
      return FALSE;
    }
  g_free (contact->id);
  contact->id = job.id;
  g_free (contact->received_by);
  contact->received_by = job.received_by;
  return TRUE;
}
