/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * consent-store.c: consent given or revoked outside an intake
 * (ep_consent_grant, ep_consent_revoke; see ep-intake-store.h), each one
 * audited transaction, and how the other stores read consents and write
 * their kinds of data (consent-store-private.h).
 */
#include "consent-store-private.h"

#include "ep-access-log.h"
#include "ep-db-conn.h"
#include "ep-intake-store.h"
#include "ep-json.h"
#include "ep-uuid.h"
#include "intake-error-private.h"

gchar *
ep_consent_data_json (const EpIntakeConsent *c)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint j = 0; j < c->data->len; j++)
    json_builder_add_string_value (
      b, ep_gegevenssoort_code (g_array_index (c->data, EpGegevenssoort, j)));
  json_builder_end_array (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return ep_json_to_string (root, FALSE);
}

EpIntakeConsent *
ep_consent_at (const PGresult *res, int row, GError **error)
{
  g_autoptr (EpIntakeConsent) c = ep_intake_consent_new ();
  c->id = ep_db_dup_text (res, row, "id");
  c->organisation = ep_db_dup_text (res, row, "organisatie");
  c->purpose = ep_db_dup_text (res, row, "doel");
  c->valid_until = ep_db_dup_text (res, row, "geldig_tot");
  c->granted_on = ep_db_dup_text (res, row, "verleend_op");
  c->revoked_at = ep_db_dup_text (res, row, "ingetrokken_op");
  c->carried_from = ep_db_dup_text (res, row, "carried_from");
  g_autoptr (JsonNode) data = ep_json_parse (ep_db_get_text (res, row, "gegevens"), -1, error);
  if (data == NULL)
    return NULL;
  JsonArray *codes = json_node_get_array (data);
  for (guint j = 0; j < json_array_get_length (codes); j++)
    {
      gint kind = 0;
      if (!ep_vocab_parse (ep_vocab_gegevenssoort (), json_array_get_string_element (codes, j),
                           &kind, NULL))
        g_warn_if_reached ();
      EpGegevenssoort value = kind;
      g_array_append_val (c->data, value);
    }
  return g_steal_pointer (&c);
}

gboolean
ep_consent_read (PGconn *conn, const gchar *statement, const gchar *sql, const gchar *id,
                 GPtrArray *into, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, id);
  g_autoptr (PGresult) consents
    = ep_db_exec_prepared (conn, statement, sql, params, PGRES_TUPLES_OK, 0, statement, error);
  if (consents == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (consents); row++)
    {
      EpIntakeConsent *c = ep_consent_at (consents, row, error);
      if (c == NULL)
        return FALSE;
      g_ptr_array_add (into, c);
    }
  return TRUE;
}

typedef struct
{
  const gchar *household_id;
  const EpIntakeConsent *consent;
  gchar *id;
} GrantJob;

static gboolean
grant_body (PGconn *conn, gpointer user_data, GError **error)
{
  GrantJob *job = user_data;
  const EpIntakeConsent *c = job->consent;
  g_clear_pointer (&job->id, g_free);
  g_autofree gchar *data = ep_consent_data_json (c);
  job->id = ep_uuid_new (error);
  if (job->id == NULL)
    return FALSE;

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->id);
  ep_db_params_add_text (params, job->household_id);
  ep_db_params_add_text (params, c->organisation);
  ep_db_params_add_text (params, data);
  ep_db_params_add_text (params, c->purpose);
  ep_db_params_add_text (params, c->valid_until);
  ep_db_params_add_text (params, c->granted_on);
  g_autoptr (JsonNode) change = ep_intake_change_of ("organisation", c->organisation);
  /* No row (and so no event) when the household is not this municipality's. */
  g_autoptr (PGresult) res = ep_intake_audited_change (
    conn, "ep_consent_grant", "grant consent",
    "INSERT INTO consent (id, gemeente, household_id, organisatie, gegevens, doel, geldig_tot,"
    "                     verleend_op)"
    " SELECT $1::uuid, current_gemeente(), h.id, $3,"
    "        ARRAY(SELECT json_array_elements_text($4::json)), $5, $6::date, $7::date"
    "   FROM household h WHERE h.id = $2::uuid"
    " RETURNING id",
    params, "grant", "consent", job->id, job->household_id, change, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "household_id",
                              "geen huishouden van deze gemeente");
  return TRUE;
}

gboolean
ep_consent_grant (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                  EpIntakeConsent *consent, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && consent != NULL, FALSE);
  g_return_val_if_fail (household_id != NULL, FALSE);
  GrantJob job = { household_id, consent, NULL };
  if (!ep_db_run_tx (conn, ctx, grant_body, &job, NULL, error))
    {
      g_free (job.id);
      return FALSE;
    }
  g_free (consent->id);
  consent->id = job.id;
  return TRUE;
}

static gboolean
revoke_body (PGconn *conn, gpointer user_data, GError **error)
{
  const gchar *consent_id = user_data;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, consent_id);
  g_autoptr (PGresult) res
    = ep_db_exec (conn,
                  "SELECT household_id, ingetrokken_op IS NOT NULL AS revoked,"
                  "       household_assert_open (household_id) FROM consent"
                  " WHERE id = $1::uuid FOR UPDATE",
                  params, PGRES_TUPLES_OK, "find consent", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "consent_id",
                              "geen toestemming van deze gemeente");
  if (ep_db_get_bool (res, 0, "revoked"))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, "consent_id",
                              "de toestemming is al ingetrokken");
  g_autoptr (PGresult) revoked = ep_intake_audited_change (
    conn, "ep_consent_revoke", "revoke consent",
    "UPDATE consent SET ingetrokken_op = now(), ingetrokken_door = current_actor()"
    " WHERE id = $1::uuid RETURNING id",
    params, "revoke", "consent", consent_id, ep_db_get_text (res, 0, "household_id"), NULL, error);
  return revoked != NULL;
}

gboolean
ep_consent_revoke (PGconn *conn, const EpDbTxContext *ctx, const gchar *consent_id, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && consent_id != NULL, FALSE);
  if (!ep_uuid_validate (consent_id, NULL))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "consent_id", "geen geldige id");
  return ep_db_run_tx (conn, ctx, revoke_body, (gpointer) consent_id, NULL, error);
}

/* ---- what a partner may read ------------------------------------------------------------- */

typedef struct
{
  const gchar *household_id;
  const gchar *intake_id;
  const gchar *organisation;
  EpGegevenssoort kind;
  gboolean allowed;
} AllowsJob;

/* Whether a consent in effect today gives @organisation (NULL: the acting user's) @kind about
 * @household_id, or about @intake_id's household. In the caller's transaction. */
static gboolean
in_effect (PGconn *conn, const gchar *household_id, const gchar *intake_id,
           const gchar *organisation, EpGegevenssoort kind, gboolean *allowed, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, household_id);
  ep_db_params_add_text (params, intake_id);
  ep_db_params_add_text (params, organisation);
  ep_db_params_add_text (params, ep_vocab_code (ep_vocab_gegevenssoort (), kind));
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_consent_in_effect",
    "SELECT EXISTS (SELECT FROM consent c"
    "                WHERE c.gemeente = current_gemeente ()"
    "                  AND c.household_id = coalesce ($1::uuid, (SELECT household_id FROM intake"
    "                                                             WHERE id = $2::uuid))"
    "                  AND c.organisatie = coalesce ($3, (SELECT partner_organisation"
    "                                                       FROM app_user"
    "                                                      WHERE gemeente = current_gemeente ()"
    "                                                        AND username = current_actor ()))"
    "                  AND $4 = ANY (c.gegevens)"
    "                  AND c.ingetrokken_op IS NULL AND c.verleend_op <= current_date"
    "                  AND c.geldig_tot >= current_date) AS allowed",
    params, PGRES_TUPLES_OK, 0, "check consent", error);
  if (res == NULL)
    return FALSE;
  *allowed = ep_db_get_bool (res, 0, "allowed");
  return TRUE;
}

gboolean
ep_consent_in_effect (PGconn *conn, const gchar *household_id, const gchar *organisation,
                      EpGegevenssoort kind, gboolean *allowed, GError **error)
{
  g_return_val_if_fail (conn != NULL && allowed != NULL, FALSE);
  *allowed = FALSE;
  if (household_id == NULL || !ep_uuid_validate (household_id, NULL))
    return TRUE; /* names nothing: nothing to read */
  return in_effect (conn, household_id, NULL, organisation, kind, allowed, error);
}

static gboolean
allows_body (PGconn *conn, gpointer user_data, GError **error)
{
  AllowsJob *job = user_data;
  if (!in_effect (conn, job->household_id, job->intake_id, job->organisation, job->kind,
                  &job->allowed, error))
    return FALSE;
  if (job->allowed)
    return TRUE;
  EpAccessEvent denied = { .action = "read",
                           .entity_type = job->intake_id != NULL ? "intake" : "household",
                           .entity_id = job->intake_id != NULL ? job->intake_id : job->household_id,
                           .purpose = EP_PARTNER_PURPOSE,
                           .outcome = "denied" };
  return ep_access_log_record (conn, &denied, error);
}

gboolean
ep_consent_allows (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                   const gchar *intake_id, const gchar *organisation, EpGegevenssoort kind,
                   gboolean *allowed, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && organisation != NULL, FALSE);
  g_return_val_if_fail ((household_id == NULL) != (intake_id == NULL), FALSE);
  *allowed = FALSE;
  const gchar *id = household_id != NULL ? household_id : intake_id;
  if (!ep_uuid_validate (id, NULL))
    return TRUE; /* names nothing: nothing to read */
  AllowsJob job = { household_id, intake_id, organisation, kind, FALSE };
  if (!ep_db_run_tx (conn, ctx, allows_body, &job, NULL, error))
    return FALSE;
  *allowed = job.allowed;
  return TRUE;
}

typedef struct
{
  const gchar *household_id;
  const gchar *organisation;
  guint kinds;
} KindsJob;

static gboolean
kinds_body (PGconn *conn, gpointer user_data, GError **error)
{
  KindsJob *job = user_data;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->household_id);
  ep_db_params_add_text (params, job->organisation);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_consent_kinds",
    "SELECT DISTINCT unnest (gegevens) AS kind FROM consent"
    " WHERE household_id = $1::uuid AND organisatie = $2 AND ingetrokken_op IS NULL"
    "   AND verleend_op <= current_date AND geldig_tot >= current_date",
    params, PGRES_TUPLES_OK, 0, "the kinds a consent gives", error);
  if (res == NULL)
    return FALSE;
  job->kinds = 0;
  for (int row = 0; row < PQntuples (res); row++)
    {
      gint kind = 0;
      if (ep_vocab_parse (ep_vocab_gegevenssoort (), ep_db_get_text (res, row, "kind"), &kind,
                          NULL))
        job->kinds |= 1u << kind;
    }
  return TRUE;
}

gboolean
ep_consent_kinds (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                  const gchar *organisation, guint *kinds, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && organisation != NULL && kinds != NULL,
                        FALSE);
  *kinds = 0;
  if (household_id == NULL || !ep_uuid_validate (household_id, NULL))
    return TRUE;
  KindsJob job = { household_id, organisation, 0 };
  if (!ep_db_run_tx (conn, ctx, kinds_body, &job, NULL, error))
    return FALSE;
  *kinds = job.kinds;
  return TRUE;
}
