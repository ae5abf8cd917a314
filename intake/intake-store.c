/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-store.c: intakes in PostgreSQL (see ep-intake-store.h).
 *
 * A write is one transaction: references are checked first (so a wrong id
 * is reported by its JSON path, not as a foreign-key violation), then the
 * household, persons and memberships, the intake row, its parts, its
 * consents, and the audit events. The parts of an intake go in with one
 * statement per table: the rows travel as one JSON parameter that
 * json_to_recordset() unpacks, so nothing is quoted by hand and an intake
 * costs a handful of round trips, not one per row.
 *
 * The transaction body may run more than once (ep_db_run_tx retries
 * serialization failures), so what it assigns is kept in the RecordJob and
 * copied into the caller's intake only after the commit.
 */
#include "ep-intake-store.h"
#include "ep-household.h"
#include "intake-private.h"

#include "ep-access-log.h"
#include "ep-audit-record.h"
#include "ep-bsn.h"
#include "ep-db-conn.h"
#include "ep-db-error.h"
#include "ep-json.h"
#include "ep-time.h"
#include "ep-uuid.h"

#include <string.h>

/* @column (a timestamptz) as the text the JSON carries: UTC, ISO 8601, milliseconds.
 * clang-format tears a query apart around this macro where the query has more than one line,
 * so those queries are kept as written between clang-format off and on. */
#define UTC_ISO(column)                                                                            \
  "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/* ---- small helpers ------------------------------------------------------------------------ */

PGresult *
ep_intake_audited_change (PGconn *conn, const gchar *statement, const gchar *what, const gchar *sql,
                          EpDbParams *params, const gchar *action, const gchar *entity_type,
                          const gchar *entity_id, const gchar *household_id, JsonNode *change,
                          GError **error)
{
  EpAuditEvent event = { .action = action,
                         .entity_type = entity_type,
                         .entity_id = entity_id,
                         .household_id = household_id,
                         .purpose = EP_INTAKE_PURPOSE,
                         .change = change };
  return ep_audit_record_change (conn, statement, sql, params, &event, what, error);
}

/* A one-member JSON object {"name": value} for an audit change. */
JsonNode *
ep_intake_change_of (const gchar *name, const gchar *value)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
ep_intake_log_access (PGconn *conn, const gchar *action, const gchar *entity_type,
                      const gchar *entity_id, const gchar *household_id, GError **error)
{
  EpAccessEvent access = { .action = action,
                           .entity_type = entity_type,
                           .entity_id = entity_id,
                           .household_id = household_id,
                           .purpose = EP_INTAKE_PURPOSE };
  return ep_access_log_record (conn, &access, error);
}

/* An intake id that is not even a UUID names no intake. */
static gboolean
check_intake_id (const gchar *id, GError **error)
{
  if (ep_uuid_validate (id, NULL))
    return TRUE;
  return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id", "geen geldige intake-id");
}

/* ---- recording ---------------------------------------------------------------------------- */

typedef struct
{
  EpIntake *intake;
  GBytes *pseudonym_key;
  /* Assigned in the transaction; copied into @intake after the commit. */
  gchar *intake_id;
  gint version;
  gchar *household_id;
  GPtrArray *person_ids; /* per person */
  GPtrArray *need_ids;   /* per need */
  GPtrArray *consent_ids;
  gchar *created_by;
  gchar *created_at;
  /* The write's audit events, appended together as its last statement. */
  GArray *events;     /* EpAuditEvent; strings borrowed from @strings */
  GPtrArray *strings; /* owned entity ids */
  GPtrArray *changes; /* owned JsonNodes */
} RecordJob;

static void
record_job_reset (RecordJob *job)
{
  g_clear_pointer (&job->intake_id, g_free);
  g_clear_pointer (&job->household_id, g_free);
  g_clear_pointer (&job->created_by, g_free);
  g_clear_pointer (&job->created_at, g_free);
  g_ptr_array_set_size (job->person_ids, 0);
  g_ptr_array_set_size (job->need_ids, 0);
  g_ptr_array_set_size (job->consent_ids, 0);
  g_array_set_size (job->events, 0);
  g_ptr_array_set_size (job->strings, 0);
  g_ptr_array_set_size (job->changes, 0);
  job->version = 0;
}

/* Queues an audit event of this write; @change is taken over. */
static void
audit_later (RecordJob *job, const gchar *action, const gchar *entity_type, const gchar *entity_id,
             JsonNode *change)
{
  gchar *id = g_strdup (entity_id);
  g_ptr_array_add (job->strings, id);
  if (change != NULL)
    g_ptr_array_add (job->changes, change);
  EpAuditEvent event = { .action = action,
                         .entity_type = entity_type,
                         .entity_id = id,
                         .purpose = EP_INTAKE_PURPOSE,
                         .change = change };
  g_array_append_val (job->events, event);
}

/* Appends the queued events; they all concern the write's household. */
static gboolean
flush_audit (PGconn *conn, RecordJob *job, GError **error)
{
  for (guint i = 0; i < job->events->len; i++)
    g_array_index (job->events, EpAuditEvent, i).household_id = job->household_id;
  return ep_audit_record_many (conn, (const EpAuditEvent *) job->events->data, job->events->len,
                               error);
}

/* Where carried items say they came from, and at which JSON paths: for a
 * person or a strength, an earlier intake; for a need, an earlier need. The
 * ids travel as JSON arrays (json_array_elements_text). */
typedef struct
{
  JsonArray *intakes;
  JsonArray *needs;
  GPtrArray *intake_paths;
  GPtrArray *need_paths;
} CarriedRefs;

static void
carried_refs_clear (CarriedRefs *refs)
{
  g_clear_pointer (&refs->intakes, json_array_unref);
  g_clear_pointer (&refs->needs, json_array_unref);
  g_clear_pointer (&refs->intake_paths, g_ptr_array_unref);
  g_clear_pointer (&refs->need_paths, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CarriedRefs, carried_refs_clear)

/* Adds @id at @path (taken over), unless it is not a UUID at all: a caller
 * that builds an EpIntake by hand gets the same error as the JSON reader's. */
static gboolean
carried_ref_add (JsonArray *ids, GPtrArray *paths, const gchar *id, gchar *path, GError **error)
{
  g_ptr_array_add (paths, path);
  if (!ep_uuid_validate (id, NULL))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, path,
                              "moet een UUID zijn (8-4-4-4-12 hexadecimaal)");
  json_array_add_string_element (ids, id);
  return TRUE;
}

static gboolean
carried_refs_collect (const EpIntake *intake, CarriedRefs *refs, GError **error)
{
  refs->intakes = json_array_new ();
  refs->needs = json_array_new ();
  refs->intake_paths = g_ptr_array_new_with_free_func (g_free);
  refs->need_paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < intake->persons->len; i++)
    {
      const EpIntakePerson *p = intake->persons->pdata[i];
      if (p->carried_from != NULL
          && !carried_ref_add (refs->intakes, refs->intake_paths, p->carried_from,
                               g_strdup_printf ("persons[%u].carried_from", i), error))
        return FALSE;
    }
  for (guint i = 0; i < intake->strengths->len; i++)
    {
      const EpIntakeStrength *st = intake->strengths->pdata[i];
      if (st->carried_from != NULL
          && !carried_ref_add (refs->intakes, refs->intake_paths, st->carried_from,
                               g_strdup_printf ("strengths[%u].carried_from", i), error))
        return FALSE;
    }
  for (guint i = 0; i < intake->needs->len; i++)
    {
      const EpIntakeNeed *n = intake->needs->pdata[i];
      if (n->carried_from != NULL
          && !carried_ref_add (refs->needs, refs->need_paths, n->carried_from,
                               g_strdup_printf ("needs[%u].carried_from", i), error))
        return FALSE;
    }
  return TRUE;
}

static gchar *
json_array_text (JsonArray *array)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return json_to_string (node, FALSE);
}

/* The path of the @place-th (1-based, from SQL) carried item; @place is in
 * range, as the query numbers the ids it was given. */
static const gchar *
carried_path (GPtrArray *paths, gint64 place)
{
  g_return_val_if_fail (place >= 1 && place <= (gint64) paths->len, "carried_from");
  return paths->pdata[place - 1];
}

/* A known household named by id must be this municipality's, and its
 * address, where the intake gives it too, must be the one recorded: an
 * intake does not move a household, and a mistyped id must not land the
 * story in a neighbour's file. With a huisnummer the toevoeging counts as a
 * whole: none given means none (12 is not 12A). */
static gboolean
check_known_household (PGconn *conn, const EpIntakeHousehold *given, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, given->id);
  g_autoptr (PGresult) stored = ep_db_exec_prepared (
    conn, "ep_intake_known_household",
    "SELECT postcode, huisnummer, huisnummer_toevoeging FROM household WHERE id = $1::uuid", params,
    PGRES_TUPLES_OK, 0, "find household", error);
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

/* The carried items come from this household (@household_id): each person's
 * and strength's intake, each need. Checked only when something is carried:
 * planning this statement costs a new intake more than running it. */
static gboolean
check_carried (PGconn *conn, const gchar *household_id, const CarriedRefs *carried, GError **error)
{
  if (json_array_get_length (carried->intakes) == 0 && json_array_get_length (carried->needs) == 0)
    return TRUE;
  g_autofree gchar *carried_intakes = json_array_text (carried->intakes);
  g_autofree gchar *carried_needs = json_array_text (carried->needs);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, household_id);
  ep_db_params_add_text (params, carried_intakes);
  ep_db_params_add_text (params, carried_needs);
  /* The place (1-based) of the first that does not come from here, or 0. */
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_intake_carried_references",
    "SELECT coalesce((SELECT min(t.n) FROM json_array_elements_text($2::json)"
    "                                      WITH ORDINALITY AS t (id, n)"
    "                  WHERE NOT EXISTS (SELECT FROM intake i"
    "                                     WHERE i.id = t.id::uuid"
    "                                       AND i.household_id = $1::uuid)),"
    "                0) AS carried_intake,"
    "       coalesce((SELECT min(t.n) FROM json_array_elements_text($3::json)"
    "                                      WITH ORDINALITY AS t (id, n)"
    "                  WHERE NOT EXISTS (SELECT FROM intake_need nd JOIN intake i"
    "                                         ON i.id = nd.intake_id"
    "                                     WHERE nd.id = t.id::uuid"
    "                                       AND i.household_id = $1::uuid)),"
    "                0) AS carried_need",
    params, PGRES_TUPLES_OK, 0, "check carried references", error);
  if (res == NULL)
    return FALSE;
  gint64 intake_at = ep_db_get_int64 (res, 0, "carried_intake", 0);
  if (intake_at > 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND,
                              carried_path (carried->intake_paths, intake_at),
                              "geen eerdere intake van dit huishouden");
  gint64 need_at = ep_db_get_int64 (res, 0, "carried_need", 0);
  if (need_at > 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND,
                              carried_path (carried->need_paths, need_at),
                              "geen eerdere hulpvraag van dit huishouden");
  return TRUE;
}

/* The vindplaats, contact, template and household an intake names must exist
 * here, and what it carries forward must come from this household's earlier
 * intakes. */
static gboolean
check_references (PGconn *conn, const EpIntake *intake, GError **error)
{
  g_auto (CarriedRefs) carried = { 0 };
  if (!carried_refs_collect (intake, &carried, error))
    return FALSE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, intake->vindplaats_id);
  ep_db_params_add_text (params, intake->contact_id);
  ep_db_params_add_text (params, intake->template_version);
  ep_db_params_add_text (params, intake->household.id);
  ep_db_params_add_text (params, intake->carried_from);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_intake_references",
    "SELECT EXISTS (SELECT FROM vindplaats WHERE id = $1::uuid AND active) AS vindplaats,"
    "       $2::uuid IS NULL OR EXISTS (SELECT FROM contact WHERE id = $2::uuid) AS contact,"
    "       EXISTS (SELECT FROM intake_template WHERE version = $3) AS template,"
    "       $5::uuid IS NULL OR EXISTS (SELECT FROM intake WHERE id = $5::uuid"
    "                                       AND household_id = $4::uuid) AS carried_from",
    params, PGRES_TUPLES_OK, 0, "check intake references", error);
  if (res == NULL)
    return FALSE;
  if (!ep_db_get_bool (res, 0, "vindplaats"))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "vindplaats_id",
                              "geen (actieve) vindplaats van deze gemeente");
  if (!ep_db_get_bool (res, 0, "contact"))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "contact_id",
                              "geen contact van deze gemeente");
  if (!ep_db_get_bool (res, 0, "template"))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "template_version",
                              "onbekende versie van de vragenlijst");
  if (intake->household.id != NULL && !check_known_household (conn, &intake->household, error))
    return FALSE;
  if (!ep_db_get_bool (res, 0, "carried_from"))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "carried_from",
                              "geen eerdere intake van dit huishouden");
  return check_carried (conn, intake->household.id, &carried, error);
}

static gboolean
resolve_household (PGconn *conn, RecordJob *job, GError **error)
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
  audit_later (job, "create", "household", job->household_id, NULL);
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
resolve_person (PGconn *conn, RecordJob *job, guint index, gchar **person_id, GError **error)
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
  audit_later (job, "create", "person", *person_id, NULL);
  return TRUE;
}

/* Makes the person an active member of the household, unless they are. */
static gboolean
ensure_member (PGconn *conn, RecordJob *job, guint index, const gchar *person_id, GError **error)
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
  audit_later (job, "join", "household_member", PQgetvalue (joined, 0, 0),
               ep_intake_change_of ("role", ep_gezinsrol_code (p->role)));
  return TRUE;
}

/* Every person of the write: found or created, and a current member. */
static gboolean
resolve_members (PGconn *conn, RecordJob *job, GError **error)
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

/* Rule from Hengelo: the first support intake of a household is a home
 * visit; another form needs a reason. */
static gboolean
check_first_is_home_visit (PGconn *conn, RecordJob *job, GError **error)
{
  const EpIntake *intake = job->intake;
  if (intake->form == EP_INTAKE_VORM_HUISBEZOEK || intake->form_reason != NULL)
    return TRUE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->household_id);
  ep_db_params_add_text (params, intake->id);
  g_autoptr (PGresult) res
    = ep_db_exec_prepared (conn, "ep_intake_earlier",
                           "SELECT EXISTS (SELECT FROM intake WHERE household_id = $1::uuid"
                           "                AND ($2::uuid IS NULL OR id <> $2::uuid))",
                           params, PGRES_TUPLES_OK, 0, "find earlier intakes", error);
  if (res == NULL)
    return FALSE;
  if (strcmp (PQgetvalue (res, 0, 0), "t") == 0)
    return TRUE;
  return ep_intake_fail_at (
    error, EP_INTAKE_ERROR_RULE, "form_reason",
    "de eerste intake van een huishouden is een huisbezoek; geef een reden voor %s",
    ep_intake_vorm_code (intake->form));
}

/* Inserts a new draft, or replaces a draft whose version is @intake->version. */
static gboolean
write_intake_row (PGconn *conn, RecordJob *job, GError **error)
{
  const EpIntake *intake = job->intake;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->household_id);
  ep_db_params_add_text (params, intake->contact_id);
  ep_db_params_add_text (params, intake->vindplaats_id);
  ep_db_params_add_text (params, intake->template_version);
  ep_db_params_add_text (params, ep_intake_vorm_code (intake->form));
  ep_db_params_add_text (params, intake->form_reason);
  ep_db_params_add_text (params, intake->date);
  ep_db_params_add_text (params, intake->place);
  ep_db_params_add_text (params, intake->main_problem);

/* What the store assigns, returned by the insert and the update alike. */
#define INTAKE_RETURNING                                                                           \
  " RETURNING id, version, created_by,"                                                            \
  " " UTC_ISO ("created_at") " AS created_at"
  g_autoptr (PGresult) res = NULL;
  if (intake->id == NULL)
    {
      ep_db_params_add_text (params, intake->carried_from);
      res = ep_db_exec_prepared (
        conn, "ep_intake_insert",
        "INSERT INTO intake (gemeente, household_id, contact_id, vindplaats_id,"
        "                    template_version, vorm, vorm_reden, datum, plaats, hoofdprobleem,"
        "                    carried_from)"
        " VALUES (current_gemeente(), $1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7::date, $8, $9,"
        "         $10::uuid)" INTAKE_RETURNING,
        params, PGRES_TUPLES_OK, 0, "create intake", error);
    }
  else
    {
      ep_db_params_add_text (params, intake->id);
      ep_db_params_add_int64 (params, intake->version);
      res = ep_db_exec_prepared (
        conn, "ep_intake_update",
        "UPDATE intake SET household_id = $1::uuid, contact_id = $2::uuid,"
        "  vindplaats_id = $3::uuid, template_version = $4, vorm = $5,"
        "  vorm_reden = $6, datum = $7::date, plaats = $8, hoofdprobleem = $9,"
        "  version = version + 1, updated_at = now()"
        " WHERE id = $10::uuid AND version = $11 AND status = 'draft'" INTAKE_RETURNING,
        params, PGRES_TUPLES_OK, 0, "update intake", error);
    }
#undef INTAKE_RETURNING
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      /* Nothing matched: say why. */
      g_autoptr (EpDbParams) id = ep_db_params_new ();
      ep_db_params_add_text (id, intake->id);
      g_autoptr (PGresult) found
        = ep_db_exec (conn, "SELECT status, version FROM intake WHERE id = $1::uuid FOR SHARE", id,
                      PGRES_TUPLES_OK, "find intake", error);
      if (found == NULL)
        return FALSE;
      if (PQntuples (found) == 0)
        return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id",
                                  "geen intake van deze gemeente");
      if (strcmp (ep_db_get_text (found, 0, "status"), EP_INTAKE_STATUS_FINALISED) == 0)
        return ep_intake_fail_at (error, EP_INTAKE_ERROR_FINALISED, "id",
                                  "de intake is definitief; leg een correctie vast als addendum");
      return ep_intake_fail_at (error, EP_INTAKE_ERROR_STALE, "version",
                                "de intake is intussen gewijzigd (nu versie %s); laad haar opnieuw",
                                ep_db_get_text (found, 0, "version"));
    }
  job->intake_id = g_strdup (ep_db_get_text (res, 0, "id"));
  job->version = (gint) ep_db_get_int64 (res, 0, "version", 0);
  job->created_by = g_strdup (ep_db_get_text (res, 0, "created_by"));
  job->created_at = g_strdup (ep_db_get_text (res, 0, "created_at"));
  return TRUE;
}

/* ---- the parts, one statement per table ------------------------------------------------- */

typedef void (*AddRowFunc) (JsonBuilder *b, const RecordJob *job, gconstpointer item);

static void
set_text (JsonBuilder *b, const gchar *name, const gchar *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
set_int (JsonBuilder *b, const gchar *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

/* The rows of @items as a JSON array, each with its position. */
static gchar *
rows_json (const RecordJob *job, GPtrArray *items, AddRowFunc add_row)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    {
      json_builder_begin_object (b);
      set_int (b, "position", i);
      add_row (b, job, items->pdata[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return ep_json_to_string (root, FALSE);
}

/* Runs @sql ($1 intake id, $2 the rows as JSON) when @items is not empty. */
static gboolean
insert_rows (PGconn *conn, const RecordJob *job, GPtrArray *items, AddRowFunc add_row,
             const gchar *statement, const gchar *sql, GError **error)
{
  if (items->len == 0)
    return TRUE;
  g_autofree gchar *rows = rows_json (job, items, add_row);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->intake_id);
  ep_db_params_add_text (params, rows);
  g_autoptr (PGresult) res
    = ep_db_exec_prepared (conn, statement, sql, params, PGRES_COMMAND_OK, 0, statement, error);
  return res != NULL;
}

static void
add_person_row (JsonBuilder *b, const RecordJob *job, gconstpointer item)
{
  const EpIntakePerson *p = item;
  guint i = 0;
  while (job->intake->persons->pdata[i] != p)
    i++;
  set_text (b, "ref", p->ref);
  set_text (b, "person_id", job->person_ids->pdata[i]);
  set_text (b, "role", ep_gezinsrol_code (p->role));
  set_text (b, "carried_from", p->carried_from);
}

static void
add_participant_row (JsonBuilder *b, const RecordJob *job, gconstpointer item)
{
  const EpIntakeParticipant *p = item;
  set_text (b, "soort", ep_deelnemer_code (p->kind));
  set_text (b, "person_ref", p->person);
  set_text (b, "naam", p->name);
  set_text (b, "organisatie", p->organisation);
  set_text (b, "rol", p->role);
}

static void
add_assessment_row (JsonBuilder *b, const RecordJob *job, gconstpointer item)
{
  const EpIntakeAssessment *a = item;
  set_text (b, "person_ref", a->person);
  set_text (b, "leefgebied", ep_leefgebied_code (a->domain));
  json_builder_set_member_name (b, "score");
  if (a->score > 0)
    json_builder_add_int_value (b, a->score);
  else
    json_builder_add_null_value (b);
  set_text (b, "toelichting", a->explanation);
}

static void
add_health_row (JsonBuilder *b, const RecordJob *job, gconstpointer item)
{
  const EpIntakeHealth *h = item;
  set_text (b, "person_ref", h->person);
  set_text (b, "dimensie", ep_gezondheid_dimensie_code (h->dimension));
  set_int (b, "cijfer", h->rating);
}

static void
add_strength_row (JsonBuilder *b, const RecordJob *job, gconstpointer item)
{
  const EpIntakeStrength *s = item;
  set_text (b, "person_ref", s->person);
  set_text (b, "soort", s->network ? "netwerk" : "eigen_kracht");
  set_text (b, "omschrijving", s->description);
  set_text (b, "carried_from", s->carried_from);
}

static void
add_need_row (JsonBuilder *b, const RecordJob *job, gconstpointer item)
{
  const EpIntakeNeed *n = item;
  set_text (b, "id", n->id); /* kept across draft updates; new ones get an id */
  set_text (b, "person_ref", n->person);
  set_text (b, "leefgebied", ep_leefgebied_code (n->domain));
  set_text (b, "omschrijving", n->description);
  set_text (b, "wet", ep_wet_code (n->law));
  set_text (b, "urgentie", ep_urgentie_code (n->urgency));
  set_text (b, "status", ep_hulpvraag_status_code (n->status));
  set_text (b, "carried_from", n->carried_from);
}

static void
add_signal_row (JsonBuilder *b, const RecordJob *job, gconstpointer item)
{
  const EpIntakeSafetySignal *s = item;
  set_text (b, "omschrijving", s->description);
  set_text (b, "ernst", ep_veiligheid_code (s->severity));
  json_builder_set_member_name (b, "gesloten");
  json_builder_add_boolean_value (b, s->closed);
  set_text (b, "besluit", s->decision);
}

/* The Meldcode steps of every signal, flattened: (signal_position, position). */
static gboolean
insert_safety_steps (PGconn *conn, const RecordJob *job, GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint n = 0;
  json_builder_begin_array (b);
  for (guint i = 0; i < job->intake->safety_signals->len; i++)
    {
      const EpIntakeSafetySignal *signal = job->intake->safety_signals->pdata[i];
      for (guint j = 0; j < signal->steps->len; j++, n++)
        {
          const EpIntakeSafetyStep *step = signal->steps->pdata[j];
          json_builder_begin_object (b);
          set_int (b, "signal_position", i);
          set_int (b, "position", j);
          set_text (b, "stap", ep_meldcode_stap_code (step->step));
          set_text (b, "datum", step->date);
          set_text (b, "door", step->by);
          set_text (b, "toelichting", step->note);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
  if (n == 0)
    return TRUE;
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree gchar *rows = ep_json_to_string (root, FALSE);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->intake_id);
  ep_db_params_add_text (params, rows);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_intake_safety_steps",
    "INSERT INTO intake_safety_step (gemeente, intake_id, signal_position, position, stap, datum,"
    "                                door, toelichting)"
    " SELECT current_gemeente(), $1::uuid, r.signal_position, r.position, r.stap, r.datum,"
    "        r.door, r.toelichting"
    "   FROM json_to_recordset($2::json)"
    "     AS r (signal_position integer, position integer, stap text, datum date, door text,"
    "           toelichting text)",
    params, PGRES_COMMAND_OK, 0, "insert safety steps", error);
  return res != NULL;
}

/* A draft's parts are replaced as a whole: the old ones go first. */
static gboolean
delete_parts (PGconn *conn, const RecordJob *job, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->intake_id);
  return ep_db_exec_command (conn, "DELETE FROM intake_participant WHERE intake_id = $1::uuid",
                             params, "replace participants", error)
         && ep_db_exec_command (conn, "DELETE FROM intake_assessment WHERE intake_id = $1::uuid",
                                params, "replace assessments", error)
         && ep_db_exec_command (conn, "DELETE FROM intake_health WHERE intake_id = $1::uuid",
                                params, "replace ratings", error)
         && ep_db_exec_command (conn, "DELETE FROM intake_strength WHERE intake_id = $1::uuid",
                                params, "replace strengths", error)
         && ep_db_exec_command (conn, "DELETE FROM intake_need WHERE intake_id = $1::uuid", params,
                                "replace needs", error)
         && ep_db_exec_command (conn, "DELETE FROM intake_safety_signal WHERE intake_id = $1::uuid",
                                params, "replace safety signals", error)
         && ep_db_exec_command (conn, "DELETE FROM intake_person WHERE intake_id = $1::uuid",
                                params, "replace persons", error)
         && ep_db_exec_command (conn,
                                "DELETE FROM consent WHERE intake_id = $1::uuid"
                                "   AND ingetrokken_op IS NULL",
                                params, "replace consents", error)
         /* What this draft replaced is lifted; the draft's consents, saved
          * again, replace once more what they still carry. */
         && ep_db_exec_command (conn,
                                "UPDATE consent SET ingetrokken_op = NULL, ingetrokken_door = NULL,"
                                "       superseded_by = NULL"
                                " WHERE superseded_by = $1::uuid",
                                params, "lift replaced consents", error);
}

/* A consent's kinds of data as a JSON array of codes, for
 * json_array_elements_text() into the text[] column. */
static gchar *
consent_data_json (const EpIntakeConsent *c)
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

/* A consent the draft already had: after delete_parts only the revoked
 * ones are left, and those stay as they are (*@kept). A consent id that
 * another intake owns is refused; a revoked consent cannot be new. */
static gboolean
keep_revoked_consent (PGconn *conn, RecordJob *job, guint index, gboolean *kept, GError **error)
{
  const EpIntakeConsent *c = job->intake->consents->pdata[index];
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, c->id);
  ep_db_params_add_text (params, job->intake_id);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_intake_consent_left",
    "SELECT intake_id IS NOT DISTINCT FROM $2::uuid AS ours FROM consent WHERE id = $1::uuid",
    params, PGRES_TUPLES_OK, 0, "find consent", error);
  if (res == NULL)
    return FALSE;
  *kept = PQntuples (res) == 1;
  g_autofree gchar *at = g_strdup_printf ("consents[%u].id", index);
  if (*kept && !ep_db_get_bool (res, 0, "ours"))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, at,
                              "die toestemming hoort niet bij deze intake");
  if (!*kept && c->revoked_at != NULL)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, at,
                              "een ingetrokken toestemming kan niet opnieuw worden vastgelegd");
  return TRUE;
}

/* A carried consent, confirmed in a new intake, replaces the one it came
 * from: that one ends in this same transaction, so access never lapses. */
static gboolean
supersede_consent (PGconn *conn, RecordJob *job, guint index, GError **error)
{
  const EpIntakeConsent *c = job->intake->consents->pdata[index];
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, c->carried_from);
  ep_db_params_add_text (params, job->household_id);
  ep_db_params_add_text (params, job->intake_id);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_intake_supersede_consent",
    "UPDATE consent SET ingetrokken_op = now(), ingetrokken_door = current_actor(),"
    "       superseded_by = $3::uuid"
    " WHERE id = $1::uuid AND household_id = $2::uuid AND ingetrokken_op IS NULL"
    " RETURNING id",
    params, PGRES_TUPLES_OK, 0, "supersede consent", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_autofree gchar *at = g_strdup_printf ("consents[%u].carried_from", index);
      return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, at,
                                "die toestemming is er niet (meer) voor dit huishouden");
    }
  audit_later (job, "supersede", "consent", c->carried_from,
               ep_intake_change_of ("replaced_by_intake", job->intake_id));
  return TRUE;
}

static gboolean
insert_parts (PGconn *conn, RecordJob *job, GError **error)
{
  EpIntake *intake = job->intake;
  if (!insert_rows (
        conn, job, intake->persons, add_person_row, "ep_intake_persons",
        "INSERT INTO intake_person (gemeente, intake_id, position, ref, person_id, role,"
        "                           carried_from)"
        " SELECT current_gemeente(), $1::uuid, r.position, r.ref, r.person_id, r.role,"
        "        r.carried_from"
        "   FROM json_to_recordset($2::json)"
        "     AS r (position integer, ref text, person_id uuid, role text,"
        "           carried_from uuid)",
        error)
      || !insert_rows (conn, job, intake->participants, add_participant_row,
                       "ep_intake_participants",
                       "INSERT INTO intake_participant (gemeente, intake_id, position, soort,"
                       "                                person_ref, naam, organisatie, rol)"
                       " SELECT current_gemeente(), $1::uuid, r.position, r.soort, r.person_ref,"
                       "        r.naam, r.organisatie, r.rol"
                       "   FROM json_to_recordset($2::json)"
                       "     AS r (position integer, soort text, person_ref text, naam text,"
                       "           organisatie text, rol text)",
                       error)
      || !insert_rows (conn, job, intake->assessments, add_assessment_row, "ep_intake_assessments",
                       "INSERT INTO intake_assessment (gemeente, intake_id, position, person_ref,"
                       "                               leefgebied, score, toelichting)"
                       " SELECT current_gemeente(), $1::uuid, r.position, r.person_ref,"
                       "        r.leefgebied, r.score, r.toelichting"
                       "   FROM json_to_recordset($2::json)"
                       "     AS r (position integer, person_ref text, leefgebied text,"
                       "           score integer, toelichting text)",
                       error)
      || !insert_rows (conn, job, intake->health, add_health_row, "ep_intake_health",
                       "INSERT INTO intake_health (gemeente, intake_id, position, person_ref,"
                       "                           dimensie, cijfer)"
                       " SELECT current_gemeente(), $1::uuid, r.position, r.person_ref,"
                       "        r.dimensie, r.cijfer"
                       "   FROM json_to_recordset($2::json)"
                       "     AS r (position integer, person_ref text, dimensie text,"
                       "           cijfer integer)",
                       error)
      || !insert_rows (conn, job, intake->strengths, add_strength_row, "ep_intake_strengths",
                       "INSERT INTO intake_strength (gemeente, intake_id, position, person_ref,"
                       "                             soort, omschrijving, carried_from)"
                       " SELECT current_gemeente(), $1::uuid, r.position, r.person_ref, r.soort,"
                       "        r.omschrijving, r.carried_from"
                       "   FROM json_to_recordset($2::json)"
                       "     AS r (position integer, person_ref text, soort text,"
                       "           omschrijving text, carried_from uuid)",
                       error)
      || !insert_rows (conn, job, intake->safety_signals, add_signal_row, "ep_intake_signals",
                       "INSERT INTO intake_safety_signal (gemeente, intake_id, position,"
                       "                                  omschrijving, ernst, gesloten, besluit)"
                       " SELECT current_gemeente(), $1::uuid, r.position, r.omschrijving,"
                       "        r.ernst, r.gesloten, r.besluit"
                       "   FROM json_to_recordset($2::json)"
                       "     AS r (position integer, omschrijving text, ernst text,"
                       "           gesloten boolean, besluit text)",
                       error)
      || !insert_safety_steps (conn, job, error))
    return FALSE;

  /* Needs and consents get ids the caller sees, so they come back. */
  if (intake->needs->len > 0)
    {
      g_autofree gchar *rows = rows_json (job, intake->needs, add_need_row);
      g_autoptr (EpDbParams) params = ep_db_params_new ();
      ep_db_params_add_text (params, job->intake_id);
      ep_db_params_add_text (params, rows);
      g_autoptr (PGresult) res = ep_db_exec_prepared (
        conn, "ep_intake_needs",
        "INSERT INTO intake_need (gemeente, intake_id, position, id, person_ref, leefgebied,"
        "                         omschrijving, wet, urgentie, status, carried_from)"
        " SELECT current_gemeente(), $1::uuid, r.position, coalesce(r.id, gen_random_uuid()),"
        "        r.person_ref, r.leefgebied, r.omschrijving, r.wet, r.urgentie, r.status,"
        "        r.carried_from"
        "   FROM json_to_recordset($2::json)"
        "     AS r (position integer, id uuid, person_ref text, leefgebied text,"
        "           omschrijving text, wet text, urgentie text, status text, carried_from uuid)"
        " ORDER BY r.position RETURNING id",
        params, PGRES_TUPLES_OK, 0, "insert needs", error);
      if (res == NULL)
        return FALSE;
      for (int row = 0; row < PQntuples (res); row++)
        g_ptr_array_add (job->need_ids, g_strdup (PQgetvalue (res, row, 0)));
    }
  for (guint i = 0; i < intake->consents->len; i++)
    {
      const EpIntakeConsent *c = intake->consents->pdata[i];
      gboolean kept = FALSE;
      if (c->id != NULL && !keep_revoked_consent (conn, job, i, &kept, error))
        return FALSE;
      if (kept)
        {
          g_ptr_array_add (job->consent_ids, g_strdup (c->id));
          continue;
        }
      g_autofree gchar *data = consent_data_json (c);

      if (c->carried_from != NULL && !supersede_consent (conn, job, i, error))
        return FALSE;
      g_autoptr (EpDbParams) params = ep_db_params_new ();
      ep_db_params_add_text (params, c->id);
      ep_db_params_add_text (params, job->household_id);
      ep_db_params_add_text (params, job->intake_id);
      ep_db_params_add_text (params, c->organisation);
      ep_db_params_add_text (params, data);
      ep_db_params_add_text (params, c->purpose);
      ep_db_params_add_text (params, c->valid_until);
      ep_db_params_add_text (params, c->granted_on);
      ep_db_params_add_text (params, c->carried_from);
      ep_db_params_add_int64 (params, i);
      g_autoptr (PGresult) res = ep_db_exec_prepared (
        conn, "ep_intake_consent",
        "INSERT INTO consent (gemeente, id, household_id, intake_id, organisatie, gegevens, doel,"
        "                     geldig_tot, verleend_op, carried_from, intake_position)"
        " SELECT current_gemeente(), coalesce($1::uuid, gen_random_uuid()), $2::uuid, $3::uuid,"
        "        $4, ARRAY(SELECT json_array_elements_text($5::json)), $6, $7::date, $8::date,"
        "        $9::uuid, $10"
        " RETURNING id",
        params, PGRES_TUPLES_OK, 0, "insert consent", error);
      if (res == NULL)
        return FALSE;
      g_ptr_array_add (job->consent_ids, g_strdup (PQgetvalue (res, 0, 0)));
    }
  return TRUE;
}

/* What the trail says of an intake write: sizes and status, not contents. */
static JsonNode *
intake_change (const RecordJob *job)
{
  const EpIntake *intake = job->intake;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  set_int (b, "version", job->version);
  set_text (b, "form", ep_intake_vorm_code (intake->form));
  set_int (b, "persons", intake->persons->len);
  set_int (b, "assessments", intake->assessments->len);
  set_int (b, "needs", intake->needs->len);
  set_int (b, "safety_signals", intake->safety_signals->len);
  set_int (b, "consents", intake->consents->len);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
record_body (PGconn *conn, gpointer user_data, GError **error)
{
  RecordJob *job = user_data;
  EpIntake *intake = job->intake;
  record_job_reset (job);

  if (!check_references (conn, intake, error) || !resolve_household (conn, job, error)
      || !resolve_members (conn, job, error))
    return FALSE;
  if (!check_first_is_home_visit (conn, job, error) || !write_intake_row (conn, job, error))
    return FALSE;
  if (intake->id != NULL && !delete_parts (conn, job, error))
    return FALSE;
  if (!insert_parts (conn, job, error))
    return FALSE;
  audit_later (job, intake->id == NULL ? "create" : "update", "intake", job->intake_id,
               intake_change (job));
  return flush_audit (conn, job, error);
}

static void
take_id (gchar **slot, GPtrArray *ids, guint i)
{
  g_free (*slot);
  *slot = g_strdup (ids->pdata[i]);
}

/* A new intake has no ids of its own yet: ids the store assigns are refused
 * (they belong to an intake already stored). */
static gboolean
check_new_intake (const EpIntake *intake, GError **error)
{
  if (intake->version > 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "version",
                              "alleen samen met id, om een concept te wijzigen");
  for (guint i = 0; i < intake->needs->len; i++)
    if (((EpIntakeNeed *) intake->needs->pdata[i])->id != NULL)
      {
        g_autofree gchar *at = g_strdup_printf ("needs[%u].id", i);
        return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, at,
                                  "een nieuwe intake heeft nog geen ids; laat id weg");
      }
  for (guint i = 0; i < intake->consents->len; i++)
    {
      const EpIntakeConsent *c = intake->consents->pdata[i];
      g_autofree gchar *at = g_strdup_printf ("consents[%u].%s", i, c->id ? "id" : "revoked_at");
      if (c->id != NULL || c->revoked_at != NULL)
        return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, at,
                                  "een nieuwe intake heeft nog geen ids of intrekkingen");
    }
  return TRUE;
}

/* Runs @body as one transaction over a RecordJob for @intake and, once it
 * has committed, gives @intake what the store assigned. */
static gboolean
run_record_job (PGconn *conn, const EpDbTxContext *ctx, GBytes *pseudonym_key, EpIntake *intake,
                EpDbTxFunc body, GError **error)
{
  RecordJob job = { .intake = intake, .pseudonym_key = pseudonym_key };
  job.person_ids = g_ptr_array_new_with_free_func (g_free);
  job.need_ids = g_ptr_array_new_with_free_func (g_free);
  job.consent_ids = g_ptr_array_new_with_free_func (g_free);
  job.events = g_array_new (FALSE, FALSE, sizeof (EpAuditEvent));
  job.strings = g_ptr_array_new_with_free_func (g_free);
  job.changes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  gboolean ok = ep_db_run_tx (conn, ctx, body, &job, NULL, error);
  if (ok)
    {
      if (job.intake_id != NULL)
        {
          g_free (intake->id);
          intake->id = g_steal_pointer (&job.intake_id);
          intake->version = job.version;
          g_free (intake->status);
          intake->status = g_strdup (EP_INTAKE_STATUS_DRAFT);
          g_free (intake->created_by);
          intake->created_by = g_steal_pointer (&job.created_by);
          g_free (intake->created_at);
          intake->created_at = g_steal_pointer (&job.created_at);
        }
      g_free (intake->household.id);
      intake->household.id = g_steal_pointer (&job.household_id);
      for (guint i = 0; i < intake->persons->len; i++)
        take_id (&((EpIntakePerson *) intake->persons->pdata[i])->id, job.person_ids, i);
      for (guint i = 0; i < job.need_ids->len; i++)
        take_id (&((EpIntakeNeed *) intake->needs->pdata[i])->id, job.need_ids, i);
      for (guint i = 0; i < job.consent_ids->len; i++)
        take_id (&((EpIntakeConsent *) intake->consents->pdata[i])->id, job.consent_ids, i);
    }
  record_job_reset (&job);
  g_ptr_array_unref (job.person_ids);
  g_ptr_array_unref (job.need_ids);
  g_ptr_array_unref (job.consent_ids);
  g_array_unref (job.events);
  g_ptr_array_unref (job.strings);
  g_ptr_array_unref (job.changes);
  return ok;
}

gboolean
ep_intake_record (PGconn *conn, const EpDbTxContext *ctx, GBytes *pseudonym_key, EpIntake *intake,
                  GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && intake != NULL, FALSE);
  g_return_val_if_fail (pseudonym_key != NULL, FALSE);

  if (!ep_intake_validate (intake, error))
    return FALSE;
  /* Addenda are read with a finalised intake; each is recorded on its own. */
  if (intake->addenda->len > 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "addenda",
                              "een correctie wordt apart vastgelegd, als addendum bij de "
                              "definitieve intake");
  if (intake->id != NULL && intake->version < 1)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_MISSING_FIELD, "version",
                              "verplicht om een concept te wijzigen: de versie die u laadde");
  if (intake->id == NULL && !check_new_intake (intake, error))
    return FALSE;

  return run_record_job (conn, ctx, pseudonym_key, intake, record_body, error);
}

/* ---- households ----------------------------------------------------------------------------- */

static gboolean
create_household_body (PGconn *conn, gpointer user_data, GError **error)
{
  RecordJob *job = user_data;
  record_job_reset (job);
  if (job->intake->household.id != NULL
      && !check_known_household (conn, &job->intake->household, error))
    return FALSE;
  return resolve_household (conn, job, error) && resolve_members (conn, job, error)
         && flush_audit (conn, job, error);
}

gboolean
ep_household_create (PGconn *conn, const EpDbTxContext *ctx, GBytes *pseudonym_key,
                     EpIntake *members, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && members != NULL, FALSE);
  g_return_val_if_fail (pseudonym_key != NULL && members->date != NULL, FALSE);
  if (!ep_intake_validate (members, error))
    return FALSE;
  return run_record_job (conn, ctx, pseudonym_key, members, create_household_body, error);
}

/* ---- reading ------------------------------------------------------------------------------ */

typedef struct
{
  const gchar *id;
  EpIntake *intake; /* the result, built in the transaction */
} LoadJob;

/* Runs @sql with the intake id as $1 and returns the rows. */
static PGresult *
query_parts (PGconn *conn, const gchar *statement, const gchar *sql, const gchar *id,
             GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, id);
  return ep_db_exec_prepared (conn, statement, sql, params, PGRES_TUPLES_OK, 0, statement, error);
}

static gboolean
load_header (PGconn *conn, LoadJob *job, GError **error)
{
  /* clang-format off */
  g_autoptr (PGresult) res = query_parts (
    conn, "ep_intake_load",
    "SELECT i.id, i.version, i.status, i.created_by, i.finalised_by, i.carried_from,"
    "       " UTC_ISO ("i.created_at") " AS created_at,"
    "       " UTC_ISO ("i.finalised_at") " AS finalised_at,"
    "       h.id AS household_id, h.postcode, h.huisnummer, h.huisnummer_toevoeging, h.wijk,"
    "       i.contact_id, i.vindplaats_id, i.template_version, i.vorm, i.vorm_reden,"
    "       i.datum::text AS datum, i.plaats, i.hoofdprobleem"
    "  FROM intake i JOIN household h ON h.gemeente = i.gemeente AND h.id = i.household_id"
    " WHERE i.id = $1::uuid",
    job->id, error);
  /* clang-format on */
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id",
                              "geen intake van deze gemeente");

  EpIntake *intake = job->intake;
  intake->id = ep_db_dup_text (res, 0, "id");
  intake->version = (gint) ep_db_get_int64 (res, 0, "version", 0);
  intake->status = ep_db_dup_text (res, 0, "status");
  intake->created_by = ep_db_dup_text (res, 0, "created_by");
  intake->created_at = ep_db_dup_text (res, 0, "created_at");
  intake->finalised_by = ep_db_dup_text (res, 0, "finalised_by");
  intake->finalised_at = ep_db_dup_text (res, 0, "finalised_at");
  intake->carried_from = ep_db_dup_text (res, 0, "carried_from");
  intake->household.id = ep_db_dup_text (res, 0, "household_id");
  intake->household.postcode = ep_db_dup_text (res, 0, "postcode");
  intake->household.huisnummer = (gint) ep_db_get_int64 (res, 0, "huisnummer", 0);
  intake->household.huisnummer_toevoeging = ep_db_dup_text (res, 0, "huisnummer_toevoeging");
  intake->household.wijk = ep_db_dup_text (res, 0, "wijk");
  intake->contact_id = ep_db_dup_text (res, 0, "contact_id");
  intake->vindplaats_id = ep_db_dup_text (res, 0, "vindplaats_id");
  intake->template_version = ep_db_dup_text (res, 0, "template_version");
  intake->form = ep_db_get_code (ep_vocab_intake_vorm (), res, 0, "vorm");
  intake->form_reason = ep_db_dup_text (res, 0, "vorm_reden");
  intake->date = ep_db_dup_text (res, 0, "datum");
  intake->place = ep_db_dup_text (res, 0, "plaats");
  intake->main_problem = ep_db_dup_text (res, 0, "hoofdprobleem");
  return TRUE;
}

static gboolean
load_people (PGconn *conn, LoadJob *job, GError **error)
{
  EpIntake *intake = job->intake;
  g_autoptr (PGresult) persons = query_parts (
    conn, "ep_intake_load_persons",
    "SELECT ip.ref, ip.person_id, p.voornamen, p.tussenvoegsel, p.achternaam,"
    "       p.geboortedatum::text AS geboortedatum, ip.role, ip.carried_from"
    "  FROM intake_person ip JOIN person p ON p.gemeente = ip.gemeente AND p.id = ip.person_id"
    " WHERE ip.intake_id = $1::uuid ORDER BY ip.position",
    job->id, error);
  if (persons == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (persons); row++)
    {
      EpIntakePerson *p = ep_intake_person_new ();
      g_ptr_array_add (intake->persons, p);
      p->ref = ep_db_dup_text (persons, row, "ref");
      p->id = ep_db_dup_text (persons, row, "person_id");
      p->given_names = ep_db_dup_text (persons, row, "voornamen");
      p->surname_prefix = ep_db_dup_text (persons, row, "tussenvoegsel");
      p->surname = ep_db_dup_text (persons, row, "achternaam");
      p->birth_date = ep_db_dup_text (persons, row, "geboortedatum");
      p->role = ep_db_get_code (ep_vocab_gezinsrol (), persons, row, "role");
      p->carried_from = ep_db_dup_text (persons, row, "carried_from");
    }

  g_autoptr (PGresult) participants
    = query_parts (conn, "ep_intake_load_participants",
                   "SELECT soort, person_ref, naam, organisatie, rol FROM intake_participant"
                   " WHERE intake_id = $1::uuid ORDER BY position",
                   job->id, error);
  if (participants == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (participants); row++)
    {
      EpIntakeParticipant *p = ep_intake_participant_new ();
      g_ptr_array_add (intake->participants, p);
      p->kind = ep_db_get_code (ep_vocab_deelnemer (), participants, row, "soort");
      p->person = ep_db_dup_text (participants, row, "person_ref");
      p->name = ep_db_dup_text (participants, row, "naam");
      p->organisation = ep_db_dup_text (participants, row, "organisatie");
      p->role = ep_db_dup_text (participants, row, "rol");
    }
  return TRUE;
}

static gboolean
load_findings (PGconn *conn, LoadJob *job, GError **error)
{
  EpIntake *intake = job->intake;
  g_autoptr (PGresult) assessments
    = query_parts (conn, "ep_intake_load_assessments",
                   "SELECT person_ref, leefgebied, score, toelichting FROM intake_assessment"
                   " WHERE intake_id = $1::uuid ORDER BY position",
                   job->id, error);
  if (assessments == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (assessments); row++)
    {
      EpIntakeAssessment *a = ep_intake_assessment_new ();
      g_ptr_array_add (intake->assessments, a);
      a->person = ep_db_dup_text (assessments, row, "person_ref");
      a->domain = ep_db_get_code (ep_vocab_leefgebied (), assessments, row, "leefgebied");
      a->score = (gint) ep_db_get_int64 (assessments, row, "score", 0);
      a->explanation = ep_db_dup_text (assessments, row, "toelichting");
    }

  g_autoptr (PGresult) health
    = query_parts (conn, "ep_intake_load_health",
                   "SELECT person_ref, dimensie, cijfer FROM intake_health"
                   " WHERE intake_id = $1::uuid ORDER BY position",
                   job->id, error);
  if (health == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (health); row++)
    {
      EpIntakeHealth *h = ep_intake_health_new ();
      g_ptr_array_add (intake->health, h);
      h->person = ep_db_dup_text (health, row, "person_ref");
      h->dimension = ep_db_get_code (ep_vocab_gezondheid_dimensie (), health, row, "dimensie");
      h->rating = (gint) ep_db_get_int64 (health, row, "cijfer", 0);
    }

  g_autoptr (PGresult) strengths
    = query_parts (conn, "ep_intake_load_strengths",
                   "SELECT person_ref, soort, omschrijving, carried_from FROM intake_strength"
                   " WHERE intake_id = $1::uuid ORDER BY position",
                   job->id, error);
  if (strengths == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (strengths); row++)
    {
      EpIntakeStrength *s = ep_intake_strength_new ();
      g_ptr_array_add (intake->strengths, s);
      s->person = ep_db_dup_text (strengths, row, "person_ref");
      s->network = strcmp (ep_db_get_text (strengths, row, "soort"), "netwerk") == 0;
      s->description = ep_db_dup_text (strengths, row, "omschrijving");
      s->carried_from = ep_db_dup_text (strengths, row, "carried_from");
    }

  g_autoptr (PGresult) needs = query_parts (
    conn, "ep_intake_load_needs",
    "SELECT id, person_ref, leefgebied, omschrijving, wet, urgentie, status, carried_from"
    "  FROM intake_need WHERE intake_id = $1::uuid ORDER BY position",
    job->id, error);
  if (needs == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (needs); row++)
    {
      EpIntakeNeed *n = ep_intake_need_new ();
      g_ptr_array_add (intake->needs, n);
      n->id = ep_db_dup_text (needs, row, "id");
      n->person = ep_db_dup_text (needs, row, "person_ref");
      n->domain = ep_db_get_code (ep_vocab_leefgebied (), needs, row, "leefgebied");
      n->description = ep_db_dup_text (needs, row, "omschrijving");
      n->law = ep_db_get_code (ep_vocab_wet (), needs, row, "wet");
      n->urgency = ep_db_get_code (ep_vocab_urgentie (), needs, row, "urgentie");
      n->status = ep_db_get_code (ep_vocab_hulpvraag_status (), needs, row, "status");
      n->carried_from = ep_db_dup_text (needs, row, "carried_from");
    }
  return TRUE;
}

#define CONSENT_COLUMNS                                                                            \
  "id, organisatie, array_to_json(gegevens)::text AS gegevens, doel,"                              \
  " geldig_tot::text AS geldig_tot, verleend_op::text AS verleend_op, carried_from,"               \
  " " UTC_ISO ("ingetrokken_op") "   AS ingetrokken_op"

/* Consents selected with CONSENT_COLUMNS by @sql ($1 = @id, $2 = @date),
 * appended to @into. */
static gboolean
read_consents (PGconn *conn, const gchar *statement, const gchar *sql, const gchar *id,
               const gchar *date, GPtrArray *into, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, id);
  if (date != NULL)
    ep_db_params_add_text (params, date);
  g_autoptr (PGresult) consents
    = ep_db_exec_prepared (conn, statement, sql, params, PGRES_TUPLES_OK, 0, statement, error);
  if (consents == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (consents); row++)
    {
      EpIntakeConsent *c = ep_intake_consent_new ();
      g_ptr_array_add (into, c);
      c->id = ep_db_dup_text (consents, row, "id");
      c->organisation = ep_db_dup_text (consents, row, "organisatie");
      c->purpose = ep_db_dup_text (consents, row, "doel");
      c->valid_until = ep_db_dup_text (consents, row, "geldig_tot");
      c->granted_on = ep_db_dup_text (consents, row, "verleend_op");
      c->revoked_at = ep_db_dup_text (consents, row, "ingetrokken_op");
      c->carried_from = ep_db_dup_text (consents, row, "carried_from");
      g_autoptr (JsonNode) data
        = ep_json_parse (ep_db_get_text (consents, row, "gegevens"), -1, error);
      if (data == NULL)
        return FALSE;
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
    }
  return TRUE;
}

static gboolean
load_safety_and_consent (PGconn *conn, LoadJob *job, GError **error)
{
  EpIntake *intake = job->intake;
  g_autoptr (PGresult) signals
    = query_parts (conn, "ep_intake_load_signals",
                   "SELECT omschrijving, ernst, gesloten, besluit FROM intake_safety_signal"
                   " WHERE intake_id = $1::uuid ORDER BY position",
                   job->id, error);
  if (signals == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (signals); row++)
    {
      EpIntakeSafetySignal *s = ep_intake_safety_signal_new ();
      g_ptr_array_add (intake->safety_signals, s);
      s->description = ep_db_dup_text (signals, row, "omschrijving");
      s->severity = ep_db_get_code (ep_vocab_veiligheid (), signals, row, "ernst");
      s->closed = ep_db_get_bool (signals, row, "gesloten");
      s->decision = ep_db_dup_text (signals, row, "besluit");
    }
  g_autoptr (PGresult) steps = query_parts (
    conn, "ep_intake_load_steps",
    "SELECT signal_position, stap, datum::text AS datum, door, toelichting"
    "  FROM intake_safety_step WHERE intake_id = $1::uuid ORDER BY signal_position, position",
    job->id, error);
  if (steps == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (steps); row++)
    {
      guint signal = (guint) ep_db_get_int64 (steps, row, "signal_position", 0);
      g_return_val_if_fail (signal < intake->safety_signals->len, FALSE);
      EpIntakeSafetyStep *step = ep_intake_safety_step_new ();
      g_ptr_array_add (((EpIntakeSafetySignal *) intake->safety_signals->pdata[signal])->steps,
                       step);
      step->step = ep_db_get_code (ep_vocab_meldcode_stap (), steps, row, "stap");
      step->date = ep_db_dup_text (steps, row, "datum");
      step->by = ep_db_dup_text (steps, row, "door");
      step->note = ep_db_dup_text (steps, row, "toelichting");
    }

  return read_consents (conn, "ep_intake_load_consents",
                        "SELECT " CONSENT_COLUMNS " FROM consent WHERE intake_id = $1::uuid"
                        " ORDER BY intake_position",
                        job->id, NULL, intake->consents, error);
}

/* The corrections made since the intake was finalised, oldest first. */
static gboolean
load_addenda (PGconn *conn, LoadJob *job, GError **error)
{
  /* clang-format off */
  g_autoptr (PGresult) res = query_parts (
    conn, "ep_intake_load_addenda",
    "SELECT id, reden, tekst, created_by, " UTC_ISO ("created_at") " AS created_at"
    "  FROM intake_addendum WHERE intake_id = $1::uuid ORDER BY created_at, id",
    job->id, error);
  /* clang-format on */
  if (res == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (res); row++)
    {
      EpIntakeAddendum *a = g_new0 (EpIntakeAddendum, 1);
      g_ptr_array_add (job->intake->addenda, a);
      a->id = ep_db_dup_text (res, row, "id");
      a->reason = ep_db_dup_text (res, row, "reden");
      a->text = ep_db_dup_text (res, row, "tekst");
      a->created_by = ep_db_dup_text (res, row, "created_by");
      a->created_at = ep_db_dup_text (res, row, "created_at");
    }
  return TRUE;
}

static gboolean
load_body (PGconn *conn, gpointer user_data, GError **error)
{
  LoadJob *job = user_data;
  g_clear_pointer (&job->intake, ep_intake_free);
  job->intake = ep_intake_new ();
  if (!load_header (conn, job, error) || !load_people (conn, job, error)
      || !load_findings (conn, job, error) || !load_safety_and_consent (conn, job, error)
      || !load_addenda (conn, job, error))
    return FALSE;
  return ep_intake_log_access (conn, "read", "intake", job->intake->id, job->intake->household.id,
                               error);
}

EpIntake *
ep_intake_load (PGconn *conn, const EpDbTxContext *ctx, const gchar *id, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && id != NULL, NULL);
  if (!check_intake_id (id, error))
    return NULL;
  /* One snapshot for the intake and all its parts. */
  EpDbTxContext snapshot = *ctx;
  snapshot.isolation = EP_DB_REPEATABLE_READ;
  LoadJob job = { id, NULL };
  if (!ep_db_run_tx (conn, &snapshot, load_body, &job, NULL, error))
    {
      g_clear_pointer (&job.intake, ep_intake_free);
      return NULL;
    }
  return job.intake;
}

/* ---- carrying forward --------------------------------------------------------------------- */

typedef struct
{
  const gchar *household_id;
  const gchar *vindplaats_id;
  const gchar *date;
  EpIntake *draft;
} CarryJob;

/* The ref the latest intake gave @person_id, or NULL. */
static const gchar *
earlier_ref (const EpIntake *previous, const gchar *person_id)
{
  for (guint i = 0; i < previous->persons->len; i++)
    {
      const EpIntakePerson *p = previous->persons->pdata[i];
      if (g_strcmp0 (p->id, person_id) == 0)
        return p->ref;
    }
  return NULL;
}

/* The draft's ref for what the latest intake called @ref, or NULL when that
 * person is no longer a member. */
static const gchar *
carried_ref (const EpIntake *previous, const EpIntake *draft, const gchar *ref)
{
  const EpIntakePerson *before = ep_intake_find_person (previous, ref);
  for (guint i = 0; before != NULL && i < draft->persons->len; i++)
    {
      const EpIntakePerson *now = draft->persons->pdata[i];
      if (g_strcmp0 (now->id, before->id) == 0)
        return now->ref;
    }
  return NULL;
}

static gboolean
carry_members (PGconn *conn, CarryJob *job, const EpIntake *previous, GError **error)
{
  g_autoptr (GPtrArray) members
    = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_household_member_free);
  if (!ep_intake_read_members (conn, job->household_id, TRUE, members, error))
    return FALSE;
  for (guint i = 0; i < members->len; i++)
    {
      const EpHouseholdMember *m = members->pdata[i];
      EpIntakePerson *p = ep_intake_person_new ();
      g_ptr_array_add (job->draft->persons, p);
      p->id = g_strdup (m->person_id);
      p->ref = g_strdup (earlier_ref (previous, p->id));
      p->given_names = g_strdup (m->given_names);
      p->surname_prefix = g_strdup (m->surname_prefix);
      p->surname = g_strdup (m->surname);
      p->birth_date = g_strdup (m->birth_date);
      p->role = m->role;
      p->carried_from = g_strdup (previous->id);
    }
  /* Members the latest intake did not know get a ref no one else has. */
  guint n = 0;
  for (guint i = 0; i < job->draft->persons->len; i++)
    {
      EpIntakePerson *p = job->draft->persons->pdata[i];
      while (p->ref == NULL)
        {
          g_autofree gchar *ref = g_strdup_printf ("persoon-%u", ++n);
          if (ep_intake_find_person (job->draft, ref) == NULL)
            p->ref = g_steal_pointer (&ref);
        }
    }
  return TRUE;
}

static void
carry_findings (CarryJob *job, const EpIntake *previous)
{
  EpIntake *draft = job->draft;
  for (guint i = 0; i < previous->strengths->len; i++)
    {
      const EpIntakeStrength *before = previous->strengths->pdata[i];
      const gchar *ref = before->person ? carried_ref (previous, draft, before->person) : NULL;
      if (before->person != NULL && ref == NULL)
        continue; /* that person left the household */
      EpIntakeStrength *s = ep_intake_strength_new ();
      g_ptr_array_add (draft->strengths, s);
      s->person = g_strdup (ref);
      s->network = before->network;
      s->description = g_strdup (before->description);
      s->carried_from = g_strdup (previous->id);
    }
  for (guint i = 0; i < previous->needs->len; i++)
    {
      const EpIntakeNeed *before = previous->needs->pdata[i];
      const gchar *ref = carried_ref (previous, draft, before->person);
      if (ref == NULL
          || (before->status != EP_HULPVRAAG_STATUS_OPEN
              && before->status != EP_HULPVRAAG_STATUS_IN_BEHANDELING))
        continue;
      EpIntakeNeed *n = ep_intake_need_new ();
      g_ptr_array_add (draft->needs, n);
      n->person = g_strdup (ref);
      n->domain = before->domain;
      n->description = g_strdup (before->description);
      n->law = before->law;
      n->urgency = before->urgency;
      n->status = before->status;
      n->carried_from = g_strdup (before->id);
    }
}

static gboolean
carry_body (PGconn *conn, gpointer user_data, GError **error)
{
  CarryJob *job = user_data;
  g_clear_pointer (&job->draft, ep_intake_free);

  g_autoptr (PGresult) latest
    = query_parts (conn, "ep_intake_latest",
                   "SELECT id,"
                   "       (SELECT version FROM intake_template ORDER BY loaded_at DESC, version"
                   "         DESC LIMIT 1) AS template"
                   "  FROM intake WHERE household_id = $1::uuid"
                   " ORDER BY datum DESC, created_at DESC LIMIT 1",
                   job->household_id, error);
  if (latest == NULL)
    return FALSE;
  if (PQntuples (latest) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "household.id",
                              "geen huishouden met een eerdere intake in deze gemeente");

  LoadJob previous_job = { ep_db_get_text (latest, 0, "id"), ep_intake_new () };
  g_autoptr (EpIntake) previous = previous_job.intake;
  if (!load_header (conn, &previous_job, error) || !load_people (conn, &previous_job, error)
      || !load_findings (conn, &previous_job, error))
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

  if (!carry_members (conn, job, previous, error))
    return FALSE;
  carry_findings (job, previous);
  if (!read_consents (conn, "ep_intake_current_consents",
                      "SELECT " CONSENT_COLUMNS " FROM consent"
                      " WHERE household_id = $1::uuid AND ingetrokken_op IS NULL"
                      "   AND geldig_tot >= $2::date"
                      " ORDER BY created_at, intake_position",
                      job->household_id, job->date, draft->consents, error))
    return FALSE;
  for (guint i = 0; i < draft->consents->len; i++)
    {
      EpIntakeConsent *c = draft->consents->pdata[i];
      g_free (c->carried_from);
      c->carried_from = g_steal_pointer (&c->id);
    }

  return ep_intake_log_access (conn, "read", "household", job->household_id, job->household_id,
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
  EpDbTxContext snapshot = *ctx;
  snapshot.isolation = EP_DB_REPEATABLE_READ;
  CarryJob job = { household_id, vindplaats_id, date, NULL };
  if (!ep_db_run_tx (conn, &snapshot, carry_body, &job, NULL, error))
    {
      g_clear_pointer (&job.draft, ep_intake_free);
      return NULL;
    }
  return job.draft;
}

/* ---- finalising, addenda, consent --------------------------------------------------------- */

typedef struct
{
  const gchar *id;
  gint version;
  const gchar *reason;
  const gchar *text;
  gint new_version;
  gchar *created_id;
} ChangeJob;

/* The intake @id, locked for this transaction: its status, version and household. */
static PGresult *
lock_intake (PGconn *conn, const gchar *id, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, id);
  g_autoptr (PGresult) res = ep_db_exec (
    conn, "SELECT status, version, household_id FROM intake WHERE id = $1::uuid FOR UPDATE", params,
    PGRES_TUPLES_OK, "lock intake", error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id", "geen intake van deze gemeente");
      return NULL;
    }
  return g_steal_pointer (&res);
}

static gboolean
finalise_body (PGconn *conn, gpointer user_data, GError **error)
{
  ChangeJob *job = user_data;
  g_autoptr (PGresult) current = lock_intake (conn, job->id, error);
  if (current == NULL)
    return FALSE;
  if (strcmp (ep_db_get_text (current, 0, "status"), EP_INTAKE_STATUS_FINALISED) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_FINALISED, "id", "de intake is al definitief");
  if (ep_db_get_int64 (current, 0, "version", 0) != job->version)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_STALE, "version",
                              "de intake is intussen gewijzigd (nu versie %s); bekijk haar opnieuw",
                              ep_db_get_text (current, 0, "version"));

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->id);
  g_autoptr (PGresult) res = ep_intake_audited_change (
    conn, "ep_intake_finalise", "finalise intake",
    "UPDATE intake SET status = 'finalised', version = version + 1, updated_at = now(),"
    "       finalised_at = now(), finalised_by = current_actor()"
    " WHERE id = $1::uuid RETURNING version",
    params, "finalise", "intake", job->id, ep_db_get_text (current, 0, "household_id"), NULL,
    error);
  if (res == NULL)
    return FALSE;
  job->new_version = (gint) g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  return TRUE;
}

gboolean
ep_intake_finalise (PGconn *conn, const EpDbTxContext *ctx, const gchar *id, gint version,
                    gint *new_version, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && id != NULL, FALSE);
  if (!check_intake_id (id, error))
    return FALSE;
  ChangeJob job = { .id = id, .version = version };
  if (!ep_db_run_tx (conn, ctx, finalise_body, &job, NULL, error))
    return FALSE;
  if (new_version != NULL)
    *new_version = job.new_version;
  return TRUE;
}

static gboolean
addendum_body (PGconn *conn, gpointer user_data, GError **error)
{
  ChangeJob *job = user_data;
  g_clear_pointer (&job->created_id, g_free);
  g_autoptr (PGresult) current = lock_intake (conn, job->id, error);
  if (current == NULL)
    return FALSE;
  if (strcmp (ep_db_get_text (current, 0, "status"), EP_INTAKE_STATUS_DRAFT) == 0)
    return ep_intake_fail_at (
      error, EP_INTAKE_ERROR_RULE, "id",
      "de intake is nog een concept: wijzig haar in plaats van een addendum");

  job->created_id = ep_uuid_new (error);
  if (job->created_id == NULL)
    return FALSE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->created_id);
  ep_db_params_add_text (params, job->id);
  ep_db_params_add_text (params, job->reason);
  ep_db_params_add_text (params, job->text);
  /* The reason is free text that may hold personal details: it stays in the
   * addendum; the trail names the addendum. */
  g_autoptr (JsonNode) change = ep_intake_change_of ("addendum_id", job->created_id);
  g_autoptr (PGresult) res = ep_intake_audited_change (
    conn, "ep_intake_addendum", "add addendum",
    "INSERT INTO intake_addendum (id, gemeente, intake_id, reden, tekst)"
    " VALUES ($1::uuid, current_gemeente(), $2::uuid, $3, $4) RETURNING id",
    params, "addendum", "intake", job->id, ep_db_get_text (current, 0, "household_id"), change,
    error);
  return res != NULL;
}

gboolean
ep_intake_add_addendum (PGconn *conn, const EpDbTxContext *ctx, const gchar *id,
                        const gchar *reason, const gchar *text, gchar **addendum_id, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && id != NULL, FALSE);
  if (!check_intake_id (id, error))
    return FALSE;
  g_autofree gchar *trimmed_reason = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree gchar *trimmed_text = g_strstrip (g_strdup (text ? text : ""));
  if (*trimmed_reason == '\0')
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "reason",
                              "geef de reden van de correctie");
  if (*trimmed_text == '\0')
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "text",
                              "de correctie zelf ontbreekt");
  ChangeJob job = { .id = id, .reason = reason, .text = text };
  if (!ep_db_run_tx (conn, ctx, addendum_body, &job, NULL, error))
    {
      g_free (job.created_id);
      return FALSE;
    }
  if (addendum_id != NULL)
    *addendum_id = job.created_id;
  else
    g_free (job.created_id);
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
  g_autofree gchar *data = consent_data_json (c);
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
  ChangeJob *job = user_data;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->id);
  g_autoptr (PGresult) res
    = ep_db_exec (conn,
                  "SELECT household_id, ingetrokken_op IS NOT NULL AS revoked FROM consent"
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
    params, "revoke", "consent", job->id, ep_db_get_text (res, 0, "household_id"), NULL, error);
  return revoked != NULL;
}

gboolean
ep_consent_revoke (PGconn *conn, const EpDbTxContext *ctx, const gchar *consent_id, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && consent_id != NULL, FALSE);
  if (!ep_uuid_validate (consent_id, NULL))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "consent_id", "geen geldige id");
  ChangeJob job = { .id = consent_id };
  return ep_db_run_tx (conn, ctx, revoke_body, &job, NULL, error);
}
