-- Booking: what availability depends on (engineers, SLA profiles, windows, holidays, closed and limited days, the
-- ticket's parts window) and the appointments themselves. Double booking is refused by the database: an exclusion
-- constraint per engineer and time range, and one numbered seat per booking within a window's capacity.

alter table tenants
  add column holiday_country text check (holiday_country ~ '^[A-Z]{2}$'),
  add column holiday_region text check (holiday_region ~ '^[A-Za-z0-9]{1,10}$'),
  add column booking_cutoff_hours integer not null default 24 check (booking_cutoff_hours between 0 and 720),
  add column booking_policy text check (length(booking_policy) <= 2000);

create table sla_profiles (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  -- Commitment dates as offsets from when the ticket was received, counted in business days or business hours.
  offset_unit text not null default 'business_days' check (offset_unit in ('business_days', 'business_hours')),
  earliest_offset integer not null check (earliest_offset between 0 and 10000),
  latest_offset integer not null check (latest_offset between 0 and 10000),
  business_start time not null default '08:00',
  business_end time not null default '17:00',
  weekends_count boolean not null default false,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  check (earliest_offset <= latest_offset),
  check (business_start < business_end)
);

alter table portal_profiles
  add column sla_profile_id uuid,
  -- null: one window spanning the SLA profile's business hours; else [{"start":"08:00","end":"12:00"}, …].
  add column booking_windows jsonb,
  add column window_capacity integer not null default 3 check (window_capacity between 1 and 1000),
  add column limited_threshold integer not null default 1 check (limited_threshold between 0 and 1000),
  add column booking_text text check (length(booking_text) <= 2000),
  add column booking_disclaimer text check (length(booking_disclaimer) <= 2000),
  add foreign key (tenant_id, sla_profile_id) references sla_profiles (tenant_id, id);

alter table tickets
  add column parts_from date,
  add column parts_to date,
  add constraint tickets_parts_window check (parts_from <= parts_to);

create table engineers (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  skills text[] not null default '{}',
  -- ISO weekday (1 = Monday) → ["08:00","17:00"] in the engineer's home zone.
  working_hours jsonb not null,
  timezone text not null,
  -- Postal-code prefixes the engineer covers; empty: everywhere.
  service_area text[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (tenant_id, id)
);
create index engineers_skills on engineers using gin (skills);

create table engineer_absences (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  engineer_id uuid not null,
  during tstzrange not null check (not isempty(during)),
  reason text,
  foreign key (tenant_id, engineer_id) references engineers (tenant_id, id) on delete cascade
);
create index engineer_absences_during on engineer_absences using gist (tenant_id, during);

-- The tenant's own calendar: closed days (nobody books) and days the dispatcher marks as limited.
create table calendar_days (
  tenant_id uuid not null references tenants (id) on delete cascade,
  day date not null,
  kind text not null check (kind in ('closed', 'limited')),
  note text,
  primary key (tenant_id, day, kind)
);

create table appointments (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  ticket_id uuid not null,
  profile_id uuid not null,
  engineer_id uuid not null,
  day date not null,
  window_no smallint not null check (window_no between 0 and 23),
  during tstzrange not null check (not isempty(during)),
  -- A booking takes one numbered seat of its window; seats above the window's capacity cannot exist.
  seat smallint not null,
  capacity smallint not null,
  created_at timestamptz not null default now(),
  cancelled_at timestamptz,
  check (seat between 1 and capacity),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade,
  foreign key (tenant_id, engineer_id) references engineers (tenant_id, id),
  foreign key (tenant_id, profile_id) references portal_profiles (tenant_id, id),
  exclude using gist (engineer_id with =, during with &&) where (cancelled_at is null)
);
create unique index appointments_seat on appointments (tenant_id, profile_id, day, window_no, seat) where cancelled_at is null;
create unique index appointments_one_per_ticket on appointments (tenant_id, ticket_id) where cancelled_at is null;
create index appointments_during on appointments using gist (tenant_id, during) where cancelled_at is null;
create index appointments_by_window on appointments (tenant_id, profile_id, day, window_no) where cancelled_at is null;
create index appointments_by_day on appointments (tenant_id, day) include (engineer_id, during) where cancelled_at is null;

-- An engineer's shift on a calendar day, in the engineer's own zone (null when the engineer does not work that day).
create function porch_shift(day date, hours jsonb, tz text) returns tstzrange
  language sql stable
  as $$ select case when hours ? extract(isodow from day)::text then
                  tstzrange((day + (hours -> extract(isodow from day)::text ->> 0)::time) at time zone tz,
                            (day + (hours -> extract(isodow from day)::text ->> 1)::time) at time zone tz) end $$;

-- Idempotency-Key → the appointment it made, so a repeated request answers the same and books once.
create table booking_requests (
  tenant_id uuid not null,
  ticket_id uuid not null,
  idempotency_key text not null,
  slot_id text not null,
  appointment_id uuid not null,
  rescheduled boolean not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, ticket_id, idempotency_key),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade
);

-- Customers who want to hear about an earlier window; the first one (oldest) is told when one frees up.
create table booking_waitlist (
  tenant_id uuid not null,
  ticket_id uuid not null,
  created_at timestamptz not null default now(),
  notified_at timestamptz,
  primary key (tenant_id, ticket_id),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade
);

alter table ticket_events drop constraint ticket_events_kind_check;
alter table ticket_events
  add constraint ticket_events_kind_check
    check (kind in ('created', 'status', 'position', 'hold', 'booked', 'rescheduled', 'earlier_slot_available')),
  add column appointment_from timestamptz,
  add column appointment_to timestamptz;

do $$
declare t text;
begin
  foreach t in array array['sla_profiles', 'engineers', 'engineer_absences', 'calendar_days', 'appointments',
                           'booking_requests', 'booking_waitlist'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = porch_current_tenant())
                    with check (tenant_id = porch_current_tenant())', t);
  end loop;
end $$;
