/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-load.c: reading an intake with all its parts in one snapshot
 * (ep_intake_load, see ep-intake-store.h); every read goes to the access log.
 * Carrying forward reads the part it needs through ep_intake_load_summary().
 */
#include "ep-intake-store.h"
#include "intake-load-private.h"

#include "consent-store-private.h"
#include "ep-db-conn.h"
#include "intake-error-private.h"
#include "shield-private.h"
#include "store-private.h"

#include <string.h>

typedef struct
{
  const gchar *id;
  EpIntake *intake;    /* the result, built in the transaction */
  EpShieldRead shield; /* what the household's shield says (ep_intake_load only) */
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

  return ep_consent_read (conn, "ep_intake_load_consents",
                          "SELECT " CONSENT_COLUMNS " FROM consent WHERE intake_id = $1::uuid"
                          " ORDER BY intake_position",
                          job->id, intake->consents, error);
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

gboolean
ep_intake_load_summary (PGconn *conn, const gchar *id, EpIntake *into, GError **error)
{
  LoadJob job = { id, into, { 0 } };
  return load_header (conn, &job, error) && load_people (conn, &job, error)
         && load_findings (conn, &job, error);
}

static gboolean
load_body (PGconn *conn, gpointer user_data, GError **error)
{
  LoadJob *job = user_data;
  g_clear_pointer (&job->intake, ep_intake_free);
  /* A shielded household's intake is not read at all by someone the shield refuses; the
   * refusal is logged and committed. */
  if (!ep_shield_check_read (conn, NULL, job->id, "intake", job->id, &job->shield, error))
    return FALSE;
  if (job->shield.refused)
    return TRUE;
  job->intake = ep_intake_new ();
  if (!load_header (conn, job, error) || !load_people (conn, job, error)
      || !load_findings (conn, job, error) || !load_safety_and_consent (conn, job, error)
      || !load_addenda (conn, job, error))
    return FALSE;
  return ep_shield_log_read (conn, &job->shield, "intake", job->intake->id,
                             job->intake->household.id, error);
}

EpIntake *
ep_intake_load (PGconn *conn, const EpDbTxContext *ctx, const gchar *id, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && id != NULL, NULL);
  if (!ep_intake_check_id (id, error))
    return NULL;
  /* One snapshot for the intake and all its parts. */
  LoadJob job = { id, NULL, { 0 } };
  gboolean ok = ep_shield_run_read (conn, ctx, load_body, &job, &job.shield, error);
  if (!ok)
    {
      g_clear_pointer (&job.intake, ep_intake_free);
      return NULL;
    }
  return job.intake;
}
