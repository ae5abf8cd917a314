/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * carry-private.h: the rules of carrying an intake forward, as functions
 * with no database (owner: carry.c): given the household's latest intake,
 * its memberships and its consents, what the draft of the next intake
 * starts with. intake-carry.c reads and calls them; tests/unit checks them.
 */
#pragma once

#include "ep-household.h"
#include "ep-intake.h"

G_BEGIN_DECLS

/* Adds to @draft's persons the members of @members (EpHouseholdMember) whose
 * membership has not ended, in their order, each with the ref @previous gave
 * that person (or "persoon-N", the first N no one else has) and
 * carried_from = @previous's id. */
void ep_carry_members (const EpIntake *previous, const GPtrArray *members, EpIntake *draft);

/* Adds to @draft, after ep_carry_members(): @previous's strengths, but not
 * those of a person who is no longer in @draft, with carried_from = @previous's
 * id; and @previous's needs still open or in treatment of persons still in
 * @draft, each with carried_from = that need's id. Carried items name the
 * draft's refs. */
void ep_carry_findings (const EpIntake *previous, EpIntake *draft);

/* Moves from @consents (EpIntakeConsent, owning) to @draft's consents, in
 * their order, those not revoked and valid on @date (valid_until on or after
 * it; dates as YYYY-MM-DD); a moved consent loses its id, which becomes its
 * carried_from. What is not carried stays in @consents. */
void ep_carry_consents (GPtrArray *consents, const gchar *date, EpIntake *draft);

G_END_DECLS
