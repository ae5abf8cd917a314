/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-core.h — umbrella header of the core module.
 *
 * core/ holds eenplan's vocabulary and rules that need no I/O: the error domain, BSN, crypto
 * helpers, the domain vocabularies, UUIDs, dates and JSON helpers. Include this header, or the
 * single unit header a file needs.
 */
#pragma once

#include "ep-core-error.h"
#include "ep-audit-chain.h"
#include "ep-bsn.h"
#include "ep-crypto.h"
#include "ep-json.h"
#include "ep-signing.h"
#include "ep-time.h"
#include "ep-uuid.h"
#include "ep-vocab.h"
