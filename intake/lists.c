/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * lists.c: the werkbak's lists of intakes and contacts, and the count of contacts
 * (ep-intake-lists.h). Pages in the order things were made (created_at, then id); the cursor is
 * the last id shown, and the next page starts after that row. A list leaves out what belongs to
 * a shielded household the acting user may not open (household_access(), migration 0008); a
 * count, a figure that shows nobody, counts it.
 */
#include "ep-intake-lists.h"
#include "consent-store-private.h"
#include "intake-error-private.h"
#include "lists-private.h"

#include "ep-access-log.h"
#include "ep-db-conn.h"
#include "ep-intake-store.h"
#include "ep-time.h"
#include "ep-uuid.h"

#include <string.h>

void
ep_intake_summary_free (EpIntakeSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->id);
  g_free (summary->household_id);
  g_free (summary->date);
  g_free (summary->status);
  g_free (summary->created_by);
  g_free (summary->created_at);
  g_free (summary);
}

/* ---- the filters -------------------------------------------------------------------------- */

gboolean
ep_list_check_page (guint limit, const gchar *cursor, guint *page, GError **error)
{
  if (limit > EP_LIST_MAX_LIMIT)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "limit", "moet 1–%d zijn",
                              EP_LIST_MAX_LIMIT);
  if (cursor != NULL && !ep_uuid_validate (cursor, NULL))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "cursor",
                              "geen cursor die deze lijst gaf");
  *page = limit > 0 ? limit : EP_LIST_DEFAULT_LIMIT;
  return TRUE;
}

static gboolean
check_uuid (const gchar *value, const gchar *path, GError **error)
{
  if (value == NULL || ep_uuid_validate (value, NULL))
    return TRUE;
  return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, path,
                            "moet een UUID zijn (8-4-4-4-12 hexadecimaal)");
}

static gboolean
check_date (const gchar *value, const gchar *path, GError **error)
{
  GDate date;
  if (value == NULL || ep_date_parse (value, &date, NULL))
    return TRUE;
  return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, path,
                            "moet een bestaande datum zijn als JJJJ-MM-DD");
}

/* A page of @rows that were asked for one more than @page: the next cursor is the id of the
 * last one kept, when there was more. */
static gchar *
next_of (const PGresult *res, guint page)
{
  if ((guint) PQntuples (res) <= page)
    return NULL;
  return g_strdup (ep_db_get_text (res, (int) page - 1, "id"));
}

/* Logs that a list showed @n entities of @entity_type (@ids, in @households) to the acting user. */
static gboolean
log_shown_ids (PGconn *conn, const gchar *entity_type, const gchar *const *ids,
               const gchar *const *households, guint n, GError **error)
{
  EpAccessEvent event
    = { .action = "search", .entity_type = entity_type, .purpose = EP_INTAKE_PURPOSE };
  return ep_access_log_record_each (conn, &event, ids, households, n, error);
}

/* Logs that the list showed @items to the acting user: @id_offset and @household_offset give
 * where an item keeps its id and its household's. */
static gboolean
log_shown (PGconn *conn, const gchar *entity_type, GPtrArray *items, gsize id_offset,
           gsize household_offset, GError **error)
{
  g_autofree const gchar **ids = g_new0 (const gchar *, items->len + 1);
  g_autofree const gchar **households = g_new0 (const gchar *, items->len + 1);
  for (guint i = 0; i < items->len; i++)
    {
      ids[i] = G_STRUCT_MEMBER (const gchar *, items->pdata[i], id_offset);
      households[i] = G_STRUCT_MEMBER (const gchar *, items->pdata[i], household_offset);
    }
  return log_shown_ids (conn, entity_type, ids, households, items->len, error);
}

/* ---- one page, or one count, in a transaction of its own ---------------------------------- */

GPtrArray *
ep_list_run_page (PGconn *conn, const EpDbTxContext *ctx, EpDbTxFunc body, EpListJob *job,
                  gchar **next_cursor, GError **error)
{
  if (!ep_db_run_tx (conn, ctx, body, job, NULL, error))
    {
      g_clear_pointer (&job->found, g_ptr_array_unref);
      g_clear_pointer (&job->next, g_free);
      return NULL;
    }
  if (next_cursor != NULL)
    *next_cursor = g_steal_pointer (&job->next);
  g_free (job->next);
  return job->found;
}

typedef struct
{
  const gchar *statement, *sql;
  const EpDbParams *params;
  gint64 count;
} CountJob;

static gboolean
count_body (PGconn *conn, gpointer user_data, GError **error)
{
  CountJob *job = user_data;
  g_autoptr (PGresult) res = ep_db_exec_prepared (conn, job->statement, job->sql, job->params,
                                                  PGRES_TUPLES_OK, 0, job->statement, error);
  if (res == NULL)
    return FALSE;
  job->count = ep_db_get_int64 (res, 0, "n", 0);
  return TRUE;
}

/* Runs @sql, which counts in a column n, with @params, as one transaction. */
static gboolean
run_count (PGconn *conn, const EpDbTxContext *ctx, const gchar *statement, const gchar *sql,
           const EpDbParams *params, gint64 *count, GError **error)
{
  CountJob job = { statement, sql, params, 0 };
  if (!ep_db_run_tx (conn, ctx, count_body, &job, NULL, error))
    return FALSE;
  *count = job.count;
  return TRUE;
}

/* ---- intakes ------------------------------------------------------------------------------ */

static gboolean
check_intake_filter (const EpIntakeFilter *f, GError **error)
{
  if (!check_uuid (f->household_id, "household_id", error))
    return FALSE;
  if (f->status != NULL && strcmp (f->status, EP_INTAKE_STATUS_DRAFT) != 0
      && strcmp (f->status, EP_INTAKE_STATUS_FINALISED) != 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "status",
                              "onbekende code; kies uit %s, %s", EP_INTAKE_STATUS_DRAFT,
                              EP_INTAKE_STATUS_FINALISED);
  return TRUE;
}

/* The filter as parameters $1–$3, in the order INTAKE_WHERE uses them. */
static EpDbParams *
intake_params (const EpIntakeFilter *f)
{
  EpDbParams *params = ep_db_params_new ();
  ep_db_params_add_text (params, f->created_by);
  ep_db_params_add_text (params, f->status);
  ep_db_params_add_text (params, f->household_id);
  return params;
}

#define INTAKE_WHERE                                                                               \
  " WHERE ($1::text IS NULL OR created_by = $1) AND ($2::text IS NULL OR status = $2)"             \
  "   AND ($3::uuid IS NULL OR household_id = $3)"

static gboolean
intake_list_body (PGconn *conn, gpointer user_data, GError **error)
{
  EpListJob *job = user_data;
  const EpIntakeFilter *filter = job->filter;
  g_autoptr (EpDbParams) params = intake_params (filter);
  ep_db_params_add_text (params, filter->cursor);
  ep_db_params_add_int64 (params, job->page + 1);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_intake_list",
    "SELECT id, household_id, datum::text AS datum, vorm, status, version, created_by,"
    "       to_char (created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
    "         AS created_at"
    "  FROM intake" INTAKE_WHERE "   AND household_access (household_id) <> 'refused'"
    "   AND ($4::uuid IS NULL"
    "        OR (created_at, id) > (SELECT created_at, id FROM intake WHERE id = $4))"
    " ORDER BY created_at, id LIMIT $5",
    params, PGRES_TUPLES_OK, 0, "list intakes", error);
  if (res == NULL)
    return FALSE;
  g_clear_pointer (&job->found, g_ptr_array_unref);
  g_clear_pointer (&job->next, g_free);
  job->found = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_intake_summary_free);
  for (int row = 0; row < PQntuples (res) && (guint) row < job->page; row++)
    {
      EpIntakeSummary *s = g_new0 (EpIntakeSummary, 1);
      g_ptr_array_add (job->found, s);
      s->id = ep_db_dup_text (res, row, "id");
      s->household_id = ep_db_dup_text (res, row, "household_id");
      s->date = ep_db_dup_text (res, row, "datum");
      s->form = ep_db_get_code (ep_vocab_intake_vorm (), res, row, "vorm");
      s->status = ep_db_dup_text (res, row, "status");
      s->version = (gint) ep_db_get_int64 (res, row, "version", 0);
      s->created_by = ep_db_dup_text (res, row, "created_by");
      s->created_at = ep_db_dup_text (res, row, "created_at");
    }
  job->next = next_of (res, job->page);
  return log_shown (conn, "intake", job->found, G_STRUCT_OFFSET (EpIntakeSummary, id),
                    G_STRUCT_OFFSET (EpIntakeSummary, household_id), error);
}

GPtrArray *
ep_intake_list (PGconn *conn, const EpDbTxContext *ctx, const EpIntakeFilter *filter,
                gchar **next_cursor, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && filter != NULL, NULL);
  EpListJob job = { filter, 0, NULL, NULL };
  if (!ep_list_check_page (filter->limit, filter->cursor, &job.page, error)
      || !check_intake_filter (filter, error))
    return NULL;
  return ep_list_run_page (conn, ctx, intake_list_body, &job, next_cursor, error);
}

gboolean
ep_intake_count (PGconn *conn, const EpDbTxContext *ctx, const EpIntakeFilter *filter,
                 gint64 *count, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && filter != NULL && count != NULL, FALSE);
  if (!check_intake_filter (filter, error))
    return FALSE;
  g_autoptr (EpDbParams) params = intake_params (filter);
  return run_count (conn, ctx, "ep_intake_count", "SELECT count(*) AS n FROM intake" INTAKE_WHERE,
                    params, count, error);
}

/* ---- contacts ----------------------------------------------------------------------------- */

static gboolean
check_contact_filter (const EpContactFilter *f, GError **error)
{
  return check_date (f->from, "from", error) && check_date (f->to, "to", error)
         && check_uuid (f->vindplaats_id, "vindplaats_id", error)
         && check_uuid (f->household_id, "household_id", error);
}

/* The filter as parameters $1–$7, in the order CONTACT_WHERE uses them. */
static EpDbParams *
contact_params (const EpContactFilter *f)
{
  EpDbParams *params = ep_db_params_new ();
  ep_db_params_add_text (params, f->from);
  ep_db_params_add_text (params, f->to);
  ep_db_params_add_text (params, f->vindplaats_id);
  ep_db_params_add_text (params,
                         f->type != 0 ? ep_vocab_code (ep_vocab_contact_type (), f->type) : NULL);
  ep_db_params_add_text (params, f->received_by);
  ep_db_params_add_bool (params, f->without_intake);
  ep_db_params_add_text (params, f->household_id);
  return params;
}

#define CONTACT_WHERE                                                                              \
  " WHERE ($1::date IS NULL OR c.datum >= $1) AND ($2::date IS NULL OR c.datum <= $2)"             \
  "   AND ($3::uuid IS NULL OR c.vindplaats_id = $3) AND ($4::text IS NULL OR c.type = $4)"        \
  "   AND ($5::text IS NULL OR c.ontvangen_door = $5)"                                             \
  "   AND (NOT $6 OR NOT EXISTS (SELECT FROM intake i WHERE i.gemeente = c.gemeente"               \
  "                                 AND i.contact_id = c.id))"                                     \
  "   AND ($7::uuid IS NULL OR c.household_id = $7::uuid"                                          \
  "        OR EXISTS (SELECT FROM intake i WHERE i.gemeente = c.gemeente AND i.contact_id = c.id"  \
  "                      AND i.household_id = $7::uuid))"

static gboolean
contact_list_body (PGconn *conn, gpointer user_data, GError **error)
{
  EpListJob *job = user_data;
  const EpContactFilter *filter = job->filter;
  g_autoptr (EpDbParams) params = contact_params (filter);
  ep_db_params_add_text (params, filter->cursor);
  ep_db_params_add_int64 (params, job->page + 1);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_contact_list",
    "SELECT c.id, c.household_id, c.vindplaats_id, c.kanaal, c.type,"
    "       c.vraag, c.datum::text AS datum, c.ontvangen_door"
    "  FROM contact c" CONTACT_WHERE "   AND household_access (c.household_id) <> 'refused'"
    "   AND ($8::uuid IS NULL OR (c.created_at, c.id)"
    "        > (SELECT created_at, id FROM contact WHERE id = $8))"
    " ORDER BY c.created_at, c.id LIMIT $9",
    params, PGRES_TUPLES_OK, 0, "list contacts", error);
  if (res == NULL)
    return FALSE;
  g_clear_pointer (&job->found, g_ptr_array_unref);
  g_clear_pointer (&job->next, g_free);
  job->found = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_contact_free);
  for (int row = 0; row < PQntuples (res) && (guint) row < job->page; row++)
    {
      EpContact *c = ep_contact_new ();
      g_ptr_array_add (job->found, c);
      c->id = ep_db_dup_text (res, row, "id");
      c->household_id = ep_db_dup_text (res, row, "household_id");
      c->vindplaats_id = ep_db_dup_text (res, row, "vindplaats_id");
      c->channel = ep_db_get_code (ep_vocab_kanaal (), res, row, "kanaal");
      c->type = ep_db_get_code (ep_vocab_contact_type (), res, row, "type");
      c->question = ep_db_dup_text (res, row, "vraag");
      c->date = ep_db_dup_text (res, row, "datum");
      c->received_by = ep_db_dup_text (res, row, "ontvangen_door");
    }
  job->next = next_of (res, job->page);
  return log_shown (conn, "contact", job->found, G_STRUCT_OFFSET (EpContact, id),
                    G_STRUCT_OFFSET (EpContact, household_id), error);
}

GPtrArray *
ep_contact_list (PGconn *conn, const EpDbTxContext *ctx, const EpContactFilter *filter,
                 gchar **next_cursor, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && filter != NULL, NULL);
  EpListJob job = { filter, 0, NULL, NULL };
  if (!ep_list_check_page (filter->limit, filter->cursor, &job.page, error)
      || !check_contact_filter (filter, error))
    return NULL;
  return ep_list_run_page (conn, ctx, contact_list_body, &job, next_cursor, error);
}

gboolean
ep_contact_count (PGconn *conn, const EpDbTxContext *ctx, const EpContactFilter *filter,
                  gint64 *count, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && filter != NULL && count != NULL, FALSE);
  if (!check_contact_filter (filter, error))
    return FALSE;
  g_autoptr (EpDbParams) params = contact_params (filter);
  return run_count (conn, ctx, "ep_contact_count",
                    "SELECT count(*) AS n FROM contact c" CONTACT_WHERE, params, count, error);
}

/* ---- consents about to expire ------------------------------------------------------------ */

static gboolean
check_expiring_filter (const EpExpiringConsentFilter *f, GError **error)
{
  if (f->within_days > 366)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "within_days",
                              "moet 0–366 dagen zijn");
  return TRUE;
}

/* The filter as parameters $1–$2, in the order EXPIRING_WHERE uses them. */
static EpDbParams *
expiring_params (const EpExpiringConsentFilter *f)
{
  EpDbParams *params = ep_db_params_new ();
  ep_db_params_add_text (params, f->granted_by);
  ep_db_params_add_int64 (params, f->within_days);
  return params;
}

#define EXPIRING_WHERE                                                                             \
  " WHERE ingetrokken_op IS NULL AND verleend_op <= current_date"                                  \
  "   AND geldig_tot BETWEEN current_date AND current_date + $2::int"                              \
  "   AND ($1::text IS NULL OR verleend_door = $1)"

static gboolean
expiring_list_body (PGconn *conn, gpointer user_data, GError **error)
{
  EpListJob *job = user_data;
  const EpExpiringConsentFilter *f = job->filter;
  g_autoptr (EpDbParams) params = expiring_params (f);
  ep_db_params_add_text (params, f->cursor);
  ep_db_params_add_int64 (params, job->page + 1);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_consent_expiring_list",
    "SELECT " CONSENT_COLUMNS ", household_id, intake_id FROM consent" EXPIRING_WHERE
    "   AND household_access (household_id) <> 'refused'"
    "   AND ($3::uuid IS NULL"
    "        OR (geldig_tot, id) > (SELECT geldig_tot, id FROM consent WHERE id = $3))"
    " ORDER BY geldig_tot, id LIMIT $4",
    params, PGRES_TUPLES_OK, 0, "list consents about to expire", error);
  if (res == NULL)
    return FALSE;
  g_clear_pointer (&job->found, g_ptr_array_unref);
  job->found = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_consent_entry_free);
  for (int row = 0; row < PQntuples (res) && (guint) row < job->page; row++)
    {
      EpIntakeConsent *consent = ep_consent_at (res, row, error);
      if (consent == NULL)
        return FALSE;
      EpConsentEntry *entry = g_new0 (EpConsentEntry, 1);
      entry->consent = consent;
      entry->household_id = ep_db_dup_text (res, row, "household_id");
      entry->intake_id = ep_db_dup_text (res, row, "intake_id");
      entry->status = EP_CONSENT_VALID; /* the WHERE keeps only those in effect */
      g_ptr_array_add (job->found, entry);
    }
  g_free (job->next);
  job->next = next_of (res, job->page);
  g_autofree const gchar **ids = g_new0 (const gchar *, job->found->len + 1);
  g_autofree const gchar **households = g_new0 (const gchar *, job->found->len + 1);
  for (guint i = 0; i < job->found->len; i++)
    {
      const EpConsentEntry *entry = job->found->pdata[i];
      ids[i] = entry->consent->id;
      households[i] = entry->household_id;
    }
  return log_shown_ids (conn, "consent", ids, households, job->found->len, error);
}

GPtrArray *
ep_consent_expiring_list (PGconn *conn, const EpDbTxContext *ctx,
                          const EpExpiringConsentFilter *filter, gchar **next_cursor,
                          GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && filter != NULL, NULL);
  EpListJob job = { filter };
  if (!check_expiring_filter (filter, error)
      || !ep_list_check_page (filter->limit, filter->cursor, &job.page, error))
    return NULL;
  return ep_list_run_page (conn, ctx, expiring_list_body, &job, next_cursor, error);
}

gboolean
ep_consent_expiring_count (PGconn *conn, const EpDbTxContext *ctx,
                           const EpExpiringConsentFilter *filter, gint64 *count, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && filter != NULL && count != NULL, FALSE);
  if (!check_expiring_filter (filter, error))
    return FALSE;
  g_autoptr (EpDbParams) params = expiring_params (filter);
  return run_count (conn, ctx, "ep_consent_expiring_count",
                    "SELECT count(*) AS n FROM consent" EXPIRING_WHERE, params, count, error);
}
