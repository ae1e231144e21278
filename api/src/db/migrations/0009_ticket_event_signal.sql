-- Every recorded ticket event signals the listening API processes when, and only if, its transaction commits.
-- Before, the route published after the commit: one more round trip on the push path, and a process that died
-- between the two left open streams waiting for their next reconnect. The payload stays ids only.
create function porch_signal_ticket_event() returns trigger
  language plpgsql set search_path = public, pg_temp
  as $$
begin
  perform pg_notify('porch_ticket_events', new.tenant_id::text || ':' || new.ticket_id::text || ':' || new.id::text);
  return null;
end $$;

create trigger ticket_events_signal after insert on ticket_events
  for each row execute function porch_signal_ticket_event();

-- What a woken feed reads, in one statement (one round trip, no transaction to open and commit): the ticket's events
-- after p_after (or its newest event when p_after is null), oldest first, as JSON. Like porch_portal_ticket it
-- enters the tenant itself, so the read is under RLS; the feed asks for both in one SELECT.
create function porch_ticket_feed_events(p_tenant uuid, p_ticket uuid, p_after bigint, p_limit integer)
  returns jsonb
  language plpgsql set search_path = public, pg_temp
  as $$
begin
  perform set_config('role', 'porchlight_app', true), set_config('porchlight.tenant_id', p_tenant::text, true);
  return (
    select coalesce(jsonb_agg(jsonb_build_object(
             'id', e.id::text, 'kind', e.kind, 'status', e.status,
             'occurredAt', to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) order by e.id), '[]')
    from ((select * from ticket_events
           where p_after is null and tenant_id = p_tenant and ticket_id = p_ticket order by id desc limit 1)
          union all
          (select * from ticket_events
           where p_after is not null and tenant_id = p_tenant and ticket_id = p_ticket and id > p_after
           order by id limit p_limit)) e);
end $$;
revoke execute on function porch_ticket_feed_events(uuid, uuid, bigint, integer) from public;
grant execute on function porch_ticket_feed_events(uuid, uuid, bigint, integer) to porchlight_app;
