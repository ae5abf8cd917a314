/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-audit-error.h: the error domain of audit/.
 *
 * A runtime failure of an audit/ function is a GError in EP_AUDIT_ERROR
 * when the audit trail itself is the cause (a chain that does not hold, a
 * cursor this module never handed out), and in EP_DB_ERROR when PostgreSQL
 * or the connection failed (those come from db/). cli/ maps these codes to
 * messages and exit codes, so the values are part of the interface: append
 * new codes, never renumber.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EP_AUDIT_ERROR:
 *
 * The error domain of audit/: `ep-audit-error-quark`.
 */
#define EP_AUDIT_ERROR (ep_audit_error_quark ())

/**
 * EpAuditError:
 * @EP_AUDIT_ERROR_FAILED: any other failure of the audit trail.
 * @EP_AUDIT_ERROR_CHAIN_BROKEN: the chain does not hold where the sealer or
 *   packer would build on it (tampering): run `eenplan audit verify`.
 * @EP_AUDIT_ERROR_NO_CHAIN_HEAD: the event of the chain head is missing, so
 *   the sealer cannot tell where to go on.
 * @EP_AUDIT_ERROR_BAD_CURSOR: a query cursor that no query handed out.
 * @EP_AUDIT_ERROR_BAD_LIMIT: a query page size outside 1–1000.
 * @EP_AUDIT_ERROR_CHECKPOINT_FILE: the checkpoint file cannot be written, or
 *   a line of it cannot be read as a checkpoint.
 */
typedef enum
{
  EP_AUDIT_ERROR_FAILED,
  EP_AUDIT_ERROR_CHAIN_BROKEN,
  EP_AUDIT_ERROR_NO_CHAIN_HEAD,
  EP_AUDIT_ERROR_BAD_CURSOR,
  EP_AUDIT_ERROR_BAD_LIMIT,
  EP_AUDIT_ERROR_CHECKPOINT_FILE,
} EpAuditError;

GQuark ep_audit_error_quark (void);

G_END_DECLS
