-- "Resolved": the customer says their issue is solved. Recorded once per ticket as a ticket event the company sees
-- in the ticket's history; the partial unique index makes "once" hold under concurrent presses, and the ticket keeps
-- when it happened for a cheap read. The status stays the company's to move.
alter table ticket_events drop constraint ticket_events_kind_check;
alter table ticket_events
  add constraint ticket_events_kind_check
    check (kind in ('created', 'status', 'position', 'hold', 'booked', 'rescheduled', 'earlier_slot_available',
                    'resolved'));
create unique index ticket_events_resolved_once on ticket_events (tenant_id, ticket_id) where kind = 'resolved';

alter table tickets add column resolved_at timestamptz;
