/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-error-private.h: how the files of intake/ report an error at a JSON
 * path (owner: intake-error.c). The domain and its readers are public, in
 * ep-intake.h.
 */
#pragma once

#include "ep-intake.h"

G_BEGIN_DECLS

/* Sets @error to an EP_INTAKE_ERROR "PATH: rule", with the path and the rule
 * as data beside the message, and returns FALSE, so that a check reads
 * "return ep_intake_fail_at (…)". Does nothing but return FALSE when @error
 * is NULL. */
gboolean ep_intake_fail_at (GError **error, EpIntakeError code, const gchar *path,
                            const gchar *format, ...) G_GNUC_PRINTF (4, 5);

/* "household.postcode", or "date" at the top (@path ""). Returns: (transfer full). */
gchar *ep_intake_member_path (const gchar *path, const gchar *name);

G_END_DECLS
