/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-load-private.h: reading part of an intake, for carrying it forward
 * (intake-carry.c); owner: intake-load.c.
 */
#pragma once

#include "ep-intake.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

/* Reads intake @id into @into (a new, empty EpIntake): the header with its
 * household, the persons and participants, the assessments, ratings,
 * strengths and needs; not its safety signals, consents or addenda, and not
 * logged (the caller logs what it shows). Returns FALSE with an error
 * (EP_INTAKE_ERROR_NOT_FOUND at "id" when there is no such intake). */
gboolean ep_intake_load_summary (PGconn *conn, const gchar *id, EpIntake *into, GError **error);

G_END_DECLS
