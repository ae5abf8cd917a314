/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * consent-store-private.h: how consents are read and their kinds of data
 * written (owner: consent-store.c), for the stores that read an intake's
 * consents (intake-load.c), carry them forward (intake-carry.c) or record
 * them with an intake (intake-record.c), or list a household's (consent-list.c).
 */
#pragma once

#include "ep-intake.h"
#include "store-private.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

/* The columns ep_consent_read() reads, of table consent. */
#define CONSENT_COLUMNS                                                                            \
  "id, organisatie, array_to_json(gegevens)::text AS gegevens, doel,"                              \
  " geldig_tot::text AS geldig_tot, verleend_op::text AS verleend_op, carried_from,"               \
  " " UTC_ISO ("ingetrokken_op") "   AS ingetrokken_op"

/* The consent of @res's @row (CONSENT_COLUMNS). Returns: (transfer full): it, or NULL with an
 * error. */
EpIntakeConsent *ep_consent_at (const PGresult *res, int row, GError **error);

/* Appends the consents (EpIntakeConsent) that @sql, prepared as @statement,
 * selects with CONSENT_COLUMNS and $1 = @id, to @into. Returns FALSE with an
 * error. */
gboolean ep_consent_read (PGconn *conn, const gchar *statement, const gchar *sql, const gchar *id,
                          GPtrArray *into, GError **error);

/* A consent's kinds of data as a JSON array of codes, for
 * json_array_elements_text() into the text[] column. Returns: (transfer full). */
gchar *ep_consent_data_json (const EpIntakeConsent *consent);

G_END_DECLS
