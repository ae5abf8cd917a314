/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * member-store.c: persons and memberships in PostgreSQL (see
 * member-store-private.h): resolving the household of a write, finding a
 * person by id or BSN pseudonym or creating them, joining them to the
 * household, and reading a household's members. Recording an intake and
 * creating a household both write members through here.
 */
#include "member-store-private.h"

#include "ep-bsn.h"
#include "ep-db-conn.h"
#include "ep-db-error.h"
#include "intake-error-private.h"

#include <string.h>

void
ep_member_write_init (EpMemberWrite *write, const EpIntake *intake, GBytes *pseudonym_key,
                      EpIntakeAuditQueue *audit)
{
  *write = (EpMemberWrite){ .intake = intake, .pseudonym_key = pseudonym_key, .audit = audit };
  write->person_ids = g_ptr_array_new_with_free_func (g_free);
}

void
ep_member_write_reset (EpMemberWrite *write)
{
  g_clear_pointer (&write->household_id, g_free);
  g_ptr_array_set_size (write->person_ids, 0);
}

void
ep_member_write_clear (EpMemberWrite *write)
{
  g_clear_pointer (&write->household_id, g_free);
  g_clear_pointer (&write->person_ids, g_ptr_array_unref);
}

void
ep_member_write_apply (EpMemberWrite *write, EpIntake *intake)
{
  g_free (intake->household.id);
  intake->household.id = g_steal_pointer (&write->household_id);
  for (guint i = 0; i < intake->persons->len && i < write->person_ids->len; i++)
    {
      EpIntakePerson *p = intake->persons->pdata[i];
      g_free (p->id);
      p->id = g_strdup (write->person_ids->pdata[i]);
    }
}

void
ep_household_member_free (EpHouseholdMember *m)
{
  g_free (m->membership_id);
  g_free (m->person_id);
  g_free (m->given_names);
  g_free (m->surname_prefix);
  g_free (m->surname);
  g_free (m->birth_date);
  g_free (m->valid_from);
  g_free (m->valid_to);
  g_free (m);
}

/* The membership of row @row (the columns of MEMBER_COLUMNS). */
static EpHouseholdMember *
member_at (const PGresult *res, int row)
{
  EpHouseholdMember *m = g_new0 (EpHouseholdMember, 1);
  m->membership_id = ep_db_dup_text (res, row, "id");
  m->person_id = ep_db_dup_text (res, row, "person_id");
  m->given_names = ep_db_dup_text (res, row, "voornamen");
  m->surname_prefix = ep_db_dup_text (res, row, "tussenvoegsel");
  m->surname = ep_db_dup_text (res, row, "achternaam");
  m->birth_date = ep_db_dup_text (res, row, "geboortedatum");
  m->role = ep_db_get_code (ep_vocab_gezinsrol (), res, row, "role");
  m->valid_from = ep_db_dup_text (res, row, "valid_from");
  m->valid_to = ep_db_dup_text (res, row, "valid_to");
  return m;
}

#define MEMBER_COLUMNS                                                                             \
  "hm.id, hm.household_id, hm.person_id, p.voornamen, p.tussenvoegsel, p.achternaam,"              \
  " p.geboortedatum::text AS geboortedatum, hm.role, hm.valid_from::text AS valid_from,"           \
  " hm.valid_to::text AS valid_to"

gboolean
ep_member_read_each (PGconn *conn, GPtrArray *households, GError **error)
{
  if (households->len == 0)
    return TRUE;
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GString) ids = g_string_new ("[");
  for (guint i = 0; i < households->len; i++)
    {
      EpHousehold *h = households->pdata[i];
      g_hash_table_insert (by_id, h->id, h);
      g_string_append_printf (ids, "%s\"%s\"", i > 0 ? "," : "", h->id); /* UUIDs: no escaping */
    }
  g_string_append_c (ids, ']');
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, ids->str);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_household_members_each",
    "SELECT " MEMBER_COLUMNS "  FROM household_member hm"
    "  JOIN person p ON p.gemeente = hm.gemeente AND p.id = hm.person_id"
    " WHERE hm.household_id IN (SELECT value::uuid FROM json_array_elements_text ($1::json))"
    " ORDER BY hm.household_id, hm.valid_from, hm.created_at",
    params, PGRES_TUPLES_OK, 0, "read members", error);
  if (res == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (res); row++)
    {
      EpHousehold *h = g_hash_table_lookup (by_id, ep_db_get_text (res, row, "household_id"));
      if (h != NULL)
        g_ptr_array_add (h->members, member_at (res, row));
    }
  return TRUE;
}

gboolean
ep_member_read (PGconn *conn, const gchar *household_id, GPtrArray *into, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, household_id);
  g_autoptr (PGresult) res
    = ep_db_exec_prepared (conn, "ep_household_members",
                           "SELECT " MEMBER_COLUMNS "  FROM household_member hm"
                           "  JOIN person p ON p.gemeente = hm.gemeente AND p.id = hm.person_id"
                           " WHERE hm.household_id = $1::uuid"
                           " ORDER BY hm.valid_from, hm.created_at",
                           params, PGRES_TUPLES_OK, 0, "read members", error);
  if (res == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (res); row++)
    g_ptr_array_add (into, member_at (res, row));
  return TRUE;
}

/* A known household named by id must be this municipality's, open to the
 * acting user (not shielded from them: household_assert_open, migration
 * 0008), and its address, where the intake gives it too, must be the one
 * recorded: an
 * intake does not move a household, and a mistyped id must not land the
 * story in a neighbour's file. With a huisnummer the toevoeging counts as a
 * whole: none given means none (12 is not 12A). */
gboolean
ep_member_check_household (PGconn *conn, const EpIntakeHousehold *given, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, given->id);
  g_autoptr (PGresult) stored = ep_db_exec_prepared (
    conn, "ep_intake_known_household",
    "SELECT postcode, huisnummer, huisnummer_toevoeging, household_assert_open (id)"
    "  FROM household WHERE id = $1::uuid",
    params, PGRES_TUPLES_OK, 0, "find household", error);
  if (stored == NULL)
    return FALSE;
  if (PQntuples (stored) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "household.id",
                              "geen huishouden van deze gemeente");

  static const gchar *const mismatch
    = "komt niet overeen met het vastgelegde adres van dit huishouden";
  const gchar *toevoeging = ep_db_get_text (stored, 0, "huisnummer_toevoeging");
  if (given->postcode != NULL
      && g_strcmp0 (given->postcode, ep_db_get_text (stored, 0, "postcode")) != 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, "household.postcode", mismatch);
  if (given->huisnummer > 0 && given->huisnummer != ep_db_get_int64 (stored, 0, "huisnummer", 0))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, "household.huisnummer", mismatch);
  if ((given->huisnummer > 0 || given->huisnummer_toevoeging != NULL)
      && g_ascii_strcasecmp (given->huisnummer_toevoeging ? given->huisnummer_toevoeging : "",
                             toevoeging ? toevoeging : "")
           != 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, "household.huisnummer_toevoeging",
                              mismatch);
  return TRUE;
}

gboolean
ep_member_resolve_household (PGconn *conn, EpMemberWrite *job, GError **error)
{
  const EpIntakeHousehold *h = &job->intake->household;
  if (h->id != NULL)
    {
      job->household_id = g_strdup (h->id);
      return TRUE;
    }
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, h->postcode);
  ep_db_params_add_int64 (params, h->huisnummer);
  ep_db_params_add_text (params, h->huisnummer_toevoeging);
  ep_db_params_add_text (params, h->wijk);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_intake_new_household",
    "INSERT INTO household (gemeente, postcode, huisnummer, huisnummer_toevoeging, wijk)"
    " VALUES (current_gemeente(), $1, $2, $3, $4) RETURNING id",
    params, PGRES_TUPLES_OK, 0, "create household", error);
  if (res == NULL)
    return FALSE;
  job->household_id = g_strdup (PQgetvalue (res, 0, 0));
  /* The address is in the household row; the trail says what happened. */
  ep_intake_audit_later (job->audit, "create", "household", job->household_id, NULL);
  return TRUE;
}

/* Under READ COMMITTED two writers can both miss a person (or a current
 * membership) and both insert it: the second gets a unique violation of
 * @constraint, the one the lookup before the insert stands for. Run the
 * transaction again (ep_db_run_tx retries serialization failures), and the
 * second attempt finds what the first writer made. A violation of another
 * constraint is no race: it is reported as it is. Returns FALSE. */
static gboolean
retry_if_raced (GError **error, const gchar *constraint)
{
  if (error != NULL && g_error_matches (*error, EP_DB_ERROR, EP_DB_ERROR_UNIQUE_VIOLATION)
      && g_strcmp0 (ep_db_error_get_constraint (*error), constraint) == 0)
    {
      g_autofree gchar *message = g_strdup ((*error)->message);
      g_clear_error (error);
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_SERIALIZATION_FAILURE,
                   "written at the same time by another transaction: %s", message);
    }
  return FALSE;
}

/* The person's id: given, found through the BSN pseudonym, or new. */
static gboolean
resolve_person (PGconn *conn, EpMemberWrite *job, guint index, gchar **person_id, GError **error)
{
  const EpIntakePerson *p = job->intake->persons->pdata[index];
  g_autofree gchar *path = g_strdup_printf ("persons[%u]", index);
  g_autofree gchar *pseudonym = NULL;

  if (p->bsn != NULL)
    {
      gsize key_len = 0;
      const guint8 *key = g_bytes_get_data (job->pseudonym_key, &key_len);
      pseudonym = ep_bsn_pseudonym (p->bsn, key, key_len, error);
      if (pseudonym == NULL)
        return FALSE;
    }

  /* The person named by id, or else the one with this BSN. */
  g_autoptr (EpDbParams) find = ep_db_params_new ();
  ep_db_params_add_text (find, p->id);
  ep_db_params_add_text (find, pseudonym);
  g_autoptr (PGresult) found
    = ep_db_exec_prepared (conn, "ep_intake_find_person",
                           "SELECT id, bsn_pseudonym IS NOT DISTINCT FROM $2 AS same_bsn,"
                           "       lower(achternaam) AS surname, geboortedatum::text AS birth_date"
                           "  FROM person WHERE ($1::uuid IS NOT NULL AND id = $1::uuid)"
                           "    OR ($1::uuid IS NULL AND $2 IS NOT NULL AND bsn_pseudonym = $2)",
                           find, PGRES_TUPLES_OK, 0, "find person", error);
  if (found == NULL)
    return FALSE;
  if (PQntuples (found) == 0 && p->id != NULL)
    {
      g_autofree gchar *at = g_strconcat (path, ".id", NULL);
      return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, at,
                                "geen persoon van deze gemeente");
    }
  if (PQntuples (found) == 1)
    {
      /* A BSN or a name that does not match is a mistyped BSN or id: linking
       * the intake to someone else is worse than asking again. */
      g_autofree gchar *at = NULL;
      g_autofree gchar *surname = p->surname ? g_utf8_strdown (p->surname, -1) : NULL;
      if (p->bsn != NULL && !ep_db_get_bool (found, 0, "same_bsn"))
        at = g_strconcat (path, ".bsn", NULL);
      else if (surname != NULL && !ep_db_is_null (found, 0, "surname")
               && strcmp (ep_db_get_text (found, 0, "surname"), surname) != 0)
        at = g_strconcat (path, ".surname", NULL);
      else if (p->birth_date != NULL && !ep_db_is_null (found, 0, "birth_date")
               && strcmp (ep_db_get_text (found, 0, "birth_date"), p->birth_date) != 0)
        at = g_strconcat (path, ".birth_date", NULL);
      if (at != NULL)
        return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, at,
                                  "wijkt af van de bekende persoon met dit %s; controleer het",
                                  p->id != NULL ? "id" : "BSN");
      *person_id = g_strdup (ep_db_get_text (found, 0, "id"));
      return TRUE;
    }

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, pseudonym);
  ep_db_params_add_text (params, p->given_names);
  ep_db_params_add_text (params, p->surname_prefix);
  ep_db_params_add_text (params, p->surname);
  ep_db_params_add_text (params, p->birth_date);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_intake_new_person",
    "INSERT INTO person (gemeente, bsn_pseudonym, voornamen, tussenvoegsel, achternaam,"
    "                    geboortedatum)"
    " VALUES (current_gemeente(), $1, $2, $3, $4, $5::date) RETURNING id",
    params, PGRES_TUPLES_OK, 0, "create person", error);
  if (res == NULL)
    return retry_if_raced (error, "person_gemeente_bsn_pseudonym_key");
  *person_id = g_strdup (PQgetvalue (res, 0, 0));
  /* No name or BSN in the trail: the person's id says who. */
  ep_intake_audit_later (job->audit, "create", "person", *person_id, NULL);
  return TRUE;
}

/* Makes the person an active member of the household, unless they are. */
static gboolean
ensure_member (PGconn *conn, EpMemberWrite *job, guint index, const gchar *person_id,
               GError **error)
{
  const EpIntakePerson *p = job->intake->persons->pdata[index];
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, person_id);
  g_autoptr (PGresult) res
    = ep_db_exec_prepared (conn, "ep_intake_current_household",
                           "SELECT household_id FROM household_member"
                           " WHERE person_id = $1::uuid AND valid_to IS NULL",
                           params, PGRES_TUPLES_OK, 0, "find membership", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      if (strcmp (PQgetvalue (res, 0, 0), job->household_id) == 0)
        return TRUE;
      g_autofree gchar *at = g_strdup_printf ("persons[%u]", index);
      return ep_intake_fail_at (
        error, EP_INTAKE_ERROR_MEMBER_ELSEWHERE, at,
        "is nog lid van een ander huishouden; beëindig dat lidmaatschap eerst");
    }

  g_autoptr (EpDbParams) join = ep_db_params_new ();
  ep_db_params_add_text (join, job->household_id);
  ep_db_params_add_text (join, person_id);
  ep_db_params_add_text (join, ep_gezinsrol_code (p->role));
  ep_db_params_add_text (join, job->intake->date);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (PGresult) joined = ep_db_exec_prepared (
    conn, "ep_intake_join_household",
    "INSERT INTO household_member (gemeente, household_id, person_id, role, valid_from)"
    " VALUES (current_gemeente(), $1::uuid, $2::uuid, $3, $4::date) RETURNING id",
    join, PGRES_TUPLES_OK, 0, "join household", &local_error);
  if (joined == NULL)
    {
      if (g_error_matches (local_error, EP_DB_ERROR, EP_DB_ERROR_EXCLUSION_VIOLATION))
        {
          g_autofree gchar *at = g_strdup_printf ("persons[%u]", index);
          return ep_intake_fail_at (error, EP_INTAKE_ERROR_MEMBER_ELSEWHERE, at,
                                    "was op %s lid van een ander huishouden", job->intake->date);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return retry_if_raced (error, "household_member_current");
    }
  ep_intake_audit_later (job->audit, "join", "household_member", PQgetvalue (joined, 0, 0),
                         ep_intake_change_of ("role", ep_gezinsrol_code (p->role)));
  return TRUE;
}

gboolean
ep_member_resolve_members (PGconn *conn, EpMemberWrite *job, GError **error)
{
  for (guint i = 0; i < job->intake->persons->len; i++)
    {
      gchar *person_id = NULL;
      if (!resolve_person (conn, job, i, &person_id, error))
        return FALSE;
      g_ptr_array_add (job->person_ids, person_id);
      for (guint j = 0; j < i; j++)
        if (strcmp (job->person_ids->pdata[j], person_id) == 0)
          {
            g_autofree gchar *at = g_strdup_printf ("persons[%u]", i);
            return ep_intake_fail_at (error, EP_INTAKE_ERROR_DUPLICATE, at,
                                      "dezelfde persoon als persons[%u]", j);
          }
      if (!ensure_member (conn, job, i, person_id, error))
        return FALSE;
    }
  return TRUE;
}
