/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake.c: the intake model, its memory, and the rules that span the
 * aggregate (see ep-intake.h). Field-level checks (types, formats, codes)
 * happen while decoding, in intake-json.c.
 */
#include "ep-intake.h"
#include "intake-error-private.h"
#include "intake-rules-private.h"

#include <string.h>

/* As ep_intake_fail_at() at "@list[@index].@member". */
static gboolean G_GNUC_PRINTF (6, 7)
  fail_item (GError **error, EpIntakeError code, const gchar *list, guint index,
             const gchar *member, const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree gchar *rule = g_strdup_vprintf (format, args);
  va_end (args);
  g_autofree gchar *path = g_strdup_printf ("%s[%u].%s", list, index, member);
  return ep_intake_fail_at (error, code, path, "%s", rule);
}

/* ---- memory ------------------------------------------------------------------------------- */

static void
person_free (EpIntakePerson *p)
{
  g_free (p->ref);
  g_free (p->id);
  if (p->bsn != NULL)
    memset (p->bsn, 0, strlen (p->bsn)); /* personal data: do not leave it in freed memory */
  g_free (p->bsn);
  g_free (p->given_names);
  g_free (p->surname_prefix);
  g_free (p->surname);
  g_free (p->birth_date);
  g_free (p->carried_from);
  g_free (p);
}

static void
participant_free (EpIntakeParticipant *p)
{
  g_free (p->person);
  g_free (p->name);
  g_free (p->organisation);
  g_free (p->role);
  g_free (p);
}

static void
assessment_free (EpIntakeAssessment *a)
{
  g_free (a->person);
  g_free (a->explanation);
  g_free (a);
}

static void
health_free (EpIntakeHealth *h)
{
  g_free (h->person);
  g_free (h);
}

static void
strength_free (EpIntakeStrength *s)
{
  g_free (s->person);
  g_free (s->description);
  g_free (s->carried_from);
  g_free (s);
}

static void
need_free (EpIntakeNeed *n)
{
  g_free (n->id);
  g_free (n->person);
  g_free (n->description);
  g_free (n->carried_from);
  g_free (n);
}

static void
safety_step_free (EpIntakeSafetyStep *s)
{
  g_free (s->date);
  g_free (s->by);
  g_free (s->note);
  g_free (s);
}

static void
safety_signal_free (EpIntakeSafetySignal *s)
{
  g_free (s->description);
  g_free (s->decision);
  g_ptr_array_unref (s->steps);
  g_free (s);
}

void
ep_intake_consent_free (EpIntakeConsent *c)
{
  if (c == NULL)
    return;
  g_free (c->id);
  g_free (c->organisation);
  g_array_unref (c->data);
  g_free (c->purpose);
  g_free (c->valid_until);
  g_free (c->granted_on);
  g_free (c->revoked_at);
  g_free (c->carried_from);
  g_free (c);
}

EpIntakePerson *
ep_intake_person_new (void)
{
  return g_new0 (EpIntakePerson, 1);
}

EpIntakeParticipant *
ep_intake_participant_new (void)
{
  return g_new0 (EpIntakeParticipant, 1);
}

EpIntakeAssessment *
ep_intake_assessment_new (void)
{
  return g_new0 (EpIntakeAssessment, 1);
}

EpIntakeHealth *
ep_intake_health_new (void)
{
  return g_new0 (EpIntakeHealth, 1);
}

EpIntakeStrength *
ep_intake_strength_new (void)
{
  return g_new0 (EpIntakeStrength, 1);
}

EpIntakeNeed *
ep_intake_need_new (void)
{
  return g_new0 (EpIntakeNeed, 1);
}

EpIntakeSafetySignal *
ep_intake_safety_signal_new (void)
{
  EpIntakeSafetySignal *s = g_new0 (EpIntakeSafetySignal, 1);
  s->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) safety_step_free);
  return s;
}

EpIntakeSafetyStep *
ep_intake_safety_step_new (void)
{
  return g_new0 (EpIntakeSafetyStep, 1);
}

EpIntakeConsent *
ep_intake_consent_new (void)
{
  EpIntakeConsent *c = g_new0 (EpIntakeConsent, 1);
  c->data = g_array_new (FALSE, FALSE, sizeof (EpGegevenssoort));
  return c;
}

EpIntake *
ep_intake_new (void)
{
  EpIntake *intake = g_new0 (EpIntake, 1);
  intake->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  intake->participants = g_ptr_array_new_with_free_func ((GDestroyNotify) participant_free);
  intake->assessments = g_ptr_array_new_with_free_func ((GDestroyNotify) assessment_free);
  intake->health = g_ptr_array_new_with_free_func ((GDestroyNotify) health_free);
  intake->strengths = g_ptr_array_new_with_free_func ((GDestroyNotify) strength_free);
  intake->needs = g_ptr_array_new_with_free_func ((GDestroyNotify) need_free);
  intake->safety_signals = g_ptr_array_new_with_free_func ((GDestroyNotify) safety_signal_free);
  intake->consents = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_intake_consent_free);
  intake->addenda = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_intake_addendum_free);
  return intake;
}

void
ep_intake_free (EpIntake *intake)
{
  if (intake == NULL)
    return;
  g_free (intake->id);
  g_free (intake->status);
  g_free (intake->created_by);
  g_free (intake->created_at);
  g_free (intake->finalised_by);
  g_free (intake->finalised_at);
  g_free (intake->carried_from);
  g_free (intake->household.id);
  g_free (intake->household.postcode);
  g_free (intake->household.huisnummer_toevoeging);
  g_free (intake->household.wijk);
  g_free (intake->contact_id);
  g_free (intake->vindplaats_id);
  g_free (intake->template_version);
  g_free (intake->form_reason);
  g_free (intake->date);
  g_free (intake->place);
  g_free (intake->main_problem);
  g_ptr_array_unref (intake->persons);
  g_ptr_array_unref (intake->participants);
  g_ptr_array_unref (intake->assessments);
  g_ptr_array_unref (intake->health);
  g_ptr_array_unref (intake->strengths);
  g_ptr_array_unref (intake->needs);
  g_ptr_array_unref (intake->safety_signals);
  g_ptr_array_unref (intake->consents);
  g_ptr_array_unref (intake->addenda);
  g_free (intake);
}

void
ep_intake_addendum_free (EpIntakeAddendum *addendum)
{
  if (addendum == NULL)
    return;
  g_free (addendum->id);
  g_free (addendum->reason);
  g_free (addendum->text);
  g_free (addendum->created_by);
  g_free (addendum->created_at);
  g_free (addendum);
}

EpIntakePerson *
ep_intake_find_person (const EpIntake *intake, const gchar *ref)
{
  g_return_val_if_fail (intake != NULL, NULL);
  for (guint i = 0; ref != NULL && i < intake->persons->len; i++)
    {
      EpIntakePerson *p = intake->persons->pdata[i];
      if (g_strcmp0 (p->ref, ref) == 0)
        return p;
    }
  return NULL;
}

/* ---- rules -------------------------------------------------------------------------------- */

static gboolean
check_person_ref (const EpIntake *intake, const gchar *ref, gboolean optional,
                  const gchar *collection, guint index, GError **error)
{
  if (ref == NULL && optional)
    return TRUE;
  if (ep_intake_find_person (intake, ref) == NULL)
    return fail_item (error, EP_INTAKE_ERROR_UNKNOWN_PERSON, collection, index, "person",
                      "is niet de ref van een van de personen van deze intake (persons[].ref)");
  return TRUE;
}

static gboolean
check_persons (const EpIntake *intake, GError **error)
{
  if (intake->persons->len == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_MISSING_FIELD, "persons",
                              "een intake noemt ten minste één persoon");
  for (guint i = 0; i < intake->persons->len; i++)
    {
      const EpIntakePerson *p = intake->persons->pdata[i];
      for (guint j = 0; j < i; j++)
        {
          const EpIntakePerson *q = intake->persons->pdata[j];
          if (strcmp (p->ref, q->ref) == 0)
            return fail_item (error, EP_INTAKE_ERROR_DUPLICATE, "persons", i, "ref",
                              "staat er al (persons[%u])", j);
          if (p->id != NULL && g_strcmp0 (p->id, q->id) == 0)
            return fail_item (error, EP_INTAKE_ERROR_DUPLICATE, "persons", i, "id",
                              "dezelfde persoon als persons[%u]", j);
          if (p->bsn != NULL && g_strcmp0 (p->bsn, q->bsn) == 0)
            return fail_item (error, EP_INTAKE_ERROR_DUPLICATE, "persons", i, "bsn",
                              "hetzelfde BSN als persons[%u]", j);
        }
      if (p->id == NULL && p->surname == NULL)
        return fail_item (error, EP_INTAKE_ERROR_MISSING_FIELD, "persons", i, "surname",
                          "verplicht voor een nieuwe persoon (zonder id)");
    }
  return TRUE;
}

static gboolean
check_items (const EpIntake *intake, GError **error)
{
  for (guint i = 0; i < intake->participants->len; i++)
    {
      const EpIntakeParticipant *p = intake->participants->pdata[i];
      if (!check_person_ref (intake, p->person, TRUE, "participants", i, error))
        return FALSE;
      if (p->person == NULL && p->name == NULL)
        return fail_item (error, EP_INTAKE_ERROR_MISSING_FIELD, "participants", i, "name",
                          "verplicht als de deelnemer geen persoon van de intake is");
    }
  for (guint i = 0; i < intake->assessments->len; i++)
    {
      const EpIntakeAssessment *a = intake->assessments->pdata[i];
      if (!check_person_ref (intake, a->person, FALSE, "assessments", i, error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        {
          const EpIntakeAssessment *b = intake->assessments->pdata[j];
          if (a->domain == b->domain && strcmp (a->person, b->person) == 0)
            return fail_item (error, EP_INTAKE_ERROR_DUPLICATE, "assessments", i, "domain",
                              "%s van deze persoon staat er al (assessments[%u])",
                              ep_leefgebied_code (a->domain), j);
        }
    }
  for (guint i = 0; i < intake->health->len; i++)
    {
      const EpIntakeHealth *h = intake->health->pdata[i];
      if (!check_person_ref (intake, h->person, FALSE, "positive_health", i, error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        {
          const EpIntakeHealth *g = intake->health->pdata[j];
          if (h->dimension == g->dimension && strcmp (h->person, g->person) == 0)
            return fail_item (error, EP_INTAKE_ERROR_DUPLICATE, "positive_health", i, "dimension",
                              "%s van deze persoon staat er al (positive_health[%u])",
                              ep_gezondheid_dimensie_code (h->dimension), j);
        }
    }
  for (guint i = 0; i < intake->strengths->len; i++)
    if (!check_person_ref (intake, ((EpIntakeStrength *) intake->strengths->pdata[i])->person, TRUE,
                           "strengths", i, error))
      return FALSE;
  for (guint i = 0; i < intake->needs->len; i++)
    if (!check_person_ref (intake, ((EpIntakeNeed *) intake->needs->pdata[i])->person, FALSE,
                           "needs", i, error))
      return FALSE;
  return TRUE;
}

static gboolean
check_safety (const EpIntake *intake, GError **error)
{
  for (guint i = 0; i < intake->safety_signals->len; i++)
    {
      const EpIntakeSafetySignal *s = intake->safety_signals->pdata[i];
      if (!s->closed || s->severity == EP_VEILIGHEID_ZORG)
        continue;
      gboolean decided = FALSE;
      for (guint j = 0; j < s->steps->len; j++)
        decided |= ((EpIntakeSafetyStep *) s->steps->pdata[j])->step == EP_MELDCODE_STAP_BESLISSEN;
      if (s->decision == NULL || !decided)
        return fail_item (error, EP_INTAKE_ERROR_RULE, "safety_signals", i, "closed",
                          "%s onveiligheid wordt pas afgesloten met een besluit (decision) en een "
                          "vastgelegde stap \"beslissen\"",
                          s->severity == EP_VEILIGHEID_ACUUT ? "acute" : "structurele");
    }
  return TRUE;
}

gboolean
ep_intake_consent_check (const EpIntakeConsent *consent, const gchar *path, GError **error)
{
  /* Dates are YYYY-MM-DD, so text order is date order. */
  if (strcmp (consent->valid_until, consent->granted_on) >= 0)
    return TRUE;
  g_autofree gchar *at = ep_intake_member_path (path, "valid_until");
  return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, at,
                            "ligt vóór de dag van toestemming (%s)", consent->granted_on);
}

static gboolean
check_consents (const EpIntake *intake, GError **error)
{
  for (guint i = 0; i < intake->consents->len; i++)
    {
      const EpIntakeConsent *c = intake->consents->pdata[i];
      g_autofree gchar *path = g_strdup_printf ("consents[%u]", i);
      if (!ep_intake_consent_check (c, path, error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        {
          const EpIntakeConsent *d = intake->consents->pdata[j];
          if (c->id != NULL && g_strcmp0 (c->id, d->id) == 0)
            return fail_item (error, EP_INTAKE_ERROR_DUPLICATE, "consents", i, "id",
                              "staat er al (consents[%u])", j);
          if (c->carried_from != NULL && g_strcmp0 (c->carried_from, d->carried_from) == 0)
            return fail_item (error, EP_INTAKE_ERROR_DUPLICATE, "consents", i, "carried_from",
                              "die toestemming is al overgenomen (consents[%u])", j);
        }
    }
  for (guint i = 0; i < intake->needs->len; i++)
    {
      const EpIntakeNeed *n = intake->needs->pdata[i];
      for (guint j = 0; n->id != NULL && j < i; j++)
        if (g_strcmp0 (n->id, ((EpIntakeNeed *) intake->needs->pdata[j])->id) == 0)
          return fail_item (error, EP_INTAKE_ERROR_DUPLICATE, "needs", i, "id",
                            "staat er al (needs[%u])", j);
    }
  return TRUE;
}

gboolean
ep_intake_validate (const EpIntake *intake, GError **error)
{
  g_return_val_if_fail (intake != NULL, FALSE);
  return check_persons (intake, error) && check_items (intake, error)
         && check_safety (intake, error) && check_consents (intake, error);
}
