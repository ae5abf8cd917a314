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
#include "shield-private.h"
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
      h->version = (gint) ep_db_get_int64 (res, row, "version", 0);
      const gchar *access = ep_db_get_text (res, row, "access");
      h->shielded = g_strcmp0 (access, "open") != 0;
      h->withheld = g_strcmp0 (access, "refused") == 0;
      if (h->withheld)
        continue; /* found, but nothing of it given */
      h->postcode = ep_db_dup_text (res, row, "postcode");
      h->huisnummer = (gint) ep_db_get_int64 (res, row, "huisnummer", 0);
      h->huisnummer_toevoeging = ep_db_dup_text (res, row, "huisnummer_toevoeging");
      h->wijk = ep_db_dup_text (res, row, "wijk");
    }
  return households;
}

/* With what household_access() (migration 0008) says of the acting user. */
#define HOUSEHOLD_COLUMNS                                                                          \
  "h.id, h.version, household_access (h.id) AS access, h.postcode, h.huisnummer,"                  \
  " h.huisnummer_toevoeging, h.wijk"

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
  EpShieldRead shield;
} LoadJob;

static gboolean
load_body (PGconn *conn, gpointer user_data, GError **error)
{
  LoadJob *job = user_data;
  g_clear_pointer (&job->household, ep_household_free);
  if (!ep_shield_check_read (conn, job->id, NULL, "household", job->id, &job->shield, error))
    return FALSE;
  if (job->shield.refused)
    return TRUE; /* nothing read; the refusal is logged */
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
  return ep_shield_log_read (conn, &job->shield, "household", job->id, job->id, error);
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
  LoadJob job = { id, NULL, { 0 } };
  gboolean ok = ep_shield_run_read (conn, ctx, load_body, &job, &job.shield, error);
  if (!ok)
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
  /* Members only of the households the acting user may open. */
  g_autoptr (GPtrArray) open = g_ptr_array_new ();
  for (guint i = 0; i < job->found->len; i++)
    if (!((EpHousehold *) job->found->pdata[i])->withheld)
      g_ptr_array_add (open, job->found->pdata[i]);
  if (!ep_member_read_each (conn, open, error))
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
  const gchar *household_id; /* NULL: whichever household the person is a member of */
  const gchar *person_id;
  const gchar *date;
  gint version; /* with household_id: the version the caller read */
  gint new_version;
} LeaveJob;

/* With a household named: it must exist, be open to the acting user (household_assert_open,
 * migration 0008: nothing of a shielded household is told to someone it refuses) and still be at
 * the version the caller read; it is locked until commit, so nobody changes the membership in
 * between. */
static gboolean
check_household_version (PGconn *conn, LeaveJob *job, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->household_id);
  g_autoptr (PGresult) res = ep_db_exec (conn,
                                         "SELECT version, household_assert_open (id) FROM household"
                                         " WHERE id = $1::uuid FOR UPDATE",
                                         params, PGRES_TUPLES_OK, "find household", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id",
                              "geen huishouden van deze gemeente");
  if (ep_db_get_int64 (res, 0, "version", 0) != job->version)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_STALE, "version",
                              "iemand heeft de leden van dit huishouden intussen gewijzigd; lees "
                              "het opnieuw");
  return TRUE;
}

static gboolean
leave_body (PGconn *conn, gpointer user_data, GError **error)
{
  LeaveJob *job = user_data;
  if (job->household_id != NULL && !check_household_version (conn, job, error))
    return FALSE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->person_id);
  ep_db_params_add_text (params, job->date);
  ep_db_params_add_text (params, job->household_id);
  g_autoptr (PGresult) current
    = ep_db_exec (conn,
                  "SELECT id, household_id, valid_from < $2::date AS after_start,"
                  "       household_assert_open (household_id) FROM household_member"
                  " WHERE person_id = $1::uuid AND valid_to IS NULL"
                  "   AND ($3::uuid IS NULL OR household_id = $3::uuid) FOR UPDATE",
                  params, PGRES_TUPLES_OK, "find membership", error);
  if (current == NULL)
    return FALSE;
  if (PQntuples (current) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "person_id",
                              job->household_id != NULL ? "is (nu) geen lid van dit huishouden"
                                                        : "is van geen huishouden (nu) lid");
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
  if (ended == NULL)
    return FALSE;
  if (job->household_id == NULL)
    return TRUE;
  /* The trigger of migration 0008 counted the change. */
  g_autoptr (EpDbParams) which = ep_db_params_new ();
  ep_db_params_add_text (which, job->household_id);
  g_autoptr (PGresult) after
    = ep_db_exec (conn, "SELECT version FROM household WHERE id = $1::uuid", which, PGRES_TUPLES_OK,
                  "read household version", error);
  if (after == NULL)
    return FALSE;
  job->new_version = (gint) ep_db_get_int64 (after, 0, "version", 0);
  return TRUE;
}

static gboolean
leave (PGconn *conn, const EpDbTxContext *ctx, LeaveJob *job, GError **error)
{
  GDate parsed;
  if (!ep_uuid_validate (job->person_id, NULL))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "person_id",
                              "geen geldige persoon-id");
  if (job->date == NULL || !ep_date_parse (job->date, &parsed, NULL))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "date",
                              "moet een bestaande datum zijn als JJJJ-MM-DD");
  return ep_db_run_tx (conn, ctx, leave_body, job, NULL, error);
}

gboolean
ep_household_leave (PGconn *conn, const EpDbTxContext *ctx, const gchar *person_id,
                    const gchar *date, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && person_id != NULL, FALSE);
  LeaveJob job = { NULL, person_id, date, 0, 0 };
  return leave (conn, ctx, &job, error);
}

gboolean
ep_household_member_leave (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                           const gchar *person_id, const gchar *date, gint version,
                           gint *new_version, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && household_id != NULL, FALSE);
  g_return_val_if_fail (person_id != NULL, FALSE);
  if (!ep_uuid_validate (household_id, NULL))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id", "geen geldige huishouden-id");
  LeaveJob job = { household_id, person_id, date, version, 0 };
  if (!leave (conn, ctx, &job, error))
    return FALSE;
  if (new_version != NULL)
    *new_version = job.new_version;
  return TRUE;
}
