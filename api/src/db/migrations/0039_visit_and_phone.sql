-- The company's phone number, shown to a customer when the calendar has no free window in a month.
alter table tenants add column phone text check (length(phone) between 1 and 40);

-- The timeline read also carries the booked visit (the Status tab shows it) and the ticket's parts window (a visit
-- outside it can no longer take place). One more key probe on appointments_one_per_ticket.
drop function porch_portal_ticket(uuid, uuid);
create function porch_portal_ticket(p_tenant uuid, p_id uuid)
  returns table (
    id uuid, external_ref text, title text, status text, hold text, timezone text, technician_first_name text,
    eta_from timestamptz, eta_to timestamptz, updated_at timestamptz, status_reached jsonb,
    position_lat double precision, position_lng double precision, site_lat double precision,
    site_lng double precision, profile_id uuid, appointment_day text, appointment_start timestamptz,
    appointment_end timestamptz, parts_from text, parts_to text)
  language plpgsql set search_path = public, pg_temp
  as $$
#variable_conflict use_column
begin
  perform set_config('role', 'porchlight_app', true), set_config('porchlight.tenant_id', p_tenant::text, true);
  return query
    select t.id, t.external_ref, t.title, t.status, t.hold, l.timezone, t.technician_first_name, t.eta_from,
           t.eta_to, t.updated_at, t.status_reached, t.position_lat, t.position_lng, l.lat, l.lng,
           coalesce(t.profile_id, (select pr.profile_id from projects pr where pr.tenant_id = p_tenant and pr.id = t.project_id)),
           a.day::text, lower(a.during), upper(a.during), t.parts_from::text, t.parts_to::text
    from tickets t
    join locations l on l.tenant_id = p_tenant and l.id = t.location_id
    left join appointments a on a.tenant_id = p_tenant and a.ticket_id = t.id and a.cancelled_at is null
    where t.tenant_id = p_tenant and t.id = p_id;
end $$;
revoke execute on function porch_portal_ticket(uuid, uuid) from public;
grant execute on function porch_portal_ticket(uuid, uuid) to porchlight_app;
