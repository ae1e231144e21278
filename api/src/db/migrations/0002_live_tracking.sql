-- Live tracking: positions and holds become events beside status changes, so one id sequence orders everything a
-- stream replays; the ticket keeps the latest position as a read model.
alter table tenants
  add column precise_position_km numeric(6, 2) not null default 5 check (precise_position_km > 0 and precise_position_km <= 100),
  add column position_retention_hours integer not null default 24 check (position_retention_hours between 0 and 720),
  add column map_tile_url text,
  add column status_map jsonb not null default '{}';

alter table locations
  add column lat double precision check (lat between -90 and 90),
  add column lng double precision check (lng between -180 and 180);

alter table portal_profiles add column status_labels jsonb not null default '{}';

alter table tickets
  add column hold text check (hold in ('on_hold', 'cancelled')),
  add column position_lat double precision,
  add column position_lng double precision,
  add column position_at timestamptz;

alter table ticket_events
  add column kind text not null default 'status' check (kind in ('created', 'status', 'position', 'hold')),
  add column hold text,
  add column lat double precision,
  add column lng double precision,
  add column external_id text;
update ticket_events e set kind = 'created'
  where id = (select min(id) from ticket_events f where f.ticket_id = e.ticket_id);
create unique index ticket_events_external_id on ticket_events (tenant_id, ticket_id, external_id) where external_id is not null;
create index ticket_events_positions on ticket_events (occurred_at) where kind = 'position';

-- Retention runs across tenants from the server's maintenance loop, so it is a narrow security-definer function.
create function porch_expire_positions(at timestamptz) returns integer
  language plpgsql security definer set search_path = public, pg_temp
  as $$
declare removed integer;
begin
  create temporary table expired on commit drop as
    select t.id from tickets t join tenants n on n.id = t.tenant_id
    where exists (select 1 from ticket_events e where e.ticket_id = t.id and e.lat is not null)
      and (t.status in ('completed', 'closed') or t.hold = 'cancelled')
      and coalesce((t.status_reached ->> 'completed')::timestamptz, (t.status_reached ->> 'closed')::timestamptz,
                   t.updated_at) + make_interval(hours => n.position_retention_hours) <= at;
  update tickets set position_lat = null, position_lng = null, position_at = null where id in (select id from expired);
  -- Position-only events go; status events that carried a position keep their status but lose the coordinates.
  delete from ticket_events where kind = 'position' and ticket_id in (select id from expired);
  get diagnostics removed = row_count;
  update ticket_events set lat = null, lng = null where lat is not null and ticket_id in (select id from expired);
  return removed;
end $$;
revoke execute on function porch_expire_positions(timestamptz) from public;
grant execute on function porch_expire_positions(timestamptz) to porchlight_app;
