/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-audit-sealer.h: the background sealer a server runs.
 *
 * A thread with its own connection that, every interval, chains the events
 * committed since its last round (ep_audit_seal_all) and, when a signing key
 * is given, writes a signed checkpoint of every chain at the checkpoint
 * interval. The interval bounds how long an event waits before the chain
 * covers it. Stopping seals once more, so a clean shutdown leaves nothing
 * waiting; after a crash the next sealer (or `eenplan audit seal`) picks up
 * the unsealed events, which are in the database.
 */
#pragma once

#include <glib.h>

#include "ep-signing.h"

G_BEGIN_DECLS

typedef struct _EpAuditSealer EpAuditSealer;

/* Called from the sealer's thread when a round fails; the sealer retries at
 * the next interval. */
typedef void (*EpAuditSealerErrorFunc) (const GError *error, gpointer user_data);

typedef struct
{
  guint interval_ms;               /* 0: 500 */
  guint checkpoint_interval_s;     /* 0: 900 (15 minutes) */
  const EpSigningKey *key;         /* nullable: no checkpoints; must outlive the sealer */
  EpAuditSealerErrorFunc on_error; /* nullable */
  gpointer user_data;
} EpAuditSealerOptions;

/**
 * ep_audit_sealer_start:
 * @conninfo: the connection for the sealer's thread (the application role will do)
 *
 * Returns: (transfer full): the running sealer; stop it with ep_audit_sealer_stop().
 */
EpAuditSealer *ep_audit_sealer_start (const gchar *conninfo, const EpAuditSealerOptions *options);

/**
 * ep_audit_sealer_stop:
 *
 * Wakes the thread, lets it seal a last time, joins it and frees @sealer.
 */
void ep_audit_sealer_stop (EpAuditSealer *sealer);

/**
 * ep_audit_sealer_rounds:
 * Returns: how many rounds completed without error (for tests and health).
 */
guint ep_audit_sealer_rounds (EpAuditSealer *sealer);

G_END_DECLS
