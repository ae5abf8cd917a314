/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * jolanda-case.h: the plan's and the ladder's db tests start from the same household: Jolanda's
 * intake (docs/examples/intake-jolanda.json, in EP_FIXTURES_DIR) at a vindplaats of its own, with
 * a BSN of its own, recorded and finalised by @case_worker of GM0164 — so that a plan has needs to
 * bring in, and each test a household no other test touches.
 */
#pragma once

#include "ep-db-pool.h"

#include <libpq-fe.h>

typedef struct
{
  gchar *intake;
  gchar *household;
  gchar *jolanda; /* her person id */
} JolandaCase;

/* Records and finalises the intake on @app (@owner adds the vindplaats); fails the test if any
 * step fails. */
void jolanda_case_init (JolandaCase *j, PGconn *owner, PGconn *app,
                        const EpDbTxContext *case_worker);
void jolanda_case_clear (JolandaCase *j);
