/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * authz.c: the one table of who may do what (ep-authz.h).
 */
#include "ep-authz.h"

#include <string.h>

/* Row: a role; columns: the permissions it has. A regisseur works as a casemanager does, and
 * besides creates and changes household plans (plans/ lets only the plan's current regisseur
 * change one); a supervisor reads everything, the audit trail included, writes no case data but
 * may create and change the household plans of their team's regisseurs, approves or rejects a
 * plan's level request, sees the regie op regie of their team, shields households and reviews
 * emergency accesses; a regisseur and a supervisor see overdue evaluations (their own, their
 * team's) and may break the glass to a shielded household; a partner reaches a
 * household, an intake or a plan only through a valid consent, and has a view of their own (the
 * households their organisation's consents give them); an administrator manages users and reads
 * no case data. Casemanagers, regisseurs and supervisors see each other's names and roles, to name
 * one in a case; a partner and an administrator do not. A shielded household is a finer check on top of these (ep-shield.h). */
static const struct
{
  const gchar *role;
  gboolean signed_in, case_read, case_write, audit_read, users, consented_read, oversight,
    emergency, partner, plan_write, colleagues, supervise, overdue;
} matrix[] = {
  { "casemanager", TRUE, TRUE, TRUE, FALSE, FALSE, TRUE, FALSE, FALSE, FALSE, FALSE, TRUE, FALSE,
    FALSE },
  { "regisseur", TRUE, TRUE, TRUE, FALSE, FALSE, TRUE, FALSE, TRUE, FALSE, TRUE, TRUE, FALSE,
    TRUE },
  { "supervisor", TRUE, TRUE, FALSE, TRUE, FALSE, TRUE, TRUE, TRUE, FALSE, TRUE, TRUE, TRUE, TRUE },
  { "partner", TRUE, FALSE, FALSE, FALSE, FALSE, TRUE, FALSE, FALSE, TRUE, FALSE, FALSE, FALSE,
    FALSE },
  { "admin", TRUE, FALSE, FALSE, FALSE, TRUE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE,
    FALSE },
};

gboolean
ep_authz_allows (EpPermission permission, const gchar *role)
{
  if (permission == EP_PERM_PUBLIC)
    return TRUE;
  for (gsize i = 0; role != NULL && i < G_N_ELEMENTS (matrix); i++)
    if (strcmp (matrix[i].role, role) == 0)
      switch (permission)
        {
          case EP_PERM_SIGNED_IN:
            return matrix[i].signed_in;
          case EP_PERM_CASE_READ:
            return matrix[i].case_read;
          case EP_PERM_CASE_WRITE:
            return matrix[i].case_write;
          case EP_PERM_AUDIT_READ:
            return matrix[i].audit_read;
          case EP_PERM_USERS:
            return matrix[i].users;
          case EP_PERM_CONSENTED_READ:
            return matrix[i].consented_read;
          case EP_PERM_OVERSIGHT:
            return matrix[i].oversight;
          case EP_PERM_EMERGENCY:
            return matrix[i].emergency;
          case EP_PERM_PARTNER:
            return matrix[i].partner;
          case EP_PERM_PLAN_WRITE:
            return matrix[i].plan_write;
          case EP_PERM_COLLEAGUES:
            return matrix[i].colleagues;
          case EP_PERM_SUPERVISE:
            return matrix[i].supervise;
          case EP_PERM_OVERDUE:
            return matrix[i].overdue;
          case EP_PERM_PUBLIC:
          default:
            return FALSE;
        }
  return FALSE;
}

const gchar *
ep_authz_name (EpPermission permission)
{
  static const gchar *const names[]
    = { "public",     "signed_in",      "case_read", "case_write", "audit_read",
        "users",      "consented_read", "oversight", "emergency",  "partner",
        "plan_write", "colleagues",     "supervise", "overdue" };
  return (guint) permission < G_N_ELEMENTS (names) ? names[permission] : "unknown";
}
