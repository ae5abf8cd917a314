/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-core-error.c — registers the EP_CORE_ERROR domain declared in ep-core-error.h.
 */
#include "ep-core-error.h"

/* clang-format off */
G_DEFINE_QUARK (ep-core-error-quark, ep_core_error)
/* clang-format on */
