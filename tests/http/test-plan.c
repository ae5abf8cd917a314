/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-plan.c: the household plan over HTTP (docs/plan.md, api/routes-plan.c). Jolanda end to
 * end — her intake's needs under PW, WMO, JW and WGS become one plan, goals link them across
 * laws, a maatwerk WMO 02 action of 102 minutes a week, a network action, a need put under
 * another law, a warm handover, a version agreed, the versions and their difference — with the
 * rows, audit events and access-log rows in PostgreSQL; the refusals with their exact status,
 * problem type and field path (a second plan, a stale or missing If-Match, another regisseur,
 * unknown codes and members, bad version numbers, a supervisor of another team); a partner with
 * and without a consent that lists `plan`; the werkbak's plan lists; the changes the worked case
 * does not make (a goal reached, an action ended, another aanspreekpunt, a later intake's needs
 * brought in); the code lists.
 */
#include "http-plan.h"

#include <string.h>

#define GM "GM0164"

/* Who works on the plan, each signed in with a bearer token. */
typedef struct
{
  gchar *casemanager, *regisseur, *colleague, *other, *supervisor;
  EpHttpClient by_casemanager, by_regisseur, by_colleague, by_other, by_supervisor;
} Team;

static void
team_sign_in (Team *t)
{
  t->casemanager = ep_http_new_user (GM, "casemanager", NULL);
  t->regisseur = ep_http_new_user (GM, "regisseur", NULL);
  t->colleague = ep_http_new_user (GM, "regisseur", NULL);
  t->other = ep_http_new_user (GM, "regisseur", NULL);
  t->supervisor = ep_http_new_user (GM, "supervisor", NULL);
  ep_http_sign_in (&t->by_casemanager, GM, t->casemanager, TRUE);
  ep_http_sign_in (&t->by_regisseur, GM, t->regisseur, TRUE);
  ep_http_sign_in (&t->by_colleague, GM, t->colleague, TRUE);
  ep_http_sign_in (&t->by_other, GM, t->other, TRUE);
  ep_http_sign_in (&t->by_supervisor, GM, t->supervisor, TRUE);
}

static void
team_clear (Team *t)
{
  g_free (t->casemanager);
  g_free (t->regisseur);
  g_free (t->colleague);
  g_free (t->other);
  g_free (t->supervisor);
  ep_http_client_clear (&t->by_casemanager);
  ep_http_client_clear (&t->by_regisseur);
  ep_http_client_clear (&t->by_colleague);
  ep_http_client_clear (&t->by_other);
  ep_http_client_clear (&t->by_supervisor);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Team, team_clear)

/* The plan need of @plan (a plan document) under the law @wet. (transfer none) */
static const gchar *
need_under (JsonNode *plan, const gchar *wet)
{
  JsonArray *needs = json_object_get_array_member (json_node_get_object (plan), "hulpvragen");
  for (guint i = 0; i < json_array_get_length (needs); i++)
    {
      JsonObject *n = json_array_get_object_element (needs, i);
      if (strcmp (json_object_get_string_member (n, "wet"), wet) == 0)
        return json_object_get_string_member (n, "id");
    }
  ck_abort_msg ("no need under %s", wet);
  return NULL;
}

/* The item of @plan's list @list with id @id. (transfer none) */
static JsonObject *
item_of (JsonNode *plan, const gchar *list, const gchar *id)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (plan), list);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (strcmp (json_object_get_string_member (item, "id"), id) == 0)
        return item;
    }
  ck_abort_msg ("no %s %s", list, id);
  return NULL;
}

/* The id of the last item of @plan's list @list. (transfer none) */
static const gchar *
last_id (JsonNode *plan, const gchar *list)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (plan), list);
  ck_assert_uint_gt (json_array_get_length (items), 0);
  return json_object_get_string_member (
    json_array_get_object_element (items, json_array_get_length (items) - 1), "id");
}

/* The strings of the array member @name of @o, joined with ",". (transfer full) */
static gchar *
joined (JsonObject *o, const gchar *name)
{
  JsonArray *a = json_object_get_array_member (o, name);
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (a); i++)
    g_string_append_printf (s, "%s%s", i > 0 ? "," : "", json_array_get_string_element (a, i));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gchar *
create_body (const gchar *regisseur, const gchar *aanspreekpunt)
{
  return g_strdup_printf ("{\"regisseur\": \"%s\", \"aanspreekpunt\": \"%s\","
                          " \"reden\": \"Eén gezin, één plan: na de intake\"}",
                          regisseur, aanspreekpunt);
}

/* Jolanda's intake final, and her plan made by the (signed-in) team's regisseur with
 * @aanspreekpunt (a username). Returns: (transfer full): the answer; the household's id in
 * *@household and Jolanda's person id in *@person. */
static EpHttpReply *
jolanda_plan (Team *t, const gchar *aanspreekpunt, gchar **household, gchar **person)
{
  *household = ep_http_record_jolanda (&t->by_casemanager, GM, person);
  g_autofree gchar *create = create_body (t->regisseur, aanspreekpunt);
  EpHttpReply *made = ep_http_plan_call (&t->by_regisseur, "POST", *household, "", create, 0);
  EP_ASSERT_STATUS (made, 201);
  return made;
}

/* A goal's body: @what for @person, answering @need. (transfer full) */
static gchar *
goal_body (const gchar *what, const gchar *person, const gchar *need)
{
  return g_strdup_printf ("{\"omschrijving\": \"%s\", \"leden\": [\"%s\"], \"hulpvragen\":"
                          " [\"%s\"], \"reden\": \"Doel afgesproken\"}",
                          what, person, need);
}

/* Jolanda, end to end (DOMAIN.md, "A worked case"). */
START_TEST (test_jolanda)
{
  g_auto (Team) t = { 0 };
  team_sign_in (&t);
  g_autofree gchar *person = NULL;
  g_autofree gchar *household = ep_http_record_jolanda (&t.by_casemanager, GM, &person);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);

  /* No plan yet: 404. A casemanager creates none (the role); the regisseur does. */
  g_autoptr (EpHttpReply) none = ep_http_plan_call (&t.by_regisseur, "GET", household, "", NULL, 0);
  ep_http_assert_problem (none, 404, "/problems/not-found", NULL);
  g_autofree gchar *create = create_body (t.regisseur, t.casemanager);
  g_autoptr (EpHttpReply) by_worker
    = ep_http_plan_call (&t.by_casemanager, "POST", household, "", create, 0);
  ep_http_assert_problem (by_worker, 403, "/problems/forbidden", NULL);
  g_autoptr (EpHttpReply) made
    = ep_http_plan_call (&t.by_regisseur, "POST", household, "", create, 0);
  EP_ASSERT_STATUS (made, 201);
  ck_assert_str_eq (made->etag, "\"1\"");
  JsonObject *plan = json_node_get_object (made->json);
  g_autofree gchar *plan_id = g_strdup (json_object_get_string_member (plan, "id"));
  ck_assert_str_eq (json_object_get_string_member (plan, "household_id"), household);
  ck_assert_str_eq (json_object_get_string_member (plan, "status"), "actief");
  ck_assert_int_eq (json_object_get_int_member (plan, "version"), 1);
  ck_assert_str_eq (
    json_object_get_string_member (json_object_get_object_member (plan, "regisseur"), "username"),
    t.regisseur);
  ck_assert_str_eq (json_object_get_string_member (
                      json_object_get_object_member (plan, "aanspreekpunt"), "username"),
                    t.casemanager);
  /* Her four needs, one per law, all open without a goal. */
  JsonArray *needs = json_object_get_array_member (plan, "hulpvragen");
  ck_assert_uint_eq (json_array_get_length (needs), 4);
  g_autoptr (GString) laws = g_string_new (NULL);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *n = json_array_get_object_element (needs, i);
      g_string_append_printf (laws, "%s%s", i ? "," : "", json_object_get_string_member (n, "wet"));
      ck_assert_str_eq (json_object_get_string_member (n, "lid"), person);
      ck_assert_str_eq (json_object_get_string_member (n, "wet"),
                        json_object_get_string_member (n, "wet_intake"));
    }
  ck_assert_str_eq (laws->str, "PW,WMO,JW,WGS"); /* the intake's order */
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (plan, "open_hulpvragen")),
                     4);
  g_autofree gchar *pw = g_strdup (need_under (made->json, "PW"));
  g_autofree gchar *wmo = g_strdup (need_under (made->json, "WMO"));
  g_autofree gchar *jw = g_strdup (need_under (made->json, "JW"));
  g_autofree gchar *wgs = g_strdup (need_under (made->json, "WGS"));
  g_autoptr (EpDbParams) of_household = ep_test_params (household, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(*) FROM plan_need n JOIN plan p"
                                       "    ON p.gemeente = n.gemeente AND p.id = n.plan_id"
                                       " WHERE p.household_id = $1 AND p.status = 'actief'",
                                       of_household),
                    4);
  /* The plan reads back as made, with the same ETag. */
  g_autoptr (EpHttpReply) read
    = ep_http_plan_call (&t.by_casemanager, "GET", household, "", NULL, 0);
  EP_ASSERT_STATUS (read, 200);
  ck_assert_str_eq (read->etag, "\"1\"");
  ck_assert (json_node_equal (read->json, made->json));

  /* The situation. */
  g_autoptr (EpHttpReply) situation = ep_http_plan_call (
    &t.by_regisseur, "PUT", household, "/situatie",
    "{\"goed_gaat\": \"Zorgt goed voor haar dochter\", \"eigen_kracht\": \"Mark en zijn familie"
    " helpen\", \"professionele_steun\": \"Schulden en werk\", \"problemen\": [{\"omschrijving\":"
    " \"Schulden lopen op\", \"prioriteit\": 1}], \"reden\": \"Keukentafelgesprek\"}",
    1);
  EP_ASSERT_STATUS (situation, 200);
  ck_assert_str_eq (situation->etag, "\"2\"");
  ck_assert_str_eq (ep_http_text (situation, "goed_gaat"), "Zorgt goed voor haar dochter");

  /* One goal across two laws: work (PW) with begeleiding at home (WMO); then her son (JW), her
   * debts (WGS). */
  g_autofree gchar *work_body = g_strdup_printf (
    "{\"omschrijving\": \"Jolanda heeft betaald werk\", \"leden\": [\"%s\"], \"streefdatum\":"
    " \"2027-06-30\", \"hulpvragen\": [\"%s\", \"%s\"], \"reden\": \"Doel afgesproken\"}",
    person, pw, wmo);
  g_autoptr (EpHttpReply) goal = ep_http_plan_call (&t.by_regisseur, "POST", household, "/doelen",
                                                    work_body, ep_http_etag_version (situation));
  EP_ASSERT_STATUS (goal, 201);
  ck_assert_str_eq (goal->etag, "\"3\"");
  g_autofree gchar *work = g_strdup (last_id (goal->json, "doelen"));
  JsonObject *work_goal = item_of (goal->json, "doelen", work);
  g_autofree gchar *work_laws = joined (work_goal, "wetten");
  ck_assert_str_eq (work_laws, "PW,WMO");
  ck_assert_str_eq (json_object_get_string_member (work_goal, "status"), "open");
  ck_assert_uint_eq (json_array_get_length (
                       json_object_get_array_member (json_node_get_object (goal->json), "doelen")),
                     1);
  g_autofree gchar *son_body = goal_body ("Jolanda ziet haar zoon weer", person, jw);
  g_autoptr (EpHttpReply) son = ep_http_plan_call (&t.by_regisseur, "POST", household, "/doelen",
                                                   son_body, ep_http_etag_version (goal));
  EP_ASSERT_STATUS (son, 201);
  g_autofree gchar *debt_body = goal_body ("De schulden zijn geregeld", person, wgs);
  g_autoptr (EpHttpReply) debts = ep_http_plan_call (&t.by_regisseur, "POST", household, "/doelen",
                                                     debt_body, ep_http_etag_version (son));
  EP_ASSERT_STATUS (debts, 201);
  ck_assert_str_eq (debts->etag, "\"5\"");
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (
                       json_node_get_object (debts->json), "open_hulpvragen")),
                     0);

  /* Begeleiding WMO 02, 1.7 hours a week: 102 minutes (01) per week (2). */
  g_autofree gchar *maatwerk = g_strdup_printf (
    "{\"doel_id\": \"%s\", \"soort\": \"maatwerkvoorziening\", \"omschrijving\": \"Individuele"
    " begeleiding thuis\", \"uitvoerder\": \"Zorgaanbieder De Linde\", \"wet\": \"WMO\","
    " \"productcategorie\": \"02\", \"aanbieder\": \"De Linde\", \"omvang\": {\"volume\": 102,"
    " \"eenheid\": \"01\", \"frequentie\": \"2\"}, \"begindatum\": \"2026-12-07\", \"reden\":"
    " \"Begeleiding voortgezet\"}",
    work);
  g_autoptr (EpHttpReply) action = ep_http_plan_call (
    &t.by_regisseur, "POST", household, "/afspraken", maatwerk, ep_http_etag_version (debts));
  EP_ASSERT_STATUS (action, 201);
  ck_assert_str_eq (action->etag, "\"6\"");
  g_autofree gchar *begeleiding = g_strdup (last_id (action->json, "afspraken"));
  JsonObject *a = item_of (action->json, "afspraken", begeleiding);
  ck_assert_str_eq (json_object_get_string_member (a, "productcategorie"), "02");
  JsonObject *omvang = json_object_get_object_member (a, "omvang");
  ck_assert_int_eq (json_object_get_int_member (omvang, "volume"), 102);
  ck_assert_str_eq (json_object_get_string_member (omvang, "eenheid"), "01");
  ck_assert_str_eq (json_object_get_string_member (omvang, "frequentie"), "2");
  g_autoptr (EpDbParams) of_action = ep_test_params (begeleiding, NULL);
  g_autofree gchar *row = ep_test_query_value (
    owner,
    "SELECT concat_ws (' ', soort, wet, productcategorie, volume, eenheid, frequentie, begindatum)"
    "  FROM plan_action WHERE id = $1",
    of_action);
  ck_assert_str_eq (row, "maatwerkvoorziening WMO 02 102 01 2 2026-12-07");

  /* The network: Mark and his family. */
  g_autoptr (EpHttpReply) network = ep_http_plan_call (
    &t.by_regisseur, "POST", household, "/afspraken",
    "{\"soort\": \"netwerk\", \"omschrijving\": \"Mark en zijn familie passen op woensdag op\","
    " \"uitvoerder\": \"Mark\", \"reden\": \"Netwerk ingezet\"}",
    ep_http_etag_version (action));
  EP_ASSERT_STATUS (network, 201);
  ck_assert_str_eq (network->etag, "\"7\"");

  /* The debts' need under the Participatiewet instead, with the reason kept. */
  g_autofree gchar *law_path = g_strdup_printf ("/hulpvragen/%s/wet", wgs);
  g_autoptr (EpHttpReply) law = ep_http_plan_call (
    &t.by_regisseur, "PUT", household, law_path,
    "{\"wet\": \"PW\", \"reden\": \"Bijzondere bijstand voor de schuldsanering\"}", 7);
  EP_ASSERT_STATUS (law, 200);
  ck_assert_str_eq (law->etag, "\"8\"");
  JsonObject *moved = item_of (law->json, "hulpvragen", wgs);
  ck_assert_str_eq (json_object_get_string_member (moved, "wet"), "PW");
  ck_assert_str_eq (json_object_get_string_member (moved, "wet_intake"), "WGS");
  JsonArray *history = json_object_get_array_member (moved, "wet_historie");
  ck_assert_uint_eq (json_array_get_length (history), 1);
  JsonObject *change = json_array_get_object_element (history, 0);
  ck_assert_str_eq (json_object_get_string_member (change, "van"), "WGS");
  ck_assert_str_eq (json_object_get_string_member (change, "naar"), "PW");
  ck_assert_str_eq (json_object_get_string_member (change, "door"), t.regisseur);
  g_autoptr (EpDbParams) of_need = ep_test_params (wgs, NULL);
  g_autofree gchar *law_row = ep_test_query_value (
    owner, "SELECT van || '>' || naar || ' ' || reden FROM plan_need_law WHERE need_id = $1",
    of_need);
  ck_assert_str_eq (law_row, "WGS>PW Bijzondere bijstand voor de schuldsanering");

  /* A warm handover to a colleague, the day the plan was made: the history holds both. */
  g_autofree gchar *sinds = g_strdup (json_object_get_string_member (
    json_object_get_object_member (json_node_get_object (law->json), "regisseur"), "sinds"));
  g_autofree gchar *handover = g_strdup_printf (
    "{\"naar\": \"%s\", \"datum\": \"%s\", \"notitie\": \"Schulden lopen via de Kredietbank;"
    " zoon ziet ze op woensdag\"}",
    t.colleague, sinds);
  g_autoptr (EpHttpReply) handed
    = ep_http_plan_call (&t.by_regisseur, "POST", household, "/overdracht", handover, 8);
  EP_ASSERT_STATUS (handed, 200);
  ck_assert_str_eq (handed->etag, "\"9\"");
  JsonObject *now = json_node_get_object (handed->json);
  ck_assert_str_eq (
    json_object_get_string_member (json_object_get_object_member (now, "regisseur"), "username"),
    t.colleague);
  JsonArray *regie = json_object_get_array_member (now, "regie");
  ck_assert_uint_eq (json_array_get_length (regie), 2);
  JsonObject *first = json_array_get_object_element (regie, 0);
  JsonObject *second = json_array_get_object_element (regie, 1);
  ck_assert_str_eq (json_object_get_string_member (first, "regisseur"), t.regisseur);
  ck_assert_str_eq (json_object_get_string_member (first, "tot"), sinds);
  ck_assert_str_eq (json_object_get_string_member (second, "regisseur"), t.colleague);
  ck_assert_str_eq (json_object_get_string_member (second, "van"), t.regisseur);
  ck_assert_str_eq (json_object_get_string_member (second, "vanaf"), sinds);
  ck_assert (json_object_get_null_member (second, "tot"));
  g_autoptr (EpDbParams) of_plan = ep_test_params (plan_id, NULL);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM plan_regie WHERE plan_id = $1", of_plan), 2);
  g_autofree gchar *current = ep_test_query_value (
    owner, "SELECT regisseur FROM plan_regie WHERE plan_id = $1 AND tot IS NULL", of_plan);
  ck_assert_str_eq (current, t.colleague);

  /* From now on the colleague changes it, and the one who handed over no more. */
  g_autoptr (EpHttpReply) former = ep_http_plan_call (
    &t.by_regisseur, "POST", household, "/afsluiten", "{\"reden\": \"Niet meer nodig\"}", 9);
  ep_http_assert_problem (former, 403, "/problems/not-regisseur", NULL);

  /* Agreed with Jolanda: version 9 is marked, no new version made. */
  g_autoptr (EpHttpReply) agreed
    = ep_http_plan_call (&t.by_colleague, "POST", household, "/akkoord",
                         "{\"versie\": 9, \"datum\": \"2026-12-03\", \"wijze\": \"mondeling\"}", 9);
  EP_ASSERT_STATUS (agreed, 200);
  ck_assert_str_eq (agreed->etag, "\"9\"");
  JsonObject *akkoord
    = json_object_get_object_member (json_node_get_object (agreed->json), "akkoord");
  ck_assert_int_eq (json_object_get_int_member (akkoord, "versie"), 9);
  ck_assert_str_eq (json_object_get_string_member (akkoord, "datum"), "2026-12-03");
  ck_assert_str_eq (json_object_get_string_member (akkoord, "wijze"), "mondeling");
  g_autofree gchar *marked = ep_test_query_value (
    owner,
    "SELECT version || ' ' || akkoord_datum || ' ' || akkoord_wijze FROM plan_version"
    " WHERE plan_id = $1 AND akkoord_datum IS NOT NULL",
    of_plan);
  ck_assert_str_eq (marked, "9 2026-12-03 mondeling");

  /* The versions, newest first, in pages. */
  g_autoptr (EpHttpReply) versions
    = ep_http_plan_call (&t.by_casemanager, "GET", household, "/versies?limit=5", NULL, 0);
  EP_ASSERT_STATUS (versions, 200);
  JsonObject *page = json_node_get_object (versions->json);
  JsonArray *items = json_object_get_array_member (page, "items");
  ck_assert_uint_eq (json_array_get_length (items), 5);
  JsonObject *newest = json_array_get_object_element (items, 0);
  ck_assert_int_eq (json_object_get_int_member (newest, "versie"), 9);
  ck_assert_str_eq (json_object_get_string_member (newest, "door"), t.regisseur);
  ck_assert_str_eq (json_object_get_string_member (newest, "reden"),
                    "Schulden lopen via de Kredietbank; zoon ziet ze op woensdag");
  ck_assert (!json_object_get_null_member (newest, "akkoord"));
  ck_assert_int_eq (json_object_get_int_member (json_array_get_object_element (items, 4), "versie"),
                    5);
  const gchar *cursor = json_object_get_string_member (page, "next_cursor");
  ck_assert_ptr_nonnull (cursor);
  g_autofree gchar *escaped = g_uri_escape_string (cursor, NULL, FALSE);
  g_autofree gchar *next_path = g_strdup_printf ("/versies?limit=5&cursor=%s", escaped);
  g_autoptr (EpHttpReply) rest
    = ep_http_plan_call (&t.by_casemanager, "GET", household, next_path, NULL, 0);
  EP_ASSERT_STATUS (rest, 200);
  JsonObject *rest_page = json_node_get_object (rest->json);
  JsonArray *rest_items = json_object_get_array_member (rest_page, "items");
  ck_assert_uint_eq (json_array_get_length (rest_items), 4);
  ck_assert_int_eq (
    json_object_get_int_member (json_array_get_object_element (rest_items, 3), "versie"), 1);
  ck_assert (json_object_get_null_member (rest_page, "next_cursor"));

  /* Version 1 as it was; the difference between 1 and 9, field by field. */
  g_autoptr (EpHttpReply) v1
    = ep_http_plan_call (&t.by_casemanager, "GET", household, "/versies/1", NULL, 0);
  EP_ASSERT_STATUS (v1, 200);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (v1->json), "version"), 1);
  ck_assert_uint_eq (json_array_get_length (
                       json_object_get_array_member (json_node_get_object (v1->json), "doelen")),
                     0);
  g_autoptr (EpHttpReply) diff
    = ep_http_plan_call (&t.by_casemanager, "GET", household, "/verschil?van=1&naar=9", NULL, 0);
  EP_ASSERT_STATUS (diff, 200);
  JsonObject *d = json_node_get_object (diff->json);
  ck_assert_int_eq (json_object_get_int_member (d, "van"), 1);
  ck_assert_int_eq (json_object_get_int_member (d, "naar"), 9);
  JsonArray *changes = json_object_get_array_member (d, "wijzigingen");
  g_autofree gchar *goal_path = g_strdup_printf ("doelen[%s]", work);
  g_autofree gchar *law_change = g_strdup_printf ("hulpvragen[%s].wet", wgs);
  const struct
  {
    const gchar *pad, *soort, *naar;
  } want[] = {
    { "goed_gaat", "gewijzigd", "Zorgt goed voor haar dochter" },
    { "regisseur.username", "gewijzigd", t.colleague },
    { law_change, "gewijzigd", "PW" },
    { goal_path, "toegevoegd", NULL },
  };
  for (gsize w = 0; w < G_N_ELEMENTS (want); w++)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < json_array_get_length (changes) && !found; i++)
        {
          JsonObject *c = json_array_get_object_element (changes, i);
          if (strcmp (json_object_get_string_member (c, "pad"), want[w].pad) != 0)
            continue;
          found = TRUE;
          ck_assert_str_eq (json_object_get_string_member (c, "soort"), want[w].soort);
          if (want[w].naar != NULL)
            ck_assert_str_eq (json_object_get_string_member (c, "naar"), want[w].naar);
        }
      ck_assert_msg (found, "no change at %s: %s", want[w].pad, diff->body);
    }

  /* Every change one audit event of the plan, in order, each by who made it. */
  g_autofree gchar *trail = ep_test_query_value (
    owner,
    "SELECT string_agg (action || ' ' || actor_id, ',' ORDER BY id) FROM audit_event"
    " WHERE household_id = $1 AND entity_type = 'plan'",
    of_household);
  g_autofree gchar *want_trail = g_strdup_printf (
    "plan_create %1$s,plan_situation %1$s,plan_goal_add %1$s,plan_goal_add %1$s,"
    "plan_goal_add %1$s,plan_action_add %1$s,plan_action_add %1$s,plan_need_law %1$s,"
    "plan_handover %1$s,plan_agree %2$s",
    t.regisseur, t.colleague);
  ck_assert_str_eq (trail, want_trail);
  /* Nine versions, each with its reason and the whole plan. */
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(*) FROM plan_version WHERE plan_id = $1"
                                       "   AND document->>'id' = plan_id::text"
                                       "   AND (document->>'version')::int = version",
                                       of_plan),
                    9);
  /* Every read is in the access log: the casemanager read the plan, two pages of versions, a
   * version and a difference. */
  g_autoptr (EpDbParams) read_by = ep_test_params (t.casemanager, household, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(*) FROM access_log WHERE actor_id = $1"
                                       "   AND household_id = $2 AND outcome = 'success'"
                                       "   AND entity_type LIKE 'plan%'",
                                       read_by),
                    5);
}
END_TEST

/* What is refused, exactly, and that nothing changed. */
START_TEST (test_refusals)
{
  g_auto (Team) t = { 0 };
  team_sign_in (&t);
  g_autofree gchar *person = NULL, *household = NULL;
  g_autoptr (EpHttpReply) made = jolanda_plan (&t, t.regisseur, &household, &person);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  const gchar *plan_id = ep_http_text (made, "id");
  g_autofree gchar *wmo = g_strdup (need_under (made->json, "WMO"));

  /* A second plan: 409 naming the one there is, for any regisseur. */
  g_autofree gchar *again = create_body (t.other, t.other);
  g_autoptr (EpHttpReply) second = ep_http_plan_call (&t.by_other, "POST", household, "", again, 0);
  ep_http_assert_problem (second, 409, "/problems/plan-exists", NULL);
  ck_assert_str_eq (ep_http_text (second, "plan_id"), plan_id);
  g_autoptr (EpDbParams) of_household = ep_test_params (household, NULL);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM plan WHERE household_id = $1", of_household),
    1);

  /* Without If-Match: 428; with a stale one: 412, and nothing written. */
  const gchar *situation = "{\"goed_gaat\": \"Nieuw\", \"reden\": \"Bijgewerkt\"}";
  g_autoptr (EpHttpReply) blind
    = ep_http_plan_call (&t.by_regisseur, "PUT", household, "/situatie", situation, 0);
  ep_http_assert_problem (blind, 428, "/problems/precondition-required", NULL);
  g_autoptr (EpHttpReply) ok
    = ep_http_plan_call (&t.by_regisseur, "PUT", household, "/situatie", situation, 1);
  EP_ASSERT_STATUS (ok, 200);
  ck_assert_str_eq (ok->etag, "\"2\"");
  g_autofree gchar *goal = goal_body ("Begeleiding thuis", person, wmo);
  g_autoptr (EpHttpReply) stale
    = ep_http_plan_call (&t.by_regisseur, "POST", household, "/doelen", goal, 1);
  ep_http_assert_problem (stale, 412, "/problems/stale", NULL);
  g_autofree gchar *goals = g_strdup_printf ("/api/v1/households/%s/plan/doelen", household);
  const gchar *const not_ours[] = { "If-Match", "\"twee\"", NULL };
  g_autoptr (EpHttpReply) foreign = ep_http (&t.by_regisseur, "POST", goals, goal, not_ours);
  ep_http_assert_problem (foreign, 412, "/problems/stale", NULL);
  g_autoptr (EpDbParams) of_plan = ep_test_params (plan_id, NULL);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM plan_goal WHERE plan_id = $1", of_plan), 0);
  ck_assert_int_eq (ep_test_query_int (owner, "SELECT version FROM plan WHERE id = $1", of_plan),
                    2);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM plan_version WHERE plan_id = $1", of_plan), 2);

  /* Another regisseur, not this plan's: 403 not-regisseur, nothing written; a supervisor may. */
  g_autoptr (EpDbParams) other = ep_test_params (t.other, NULL);
  const gchar *refusals = "SELECT count(*) FROM access_log WHERE actor_id = $1"
                          "   AND outcome = 'denied' AND entity_type = 'api_route'"
                          "   AND purpose = 'plan_write'";
  gint64 refused_before = ep_test_query_int (owner, refusals, other);
  g_autoptr (EpHttpReply) not_mine
    = ep_http_plan_call (&t.by_other, "POST", household, "/doelen", goal, 2);
  ep_http_assert_problem (not_mine, 403, "/problems/not-regisseur", NULL);
  ck_assert_int_eq (ep_test_query_int (owner, refusals, other), refused_before + 1);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM plan_goal WHERE plan_id = $1", of_plan), 0);
  g_autoptr (EpHttpReply) boss
    = ep_http_plan_call (&t.by_supervisor, "POST", household, "/doelen", goal, 2);
  EP_ASSERT_STATUS (boss, 201);
  ck_assert_str_eq (boss->etag, "\"3\"");
  g_autofree gchar *trail = ep_test_query_value (
    owner,
    "SELECT string_agg (action || ' ' || actor_role, ',' ORDER BY id) FROM audit_event"
    " WHERE household_id = $1 AND entity_type = 'plan'",
    of_household);
  ck_assert_str_eq (trail, "plan_create regisseur,plan_situation regisseur,"
                           "plan_goal_add supervisor");

  /* A supervisor of another team (the regisseur's team is EP_HTTP_TEAM): 403 other-team at
   * "team", nothing written (docs/ladder.md, the team rule). */
  g_autofree gchar *elsewhere = ep_http_new_user (GM, "supervisor", NULL);
  ep_http_join_team (GM, elsewhere, "Ander team");
  g_auto (EpHttpClient) by_elsewhere = { 0 };
  ep_http_sign_in (&by_elsewhere, GM, elsewhere, TRUE);
  g_autoptr (EpHttpReply) other_team
    = ep_http_plan_call (&by_elsewhere, "POST", household, "/doelen", goal, 3);
  ep_http_assert_problem (other_team, 403, "/problems/other-team", "team");
  /* The refusal is in the access log, as the role's is (NEN 7513: the attempts too). */
  g_autoptr (EpDbParams) of_elsewhere = ep_test_params (elsewhere, NULL);
  gint64 elsewhere_before = ep_test_query_int (owner, refusals, of_elsewhere);
  g_autoptr (EpHttpReply) other_situation
    = ep_http_plan_call (&by_elsewhere, "PUT", household, "/situatie", situation, 3);
  ep_http_assert_problem (other_situation, 403, "/problems/other-team", "team");
  ck_assert_int_eq (ep_test_query_int (owner, refusals, of_elsewhere), elsewhere_before + 1);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM plan_goal WHERE plan_id = $1", of_plan), 1);
  ck_assert_int_eq (ep_test_query_int (owner, "SELECT version FROM plan WHERE id = $1", of_plan),
                    3);

  /* The code lists and the body's members: each refused at its exact path, nothing written. */
  const struct
  {
    const gchar *body, *type, *path;
  } wrong[] = {
    { "\"wet\": \"WMO\", \"productcategorie\": \"99\", \"aanbieder\": \"De Linde\","
      " \"omvang\": {\"volume\": 102, \"eenheid\": \"01\", \"frequentie\": \"2\"}",
      "/problems/invalid", "productcategorie" },
    { "\"wet\": \"WMO\", \"productcategorie\": \"45\", \"aanbieder\": \"De Linde\","
      " \"omvang\": {\"volume\": 102, \"eenheid\": \"01\", \"frequentie\": \"2\"}",
      "/problems/invalid", "productcategorie" },
    { "\"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"De Linde\","
      " \"omvang\": {\"volume\": 102, \"eenheid\": \"02\", \"frequentie\": \"2\"}",
      "/problems/invalid", "omvang.eenheid" },
    { "\"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"De Linde\","
      " \"omvang\": {\"volume\": 102, \"eenheid\": \"01\", \"frequentie\": \"3\"}",
      "/problems/invalid", "omvang.frequentie" },
    { "\"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"De Linde\","
      " \"omvang\": {\"volume\": 1.7, \"eenheid\": \"04\", \"frequentie\": \"2\"}",
      "/problems/invalid", "omvang.volume" },
    { "\"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"De Linde\","
      " \"omvang\": {\"volume\": 102, \"eenheid\": \"01\", \"frequentie\": \"2\"},"
      " \"einddatum\": \"2027-01-31\", \"reden_einde\": \"99\"",
      "/problems/invalid", "reden_einde" },
    { "\"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"De Linde\","
      " \"omvang\": {\"volume\": 102, \"eenheid\": \"01\", \"frequentie\": \"2\", \"kleur\": 1}",
      "/problems/invalid", "omvang.kleur" },
    { "\"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"De Linde\","
      " \"omvang\": {\"volume\": 102, \"eenheid\": \"01\", \"frequentie\": \"2\"},"
      " \"prijs\": 12",
      "/problems/invalid", "prijs" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autofree gchar *body = g_strdup_printf (
        "{\"soort\": \"maatwerkvoorziening\", \"omschrijving\": \"Begeleiding\", \"uitvoerder\":"
        " \"De Linde\", \"begindatum\": \"2026-12-07\", %s, \"reden\": \"Afspraak\"}",
        wrong[i].body);
      g_autoptr (EpHttpReply) refused
        = ep_http_plan_call (&t.by_regisseur, "POST", household, "/afspraken", body, 3);
      ep_http_assert_problem (refused, 422, wrong[i].type, wrong[i].path);
    }
  g_autoptr (EpHttpReply) unknown_member
    = ep_http_plan_call (&t.by_regisseur, "PUT", household, "/situatie",
                         "{\"kleur\": \"rood\", \"reden\": \"Iets\"}", 3);
  ep_http_assert_problem (unknown_member, 422, "/problems/invalid", "kleur");
  g_autoptr (EpHttpReply) no_json
    = ep_http_plan_call (&t.by_regisseur, "PUT", household, "/situatie", "{\"reden\": ", 3);
  EP_ASSERT_STATUS (no_json, 400);
  ck_assert_str_eq (ep_http_text (no_json, "type"), "/problems/invalid-json");
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM plan_action WHERE plan_id = $1", of_plan), 0);
  ck_assert_int_eq (ep_test_query_int (owner, "SELECT version FROM plan WHERE id = $1", of_plan),
                    3);

  /* The versions' numbers: bad ones refused naming the parameter; one that is not there 404. */
  const struct
  {
    const gchar *sub;
    guint status;
    const gchar *detail;
  } numbers[] = {
    { "/verschil?van=een&naar=2", 400, "van: " }, { "/verschil?van=1&naar=-2", 400, "naar: " },
    { "/verschil?van=1", 400, "naar: " },         { "/verschil?naar=2", 400, "van: " },
    { "/verschil?van=0&naar=2", 400, "van: " },   { "/versies/twee", 400, "n: " },
    { "/versies?limit=veel", 400, "limit: " },    { "/versies/7", 404, NULL },
    { "/verschil?van=1&naar=7", 404, NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr (EpHttpReply) r
        = ep_http_plan_call (&t.by_casemanager, "GET", household, numbers[i].sub, NULL, 0);
      ck_assert_msg (r->status == numbers[i].status, "%s: %u: %s", numbers[i].sub, r->status,
                     r->body);
      if (numbers[i].detail != NULL)
        {
          ck_assert_str_eq (ep_http_text (r, "type"), "/problems/bad-request");
          ck_assert_msg (g_str_has_prefix (ep_http_text (r, "detail"), numbers[i].detail), "%s: %s",
                         numbers[i].sub, r->body);
        }
      else
        ck_assert_str_eq (ep_http_text (r, "type"), "/problems/not-found");
    }

  /* A page too long, a cursor not handed out: 422 naming it, as the intake's lists do. */
  g_autoptr (EpHttpReply) too_long
    = ep_http_plan_call (&t.by_casemanager, "GET", household, "/versies?limit=201", NULL, 0);
  ep_http_assert_problem (too_long, 422, "/problems/invalid", "limit");
  g_autoptr (EpHttpReply) unknown_cursor
    = ep_http_plan_call (&t.by_casemanager, "GET", household, "/versies?cursor=gisteren", NULL, 0);
  ep_http_assert_problem (unknown_cursor, 422, "/problems/invalid", "cursor");

  /* Closed, it changes no more; the household may have a new plan. */
  g_autoptr (EpHttpReply) closed = ep_http_plan_call (
    &t.by_regisseur, "POST", household, "/afsluiten", "{\"reden\": \"Doelen behaald\"}", 3);
  EP_ASSERT_STATUS (closed, 204);
  ck_assert_str_eq (closed->body, "");
  g_autofree gchar *closing = ep_test_query_value (
    owner, "SELECT status || ' ' || version || ' ' || reden_afsluiting FROM plan WHERE id = $1",
    of_plan);
  ck_assert_str_eq (closing, "afgesloten 4 Doelen behaald");
  g_autoptr (EpHttpReply) after
    = ep_http_plan_call (&t.by_regisseur, "GET", household, "", NULL, 0);
  ep_http_assert_problem (after, 404, "/problems/not-found", NULL);
  g_autoptr (EpHttpReply) fresh = ep_http_plan_call (&t.by_other, "POST", household, "", again, 0);
  EP_ASSERT_STATUS (fresh, 201);
  ck_assert_str_ne (ep_http_text (fresh, "id"), plan_id);
}
END_TEST

/* A partner reads the plan (its versions and their difference) only with a consent in effect
 * that lists `plan`: 404 and a denied row otherwise; and changes nothing. */
START_TEST (test_partner)
{
  g_auto (Team) t = { 0 };
  team_sign_in (&t);
  g_autofree gchar *person = NULL, *household = NULL;
  g_autoptr (EpHttpReply) made = jolanda_plan (&t, t.regisseur, &household, &person);
  g_autoptr (EpHttpReply) changed
    = ep_http_plan_call (&t.by_regisseur, "PUT", household, "/situatie",
                         "{\"goed_gaat\": \"Het werk\", \"reden\": \"Gesprek\"}", 1);
  EP_ASSERT_STATUS (changed, 200);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *partner = ep_http_new_user (GM, "partner", "Kredietbank Oost");
  g_auto (EpHttpClient) by_partner = { 0 };
  ep_http_sign_in (&by_partner, GM, partner, TRUE);
  g_autoptr (EpDbParams) who = ep_test_params (partner, household, NULL);
  const gchar *denied = "SELECT count(*) FROM access_log WHERE actor_id = $1"
                        "   AND entity_type = 'household' AND entity_id = $2"
                        "   AND outcome = 'denied'";
  const gchar *reads[] = { "", "/versies", "/versies/1", "/verschil?van=1&naar=2" };

  for (gint round = 0; round < 3; round++)
    {
      /* 0: no consent; 1: one without `plan`; 2: one with it. */
      if (round > 0)
        {
          g_autofree gchar *grant = g_strdup_printf (
            "{\"household_id\": \"%s\", \"organisation\": \"Kredietbank Oost\", \"data\":"
            " [\"basisgegevens\"%s], \"purpose\": \"Schuldhulp afstemmen met het gezinsplan\","
            " \"valid_until\": \"2099-12-31\", \"granted_on\": \"2026-11-20\"}",
            household, round == 2 ? ", \"plan\"" : "");
          g_autoptr (EpHttpReply) granted
            = ep_http (&t.by_casemanager, "POST", "/api/v1/consents", grant, NULL);
          EP_ASSERT_STATUS (granted, 201);
        }
      for (gsize i = 0; i < G_N_ELEMENTS (reads); i++)
        {
          gint64 before = ep_test_query_int (owner, denied, who);
          g_autoptr (EpHttpReply) r
            = ep_http_plan_call (&by_partner, "GET", household, reads[i], NULL, 0);
          if (round < 2)
            {
              ep_http_assert_problem (r, 404, "/problems/not-found", NULL);
              ck_assert_int_eq (ep_test_query_int (owner, denied, who), before + 1);
            }
          else
            {
              EP_ASSERT_STATUS (r, 200);
              ck_assert_int_eq (ep_test_query_int (owner, denied, who), before);
            }
        }
    }
  g_autoptr (EpHttpReply) plan = ep_http_plan_call (&by_partner, "GET", household, "", NULL, 0);
  EP_ASSERT_STATUS (plan, 200);
  ck_assert_str_eq (plan->etag, "\"2\"");
  ck_assert_str_eq (ep_http_text (plan, "id"), ep_http_text (made, "id"));
  g_autoptr (EpHttpReply) change = ep_http_plan_call (
    &by_partner, "PUT", household, "/situatie", "{\"goed_gaat\": \"x\", \"reden\": \"Iets\"}", 2);
  ep_http_assert_problem (change, 403, "/problems/forbidden", NULL);
}
END_TEST

/* The werkbak: my plans (as regisseur or aanspreekpunt) with their open needs without a goal. */
START_TEST (test_werkbak)
{
  g_auto (Team) t = { 0 };
  team_sign_in (&t);
  g_autofree gchar *person = NULL, *household = NULL;
  g_autoptr (EpHttpReply) made = jolanda_plan (&t, t.casemanager, &household, &person);
  const gchar *plan_id = ep_http_text (made, "id");
  g_autofree gchar *jw = g_strdup (need_under (made->json, "JW"));
  g_autofree gchar *goal = goal_body ("Contact met haar zoon", person, jw);
  g_autoptr (EpHttpReply) goal_made
    = ep_http_plan_call (&t.by_regisseur, "POST", household, "/doelen", goal, 1);
  EP_ASSERT_STATUS (goal_made, 201);

  const struct
  {
    EpHttpClient *client;
    const gchar *rollen;
  } mine[] = { { &t.by_regisseur, "regisseur" }, { &t.by_casemanager, "aanspreekpunt" } };
  for (gsize m = 0; m < G_N_ELEMENTS (mine); m++)
    {
      g_autoptr (EpHttpReply) plans
        = ep_http (mine[m].client, "GET", "/api/v1/werkbak/plannen", NULL, NULL);
      EP_ASSERT_STATUS (plans, 200);
      JsonObject *page = json_node_get_object (plans->json);
      JsonArray *items = json_object_get_array_member (page, "items");
      ck_assert_uint_eq (json_array_get_length (items), 1);
      ck_assert (json_object_get_null_member (page, "next_cursor"));
      JsonObject *item = json_array_get_object_element (items, 0);
      ck_assert_str_eq (json_object_get_string_member (item, "plan_id"), plan_id);
      ck_assert_str_eq (json_object_get_string_member (item, "household_id"), household);
      ck_assert_int_eq (json_object_get_int_member (item, "open_hulpvragen"), 3);
      g_autofree gchar *rollen = joined (item, "rollen");
      ck_assert_str_eq (rollen, mine[m].rollen);

      g_autoptr (EpHttpReply) needs
        = ep_http (mine[m].client, "GET", "/api/v1/werkbak/open-hulpvragen", NULL, NULL);
      EP_ASSERT_STATUS (needs, 200);
      JsonArray *open = json_object_get_array_member (json_node_get_object (needs->json), "items");
      ck_assert_uint_eq (json_array_get_length (open), 3);
      g_autoptr (GString) laws = g_string_new (NULL);
      for (guint i = 0; i < 3; i++)
        {
          JsonObject *n = json_array_get_object_element (open, i);
          ck_assert_str_eq (json_object_get_string_member (n, "plan_id"), plan_id);
          g_string_append_printf (laws, "%s%s", i ? "," : "",
                                  json_object_get_string_member (n, "wet"));
        }
      ck_assert_str_eq (laws->str, "PW,WMO,WGS");
    }
  /* Someone else's werkbak has none of it. */
  g_autoptr (EpHttpReply) others
    = ep_http (&t.by_other, "GET", "/api/v1/werkbak/plannen", NULL, NULL);
  EP_ASSERT_STATUS (others, 200);
  ck_assert_str_eq (others->body, "{\"items\":[],\"next_cursor\":null}");
  g_autoptr (EpHttpReply) bad
    = ep_http (&t.by_other, "GET", "/api/v1/werkbak/plannen?limit=veel", NULL, NULL);
  EP_ASSERT_STATUS (bad, 400);
  /* A page of none is asked for, not the default: refused as the supervisor's views refuse it. */
  g_autoptr (EpHttpReply) none
    = ep_http (&t.by_other, "GET", "/api/v1/werkbak/plannen?limit=0", NULL, NULL);
  ep_http_assert_problem (none, 422, "/problems/invalid", "limit");
}
END_TEST

/* The other changes: a goal reached, the maatwerk action ended with its reason code, another
 * aanspreekpunt, and the needs of a later intake brought in. */
START_TEST (test_changes)
{
  g_auto (Team) t = { 0 };
  team_sign_in (&t);
  g_autofree gchar *person = NULL, *household = NULL;
  g_autoptr (EpHttpReply) made = jolanda_plan (&t, t.regisseur, &household, &person);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *wmo = g_strdup (need_under (made->json, "WMO"));
  g_autofree gchar *goal = goal_body ("Begeleiding thuis", person, wmo);
  g_autoptr (EpHttpReply) added
    = ep_http_plan_call (&t.by_regisseur, "POST", household, "/doelen", goal, 1);
  EP_ASSERT_STATUS (added, 201);
  g_autofree gchar *goal_id = g_strdup (last_id (added->json, "doelen"));
  g_autofree gchar *goal_path = g_strdup_printf ("/doelen/%s", goal_id);
  g_autofree gchar *reached = g_strdup_printf (
    "{\"omschrijving\": \"Begeleiding thuis\", \"leden\": [\"%s\"], \"status\": \"behaald\","
    " \"hulpvragen\": [\"%s\"], \"reden\": \"Evaluatie: behaald\"}",
    person, wmo);
  g_autoptr (EpHttpReply) changed
    = ep_http_plan_call (&t.by_regisseur, "PUT", household, goal_path, reached, 2);
  EP_ASSERT_STATUS (changed, 200);
  ck_assert_str_eq (changed->etag, "\"3\"");
  ck_assert_str_eq (
    json_object_get_string_member (item_of (changed->json, "doelen", goal_id), "status"),
    "behaald");
  /* (a need whose only goal is reached is open without an open goal again) */
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (
                       json_node_get_object (changed->json), "open_hulpvragen")),
                     4);
  g_autofree gchar *unknown_goal
    = g_strdup_printf ("/doelen/%s", "0190a000-0000-7000-8000-00000000dead");
  g_autoptr (EpHttpReply) missing
    = ep_http_plan_call (&t.by_regisseur, "PUT", household, unknown_goal, reached, 3);
  ep_http_assert_problem (missing, 404, "/problems/not-found", NULL);

  const gchar *maatwerk
    = "\"soort\": \"maatwerkvoorziening\", \"omschrijving\": \"Begeleiding\", \"uitvoerder\":"
      " \"De Linde\", \"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"De Linde\","
      " \"omvang\": {\"volume\": 102, \"eenheid\": \"01\", \"frequentie\": \"2\"},"
      " \"begindatum\": \"2026-12-07\"";
  g_autofree gchar *action_body = g_strdup_printf ("{%s, \"reden\": \"Afspraak\"}", maatwerk);
  g_autoptr (EpHttpReply) action
    = ep_http_plan_call (&t.by_regisseur, "POST", household, "/afspraken", action_body, 3);
  EP_ASSERT_STATUS (action, 201);
  g_autofree gchar *action_id = g_strdup (last_id (action->json, "afspraken"));
  g_autofree gchar *action_path = g_strdup_printf ("/afspraken/%s", action_id);
  g_autofree gchar *ended = g_strdup_printf (
    "{%s, \"einddatum\": \"2027-03-31\", \"reden_einde\": \"19\", \"reden\": \"Beëindigd\"}",
    maatwerk);
  g_autoptr (EpHttpReply) end
    = ep_http_plan_call (&t.by_regisseur, "PUT", household, action_path, ended, 4);
  EP_ASSERT_STATUS (end, 200);
  ck_assert_str_eq (end->etag, "\"5\"");
  JsonObject *a = item_of (end->json, "afspraken", action_id);
  ck_assert_str_eq (json_object_get_string_member (a, "einddatum"), "2027-03-31");
  ck_assert_str_eq (json_object_get_string_member (a, "reden_einde"), "19");
  g_autoptr (EpDbParams) of_action = ep_test_params (action_id, NULL);
  g_autofree gchar *row = ep_test_query_value (
    owner, "SELECT einddatum || ' ' || reden_einde FROM plan_action WHERE id = $1", of_action);
  ck_assert_str_eq (row, "2027-03-31 19");

  /* The supervisor becomes the aanspreekpunt. */
  g_autofree gchar *contact
    = g_strdup_printf ("{\"aanspreekpunt\": \"%s\", \"reden\": \"Vast contact\"}", t.supervisor);
  g_autoptr (EpHttpReply) person_changed
    = ep_http_plan_call (&t.by_regisseur, "PUT", household, "/aanspreekpunt", contact, 5);
  EP_ASSERT_STATUS (person_changed, 200);
  ck_assert_str_eq (person_changed->etag, "\"6\"");
  ck_assert_str_eq (
    json_object_get_string_member (
      json_object_get_object_member (json_node_get_object (person_changed->json), "aanspreekpunt"),
      "username"),
    t.supervisor);

  /* Nothing new to bring in: the same version; after a later intake with a new need, that need. */
  g_autoptr (EpHttpReply) nothing = ep_http_plan_call (
    &t.by_regisseur, "POST", household, "/hulpvragen/ophalen", "{\"reden\": \"Ophalen\"}", 6);
  EP_ASSERT_STATUS (nothing, 200);
  ck_assert_str_eq (nothing->etag, "\"6\"");
  g_autofree gchar *draft_path = g_strdup_printf ("/api/v1/households/%s/draft", household);
  g_autofree gchar *draft_body
    = g_strdup_printf ("{\"vindplaats_id\": \"%s\"}", ep_http_vindplaats ());
  g_autoptr (EpHttpReply) draft = ep_http (&t.by_casemanager, "POST", draft_path, draft_body, NULL);
  EP_ASSERT_STATUS (draft, 200);
  JsonObject *later = json_node_get_object (draft->json);
  const gchar *ref = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (later, "persons"), 0), "ref");
  JsonObject *need = json_object_new ();
  json_object_set_string_member (need, "person", ref);
  json_object_set_string_member (need, "domain", "huisvesting");
  json_object_set_string_member (need, "description", "Een grotere woning.");
  json_object_set_string_member (need, "law", "WMO");
  json_object_set_string_member (need, "urgency", "normaal");
  json_object_set_string_member (need, "status", "open");
  json_array_add_object_element (json_object_get_array_member (later, "needs"), need);
  json_object_set_string_member (later, "main_problem", "De woning is te klein.");
  g_autofree gchar *later_text = json_to_string (draft->json, FALSE);
  g_autoptr (EpHttpReply) recorded
    = ep_http (&t.by_casemanager, "POST", "/api/v1/intakes", later_text, NULL);
  EP_ASSERT_STATUS (recorded, 201);
  g_autofree gchar *finalise
    = g_strdup_printf ("/api/v1/intakes/%s/finalise", ep_http_text (recorded, "id"));
  const gchar *const match[] = { "If-Match", recorded->etag, NULL };
  g_autoptr (EpHttpReply) final = ep_http (&t.by_casemanager, "POST", finalise, NULL, match);
  EP_ASSERT_STATUS (final, 200);
  g_autoptr (EpHttpReply) brought = ep_http_plan_call (
    &t.by_regisseur, "POST", household, "/hulpvragen/ophalen", "{\"reden\": \"Ophalen\"}", 6);
  EP_ASSERT_STATUS (brought, 200);
  ck_assert_str_eq (brought->etag, "\"7\"");
  JsonArray *needs
    = json_object_get_array_member (json_node_get_object (brought->json), "hulpvragen");
  ck_assert_uint_eq (json_array_get_length (needs), 5);
  JsonObject *newest = json_array_get_object_element (needs, 4);
  ck_assert_str_eq (json_object_get_string_member (newest, "omschrijving"), "Een grotere woning.");
  ck_assert_str_eq (json_object_get_string_member (newest, "intake_id"),
                    ep_http_text (recorded, "id"));

  g_autoptr (EpDbParams) of_household = ep_test_params (household, NULL);
  g_autofree gchar *trail
    = ep_test_query_value (owner,
                           "SELECT string_agg (action, ',' ORDER BY id) FROM audit_event"
                           " WHERE household_id = $1 AND entity_type = 'plan'",
                           of_household);
  ck_assert_str_eq (trail, "plan_create,plan_goal_add,plan_goal_change,plan_action_add,"
                           "plan_action_change,plan_contact_person,plan_needs_import");
}
END_TEST

/* GET /api/v1/codelists has the plan's code lists, with their Dutch labels. */
START_TEST (test_codelists)
{
  g_autofree gchar *user = ep_http_new_user (GM, "regisseur", NULL);
  g_auto (EpHttpClient) client = { 0 };
  ep_http_sign_in (&client, GM, user, TRUE);
  g_autoptr (EpHttpReply) lists = ep_http (&client, "GET", "/api/v1/codelists", NULL, NULL);
  EP_ASSERT_STATUS (lists, 200);
  JsonObject *o = json_node_get_object (lists->json);
  const struct
  {
    const gchar *list, *code, *label;
    guint count;
  } want[] = {
    { "productcategorie_wmo", "02", "Begeleiding", 18 },
    { "productcategorie_wmo", "18", "Overige beschermd wonen en opvang", 18 },
    { "productcategorie_jw", "45", "Jeugdhulp ambulant", 16 },
    { "eenheid", "01", "Minuut", 7 },
    { "eenheid", "16", "Dagdeel (4 uur)", 7 },
    { "frequentie", "2", "Per week", 4 },
    { "reden_einde", "19", "Beëindigd volgens plan", 11 },
    { "reden_einde", "39", "Uitstroom naar ander domein (Wlz/Zvw)", 11 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (want); i++)
    {
      ck_assert_msg (json_object_has_member (o, want[i].list), "no list %s", want[i].list);
      JsonArray *entries = json_object_get_array_member (o, want[i].list);
      ck_assert_uint_eq (json_array_get_length (entries), want[i].count);
      const gchar *label = NULL;
      for (guint j = 0; j < json_array_get_length (entries); j++)
        {
          JsonObject *e = json_array_get_object_element (entries, j);
          if (strcmp (json_object_get_string_member (e, "code"), want[i].code) == 0)
            label = json_object_get_string_member (e, "label");
        }
      ck_assert_msg (label != NULL, "%s has no %s", want[i].list, want[i].code);
      ck_assert_str_eq (label, want[i].label);
    }
  for (gsize i = 0; i < 3; i++)
    {
      const gchar *names[] = { "doel_status", "afspraak_soort", "akkoord_wijze" };
      ck_assert_msg (json_object_has_member (o, names[i]), "no list %s", names[i]);
    }
}
END_TEST

Suite *
ep_http_plan_suite (void)
{
  Suite *suite = suite_create ("plan");
  TCase *tc = tcase_create ("plan");
  tcase_set_timeout (tc, 300); /* a sign-in costs a third of a second by design */
  tcase_add_test (tc, test_jolanda);
  tcase_add_test (tc, test_refusals);
  tcase_add_test (tc, test_partner);
  tcase_add_test (tc, test_werkbak);
  tcase_add_test (tc, test_changes);
  tcase_add_test (tc, test_codelists);
  suite_add_tcase (suite, tc);
  return suite;
}
