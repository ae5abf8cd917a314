/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * consent-list.c: a household's consents, a page at a time, each with its status today
 * (ep_consent_list, see ep-intake-store.h). Held to the household's shield like every read of a
 * household (shield-private.h), and access-logged.
 */
#include "ep-intake-store.h"

#include "consent-store-private.h"
#include "intake-error-private.h"
#include "intake-json-private.h"
#include "lists-private.h"
#include "shield-private.h"

#include "ep-db-conn.h"
#include "ep-intake-json.h"
#include "ep-intake-lists.h"
#include "ep-uuid.h"

void
ep_consent_entry_free (EpConsentEntry *entry)
{
  if (entry == NULL)
    return;
  ep_intake_consent_free (entry->consent);
  g_free (entry->household_id);
  g_free (entry->intake_id);
  g_free (entry);
}

JsonNode *
ep_consent_entry_to_json (const EpConsentEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);
  JsonNode *node = ep_consent_to_json (entry->consent, entry->household_id);
  JsonObject *o = json_node_get_object (node);
  if (entry->intake_id != NULL)
    json_object_set_string_member (o, "intake_id", entry->intake_id);
  json_object_set_string_member (o, "status", entry->status);
  return node;
}

/* The status's static text for its code in the query. */
static const gchar *
status_of (const gchar *code)
{
  static const gchar *const statuses[]
    = { EP_CONSENT_VALID, EP_CONSENT_EXPIRED, EP_CONSENT_REVOKED, EP_CONSENT_NOT_YET };
  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (code, statuses[i]) == 0)
      return statuses[i];
  g_return_val_if_reached (EP_CONSENT_REVOKED);
}

typedef struct
{
  const EpConsentFilter *filter;
  guint page;
  GPtrArray *found;
  gchar *next;
  EpShieldRead shield;
  gboolean missing;
} ListJob;

static gboolean
list_body (PGconn *conn, gpointer user_data, GError **error)
{
  ListJob *job = user_data;
  const EpConsentFilter *f = job->filter;
  g_clear_pointer (&job->found, g_ptr_array_unref);
  g_clear_pointer (&job->next, g_free);
  if (!ep_shield_check_read (conn, f->household_id, NULL, "household_consents", f->household_id,
                             &job->shield, error))
    return FALSE;
  if (job->shield.refused)
    return TRUE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, f->household_id);
  ep_db_params_add_text (params, f->organisation);
  ep_db_params_add_text (params, f->cursor);
  ep_db_params_add_int64 (params, job->page + 1);
  /* clang-format off */
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_consent_list",
    "SELECT EXISTS (SELECT FROM household WHERE id = $1::uuid) AS household,"
    "       c." CONSENT_COLUMNS ", c.household_id, c.intake_id,"
    "       CASE WHEN c.ingetrokken_op IS NOT NULL THEN '" EP_CONSENT_REVOKED "'"
    "            WHEN c.geldig_tot < current_date THEN '" EP_CONSENT_EXPIRED "'"
    "            WHEN c.verleend_op > current_date THEN '" EP_CONSENT_NOT_YET "'"
    "            ELSE '" EP_CONSENT_VALID "' END AS status"
    "  FROM (SELECT 1) one"
    "  LEFT JOIN consent c ON c.household_id = $1::uuid"
    "   AND ($2::text IS NULL OR c.organisatie = $2)"
    "   AND ($3::uuid IS NULL OR (c.created_at, coalesce (c.intake_position, -1), c.id)"
    "        > (SELECT created_at, coalesce (intake_position, -1), id FROM consent"
    "            WHERE id = $3::uuid))"
    " ORDER BY c.created_at, coalesce (c.intake_position, -1), c.id LIMIT $4",
    params, PGRES_TUPLES_OK, 0, "list consents", error);
  /* clang-format on */
  if (res == NULL)
    return FALSE;
  job->missing = !ep_db_get_bool (res, 0, "household");
  if (job->missing)
    return TRUE;
  job->found = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_consent_entry_free);
  for (int row = 0; row < PQntuples (res) && (guint) row < job->page; row++)
    {
      if (ep_db_get_text (res, row, "id") == NULL)
        break; /* the household has none */
      EpIntakeConsent *c = ep_consent_at (res, row, error);
      if (c == NULL)
        return FALSE;
      EpConsentEntry *entry = g_new0 (EpConsentEntry, 1);
      g_ptr_array_add (job->found, entry);
      entry->consent = c;
      entry->household_id = ep_db_dup_text (res, row, "household_id");
      entry->intake_id = ep_db_dup_text (res, row, "intake_id");
      entry->status = status_of (ep_db_get_text (res, row, "status"));
    }
  if ((guint) PQntuples (res) > job->page)
    job->next = ep_db_dup_text (res, (int) job->page - 1, "id");
  return ep_shield_log_read (conn, &job->shield, "household_consents", f->household_id,
                             f->household_id, error);
}

GPtrArray *
ep_consent_list (PGconn *conn, const EpDbTxContext *ctx, const EpConsentFilter *filter,
                 gchar **next_cursor, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && filter != NULL, NULL);
  g_return_val_if_fail (filter->household_id != NULL, NULL);
  if (!ep_uuid_validate (filter->household_id, NULL))
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id", "geen geldige huishouden-id");
      return NULL;
    }
  ListJob job = { filter };
  if (!ep_list_check_page (filter->limit, filter->cursor, &job.page, error))
    return NULL;
  gboolean ok = ep_shield_run_read (conn, ctx, list_body, &job, &job.shield, error);
  if (ok && job.missing)
    ok = ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id",
                            "geen huishouden van deze gemeente");
  if (!ok)
    {
      g_clear_pointer (&job.found, g_ptr_array_unref);
      g_free (job.next);
      return NULL;
    }
  if (next_cursor != NULL)
    *next_cursor = g_steal_pointer (&job.next);
  g_free (job.next);
  return job.found;
}
