-- The timeline read also says when a booked visit can no longer take place because the company closed its day
-- since (a closed calendar day) or the visit's engineer is away then (an absence over the visit, or no longer
-- active). Two key probes, made only for a ticket with a booked visit.
drop function porch_portal_ticket(uuid, uuid);
create function porch_portal_ticket(p_tenant uuid, p_id uuid)
  returns table (
    id uuid, external_ref text, title text, status text, hold text, timezone text, technician_first_name text,
    eta_from timestamptz, eta_to timestamptz, updated_at timestamptz, status_reached jsonb,
    position_lat double precision, position_lng double precision, site_lat double precision,
    site_lng double precision, profile_id uuid, appointment_day text, appointment_start timestamptz,
    appointment_end timestamptz, parts_from text, parts_to text, day_closed boolean, engineer_away boolean)
  language plpgsql set search_path = public, pg_temp
  as $$
#variable_conflict use_column
begin
  perform set_config('role', 'porchlight_app', true), set_config('porchlight.tenant_id', p_tenant::text, true);
  return query
    select t.id, t.external_ref, t.title, t.status, t.hold, l.timezone, t.technician_first_name, t.eta_from,
           t.eta_to, t.updated_at, t.status_reached, t.position_lat, t.position_lng, l.lat, l.lng,
           coalesce(t.profile_id, (select pr.profile_id from projects pr where pr.tenant_id = p_tenant and pr.id = t.project_id)),
           a.day::text, lower(a.during), upper(a.during), t.parts_from::text, t.parts_to::text,
           a.id is not null and exists (
             select 1 from calendar_days c where c.tenant_id = p_tenant and c.day = a.day and c.kind = 'closed'),
           a.id is not null and (
             exists (select 1 from engineer_absences e
                     where e.tenant_id = p_tenant and e.engineer_id = a.engineer_id and e.during && a.during)
             or not exists (select 1 from engineers g where g.tenant_id = p_tenant and g.id = a.engineer_id and g.active))
    from tickets t
    join locations l on l.tenant_id = p_tenant and l.id = t.location_id
    left join appointments a on a.tenant_id = p_tenant and a.ticket_id = t.id and a.cancelled_at is null
    where t.tenant_id = p_tenant and t.id = p_id;
end $$;
revoke execute on function porch_portal_ticket(uuid, uuid) from public;
grant execute on function porch_portal_ticket(uuid, uuid) to porchlight_app;
