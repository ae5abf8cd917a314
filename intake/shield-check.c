/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * shield-check.c: a read of household data held to the household's shield, and the checks that
 * shielding and breaking the glass share (shield-private.h), for household-store.c,
 * intake-load.c, intake-carry.c, consent-list.c, shield.c and emergency.c.
 */
#include "shield-private.h"

#include "ep-db-conn.h"
#include "ep-db-error.h"
#include "ep-intake-store.h"
#include "intake-error-private.h"

void
ep_shield_read_clear (EpShieldRead *read)
{
  g_clear_pointer (&read->reason, g_free);
  *read = (EpShieldRead){ 0 };
}

gboolean
ep_shield_check_read (PGconn *conn, const gchar *household_id, const gchar *intake_id,
                      const gchar *entity_type, const gchar *entity_id, EpShieldRead *read,
                      GError **error)
{
  g_return_val_if_fail ((household_id == NULL) != (intake_id == NULL), FALSE);
  ep_shield_read_clear (read);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, household_id);
  ep_db_params_add_text (params, intake_id);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_shield_check_read",
    "SELECT h.access, h.access <> 'open' AS shielded, h.household_id,"
    "       CASE WHEN h.access = 'emergency' THEN household_emergency_reason (h.household_id)"
    "       END AS reason"
    "  FROM (SELECT x.id AS household_id, household_access (x.id) AS access"
    "          FROM (SELECT coalesce ($1::uuid, (SELECT household_id FROM intake"
    "                                              WHERE id = $2::uuid)) AS id) x) h",
    params, PGRES_TUPLES_OK, 0, "check shield", error);
  if (res == NULL)
    return FALSE;
  const gchar *access = ep_db_get_text (res, 0, "access");
  read->shielded = ep_db_get_bool (res, 0, "shielded");
  read->refused = g_strcmp0 (access, "refused") == 0;
  read->emergency = g_strcmp0 (access, "emergency") == 0;
  read->reason = ep_db_dup_text (res, 0, "reason");
  if (!read->refused)
    return TRUE;
  EpAccessEvent denied = { .action = "read",
                           .entity_type = entity_type,
                           .entity_id = entity_id,
                           .household_id = ep_db_get_text (res, 0, "household_id"),
                           .purpose = EP_INTAKE_PURPOSE,
                           .outcome = "denied" };
  return ep_access_log_record (conn, &denied, error);
}

gboolean
ep_shield_run_read (PGconn *conn, const EpDbTxContext *ctx, EpDbTxFunc body, gpointer job,
                    EpShieldRead *shield, GError **error)
{
  EpDbTxContext snapshot = *ctx;
  snapshot.isolation = EP_DB_REPEATABLE_READ;
  gboolean ok = ep_db_run_tx (conn, &snapshot, body, job, NULL, error);
  if (ok && shield->refused)
    ok = ep_intake_fail_at (error, EP_INTAKE_ERROR_SHIELDED, "id",
                            "dit huishouden is afgeschermd: alleen wie de afscherming noemt, of "
                            "wie noodtoegang heeft, kan het openen");
  ep_shield_read_clear (shield);
  return ok;
}

gboolean
ep_shield_log_read (PGconn *conn, const EpShieldRead *read, const gchar *entity_type,
                    const gchar *entity_id, const gchar *household_id, GError **error)
{
  EpAccessEvent event = { .action = "read",
                          .entity_type = entity_type,
                          .entity_id = entity_id,
                          .household_id = household_id,
                          .purpose = EP_INTAKE_PURPOSE,
                          .emergency = read->emergency,
                          .emergency_reason = read->emergency ? read->reason : NULL };
  return ep_access_log_record (conn, &event, error);
}

gboolean
ep_shield_need_role (const EpDbTxContext *ctx, const gchar *const *roles, const gchar *what,
                     GError **error)
{
  if (ctx->actor_role != NULL && g_strv_contains (roles, ctx->actor_role))
    return TRUE;
  g_autofree gchar *who = g_strjoinv (" of ", (gchar **) roles);
  g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_PERMISSION_DENIED, "alleen een %s mag %s", who,
               what);
  return FALSE;
}

gboolean
ep_shield_check_text (const gchar *text, const gchar *path, glong min, glong max, GError **error)
{
  if (text == NULL)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_MISSING_FIELD, path, "ontbreekt");
  if (!g_utf8_validate (text, -1, NULL))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, path, "geen geldige UTF-8");
  g_autofree gchar *trimmed = g_strstrip (g_strdup (text));
  glong length = g_utf8_strlen (trimmed, -1);
  if (length < min)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, path,
                              "moet ten minste %ld tekens zijn: zeg waarom", min);
  if (length > max)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_TOO_LONG, path, "is langer dan %ld tekens",
                              max);
  return TRUE;
}
