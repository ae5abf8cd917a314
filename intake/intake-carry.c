/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-carry.c: the draft of a household's next intake
 * (ep_intake_carry_forward, see ep-intake-store.h). In one snapshot it reads
 * the latest intake, the household's memberships and its consents; what is
 * carried is decided by the rules in carry.c; the read goes to the access log.
 */
#include "ep-intake-store.h"

#include "carry-private.h"
#include "consent-store-private.h"
#include "ep-db-conn.h"
#include "ep-time.h"
#include "ep-uuid.h"
#include "intake-error-private.h"
#include "intake-load-private.h"
#include "member-store-private.h"
#include "shield-private.h"
#include "store-private.h"

typedef struct
{
  const gchar *household_id;
  const gchar *vindplaats_id;
  const gchar *date;
  EpIntake *draft;
  EpShieldRead shield;
} CarryJob;

static gboolean
carry_body (PGconn *conn, gpointer user_data, GError **error)
{
  CarryJob *job = user_data;
  g_clear_pointer (&job->draft, ep_intake_free);
  if (!ep_shield_check_read (conn, job->household_id, NULL, "household", job->household_id,
                             &job->shield, error))
    return FALSE;
  if (job->shield.refused)
    return TRUE;

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->household_id);
  g_autoptr (PGresult) latest = ep_db_exec_prepared (
    conn, "ep_intake_latest",
    "SELECT id,"
    "       (SELECT version FROM intake_template ORDER BY loaded_at DESC, version"
    "         DESC LIMIT 1) AS template"
    "  FROM intake WHERE household_id = $1::uuid"
    " ORDER BY datum DESC, created_at DESC LIMIT 1",
    params, PGRES_TUPLES_OK, 0, "ep_intake_latest", error);
  if (latest == NULL)
    return FALSE;
  if (PQntuples (latest) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "household.id",
                              "geen huishouden met een eerdere intake in deze gemeente");

  g_autoptr (EpIntake) previous = ep_intake_new ();
  if (!ep_intake_load_summary (conn, ep_db_get_text (latest, 0, "id"), previous, error))
    return FALSE;

  EpIntake *draft = job->draft = ep_intake_new ();
  draft->carried_from = g_strdup (previous->id);
  draft->household.id = g_strdup (previous->household.id);
  draft->household.postcode = g_strdup (previous->household.postcode);
  draft->household.huisnummer = previous->household.huisnummer;
  draft->household.huisnummer_toevoeging = g_strdup (previous->household.huisnummer_toevoeging);
  draft->household.wijk = g_strdup (previous->household.wijk);
  draft->vindplaats_id = g_strdup (job->vindplaats_id);
  draft->template_version = ep_db_dup_text (latest, 0, "template");
  draft->form = EP_INTAKE_VORM_HUISBEZOEK;
  draft->date = g_strdup (job->date);

  g_autoptr (GPtrArray) members
    = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_household_member_free);
  g_autoptr (GPtrArray) consents
    = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_intake_consent_free);
  if (!ep_member_read (conn, job->household_id, members, error)
      || !ep_consent_read (conn, "ep_intake_household_consents",
                           "SELECT " CONSENT_COLUMNS " FROM consent WHERE household_id = $1::uuid"
                           " ORDER BY created_at, intake_position",
                           job->household_id, consents, error))
    return FALSE;
  ep_carry_members (previous, members, draft);
  ep_carry_findings (previous, draft);
  ep_carry_consents (consents, job->date, draft);

  return ep_shield_log_read (conn, &job->shield, "household", job->household_id, job->household_id,
                             error);
}

EpIntake *
ep_intake_carry_forward (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                         const gchar *vindplaats_id, const gchar *date, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && household_id != NULL, NULL);
  g_return_val_if_fail (vindplaats_id != NULL, NULL);
  GDate parsed;
  if (!ep_uuid_validate (household_id, NULL))
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "household.id",
                         "geen geldige huishouden-id");
      return NULL;
    }
  if (!ep_uuid_validate (vindplaats_id, NULL))
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "vindplaats_id",
                         "moet een UUID zijn (8-4-4-4-12 hexadecimaal)");
      return NULL;
    }
  if (date != NULL && !ep_date_parse (date, &parsed, NULL))
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "date",
                         "moet een bestaande datum zijn als JJJJ-MM-DD");
      return NULL;
    }
  g_autofree gchar *today = NULL;
  if (date == NULL)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      date = today = g_date_time_format (now, "%Y-%m-%d");
    }
  CarryJob job = { household_id, vindplaats_id, date, NULL, { 0 } };
  gboolean ok = ep_shield_run_read (conn, ctx, carry_body, &job, &job.shield, error);
  if (!ok)
    {
      g_clear_pointer (&job.draft, ep_intake_free);
      return NULL;
    }
  return job.draft;
}
