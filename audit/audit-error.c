/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * audit-error.c: the error domain of audit/ (see ep-audit-error.h).
 */
#include "ep-audit-error.h"

G_DEFINE_QUARK (ep - audit - error - quark, ep_audit_error)
