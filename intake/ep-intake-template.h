/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-intake-template.h: the questionnaire an intake follows (the brede uitvraag, versioned), as
 * a form reads it to lay out its sections and questions. Each version is loaded by a migration
 * (intake/templates/) and never changes afterwards.
 */
#pragma once

#include "ep-db-pool.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

/**
 * ep_intake_template_load:
 * @version: (nullable): a version ("brede-uitvraag/1"); NULL: the newest one, which new
 *   intakes follow
 * @version_out: (out) (transfer full) (optional): the version found
 *
 * Returns: (transfer full): the questionnaire as stored, a JSON document; NULL with
 *   EP_INTAKE_ERROR_NOT_FOUND (version) when there is no such version, or an EP_DB_ERROR.
 */
gchar *ep_intake_template_load (PGconn *conn, const EpDbTxContext *ctx, const gchar *version,
                                gchar **version_out, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
