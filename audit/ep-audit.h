/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-audit.h: all of audit/ in one include, for the executables and the
 * tests. Library code includes the one header of the unit it uses.
 */
#pragma once

#include "ep-access-log.h"
#include "ep-audit-error.h"
#include "ep-audit-query.h"
#include "ep-audit-record.h"
#include "ep-audit-seal.h"
#include "ep-audit-verifier.h"
#include "ep-audit-verify.h"
