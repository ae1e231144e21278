-- Activation: automated actions decide when a customer gets a portal link; the outbox carries every message out.

create table automated_actions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  trigger text not null check (trigger in ('ticket_created', 'status_reached', 'appointment_booked', 'appointment_moved',
                                           'invoice_sent', 'service_request_decided', 'earlier_window_freed')),
  trigger_status text check (trigger_status in ('received', 'scheduling', 'dispatched', 'on_route', 'onsite', 'completed', 'closed')),
  project_id uuid,
  profile_id uuid,
  channel text not null check (channel in ('email', 'sms', 'info')),
  portal_mode text not null default 'tracking' check (portal_mode in ('tracking', 'tracking+booking')),
  -- {"en": {"subject": "…", "body": "…"}, "de": {…}}; placeholders are checked when saved.
  templates jsonb not null,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((trigger = 'status_reached') = (trigger_status is not null)),
  unique (tenant_id, id),
  foreign key (tenant_id, project_id) references projects (tenant_id, id) on delete cascade,
  foreign key (tenant_id, profile_id) references portal_profiles (tenant_id, id) on delete cascade
);
create index automated_actions_by_trigger on automated_actions (tenant_id, trigger) where enabled;

-- One row per message, written in the transaction of the change that causes it. The portal link is minted only
-- when the worker delivers (its token never rests in the database): the row keeps the template and the values
-- to render, not the rendered text.
create table outbox (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  ticket_id uuid not null,
  action_id uuid,
  trigger text not null,
  channel text not null check (channel in ('email', 'sms', 'info')),
  -- Email address or E.164 number at the time of the change; null for an info, or when the customer has none.
  recipient text,
  language text not null,
  portal_mode text not null check (portal_mode in ('tracking', 'tracking+booking')),
  template jsonb not null,
  context jsonb not null default '{}',
  state text not null default 'pending' check (state in ('pending', 'sent', 'failed', 'suppressed')),
  failure_reason text,
  last_error text,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  locked_until timestamptz,
  -- The link minted for the latest attempt (an earlier attempt's link may already be in the customer's inbox).
  link_id uuid,
  provider_ref text,
  sms_segments integer,
  forced boolean not null default false,
  resend_of uuid,
  created_at timestamptz not null,
  sent_at timestamptz,
  unique (tenant_id, id),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade,
  foreign key (tenant_id, action_id) references automated_actions (tenant_id, id) on delete set null (action_id)
);
create index outbox_due on outbox (next_attempt_at) where state = 'pending';
create index outbox_by_ticket on outbox (tenant_id, ticket_id, created_at);
create index outbox_throttle on outbox (tenant_id, channel, recipient, portal_mode, created_at) where state in ('pending', 'sent');

-- What the company tells the customer on the ticket ("create info"); shown in the portal.
create table ticket_comments (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  ticket_id uuid not null,
  author text not null check (author in ('company', 'customer')),
  body text not null check (length(body) between 1 and 5000),
  outbox_id uuid unique,
  created_at timestamptz not null,
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade
);
create index ticket_comments_by_ticket on ticket_comments (tenant_id, ticket_id, created_at);

do $$
declare t text;
begin
  foreach t in array array['automated_actions', 'outbox', 'ticket_comments'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = porch_current_tenant())
                    with check (tenant_id = porch_current_tenant())', t);
  end loop;
end $$;

-- The worker serves every tenant, so claiming is a narrow security-definer function: it leases due rows (skipping
-- rows another worker holds) and answers only which rows, for which tenant; the work then runs under RLS.
-- Leasing instead of holding the row lock through delivery: a worker that dies mid-delivery loses nothing, its
-- lease runs out and another worker delivers again.
create function porch_outbox_claim(p_now timestamptz, p_lease_until timestamptz, p_limit integer)
  returns table (tenant_id uuid, id uuid, attempt integer)
  language sql volatile security definer set search_path = public, pg_temp
  as $$
    update outbox o set locked_until = p_lease_until, attempts = o.attempts + 1
    where o.id in (select d.id from outbox d
                   where d.state = 'pending' and d.next_attempt_at <= p_now
                     and (d.locked_until is null or d.locked_until <= p_now)
                   order by d.next_attempt_at
                   limit p_limit
                   for update skip locked)
    returning o.tenant_id, o.id, o.attempts
  $$;
revoke execute on function porch_outbox_claim(timestamptz, timestamptz, integer) from public;
grant execute on function porch_outbox_claim(timestamptz, timestamptz, integer) to porchlight_app;
