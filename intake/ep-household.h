/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-household.h: households and their members, as the case worker finds
 * and reads them. A person is a member of at most one household at a time
 * (the database enforces it); memberships have dates and roles, and ended
 * ones are kept, so the history can be read.
 *
 * Households and their members are created with ep_household_create(), or
 * by recording an intake for them (ep-intake-store.h).
 */
#pragma once

#include "ep-db-pool.h"
#include "ep-intake.h"

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

typedef struct
{
  gchar *membership_id;
  gchar *person_id;
  gchar *given_names;
  gchar *surname_prefix;
  gchar *surname;
  gchar *birth_date;
  EpGezinsrol role;
  gchar *valid_from;
  gchar *valid_to; /* NULL while current */
} EpHouseholdMember;

typedef struct
{
  gchar *id;
  gchar *date;
  EpIntakeVorm form;
  gchar *status;
} EpHouseholdIntake;

typedef struct
{
  gchar *id;
  gint version;      /* counts changes of the membership: the ETag (ep_household_load only) */
  gboolean shielded; /* a shield is in force (ep-shield.h) */
  gboolean withheld; /* shielded, and the acting user may not open it: only id and shielded are
                      * set (ep_household_find) */
  gchar *postcode;
  gint huisnummer;
  gchar *huisnummer_toevoeging;
  gchar *wijk;
  GPtrArray *members; /* EpHouseholdMember, current and past, oldest first */
  GPtrArray *intakes; /* EpHouseholdIntake, oldest first (ep_household_load only) */
} EpHousehold;

void ep_household_member_free (EpHouseholdMember *member);
void ep_household_free (EpHousehold *household);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpHousehold, ep_household_free)

/**
 * ep_household_create_from_json:
 *
 * The JSON of `eenplan household create`: the "household", "persons" and
 * "date" members of an intake (docs/intake.md) and nothing else, checked
 * as strictly: {"household": {"postcode": …, "huisnummer": …},
 * "persons": [{"ref": …, "bsn": …, "surname": …, "role": …}], "date": …}.
 *
 * Returns: (transfer full): an intake holding only those (no conversation);
 *   NULL with an EP_INTAKE_ERROR naming the path.
 */
EpIntake *ep_household_create_from_json (JsonNode *node, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_household_create:
 * @members: (inout): from ep_household_create_from_json(): the household
 *   (household.id of a known one, or an address for a new one), its persons
 *   and the date they join
 *
 * Creates the household (or takes the known one) and makes each person a
 * member from @members->date: found by id, through the BSN's pseudonym, or
 * new — as ep_intake_record() does, with the same errors and audit events,
 * in one transaction. On success household.id and persons[].id are set.
 *
 * Returns: TRUE; FALSE with an EP_INTAKE_ERROR (NOT_FOUND, MEMBER_ELSEWHERE,
 *   DUPLICATE) or an EP_DB_ERROR, and nothing written.
 */
gboolean ep_household_create (PGconn *conn, const EpDbTxContext *ctx, GBytes *pseudonym_key,
                              EpIntake *members, GError **error);

/**
 * ep_household_created_to_json:
 * @members: after ep_household_create()
 *
 * Returns: (transfer full): what `eenplan household create --json` prints: the household's "id"
 *   and, for each person, its "ref" and the "id" the store gave it or found:
 *   {"id": …, "persons": [{"ref": …, "id": …}]}.
 */
JsonNode *ep_household_created_to_json (const EpIntake *members);

/**
 * ep_household_to_json:
 *
 * Returns: (transfer full): the household as JSON: id, "afgeschermd": true
 *   when it is shielded, address, members (person_id, names, birth_date,
 *   role, from, to) and intakes (id, date, form, status); absent values left
 *   out. A withheld household is only {"id", "afgeschermd": true}.
 */
JsonNode *ep_household_to_json (const EpHousehold *household);

/**
 * ep_households_to_json:
 * @households: (element-type EpHousehold): households, as ep_household_find() gives them
 *
 * Returns: (transfer full): a JSON array of ep_household_to_json() of each, in order.
 */
JsonNode *ep_households_to_json (const GPtrArray *households);

/**
 * ep_household_load:
 *
 * Reads a household with its whole membership history, its intakes and its
 * version; the read is access-logged (as emergency access where that is
 * what lets the user in).
 *
 * Returns: (transfer full): the household; NULL with
 *   EP_INTAKE_ERROR_NOT_FOUND (id), EP_INTAKE_ERROR_SHIELDED (the shield
 *   refuses the acting user: nothing read, the refusal access-logged) or an
 *   EP_DB_ERROR.
 */
EpHousehold *ep_household_load (PGconn *conn, const EpDbTxContext *ctx, const gchar *id,
                                GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* What ep_household_find() looks for: an address or a member's BSN (exactly one of the two),
 * and which page. */
typedef struct
{
  const gchar *postcode; /* a postcode (7551AB); with huisnummer > 0 the address */
  gint huisnummer;
  const gchar *bsn;      /* a BSN: the household its person is a member of now */
  GBytes *pseudonym_key; /* the BSN pseudonym key (needed with bsn) */
  guint limit;           /* 1–EP_LIST_MAX_LIMIT (ep-intake-lists.h); 0: EP_LIST_DEFAULT_LIMIT */
  const gchar *cursor;   /* a next_cursor given before; NULL: from the first */
} EpHouseholdSearch;

/**
 * ep_household_find:
 * @next_cursor: (out) (transfer full) (optional): where the next page starts, or NULL when this
 *   page is the last (never a silent cap)
 *
 * Finds households by address (in house number order) or by a member's BSN. The households
 * shown are access-logged, one row each, in one statement; their members are read in one. A
 * shielded household the acting user may not open is withheld: found, but with nothing of it
 * read or given beyond its id (EpHousehold.withheld), so that a regisseur or supervisor can ask
 * for emergency access to it.
 *
 * Returns: (transfer full) (element-type EpHousehold): the page of households found (with their
 *   members, without intakes), possibly none; NULL with EP_INTAKE_ERROR_INVALID_VALUE /
 *   _INVALID_BSN naming the search field (postcode, bsn, limit, cursor), or an EP_DB_ERROR.
 */
GPtrArray *ep_household_find (PGconn *conn, const EpDbTxContext *ctx,
                              const EpHouseholdSearch *search, gchar **next_cursor,
                              GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_household_leave:
 * @person_id: a current member
 * @date: the first day the person no longer belongs (YYYY-MM-DD)
 *
 * Ends the person's current membership on @date; the membership is kept as
 * history, with its audit event.
 *
 * Returns: TRUE; FALSE with EP_INTAKE_ERROR_NOT_FOUND (person_id: no current
 *   membership), _INVALID_VALUE (date: malformed, or not after the day the
 *   membership began), or an EP_DB_ERROR.
 */
gboolean ep_household_leave (PGconn *conn, const EpDbTxContext *ctx, const gchar *person_id,
                             const gchar *date, GError **error);

/**
 * ep_household_member_leave:
 * @household_id: the household the person is a current member of
 * @person_id: the person
 * @date: as for ep_household_leave()
 * @version: the household's version the caller read (its ETag)
 * @new_version: (out) (optional): the household's version after the change
 *
 * As ep_household_leave(), held to the household the caller read: the person must be a current
 * member of @household_id, and nobody may have changed the membership since @version.
 *
 * Returns: TRUE; FALSE with EP_INTAKE_ERROR_NOT_FOUND (id: no such household; person_id: not a
 *   current member of it), _STALE (version), _INVALID_VALUE (date), an EP_DB_ERROR
 *   (EP_DB_ERROR_PERMISSION_DENIED when the household's shield refuses the acting user).
 */
gboolean ep_household_member_leave (PGconn *conn, const EpDbTxContext *ctx,
                                    const gchar *household_id, const gchar *person_id,
                                    const gchar *date, gint version, gint *new_version,
                                    GError **error);

/* A step of a household's timeline: an audit event of the household, without its change (which
 * may hold what a resident said): when, what, which record, and who. */
typedef struct
{
  gint64 id;          /* the audit event's id */
  gchar *occurred_at; /* ISO-8601, UTC, to the microsecond */
  gchar *action;      /* create, update, finalise, shield, open, … */
  gchar *entity_type; /* intake, consent, household_member, … */
  gchar *entity_id;
  gchar *actor_id; /* the username */
  gchar *actor_role;
  gchar *actor_name; /* their display name; NULL for eenplan's own work ("system") */
} EpHouseholdStep;

void ep_household_step_free (EpHouseholdStep *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpHouseholdStep, ep_household_step_free)

/* Returns: (transfer full): @step as JSON: {"id", "occurred_at", "action", "entity_type",
 *   "entity_id", "actor_id", "actor_role", "actor_name"}, absent values left out. */
JsonNode *ep_household_step_to_json (const EpHouseholdStep *step);

/**
 * ep_household_timeline:
 * @limit: 1–EP_LIST_MAX_LIMIT (ep-intake-lists.h); 0: EP_LIST_DEFAULT_LIMIT
 * @cursor: (nullable): a next_cursor given before; NULL: from the newest
 * @next_cursor: (out) (transfer full) (optional): where the next page starts, or NULL when this
 *   page is the last
 *
 * Everything that happened to household @id, from the audit trail: its events, newest first, a
 * page at a time (the supervisors' query, ep-audit-query.h, filtered by the household), each
 * with the actor's display name. Held to the household's shield as ep_household_load() is, and
 * access-logged (entity household_timeline; as emergency access where that lets the user in).
 *
 * Returns: (transfer full) (element-type EpHouseholdStep): the page, possibly empty; NULL with
 *   EP_INTAKE_ERROR_NOT_FOUND (id), _INVALID_VALUE (limit), EP_INTAKE_ERROR_SHIELDED (nothing
 *   read, the refusal access-logged), EP_AUDIT_ERROR_BAD_CURSOR, or an EP_DB_ERROR.
 */
GPtrArray *ep_household_timeline (PGconn *conn, const EpDbTxContext *ctx, const gchar *id,
                                  guint limit, const gchar *cursor, gchar **next_cursor,
                                  GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- a partner's households ---------------------------------------------------------------- */

/* A household as a partner's list shows it: only what the consents in effect today that name the
 * partner's organisation give. */
typedef struct
{
  gchar *id;
  gboolean shielded;      /* a shield is in force (and names the partner: others are left out) */
  gboolean basisgegevens; /* a consent gives basisgegevens: the address and members are set */
  gchar *postcode;
  gint huisnummer;
  gchar *huisnummer_toevoeging;
  gchar *wijk;
  GPtrArray *members;  /* EpHouseholdMember: the current members, with only person_id, names
                        * and role set (empty without basisgegevens) */
  GPtrArray *consents; /* EpIntakeConsent: the consents in effect naming the organisation, in the
                        * order they were recorded (at least one) */
} EpPartnerHousehold;

void ep_partner_household_free (EpPartnerHousehold *household);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpPartnerHousehold, ep_partner_household_free)

/* Which page of a partner's households. */
typedef struct
{
  const gchar *organisation; /* required: the partner user's organisation */
  guint limit;         /* 1–EP_LIST_MAX_LIMIT (ep-intake-lists.h); 0: EP_LIST_DEFAULT_LIMIT */
  const gchar *cursor; /* a next_cursor given before; NULL: from the first */
} EpPartnerHouseholdFilter;

/**
 * ep_partner_households:
 * @next_cursor: (out) (transfer full) (optional): where the next page starts, or NULL when this
 *   page is the last
 *
 * The households a partner organisation may see today: those with a consent that names
 * @filter->organisation, was given on or before today, runs until today or later and is not
 * revoked (as ep_consent_allows() decides), in the order the households were made. Each carries
 * those consents; its address and current members (names and role, nothing else: not even read
 * otherwise) only where one of them gives basisgegevens. A shielded household is listed only
 * where its shield lets the acting user in (household_access(), migration 0008). Each household
 * shown is one row of the access log (search, household, EP_PARTNER_PURPOSE of
 * ep-intake-store.h), in the reading
 * transaction.
 *
 * Returns: (transfer full) (element-type EpPartnerHousehold): the page, possibly empty; NULL with
 *   EP_INTAKE_ERROR_INVALID_VALUE (limit, cursor) or an EP_DB_ERROR.
 */
GPtrArray *ep_partner_households (PGconn *conn, const EpDbTxContext *ctx,
                                  const EpPartnerHouseholdFilter *filter, gchar **next_cursor,
                                  GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Returns: (transfer full): @household as JSON: {"id", "afgeschermd": true when shielded,
 *   "consents": [ep_consent_to_json() of each]} and, with basisgegevens, "postcode",
 *   "huisnummer", "huisnummer_toevoeging", "wijk" and "members": [{"person_id", "given_names",
 *   "surname_prefix", "surname", "role"}]; absent values left out. */
JsonNode *ep_partner_household_to_json (const EpPartnerHousehold *household);

G_END_DECLS
