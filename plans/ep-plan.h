/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-plan.h: the household plan (gezinsplan) — één gezin, één plan, één regisseur. The one
 * public header of plans/: its error domain, reading the plan (built by PostgreSQL's
 * plan_document(), migration 0010), its versions and their difference, every write, and the
 * werkbak's lists. docs/plan.md is the contract: the rules, the plan's JSON, the audit actions.
 *
 * Every function runs ONE transaction on @conn with @ctx (ep_db_run_tx(); pass the context of
 * ep_actor_context(), whose check runs first in it). A read is held to the household's shield
 * and written to the access log in the reading transaction. A write validates its @body first
 * (exact JSON paths, Dutch messages), then in one transaction: the actor's right (the plan's
 * current regisseur, or a supervisor of the regisseur's team), the version it is based on (@base_version; a stale one
 * changes nothing), the change, the new version with the whole plan as it then stood
 * (plan_version) and the audit events (entity_type "plan") — all or nothing.
 *
 * Plans are found by their household: a household has at most one active plan, and the
 * functions below work on that one.
 */
#pragma once

#include "ep-db-pool.h"

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* Doelbinding of every audit event and access-log row of plans/. */
#define EP_PLAN_PURPOSE "gezinsplan: één gezin, één plan, één regisseur"

/* Longest free text accepted (characters); longer is refused, not cut. */
#define EP_PLAN_MAX_TEXT 10000
/* Shortest reason for a law change, a handover note, a closing (characters, trimmed). */
#define EP_PLAN_MIN_REASON 5

#define EP_PLAN_ERROR (ep_plan_error_quark ())
GQuark ep_plan_error_quark (void);

/**
 * EpPlanError:
 * Errors about input carry the JSON path (relative to the body, e.g. `omvang.eenheid`,
 * `hulpvragen[1]`, `leden[0]`) and the rule as data: ep_plan_error_path(), ep_plan_error_rule().
 * The message is "PATH: rule".
 *
 * @EP_PLAN_ERROR_UNKNOWN_FIELD: a member the body does not have.
 * @EP_PLAN_ERROR_MISSING_FIELD: a required member is absent (or null).
 * @EP_PLAN_ERROR_WRONG_TYPE: a member of the wrong JSON type.
 * @EP_PLAN_ERROR_INVALID_VALUE: a malformed value: a date, UUID, an empty or too short text, a
 *   volume that is not a whole number, a number out of range.
 * @EP_PLAN_ERROR_UNKNOWN_CODE: a code that is not in its vocabulary (productcategorie, eenheid,
 *   frequentie, reden_einde, wet, doel status, afspraak soort, akkoord wijze), or a
 *   productcategorie of another law (WMO 01–18, JW 40–55).
 * @EP_PLAN_ERROR_RULE: a rule of the work: a need or goal that is not of this plan, a member who
 *   is not a current member of the household, a user who is not an active regisseur (or
 *   casemanager/regisseur/supervisor for the aanspreekpunt), maatwerk fields on another kind of
 *   action, a version that does not exist to agree on.
 * @EP_PLAN_ERROR_NOT_FOUND: the household has no active plan (or the goal, action, need or
 *   version named does not exist in it); path "id" or the member that named it.
 * @EP_PLAN_ERROR_EXISTS: creating, but the household has an active plan:
 *   ep_plan_error_existing_id() names it.
 * @EP_PLAN_ERROR_STALE: the plan changed since @base_version; nothing was written.
 * @EP_PLAN_ERROR_CLOSED: the plan is closed (afgesloten) and changes no more.
 * @EP_PLAN_ERROR_NOT_REGISSEUR: the acting user is neither the plan's current regisseur nor a
 *   supervisor (creating: neither a regisseur nor a supervisor); nothing was written.
 * @EP_PLAN_ERROR_FORBIDDEN: the acting user's role may not read plans (an administrator), or a
 *   partner without a consent in effect that lists `plan`.
 * @EP_PLAN_ERROR_SHIELDED: the household is shielded and the acting user may not open it; the
 *   refusal is in the access log (as EP_INTAKE_ERROR_SHIELDED).
 * @EP_PLAN_ERROR_OTHER_TEAM: a supervisor whose team is not the team of the plan's current
 *   regisseur (or who, or whose regisseur, has no team) changes, approves or rejects it; creating:
 *   names a regisseur of another team; a supervisor's view asked by a supervisor of no team.
 *   Path "team". Nothing was written.
 * @EP_PLAN_ERROR_FOUR_EYES: a level request decided by the user who asked it (four eyes:
 *   PostgreSQL refuses it too, plan_level_four_eyes). Path "aanvraag".
 * @EP_PLAN_ERROR_NOT_SUPERVISOR: approving or rejecting a level request by a user who is not a
 *   supervisor (PostgreSQL refuses it too, plan_level_supervisor); a supervisor's view asked in
 *   another role. Path "aanvraag" (views: "rol").
 * @EP_PLAN_ERROR_PENDING: a level request while another waits for a supervisor's decision (one
 *   at a time: plan_level_one_pending). Path "naar".
 *
 * A body that is not even JSON is the caller's to refuse (EP_JSON_ERROR); database failures come
 * as EP_DB_ERROR.
 */
typedef enum
{
  EP_PLAN_ERROR_UNKNOWN_FIELD = 1,
  EP_PLAN_ERROR_MISSING_FIELD,
  EP_PLAN_ERROR_WRONG_TYPE,
  EP_PLAN_ERROR_INVALID_VALUE,
  EP_PLAN_ERROR_UNKNOWN_CODE,
  EP_PLAN_ERROR_RULE,
  EP_PLAN_ERROR_NOT_FOUND,
  EP_PLAN_ERROR_EXISTS,
  EP_PLAN_ERROR_STALE,
  EP_PLAN_ERROR_CLOSED,
  EP_PLAN_ERROR_NOT_REGISSEUR,
  EP_PLAN_ERROR_FORBIDDEN,
  EP_PLAN_ERROR_SHIELDED,
  EP_PLAN_ERROR_OTHER_TEAM,
  EP_PLAN_ERROR_FOUR_EYES,
  EP_PLAN_ERROR_NOT_SUPERVISOR,
  EP_PLAN_ERROR_PENDING,
} EpPlanError;

/**
 * ep_plan_error_path:
 * Returns: (transfer full) (nullable): the JSON path an EP_PLAN_ERROR names, or NULL.
 */
gchar *ep_plan_error_path (const GError *error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_plan_error_rule:
 * Returns: (transfer none) (nullable): the rule broken, in Dutch, without the path; or NULL.
 */
const gchar *ep_plan_error_rule (const GError *error);

/**
 * ep_plan_error_existing_id:
 * Returns: (transfer none) (nullable): for EP_PLAN_ERROR_EXISTS, the id of the active plan the
 *   household already has; NULL otherwise.
 */
const gchar *ep_plan_error_existing_id (const GError *error);

/**
 * ep_plan_error_current_version:
 * Returns: for EP_PLAN_ERROR_STALE, the plan's version now; 0 otherwise.
 */
gint ep_plan_error_current_version (const GError *error);

/* ---- reading ---------------------------------------------------------------------------- */

/**
 * ep_plan_read:
 * @household_id: a household's UUID
 *
 * The household's active plan as docs/plan.md "The plan's JSON" writes it (built in one
 * statement by plan_document()), access-logged.
 *
 * Returns: (transfer full): the plan (an object; "version" is its ETag); NULL with
 *   EP_PLAN_ERROR_NOT_FOUND (no active plan; path "household_id"), _SHIELDED, _FORBIDDEN, or an
 *   EP_DB_ERROR.
 */
JsonNode *ep_plan_read (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                        GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_plan_read_version:
 * @version: ≥ 1
 *
 * Returns: (transfer full): the active plan's document as it stood at @version
 *   (plan_version.document), access-logged; NULL with errors as ep_plan_read(), or
 *   EP_PLAN_ERROR_NOT_FOUND at "versie" when the plan has no such version.
 */
JsonNode *ep_plan_read_version (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                                gint version, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The longest page of a list, and the page when none is asked for (as EP_LIST_* of intake/). */
#define EP_PLAN_LIST_MAX_LIMIT 200
#define EP_PLAN_LIST_DEFAULT_LIMIT 50

/* A page of a list: NULL cursor for the first page. */
typedef struct
{
  guint limit;         /* 1–EP_PLAN_LIST_MAX_LIMIT; 0: EP_PLAN_LIST_DEFAULT_LIMIT */
  const gchar *cursor; /* a next_cursor given before; NULL: from the first */
} EpPlanPage;

/**
 * ep_plan_versions:
 * @page: (nullable): which page; NULL: the first, of the default size
 * @next_cursor: (out) (transfer full) (optional): the next page's cursor, or NULL when this is
 *   the last page
 *
 * The active plan's versions, newest first, access-logged (one row for the plan).
 *
 * Returns: (transfer full): a JSON array of {versie, op, door, naam, reden, akkoord} (akkoord:
 *   null or {datum, wijze, door, op}); NULL with errors as ep_plan_read(), or
 *   EP_PLAN_ERROR_INVALID_VALUE at "limit" or "cursor".
 */
JsonNode *ep_plan_versions (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                            const EpPlanPage *page, gchar **next_cursor,
                            GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_plan_diff:
 * @from: (nullable): a plan document (the older); NULL as an empty plan
 * @to: (nullable): another (the newer)
 *
 * A pure function: compares two documents field by field (docs/plan.md, "pad"): top-level texts,
 * regisseur.username, aanspreekpunt.username, problemen, and each need, goal and action matched
 * by id (`doelen[<id>].status`, `afspraken[<id>].omvang.volume`, `hulpvragen[<id>].wet`); a new
 * or vanished one is one change "toegevoegd" or "verwijderd" with the whole item. `version`,
 * `akkoord`, timestamps and what follows from other fields (`open_hulpvragen`, `regie`,
 * a need's `doelen` and `wet_historie`, a goal's `wetten`) are not compared.
 *
 * Returns: (transfer full): a JSON array of {pad, soort, van, naar}, in document order; never
 *   NULL.
 */
JsonNode *ep_plan_diff (JsonNode *from, JsonNode *to) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_plan_diff_versions:
 * @van: the older version (≥ 1)
 * @naar: the newer version (≥ 1)
 *
 * Returns: (transfer full): {van, naar, wijzigingen: ep_plan_diff()} of the active plan's two
 *   versions, access-logged; NULL with errors as ep_plan_read_version() (path "van" or "naar").
 */
JsonNode *ep_plan_diff_versions (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                                 gint van, gint naar, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- writing ---------------------------------------------------------------------------- */

/*
 * Every write below takes the version it is based on (@base_version, the plan's "version" the
 * caller read) and the change as a JSON object @body (borrowed; the API passes the request's body
 * through, the CLI builds it from its flags) with its reason "reden" (required, not blank).
 * @new_version (optional) receives the plan's version after the write. Each returns TRUE, or
 * FALSE with an EP_PLAN_ERROR (or EP_DB_ERROR) and nothing written. Besides the errors listed
 * with each, every write may fail with: _NOT_FOUND (no active plan), _STALE, _CLOSED,
 * _NOT_REGISSEUR, _OTHER_TEAM (a supervisor of another team), _SHIELDED, and the input errors at
 * the path of the body member.
 */

/**
 * ep_plan_create:
 * @body: {regisseur, aanspreekpunt, reden}: usernames of an active regisseur and of an active
 *   casemanager, regisseur or supervisor
 * @plan_id: (out) (transfer full) (optional): the new plan's id
 *
 * Creates the household's plan (version 1) with its first regisseur, and brings in every need of
 * the household's finalised intakes (a need carried forward by a later finalised intake once, as
 * its latest copy). Only a regisseur or a supervisor creates a plan (a supervisor: with a
 * regisseur of their own team, else _OTHER_TEAM). The plan starts at AVE level
 * EP_PLAN_LEVEL_START with its first evaluation due EP_PLAN_FIRST_EVALUATION_MONTHS months after
 * today (docs/ladder.md). Audit: plan_create.
 *
 * Returns: TRUE; FALSE with EP_PLAN_ERROR_EXISTS (ep_plan_error_existing_id()),
 *   _NOT_FOUND (no such household), _RULE (regisseur, aanspreekpunt), _NOT_REGISSEUR, …
 */
gboolean ep_plan_create (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                         JsonNode *body, gchar **plan_id, GError **error);

/**
 * ep_plan_set_situation:
 * @body: {goed_gaat, eigen_kracht, professionele_steun (texts or null), problemen: [{omschrijving,
 *   prioriteit 1–99}], reden}; every member but reden optional: an absent member keeps its value,
 *   null clears it
 *
 * Audit: plan_situation.
 */
gboolean ep_plan_set_situation (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                                gint base_version, JsonNode *body, gint *new_version,
                                GError **error);

/**
 * ep_plan_import_needs:
 * @body: {reden}
 * @n_imported: (out) (optional): how many needs were brought in (0 is no error: no new version is
 *   then made and @new_version is @base_version)
 *
 * Brings in the needs of the household's finalised intakes that the plan does not have yet
 * ("hulpvragen ophalen"). Audit: plan_needs_import.
 */
gboolean ep_plan_import_needs (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                               gint base_version, JsonNode *body, guint *n_imported,
                               gint *new_version, GError **error);

/**
 * ep_plan_set_need_law:
 * @need_id: a plan need's id (hulpvragen[].id)
 * @body: {wet, reden (≥ EP_PLAN_MIN_REASON characters)}
 *
 * Puts a need under another law, keeping the change (wet_historie). Audit: plan_need_law.
 * Returns: FALSE also with _RULE at "wet" when the need is under that law already.
 */
gboolean ep_plan_set_need_law (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                               const gchar *need_id, gint base_version, JsonNode *body,
                               gint *new_version, GError **error);

/**
 * ep_plan_put_goal:
 * @goal_id: (nullable): the goal to change; NULL adds one
 * @body: {omschrijving, leden: [person uuid, ≥ 1], streefdatum (YYYY-MM-DD or null), status
 *   (default open), hulpvragen: [plan need uuid, ≥ 1], reden}
 * @id_out: (out) (transfer full) (optional): the goal's id
 *
 * Audit: plan_goal_add or plan_goal_change. A changed goal's members and needs are replaced by
 * the body's. Returns: FALSE also with _RULE at "leden[i]" (not a current member) or
 * "hulpvragen[i]" (not a need of this plan); _NOT_FOUND at "id" for an unknown @goal_id.
 */
gboolean ep_plan_put_goal (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                           const gchar *goal_id, gint base_version, JsonNode *body, gchar **id_out,
                           gint *new_version, GError **error);

/**
 * ep_plan_put_action:
 * @action_id: (nullable): the action to change; NULL adds one
 * @body: {doel_id (or null), soort, omschrijving, uitvoerder, and for a maatwerkvoorziening:
 *   wet, productcategorie (WMO 01–18, JW 40–55, none for other laws), aanbieder,
 *   omvang {volume (whole number ≥ 1), eenheid, frequentie} (required for WMO and JW),
 *   begindatum, einddatum, reden_einde (only with einddatum); reden}
 * @id_out: (out) (transfer full) (optional): the action's id
 *
 * Audit: plan_action_add or plan_action_change. Returns: FALSE also with _UNKNOWN_CODE at the
 * code's path (productcategorie, omvang.eenheid, omvang.frequentie, reden_einde), _INVALID_VALUE
 * at omvang.volume for a fraction, _RULE for maatwerk fields on another soort, _RULE at "soort"
 * for a maatwerkvoorziening added (or an action made one) while the plan is at AVE level 1
 * (PostgreSQL refuses it too, plan_action_level); an existing maatwerk action may still be
 * changed or ended at level 1.
 */
gboolean ep_plan_put_action (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                             const gchar *action_id, gint base_version, JsonNode *body,
                             gchar **id_out, gint *new_version, GError **error);

/**
 * ep_plan_handover:
 * @body: {naar (an active regisseur, not the current one), datum (YYYY-MM-DD, not before the
 *   current regisseur's vanaf), notitie (≥ EP_PLAN_MIN_REASON characters; also the version's
 *   reason), aanspreekpunt (optional)}
 *
 * The warm handover: the current regie row gets tot = datum, the new one vanaf = datum.
 * Audit: plan_handover (and plan_contact_person when aanspreekpunt changes).
 */
gboolean ep_plan_handover (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                           gint base_version, JsonNode *body, gint *new_version, GError **error);

/**
 * ep_plan_set_contact_person:
 * @body: {aanspreekpunt, reden}
 *
 * Audit: plan_contact_person.
 */
gboolean ep_plan_set_contact_person (PGconn *conn, const EpDbTxContext *ctx,
                                     const gchar *household_id, gint base_version, JsonNode *body,
                                     gint *new_version, GError **error);

/**
 * ep_plan_agree:
 * @body: {versie (≥ 1, ≤ the plan's version), datum (YYYY-MM-DD), wijze (mondeling,
 *   schriftelijk, digitaal)}
 *
 * Marks a version as agreed with the resident. Makes no new version (@new_version receives
 * @base_version), but is held to @base_version like every write. Audit: plan_agree.
 * Returns: FALSE also with _NOT_FOUND at "versie", _RULE at "versie" when it was agreed before.
 */
gboolean ep_plan_agree (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                        gint base_version, JsonNode *body, gint *new_version, GError **error);

/**
 * ep_plan_close:
 * @body: {reden (≥ EP_PLAN_MIN_REASON characters)}
 *
 * Closes the plan (afgesloten; the last version records it); it changes no more and the household
 * may get a new plan. A level request still waiting lapses (vervallen). Audit: plan_close, and
 * plan_level_lapse for a lapsed request.
 */
gboolean ep_plan_close (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                        gint base_version, JsonNode *body, gint *new_version, GError **error);

/* ---- the AVE ladder (docs/ladder.md) --------------------------------------------------------- */

/* The AVE levels (Aanpak ter Voorkoming van Escalatie): 1 no problems or suspicions only, 2 a
 * question or a problem, 3 complex problems across life areas and laws (casusregie), 4 the
 * situation escalates fully. */
#define EP_PLAN_LEVEL_MIN 1
#define EP_PLAN_LEVEL_MAX 4
/* The level of a new plan: 2, "a question or a problem" — a plan is made because there is one;
 * 3 and 4 need a supervisor's approval, so a plan never starts there. */
#define EP_PLAN_LEVEL_START 2
/* A new plan's first evaluation is due this many months after the day it was made. */
#define EP_PLAN_FIRST_EVALUATION_MONTHS 3

/**
 * ep_plan_level_request:
 * @body: {naar (1–4, not the plan's level), reden (≥ EP_PLAN_MIN_REASON characters), evaluatie_id
 *   (a uuid of an evaluation of this plan; required going down, where that evaluation's besluit
 *   must be "afschalen"; optional going up)}
 * @request_id: (out) (transfer full) (optional): the request's id
 * @pending: (out) (optional): TRUE when the request waits for a supervisor's approval (going up
 *   to 3 or 4); FALSE when it was applied at once (going up to 2, or going down)
 *
 * Asks for a level change from the plan's level now ("van") to @naar; the direction (op/af)
 * follows. Going up to 3 or 4 waits for a supervisor's approval (ep_plan_level_approve()): the
 * plan stays at its level until then. Every other change applies at once: the plan's level and
 * its history (niveau_historie) change in this transaction. The regisseur or a supervisor of
 * their team asks. Audit: plan_level_request (with van, naar, richting, status).
 *
 * Returns: FALSE also with _PENDING when a request waits already; _RULE at "naar" (the plan is
 *   at that level), at "evaluatie_id" (missing going down, not of this plan, or its besluit is
 *   not afschalen).
 */
gboolean ep_plan_level_request (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                                gint base_version, JsonNode *body, gchar **request_id,
                                gboolean *pending, gint *new_version, GError **error);

/**
 * ep_plan_level_approve:
 * @body: {reden (the decision's reason, ≥ EP_PLAN_MIN_REASON characters; also the version's),
 *   aanvraag_id (optional: when given, it must be the request waiting)}
 *
 * A supervisor of the regisseur's team, not the one who asked, approves the plan's waiting
 * request: the plan goes to its level now. Held to @base_version (the decision changes the plan:
 * the request seen is the one decided). Audit: plan_level_approve.
 *
 * Returns: FALSE also with _NOT_SUPERVISOR, _FOUR_EYES, _OTHER_TEAM, _NOT_FOUND at "aanvraag"
 *   (no request waits, or not the one named).
 */
gboolean ep_plan_level_approve (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                                gint base_version, JsonNode *body, gint *new_version,
                                GError **error);

/**
 * ep_plan_level_reject:
 * @body: as ep_plan_level_approve()
 *
 * As ep_plan_level_approve(), but the request is rejected with its reason and the plan's level
 * stays as it is. Audit: plan_level_reject.
 */
gboolean ep_plan_level_reject (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                               gint base_version, JsonNode *body, gint *new_version,
                               GError **error);

/* ---- evaluations ------------------------------------------------------------------------ */

/**
 * ep_plan_evaluate:
 * @body: {datum (YYYY-MM-DD, not after today), doelen: [{doel_id, status (a doel_status; the
 *   goal's status becomes it), uitkomst (text)}] (goals of this plan, each once; may be empty),
 *   zrm: [{lid (a current member), leefgebied (a ZRM domain), score 1–5}] (optional, each member
 *   and domain once: only where relevant), besluit (doorgaan, bijstellen, afschalen, opschalen,
 *   afsluiten), toelichting (text, optional), volgende_evaluatie (YYYY-MM-DD after datum;
 *   required unless besluit is afsluiten), reden}
 * @evaluation_id: (out) (transfer full) (optional): the evaluation's id
 *
 * Records an evaluation of the plan, with the date it was due (the plan's volgende_evaluatie
 * then: "gepland"), sets the goals' statuses and the plan's next evaluation date. A decision to
 * scale up or down is recorded here and carried out by ep_plan_level_request() (going down names
 * this evaluation). The plan's document shows each evaluation with the ZRM change since the
 * intake per member and domain (docs/ladder.md). Audit: plan_evaluate.
 *
 * Returns: FALSE also with _RULE at "doelen[i].doel_id" (not a goal of this plan, or twice),
 *   "zrm[i].lid" (not a current member), "zrm[i]" (a member and domain twice),
 *   "volgende_evaluatie" (missing, or not after datum), "datum" (after today).
 */
gboolean ep_plan_evaluate (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                           gint base_version, JsonNode *body, gchar **evaluation_id,
                           gint *new_version, GError **error);

/* ---- the werkbak ------------------------------------------------------------------------ */

/**
 * ep_plan_list_mine:
 * @page: (nullable): as for ep_plan_versions()
 *
 * Active plans where the acting user is the current regisseur or the aanspreekpunt, oldest plan
 * first, leaving out households whose shield refuses the user; each shown is access-logged.
 *
 * Returns: (transfer full): a JSON array of {plan_id, household_id, version, regisseur,
 *   aanspreekpunt, rollen: ["regisseur"|"aanspreekpunt", …], open_hulpvragen: count of open needs
 *   without an open goal, created_at}; NULL with EP_PLAN_ERROR_INVALID_VALUE at "limit" or
 *   "cursor", or an EP_DB_ERROR.
 */
JsonNode *ep_plan_list_mine (PGconn *conn, const EpDbTxContext *ctx, const EpPlanPage *page,
                             gchar **next_cursor, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_plan_open_needs_mine:
 * @page: (nullable): as for ep_plan_versions()
 *
 * The open needs without an open goal (open_hulpvragen) of the plans of ep_plan_list_mine(),
 * plan by plan in that order, then in the plan's order; each shown is access-logged.
 *
 * Returns: (transfer full): a JSON array of {plan_id, household_id, id, lid, leefgebied,
 *   omschrijving, urgentie, status, wet}; NULL with errors as ep_plan_list_mine().
 */
JsonNode *ep_plan_open_needs_mine (PGconn *conn, const EpDbTxContext *ctx, const EpPlanPage *page,
                                   gchar **next_cursor, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- figures ----------------------------------------------------------------------------- */

/* How much plan work a municipality holds: figures only. */
typedef struct
{
  gint64 plans;    /* plans, active and closed */
  gint64 versions; /* their versions */
  gint64 agreed;   /* versions agreed with the resident */
} EpPlanCounts;

/**
 * ep_plan_count:
 * @counts: (out): the figures of the municipality of @ctx
 *
 * Counts; reads no one's data, so nothing is access-logged (as ep_intake_count()). For a loader
 * that must know whether its work is done without opening a plan (cli/cmd-demo.c).
 *
 * Returns: TRUE; FALSE with an EP_DB_ERROR.
 */
gboolean ep_plan_count (PGconn *conn, const EpDbTxContext *ctx, EpPlanCounts *counts,
                        GError **error);

G_END_DECLS
