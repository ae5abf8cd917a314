/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-authz.h: who may do what through the API — decided here, in one table, for every route.
 *
 * Each route is registered with the permission it needs; the server checks it against the
 * signed-in user's role before the handler runs, refuses with 403 and writes the refusal to the
 * access log. Municipality isolation is not decided here: row-level security keeps every request
 * inside its user's municipality. A partner's reach (households whose valid consent names their
 * organisation, only the data kinds it lists) is a later, finer check on top of CASE_READ.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  EP_PERM_PUBLIC = 0,     /* no sign-in: health, version, signing in */
  EP_PERM_SIGNED_IN,      /* any signed-in user: themselves, their sessions, the code lists */
  EP_PERM_CASE_READ,      /* households, contacts, intakes, consent, the werkbak */
  EP_PERM_CASE_WRITE,     /* record contacts, intakes, consent */
  EP_PERM_AUDIT_READ,     /* the audit log and its verification */
  EP_PERM_USERS,          /* manage users and code lists; no case data */
  EP_PERM_CONSENTED_READ, /* a household or an intake: case readers, and a partner where a valid
                           * consent names their organisation and that kind of data (checked by
                           * the handler with ep_consent_allows(): 404 otherwise) */
  EP_PERM_OVERSIGHT,      /* a supervisor's acts of oversight: shield a household and lift it,
                           * review an emergency access, approve or reject a plan's level
                           * request (plans/ checks inside the decision that the supervisor is
                           * of the team of the plan's regisseur and not the requester: 403
                           * /problems/other-team, /problems/four-eyes) */
  EP_PERM_EMERGENCY,      /* break the glass: open a shielded household that does not name the
                           * user, with a reason (ep-emergency.h) */
  EP_PERM_PARTNER,        /* a partner's own view: the households their organisation's consents
                           * give them (a partner only: the list is made of their organisation) */
  EP_PERM_PLAN_WRITE,     /* create a household plan and change it, ask for a level change,
                           * record an evaluation: a regisseur or a supervisor (plans/ checks
                           * inside the change that the user is the plan's current regisseur or a
                           * supervisor of their team: 403 /problems/not-regisseur,
                           * /problems/other-team otherwise) */
  EP_PERM_COLLEAGUES,     /* the names and roles of the colleagues one may name in a case (a
                           * plan's regisseur, its aanspreekpunt): the case readers, not a partner
                           * and not an administrator (who manages users through EP_PERM_USERS) */
  EP_PERM_SUPERVISE,      /* the supervisor's views of regie op regie: pending level requests,
                           * level changes, time at each level, the regie of every plan (a
                           * supervisor; plans/ shows the plans of their own team only) */
  EP_PERM_OVERDUE,        /* overdue evaluations: a supervisor (their team's) or a regisseur
                           * (their own plans) */
} EpPermission;

/* Returns: TRUE when @role (casemanager, regisseur, supervisor, partner, admin) has @permission. */
gboolean ep_authz_allows (EpPermission permission, const gchar *role);

/* Returns: the permission's name, for logs and the access log ("case_read"). */
const gchar *ep_authz_name (EpPermission permission);

G_END_DECLS
