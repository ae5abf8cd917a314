-- SPDX-License-Identifier: EUPL-1.2
--
-- 0013_supervise_indexes: what the supervisor's views (plans/plan-supervise.c, issue 18) showed a
-- need for in EXPLAIN (ANALYZE, BUFFERS) over the benchmark's 100,000 households (docs/ladder.md,
-- "Indexes the views rely on").
--
-- Every view starts from the team's users (app_user_team) and their plans' current regie. With
-- plan_regie_regisseur (0010: gemeente, regisseur where tot IS NULL) the planner read the whole
-- of plan_regie instead (a parallel seq scan of 85,000 current rows, 1,783 pages, ~40 ms of a
-- team's 163 ms for the overdue view): a team holds some 4,500 plans, and fetching each regie row
-- from the heap looked dearer than reading the table. With the plan's id and the regie's start in
-- the index the team's plans are an index-only scan (12 users, 4,500 entries, no heap fetches
-- once vacuumed): the overdue view's statement 163 → 44 ms. plan_regie_regisseur stays (the
-- regisseur's own lists use it, and it is smaller).
CREATE INDEX plan_regie_team_plans ON plan_regie (gemeente, regisseur) INCLUDE (plan_id, vanaf)
  WHERE tot IS NULL;

-- household_access()'s rule, once, as a function the planner can inline: a set-returning SQL
-- function of one SELECT is pulled into the statement that calls it in FROM (as a LATERAL join),
-- where household_access(), a scalar SQL function with a FROM, runs as a function call of its own
-- per row. Over a team's ~4,500 plans that call was most of a supervisor's view. The rule now
-- lives here and household_access() answers what household_access_of() does (tests/db/
-- test-ladder.c asserts both agree for open, named, emergency and refused households).
CREATE FUNCTION household_access_of(h uuid) RETURNS TABLE (access text)
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT CASE
             WHEN s.id IS NULL THEN 'open'
             WHEN EXISTS (SELECT FROM household_shield_user u
                           WHERE u.gemeente = s.gemeente AND u.shield_id = s.id
                             AND u.username = current_actor()) THEN 'named'
             WHEN household_emergency_reason(h) IS NOT NULL THEN 'emergency'
             ELSE 'refused'
           END
      FROM (SELECT 1) AS one
      LEFT JOIN household_shield s ON s.household_id = h AND s.lifted_at IS NULL
  $$;

CREATE OR REPLACE FUNCTION household_access(h uuid) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT access FROM household_access_of(h) $$;

GRANT EXECUTE ON FUNCTION household_access_of(uuid) TO eenplan_app;
