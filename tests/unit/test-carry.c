/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-carry.c — unit tests of intake/carry.c, the rules of carrying an intake forward with no
 * database: which members, strengths, needs and consents the next intake's draft starts with,
 * and where each says it came from; and which it leaves behind (members who left, their
 * strengths and needs, needs solved or lapsed, consents revoked or expired).
 */
#include "unit-suites.h"

#include "carry-private.h"

#define PREVIOUS "0190a000-0000-7000-8000-0000000000a1"
#define JOLANDA "0190a000-0000-7000-8000-0000000000b1"
#define MARK "0190a000-0000-7000-8000-0000000000b2"
#define DAAN "0190a000-0000-7000-8000-0000000000b3"

static void
add_person (EpIntake *intake, const gchar *ref, const gchar *id)
{
  EpIntakePerson *p = ep_intake_person_new ();
  p->ref = g_strdup (ref);
  p->id = g_strdup (id);
  g_ptr_array_add (intake->persons, p);
}

static void
add_member (GPtrArray *members, const gchar *person_id, const gchar *surname, const gchar *valid_to)
{
  EpHouseholdMember *m = g_new0 (EpHouseholdMember, 1);
  m->person_id = g_strdup (person_id);
  m->surname = g_strdup (surname);
  m->role = EP_GEZINSROL_OUDER_VERZORGER;
  m->valid_from = g_strdup ("2025-01-01");
  m->valid_to = g_strdup (valid_to);
  g_ptr_array_add (members, m);
}

static GPtrArray *
new_members (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) ep_household_member_free);
}

/* The latest intake: Jolanda and Mark; Mark has since left, Daan has joined. */
static EpIntake *
previous_intake (void)
{
  EpIntake *previous = ep_intake_new ();
  previous->id = g_strdup (PREVIOUS);
  add_person (previous, "jolanda", JOLANDA);
  add_person (previous, "mark", MARK);
  return previous;
}

static GPtrArray *
members_now (void)
{
  GPtrArray *members = new_members ();
  add_member (members, JOLANDA, "Voorbeeld", NULL);
  add_member (members, MARK, "Jansen", "2026-06-01");
  add_member (members, DAAN, "Voorbeeld", NULL);
  return members;
}

static const EpIntakePerson *
person_at (const EpIntake *draft, guint i)
{
  return draft->persons->pdata[i];
}

START_TEST (test_members_current_only_with_earlier_refs)
{
  g_autoptr (EpIntake) previous = previous_intake ();
  g_autoptr (GPtrArray) members = members_now ();
  g_autoptr (EpIntake) draft = ep_intake_new ();

  ep_carry_members (previous, members, draft);

  ck_assert_uint_eq (draft->persons->len, 2);
  ck_assert_str_eq (person_at (draft, 0)->id, JOLANDA);
  ck_assert_str_eq (person_at (draft, 0)->ref, "jolanda");
  ck_assert_str_eq (person_at (draft, 0)->surname, "Voorbeeld");
  ck_assert_int_eq (person_at (draft, 0)->role, EP_GEZINSROL_OUDER_VERZORGER);
  ck_assert_str_eq (person_at (draft, 0)->carried_from, PREVIOUS);
  ck_assert_str_eq (person_at (draft, 1)->id, DAAN);
  ck_assert_str_eq (person_at (draft, 1)->ref, "persoon-1");
  ck_assert_str_eq (person_at (draft, 1)->carried_from, PREVIOUS);
  ck_assert_ptr_null (ep_intake_find_person (draft, "mark"));
}
END_TEST

START_TEST (test_members_new_ref_is_unique)
{
  g_autoptr (EpIntake) previous = ep_intake_new ();
  previous->id = g_strdup (PREVIOUS);
  add_person (previous, "persoon-1", JOLANDA);
  g_autoptr (GPtrArray) members = new_members ();
  add_member (members, DAAN, "Voorbeeld", NULL);
  add_member (members, JOLANDA, "Voorbeeld", NULL);
  g_autoptr (EpIntake) draft = ep_intake_new ();

  ep_carry_members (previous, members, draft);

  ck_assert_uint_eq (draft->persons->len, 2);
  ck_assert_str_eq (person_at (draft, 0)->id, DAAN);
  ck_assert_str_eq (person_at (draft, 0)->ref, "persoon-2");
  ck_assert_str_eq (person_at (draft, 1)->id, JOLANDA);
  ck_assert_str_eq (person_at (draft, 1)->ref, "persoon-1");
}
END_TEST

START_TEST (test_members_none_current)
{
  g_autoptr (EpIntake) previous = previous_intake ();
  g_autoptr (GPtrArray) members = new_members ();
  add_member (members, JOLANDA, "Voorbeeld", "2026-01-01");
  g_autoptr (EpIntake) draft = ep_intake_new ();

  ep_carry_members (previous, members, draft);

  ck_assert_uint_eq (draft->persons->len, 0);
}
END_TEST

static void
add_strength (EpIntake *intake, const gchar *person, gboolean network, const gchar *description)
{
  EpIntakeStrength *s = ep_intake_strength_new ();
  s->person = g_strdup (person);
  s->network = network;
  s->description = g_strdup (description);
  g_ptr_array_add (intake->strengths, s);
}

static void
add_need (EpIntake *intake, const gchar *id, const gchar *person, EpHulpvraagStatus status,
          const gchar *description)
{
  EpIntakeNeed *n = ep_intake_need_new ();
  n->id = g_strdup (id);
  n->person = g_strdup (person);
  n->domain = EP_LEEFGEBIED_FINANCIEN;
  n->law = EP_WET_WGS;
  n->urgency = EP_URGENTIE_HOOG;
  n->status = status;
  n->description = g_strdup (description);
  g_ptr_array_add (intake->needs, n);
}

START_TEST (test_findings_of_current_members)
{
  g_autoptr (EpIntake) previous = previous_intake ();
  add_strength (previous, NULL, TRUE, "buren helpen");
  add_strength (previous, "jolanda", FALSE, "houdt de post bij");
  add_strength (previous, "mark", FALSE, "kookt");
  add_need (previous, "n-open", "jolanda", EP_HULPVRAAG_STATUS_OPEN, "schulden");
  add_need (previous, "n-bezig", "jolanda", EP_HULPVRAAG_STATUS_IN_BEHANDELING, "werk");
  add_need (previous, "n-opgelost", "jolanda", EP_HULPVRAAG_STATUS_OPGELOST, "huur");
  add_need (previous, "n-vervallen", "jolanda", EP_HULPVRAAG_STATUS_VERVALLEN, "vervoer");
  add_need (previous, "n-mark", "mark", EP_HULPVRAAG_STATUS_OPEN, "opvoeding");
  g_autoptr (GPtrArray) members = members_now ();
  g_autoptr (EpIntake) draft = ep_intake_new ();

  ep_carry_members (previous, members, draft);
  ep_carry_findings (previous, draft);

  ck_assert_uint_eq (draft->strengths->len, 2);
  const EpIntakeStrength *household = draft->strengths->pdata[0];
  ck_assert_ptr_null (household->person);
  ck_assert (household->network);
  ck_assert_str_eq (household->description, "buren helpen");
  ck_assert_str_eq (household->carried_from, PREVIOUS);
  const EpIntakeStrength *own = draft->strengths->pdata[1];
  ck_assert_str_eq (own->person, "jolanda");
  ck_assert (!own->network);
  ck_assert_str_eq (own->description, "houdt de post bij");
  ck_assert_str_eq (own->carried_from, PREVIOUS);

  ck_assert_uint_eq (draft->needs->len, 2);
  const EpIntakeNeed *open = draft->needs->pdata[0];
  ck_assert_ptr_null (open->id);
  ck_assert_str_eq (open->carried_from, "n-open");
  ck_assert_str_eq (open->person, "jolanda");
  ck_assert_str_eq (open->description, "schulden");
  ck_assert_int_eq (open->status, EP_HULPVRAAG_STATUS_OPEN);
  ck_assert_int_eq (open->domain, EP_LEEFGEBIED_FINANCIEN);
  ck_assert_int_eq (open->law, EP_WET_WGS);
  ck_assert_int_eq (open->urgency, EP_URGENTIE_HOOG);
  const EpIntakeNeed *busy = draft->needs->pdata[1];
  ck_assert_str_eq (busy->carried_from, "n-bezig");
  ck_assert_int_eq (busy->status, EP_HULPVRAAG_STATUS_IN_BEHANDELING);
}
END_TEST

/* A person's findings follow the person, not the ref: the draft may call them otherwise. */
START_TEST (test_findings_use_the_drafts_ref)
{
  g_autoptr (EpIntake) previous = ep_intake_new ();
  previous->id = g_strdup (PREVIOUS);
  add_person (previous, "ma", JOLANDA);
  add_need (previous, "n-1", "ma", EP_HULPVRAAG_STATUS_OPEN, "schulden");
  g_autoptr (EpIntake) draft = ep_intake_new ();
  add_person (draft, "jolanda", JOLANDA);

  ep_carry_findings (previous, draft);

  ck_assert_uint_eq (draft->needs->len, 1);
  ck_assert_str_eq (((EpIntakeNeed *) draft->needs->pdata[0])->person, "jolanda");
}
END_TEST

static void
add_consent (GPtrArray *consents, const gchar *id, const gchar *organisation,
             const gchar *valid_until, const gchar *revoked_at)
{
  EpIntakeConsent *c = ep_intake_consent_new ();
  c->id = g_strdup (id);
  c->organisation = g_strdup (organisation);
  c->valid_until = g_strdup (valid_until);
  c->granted_on = g_strdup ("2025-11-20");
  c->revoked_at = g_strdup (revoked_at);
  g_ptr_array_add (consents, c);
}

START_TEST (test_consents_valid_only)
{
  g_autoptr (GPtrArray) consents
    = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_intake_consent_free);
  add_consent (consents, "c-later", "Schuldhulp Twente", "2027-11-20", NULL);
  add_consent (consents, "c-expired", "MEE", "2026-11-19", NULL);
  add_consent (consents, "c-revoked", "GGD", "2027-11-20", "2026-03-01T10:00:00.000Z");
  add_consent (consents, "c-today", "Wijkteam", "2026-11-20", NULL);
  g_autoptr (EpIntake) draft = ep_intake_new ();

  ep_carry_consents (consents, "2026-11-20", draft);

  ck_assert_uint_eq (draft->consents->len, 2);
  const EpIntakeConsent *later = draft->consents->pdata[0];
  ck_assert_ptr_null (later->id);
  ck_assert_str_eq (later->carried_from, "c-later");
  ck_assert_str_eq (later->organisation, "Schuldhulp Twente");
  const EpIntakeConsent *today = draft->consents->pdata[1];
  ck_assert_ptr_null (today->id);
  ck_assert_str_eq (today->carried_from, "c-today");
  ck_assert_uint_eq (consents->len, 2);
  ck_assert_str_eq (((EpIntakeConsent *) consents->pdata[0])->id, "c-expired");
  ck_assert_str_eq (((EpIntakeConsent *) consents->pdata[1])->id, "c-revoked");
}
END_TEST

Suite *
ep_test_carry_suite (void)
{
  Suite *suite = suite_create ("carry");
  TCase *members = tcase_create ("members");
  TCase *findings = tcase_create ("findings");
  TCase *consents = tcase_create ("consents");

  tcase_add_test (members, test_members_current_only_with_earlier_refs);
  tcase_add_test (members, test_members_new_ref_is_unique);
  tcase_add_test (members, test_members_none_current);
  tcase_add_test (findings, test_findings_of_current_members);
  tcase_add_test (findings, test_findings_use_the_drafts_ref);
  tcase_add_test (consents, test_consents_valid_only);
  suite_add_tcase (suite, members);
  suite_add_tcase (suite, findings);
  suite_add_tcase (suite, consents);
  return suite;
}
