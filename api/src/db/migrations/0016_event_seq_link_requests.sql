-- Event ids that reveal nothing platform-wide: customers (the event stream's ids, Last-Event-ID) and tenants (the
-- admin view) see each event's number within its ticket, 1, 2, 3 …, instead of the global sequence, whose gaps
-- told anyone how many events the whole platform recorded in between. `id` stays the internal key.
alter table ticket_events add column seq integer;
update ticket_events e set seq = n.seq
  from (select id, row_number() over (partition by ticket_id order by id) as seq from ticket_events) n
  where n.id = e.id;
alter table ticket_events alter column seq set not null;
create unique index ticket_events_seq on ticket_events (tenant_id, ticket_id, seq);

-- Every writer of events gets the next number from here. The ticket's row lock serialises writers of one ticket
-- (appendTicketEvent holds it already), so max + 1 cannot be taken twice. A ticket inserted by the same statement
-- (creation) is not visible to the lock yet; its first event is alone by construction.
create function porch_ticket_event_seq() returns trigger
  language plpgsql set search_path = public, pg_temp
  as $$
begin
  perform 1 from tickets where id = new.ticket_id for update;
  new.seq := coalesce((select max(seq) from ticket_events where tenant_id = new.tenant_id and ticket_id = new.ticket_id), 0) + 1;
  return new;
end $$;
create trigger ticket_events_seq before insert on ticket_events
  for each row execute function porch_ticket_event_seq();

create or replace function porch_ticket_feed_events(p_tenant uuid, p_ticket uuid, p_after bigint, p_limit integer)
  returns jsonb
  language plpgsql set search_path = public, pg_temp
  as $$
begin
  perform set_config('role', 'porchlight_app', true), set_config('porchlight.tenant_id', p_tenant::text, true);
  return (
    select coalesce(jsonb_agg(jsonb_build_object(
             'id', e.seq::text, 'kind', e.kind, 'status', e.status,
             'occurredAt', to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) order by e.seq), '[]')
    from ((select * from ticket_events
           where p_after is null and tenant_id = p_tenant and ticket_id = p_ticket order by seq desc limit 1)
          union all
          (select * from ticket_events
           where p_after is not null and tenant_id = p_tenant and ticket_id = p_ticket and seq > p_after
           order by seq limit p_limit)) e);
end $$;

-- "Email me a new link" is answered after one insert here, whether or not the address belongs to a customer: the
-- lookup, the outbox row and later the link are the outbox worker's, so the answer's timing tells nothing. The worker
-- takes a tenant's requests and turns the known addresses into login-link mails in one tenant transaction.
create table login_link_requests (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id bigint generated always as identity primary key,
  email text not null,
  requested_at timestamptz not null
);
create index login_link_requests_by_tenant on login_link_requests (tenant_id, id);
alter table login_link_requests enable row level security;
alter table login_link_requests force row level security;
create policy tenant_isolation on login_link_requests using (tenant_id = porch_current_tenant())
  with check (tenant_id = porch_current_tenant());

-- Which tenants have requests waiting (the worker serves every tenant; the work itself runs under RLS).
create function porch_login_link_request_tenants(p_limit integer) returns setof uuid
  language sql stable security definer set search_path = public, pg_temp
  as $$ select distinct tenant_id from login_link_requests limit p_limit $$;
revoke execute on function porch_login_link_request_tenants(integer) from public;
grant execute on function porch_login_link_request_tenants(integer) to porchlight_app;
