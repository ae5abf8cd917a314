/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-intake-store.h: intakes in PostgreSQL.
 *
 * Every write runs in one transaction with its audit events (no audit
 * event, no change): the household, persons and memberships it creates,
 * and the intake itself. Every read of an intake is written to the access
 * log (NEN 7513) in the reading transaction. All functions take the tenant
 * and actor from @ctx (see ep_db_run_tx()).
 *
 * BSNs are never stored: a person is found through the HMAC pseudonym of
 * their BSN, keyed with @pseudonym_key (ep_bsn_pseudonym()).
 */
#pragma once

#include "ep-db-pool.h"
#include "ep-intake.h"

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* The purpose (doelbinding) recorded with every audit event and access of
 * an intake. */
#define EP_INTAKE_PURPOSE "brede uitvraag: ondersteuning vaststellen (Wmo, Jeugdwet, Pw, Wgs, Wi)"

/* The purpose of a partner's access: what the household's consent gives their organisation
 * (a refusal of ep_consent_allows(), the list of ep_partner_households()). */
#define EP_PARTNER_PURPOSE "toestemming partner"

/**
 * ep_intake_record:
 * @intake: (inout): a validated intake (ep_intake_from_json()); without an
 *   id it becomes a new draft, with an id and a version it replaces the
 *   contents of that draft
 * @pseudonym_key: the BSN pseudonym key
 *
 * Writes the intake. The household is the one named by household.id, or a
 * new one at the given address; each person is the one named by id, the
 * one found through the BSN's pseudonym, or a new one; a person not yet an
 * active member of the household joins it on the intake's date in their
 * role. A first intake of a household must be a home visit, or give a
 * form_reason.
 *
 * On success @intake holds what the store assigned: id, version, status,
 * household.id, persons[].id, needs[].id, consents[].id, created_by and
 * created_at.
 *
 * Returns: TRUE when the intake was committed; FALSE with an
 *   EP_INTAKE_ERROR (NOT_FOUND, STALE, FINALISED, MEMBER_ELSEWHERE, RULE,
 *   INVALID_VALUE for addenda, which are recorded one by one: the message
 *   names the JSON path) or an EP_DB_ERROR, and nothing written.
 */
gboolean ep_intake_record (PGconn *conn, const EpDbTxContext *ctx, GBytes *pseudonym_key,
                           EpIntake *intake, GError **error);

/**
 * ep_intake_load:
 * @id: the intake's id
 *
 * Reads an intake with its addenda, in one snapshot, and logs the read in
 * the access log.
 *
 * Returns: (transfer full): the intake; NULL with EP_INTAKE_ERROR_NOT_FOUND
 *   when this municipality has no intake @id, or an EP_DB_ERROR.
 */
EpIntake *ep_intake_load (PGconn *conn, const EpDbTxContext *ctx, const gchar *id,
                          GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_intake_carry_forward:
 * @household_id: a household that has had an intake before
 * @vindplaats_id: where the new conversation takes place
 * @date: (nullable): its date (YYYY-MM-DD); NULL for today
 *
 * Never tell the story twice: makes the draft of a new intake for the
 * household from what is known and still current: the household's current
 * members, the strengths and network of its latest intake, the needs that
 * are still open or in progress, and the consents that are neither revoked
 * nor expired. Each carried item has carried_from set (the intake, need or
 * consent it came from), so the case worker confirms or corrects it rather
 * than asking again. The hoofdprobleem is left for the conversation. Nothing
 * is written but the access log; ep_intake_record() stores the draft, and a
 * carried consent it stores replaces the consent it came from.
 *
 * Returns: (transfer full): the draft; NULL with EP_INTAKE_ERROR_NOT_FOUND
 *   (household.id) when the household is unknown or has no intake yet.
 */
EpIntake *ep_intake_carry_forward (PGconn *conn, const EpDbTxContext *ctx,
                                   const gchar *household_id, const gchar *vindplaats_id,
                                   const gchar *date, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_intake_finalise:
 * @version: the version the case worker saw
 *
 * Makes a draft final; from then on it cannot change (addenda only).
 *
 * Returns: TRUE with *@new_version set; FALSE with EP_INTAKE_ERROR_NOT_FOUND,
 *   _STALE (someone changed it since @version) or _FINALISED.
 */
gboolean ep_intake_finalise (PGconn *conn, const EpDbTxContext *ctx, const gchar *id, gint version,
                             gint *new_version, GError **error);

/**
 * ep_intake_add_addendum:
 * @reason: why the correction is made
 * @text: the correction
 *
 * Records a correction to a finalised intake: who, when, why. The addenda
 * are read with the intake (ep_intake_load(), EpIntake.addenda).
 *
 * Returns: TRUE with *@addendum_id (transfer full) set; FALSE with
 *   EP_INTAKE_ERROR_NOT_FOUND, _RULE (the intake is still a draft: change it
 *   instead) or _INVALID_VALUE (empty reason or text), an EP_DB_ERROR, or
 *   EP_CORE_ERROR_CRYPTO when no id can be made (ep_uuid_new()).
 */
gboolean ep_intake_add_addendum (PGconn *conn, const EpDbTxContext *ctx, const gchar *id,
                                 const gchar *reason, const gchar *text, gchar **addendum_id,
                                 GError **error);

/**
 * ep_consent_grant:
 * @household_id: whose consent it is
 * @consent: (inout): a decoded consent (ep_consent_from_json()); on success
 *   its id is set
 *
 * Records consent given outside an intake (by letter, by phone), with its
 * audit event. In effect at once.
 *
 * Returns: TRUE; FALSE with EP_INTAKE_ERROR_NOT_FOUND (household_id), an
 *   EP_DB_ERROR, or EP_CORE_ERROR_CRYPTO when no id can be made
 *   (ep_uuid_new()), and nothing written.
 */
gboolean ep_consent_grant (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                           EpIntakeConsent *consent, GError **error);

/**
 * ep_consent_revoke:
 *
 * Revokes a consent at once: from this transaction on the partner sees
 * nothing under it.
 *
 * Returns: TRUE; FALSE with EP_INTAKE_ERROR_NOT_FOUND, or _RULE when it was
 *   already revoked.
 */
gboolean ep_consent_revoke (PGconn *conn, const EpDbTxContext *ctx, const gchar *consent_id,
                            GError **error);

/**
 * ep_consent_allows:
 * @household_id: (nullable): the household asked about; or
 * @intake_id: (nullable): an intake, whose household is asked about
 * @organisation: the partner organisation asking (a partner user's organisation)
 * @kind: the kind of data it asks for
 * @allowed: (out): whether a consent of the household names @organisation and @kind, was given
 *   on or before today, runs until today or later, and is not revoked
 *
 * What a partner may read is what a valid consent gives, nothing more. A refusal is written to
 * the access log (outcome denied), in the same transaction.
 *
 * Returns: TRUE with *@allowed set; FALSE with an EP_DB_ERROR.
 */
gboolean ep_consent_allows (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                            const gchar *intake_id, const gchar *organisation, EpGegevenssoort kind,
                            gboolean *allowed, GError **error);

/**
 * ep_consent_in_effect:
 * @household_id: the household asked about (a UUID)
 * @organisation: (nullable): the partner organisation asking; NULL: the acting user's own
 *   (app_user.partner_organisation of current_actor(); none for a user who is no partner)
 * @kind: the kind of data it asks for
 * @allowed: (out): whether a consent of the household names the organisation and @kind, was
 *   given on or before today, runs until today or later, and is not revoked
 *
 * The one statement that says whether a consent is in effect (ep_consent_allows() asks it too),
 * run in the caller's transaction — so that a store of another module (plans/) holds its read to
 * the consent in the same snapshot as the read — and writing nothing: the caller logs its read or
 * its refusal.
 *
 * Returns: TRUE with *@allowed set; FALSE with an EP_DB_ERROR.
 */
gboolean ep_consent_in_effect (PGconn *conn, const gchar *household_id, const gchar *organisation,
                               EpGegevenssoort kind, gboolean *allowed, GError **error);

/**
 * ep_consent_kinds:
 * @kinds: (out): the kinds of data (1 << EpGegevenssoort, or-ed) that consents in effect today
 *   give @organisation about @household_id; 0 when none
 *
 * What a partner may see of a household they may open: a check, not a read of the household's
 * data, so nothing is access-logged (the read it shapes is).
 *
 * Returns: TRUE; FALSE with an EP_DB_ERROR.
 */
gboolean ep_consent_kinds (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                           const gchar *organisation, guint *kinds, GError **error);

/* A consent as the list of a household's consents shows it. */
typedef struct
{
  EpIntakeConsent *consent;
  gchar *household_id;
  gchar *intake_id;    /* the intake it was recorded in, or NULL */
  const gchar *status; /* static: EP_CONSENT_VALID, _EXPIRED, _REVOKED or _NOT_YET */
} EpConsentEntry;

/* What a consent is today: in effect, its period ended, revoked (also when an intake's
 * confirmed copy replaced it), or given from a day still to come. */
#define EP_CONSENT_VALID "geldig"
#define EP_CONSENT_EXPIRED "verlopen"
#define EP_CONSENT_REVOKED "ingetrokken"
#define EP_CONSENT_NOT_YET "toekomstig"

void ep_consent_entry_free (EpConsentEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpConsentEntry, ep_consent_entry_free)

/* Which consents of a household. */
typedef struct
{
  const gchar *household_id; /* required */
  const gchar *organisation; /* only those naming this organisation (a partner's); NULL: all */
  guint limit;         /* 1–EP_LIST_MAX_LIMIT (ep-intake-lists.h); 0: EP_LIST_DEFAULT_LIMIT */
  const gchar *cursor; /* a next_cursor given before; NULL: from the first */
} EpConsentFilter;

/**
 * ep_consent_list:
 * @next_cursor: (out) (transfer full) (optional): where the next page starts, or NULL on the last
 *
 * The household's consents in the order they were recorded, revoked and expired ones included,
 * each with its status today. The read is access-logged (entity household_consents), and held to
 * the household's shield like every read of a household.
 *
 * Returns: (transfer full) (element-type EpConsentEntry): the page; NULL with
 *   EP_INTAKE_ERROR_NOT_FOUND (id), _SHIELDED, _INVALID_VALUE (limit, cursor) or an EP_DB_ERROR.
 */
GPtrArray *ep_consent_list (PGconn *conn, const EpDbTxContext *ctx, const EpConsentFilter *filter,
                            gchar **next_cursor, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_consent_entry_to_json:
 *
 * Returns: (transfer full): ep_consent_to_json() of the consent with "intake_id" (where it was
 *   recorded in one) and "status".
 */
JsonNode *ep_consent_entry_to_json (const EpConsentEntry *entry);

G_END_DECLS
