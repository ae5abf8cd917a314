-- SPDX-License-Identifier: EUPL-1.2
--
-- 0012: a level request still waiting when its plan is closed lapses (status 'vervallen'). Until
-- now it stayed 'aangevraagd' for ever: on the supervisor's list of what waits, with no decision
-- possible (a closed plan changes no more), and blocking nothing but cluttering everything.
--
-- A request lapses only through its plan's closing: plan_level_lapse (a BEFORE trigger on plan,
-- so the plan is still open while its request changes, as plan_level_follow closes the level
-- period) marks it; no one sets 'vervallen' by hand. No supervisor decides a lapse, so the
-- decision's rules (a supervisor of the team, four eyes, the acting user) do not apply to it:
-- plan_level_request_check no longer runs for it, plan_level_request_lapse does instead.

ALTER TABLE plan_level_request DROP CONSTRAINT plan_level_request_status_check,
  ADD CONSTRAINT plan_level_request_status_check
    CHECK (status IN ('aangevraagd', 'goedgekeurd', 'afgewezen', 'doorgevoerd', 'vervallen'));

DROP TRIGGER plan_level_request_check ON plan_level_request;
CREATE TRIGGER plan_level_request_check BEFORE INSERT OR UPDATE ON plan_level_request
  FOR EACH ROW WHEN (NEW.status <> 'vervallen') EXECUTE FUNCTION plan_level_request_check();

CREATE FUNCTION plan_level_request_lapse() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  -- pg_trigger_depth() is 1 for an UPDATE of the request itself, 2 when plan_level_lapse runs it.
  IF TG_OP = 'INSERT' OR OLD.status <> 'aangevraagd' OR pg_trigger_depth() < 2
     OR NEW.decided_by IS NOT NULL OR NEW.besluit_reden IS NOT NULL
     OR (NEW.plan_id, NEW.richting, NEW.van, NEW.naar, NEW.reden, NEW.evaluatie_id,
         NEW.requested_by, NEW.requested_at)
        IS DISTINCT FROM (OLD.plan_id, OLD.richting, OLD.van, OLD.naar, OLD.reden,
                          OLD.evaluatie_id, OLD.requested_by, OLD.requested_at) THEN
    RAISE EXCEPTION 'een aanvraag vervalt alleen doordat haar plan wordt afgesloten'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_level_decided';
  END IF;
  NEW.decided_at := now();
  RETURN NEW;
END
$$;
CREATE TRIGGER plan_level_request_lapse BEFORE INSERT OR UPDATE ON plan_level_request
  FOR EACH ROW WHEN (NEW.status = 'vervallen') EXECUTE FUNCTION plan_level_request_lapse();

CREATE FUNCTION plan_level_lapse() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE plan_level_request SET status = 'vervallen'
   WHERE gemeente = NEW.gemeente AND plan_id = NEW.id AND status = 'aangevraagd';
  RETURN NEW;
END
$$;
CREATE TRIGGER plan_level_lapse BEFORE UPDATE ON plan
  FOR EACH ROW WHEN (NEW.status = 'afgesloten' AND OLD.status <> 'afgesloten')
  EXECUTE FUNCTION plan_level_lapse();

-- The plans closed before this migration: their waiting requests lapse at their closing.
-- (Their rows are guarded as a closed plan's; the migration's owner sets them aside here.)
ALTER TABLE plan_level_request DISABLE TRIGGER USER;
UPDATE plan_level_request r SET status = 'vervallen', decided_at = p.closed_at
  FROM plan p
 WHERE p.gemeente = r.gemeente AND p.id = r.plan_id AND p.status = 'afgesloten'
   AND r.status = 'aangevraagd';
ALTER TABLE plan_level_request ENABLE TRIGGER USER;
