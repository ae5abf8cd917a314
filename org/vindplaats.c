/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * vindplaats.c: the municipality's vindplaatsen, read, and kept by an administrator
 * (ep-vindplaats.h).
 */
#include "ep-vindplaats.h"

#include "admin-private.h"

#include "ep-audit-record.h"
#include "ep-db-conn.h"
#include "ep-db-error.h"
#include "ep-org-error.h"
#include "ep-uuid.h"
#include "ep-vocab.h"

#define WHAT "vindplaatsen beheren"
#define PURPOSE "beheer"

void
ep_vindplaats_free (EpVindplaatsInfo *vindplaats)
{
  if (vindplaats == NULL)
    return;
  g_free (vindplaats->id);
  g_free (vindplaats->type);
  g_free (vindplaats->naam);
  g_free (vindplaats->wijk);
  g_free (vindplaats);
}

static gboolean
list_body (PGconn *conn, gpointer user_data, GError **error)
{
  GPtrArray *list = user_data;
  g_ptr_array_set_size (list, 0);
  g_autoptr (PGresult) res = ep_db_exec (conn,
                                         "SELECT id, type, naam, wijk FROM vindplaats WHERE active"
                                         " ORDER BY naam COLLATE \"C\", id",
                                         NULL, PGRES_TUPLES_OK, "list the vindplaatsen", error);
  if (res == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (res); row++)
    {
      EpVindplaatsInfo *v = g_new0 (EpVindplaatsInfo, 1);
      v->id = ep_db_dup_text (res, row, "id");
      v->type = ep_db_dup_text (res, row, "type");
      v->naam = ep_db_dup_text (res, row, "naam");
      v->wijk = ep_db_dup_text (res, row, "wijk");
      g_ptr_array_add (list, v);
    }
  return TRUE;
}

GPtrArray *
ep_vindplaats_list (PGconn *conn, const EpDbTxContext *ctx, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, NULL);
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_vindplaats_free);
  if (!ep_db_run_tx (conn, ctx, list_body, list, NULL, error))
    return NULL;
  return g_steal_pointer (&list);
}

/* ---- kept by an administrator ------------------------------------------------------------- */

static gboolean
invalid (GError **error, const gchar *field, const gchar *rule)
{
  g_set_error (error, EP_ORG_ERROR, EP_ORG_ERROR_INVALID_VALUE, "%s: %s", field, rule);
  return FALSE;
}

/* @text's length in characters is 1–@max (0–@max when @optional), with no control characters. */
static gboolean
check_text (const gchar *text, const gchar *field, glong max, gboolean optional, GError **error)
{
  if (text == NULL || *text == '\0')
    return optional || invalid (error, field, "verplicht");
  if (!g_utf8_validate (text, -1, NULL))
    return invalid (error, field, "geen geldige tekst");
  for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return invalid (error, field, "mag geen stuurtekens bevatten");
  if (g_utf8_strlen (text, -1) > max)
    {
      g_autofree gchar *rule = g_strdup_printf ("te lang: ten hoogste %ld tekens", max);
      return invalid (error, field, rule);
    }
  return TRUE;
}

static gboolean
check_vindplaats (const EpVindplaatsInfo *v, GError **error)
{
  gint code = 0;
  if (v->type == NULL || !ep_vocab_parse (ep_vocab_vindplaats (), v->type, &code, NULL))
    return invalid (error, "type", "onbekende code; kies uit de codelijst vindplaats");
  return check_text (v->naam, "naam", EP_VINDPLAATS_MAX_NAME, FALSE, error)
         && check_text (v->wijk, "wijk", EP_VINDPLAATS_MAX_WIJK, TRUE, error);
}

typedef struct
{
  const EpVindplaatsInfo *vindplaats;
  const gchar *id;
} ChangeJob;

static gboolean
add_body (PGconn *conn, gpointer user_data, GError **error)
{
  ChangeJob *job = user_data;
  const EpVindplaatsInfo *v = job->vindplaats;
  if (!ep_org_require_admin (conn, WHAT, error))
    return FALSE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->id);
  ep_db_params_add_text (params, v->type);
  ep_db_params_add_text (params, v->naam);
  ep_db_params_add_text (params, v->wijk);
  EpAuditEvent event
    = { .action = "create", .entity_type = "vindplaats", .entity_id = job->id, .purpose = PURPOSE };
  g_autoptr (GError) local_error = NULL;
  g_autoptr (PGresult) res
    = ep_audit_record_change (conn, "ep_vindplaats_add",
                              "INSERT INTO vindplaats (gemeente, id, type, naam, wijk)"
                              " VALUES (current_gemeente (), $1::uuid, $2, $3, $4) RETURNING id",
                              params, &event, "add vindplaats", &local_error);
  if (res == NULL && g_error_matches (local_error, EP_DB_ERROR, EP_DB_ERROR_UNIQUE_VIOLATION))
    {
      g_set_error_literal (error, EP_ORG_ERROR, EP_ORG_ERROR_EXISTS,
                           "naam: er is al een vindplaats met deze naam");
      return FALSE;
    }
  if (res == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
ep_vindplaats_add (PGconn *conn, const EpDbTxContext *ctx, const EpVindplaatsInfo *vindplaats,
                   gchar **id, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && vindplaats != NULL, FALSE);
  if (!check_vindplaats (vindplaats, error))
    return FALSE;
  g_autofree gchar *new_id = ep_uuid_new (error);
  if (new_id == NULL)
    return FALSE;
  ChangeJob job = { vindplaats, new_id };
  if (!ep_db_run_tx (conn, ctx, add_body, &job, NULL, error))
    return FALSE;
  if (id != NULL)
    *id = g_steal_pointer (&new_id);
  return TRUE;
}

static gboolean
deactivate_body (PGconn *conn, gpointer user_data, GError **error)
{
  ChangeJob *job = user_data;
  if (!ep_org_require_admin (conn, WHAT, error))
    return FALSE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->id);
  EpAuditEvent event = {
    .action = "deactivate", .entity_type = "vindplaats", .entity_id = job->id, .purpose = PURPOSE
  };
  g_autoptr (PGresult) res
    = ep_audit_record_change (conn, "ep_vindplaats_deactivate",
                              "UPDATE vindplaats SET active = false"
                              " WHERE id = $1::uuid AND active RETURNING id",
                              params, &event, "deactivate vindplaats", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error_literal (error, EP_ORG_ERROR, EP_ORG_ERROR_NOT_FOUND,
                           "id: geen vindplaats in gebruik met deze id");
      return FALSE;
    }
  return TRUE;
}

gboolean
ep_vindplaats_deactivate (PGconn *conn, const EpDbTxContext *ctx, const gchar *id, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, FALSE);
  if (id == NULL || !ep_uuid_validate (id, NULL))
    {
      g_set_error_literal (error, EP_ORG_ERROR, EP_ORG_ERROR_NOT_FOUND,
                           "id: geen vindplaats in gebruik met deze id");
      return FALSE;
    }
  ChangeJob job = { NULL, id };
  return ep_db_run_tx (conn, ctx, deactivate_body, &job, NULL, error);
}
