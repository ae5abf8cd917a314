/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-private.h: what the files of intake/ share and nobody else needs.
 */
#pragma once

#include "ep-intake.h"

G_BEGIN_DECLS

/* Sets @error to an EP_INTAKE_ERROR "PATH: rule" and returns FALSE, so that a
 * check reads "return ep_intake_fail_at (…)". */
gboolean ep_intake_fail_at (GError **error, EpIntakeError code, const gchar *path,
                            const gchar *format, ...) G_GNUC_PRINTF (4, 5);

G_END_DECLS
