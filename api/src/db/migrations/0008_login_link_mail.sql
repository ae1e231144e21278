-- Login-link mails go through the outbox: "email me a new link" and the dispatcher's "resend access link" write an
-- outbox row for the customer (no ticket), and the worker mints the link when it delivers. The request table that
-- waited for this is no longer needed.
drop table login_link_requests;

alter table outbox
  alter column ticket_id drop not null,
  -- A login link opens all of the customer's jobs; the tracking/booking mode belongs to ticket links only.
  alter column portal_mode drop not null,
  add column customer_id uuid,
  add constraint outbox_addressee check (ticket_id is not null or customer_id is not null),
  add foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade;
create index outbox_by_customer on outbox (tenant_id, customer_id, created_at) where customer_id is not null;

-- Claiming now stops at the attempt limit: a message whose lease ran out after its last allowed attempt (its worker
-- died while delivering it, every time) fails with WORKER_CRASHED instead of being claimed again forever.
-- Both updates are one statement over disjoint rows: expired lease with attempts left → claimed, without → failed.
drop function porch_outbox_claim(timestamptz, timestamptz, integer);
create function porch_outbox_claim(p_now timestamptz, p_lease_until timestamptz, p_limit integer, p_max_attempts integer)
  returns table (tenant_id uuid, id uuid, attempt integer)
  language sql volatile security definer set search_path = public, pg_temp
  as $$
    with crashed as (
      update outbox o set state = 'failed', failure_reason = 'WORKER_CRASHED', locked_until = null,
                          last_error = 'The worker stopped while delivering it, ' || o.attempts || ' times'
      where o.id in (select d.id from outbox d
                     where d.state = 'pending' and d.next_attempt_at <= p_now
                       and d.locked_until <= p_now and d.attempts >= p_max_attempts
                     for update skip locked)
    ), claimed as (
      update outbox o set locked_until = p_lease_until, attempts = o.attempts + 1
      where o.id in (select d.id from outbox d
                     where d.state = 'pending' and d.next_attempt_at <= p_now
                       and (d.locked_until is null or (d.locked_until <= p_now and d.attempts < p_max_attempts))
                     order by d.next_attempt_at
                     limit p_limit
                     for update skip locked)
      returning o.tenant_id, o.id, o.attempts
    )
    select * from claimed
  $$;
revoke execute on function porch_outbox_claim(timestamptz, timestamptz, integer, integer) from public;
grant execute on function porch_outbox_claim(timestamptz, timestamptz, integer, integer) to porchlight_app;
