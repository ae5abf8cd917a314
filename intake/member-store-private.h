/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * member-store-private.h: persons and memberships (owner: member-store.c),
 * shared by recording an intake (intake-record.c) and creating a household
 * (household-store.c), and read by household-store.c and intake-carry.c.
 */
#pragma once

#include "ep-household.h"
#include "ep-intake.h"
#include "store-private.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

/* A write of a household and its persons (the household, persons and date
 * of @intake) inside one transaction. What the transaction assigns is kept
 * here, because ep_db_run_tx may run the body again, and given to the intake
 * only after the commit (ep_member_write_apply). */
typedef struct
{
  const EpIntake *intake;
  GBytes *pseudonym_key;
  EpIntakeAuditQueue *audit; /* borrowed: where the events of created rows go */
  gchar *household_id;
  GPtrArray *person_ids; /* per person of @intake */
} EpMemberWrite;

void ep_member_write_init (EpMemberWrite *write, const EpIntake *intake, GBytes *pseudonym_key,
                           EpIntakeAuditQueue *audit);
/* Forgets what an earlier run of the transaction assigned. */
void ep_member_write_reset (EpMemberWrite *write);
/* Frees what @write holds. */
void ep_member_write_clear (EpMemberWrite *write);
/* After the commit: gives @intake its household id and its persons' ids. */
void ep_member_write_apply (EpMemberWrite *write, EpIntake *intake);

/* A known household named by id (@given->id) must be this municipality's,
 * and its address, where @given has it too, the one recorded. Returns FALSE
 * with an EP_INTAKE_ERROR at "household.…" otherwise. */
gboolean ep_member_check_household (PGconn *conn, const EpIntakeHousehold *given, GError **error);

/* The household of the write: the known one, or a new one (audited). */
gboolean ep_member_resolve_household (PGconn *conn, EpMemberWrite *write, GError **error);

/* Every person of the write, after ep_member_resolve_household: found by id
 * or BSN pseudonym, or new (audited), and a current member of the household
 * (joined, audited). A unique violation raced with another writer is
 * reported as a serialization failure, so that ep_db_run_tx runs the body
 * again. Returns FALSE with an error at "persons[i]…". */
gboolean ep_member_resolve_members (PGconn *conn, EpMemberWrite *write, GError **error);

/* Appends every membership of a household, ended ones included
 * (EpHouseholdMember), to @into, oldest first. */
gboolean ep_member_read (PGconn *conn, const gchar *household_id, GPtrArray *into, GError **error);

/* The memberships of every household of @households (EpHousehold) into its members, history
 * included, oldest first: in one statement, whatever their number. FALSE with an error. */
gboolean ep_member_read_each (PGconn *conn, GPtrArray *households, GError **error);

G_END_DECLS
