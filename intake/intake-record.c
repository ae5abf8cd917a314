/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-record.c: recording an intake as a draft, or replacing a draft
 * (ep_intake_record, see ep-intake-store.h).
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

#include "consent-store-private.h"
#include "ep-db-conn.h"
#include "ep-json.h"
#include "ep-uuid.h"
#include "intake-error-private.h"
#include "member-store-private.h"
#include "store-private.h"

#include <string.h>

typedef struct
{
  EpIntake *intake;
  /* Assigned in the transaction; copied into @intake after the commit. */
  EpMemberWrite members; /* the household and the persons' ids */
  gchar *intake_id;
  gint version;
  GPtrArray *need_ids; /* per need */
  GPtrArray *consent_ids;
  gchar *created_by;
  gchar *created_at;
  /* The write's audit events, appended together as its last statement. */
  EpIntakeAuditQueue audit;
} RecordJob;

static void
record_job_reset (RecordJob *job)
{
  g_clear_pointer (&job->intake_id, g_free);
  g_clear_pointer (&job->created_by, g_free);
  g_clear_pointer (&job->created_at, g_free);
  ep_member_write_reset (&job->members);
  g_ptr_array_set_size (job->need_ids, 0);
  g_ptr_array_set_size (job->consent_ids, 0);
  ep_intake_audit_queue_reset (&job->audit);
  job->version = 0;
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
  if (intake->household.id != NULL && !ep_member_check_household (conn, &intake->household, error))
    return FALSE;
  if (!ep_db_get_bool (res, 0, "carried_from"))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "carried_from",
                              "geen eerdere intake van dit huishouden");
  return check_carried (conn, intake->household.id, &carried, error);
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
  ep_db_params_add_text (params, job->members.household_id);
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
  ep_db_params_add_text (params, job->members.household_id);
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
        = ep_db_exec (conn,
                      "SELECT status, version, household_assert_open (household_id) FROM intake"
                      " WHERE id = $1::uuid FOR SHARE",
                      id, PGRES_TUPLES_OK, "find intake", error);
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
  set_text (b, "person_id", job->members.person_ids->pdata[i]);
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
  ep_db_params_add_text (params, job->members.household_id);
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
  ep_intake_audit_later (&job->audit, "supersede", "consent", c->carried_from,
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
        " RETURNING position, id",
        params, PGRES_TUPLES_OK, 0, "insert needs", error);
      if (res == NULL)
        return FALSE;
      /* PostgreSQL does not promise RETURNING's rows in the order of the
       * input: each id goes to the need at the position it came back with. */
      g_return_val_if_fail ((guint) PQntuples (res) == intake->needs->len, FALSE);
      g_ptr_array_set_size (job->need_ids, intake->needs->len);
      for (int row = 0; row < PQntuples (res); row++)
        {
          gint64 position = ep_db_get_int64 (res, row, "position", -1);
          g_return_val_if_fail (position >= 0 && position < intake->needs->len, FALSE);
          g_return_val_if_fail (job->need_ids->pdata[position] == NULL, FALSE);
          job->need_ids->pdata[position] = ep_db_dup_text (res, row, "id");
        }
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
      g_autofree gchar *data = ep_consent_data_json (c);

      if (c->carried_from != NULL && !supersede_consent (conn, job, i, error))
        return FALSE;
      g_autoptr (EpDbParams) params = ep_db_params_new ();
      ep_db_params_add_text (params, c->id);
      ep_db_params_add_text (params, job->members.household_id);
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

  if (!check_references (conn, intake, error)
      || !ep_member_resolve_household (conn, &job->members, error)
      || !ep_member_resolve_members (conn, &job->members, error))
    return FALSE;
  if (!check_first_is_home_visit (conn, job, error) || !write_intake_row (conn, job, error))
    return FALSE;
  if (intake->id != NULL && !delete_parts (conn, job, error))
    return FALSE;
  if (!insert_parts (conn, job, error))
    return FALSE;
  ep_intake_audit_later (&job->audit, intake->id == NULL ? "create" : "update", "intake",
                         job->intake_id, intake_change (job));
  return ep_intake_audit_flush (conn, &job->audit, job->members.household_id, error);
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

/* Runs record_body as one transaction over a RecordJob for @intake and, once
 * it has committed, gives @intake what the store assigned. */
static gboolean
run_record_job (PGconn *conn, const EpDbTxContext *ctx, GBytes *pseudonym_key, EpIntake *intake,
                GError **error)
{
  RecordJob job = { .intake = intake };
  ep_intake_audit_queue_init (&job.audit);
  ep_member_write_init (&job.members, intake, pseudonym_key, &job.audit);
  job.need_ids = g_ptr_array_new_with_free_func (g_free);
  job.consent_ids = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = ep_db_run_tx (conn, ctx, record_body, &job, NULL, error);
  if (ok)
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
      ep_member_write_apply (&job.members, intake);
      for (guint i = 0; i < job.need_ids->len; i++)
        take_id (&((EpIntakeNeed *) intake->needs->pdata[i])->id, job.need_ids, i);
      for (guint i = 0; i < job.consent_ids->len; i++)
        take_id (&((EpIntakeConsent *) intake->consents->pdata[i])->id, job.consent_ids, i);
    }
  record_job_reset (&job);
  ep_member_write_clear (&job.members);
  ep_intake_audit_queue_clear (&job.audit);
  g_ptr_array_unref (job.need_ids);
  g_ptr_array_unref (job.consent_ids);
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

  return run_record_job (conn, ctx, pseudonym_key, intake, error);
}
