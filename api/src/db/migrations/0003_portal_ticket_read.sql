-- The customer's timeline in one statement: the function enters the tenant itself (restricted role and tenant,
-- both transaction-local, so they end with the statement in autocommit) and then reads under RLS. plpgsql runs
-- its statements in order, so the read can never run before the tenant is set. The hot path of the portal.
create function porch_portal_ticket(p_tenant uuid, p_id uuid)
  returns table (
    id uuid, external_ref text, title text, status text, hold text, timezone text, technician_first_name text,
    eta_from timestamptz, eta_to timestamptz, updated_at timestamptz, status_reached jsonb,
    position_lat double precision, position_lng double precision, site_lat double precision,
    site_lng double precision, precise_km double precision, map_tile_url text, status_labels jsonb)
  language plpgsql set search_path = public, pg_temp
  as $$
#variable_conflict use_column
begin
  perform set_config('role', 'porchlight_app', true), set_config('porchlight.tenant_id', p_tenant::text, true);
  return query
    select t.id, t.external_ref, t.title, t.status, t.hold, l.timezone, t.technician_first_name, t.eta_from,
           t.eta_to, t.updated_at, t.status_reached, t.position_lat, t.position_lng, l.lat, l.lng,
           n.precise_position_km::float8, n.map_tile_url, coalesce(p.status_labels, '{}')
    from tickets t
    join locations l on l.id = t.location_id
    join tenants n on n.id = t.tenant_id
    left join projects pr on pr.id = t.project_id
    left join portal_profiles p on p.id = coalesce(t.profile_id, pr.profile_id,
                                                   (select d.id from portal_profiles d where d.is_default))
    where t.id = p_id;
end $$;
revoke execute on function porch_portal_ticket(uuid, uuid) from public;
-- Feeds call it inside a tenant transaction, where the role is already porchlight_app.
grant execute on function porch_portal_ticket(uuid, uuid) to porchlight_app;
