/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-db-error.c: SQLSTATE to EP_DB_ERROR mapping.
 *
 * The mapping follows PostgreSQL's errcodes table (Appendix A of its manual).
 * Class 08 (connection exception) and the 57P0x shutdown codes mean the server
 * went away: callers treat them as "unavailable" and a pool discards the
 * connection.
 */
#include "ep-db-error.h"

#include <string.h>

/* The domain is extended (GLib's extended GError domains): an error from a
 * server that named a constraint carries its name, for callers that react
 * to one constraint and not another. The quark's name is the type's,
 * "EpDbError". */
typedef struct
{
  gchar *constraint;
} EpDbErrorPrivate;

static void
ep_db_error_private_init (EpDbErrorPrivate *priv)
{
  priv->constraint = NULL;
}

static void
ep_db_error_private_copy (const EpDbErrorPrivate *src, EpDbErrorPrivate *dest)
{
  dest->constraint = g_strdup (src->constraint);
}

static void
ep_db_error_private_clear (EpDbErrorPrivate *priv)
{
  g_clear_pointer (&priv->constraint, g_free);
}

G_DEFINE_EXTENDED_ERROR (EpDbError, ep_db_error)

const gchar *
ep_db_error_get_constraint (const GError *error)
{
  if (error == NULL || error->domain != EP_DB_ERROR)
    return NULL;
  return ep_db_error_get_private (error)->constraint;
}

static const struct
{
  const gchar *sqlstate;
  EpDbError code;
} sqlstate_map[] = {
  { "23505", EP_DB_ERROR_UNIQUE_VIOLATION },
  { "23503", EP_DB_ERROR_FOREIGN_KEY_VIOLATION },
  { "23514", EP_DB_ERROR_CHECK_VIOLATION },
  { "23502", EP_DB_ERROR_NOT_NULL_VIOLATION },
  { "23P01", EP_DB_ERROR_EXCLUSION_VIOLATION },
  { "40001", EP_DB_ERROR_SERIALIZATION_FAILURE },
  { "40P01", EP_DB_ERROR_DEADLOCK },
  { "42501", EP_DB_ERROR_PERMISSION_DENIED },
  { "42P04", EP_DB_ERROR_ALREADY_EXISTS },
  { "42710", EP_DB_ERROR_ALREADY_EXISTS },
  { "42P07", EP_DB_ERROR_ALREADY_EXISTS },
  { "P0001", EP_DB_ERROR_RAISED },
  { "26000", EP_DB_ERROR_STATEMENT_GONE },
  { "57P01", EP_DB_ERROR_UNAVAILABLE }, /* admin_shutdown */
  { "57P02", EP_DB_ERROR_UNAVAILABLE }, /* crash_shutdown */
  { "57P03", EP_DB_ERROR_UNAVAILABLE }, /* cannot_connect_now */
};

EpDbError
ep_db_error_from_sqlstate (const gchar *sqlstate)
{
  if (sqlstate == NULL || strlen (sqlstate) != 5)
    return EP_DB_ERROR_FAILED;

  if (strncmp (sqlstate, "08", 2) == 0)
    return EP_DB_ERROR_UNAVAILABLE;

  for (gsize i = 0; i < G_N_ELEMENTS (sqlstate_map); i++)
    if (strcmp (sqlstate_map[i].sqlstate, sqlstate) == 0)
      return sqlstate_map[i].code;

  return EP_DB_ERROR_FAILED;
}

void
ep_db_set_error_from_result (GError **error, PGconn *conn, const PGresult *res, const gchar *what)
{
  const gchar *sqlstate = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;

  if (sqlstate == NULL)
    {
      /* No server error: the connection itself failed (or the result was
       * not of the expected kind, which PQresultErrorMessage then says). */
      const gchar *msg
        = res && *PQresultErrorMessage (res) ? PQresultErrorMessage (res) : PQerrorMessage (conn);
      gboolean lost = conn == NULL || PQstatus (conn) != CONNECTION_OK;
      g_autofree gchar *trimmed = g_strstrip (g_strdup (msg ? msg : ""));

      if (!lost && res != NULL && *trimmed == '\0')
        g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_FAILED, "%s: unexpected result status %s",
                     what, PQresStatus (PQresultStatus (res)));
      else
        g_set_error (error, EP_DB_ERROR, lost ? EP_DB_ERROR_UNAVAILABLE : EP_DB_ERROR_FAILED,
                     "%s: %s", what, *trimmed ? trimmed : "connection lost");
      return;
    }

  const gchar *primary = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);

  /* Class 22 (data exception) messages quote the offending value, which may
   * be personal data: keep only the code. */
  if (strncmp (sqlstate, "22", 2) == 0)
    primary = "invalid value for a column";
  const gchar *constraint = PQresultErrorField (res, PG_DIAG_CONSTRAINT_NAME);

  if (constraint != NULL)
    {
      GError *server_error = g_error_new (EP_DB_ERROR, ep_db_error_from_sqlstate (sqlstate),
                                          "%s: %s (constraint %s, SQLSTATE %s)", what,
                                          primary ? primary : "error", constraint, sqlstate);
      ep_db_error_get_private (server_error)->constraint = g_strdup (constraint);
      g_propagate_error (error, server_error);
    }
  else
    g_set_error (error, EP_DB_ERROR, ep_db_error_from_sqlstate (sqlstate), "%s: %s (SQLSTATE %s)",
                 what, primary ? primary : "error", sqlstate);
}

gboolean
ep_db_error_is_retryable (const GError *error)
{
  return g_error_matches (error, EP_DB_ERROR, EP_DB_ERROR_SERIALIZATION_FAILURE)
         || g_error_matches (error, EP_DB_ERROR, EP_DB_ERROR_DEADLOCK)
         || g_error_matches (error, EP_DB_ERROR, EP_DB_ERROR_STATEMENT_GONE);
}
