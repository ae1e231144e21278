-- A staff write that makes a booked visit impossible (a closed day, an engineer away or inactive, the parts moved)
-- or possible again is a ticket event, so the ticket's stream (signalled by the 0009 trigger) tells an open page.
alter table ticket_events drop constraint ticket_events_kind_check;
alter table ticket_events
  add constraint ticket_events_kind_check
    check (kind in ('created', 'status', 'position', 'hold', 'booked', 'rescheduled', 'earlier_slot_available',
                    'resolved', 'message', 'visit_problem'));
