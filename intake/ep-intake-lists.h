/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-intake-lists.h: the lists a case worker's werkbak is made of — intakes (their drafts),
 * contacts (new ones without an intake, by period, vindplaats and type) — and the count of
 * contacts a municipality reports "by type and by vindplaats".
 *
 * Every list is a page: at most @limit items in the order they were made, and an opaque cursor
 * for the next page when there is one. No list is silently
 * cut. What a list shows of residents (a contact's question, which households have intakes) is
 * written to the access log, one row per item shown. A list leaves out the intakes and contacts
 * of a shielded household the acting user may not open (ep-shield.h); a count, which shows
 * nobody, still counts them.
 */
#pragma once

#include "ep-contact.h"
#include "ep-db-pool.h"
#include "ep-intake.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

/* The longest page, and the page when none is asked for. */
#define EP_LIST_MAX_LIMIT 200
#define EP_LIST_DEFAULT_LIMIT 50

/* An intake as a list shows it. */
typedef struct
{
  gchar *id;
  gchar *household_id;
  gchar *date; /* YYYY-MM-DD, the conversation */
  EpIntakeVorm form;
  gchar *status; /* draft, finalised */
  gint version;
  gchar *created_by;
  gchar *created_at; /* UTC, ISO 8601 */
} EpIntakeSummary;

void ep_intake_summary_free (EpIntakeSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpIntakeSummary, ep_intake_summary_free)

/* Which intakes; NULL members do not filter. */
typedef struct
{
  const gchar *created_by;   /* a username */
  const gchar *status;       /* "draft" or "finalised" */
  const gchar *household_id; /* a UUID */
  guint limit;               /* 1–EP_LIST_MAX_LIMIT; 0: EP_LIST_DEFAULT_LIMIT */
  const gchar *cursor;       /* a next_cursor given before; NULL: from the first */
} EpIntakeFilter;

/**
 * ep_intake_list:
 * @next_cursor: (out) (transfer full) (optional): the cursor of the next page, or NULL when this
 *   page is the last
 *
 * Returns: (transfer full) (element-type EpIntakeSummary): the page, oldest first; NULL with
 *   EP_INTAKE_ERROR_INVALID_VALUE naming the filter member (status, household_id, limit,
 *   cursor), or an EP_DB_ERROR.
 */
GPtrArray *ep_intake_list (PGconn *conn, const EpDbTxContext *ctx, const EpIntakeFilter *filter,
                           gchar **next_cursor, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_intake_count:
 * @filter: as for ep_intake_list(); its limit and cursor are not used
 * @count: (out): how many intakes match
 *
 * A figure, not a list: nothing about a resident is shown, so nothing is access-logged.
 *
 * Returns: TRUE; FALSE with errors as ep_intake_list().
 */
gboolean ep_intake_count (PGconn *conn, const EpDbTxContext *ctx, const EpIntakeFilter *filter,
                          gint64 *count, GError **error);

/* Which contacts; NULL members (and 0) do not filter. */
typedef struct
{
  const gchar *from;          /* YYYY-MM-DD: the contact's date on or after */
  const gchar *to;            /* YYYY-MM-DD: on or before */
  const gchar *vindplaats_id; /* a UUID */
  EpContactType type;         /* 0: any */
  const gchar *received_by;   /* a username */
  gboolean without_intake;    /* only contacts no intake follows from yet */
  const gchar *household_id;  /* a UUID: the household's contacts (theirs, or its intakes') */
  guint limit;                /* 1–EP_LIST_MAX_LIMIT; 0: EP_LIST_DEFAULT_LIMIT */
  const gchar *cursor;        /* a next_cursor given before; NULL: from the first */
} EpContactFilter;

/**
 * ep_contact_list:
 *
 * Returns: (transfer full) (element-type EpContact): the page, oldest first, each access-logged;
 *   NULL with EP_INTAKE_ERROR_INVALID_VALUE naming the filter member (from, to, vindplaats_id,
 *   household_id, limit, cursor), or an EP_DB_ERROR.
 */
GPtrArray *ep_contact_list (PGconn *conn, const EpDbTxContext *ctx, const EpContactFilter *filter,
                            gchar **next_cursor, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_contact_count:
 * @filter: as for ep_contact_list(); its limit and cursor are not used
 * @count: (out): how many contacts match
 *
 * A figure, not a list: nothing about a resident is shown, so nothing is access-logged.
 *
 * Returns: TRUE; FALSE with errors as ep_contact_list().
 */
gboolean ep_contact_count (PGconn *conn, const EpDbTxContext *ctx, const EpContactFilter *filter,
                           gint64 *count, GError **error);

/* How far ahead the werkbak looks for consents about to expire. */
#define EP_WERKBAK_CONSENT_DAYS 30

/* Which consents are about to expire: in effect today (not revoked, begun, not ended) and ending
 * within @within_days; NULL members do not filter. */
typedef struct
{
  const gchar *granted_by; /* a username: the consents this user recorded */
  guint within_days;       /* 0–366: ending today up to this many days ahead */
  guint limit;             /* 1–EP_LIST_MAX_LIMIT; 0: EP_LIST_DEFAULT_LIMIT */
  const gchar *cursor;     /* a next_cursor given before; NULL: from the first */
} EpExpiringConsentFilter;

/**
 * ep_consent_expiring_list:
 *
 * Consents about to expire, the soonest first (a case worker asks the household to renew them
 * or lets them end). A shielded household's consents are left out for a user who may not open
 * it; each consent shown is access-logged.
 *
 * Returns: (transfer full) (element-type EpConsentEntry): the page; NULL with
 *   EP_INTAKE_ERROR_INVALID_VALUE naming the filter member (within_days, limit, cursor), or an
 *   EP_DB_ERROR.
 */
GPtrArray *ep_consent_expiring_list (PGconn *conn, const EpDbTxContext *ctx,
                                     const EpExpiringConsentFilter *filter, gchar **next_cursor,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_consent_expiring_count:
 * @filter: as for ep_consent_expiring_list(); its limit and cursor are not used
 * @count: (out): how many consents match, in every household (a figure shows nobody's data)
 *
 * Returns: TRUE; FALSE with errors as ep_consent_expiring_list().
 */
gboolean ep_consent_expiring_count (PGconn *conn, const EpDbTxContext *ctx,
                                    const EpExpiringConsentFilter *filter, gint64 *count,
                                    GError **error);

G_END_DECLS
