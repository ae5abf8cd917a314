/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * carry.c: what a new intake carries forward from the household's latest one
 * (see carry-private.h): the members still current, the strengths and the
 * needs still open of those members, the consents still valid, each marked
 * with where it came from. Pure functions over the model; intake-carry.c
 * reads what they are given and runs them in one snapshot.
 */
#include "carry-private.h"

#include <string.h>

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

void
ep_carry_members (const EpIntake *previous, const GPtrArray *members, EpIntake *draft)
{
  g_return_if_fail (previous != NULL && members != NULL && draft != NULL);
  for (guint i = 0; i < members->len; i++)
    {
      const EpHouseholdMember *m = members->pdata[i];
      if (m->valid_to != NULL)
        continue; /* left the household */
      EpIntakePerson *p = ep_intake_person_new ();
      g_ptr_array_add (draft->persons, p);
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
  for (guint i = 0; i < draft->persons->len; i++)
    {
      EpIntakePerson *p = draft->persons->pdata[i];
      while (p->ref == NULL)
        {
          g_autofree gchar *ref = g_strdup_printf ("persoon-%u", ++n);
          if (ep_intake_find_person (draft, ref) == NULL)
            p->ref = g_steal_pointer (&ref);
        }
    }
}

void
ep_carry_findings (const EpIntake *previous, EpIntake *draft)
{
  g_return_if_fail (previous != NULL && draft != NULL);
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

void
ep_carry_consents (GPtrArray *consents, const gchar *date, EpIntake *draft)
{
  g_return_if_fail (consents != NULL && date != NULL && draft != NULL);
  for (guint i = 0; i < consents->len;)
    {
      const EpIntakeConsent *c = consents->pdata[i];
      if (c->revoked_at != NULL || c->valid_until == NULL || strcmp (c->valid_until, date) < 0)
        {
          i++;
          continue;
        }
      EpIntakeConsent *carried = g_ptr_array_steal_index (consents, i);
      g_free (carried->carried_from);
      carried->carried_from = g_steal_pointer (&carried->id);
      g_ptr_array_add (draft->consents, carried);
    }
}
