/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-rules-private.h: the model's rules that a decoder applies to a part
 * on its own (intake-json.c reads a consent outside an intake); owner: intake.c.
 */
#pragma once

#include "ep-intake.h"

G_BEGIN_DECLS

/* A consent ends on or after the day it was given; the error
 * names "@path.valid_until". */
gboolean ep_intake_consent_check (const EpIntakeConsent *consent, const gchar *path,
                                  GError **error);

G_END_DECLS
