/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * partner-households.c: the households a partner organisation may see today, a page at a time,
 * each with only what its consents in effect give (ep_partner_households, see ep-household.h),
 * and their JSON. One reading transaction: the households (held to their shields as every read
 * of a household is, through household_access()), their consents, the members of those whose
 * consent gives basisgegevens, and one access-log row per household shown.
 */
#include "ep-household.h"

#include "consent-store-private.h"
#include "household-json-private.h"
#include "intake-error-private.h"
#include "intake-json-private.h"
#include "lists-private.h"

#include "ep-access-log.h"
#include "ep-db-conn.h"
#include "ep-intake-json.h"
#include "ep-intake-lists.h"
#include "ep-intake-store.h"

/* A consent that names organisation $n and is in effect today (as ep_consent_allows() says). */
#define IN_EFFECT(n)                                                                               \
  "organisatie = $" n " AND ingetrokken_op IS NULL AND verleend_op <= current_date"                \
  " AND geldig_tot >= current_date"

void
ep_partner_household_free (EpPartnerHousehold *household)
{
  if (household == NULL)
    return;
  g_free (household->id);
  g_free (household->postcode);
  g_free (household->huisnummer_toevoeging);
  g_free (household->wijk);
  g_ptr_array_unref (household->members);
  g_ptr_array_unref (household->consents);
  g_free (household);
}

JsonNode *
ep_partner_household_to_json (const EpPartnerHousehold *household)
{
  g_return_val_if_fail (household != NULL, NULL);
  g_autoptr (JsonBuilder) b = ep_household_json_begin (household->id, household->shielded);
  if (household->basisgegevens)
    {
      ep_household_json_add_address (b, household->postcode, household->huisnummer,
                                     household->huisnummer_toevoeging, household->wijk);
      ep_intake_begin_list (b, "members"); /* (only person_id, names and role are set) */
      for (guint i = 0; i < household->members->len; i++)
        ep_household_json_add_member (b, household->members->pdata[i]);
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "consents");
  json_builder_begin_array (b);
  for (guint i = 0; i < household->consents->len; i++)
    json_builder_add_value (b, ep_consent_to_json (household->consents->pdata[i], household->id));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The ids of @found as a JSON array, for json_array_elements_text(); with @basis, only of those
 * whose consent gives basisgegevens. Returns: (transfer full). */
static gchar *
ids_of (const GPtrArray *found, gboolean basis)
{
  GString *ids = g_string_new ("[");
  gboolean first = TRUE;
  for (guint i = 0; i < found->len; i++)
    {
      const EpPartnerHousehold *h = found->pdata[i];
      if (basis && !h->basisgegevens)
        continue;
      g_string_append_printf (ids, "%s\"%s\"", first ? "" : ",", h->id); /* UUIDs: no escaping */
      first = FALSE;
    }
  g_string_append_c (ids, ']');
  return g_string_free (ids, FALSE);
}

static EpPartnerHousehold *
find_in (GHashTable *by_id, const PGresult *res, int row)
{
  EpPartnerHousehold *h = g_hash_table_lookup (by_id, ep_db_get_text (res, row, "household_id"));
  g_return_val_if_fail (h != NULL, NULL);
  return h;
}

/* The consents in effect of the households of the page, each into its household. */
static gboolean
read_consents (PGconn *conn, const gchar *organisation, GPtrArray *found, GHashTable *by_id,
               GError **error)
{
  g_autofree gchar *ids = ids_of (found, FALSE);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, ids);
  ep_db_params_add_text (params, organisation);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_partner_household_consents",
    "SELECT " CONSENT_COLUMNS ", household_id FROM consent"
    " WHERE household_id IN (SELECT value::uuid FROM json_array_elements_text ($1::json))"
    "   AND " IN_EFFECT ("2") " ORDER BY created_at, coalesce (intake_position, -1), id",
    params, PGRES_TUPLES_OK, 0, "read consents of the partner's households", error);
  if (res == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (res); row++)
    {
      EpIntakeConsent *c = ep_consent_at (res, row, error);
      if (c == NULL)
        return FALSE;
      EpPartnerHousehold *h = find_in (by_id, res, row);
      if (h != NULL)
        g_ptr_array_add (h->consents, c);
      else
        ep_intake_consent_free (c);
    }
  return TRUE;
}

/* The current members of the households whose consent gives basisgegevens: their names and
 * role, nothing more read. */
static gboolean
read_members (PGconn *conn, GPtrArray *found, GHashTable *by_id, GError **error)
{
  g_autofree gchar *ids = ids_of (found, TRUE);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, ids);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_partner_household_members",
    "SELECT hm.household_id, hm.person_id, p.voornamen, p.tussenvoegsel, p.achternaam, hm.role"
    "  FROM household_member hm"
    "  JOIN person p ON p.gemeente = hm.gemeente AND p.id = hm.person_id"
    " WHERE hm.household_id IN (SELECT value::uuid FROM json_array_elements_text ($1::json))"
    "   AND hm.valid_from <= current_date"
    "   AND (hm.valid_to IS NULL OR hm.valid_to > current_date)"
    " ORDER BY hm.household_id, hm.valid_from, hm.created_at",
    params, PGRES_TUPLES_OK, 0, "read members of the partner's households", error);
  if (res == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (res); row++)
    {
      EpPartnerHousehold *h = find_in (by_id, res, row);
      if (h == NULL)
        continue;
      EpHouseholdMember *m = g_new0 (EpHouseholdMember, 1);
      m->person_id = ep_db_dup_text (res, row, "person_id");
      m->given_names = ep_db_dup_text (res, row, "voornamen");
      m->surname_prefix = ep_db_dup_text (res, row, "tussenvoegsel");
      m->surname = ep_db_dup_text (res, row, "achternaam");
      m->role = ep_db_get_code (ep_vocab_gezinsrol (), res, row, "role");
      g_ptr_array_add (h->members, m);
    }
  return TRUE;
}

static gboolean
partner_body (PGconn *conn, gpointer user_data, GError **error)
{
  EpListJob *job = user_data;
  const EpPartnerHouseholdFilter *f = job->filter;
  g_clear_pointer (&job->found, g_ptr_array_unref);
  g_clear_pointer (&job->next, g_free);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, f->organisation);
  ep_db_params_add_text (params, f->cursor);
  ep_db_params_add_int64 (params, job->page + 1);
  /* The address is not even read where no consent gives basisgegevens. */
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_partner_households",
    "WITH given AS ("
    "  SELECT household_id, bool_or ('basisgegevens' = ANY (gegevens)) AS basis FROM consent"
    "   WHERE " IN_EFFECT (
      "1") " GROUP BY household_id)"
           "SELECT h.id, a.access <> 'open' AS shielded, g.basis,"
           "       CASE WHEN g.basis THEN h.postcode END AS postcode,"
           "       CASE WHEN g.basis THEN h.huisnummer END AS huisnummer,"
           "       CASE WHEN g.basis THEN h.huisnummer_toevoeging END AS huisnummer_toevoeging,"
           "       CASE WHEN g.basis THEN h.wijk END AS wijk"
           "  FROM given g JOIN household h ON h.id = g.household_id"
           " CROSS JOIN LATERAL (SELECT household_access (h.id) AS access) a"
           " WHERE a.access <> 'refused'"
           "   AND ($2::uuid IS NULL OR (h.created_at, h.id)"
           "        > (SELECT created_at, id FROM household WHERE id = $2::uuid))"
           " ORDER BY h.created_at, h.id LIMIT $3",
    params, PGRES_TUPLES_OK, 0, "list the partner's households", error);
  if (res == NULL)
    return FALSE;
  job->found = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_partner_household_free);
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (int row = 0; row < PQntuples (res) && (guint) row < job->page; row++)
    {
      EpPartnerHousehold *h = g_new0 (EpPartnerHousehold, 1);
      g_ptr_array_add (job->found, h);
      h->id = ep_db_dup_text (res, row, "id");
      h->shielded = ep_db_get_bool (res, row, "shielded");
      h->basisgegevens = ep_db_get_bool (res, row, "basis");
      h->postcode = ep_db_dup_text (res, row, "postcode");
      h->huisnummer = (gint) ep_db_get_int64 (res, row, "huisnummer", 0);
      h->huisnummer_toevoeging = ep_db_dup_text (res, row, "huisnummer_toevoeging");
      h->wijk = ep_db_dup_text (res, row, "wijk");
      h->members = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_household_member_free);
      h->consents = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_intake_consent_free);
      g_hash_table_insert (by_id, h->id, h);
    }
  if ((guint) PQntuples (res) > job->page)
    job->next = ep_db_dup_text (res, (int) job->page - 1, "id");
  if (job->found->len == 0)
    return TRUE;
  if (!read_consents (conn, f->organisation, job->found, by_id, error)
      || !read_members (conn, job->found, by_id, error))
    return FALSE;
  /* NEN 7513: which households the partner was shown, one row each, in one statement. */
  g_autofree const gchar **ids = g_new0 (const gchar *, job->found->len + 1);
  for (guint i = 0; i < job->found->len; i++)
    ids[i] = ((EpPartnerHousehold *) job->found->pdata[i])->id;
  EpAccessEvent event
    = { .action = "search", .entity_type = "household", .purpose = EP_PARTNER_PURPOSE };
  return ep_access_log_record_each (conn, &event, ids, ids, job->found->len, error);
}

GPtrArray *
ep_partner_households (PGconn *conn, const EpDbTxContext *ctx,
                       const EpPartnerHouseholdFilter *filter, gchar **next_cursor, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && filter != NULL, NULL);
  g_return_val_if_fail (filter->organisation != NULL, NULL);
  EpListJob job = { filter };
  if (!ep_list_check_page (filter->limit, filter->cursor, &job.page, error))
    return NULL;
  /* One snapshot: the consents and members read are those of the households listed. */
  EpDbTxContext snapshot = *ctx;
  snapshot.isolation = EP_DB_REPEATABLE_READ;
  return ep_list_run_page (conn, &snapshot, partner_body, &job, next_cursor, error);
}
