/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan-write.c: every write of the household plan (ep-plan.h): creating it, what it says of the
 * household's situation, bringing in needs, a need's law, goals, actions, the warm handover, the
 * aanspreekpunt, agreeing a version, closing. Each checks its body (plan-body.c), then runs as
 * one transaction through ep_plan_store_write() (plan-store.c), which finds and locks the plan,
 * holds the actor and the base version to the rules and makes the version and audit events.
 * The audit trail names what changed, never the free texts (they may hold personal details).
 */
#include "plan-private.h"

#include <string.h>

#define N(fields) G_N_ELEMENTS (fields)

static const gchar *const regisseur_roles[] = { "regisseur", NULL };
static const gchar *const contact_roles[] = { "casemanager", "regisseur", "supervisor", NULL };

/* Runs @sql (returning rows) with @params. Returns: (transfer full), or NULL with an error. */
static PGresult *
run (PGconn *conn, const gchar *name, const gchar *sql, EpDbParams *params, GError **error)
{
  return ep_db_exec_prepared (conn, name, sql, params, PGRES_TUPLES_OK, 0, name, error);
}

/* ---- needs brought in ------------------------------------------------------------------- */

/* The household's needs of finalised intakes. */
#define HOUSEHOLD_NEEDS                                                                            \
  "hn AS (SELECT n.id, n.carried_from, n.wet, n.status, i.datum, i.created_at, n.position"         \
  "         FROM intake i JOIN intake_need n ON n.gemeente = i.gemeente AND n.intake_id = i.id"    \
  "        WHERE i.gemeente = current_gemeente () AND i.household_id = $2::uuid"                   \
  "          AND i.status = 'finalised')"

/* Brings in the needs of the household's finalised intakes that plan @plan_id lacks: a need the
 * plan has that a later finalised intake carried forward now points at its latest copy; a need
 * no copy of which is in the plan is added. Sets *@n to how many plan needs were added or moved. */
static gboolean
bring_in_needs (PGconn *conn, const gchar *plan_id, const gchar *household_id, guint *n,
                GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, plan_id);
  ep_db_params_add_text (params, household_id);
  g_autoptr (PGresult) moved
    = run (conn, "ep_plan_needs_move",
           "WITH RECURSIVE " HOUSEHOLD_NEEDS ","
           " chain (plan_need_id, need_id, depth) AS ("
           "   SELECT pn.id, pn.intake_need_id, 0 FROM plan_need pn"
           "    WHERE pn.gemeente = current_gemeente () AND pn.plan_id = $1::uuid"
           "   UNION ALL"
           "   SELECT c.plan_need_id, hn.id, c.depth + 1 FROM chain c JOIN hn ON hn.carried_from = "
           "c.need_id),"
           " last AS (SELECT DISTINCT ON (plan_need_id) plan_need_id, need_id FROM chain"
           "           ORDER BY plan_need_id, depth DESC)"
           " UPDATE plan_need pn SET intake_need_id = last.need_id FROM last"
           "  WHERE pn.gemeente = current_gemeente () AND pn.plan_id = $1::uuid"
           "    AND pn.id = last.plan_need_id AND pn.intake_need_id <> last.need_id"
           " RETURNING pn.id",
           params, error);
  if (moved == NULL)
    return FALSE;
  g_autoptr (PGresult) added
    = run (conn, "ep_plan_needs_add",
           "WITH " HOUSEHOLD_NEEDS
           " INSERT INTO plan_need (gemeente, plan_id, intake_need_id, wet, status)"
           " SELECT current_gemeente (), $1::uuid, hn.id, hn.wet, hn.status FROM hn"
           "  WHERE NOT EXISTS (SELECT FROM hn later WHERE later.carried_from = hn.id)"
           "    AND NOT EXISTS (SELECT FROM plan_need pn WHERE pn.gemeente = current_gemeente ()"
           "                      AND pn.plan_id = $1::uuid AND pn.intake_need_id = hn.id)"
           " RETURNING id",
           params, error);
  if (added == NULL)
    return FALSE;
  *n = (guint) (PQntuples (moved) + PQntuples (added));
  return TRUE;
}

/* ---- create ----------------------------------------------------------------------------- */

typedef struct
{
  const EpDbTxContext *ctx;
  const gchar *household_id;
  JsonNode *body;
  gchar *plan_id;
  gchar *existing_id;
} CreateJob;

static gboolean
create_body (PGconn *conn, gpointer user_data, GError **error)
{
  CreateJob *job = user_data;
  g_clear_pointer (&job->plan_id, g_free);
  g_clear_pointer (&job->existing_id, g_free);
  if (g_strcmp0 (job->ctx->actor_role, "regisseur") != 0
      && g_strcmp0 (job->ctx->actor_role, "supervisor") != 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_REGISSEUR, "regisseur",
                            "alleen een regisseur of een supervisor maakt een plan");
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->household_id);
  g_autoptr (PGresult) found
    = run (conn, "ep_plan_create_household",
           "SELECT household_assert_open (h.id),"
           "       (SELECT p.id FROM plan p WHERE p.gemeente = h.gemeente AND p.household_id = h.id"
           "           AND p.status = 'actief') AS existing"
           "  FROM household h WHERE h.gemeente = current_gemeente () AND h.id = $1::uuid",
           params, error);
  if (found == NULL)
    return FALSE;
  if (PQntuples (found) == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, "household_id",
                            "geen huishouden van deze gemeente");
  if (!ep_db_is_null (found, 0, "existing"))
    return ep_plan_fail_exists (error, ep_db_get_text (found, 0, "existing"));

  const gchar *regisseur = ep_plan_body_text (job->body, "regisseur");
  const gchar *aanspreekpunt = ep_plan_body_text (job->body, "aanspreekpunt");
  if (!ep_plan_store_check_user (conn, regisseur, regisseur_roles, "regisseur", error)
      || !ep_plan_store_check_team (conn, job->ctx, regisseur, error)
      || !ep_plan_store_check_user (conn, aanspreekpunt, contact_roles, "aanspreekpunt", error))
    return FALSE;

  g_autoptr (EpDbParams) insert = ep_db_params_new ();
  ep_db_params_add_text (insert, job->household_id);
  ep_db_params_add_text (insert, aanspreekpunt);
  ep_db_params_add_text (insert, regisseur);
  g_autoptr (PGresult) made
    = run (conn, "ep_plan_create",
           "WITH p AS (INSERT INTO plan (gemeente, household_id, aanspreekpunt)"
           "           VALUES (current_gemeente (), $1::uuid, $2) RETURNING gemeente, id),"
           "     r AS (INSERT INTO plan_regie (gemeente, plan_id, position, regisseur, vanaf)"
           "           SELECT p.gemeente, p.id, 0, $3,"
           "                  (now () AT TIME ZONE 'Europe/Amsterdam')::date FROM p)"
           " SELECT id FROM p",
           insert, error);
  if (made == NULL)
    return FALSE;
  g_auto (EpPlanWrite) write = { .reden = ep_plan_body_text (job->body, "reden"), .version = 1 };
  write.id = g_strdup (PQgetvalue (made, 0, 0));
  write.household_id = g_strdup (job->household_id);
  guint n = 0;
  if (!bring_in_needs (conn, write.id, job->household_id, &n, error))
    return FALSE;
  g_autofree gchar *count = g_strdup_printf ("%u", n);
  ep_plan_write_audit (&write, "plan_create",
                       ep_plan_change_of ("regisseur", regisseur, "aanspreekpunt", aanspreekpunt,
                                          "hulpvragen", count, NULL));
  if (!ep_plan_store_snapshot (conn, &write, error))
    return FALSE;
  job->plan_id = g_steal_pointer (&write.id);
  return TRUE;
}

/* The active plan of @household_id, in a transaction of its own: for a create that lost a race
 * to another (plan_one_active). */
static gboolean
existing_body (PGconn *conn, gpointer user_data, GError **error)
{
  CreateJob *job = user_data;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->household_id);
  g_autoptr (PGresult) res = run (conn, "ep_plan_existing",
                                  "SELECT id FROM plan WHERE gemeente = current_gemeente ()"
                                  " AND household_id = $1::uuid AND status = 'actief'",
                                  params, error);
  if (res == NULL)
    return FALSE;
  g_free (job->existing_id);
  job->existing_id = PQntuples (res) > 0 ? g_strdup (PQgetvalue (res, 0, 0)) : NULL;
  return TRUE;
}

gboolean
ep_plan_create (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id, JsonNode *body,
                gchar **plan_id, GError **error)
{
  static const EpPlanField fields[] = {
    { "regisseur", EP_PLAN_FIELD_USERNAME, TRUE },
    { "aanspreekpunt", EP_PLAN_FIELD_USERNAME, TRUE },
    { "reden", EP_PLAN_FIELD_TEXT, TRUE },
  };
  g_return_val_if_fail (conn != NULL && ctx != NULL, FALSE);
  if (!ep_plan_check_id (household_id, "household_id", error)
      || !ep_plan_body_check (body, fields, N (fields), error))
    return FALSE;
  CreateJob job = { .ctx = ctx, .household_id = household_id, .body = body };
  if (!ep_db_run_tx (conn, ctx, create_body, &job, NULL, error))
    {
      g_free (job.plan_id);
      g_clear_pointer (&job.existing_id, g_free);
      if (g_strcmp0 (ep_db_error_get_constraint (*error), "plan_one_active") == 0
          && ep_db_run_tx (conn, ctx, existing_body, &job, NULL, NULL) && job.existing_id != NULL)
        {
          g_clear_error (error);
          ep_plan_fail_exists (error, job.existing_id);
        }
      g_free (job.existing_id);
      ep_plan_store_map_error (error);
      return FALSE;
    }
  g_free (job.existing_id);
  if (plan_id != NULL)
    *plan_id = job.plan_id;
  else
    g_free (job.plan_id);
  return TRUE;
}

/* ---- situation -------------------------------------------------------------------------- */

static gboolean
situation_change (PGconn *conn, EpPlanWrite *write, gpointer data, GError **error)
{
  static const gchar *const texts[] = { "goed_gaat", "eigen_kracht", "professionele_steun", NULL };
  JsonNode *body = data;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  g_autoptr (GStrvBuilder) changed = g_strv_builder_new ();
  for (guint i = 0; texts[i] != NULL; i++)
    {
      gboolean has = ep_plan_body_has (body, texts[i]);
      ep_db_params_add_bool (params, has);
      ep_db_params_add_text (params, ep_plan_body_text (body, texts[i]));
      if (has)
        g_strv_builder_add (changed, texts[i]);
    }
  g_autofree gchar *problems = ep_plan_body_json (body, "problemen");
  gboolean has_problems = ep_plan_body_has (body, "problemen");
  ep_db_params_add_bool (params, has_problems);
  if (has_problems)
    g_strv_builder_add (changed, "problemen");
  g_autoptr (PGresult) res = run (
    conn, "ep_plan_situation",
    "WITH u AS (UPDATE plan SET"
    "             goed_gaat = CASE WHEN $2 THEN btrim ($3) ELSE goed_gaat END,"
    "             eigen_kracht = CASE WHEN $4 THEN btrim ($5) ELSE eigen_kracht END,"
    "             professionele_steun = CASE WHEN $6 THEN btrim ($7) ELSE professionele_steun END"
    "           WHERE gemeente = current_gemeente () AND id = $1::uuid RETURNING id),"
    "     d AS (DELETE FROM plan_problem WHERE $8 AND gemeente = current_gemeente ()"
    "             AND plan_id = $1::uuid RETURNING position)"
    " SELECT (SELECT count(*) FROM u) AS plans, (SELECT count(*) FROM d) AS removed",
    params, error);
  if (res == NULL)
    return FALSE;
  if (has_problems)
    {
      g_autoptr (EpDbParams) p = ep_db_params_new ();
      ep_db_params_add_text (p, write->id);
      ep_db_params_add_text (p, problems != NULL ? problems : "[]");
      g_autoptr (PGresult) added
        = run (conn, "ep_plan_problems",
               "INSERT INTO plan_problem (gemeente, plan_id, position, omschrijving, prioriteit)"
               " SELECT current_gemeente (), $1::uuid, x.ord - 1, btrim (x.p ->> 'omschrijving'),"
               "        (x.p ->> 'prioriteit')::integer"
               "   FROM jsonb_array_elements ($2::jsonb) WITH ORDINALITY AS x (p, ord)"
               " RETURNING position",
               p, error);
      if (added == NULL)
        return FALSE;
    }
  g_auto (GStrv) names = g_strv_builder_end (changed);
  g_autofree gchar *joined = g_strjoinv (",", names);
  ep_plan_write_audit (write, "plan_situation", ep_plan_change_of ("velden", joined, NULL));
  return TRUE;
}

gboolean
ep_plan_set_situation (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                       gint base_version, JsonNode *body, gint *new_version, GError **error)
{
  static const EpPlanField fields[] = {
    { "goed_gaat", EP_PLAN_FIELD_TEXT, FALSE, TRUE },
    { "eigen_kracht", EP_PLAN_FIELD_TEXT, FALSE, TRUE },
    { "professionele_steun", EP_PLAN_FIELD_TEXT, FALSE, TRUE },
    { "problemen", EP_PLAN_FIELD_PROBLEMS, FALSE, TRUE },
    { "reden", EP_PLAN_FIELD_TEXT, TRUE },
  };
  if (!ep_plan_body_check (body, fields, N (fields), error))
    return FALSE;
  return ep_plan_store_write (conn, ctx, household_id, base_version,
                              ep_plan_body_text (body, "reden"), (EpPlanWriteMode){ 0 },
                              situation_change, body, new_version, NULL, error);
}

/* ---- needs ------------------------------------------------------------------------------ */

static gboolean
import_change (PGconn *conn, EpPlanWrite *write, gpointer data, GError **error)
{
  guint *n = data;
  if (!bring_in_needs (conn, write->id, write->household_id, n, error))
    return FALSE;
  if (*n > 0)
    {
      g_autofree gchar *count = g_strdup_printf ("%u", *n);
      ep_plan_write_audit (write, "plan_needs_import",
                           ep_plan_change_of ("hulpvragen", count, NULL));
    }
  return TRUE;
}

gboolean
ep_plan_import_needs (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                      gint base_version, JsonNode *body, guint *n_imported, gint *new_version,
                      GError **error)
{
  static const EpPlanField fields[] = { { "reden", EP_PLAN_FIELD_TEXT, TRUE } };
  if (!ep_plan_body_check (body, fields, N (fields), error))
    return FALSE;
  guint n = 0;
  if (!ep_plan_store_write (
        conn, ctx, household_id, base_version, ep_plan_body_text (body, "reden"),
        (EpPlanWriteMode){ .may_skip = TRUE }, import_change, &n, new_version, NULL, error))
    return FALSE;
  if (n_imported != NULL)
    *n_imported = n;
  return TRUE;
}

typedef struct
{
  const gchar *id;
  JsonNode *body;
  gchar *made_id;
} ItemJob;

static gboolean
need_law_change (PGconn *conn, EpPlanWrite *write, gpointer data, GError **error)
{
  ItemJob *job = data;
  const gchar *wet = ep_plan_body_text (job->body, "wet");
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  ep_db_params_add_text (params, job->id);
  g_autoptr (PGresult) need = run (conn, "ep_plan_need_lock",
                                   "SELECT wet FROM plan_need WHERE gemeente = current_gemeente ()"
                                   " AND plan_id = $1::uuid AND id = $2::uuid FOR UPDATE",
                                   params, error);
  if (need == NULL)
    return FALSE;
  if (PQntuples (need) == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, "id", "geen hulpvraag van dit plan");
  g_autofree gchar *van = g_strdup (PQgetvalue (need, 0, 0));
  if (strcmp (van, wet) == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "wet", "de hulpvraag valt al onder %s", wet);
  ep_db_params_add_text (params, van);
  ep_db_params_add_text (params, wet);
  ep_db_params_add_text (params, ep_plan_body_text (job->body, "reden"));
  g_autoptr (PGresult) res = run (
    conn, "ep_plan_need_law",
    "WITH l AS (INSERT INTO plan_need_law (gemeente, plan_id, need_id, position, van, naar, reden)"
    "           SELECT current_gemeente (), $1::uuid, $2::uuid, count(*), $3, $4, btrim ($5)"
    "             FROM plan_need_law WHERE gemeente = current_gemeente () AND plan_id = $1::uuid"
    "              AND need_id = $2::uuid RETURNING position)"
    " UPDATE plan_need SET wet = $4 WHERE gemeente = current_gemeente () AND plan_id = $1::uuid"
    "    AND id = $2::uuid RETURNING (SELECT position FROM l)",
    params, error);
  if (res == NULL)
    return FALSE;
  ep_plan_write_audit (write, "plan_need_law",
                       ep_plan_change_of ("hulpvraag_id", job->id, "van", van, "naar", wet, NULL));
  return TRUE;
}

gboolean
ep_plan_set_need_law (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                      const gchar *need_id, gint base_version, JsonNode *body, gint *new_version,
                      GError **error)
{
  static const EpPlanField fields[] = {
    { "wet", EP_PLAN_FIELD_CODE, TRUE, FALSE, ep_vocab_wet },
    { "reden", EP_PLAN_FIELD_REASON, TRUE },
  };
  if (!ep_plan_check_id (need_id, "id", error)
      || !ep_plan_body_check (body, fields, N (fields), error))
    return FALSE;
  ItemJob job = { .id = need_id, .body = body };
  return ep_plan_store_write (conn, ctx, household_id, base_version,
                              ep_plan_body_text (body, "reden"), (EpPlanWriteMode){ 0 },
                              need_law_change, &job, new_version, NULL, error);
}

/* ---- goals ------------------------------------------------------------------------------ */

/* The first element of the JSON array @list (text) that @sql (with $1 the plan, $2 the household,
 * $3 the list) finds wanting, as its index; -1 when none is. */
static gboolean
first_wanting (PGconn *conn, const gchar *name, const gchar *sql, const EpPlanWrite *write,
               const gchar *list, gint *index, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  ep_db_params_add_text (params, write->household_id);
  ep_db_params_add_text (params, list);
  g_autoptr (PGresult) res = run (conn, name, sql, params, error);
  if (res == NULL)
    return FALSE;
  *index = PQntuples (res) > 0 ? (gint) g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10) : -1;
  return TRUE;
}

static gboolean
goal_change (PGconn *conn, EpPlanWrite *write, gpointer data, GError **error)
{
  ItemJob *job = data;
  g_autofree gchar *leden = ep_plan_body_json (job->body, "leden");
  g_autofree gchar *needs = ep_plan_body_json (job->body, "hulpvragen");
  gint wanting = -1;
  if (!first_wanting (conn, "ep_plan_goal_members",
                      "SELECT x.ord - 1 FROM jsonb_array_elements_text ($3::jsonb) WITH ORDINALITY"
                      " AS x (id, ord) WHERE $1::uuid IS NOT NULL AND NOT EXISTS ("
                      "  SELECT FROM household_member hm WHERE hm.gemeente = current_gemeente ()"
                      "     AND hm.household_id = $2::uuid AND hm.person_id = x.id::uuid"
                      "     AND hm.valid_to IS NULL) ORDER BY x.ord LIMIT 1",
                      write, leden, &wanting, error))
    return FALSE;
  if (wanting >= 0)
    {
      g_autofree gchar *path = g_strdup_printf ("leden[%d]", wanting);
      return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, path,
                              "geen huidig lid van dit huishouden");
    }
  if (!first_wanting (conn, "ep_plan_goal_needs",
                      "SELECT x.ord - 1 FROM jsonb_array_elements_text ($3::jsonb) WITH ORDINALITY"
                      " AS x (id, ord) WHERE $2::uuid IS NOT NULL AND NOT EXISTS ("
                      "  SELECT FROM plan_need pn WHERE pn.gemeente = current_gemeente ()"
                      "     AND pn.plan_id = $1::uuid AND pn.id = x.id::uuid)"
                      " ORDER BY x.ord LIMIT 1",
                      write, needs, &wanting, error))
    return FALSE;
  if (wanting >= 0)
    {
      g_autofree gchar *path = g_strdup_printf ("hulpvragen[%d]", wanting);
      return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, path, "geen hulpvraag van dit plan");
    }

  const gchar *status = ep_plan_body_text (job->body, "status");
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  ep_db_params_add_text (params, job->id);
  ep_db_params_add_text (params, ep_plan_body_text (job->body, "omschrijving"));
  ep_db_params_add_text (params, ep_plan_body_text (job->body, "streefdatum"));
  ep_db_params_add_text (params, status != NULL ? status : "open");
  g_autoptr (PGresult) goal = NULL;
  if (job->id == NULL)
    goal = run (
      conn, "ep_plan_goal_add",
      "INSERT INTO plan_goal (gemeente, plan_id, position, omschrijving, streefdatum, status)"
      " SELECT current_gemeente (), $1::uuid, coalesce (max (position) + 1, 0),"
      "        btrim ($3), $4::date, $5"
      "   FROM plan_goal WHERE gemeente = current_gemeente () AND plan_id = $1::uuid"
      "    AND $2::uuid IS NULL"
      " RETURNING id",
      params, error);
  else
    goal
      = run (conn, "ep_plan_goal_change",
             "UPDATE plan_goal SET omschrijving = btrim ($3), streefdatum = $4::date, status = $5"
             " WHERE gemeente = current_gemeente () AND plan_id = $1::uuid AND id = $2::uuid"
             " RETURNING id",
             params, error);
  if (goal == NULL)
    return FALSE;
  if (PQntuples (goal) == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, "id", "geen doel van dit plan");
  g_free (job->made_id); /* (a retried transaction made one before) */
  job->made_id = g_strdup (PQgetvalue (goal, 0, 0));

  g_autoptr (EpDbParams) links = ep_db_params_new ();
  ep_db_params_add_text (links, write->id);
  ep_db_params_add_text (links, job->made_id);
  ep_db_params_add_text (links, leden);
  ep_db_params_add_text (links, needs);
  g_autoptr (PGresult) linked = run (
    conn, "ep_plan_goal_links",
    "WITH dm AS (DELETE FROM plan_goal_member WHERE gemeente = current_gemeente ()"
    "              AND plan_id = $1::uuid AND goal_id = $2::uuid"
    "              AND NOT person_id = ANY (SELECT x::uuid FROM jsonb_array_elements_text "
    "($3::jsonb) x)"
    "            RETURNING person_id),"
    "     dn AS (DELETE FROM plan_goal_need WHERE gemeente = current_gemeente ()"
    "              AND plan_id = $1::uuid AND goal_id = $2::uuid"
    "              AND NOT need_id = ANY (SELECT x::uuid FROM jsonb_array_elements_text "
    "($4::jsonb) x)"
    "            RETURNING need_id),"
    "     im AS (INSERT INTO plan_goal_member (gemeente, plan_id, goal_id, person_id)"
    "            SELECT current_gemeente (), $1::uuid, $2::uuid, x::uuid"
    "              FROM jsonb_array_elements_text ($3::jsonb) x"
    "            ON CONFLICT DO NOTHING RETURNING person_id),"
    "     inn AS (INSERT INTO plan_goal_need (gemeente, plan_id, goal_id, need_id)"
    "            SELECT current_gemeente (), $1::uuid, $2::uuid, x::uuid"
    "              FROM jsonb_array_elements_text ($4::jsonb) x"
    "            ON CONFLICT DO NOTHING RETURNING need_id)"
    " SELECT (SELECT count(*) FROM dm), (SELECT count(*) FROM dn), (SELECT count(*) FROM im),"
    "        (SELECT count(*) FROM inn)",
    links, error);
  if (linked == NULL)
    return FALSE;
  ep_plan_write_audit (
    write, job->id == NULL ? "plan_goal_add" : "plan_goal_change",
    ep_plan_change_of ("doel_id", job->made_id, "status", status != NULL ? status : "open", NULL));
  return TRUE;
}

/* Runs a put of a goal or an action: @id NULL adds one. */
static gboolean
put_item (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id, const gchar *id,
          gint base_version, JsonNode *body, EpPlanChangeFunc change, gchar **id_out,
          gint *new_version, GError **error)
{
  if (id != NULL && !ep_plan_check_id (id, "id", error))
    return FALSE;
  ItemJob job = { .id = id, .body = body };
  gboolean ok
    = ep_plan_store_write (conn, ctx, household_id, base_version, ep_plan_body_text (body, "reden"),
                           (EpPlanWriteMode){ 0 }, change, &job, new_version, NULL, error);
  if (ok && id_out != NULL)
    *id_out = g_steal_pointer (&job.made_id);
  g_free (job.made_id);
  return ok;
}

gboolean
ep_plan_put_goal (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                  const gchar *goal_id, gint base_version, JsonNode *body, gchar **id_out,
                  gint *new_version, GError **error)
{
  static const EpPlanField fields[] = {
    { "omschrijving", EP_PLAN_FIELD_TEXT, TRUE },
    { "leden", EP_PLAN_FIELD_UUIDS, TRUE },
    { "streefdatum", EP_PLAN_FIELD_DATE, FALSE, TRUE },
    { "status", EP_PLAN_FIELD_CODE, FALSE, FALSE, ep_vocab_doel_status },
    { "hulpvragen", EP_PLAN_FIELD_UUIDS, TRUE },
    { "reden", EP_PLAN_FIELD_TEXT, TRUE },
  };
  if (!ep_plan_body_check (body, fields, N (fields), error))
    return FALSE;
  return put_item (conn, ctx, household_id, goal_id, base_version, body, goal_change, id_out,
                   new_version, error);
}

/* ---- actions ---------------------------------------------------------------------------- */

static gboolean
action_change (PGconn *conn, EpPlanWrite *write, gpointer data, GError **error)
{
  ItemJob *job = data;
  JsonNode *b = job->body;
  /* PostgreSQL refuses it too (plan_action_level), an action made maatwerk included. */
  if (job->id == NULL && write->niveau == 1
      && g_strcmp0 (ep_plan_body_text (b, "soort"), "maatwerkvoorziening") == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "soort",
                            "het plan staat op niveau 1 (geen problemen, of alleen vermoedens): "
                            "daar worden geen maatwerkvoorzieningen afgesproken; schaal eerst op");
  const gchar *goal = ep_plan_body_text (b, "doel_id");
  if (goal != NULL)
    {
      g_autoptr (EpDbParams) params = ep_db_params_new ();
      ep_db_params_add_text (params, write->id);
      ep_db_params_add_text (params, goal);
      g_autoptr (PGresult) res = run (conn, "ep_plan_action_goal",
                                      "SELECT FROM plan_goal WHERE gemeente = current_gemeente ()"
                                      " AND plan_id = $1::uuid AND id = $2::uuid",
                                      params, error);
      if (res == NULL)
        return FALSE;
      if (PQntuples (res) == 0)
        return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "doel_id", "geen doel van dit plan");
    }
  g_autofree gchar *volume = ep_plan_body_omvang (b, "volume");
  g_autofree gchar *eenheid = ep_plan_body_omvang (b, "eenheid");
  g_autofree gchar *frequentie = ep_plan_body_omvang (b, "frequentie");
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  ep_db_params_add_text (params, job->id);
  static const gchar *const columns[]
    = { "doel_id",   "soort",      "omschrijving", "uitvoerder",  "wet", "productcategorie",
        "aanbieder", "begindatum", "einddatum",    "reden_einde", NULL };
  for (guint i = 0; columns[i] != NULL; i++)
    ep_db_params_add_text (params, ep_plan_body_text (b, columns[i]));
  ep_db_params_add_text (params, volume);
  ep_db_params_add_text (params, eenheid);
  ep_db_params_add_text (params, frequentie);
  g_autoptr (PGresult) res = NULL;
  if (job->id == NULL)
    res = run (conn, "ep_plan_action_add",
               "INSERT INTO plan_action (gemeente, plan_id, position, goal_id, soort, omschrijving,"
               "       uitvoerder, wet, productcategorie, aanbieder, begindatum, einddatum,"
               "       reden_einde, volume, eenheid, frequentie)"
               " SELECT current_gemeente (), $1::uuid, coalesce (max (position) + 1, 0), $3::uuid,"
               "        $4, btrim ($5), btrim ($6), $7, $8, btrim ($9), $10::date, $11::date, $12,"
               "        $13::integer, $14, $15"
               "   FROM plan_action WHERE gemeente = current_gemeente () AND plan_id = $1::uuid"
               "    AND $2::uuid IS NULL"
               " RETURNING id",
               params, error);
  else
    res = run (conn, "ep_plan_action_change",
               "UPDATE plan_action SET goal_id = $3::uuid, soort = $4, omschrijving = btrim ($5),"
               "       uitvoerder = btrim ($6), wet = $7, productcategorie = $8,"
               "       aanbieder = btrim ($9), begindatum = $10::date, einddatum = $11::date,"
               "       reden_einde = $12, volume = $13::integer, eenheid = $14, frequentie = $15"
               " WHERE gemeente = current_gemeente () AND plan_id = $1::uuid AND id = $2::uuid"
               " RETURNING id",
               params, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, "id", "geen afspraak van dit plan");
  g_free (job->made_id); /* (a retried transaction made one before) */
  job->made_id = g_strdup (PQgetvalue (res, 0, 0));
  ep_plan_write_audit (write, job->id == NULL ? "plan_action_add" : "plan_action_change",
                       ep_plan_change_of ("afspraak_id", job->made_id, "soort",
                                          ep_plan_body_text (b, "soort"), "einddatum",
                                          ep_plan_body_text (b, "einddatum"), NULL));
  return TRUE;
}

gboolean
ep_plan_put_action (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                    const gchar *action_id, gint base_version, JsonNode *body, gchar **id_out,
                    gint *new_version, GError **error)
{
  static const EpPlanField fields[] = {
    { "doel_id", EP_PLAN_FIELD_UUID, FALSE, TRUE },
    { "soort", EP_PLAN_FIELD_CODE, TRUE, FALSE, ep_vocab_afspraak_soort },
    { "omschrijving", EP_PLAN_FIELD_TEXT, TRUE },
    { "uitvoerder", EP_PLAN_FIELD_TEXT, TRUE },
    { "wet", EP_PLAN_FIELD_CODE, FALSE, TRUE, ep_vocab_wet },
    { "productcategorie", EP_PLAN_FIELD_TEXT, FALSE, TRUE },
    { "aanbieder", EP_PLAN_FIELD_TEXT, FALSE, TRUE },
    { "omvang", EP_PLAN_FIELD_OMVANG, FALSE, TRUE },
    { "begindatum", EP_PLAN_FIELD_DATE, FALSE, TRUE },
    { "einddatum", EP_PLAN_FIELD_DATE, FALSE, TRUE },
    { "reden_einde", EP_PLAN_FIELD_CODE, FALSE, TRUE, ep_vocab_reden_einde },
    { "reden", EP_PLAN_FIELD_TEXT, TRUE },
  };
  if (!ep_plan_body_check (body, fields, N (fields), error)
      || !ep_plan_body_check_action (body, error))
    return FALSE;
  return put_item (conn, ctx, household_id, action_id, base_version, body, action_change, id_out,
                   new_version, error);
}

/* ---- regie ------------------------------------------------------------------------------ */

/* Makes @username the plan's aanspreekpunt (an active casemanager, regisseur or supervisor). */
static gboolean
set_contact (PGconn *conn, EpPlanWrite *write, const gchar *username, gboolean if_changed,
             GError **error)
{
  if (!ep_plan_store_check_user (conn, username, contact_roles, "aanspreekpunt", error))
    return FALSE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  ep_db_params_add_text (params, username);
  g_autoptr (PGresult) res
    = run (conn, "ep_plan_contact",
           "UPDATE plan p SET aanspreekpunt = $2 FROM plan old"
           " WHERE p.gemeente = current_gemeente () AND p.id = $1::uuid"
           "   AND old.gemeente = p.gemeente AND old.id = p.id RETURNING old.aanspreekpunt",
           params, error);
  if (res == NULL)
    return FALSE;
  /* A handover naming the aanspreekpunt there is changes nothing of it: no event. */
  if (if_changed && g_strcmp0 (PQgetvalue (res, 0, 0), username) == 0)
    return TRUE;
  ep_plan_write_audit (write, "plan_contact_person",
                       ep_plan_change_of ("van", PQgetvalue (res, 0, 0), "naar", username, NULL));
  return TRUE;
}

static gboolean
handover_change (PGconn *conn, EpPlanWrite *write, gpointer data, GError **error)
{
  JsonNode *body = data;
  const gchar *naar = ep_plan_body_text (body, "naar");
  const gchar *datum = ep_plan_body_text (body, "datum");
  if (g_strcmp0 (naar, write->regisseur) == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "naar", "%s heeft de regie al", naar);
  if (!ep_plan_store_check_user (conn, naar, regisseur_roles, "naar", error))
    return FALSE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  ep_db_params_add_text (params, naar);
  ep_db_params_add_text (params, datum);
  ep_db_params_add_text (params, ep_plan_body_text (body, "notitie"));
  g_autoptr (PGresult) res
    = run (conn, "ep_plan_handover",
           "WITH old AS (UPDATE plan_regie SET tot = $3::date WHERE gemeente = current_gemeente ()"
           "               AND plan_id = $1::uuid AND tot IS NULL AND vanaf <= $3::date"
           "             RETURNING position, regisseur)"
           " INSERT INTO plan_regie (gemeente, plan_id, position, regisseur, van, vanaf, notitie)"
           " SELECT current_gemeente (), $1::uuid, old.position + 1, $2, old.regisseur, $3::date,"
           "        btrim ($4) FROM old"
           " RETURNING van",
           params, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "datum",
                            "ligt vóór de dag waarop de huidige regisseur de regie kreeg");
  ep_plan_write_audit (
    write, "plan_handover",
    ep_plan_change_of ("van", PQgetvalue (res, 0, 0), "naar", naar, "datum", datum, NULL));
  const gchar *contact = ep_plan_body_text (body, "aanspreekpunt");
  return contact == NULL || set_contact (conn, write, contact, TRUE, error);
}

gboolean
ep_plan_handover (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                  gint base_version, JsonNode *body, gint *new_version, GError **error)
{
  static const EpPlanField fields[] = {
    { "naar", EP_PLAN_FIELD_USERNAME, TRUE },
    { "datum", EP_PLAN_FIELD_DATE, TRUE },
    { "notitie", EP_PLAN_FIELD_REASON, TRUE },
    { "aanspreekpunt", EP_PLAN_FIELD_USERNAME, FALSE, TRUE },
  };
  if (!ep_plan_body_check (body, fields, N (fields), error))
    return FALSE;
  return ep_plan_store_write (conn, ctx, household_id, base_version,
                              ep_plan_body_text (body, "notitie"), (EpPlanWriteMode){ 0 },
                              handover_change, body, new_version, NULL, error);
}

static gboolean
contact_change (PGconn *conn, EpPlanWrite *write, gpointer data, GError **error)
{
  return set_contact (conn, write, ep_plan_body_text (data, "aanspreekpunt"), FALSE, error);
}

gboolean
ep_plan_set_contact_person (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                            gint base_version, JsonNode *body, gint *new_version, GError **error)
{
  static const EpPlanField fields[] = {
    { "aanspreekpunt", EP_PLAN_FIELD_USERNAME, TRUE },
    { "reden", EP_PLAN_FIELD_TEXT, TRUE },
  };
  if (!ep_plan_body_check (body, fields, N (fields), error))
    return FALSE;
  return ep_plan_store_write (conn, ctx, household_id, base_version,
                              ep_plan_body_text (body, "reden"), (EpPlanWriteMode){ 0 },
                              contact_change, body, new_version, NULL, error);
}

/* ---- agree, close ----------------------------------------------------------------------- */

static gboolean
agree_change (PGconn *conn, EpPlanWrite *write, gpointer data, GError **error)
{
  JsonNode *body = data;
  g_autofree gchar *versie
    = g_strdup_printf ("%" G_GINT64_FORMAT, ep_plan_body_int (body, "versie", 0));
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  ep_db_params_add_text (params, versie);
  ep_db_params_add_text (params, ep_plan_body_text (body, "datum"));
  ep_db_params_add_text (params, ep_plan_body_text (body, "wijze"));
  g_autoptr (PGresult) res = run (
    conn, "ep_plan_agree",
    "WITH v AS (SELECT version, akkoord_datum FROM plan_version WHERE gemeente = current_gemeente "
    "()"
    "             AND plan_id = $1::uuid AND version = $2::integer FOR UPDATE),"
    "     u AS (UPDATE plan_version pv SET akkoord_datum = $3::date, akkoord_wijze = $4,"
    "                  akkoord_door = current_actor (), akkoord_op = now ()"
    "             FROM v WHERE pv.gemeente = current_gemeente () AND pv.plan_id = $1::uuid"
    "              AND pv.version = v.version AND v.akkoord_datum IS NULL RETURNING pv.version)"
    " SELECT v.akkoord_datum IS NOT NULL AS agreed_before, (SELECT count(*) FROM u) AS marked"
    "   FROM v",
    params, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, "versie",
                            "het plan heeft geen versie %s", versie);
  if (ep_db_get_bool (res, 0, "agreed_before"))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "versie",
                            "versie %s is al als akkoord vastgelegd", versie);
  ep_plan_write_audit (write, "plan_agree",
                       ep_plan_change_of ("versie", versie, "datum",
                                          ep_plan_body_text (body, "datum"), "wijze",
                                          ep_plan_body_text (body, "wijze"), NULL));
  return TRUE;
}

gboolean
ep_plan_agree (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id, gint base_version,
               JsonNode *body, gint *new_version, GError **error)
{
  static const EpPlanField fields[] = {
    { "versie", EP_PLAN_FIELD_VERSION, TRUE },
    { "datum", EP_PLAN_FIELD_DATE, TRUE },
    { "wijze", EP_PLAN_FIELD_CODE, TRUE, FALSE, ep_vocab_akkoord_wijze },
  };
  if (!ep_plan_body_check (body, fields, N (fields), error))
    return FALSE;
  return ep_plan_store_write (conn, ctx, household_id, base_version, NULL,
                              (EpPlanWriteMode){ .no_version = TRUE }, agree_change, body,
                              new_version, NULL, error);
}

static gboolean
close_change (PGconn *conn, EpPlanWrite *write, gpointer data, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  ep_db_params_add_text (params, ep_plan_body_text (data, "reden"));
  g_autoptr (PGresult) res = run (
    conn, "ep_plan_close",
    "UPDATE plan SET status = 'afgesloten', closed_at = now (), closed_by = current_actor (),"
    "       reden_afsluiting = btrim ($2)"
    " WHERE gemeente = current_gemeente () AND id = $1::uuid RETURNING id",
    params, error);
  if (res == NULL)
    return FALSE;
  ep_plan_write_audit (write, "plan_close", NULL);
  /* A level request still waiting lapsed with the closing (plan_level_lapse, 0012): the trail
   * says so, the closer as its actor, as it says who decided the others. */
  g_autoptr (EpDbParams) plan = ep_db_params_new ();
  ep_db_params_add_text (plan, write->id);
  g_autoptr (PGresult) lapsed
    = run (conn, "ep_plan_close_lapsed",
           "SELECT id, van, naar FROM plan_level_request"
           " WHERE gemeente = current_gemeente () AND plan_id = $1::uuid AND status = 'vervallen'"
           "   AND decided_at = now ()",
           plan, error);
  if (lapsed == NULL)
    return FALSE;
  for (gint i = 0; i < PQntuples (lapsed); i++)
    ep_plan_write_audit (write, "plan_level_lapse",
                         ep_plan_change_of ("aanvraag_id", ep_db_get_text (lapsed, i, "id"), "van",
                                            ep_db_get_text (lapsed, i, "van"), "naar",
                                            ep_db_get_text (lapsed, i, "naar"), NULL));
  return TRUE;
}

gboolean
ep_plan_close (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id, gint base_version,
               JsonNode *body, gint *new_version, GError **error)
{
  static const EpPlanField fields[] = { { "reden", EP_PLAN_FIELD_REASON, TRUE } };
  if (!ep_plan_body_check (body, fields, N (fields), error))
    return FALSE;
  return ep_plan_store_write (conn, ctx, household_id, base_version,
                              ep_plan_body_text (body, "reden"), (EpPlanWriteMode){ 0 },
                              close_change, body, new_version, NULL, error);
}
