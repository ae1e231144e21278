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
