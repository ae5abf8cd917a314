/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-json.c: decode and encode the intake's JSON form (ep-intake-json.h).
 *
 * Each object is read by one function that first refuses unknown members
 * (open_object) and then reads its members with the typed readers below.
 * The readers take the path of the object and the member name, so an error
 * names exactly where it is: "needs[2].law: …". Messages are in Dutch, for
 * the case worker who has to fix the input.
 */
#include "ep-intake-json.h"
#include "intake-error-private.h"
#include "intake-json-private.h"
#include "intake-rules-private.h"
#include "json-read-private.h"

#include "ep-bsn.h"
#include "ep-core-error.h"
#include "ep-json.h"

#include <string.h>

/* ---- reading ------------------------------------------------------------------------------ */

static gchar *
element_path (const gchar *path, const gchar *name, guint index)
{
  g_autofree gchar *array = ep_intake_member_path (path, name);
  return g_strdup_printf ("%s[%u]", array, index);
}

/* Reads the list @name of @object, at most @max_length items, with @read_one
 * (element, its path, the item to fill), into @items made by @new_item. */
typedef gboolean (*ReadItemFunc) (JsonNode *node, const gchar *path, gpointer item, GError **error);

static gboolean
read_list (JsonObject *object, const gchar *path, const gchar *name, guint max_length,
           GPtrArray *items, gpointer (*new_item) (void), ReadItemFunc read_one, GError **error)
{
  JsonArray *array;
  if (!ep_intake_read_array (object, path, name, FALSE, max_length, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree gchar *at = element_path (path, name, i);
      gpointer item = new_item ();
      g_ptr_array_add (items, item); /* owned by @items from here, also on failure */
      if (!read_one (json_array_get_element (array, i), at, item, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- the objects -------------------------------------------------------------------------- */

gboolean
ep_intake_json_read_household (JsonNode *node, EpIntakeHousehold *household, GError **error)
{
  static const gchar *const fields[]
    = { "id", "postcode", "huisnummer", "huisnummer_toevoeging", "wijk", NULL };
  const gchar *path = "household";
  JsonObject *o = ep_intake_open_object (node, path, fields, error);
  gboolean has_number = FALSE;
  if (o == NULL || !ep_intake_read_uuid (o, path, "id", FALSE, &household->id, error))
    return FALSE;
  gboolean is_new = household->id == NULL;
  if (!ep_intake_read_text (o, path, "postcode", is_new, &household->postcode, error)
      || !ep_intake_read_int (o, path, "huisnummer", is_new, 1, 99999, &household->huisnummer,
                              &has_number, error)
      || !ep_intake_read_text (o, path, "huisnummer_toevoeging", FALSE,
                               &household->huisnummer_toevoeging, error)
      || !ep_intake_read_text (o, path, "wijk", FALSE, &household->wijk, error))
    return FALSE;
  if (household->postcode != NULL && !ep_intake_is_postcode (household->postcode))
    return ep_intake_fail_at (
      error, EP_INTAKE_ERROR_INVALID_VALUE, "household.postcode",
      "moet een postcode zijn als 7551AB (vier cijfers, twee hoofdletters)");
  if (household->huisnummer_toevoeging != NULL
      && !g_regex_match_simple ("^[A-Za-z0-9]{1,4}$", household->huisnummer_toevoeging, 0, 0))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE,
                              "household.huisnummer_toevoeging",
                              "moet 1–4 letters of cijfers zijn");
  return TRUE;
}

static gboolean
read_person (JsonNode *node, const gchar *path, gpointer item, GError **error)
{
  static const gchar *const fields[]
    = { "ref",     "id",         "bsn",  "given_names",  "surname_prefix",
        "surname", "birth_date", "role", "carried_from", NULL };
  EpIntakePerson *p = item;
  JsonObject *o = ep_intake_open_object (node, path, fields, error);
  g_autofree gchar *bsn = NULL;
  if (o == NULL || !ep_intake_read_text (o, path, "ref", TRUE, &p->ref, error)
      || !ep_intake_read_uuid (o, path, "id", FALSE, &p->id, error)
      || !ep_intake_read_text (o, path, "bsn", FALSE, &bsn, error)
      || !ep_intake_read_text (o, path, "given_names", FALSE, &p->given_names, error)
      || !ep_intake_read_text (o, path, "surname_prefix", FALSE, &p->surname_prefix, error)
      || !ep_intake_read_text (o, path, "surname", FALSE, &p->surname, error)
      || !ep_intake_read_date (o, path, "birth_date", FALSE, &p->birth_date, error)
      || !ep_intake_read_code (o, path, "role", ep_vocab_gezinsrol (), (gint *) &p->role, error)
      || !ep_intake_read_uuid (o, path, "carried_from", FALSE, &p->carried_from, error))
    return FALSE;
  if (!g_regex_match_simple ("^[A-Za-z0-9_-]{1,40}$", p->ref, 0, 0))
    {
      g_autofree gchar *at = ep_intake_member_path (path, "ref");
      return ep_intake_fail_at (
        error, EP_INTAKE_ERROR_INVALID_VALUE, at,
        "1–40 letters, cijfers, _ of - (een korte naam binnen deze intake)");
    }
  if (bsn != NULL)
    {
      gchar canonical[10];
      g_autoptr (GError) bsn_error = NULL;
      gboolean ok = ep_bsn_parse (bsn, EP_BSN_NONE, canonical, &bsn_error);
      memset (bsn, 0, strlen (bsn));
      if (!ok)
        {
          g_autofree gchar *at = ep_intake_member_path (path, "bsn");
          return ep_intake_fail_at (
            error, EP_INTAKE_ERROR_INVALID_BSN, at, "%s",
            g_error_matches (bsn_error, EP_CORE_ERROR, EP_CORE_ERROR_BSN_ELFPROEF)
              ? "elfproef klopt niet"
              : "moet 8 of 9 cijfers zijn");
        }
      p->bsn = g_strdup (canonical);
      memset (canonical, 0, sizeof canonical);
    }
  return TRUE;
}

static gboolean
read_participant (JsonNode *node, const gchar *path, gpointer item, GError **error)
{
  static const gchar *const fields[] = { "kind", "person", "name", "organisation", "role", NULL };
  EpIntakeParticipant *p = item;
  JsonObject *o = ep_intake_open_object (node, path, fields, error);
  return o != NULL
         && ep_intake_read_code (o, path, "kind", ep_vocab_deelnemer (), (gint *) &p->kind, error)
         && ep_intake_read_text (o, path, "person", FALSE, &p->person, error)
         && ep_intake_read_text (o, path, "name", FALSE, &p->name, error)
         && ep_intake_read_text (o, path, "organisation", FALSE, &p->organisation, error)
         && ep_intake_read_text (o, path, "role", FALSE, &p->role, error);
}

static gboolean
read_assessment (JsonNode *node, const gchar *path, gpointer item, GError **error)
{
  static const gchar *const fields[] = { "person", "domain", "score", "explanation", NULL };
  EpIntakeAssessment *a = item;
  gboolean scored = FALSE;
  JsonObject *o = ep_intake_open_object (node, path, fields, error);
  if (o == NULL || !ep_intake_read_text (o, path, "person", TRUE, &a->person, error)
      || !ep_intake_read_code (o, path, "domain", ep_vocab_leefgebied (), (gint *) &a->domain,
                               error)
      || !ep_intake_read_int (o, path, "score", FALSE, 1, 5, &a->score, &scored, error)
      || !ep_intake_read_text (o, path, "explanation", FALSE, &a->explanation, error))
    return FALSE;
  if (!scored && a->explanation == NULL)
    {
      g_autofree gchar *at = ep_intake_member_path (path, "score");
      return ep_intake_fail_at (
        error, EP_INTAKE_ERROR_MISSING_FIELD, at,
        "een leefgebied zonder score vraagt ten minste een toelichting (explanation)");
    }
  return TRUE;
}

static gboolean
read_health (JsonNode *node, const gchar *path, gpointer item, GError **error)
{
  static const gchar *const fields[] = { "person", "dimension", "rating", NULL };
  EpIntakeHealth *h = item;
  gboolean rated = FALSE;
  JsonObject *o = ep_intake_open_object (node, path, fields, error);
  return o != NULL && ep_intake_read_text (o, path, "person", TRUE, &h->person, error)
         && ep_intake_read_code (o, path, "dimension", ep_vocab_gezondheid_dimensie (),
                                 (gint *) &h->dimension, error)
         && ep_intake_read_int (o, path, "rating", TRUE, 0, 10, &h->rating, &rated, error);
}

static gboolean
read_strength (JsonNode *node, const gchar *path, gpointer item, GError **error)
{
  static const gchar *const fields[] = { "person", "kind", "description", "carried_from", NULL };
  EpIntakeStrength *s = item;
  g_autofree gchar *kind = NULL;
  JsonObject *o = ep_intake_open_object (node, path, fields, error);
  if (o == NULL || !ep_intake_read_text (o, path, "person", FALSE, &s->person, error)
      || !ep_intake_read_text (o, path, "kind", TRUE, &kind, error)
      || !ep_intake_read_text (o, path, "description", TRUE, &s->description, error)
      || !ep_intake_read_uuid (o, path, "carried_from", FALSE, &s->carried_from, error))
    return FALSE;
  if (strcmp (kind, "eigen_kracht") != 0 && strcmp (kind, "netwerk") != 0)
    {
      g_autofree gchar *at = ep_intake_member_path (path, "kind");
      return ep_intake_fail_at (error, EP_INTAKE_ERROR_UNKNOWN_CODE, at,
                                "onbekende code; kies uit eigen_kracht, netwerk");
    }
  s->network = strcmp (kind, "netwerk") == 0;
  return TRUE;
}

static gboolean
read_need (JsonNode *node, const gchar *path, gpointer item, GError **error)
{
  static const gchar *const fields[]
    = { "id", "person", "domain", "description", "law", "urgency", "status", "carried_from", NULL };
  EpIntakeNeed *n = item;
  JsonObject *o = ep_intake_open_object (node, path, fields, error);
  return o != NULL && ep_intake_read_uuid (o, path, "id", FALSE, &n->id, error)
         && ep_intake_read_text (o, path, "person", TRUE, &n->person, error)
         && ep_intake_read_code (o, path, "domain", ep_vocab_leefgebied (), (gint *) &n->domain,
                                 error)
         && ep_intake_read_text (o, path, "description", TRUE, &n->description, error)
         && ep_intake_read_code (o, path, "law", ep_vocab_wet (), (gint *) &n->law, error)
         && ep_intake_read_code (o, path, "urgency", ep_vocab_urgentie (), (gint *) &n->urgency,
                                 error)
         && ep_intake_read_code (o, path, "status", ep_vocab_hulpvraag_status (),
                                 (gint *) &n->status, error)
         && ep_intake_read_uuid (o, path, "carried_from", FALSE, &n->carried_from, error);
}

static gboolean
read_safety_step (JsonNode *node, const gchar *path, gpointer item, GError **error)
{
  static const gchar *const fields[] = { "step", "date", "by", "note", NULL };
  EpIntakeSafetyStep *s = item;
  JsonObject *o = ep_intake_open_object (node, path, fields, error);
  return o != NULL
         && ep_intake_read_code (o, path, "step", ep_vocab_meldcode_stap (), (gint *) &s->step,
                                 error)
         && ep_intake_read_date (o, path, "date", TRUE, &s->date, error)
         && ep_intake_read_text (o, path, "by", TRUE, &s->by, error)
         && ep_intake_read_text (o, path, "note", FALSE, &s->note, error);
}

static gpointer
new_safety_step (void)
{
  return ep_intake_safety_step_new ();
}

static gboolean
read_safety_signal (JsonNode *node, const gchar *path, gpointer item, GError **error)
{
  static const gchar *const fields[]
    = { "description", "severity", "closed", "decision", "steps", NULL };
  EpIntakeSafetySignal *s = item;
  JsonObject *o = ep_intake_open_object (node, path, fields, error);
  return o != NULL && ep_intake_read_text (o, path, "description", TRUE, &s->description, error)
         && ep_intake_read_code (o, path, "severity", ep_vocab_veiligheid (), (gint *) &s->severity,
                                 error)
         && ep_intake_read_bool (o, path, "closed", &s->closed, error)
         && ep_intake_read_text (o, path, "decision", FALSE, &s->decision, error)
         && read_list (o, path, "steps", EP_INTAKE_MAX_SAFETY_STEPS, s->steps, new_safety_step,
                       read_safety_step, error);
}

static gboolean
read_consent_members (JsonObject *o, const gchar *path, EpIntakeConsent *c, GError **error)
{
  JsonArray *data;
  if (!ep_intake_read_uuid (o, path, "id", FALSE, &c->id, error)
      || !ep_intake_read_text (o, path, "organisation", TRUE, &c->organisation, error)
      || !ep_intake_read_array (o, path, "data", TRUE, EP_INTAKE_MAX_CONSENT_DATA, &data, error)
      || !ep_intake_read_text (o, path, "purpose", TRUE, &c->purpose, error)
      || !ep_intake_read_date (o, path, "valid_until", TRUE, &c->valid_until, error)
      || !ep_intake_read_date (o, path, "granted_on", TRUE, &c->granted_on, error)
      || !ep_intake_read_text (o, path, "revoked_at", FALSE, &c->revoked_at, error)
      || !ep_intake_read_uuid (o, path, "carried_from", FALSE, &c->carried_from, error))
    return FALSE;
  g_autofree gchar *data_path = ep_intake_member_path (path, "data");
  if (json_array_get_length (data) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_MISSING_FIELD, data_path,
                              "noem ten minste één soort gegevens");
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      g_autofree gchar *at = g_strdup_printf ("%s[%u]", data_path, i);
      JsonNode *element = json_array_get_element (data, i);
      gint kind = 0;
      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return ep_intake_fail_at (error, EP_INTAKE_ERROR_WRONG_TYPE, at, "moet tekst zijn");
      if (!ep_vocab_parse (ep_vocab_gegevenssoort (), json_node_get_string (element), &kind, NULL))
        return ep_intake_fail_unknown_code (error, at, ep_vocab_gegevenssoort ());
      for (guint j = 0; j < c->data->len; j++)
        if (g_array_index (c->data, EpGegevenssoort, j) == (EpGegevenssoort) kind)
          return ep_intake_fail_at (error, EP_INTAKE_ERROR_DUPLICATE, at, "staat er al");
      EpGegevenssoort value = kind;
      g_array_append_val (c->data, value);
    }
  return TRUE;
}

#define CONSENT_FIELDS                                                                             \
  "id", "organisation", "data", "purpose", "valid_until", "granted_on", "revoked_at", "carried_from"

static gboolean
read_consent (JsonNode *node, const gchar *path, gpointer item, GError **error)
{
  static const gchar *const fields[] = { CONSENT_FIELDS, NULL };
  JsonObject *o = ep_intake_open_object (node, path, fields, error);
  return o != NULL && read_consent_members (o, path, item, error);
}

/* Read back with a finalised intake; ep_intake_record() refuses them. */
static gboolean
read_addendum (JsonNode *node, const gchar *path, gpointer item, GError **error)
{
  static const gchar *const fields[] = { "id", "reason", "text", "created_by", "created_at", NULL };
  EpIntakeAddendum *a = item;
  JsonObject *o = ep_intake_open_object (node, path, fields, error);
  return o != NULL && ep_intake_read_uuid (o, path, "id", FALSE, &a->id, error)
         && ep_intake_read_text (o, path, "reason", TRUE, &a->reason, error)
         && ep_intake_read_text (o, path, "text", TRUE, &a->text, error)
         && ep_intake_read_text (o, path, "created_by", FALSE, &a->created_by, error)
         && ep_intake_read_text (o, path, "created_at", FALSE, &a->created_at, error);
}

static gpointer
new_addendum (void)
{
  return g_new0 (EpIntakeAddendum, 1);
}

#define LIST_ITEM_CONSTRUCTOR(name, type)                                                          \
  static gpointer new_##name (void)                                                                \
  {                                                                                                \
    return ep_intake_##type##_new ();                                                              \
  }
LIST_ITEM_CONSTRUCTOR (person, person)
LIST_ITEM_CONSTRUCTOR (participant, participant)
LIST_ITEM_CONSTRUCTOR (assessment, assessment)
LIST_ITEM_CONSTRUCTOR (health, health)
LIST_ITEM_CONSTRUCTOR (strength, strength)
LIST_ITEM_CONSTRUCTOR (need, need)
LIST_ITEM_CONSTRUCTOR (safety_signal, safety_signal)
LIST_ITEM_CONSTRUCTOR (consent, consent)

gboolean
ep_intake_json_read_persons (JsonObject *object, const gchar *path, GPtrArray *persons,
                             GError **error)
{
  return read_list (object, path, "persons", EP_INTAKE_MAX_PERSONS, persons, new_person,
                    read_person, error);
}

EpIntake *
ep_intake_from_json (JsonNode *node, GError **error)
{
  static const gchar *const fields[] = { "id",           "version",       "status",
                                         "created_by",   "created_at",    "finalised_by",
                                         "finalised_at", "carried_from",  "household",
                                         "contact_id",   "vindplaats_id", "template_version",
                                         "form",         "form_reason",   "date",
                                         "place",        "main_problem",  "persons",
                                         "participants", "assessments",   "positive_health",
                                         "strengths",    "needs",         "safety_signals",
                                         "consents",     "addenda",       NULL };
  g_autoptr (EpIntake) intake = ep_intake_new ();
  gboolean has_version = FALSE;
  JsonNode *household;

  JsonObject *o = ep_intake_open_object (node, "", fields, error);
  if (o == NULL || !ep_intake_read_uuid (o, "", "id", FALSE, &intake->id, error)
      || !ep_intake_read_int (o, "", "version", FALSE, 1, G_MAXINT, &intake->version, &has_version,
                              error)
      || !ep_intake_read_text (o, "", "status", FALSE, &intake->status, error)
      || !ep_intake_read_text (o, "", "created_by", FALSE, &intake->created_by, error)
      || !ep_intake_read_text (o, "", "created_at", FALSE, &intake->created_at, error)
      || !ep_intake_read_text (o, "", "finalised_by", FALSE, &intake->finalised_by, error)
      || !ep_intake_read_text (o, "", "finalised_at", FALSE, &intake->finalised_at, error)
      || !ep_intake_read_uuid (o, "", "carried_from", FALSE, &intake->carried_from, error)
      || !ep_intake_member (o, "", "household", TRUE, &household, error)
      || !ep_intake_json_read_household (household, &intake->household, error)
      || !ep_intake_read_uuid (o, "", "contact_id", FALSE, &intake->contact_id, error)
      || !ep_intake_read_uuid (o, "", "vindplaats_id", TRUE, &intake->vindplaats_id, error)
      || !ep_intake_read_text (o, "", "template_version", TRUE, &intake->template_version, error)
      || !ep_intake_read_code (o, "", "form", ep_vocab_intake_vorm (), (gint *) &intake->form,
                               error)
      || !ep_intake_read_text (o, "", "form_reason", FALSE, &intake->form_reason, error)
      || !ep_intake_read_date (o, "", "date", TRUE, &intake->date, error)
      || !ep_intake_read_text (o, "", "place", FALSE, &intake->place, error)
      || !ep_intake_read_text (o, "", "main_problem", TRUE, &intake->main_problem, error)
      || !ep_intake_json_read_persons (o, "", intake->persons, error)
      || !read_list (o, "", "participants", EP_INTAKE_MAX_PARTICIPANTS, intake->participants,
                     new_participant, read_participant, error)
      || !read_list (o, "", "assessments", EP_INTAKE_MAX_ASSESSMENTS, intake->assessments,
                     new_assessment, read_assessment, error)
      || !read_list (o, "", "positive_health", EP_INTAKE_MAX_HEALTH, intake->health, new_health,
                     read_health, error)
      || !read_list (o, "", "strengths", EP_INTAKE_MAX_STRENGTHS, intake->strengths, new_strength,
                     read_strength, error)
      || !read_list (o, "", "needs", EP_INTAKE_MAX_NEEDS, intake->needs, new_need, read_need, error)
      || !read_list (o, "", "safety_signals", EP_INTAKE_MAX_SAFETY_SIGNALS, intake->safety_signals,
                     new_safety_signal, read_safety_signal, error)
      || !read_list (o, "", "consents", EP_INTAKE_MAX_CONSENTS, intake->consents, new_consent,
                     read_consent, error)
      || !read_list (o, "", "addenda", EP_INTAKE_MAX_ADDENDA, intake->addenda, new_addendum,
                     read_addendum, error))
    return NULL;
  if (intake->status != NULL && strcmp (intake->status, EP_INTAKE_STATUS_DRAFT) != 0
      && strcmp (intake->status, EP_INTAKE_STATUS_FINALISED) != 0)
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_UNKNOWN_CODE, "status",
                         "onbekende code; kies uit %s, %s", EP_INTAKE_STATUS_DRAFT,
                         EP_INTAKE_STATUS_FINALISED);
      return NULL;
    }
  if (!ep_intake_validate (intake, error))
    return NULL;
  return g_steal_pointer (&intake);
}

EpIntake *
ep_intake_from_json_text (const gchar *text, gsize len, const EpJsonLimits *limits, GError **error)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_autoptr (JsonNode) node = ep_json_decode (text, len, limits, error);
  return node != NULL ? ep_intake_from_json (node, error) : NULL;
}

/* ---- writing ------------------------------------------------------------------------------ */

void
ep_intake_add_text (JsonBuilder *b, const gchar *name, const gchar *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

void
ep_intake_add_int (JsonBuilder *b, const gchar *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

void
ep_intake_add_code (JsonBuilder *b, const gchar *name, const EpVocabulary *vocab, gint value)
{
  ep_intake_add_text (b, name, ep_vocab_code (vocab, value));
}

void
ep_intake_begin_list (JsonBuilder *b, const gchar *name)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
}

/* A consent's members after its "id", as in an intake's "consents". */
static void
add_consent_members (JsonBuilder *b, const EpIntakeConsent *c)
{
  ep_intake_add_text (b, "id", c->id);
  ep_intake_add_text (b, "organisation", c->organisation);
  ep_intake_begin_list (b, "data");
  for (guint j = 0; j < c->data->len; j++)
    json_builder_add_string_value (
      b, ep_vocab_code (ep_vocab_gegevenssoort (), g_array_index (c->data, EpGegevenssoort, j)));
  json_builder_end_array (b);
  ep_intake_add_text (b, "purpose", c->purpose);
  ep_intake_add_text (b, "valid_until", c->valid_until);
  ep_intake_add_text (b, "granted_on", c->granted_on);
  ep_intake_add_text (b, "revoked_at", c->revoked_at);
  ep_intake_add_text (b, "carried_from", c->carried_from);
}

JsonNode *
ep_intake_to_json (const EpIntake *intake)
{
  g_return_val_if_fail (intake != NULL, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  ep_intake_add_text (b, "id", intake->id);
  if (intake->version > 0)
    ep_intake_add_int (b, "version", intake->version);
  ep_intake_add_text (b, "status", intake->status);
  ep_intake_add_text (b, "created_by", intake->created_by);
  ep_intake_add_text (b, "created_at", intake->created_at);
  ep_intake_add_text (b, "finalised_by", intake->finalised_by);
  ep_intake_add_text (b, "finalised_at", intake->finalised_at);
  ep_intake_add_text (b, "carried_from", intake->carried_from);

  json_builder_set_member_name (b, "household");
  json_builder_begin_object (b);
  ep_intake_add_text (b, "id", intake->household.id);
  ep_intake_add_text (b, "postcode", intake->household.postcode);
  if (intake->household.huisnummer > 0)
    ep_intake_add_int (b, "huisnummer", intake->household.huisnummer);
  ep_intake_add_text (b, "huisnummer_toevoeging", intake->household.huisnummer_toevoeging);
  ep_intake_add_text (b, "wijk", intake->household.wijk);
  json_builder_end_object (b);

  ep_intake_add_text (b, "contact_id", intake->contact_id);
  ep_intake_add_text (b, "vindplaats_id", intake->vindplaats_id);
  ep_intake_add_text (b, "template_version", intake->template_version);
  ep_intake_add_code (b, "form", ep_vocab_intake_vorm (), intake->form);
  ep_intake_add_text (b, "form_reason", intake->form_reason);
  ep_intake_add_text (b, "date", intake->date);
  ep_intake_add_text (b, "place", intake->place);
  ep_intake_add_text (b, "main_problem", intake->main_problem);

  ep_intake_begin_list (b, "persons");
  for (guint i = 0; i < intake->persons->len; i++)
    {
      const EpIntakePerson *p = intake->persons->pdata[i];
      json_builder_begin_object (b);
      ep_intake_add_text (b, "ref", p->ref);
      ep_intake_add_text (b, "id", p->id);
      ep_intake_add_text (b, "given_names", p->given_names);
      ep_intake_add_text (b, "surname_prefix", p->surname_prefix);
      ep_intake_add_text (b, "surname", p->surname);
      ep_intake_add_text (b, "birth_date", p->birth_date);
      ep_intake_add_code (b, "role", ep_vocab_gezinsrol (), p->role);
      ep_intake_add_text (b, "carried_from", p->carried_from);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  ep_intake_begin_list (b, "participants");
  for (guint i = 0; i < intake->participants->len; i++)
    {
      const EpIntakeParticipant *p = intake->participants->pdata[i];
      json_builder_begin_object (b);
      ep_intake_add_code (b, "kind", ep_vocab_deelnemer (), p->kind);
      ep_intake_add_text (b, "person", p->person);
      ep_intake_add_text (b, "name", p->name);
      ep_intake_add_text (b, "organisation", p->organisation);
      ep_intake_add_text (b, "role", p->role);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  ep_intake_begin_list (b, "assessments");
  for (guint i = 0; i < intake->assessments->len; i++)
    {
      const EpIntakeAssessment *a = intake->assessments->pdata[i];
      json_builder_begin_object (b);
      ep_intake_add_text (b, "person", a->person);
      ep_intake_add_code (b, "domain", ep_vocab_leefgebied (), a->domain);
      if (a->score > 0)
        ep_intake_add_int (b, "score", a->score);
      ep_intake_add_text (b, "explanation", a->explanation);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  ep_intake_begin_list (b, "positive_health");
  for (guint i = 0; i < intake->health->len; i++)
    {
      const EpIntakeHealth *h = intake->health->pdata[i];
      json_builder_begin_object (b);
      ep_intake_add_text (b, "person", h->person);
      ep_intake_add_code (b, "dimension", ep_vocab_gezondheid_dimensie (), h->dimension);
      ep_intake_add_int (b, "rating", h->rating);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  ep_intake_begin_list (b, "strengths");
  for (guint i = 0; i < intake->strengths->len; i++)
    {
      const EpIntakeStrength *s = intake->strengths->pdata[i];
      json_builder_begin_object (b);
      ep_intake_add_text (b, "person", s->person);
      ep_intake_add_text (b, "kind", s->network ? "netwerk" : "eigen_kracht");
      ep_intake_add_text (b, "description", s->description);
      ep_intake_add_text (b, "carried_from", s->carried_from);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  ep_intake_begin_list (b, "needs");
  for (guint i = 0; i < intake->needs->len; i++)
    {
      const EpIntakeNeed *n = intake->needs->pdata[i];
      json_builder_begin_object (b);
      ep_intake_add_text (b, "id", n->id);
      ep_intake_add_text (b, "person", n->person);
      ep_intake_add_code (b, "domain", ep_vocab_leefgebied (), n->domain);
      ep_intake_add_text (b, "description", n->description);
      ep_intake_add_code (b, "law", ep_vocab_wet (), n->law);
      ep_intake_add_code (b, "urgency", ep_vocab_urgentie (), n->urgency);
      ep_intake_add_code (b, "status", ep_vocab_hulpvraag_status (), n->status);
      ep_intake_add_text (b, "carried_from", n->carried_from);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  ep_intake_begin_list (b, "safety_signals");
  for (guint i = 0; i < intake->safety_signals->len; i++)
    {
      const EpIntakeSafetySignal *s = intake->safety_signals->pdata[i];
      json_builder_begin_object (b);
      ep_intake_add_text (b, "description", s->description);
      ep_intake_add_code (b, "severity", ep_vocab_veiligheid (), s->severity);
      json_builder_set_member_name (b, "closed");
      json_builder_add_boolean_value (b, s->closed);
      ep_intake_add_text (b, "decision", s->decision);
      ep_intake_begin_list (b, "steps");
      for (guint j = 0; j < s->steps->len; j++)
        {
          const EpIntakeSafetyStep *step = s->steps->pdata[j];
          json_builder_begin_object (b);
          ep_intake_add_code (b, "step", ep_vocab_meldcode_stap (), step->step);
          ep_intake_add_text (b, "date", step->date);
          ep_intake_add_text (b, "by", step->by);
          ep_intake_add_text (b, "note", step->note);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  ep_intake_begin_list (b, "consents");
  for (guint i = 0; i < intake->consents->len; i++)
    {
      json_builder_begin_object (b);
      add_consent_members (b, intake->consents->pdata[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* Only a finalised intake has them; a draft's JSON goes back to the store without. */
  if (intake->addenda->len > 0)
    {
      ep_intake_begin_list (b, "addenda");
      for (guint i = 0; i < intake->addenda->len; i++)
        {
          const EpIntakeAddendum *a = intake->addenda->pdata[i];
          json_builder_begin_object (b);
          ep_intake_add_text (b, "id", a->id);
          ep_intake_add_text (b, "reason", a->reason);
          ep_intake_add_text (b, "text", a->text);
          ep_intake_add_text (b, "created_by", a->created_by);
          ep_intake_add_text (b, "created_at", a->created_at);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

EpIntakeConsent *
ep_consent_from_json (JsonNode *node, gchar **household_id, GError **error)
{
  /* Only what is given: the store assigns the id, and revoking is its own command. */
  static const gchar *const fields[]
    = { "household_id", "organisation", "data", "purpose", "valid_until", "granted_on", NULL };
  g_return_val_if_fail (household_id != NULL, NULL);
  g_autoptr (EpIntakeConsent) consent = ep_intake_consent_new ();
  g_autofree gchar *household = NULL;
  JsonObject *o = ep_intake_open_object (node, "", fields, error);
  if (o == NULL || !ep_intake_read_uuid (o, "", "household_id", TRUE, &household, error)
      || !read_consent_members (o, "", consent, error)
      || !ep_intake_consent_check (consent, "", error))
    return NULL;
  *household_id = g_steal_pointer (&household);
  return g_steal_pointer (&consent);
}

JsonNode *
ep_consent_to_json (const EpIntakeConsent *consent, const gchar *household_id)
{
  g_return_val_if_fail (consent != NULL && household_id != NULL, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  ep_intake_add_text (b, "household_id", household_id);
  add_consent_members (b, consent);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
