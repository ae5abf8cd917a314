-- SPDX-License-Identifier: EUPL-1.2
--
-- The sealer's lag, for GET /metrics: how many committed events of every municipality are not
-- yet in their chain, and how long the oldest of them has waited (seconds since the transaction
-- that wrote it began, its occurred_at). An event is unsealed exactly as the sealer sees it
-- (audit_pending_gemeenten, ep_audit_seal): after its municipality's chain head in the order
-- (xid, id); the index audit_event_seal finds them without reading the sealed ones.
--
-- The application role sees one municipality at a time (row-level security), so it asks the
-- owner through this function, which tells a count and an age, never a row.
CREATE FUNCTION audit_unsealed(OUT events bigint, OUT oldest_age_seconds double precision)
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT count(*),
           coalesce(extract(epoch FROM now() - min(e.occurred_at))::double precision, 0)
      FROM gemeente g
      LEFT JOIN LATERAL (SELECT ev.xid, ev.id
                           FROM audit_chain c
                           JOIN audit_event ev ON ev.gemeente = c.gemeente AND ev.id = c.event_id
                          WHERE c.gemeente = g.gemeente
                          ORDER BY c.seq DESC LIMIT 1) head ON true
      JOIN audit_event e
        ON e.gemeente = g.gemeente
       AND (e.xid, e.id) > (coalesce(head.xid, '0'::xid8), coalesce(head.id, 0))
  $$;
REVOKE ALL ON FUNCTION audit_unsealed() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_unsealed() TO eenplan_app;
