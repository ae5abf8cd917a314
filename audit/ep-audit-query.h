/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-audit-query.h: the supervisors' query: the trail filtered by household,
 * actor, action, entity and period, newest first, a page at a time, each
 * sealed event checked against the chain before it is shown.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

typedef struct
{
  const gchar *gemeente;     /* required */
  const gchar *household_id; /* each filter nullable */
  const gchar *actor_id;
  const gchar *action;
  const gchar *entity_type;
  const gchar *entity_id;
  GDateTime *from;     /* inclusive */
  GDateTime *to;       /* exclusive */
  const gchar *cursor; /* from a previous page; NULL for the newest */
  guint limit;         /* 1…1000; 0 means 50 */
} EpAuditFilter;

/* What the chain says of an event ep_audit_query() shows. */
typedef enum
{
  EP_AUDIT_ENTRY_UNSEALED, /* not yet in the chain: immutable, not yet covered by a hash */
  EP_AUDIT_ENTRY_MATCHES,  /* its fields hash to the hash the chain holds at its seq */
  EP_AUDIT_ENTRY_ALTERED,  /* they do not: the row was changed after it was sealed */
  EP_AUDIT_ENTRY_MISSING,  /* sealed (the chain has passed it), but no chain row holds it */
} EpAuditEntryCheck;

typedef struct
{
  gint64 id;
  gint64 seq; /* 0 while not yet sealed */
  EpAuditEntryCheck check;
  gchar *gemeente;
  gchar *occurred_at; /* ISO-8601, UTC */
  gchar *actor_id;
  gchar *actor_role;
  gchar *on_behalf_of;
  gchar *action;
  gchar *entity_type;
  gchar *entity_id;
  gchar *household_id;
  gchar *purpose;
  gchar *outcome;
  gchar *change; /* JSON text */
} EpAuditEntry;

void ep_audit_entry_free (EpAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpAuditEntry, ep_audit_entry_free)

/**
 * ep_audit_query:
 * @next_cursor: (out) (optional): the cursor of the next page, NULL on the last
 *
 * Each sealed event shown is checked against the chain: its canonical form,
 * hashed onto the hash before it, must give the hash its block (or, not yet
 * packed, its chain row) holds. An event changed after sealing is shown as
 * EP_AUDIT_ENTRY_ALTERED, so a supervisor never reads it as genuine. An event
 * the chain has passed (in the sealer's order, at or before the head's
 * event) but that no chain row names is EP_AUDIT_ENTRY_MISSING: its chain
 * row was removed or pointed elsewhere, perhaps to hide a change. Whether
 * the chain itself holds is for ep_audit_verify().
 *
 * Returns: (transfer full) (element-type EpAuditEntry): matching events,
 * newest first; NULL with EP_AUDIT_ERROR_BAD_CURSOR or
 * EP_AUDIT_ERROR_BAD_LIMIT for a malformed cursor or limit, an EP_DB_ERROR,
 * or EP_CORE_ERROR_CRYPTO (no SHA-256).
 */
GPtrArray *ep_audit_query (PGconn *conn, const EpAuditFilter *filter, gchar **next_cursor,
                           GError **error);

/**
 * ep_audit_page_to_json:
 * @entries: (element-type EpAuditEntry): a page from ep_audit_query()
 * @next_cursor: (nullable): its next cursor
 *
 * Returns: (transfer full): {"events": [{"id", "seq", "chain" (unsealed, matches, altered,
 *   missing), "gemeente", "occurred_at", "actor_id", "actor_role", "on_behalf_of", "action",
 *   "entity_type", "entity_id", "household_id", "purpose", "outcome", "change"}, …],
 *   "next_cursor"}: the form `eenplan audit log --json` prints and the API answers.
 */
JsonNode *ep_audit_page_to_json (const GPtrArray *entries, const gchar *next_cursor);

G_END_DECLS
