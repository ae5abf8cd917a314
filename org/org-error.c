/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * org-error.c — registers the EP_ORG_ERROR domain (ep-org-error.h).
 */
#include "ep-org-error.h"

/* clang-format off */
G_DEFINE_QUARK (ep-org-error-quark, ep_org_error)
/* clang-format on */
