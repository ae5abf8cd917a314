/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan-private.h: what the files of plans/ share. Three owners, calls going one way
 * (plan-write.c, plan-read.c → plan-store.c, plan-body.c → plan-error.c):
 *   plan-error.c  setting an EP_PLAN_ERROR with its data (ep_plan_fail_*);
 *   plan-body.c   checking a write's JSON body against a table of its members, with exact paths;
 *   plan-store.c  what every transaction of plans/ does: find and lock the plan, the role rules,
 *                 the new version with its snapshot and audit events, the access log, and the
 *                 mapping of PostgreSQL's refusals to EP_PLAN_ERROR codes.
 */
#pragma once

#include "ep-db-conn.h"
#include "ep-plan.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ---- plan-error.c ----------------------------------------------------------------------- */

/* Sets @error to an EP_PLAN_ERROR "PATH: rule" with the path and rule as data; returns FALSE.
 * Does nothing but return FALSE when @error is NULL. */
gboolean ep_plan_fail_at (GError **error, EpPlanError code, const gchar *path, const gchar *format,
                          ...) G_GNUC_PRINTF (4, 5);
/* EP_PLAN_ERROR_EXISTS naming @existing_id. Returns FALSE. */
gboolean ep_plan_fail_exists (GError **error, const gchar *existing_id);
/* EP_PLAN_ERROR_STALE with the version now. Returns FALSE. */
gboolean ep_plan_fail_stale (GError **error, gint current_version);

/* ---- plan-body.c ------------------------------------------------------------------------ */

typedef enum
{
  EP_PLAN_FIELD_TEXT,     /* a string, not blank, ≤ EP_PLAN_MAX_TEXT characters */
  EP_PLAN_FIELD_REASON,   /* a text of ≥ EP_PLAN_MIN_REASON characters */
  EP_PLAN_FIELD_DATE,     /* YYYY-MM-DD */
  EP_PLAN_FIELD_UUID,     /* a UUID */
  EP_PLAN_FIELD_USERNAME, /* a username's form */
  EP_PLAN_FIELD_CODE,     /* a code of @vocab */
  EP_PLAN_FIELD_VERSION,  /* a whole number ≥ 1 */
  EP_PLAN_FIELD_UUIDS,    /* an array of ≥ 1 distinct UUIDs */
  EP_PLAN_FIELD_PROBLEMS, /* [{omschrijving, prioriteit 1–99}] */
  EP_PLAN_FIELD_OMVANG,   /* {volume (whole ≥ 1), eenheid, frequentie} */
  EP_PLAN_FIELD_WHOLE,    /* a whole number from @min to @max */
  EP_PLAN_FIELD_ITEMS,    /* an array of objects, each with the members of @items */
} EpPlanFieldKind;

/* One member a body may have. */
typedef struct _EpPlanField EpPlanField;
struct _EpPlanField
{
  const gchar *name;
  EpPlanFieldKind kind;
  gboolean required; /* absent or null is refused */
  gboolean nullable; /* null is accepted (and means: none) */
  const EpVocabulary *(*vocab) (void);
  gint64 min, max;          /* EP_PLAN_FIELD_WHOLE */
  const EpPlanField *items; /* EP_PLAN_FIELD_ITEMS: the members of each item, paths "name[i].m" */
  guint n_items;
};

/* Checks that @body is an object with only the members of @fields, each of its kind. Returns
 * TRUE; FALSE with the EP_PLAN_ERROR at the first offending path. */
gboolean ep_plan_body_check (JsonNode *body, const EpPlanField *fields, guint n_fields,
                             GError **error);

/* A member of a checked body: its text, or NULL when absent or null. */
const gchar *ep_plan_body_text (JsonNode *body, const gchar *name);
/* Whether the member is present (null included). */
gboolean ep_plan_body_has (JsonNode *body, const gchar *name);
/* A member as JSON text (e.g. an array to hand PostgreSQL as jsonb), or NULL when absent or null.
 * Returns: (transfer full). */
gchar *ep_plan_body_json (JsonNode *body, const gchar *name);
/* A whole-number member, or @fallback when absent or null. */
gint64 ep_plan_body_int (JsonNode *body, const gchar *name, gint64 fallback);
/* omvang.@name of a checked body (volume as text), or NULL. */
gchar *ep_plan_body_omvang (JsonNode *body, const gchar *name);

/* The rules of an action that concern several members (maatwerk fields, the product category of
 * the law, volume for WMO and JW, end reason only with an end date). Body already checked. */
gboolean ep_plan_body_check_action (JsonNode *body, GError **error);

/* ---- plan-store.c ----------------------------------------------------------------------- */

/* The household's plan as a write finds it, locked for the transaction. */
typedef struct
{
  gchar *id;
  gchar *household_id;
  gint version;
  gchar *regisseur;   /* the current one */
  gint niveau;        /* the plan's AVE level as it was locked */
  gboolean same_team; /* the acting user and the current regisseur are of one team */
  const gchar *reden; /* of the version the write makes */
  /* the audit events the write makes, appended by ep_plan_store_commit_version() */
  GPtrArray *actions; /* const gchar * (static strings) */
  GPtrArray *changes; /* JsonNode * or NULL, owned */
} EpPlanWrite;

void ep_plan_write_clear (EpPlanWrite *write);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EpPlanWrite, ep_plan_write_clear)

/* An audit event's change: a JSON object built from pairs of member names and texts (NULL values
 * as null), ended by NULL. The free texts of a plan never go in one. Returns: (transfer full). */
JsonNode *ep_plan_change_of (const gchar *name, ...) G_GNUC_NULL_TERMINATED;

/* Queues an audit event (entity_type plan, the plan's id); @change (nullable) is taken over. */
void ep_plan_write_audit (EpPlanWrite *write, const gchar *action, JsonNode *change);

/* The body of one write: after the plan is found, locked and the actor's right checked. */
typedef gboolean (*EpPlanChangeFunc) (PGconn *conn, EpPlanWrite *write, gpointer data,
                                      GError **error);

/* How a write behaves besides its change. */
typedef struct
{
  gboolean no_version; /* ep_plan_agree: held to the base version, makes no new one */
  gboolean may_skip;   /* the change may find nothing to do (sets *skipped): no version then */
} EpPlanWriteMode;

/* Runs one write as one transaction: finds the household's plan and locks it (NOT_FOUND,
 * CLOSED, SHIELDED), checks the actor (the current regisseur, or a supervisor of the regisseur's
 * team: NOT_REGISSEUR, OTHER_TEAM) and
 * @base_version (STALE), runs @change, then raises the version, snapshots plan_document() into
 * plan_version with @reden and appends the queued audit events. PostgreSQL's refusals are mapped
 * to EP_PLAN_ERROR codes. *@new_version gets the version after. @skipped (optional) says that
 * @change did nothing (mode may_skip). */
gboolean ep_plan_store_write (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                              gint base_version, const gchar *reden, EpPlanWriteMode mode,
                              EpPlanChangeFunc change, gpointer data, gint *new_version,
                              gboolean *skipped, GError **error);

/* The last step of a write that made the plan itself (ep_plan_create): version 1's snapshot and
 * the queued events. */
gboolean ep_plan_store_snapshot (PGconn *conn, EpPlanWrite *write, GError **error);

/* TRUE when @username is an active user of this municipality in one of @roles (NULL-terminated);
 * else FALSE with EP_PLAN_ERROR_RULE at @path. */
gboolean ep_plan_store_check_user (PGconn *conn, const gchar *username, const gchar *const *roles,
                                   const gchar *path, GError **error);

/* In a plan's creation: when the acting user is a supervisor, @regisseur must be of their team;
 * else FALSE with EP_PLAN_ERROR_OTHER_TEAM. TRUE for any other role. */
gboolean ep_plan_store_check_team (PGconn *conn, const EpDbTxContext *ctx, const gchar *regisseur,
                                   GError **error);

/* Rewrites an EP_DB_ERROR of PostgreSQL's own refusals (plan_closed, household_shielded,
 * plan_one_regisseur, plan_one_active, CHECK and foreign keys) as the EP_PLAN_ERROR it means;
 * other errors are left as they are. */
void ep_plan_store_map_error (GError **error);

/* The read side: the household's active plan, readable by the acting user: the shield, the role,
 * a partner's consent. Sets *@plan_id (transfer full), *@version, *@emergency_reason (transfer
 * full: the reason of the emergency access it is read by; NULL: none). A shield's refusal is written to the access log and returns TRUE with
 * *@refused set, so that the refusal commits; ep_plan_store_run_read() then reports SHIELDED.
 * FALSE with NOT_FOUND, FORBIDDEN or an EP_DB_ERROR. */
gboolean ep_plan_store_find_for_read (PGconn *conn, const EpDbTxContext *ctx,
                                      const gchar *household_id, gchar **plan_id, gint *version,
                                      gchar **emergency_reason, gboolean *refused, GError **error);

/* NEN 7513: one read of the plan (purpose EP_PLAN_PURPOSE), in the reading transaction; under an
 * emergency access (@emergency_reason not NULL) with its reason (migration 0008). */
gboolean ep_plan_store_log_read (PGconn *conn, const gchar *plan_id, const gchar *household_id,
                                 const gchar *emergency_reason, GError **error);

/* NEN 7513: a list showed the @n @plans (of @households) to the acting user, one read each; those
 * with an @emergency_reasons element shown by that emergency access, with its reason. */
gboolean ep_plan_store_log_shown (PGconn *conn, const gchar *const *plans,
                                  const gchar *const *households,
                                  const gchar *const *emergency_reasons, guint n, GError **error);

/* A checked UUID argument (@path names it): FALSE with NOT_FOUND when it is not even a UUID. */
gboolean ep_plan_check_id (const gchar *id, const gchar *path, GError **error);

/* Runs @body in one REPEATABLE READ transaction (a read's one snapshot); FALSE with SHIELDED
 * when *@refused was set by it (after the refusal's access-log row committed). */
gboolean ep_plan_store_run_read (PGconn *conn, const EpDbTxContext *ctx, EpDbTxFunc body,
                                 gpointer data, const gboolean *refused, GError **error);

/* The page @page asks for (nullable: the first, of the default size) as *@limit (1–
 * EP_PLAN_LIST_MAX_LIMIT) and *@from, the number of items before it: a cursor is that number.
 * Returns: FALSE with EP_PLAN_ERROR_INVALID_VALUE at "limit" or "cursor". */
gboolean ep_plan_check_page (const EpPlanPage *page, guint *limit, gint64 *from, GError **error);

/* Parses a JSON document PostgreSQL returned. Returns: (transfer full), or NULL with an error. */
JsonNode *ep_plan_parse_document (const gchar *text, GError **error);

G_END_DECLS
