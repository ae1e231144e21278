-- Messages (issue 17): the company's comments grow into a thread both sides write in. One table and one list:
-- ticket_comments keeps the "create info" comments and now also the customer's and the company's messages.
-- seq keeps insertion order among messages written in the same instant (as in 0030) and is the read position.
alter table ticket_comments add column seq bigint generated always as identity;
-- Who wrote it, as shown then (the customer's name, the replying agent's); null: the side's name at read time.
alter table ticket_comments add column author_name text check (length(author_name) between 1 and 200);
-- Written on the thread (by the customer or an agent), not by an automated "create info". GET …/comments (scope
-- track, which a view-only share link has too) keeps listing only the infos; the thread needs the messages module.
alter table ticket_comments add column message boolean not null default false;
create index ticket_comments_thread on ticket_comments (tenant_id, ticket_id, seq);

-- How far the customer has read the thread: the seq of the newest message read (0: none).
alter table tickets add column messages_read_seq bigint not null default 0;

-- A new message is a ticket event, so the ticket's stream (signalled by the 0009 trigger) tells an open thread.
alter table ticket_events drop constraint ticket_events_kind_check;
alter table ticket_events
  add constraint ticket_events_kind_check
    check (kind in ('created', 'status', 'position', 'hold', 'booked', 'rescheduled', 'earlier_slot_available',
                    'resolved', 'message'));
