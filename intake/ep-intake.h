/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-intake.h: the intake aggregate, the brede uitvraag.
 *
 * An EpIntake is one conversation with a household, recorded at a
 * vindplaats: who the household is (persons, with their roles), who took
 * part, the hoofdprobleem in the resident's own words, ZRM scores and
 * Positieve Gezondheid ratings per person, strengths and network, needs per
 * person and law, safety signals with the Meldcode steps taken, and the
 * consent given to partner organisations. Items of the intake refer to the
 * intake's persons by their `ref`, a short name local to the intake.
 *
 * Lifecycle: draft → finalised. A finalised intake is immutable;
 * corrections are addenda (intake-store).
 *
 * This header holds the model and its rules (intake.c); the JSON form is in
 * ep-intake-json.h, the database in ep-intake-store.h.
 */
#pragma once

#include "ep-vocab.h"

#include <glib.h>

G_BEGIN_DECLS

#define EP_INTAKE_ERROR (ep_intake_error_quark ())
GQuark ep_intake_error_quark (void);

/**
 * EpIntakeError:
 * Validation errors carry a message of the form "PATH: rule", where PATH is
 * the JSON path of the offending value (`persons[1].bsn`, `needs[0].law`,
 * or `intake` for the document itself); ep_intake_error_path() returns it.
 *
 * @EP_INTAKE_ERROR_UNKNOWN_FIELD: a member the format does not have.
 * @EP_INTAKE_ERROR_MISSING_FIELD: a required member is absent (or null).
 * @EP_INTAKE_ERROR_WRONG_TYPE: a member of the wrong JSON type.
 * @EP_INTAKE_ERROR_INVALID_VALUE: a malformed value: a date, UUID, postcode,
 *   an empty text, a number out of range.
 * @EP_INTAKE_ERROR_UNKNOWN_CODE: a code that is not in its vocabulary.
 * @EP_INTAKE_ERROR_INVALID_BSN: a BSN that fails the elfproef or has the
 *   wrong length or characters.
 * @EP_INTAKE_ERROR_UNKNOWN_PERSON: a person ref that is not one of the
 *   intake's persons.
 * @EP_INTAKE_ERROR_DUPLICATE: something that may appear once appears twice
 *   (a person ref, a person, a score for one person and life area).
 * @EP_INTAKE_ERROR_RULE: a rule of the work itself, e.g. acute unsafety
 *   closed without a decision, or a first intake of a new household that is
 *   not a home visit and gives no reason.
 * @EP_INTAKE_ERROR_NOT_FOUND: the intake (or a household, person, contact,
 *   vindplaats, template it names) does not exist in this municipality.
 * @EP_INTAKE_ERROR_STALE: the draft was changed by someone else since the
 *   version the write was based on.
 * @EP_INTAKE_ERROR_FINALISED: the intake is finalised and cannot change.
 * @EP_INTAKE_ERROR_MEMBER_ELSEWHERE: a person is an active member of
 *   another household.
 * @EP_INTAKE_ERROR_TOO_MANY: a list holds more items than its limit (the
 *   EP_INTAKE_MAX_* below); the path names the list.
 * @EP_INTAKE_ERROR_TOO_LONG: a text is longer than EP_INTAKE_MAX_TEXT.
 * @EP_INTAKE_ERROR_SHIELDED: the household is shielded (ep-shield.h) and the
 *   acting user is not named by the shield and has no running emergency
 *   access; the refusal is in the access log.
 *
 * A document that is not JSON, or breaks a limit of the JSON itself (size,
 * nesting, a member twice, text PostgreSQL cannot keep), is refused before
 * any of this with an EP_JSON_ERROR (ep-json-error.h).
 */
typedef enum
{
  EP_INTAKE_ERROR_UNKNOWN_FIELD = 1,
  EP_INTAKE_ERROR_MISSING_FIELD,
  EP_INTAKE_ERROR_WRONG_TYPE,
  EP_INTAKE_ERROR_INVALID_VALUE,
  EP_INTAKE_ERROR_UNKNOWN_CODE,
  EP_INTAKE_ERROR_INVALID_BSN,
  EP_INTAKE_ERROR_UNKNOWN_PERSON,
  EP_INTAKE_ERROR_DUPLICATE,
  EP_INTAKE_ERROR_RULE,
  EP_INTAKE_ERROR_NOT_FOUND,
  EP_INTAKE_ERROR_STALE,
  EP_INTAKE_ERROR_FINALISED,
  EP_INTAKE_ERROR_MEMBER_ELSEWHERE,
  EP_INTAKE_ERROR_TOO_MANY,
  EP_INTAKE_ERROR_TOO_LONG,
  EP_INTAKE_ERROR_SHIELDED,
} EpIntakeError;

/**
 * ep_intake_error_path:
 * @error: an EP_INTAKE_ERROR
 *
 * The path is data carried with the error, not read back out of its message.
 *
 * Returns: (transfer full) (nullable): the JSON path the error names, or
 *   NULL when it names none (or @error is of another domain).
 */
gchar *ep_intake_error_path (const GError *error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_intake_error_rule:
 * @error: an EP_INTAKE_ERROR
 *
 * Returns: (transfer none) (nullable): the rule the value broke, in Dutch,
 *   without the path ("elfproef klopt niet"); NULL as for the path.
 */
const gchar *ep_intake_error_rule (const GError *error);

/* An intake's status. */
#define EP_INTAKE_STATUS_DRAFT "draft"
#define EP_INTAKE_STATUS_FINALISED "finalised"

/* Longest free text accepted (characters); longer is refused, not cut. */
#define EP_INTAKE_MAX_TEXT 10000

/*
 * The most items each list of an intake document may hold: far above what a
 * real household needs (docs/intake.md, "Limits"), low enough that a hostile
 * document cannot make recording or showing an intake slow. More is refused
 * with EP_INTAKE_ERROR_TOO_MANY, never cut.
 */
#define EP_INTAKE_MAX_PERSONS 50
#define EP_INTAKE_MAX_PARTICIPANTS 50
#define EP_INTAKE_MAX_ASSESSMENTS (EP_INTAKE_MAX_PERSONS * 13) /* every life area of everyone */
#define EP_INTAKE_MAX_HEALTH (EP_INTAKE_MAX_PERSONS * 6)       /* every dimension of everyone */
#define EP_INTAKE_MAX_STRENGTHS 200
#define EP_INTAKE_MAX_NEEDS 200
#define EP_INTAKE_MAX_SAFETY_SIGNALS 50
#define EP_INTAKE_MAX_SAFETY_STEPS 50 /* per signal */
#define EP_INTAKE_MAX_CONSENTS 100
#define EP_INTAKE_MAX_CONSENT_DATA 20 /* kinds of data per consent */
#define EP_INTAKE_MAX_ADDENDA 1000    /* read back with a finalised intake */

typedef struct
{
  gchar *id; /* uuid of an existing household, or NULL for a new one */
  gchar *postcode;
  gint huisnummer;
  gchar *huisnummer_toevoeging;
  gchar *wijk;
} EpIntakeHousehold;

typedef struct
{
  gchar *ref;
  gchar *id;  /* uuid of an existing person, or NULL */
  gchar *bsn; /* nine digits; input only: the database keeps a pseudonym */
  gchar *given_names;
  gchar *surname_prefix;
  gchar *surname;
  gchar *birth_date; /* YYYY-MM-DD */
  EpGezinsrol role;
  gchar *carried_from; /* intake id, when carried forward */
} EpIntakePerson;

typedef struct
{
  EpDeelnemer kind;
  gchar *person; /* ref, for a resident */
  gchar *name;
  gchar *organisation;
  gchar *role;
} EpIntakeParticipant;

typedef struct
{
  gchar *person;
  EpLeefgebied domain;
  gint score; /* 1–5, or 0 when not scored */
  gchar *explanation;
} EpIntakeAssessment;

typedef struct
{
  gchar *person;
  EpGezondheidDimensie dimension;
  gint rating; /* 0–10 */
} EpIntakeHealth;

typedef struct
{
  gchar *person;    /* ref, or NULL for the household as a whole */
  gboolean network; /* FALSE: eigen kracht; TRUE: netwerk */
  gchar *description;
  gchar *carried_from;
} EpIntakeStrength;

typedef struct
{
  gchar *id; /* assigned by the store */
  gchar *person;
  EpLeefgebied domain;
  gchar *description;
  EpWet law;
  EpUrgentie urgency;
  EpHulpvraagStatus status;
  gchar *carried_from; /* need id, when carried forward */
} EpIntakeNeed;

typedef struct
{
  EpMeldcodeStap step;
  gchar *date;
  gchar *by;
  gchar *note;
} EpIntakeSafetyStep;

typedef struct
{
  gchar *description;
  EpVeiligheid severity;
  gboolean closed;
  gchar *decision;
  GPtrArray *steps; /* EpIntakeSafetyStep */
} EpIntakeSafetySignal;

typedef struct
{
  gchar *id; /* assigned by the store */
  gchar *organisation;
  GArray *data; /* EpGegevenssoort */
  gchar *purpose;
  gchar *valid_until;
  gchar *granted_on;
  gchar *revoked_at; /* read only */
  gchar *carried_from;
} EpIntakeConsent;

/* A correction to a finalised intake (ep_intake_add_addendum()); read only. */
typedef struct
{
  gchar *id;
  gchar *reason;
  gchar *text;
  gchar *created_by;
  gchar *created_at; /* UTC, ISO 8601 */
} EpIntakeAddendum;

typedef struct
{
  /* Owned by the store; NULL/0 before the intake is first stored. */
  gchar *id;
  gint version;
  gchar *status;
  gchar *created_by;
  gchar *created_at;
  gchar *finalised_by;
  gchar *finalised_at;
  gchar *carried_from;

  EpIntakeHousehold household;
  gchar *contact_id;
  gchar *vindplaats_id;
  gchar *template_version;
  EpIntakeVorm form;
  gchar *form_reason;
  gchar *date;
  gchar *place;
  gchar *main_problem;

  GPtrArray *persons;        /* EpIntakePerson */
  GPtrArray *participants;   /* EpIntakeParticipant */
  GPtrArray *assessments;    /* EpIntakeAssessment */
  GPtrArray *health;         /* EpIntakeHealth */
  GPtrArray *strengths;      /* EpIntakeStrength */
  GPtrArray *needs;          /* EpIntakeNeed */
  GPtrArray *safety_signals; /* EpIntakeSafetySignal */
  GPtrArray *consents;       /* EpIntakeConsent */
  GPtrArray *addenda;        /* EpIntakeAddendum, oldest first; read only */
} EpIntake;

/**
 * ep_intake_new:
 *
 * Returns: (transfer full): an empty intake with empty item arrays (each
 *   array frees its items).
 */
EpIntake *ep_intake_new (void);
void ep_intake_free (EpIntake *intake);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpIntake, ep_intake_free)

EpIntakePerson *ep_intake_person_new (void);
EpIntakeParticipant *ep_intake_participant_new (void);
EpIntakeAssessment *ep_intake_assessment_new (void);
EpIntakeHealth *ep_intake_health_new (void);
EpIntakeStrength *ep_intake_strength_new (void);
EpIntakeNeed *ep_intake_need_new (void);
EpIntakeSafetySignal *ep_intake_safety_signal_new (void);
EpIntakeSafetyStep *ep_intake_safety_step_new (void);
EpIntakeConsent *ep_intake_consent_new (void);
void ep_intake_consent_free (EpIntakeConsent *consent);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpIntakeConsent, ep_intake_consent_free)
void ep_intake_addendum_free (EpIntakeAddendum *addendum);

/**
 * ep_intake_find_person:
 *
 * Returns: (transfer none) (nullable): the person with @ref, or NULL.
 */
EpIntakePerson *ep_intake_find_person (const EpIntake *intake, const gchar *ref);

/**
 * ep_intake_validate:
 * @intake: a decoded intake
 *
 * Checks the rules that span the aggregate and that the JSON types alone
 * cannot: person refs are unique and every item names one of them; a
 * person appears once; one score per person and life area, one rating per
 * person and dimension; acute or structural unsafety is closed only with a
 * decision and a recorded "beslissen" step; a consent ends on or after the
 * day it was given. (The form rule for a first intake needs the database:
 * intake-store checks it.)
 *
 * Returns: TRUE when the intake satisfies them; FALSE with an
 *   EP_INTAKE_ERROR naming the first offending path.
 */
gboolean ep_intake_validate (const EpIntake *intake, GError **error);

G_END_DECLS
