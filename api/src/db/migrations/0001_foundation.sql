-- The restricted role every request runs as (SET LOCAL ROLE per transaction). Roles are cluster-wide, so two
-- databases migrating at once may race to create it: the loser's error is expected and ignored.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'porchlight_app') then
    create role porchlight_app nologin nosuperuser nobypassrls;
  end if;
exception when duplicate_object or unique_violation then null;
end $$;

do $$
begin
  execute format('grant porchlight_app to %I', current_user);
exception when others then null; -- already a member, or a superuser
end $$;

create extension if not exists btree_gist;

-- The tenant a transaction runs for; NULL (sees nothing) unless set with set_config(…, true).
create function porch_current_tenant() returns uuid
  language sql stable
  as $$ select nullif(current_setting('porchlight.tenant_id', true), '')::uuid $$;

create table tenants (
  id uuid primary key default gen_random_uuid(),
  public_id text not null unique,
  name text not null check (length(name) between 1 and 200),
  allowed_origins text[] not null default '{}',
  portal_url text,
  portal_enabled boolean not null default true,
  portal_disabled_message text,
  service_requests_enabled boolean not null default true,
  link_ttl_days integer not null default 30 check (link_ttl_days between 1 and 365),
  created_at timestamptz not null default now()
);

create table api_keys (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid primary key default gen_random_uuid(),
  key_hash bytea not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz
);

create table session_keys (
  tenant_id uuid not null references tenants (id) on delete cascade,
  kid text primary key,
  secret bytea not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz
);

create table portal_profiles (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid primary key default gen_random_uuid(),
  name text not null,
  mode text not null default 'tracking' check (mode in ('tracking', 'tracking+booking')),
  logo_url text,
  redirect_url text,
  salutation text,
  language text not null default 'en',
  theme jsonb not null default '{}',
  feedback_enabled boolean not null default false,
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id)
);
create unique index portal_profiles_one_default on portal_profiles (tenant_id) where is_default;

create table projects (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid primary key default gen_random_uuid(),
  name text not null,
  profile_id uuid,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, profile_id) references portal_profiles (tenant_id, id)
);

create table customers (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid primary key default gen_random_uuid(),
  external_ref text,
  name text not null,
  email text,
  phone text,
  locale text,
  created_at timestamptz not null default now(),
  unique (tenant_id, id)
);

create table locations (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null,
  line1 text not null,
  city text not null,
  postal_code text,
  country text not null,
  timezone text not null,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id)
);

create table tickets (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  external_ref text,
  project_id uuid,
  profile_id uuid,
  customer_id uuid not null,
  location_id uuid not null,
  title text not null,
  description text,
  internal_notes text,
  skills text[] not null default '{}',
  status text not null default 'received'
    check (status in ('received', 'scheduling', 'dispatched', 'on_route', 'onsite', 'completed', 'closed')),
  technician_first_name text,
  eta_from timestamptz,
  eta_to timestamptz,
  closed_at timestamptz,
  -- Read model for the timeline: when each status was first reached ({"received": "…", …}). The events table is
  -- the history; this is kept in the same transaction so a timeline read is one primary-key lookup.
  status_reached jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, location_id) references locations (tenant_id, id),
  foreign key (tenant_id, project_id) references projects (tenant_id, id),
  foreign key (tenant_id, profile_id) references portal_profiles (tenant_id, id)
);
create unique index tickets_external_ref on tickets (tenant_id, external_ref) where external_ref is not null;

create table ticket_events (
  tenant_id uuid not null,
  id bigint generated always as identity primary key,
  ticket_id uuid not null,
  status text not null,
  technician_first_name text,
  eta_from timestamptz,
  eta_to timestamptz,
  occurred_at timestamptz not null default now(),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade
);
create index ticket_events_by_ticket on ticket_events (tenant_id, ticket_id, id);

create table ticket_links (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  ticket_id uuid not null,
  token_hash bytea not null unique,
  mode text not null check (mode in ('tracking', 'tracking+booking')),
  scopes text[] not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade
);

-- Row-level security: every tenant table, forced even for the owner, keyed on the transaction's tenant.
do $$
declare t text;
begin
  foreach t in array array['api_keys', 'session_keys', 'portal_profiles', 'projects', 'customers', 'locations',
                           'tickets', 'ticket_events', 'ticket_links'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = porch_current_tenant())
                    with check (tenant_id = porch_current_tenant())', t);
  end loop;
end $$;
alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenant_isolation on tenants using (id = porch_current_tenant()) with check (id = porch_current_tenant());

-- The only ways across tenants, each answering one narrow question before a tenant is known.
create function porch_tenant_by_api_key(hash bytea) returns uuid
  language sql stable security definer set search_path = public, pg_temp
  as $$ select tenant_id from api_keys where key_hash = hash and (expires_at is null or expires_at > now()) $$;

create function porch_link_by_token_hash(hash bytea) returns table (tenant_id uuid, link_id uuid)
  language sql stable security definer set search_path = public, pg_temp
  as $$ select tenant_id, id from ticket_links where token_hash = hash $$;

create function porch_all_allowed_origins() returns setof text
  language sql stable security definer set search_path = public, pg_temp
  as $$ select distinct unnest(allowed_origins) from tenants $$;

revoke execute on function porch_tenant_by_api_key(bytea), porch_link_by_token_hash(bytea),
  porch_all_allowed_origins() from public;
grant execute on function porch_tenant_by_api_key(bytea), porch_link_by_token_hash(bytea),
  porch_all_allowed_origins() to porchlight_app;
