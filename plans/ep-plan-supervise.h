/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-plan-supervise.h: regie op regie — the supervisor's views of the plans of their team: the
 * level requests waiting for them, escalations and de-escalations in a period with their reasons
 * and who decided, the time each plan spent at each AVE level, overdue evaluations per regisseur
 * and for the team, and who holds regie of which plan since when. The second public header of
 * plans/ (the first, ep-plan.h, holds the plan itself and its writes); docs/ladder.md is the
 * contract, with the indexes these views rely on.
 *
 * A plan belongs to the team of its current regisseur (app_user.team_id; a user's team now, not
 * as it was). Each view is one REPEATABLE READ transaction on @conn with @ctx (pass the context of
 * ep_actor_context()): only a supervisor asks (EP_PLAN_ERROR_NOT_SUPERVISOR at "rol"; overdue
 * evaluations also a regisseur, for their own plans), of their own team (a supervisor of no team:
 * EP_PLAN_ERROR_OTHER_TEAM at "team"). Households whose shield refuses the user are left out, of
 * the lists and of the counts and sums.
 *
 * The lists but the waiting requests come a page at a time (@page, nullable: the first page of
 * EP_PLAN_LIST_DEFAULT_LIMIT; a bad one fails with EP_PLAN_ERROR_INVALID_VALUE at "limit" or
 * "cursor"), with "next_cursor" for the next page (null on the last); the counts and sums are over
 * the whole team whichever page is asked. Every plan on the page is written to the access log
 * (one row per plan, in the reading transaction: at most the page's size); the counts and sums
 * show no one and log nothing.
 *
 * What depends on today takes the clock as @now (nullable: the real clock), so that a fixed clock
 * gives fixed answers; "today" is @now's date in Europe/Amsterdam. A period is two dates @van and
 * @tot (YYYY-MM-DD, both included: from @van 00:00 to the end of @tot, Europe/Amsterdam);
 * @tot NULL is today. A bad one fails with EP_PLAN_ERROR_INVALID_VALUE at "van" or "tot" (@tot
 * before @van included). Durations are whole seconds ("seconden") and whole days ("dagen",
 * seconds / 86400 rounded, half up).
 */
#pragma once

#include "ep-plan.h"

G_BEGIN_DECLS

/**
 * ep_plan_supervise_pending:
 *
 * The level requests waiting for a decision in the plans of the supervisor's team, oldest first
 * (a team has few: one per plan at most).
 *
 * Returns: (transfer full): {team: {id, naam}, aanvragen: [{aanvraag_id, plan_id, household_id,
 *   version (the plan's, to approve or reject with), richting, van, naar, reden, evaluatie_id,
 *   aangevraagd_door, aangevraagd_door_naam, aangevraagd_op, regisseur, regisseur_naam}]}; NULL
 *   with an EP_PLAN_ERROR or EP_DB_ERROR.
 */
JsonNode *ep_plan_supervise_pending (PGconn *conn, const EpDbTxContext *ctx,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_plan_supervise_levels:
 *
 * The level changes of the team's plans asked for in the period (requested_at within it):
 * escalations and de-escalations with their reasons, status and who decided, oldest first, and
 * their counts.
 *
 * Returns: (transfer full): {team, van, tot, opgeschaald (changes up carried out: approved or
 *   applied), afgeschaald (down), afgewezen, in_afwachting, aantal (every change asked in the
 *   period, whatever its status: lapsed ones too) — each over the whole period —, wijzigingen: [{aanvraag_id, plan_id, household_id, richting, van, naar, reden,
 *   status (aangevraagd, goedgekeurd, afgewezen, doorgevoerd, vervallen), evaluatie_id,
 *   aangevraagd_door, aangevraagd_door_naam, aangevraagd_op, besloten_door, besloten_door_naam,
 *   besloten_op, besluit_reden}] (the page; the names as the users are called now, whether they
 *   still work here or not), next_cursor}; NULL with an error.
 */
JsonNode *ep_plan_supervise_levels (PGconn *conn, const EpDbTxContext *ctx, const gchar *van,
                                    const gchar *tot, const EpPlanPage *page, GDateTime *now,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_plan_supervise_time_at_level:
 *
 * The time each plan of the team spent at each level within the period (its level history
 * plan_level_period cut to the period; a period still open runs to @now, a closed plan's ends at
 * its closing), per plan and summed for the team. Plans with no time in the period are left out.
 *
 * Returns: (transfer full): {team, van, tot, aantal (plans with time in the period), totaal:
 *   {seconden: {"1", "2", "3", "4"}, dagen: {"1", …}} (summed over all of them: the days of the
 *   summed seconds), plannen: [{plan_id, household_id, regisseur, regisseur_naam, niveau (now),
 *   seconden: {…},
 *   dagen: {…}}] (the page, by plan creation), next_cursor}; NULL with an error.
 */
JsonNode *ep_plan_supervise_time_at_level (PGconn *conn, const EpDbTxContext *ctx, const gchar *van,
                                           const gchar *tot, const EpPlanPage *page, GDateTime *now,
                                           GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_plan_supervise_overdue:
 *
 * @regisseur: (nullable): list only this regisseur's plans (a username); NULL: all
 *
 * The team's active plans whose next evaluation (volgende_evaluatie) lies before today, counted
 * for the team and per regisseur (by username), and listed most overdue first; a regisseur asking
 * sees their own. @regisseur narrows the list, not the counts.
 *
 * Returns: (transfer full): {team (null for a regisseur), datum (today), aantal, regisseurs:
 *   [{regisseur, naam, aantal}], plannen: [{plan_id, household_id, regisseur, regisseur_naam,
 *   volgende_evaluatie, dagen_te_laat, niveau}] (the page: most overdue first, then plan_id),
 *   next_cursor}; NULL with an error.
 */
JsonNode *ep_plan_supervise_overdue (PGconn *conn, const EpDbTxContext *ctx, const gchar *regisseur,
                                     const EpPlanPage *page, GDateTime *now,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_plan_supervise_regie:
 *
 * Regie op regie: every plan of the team active at some time in the period — who holds regie and
 * since when, at which level since when, its next evaluation and whether it is overdue today,
 * the evaluations recorded in the period and how many of them on time (datum ≤ the date they were
 * due, gepland; one not planned counts as on time), and its level changes carried out in the
 * period (up and down).
 *
 * Returns: (transfer full): {team, van, tot, datum (today), aantal (the plans), plannen:
 *   [{plan_id, household_id, status, regisseur, regisseur_naam, regie_sinds, niveau, niveau_sinds,
 *   volgende_evaluatie, te_laat, evaluaties, op_tijd, opgeschaald, afgeschaald}] (the page, by
 *   regisseur, then plan creation), next_cursor}; NULL with an error.
 */
JsonNode *ep_plan_supervise_regie (PGconn *conn, const EpDbTxContext *ctx, const gchar *van,
                                   const gchar *tot, const EpPlanPage *page, GDateTime *now,
                                   GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
