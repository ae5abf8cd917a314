/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * household-store.c: creating, finding and reading households, ending
 * memberships (see ep-household.h). Reads and searches go to the access log;
 * a change goes to the audit trail in its own transaction. Persons and
 * memberships are written and read through the member store
 * (member-store-private.h), as recording an intake does.
 */
#include "ep-household.h"

#include "intake-error-private.h"
#include "json-read-private.h"
#include "member-store-private.h"
#include "store-private.h"

#include "ep-access-log.h"
#include "ep-bsn.h"
#include "ep-intake-lists.h"
#include "ep-intake-store.h"
#include "ep-db-conn.h"
#include "ep-time.h"
#include "ep-uuid.h"

#include <string.h>

static void
household_intake_free (EpHouseholdIntake *i)
{
  g_free (i->id);
  g_free (i->date);
  g_free (i->status);
  g_free (i);
}

static EpHousehold *
household_new (void)
{
  EpHousehold *h = g_new0 (EpHousehold, 1);
  h->members = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_household_member_free);
  h->intakes = g_ptr_array_new_with_free_func ((GDestroyNotify) household_intake_free);
  return h;
}

void
ep_household_free (EpHousehold *household)
{
  if (household == NULL)
    return;
  g_free (household->id);
  g_free (household->postcode);
  g_free (household->huisnummer_toevoeging);
  g_free (household->wijk);
  g_ptr_array_unref (household->members);
  g_ptr_array_unref (household->intakes);
  g_free (household);
}

/* Households (without members) selected by @sql from @params. */
static GPtrArray *
read_households (PGconn *conn, const gchar *statement, const gchar *sql, const EpDbParams *params,
                 GError **error)
{
  g_autoptr (PGresult) res
    = ep_db_exec_prepared (conn, statement, sql, params, PGRES_TUPLES_OK, 0, statement, error);
  if (res == NULL)
    return NULL;
  GPtrArray *households = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_household_free);
  for (int row = 0; row < PQntuples (res); row++)
    {
      EpHousehold *h = household_new ();
      g_ptr_array_add (households, h);
      h->id = ep_db_dup_text (res, row, "id");
      h->postcode = ep_db_dup_text (res, row, "postcode");
      h->huisnummer = (gint) ep_db_get_int64 (res, row, "huisnummer", 0);
      h->huisnummer_toevoeging = ep_db_dup_text (res, row, "huisnummer_toevoeging");
      h->wijk = ep_db_dup_text (res, row, "wijk");
    }
  return households;
}

#define HOUSEHOLD_COLUMNS "h.id, h.postcode, h.huisnummer, h.huisnummer_toevoeging, h.wijk"

static gboolean
read_members (PGconn *conn, EpHousehold *household, GError **error)
{
  return ep_member_read (conn, household->id, household->members, error);
}

/* ---- create ------------------------------------------------------------------------------- */

typedef struct
{
  EpMemberWrite members;
  EpIntakeAuditQueue audit;
} CreateJob;

static gboolean
create_body (PGconn *conn, gpointer user_data, GError **error)
{
  CreateJob *job = user_data;
  ep_member_write_reset (&job->members);
  ep_intake_audit_queue_reset (&job->audit);
  const EpIntakeHousehold *given = &job->members.intake->household;
  if (given->id != NULL && !ep_member_check_household (conn, given, error))
    return FALSE;
  return ep_member_resolve_household (conn, &job->members, error)
         && ep_member_resolve_members (conn, &job->members, error)
         && ep_intake_audit_flush (conn, &job->audit, job->members.household_id, error);
}

gboolean
ep_household_create (PGconn *conn, const EpDbTxContext *ctx, GBytes *pseudonym_key,
                     EpIntake *members, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && members != NULL, FALSE);
  g_return_val_if_fail (pseudonym_key != NULL && members->date != NULL, FALSE);
  if (!ep_intake_validate (members, error))
    return FALSE;
  CreateJob job;
  ep_intake_audit_queue_init (&job.audit);
  ep_member_write_init (&job.members, members, pseudonym_key, &job.audit);
  gboolean ok = ep_db_run_tx (conn, ctx, create_body, &job, NULL, error);
  if (ok)
    ep_member_write_apply (&job.members, members);
  ep_member_write_clear (&job.members);
  ep_intake_audit_queue_clear (&job.audit);
  return ok;
}

/* ---- load --------------------------------------------------------------------------------- */

typedef struct
{
  const gchar *id;
  EpHousehold *household;
} LoadJob;

static gboolean
load_body (PGconn *conn, gpointer user_data, GError **error)
{
  LoadJob *job = user_data;
  g_clear_pointer (&job->household, ep_household_free);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->id);
  g_autoptr (GPtrArray) found = read_households (
    conn, "ep_household_load",
    "SELECT " HOUSEHOLD_COLUMNS " FROM household h WHERE h.id = $1::uuid", params, error);
  if (found == NULL)
    return FALSE;
  if (found->len == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id",
                              "geen huishouden van deze gemeente");
  job->household = g_ptr_array_steal_index (found, 0);
  if (!read_members (conn, job->household, error))
    return FALSE;

  g_autoptr (PGresult) intakes = ep_db_exec_prepared (
    conn, "ep_household_intakes",
    "SELECT id, datum::text AS datum, vorm, status FROM intake WHERE household_id = $1::uuid"
    " ORDER BY datum, created_at",
    params, PGRES_TUPLES_OK, 0, "read intakes", error);
  if (intakes == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (intakes); row++)
    {
      EpHouseholdIntake *i = g_new0 (EpHouseholdIntake, 1);
      g_ptr_array_add (job->household->intakes, i);
      i->id = ep_db_dup_text (intakes, row, "id");
      i->date = ep_db_dup_text (intakes, row, "datum");
      i->status = ep_db_dup_text (intakes, row, "status");
      i->form = ep_db_get_code (ep_vocab_intake_vorm (), intakes, row, "vorm");
    }
  return ep_intake_log_access (conn, "read", "household", job->id, job->id, error);
}

EpHousehold *
ep_household_load (PGconn *conn, const EpDbTxContext *ctx, const gchar *id, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && id != NULL, NULL);
  if (!ep_uuid_validate (id, NULL))
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id", "geen geldige huishouden-id");
      return NULL;
    }
  EpDbTxContext snapshot = *ctx;
  snapshot.isolation = EP_DB_REPEATABLE_READ;
  LoadJob job = { id, NULL };
  if (!ep_db_run_tx (conn, &snapshot, load_body, &job, NULL, error))
    {
      g_clear_pointer (&job.household, ep_household_free);
      return NULL;
    }
  return job.household;
}

/* ---- find --------------------------------------------------------------------------------- */

typedef struct
{
  const gchar *postcode;
  gint huisnummer;
  const gchar *pseudonym;
  const gchar *cursor;
  guint page;
  GPtrArray *found;
  gchar *next;
} FindJob;

static gboolean
find_body (PGconn *conn, gpointer user_data, GError **error)
{
  FindJob *job = user_data;
  g_clear_pointer (&job->found, g_ptr_array_unref);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  if (job->pseudonym != NULL)
    {
      ep_db_params_add_text (params, job->pseudonym);
      job->found
        = read_households (conn, "ep_household_by_bsn",
                           "SELECT " HOUSEHOLD_COLUMNS " FROM household h"
                           "  JOIN household_member hm ON hm.gemeente = h.gemeente"
                           "   AND hm.household_id = h.id AND hm.valid_to IS NULL"
                           "  JOIN person p ON p.gemeente = hm.gemeente AND p.id = hm.person_id"
                           " WHERE p.bsn_pseudonym = $1",
                           params, error);
    }
  else
    {
      ep_db_params_add_text (params, job->postcode);
      ep_db_params_add_int64 (params, job->huisnummer);
      ep_db_params_add_text (params, job->cursor);
      ep_db_params_add_int64 (params, job->page + 1);
      job->found = read_households (
        conn, "ep_household_by_address",
        "SELECT " HOUSEHOLD_COLUMNS " FROM household h"
        " WHERE h.postcode = $1 AND ($2 = 0 OR h.huisnummer = $2)"
        "   AND ($3::uuid IS NULL OR (h.huisnummer, coalesce (h.huisnummer_toevoeging, ''),"
        "                             h.created_at, h.id)"
        "        > (SELECT huisnummer, coalesce (huisnummer_toevoeging, ''), created_at, id"
        "             FROM household WHERE id = $3::uuid))"
        " ORDER BY h.huisnummer, coalesce (h.huisnummer_toevoeging, ''), h.created_at, h.id"
        " LIMIT $4",
        params, error);
    }
  if (job->found == NULL)
    return FALSE;
  /* A page, and where the next one starts when there is more. */
  g_clear_pointer (&job->next, g_free);
  if (job->found->len > job->page)
    {
      g_ptr_array_set_size (job->found, job->page);
      job->next = g_strdup (((EpHousehold *) job->found->pdata[job->page - 1])->id);
    }
  if (!ep_member_read_each (conn, job->found, error))
    return FALSE;
  /* NEN 7513: which clients the search showed, one entry each in one statement (and one entry
   * for a search that found nobody). */
  if (job->found->len == 0)
    return ep_intake_log_access (conn, "search", "household", NULL, NULL, error);
  g_autofree const gchar **ids = g_new0 (const gchar *, job->found->len + 1);
  for (guint i = 0; i < job->found->len; i++)
    ids[i] = ((EpHousehold *) job->found->pdata[i])->id;
  EpAccessEvent event
    = { .action = "search", .entity_type = "household", .purpose = EP_INTAKE_PURPOSE };
  return ep_access_log_record_each (conn, &event, ids, ids, job->found->len, error);
}

GPtrArray *
ep_household_find (PGconn *conn, const EpDbTxContext *ctx, const EpHouseholdSearch *search,
                   gchar **next_cursor, GError **error)
{
  g_return_val_if_fail (search != NULL, NULL);
  const gchar *postcode = search->postcode, *bsn = search->bsn;
  GBytes *pseudonym_key = search->pseudonym_key;
  if (search->limit > EP_LIST_MAX_LIMIT)
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "limit", "moet 1–%d zijn",
                         EP_LIST_MAX_LIMIT);
      return NULL;
    }
  if (search->cursor != NULL && !ep_uuid_validate (search->cursor, NULL))
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "cursor",
                         "geen cursor die deze zoekopdracht gaf");
      return NULL;
    }
  g_return_val_if_fail (conn != NULL && ctx != NULL, NULL);
  g_autofree gchar *pseudonym = NULL;
  if ((postcode == NULL) == (bsn == NULL))
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_MISSING_FIELD, "postcode",
                         "zoek op adres (postcode, huisnummer) óf op BSN: precies één van beide");
      return NULL;
    }
  if (postcode != NULL && !ep_intake_is_postcode (postcode))
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "postcode",
                         "moet een postcode zijn als 7551AB (vier cijfers, twee hoofdletters)");
      return NULL;
    }
  if (bsn != NULL)
    {
      g_return_val_if_fail (pseudonym_key != NULL, NULL);
      gchar canonical[10];
      if (!ep_bsn_parse (bsn, EP_BSN_NONE, canonical, NULL))
        {
          ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_BSN, "bsn",
                             "geen geldig BSN (8 of 9 cijfers, elfproef)");
          return NULL;
        }
      gsize key_len = 0;
      const guint8 *key = g_bytes_get_data (pseudonym_key, &key_len);
      pseudonym = ep_bsn_pseudonym (canonical, key, key_len, error);
      memset (canonical, 0, sizeof canonical);
      if (pseudonym == NULL)
        return NULL;
    }
  EpDbTxContext snapshot = *ctx;
  snapshot.isolation = EP_DB_REPEATABLE_READ;
  FindJob job = { postcode,
                  search->huisnummer,
                  pseudonym,
                  search->cursor,
                  search->limit > 0 ? search->limit : EP_LIST_DEFAULT_LIMIT,
                  NULL,
                  NULL };
  if (!ep_db_run_tx (conn, &snapshot, find_body, &job, NULL, error))
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

/* ---- leave -------------------------------------------------------------------------------- */

typedef struct
{
  const gchar *person_id;
  const gchar *date;
} LeaveJob;

static gboolean
leave_body (PGconn *conn, gpointer user_data, GError **error)
{
  LeaveJob *job = user_data;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->person_id);
  ep_db_params_add_text (params, job->date);
  g_autoptr (PGresult) current = ep_db_exec (
    conn,
    "SELECT id, household_id, valid_from < $2::date AS after_start FROM household_member"
    " WHERE person_id = $1::uuid AND valid_to IS NULL FOR UPDATE",
    params, PGRES_TUPLES_OK, "find membership", error);
  if (current == NULL)
    return FALSE;
  if (PQntuples (current) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "person_id",
                              "is van geen huishouden (nu) lid");
  if (!ep_db_get_bool (current, 0, "after_start"))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "date",
                              "moet na de eerste dag van het lidmaatschap liggen");

  g_autoptr (EpDbParams) end = ep_db_params_new ();
  ep_db_params_add_text (end, ep_db_get_text (current, 0, "id"));
  ep_db_params_add_text (end, job->date);
  g_autoptr (JsonNode) change = ep_intake_change_of ("valid_to", job->date);
  g_autoptr (PGresult) ended = ep_intake_audited_change (
    conn, "ep_household_leave", "end membership",
    "UPDATE household_member SET valid_to = $2::date WHERE id = $1::uuid RETURNING id", end,
    "leave", "household_member", ep_db_get_text (current, 0, "id"),
    ep_db_get_text (current, 0, "household_id"), change, error);
  return ended != NULL;
}

gboolean
ep_household_leave (PGconn *conn, const EpDbTxContext *ctx, const gchar *person_id,
                    const gchar *date, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && person_id != NULL, FALSE);
  GDate parsed;
  if (!ep_uuid_validate (person_id, NULL))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "person_id",
                              "geen geldige persoon-id");
  if (date == NULL || !ep_date_parse (date, &parsed, NULL))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "date",
                              "moet een bestaande datum zijn als JJJJ-MM-DD");
  LeaveJob job = { person_id, date };
  return ep_db_run_tx (conn, ctx, leave_body, &job, NULL, error);
}
