-- Staff accounts: the company's people who sign in to the console with a single-use e-mail link. Roles: owner
-- (everything, and only owners make owners), admin (everything else), dispatcher (day-to-day work, no keys, staff
-- or tenant settings). Links and sessions rest only as SHA-256 hashes.
create table staff (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid primary key default gen_random_uuid(),
  email text not null check (length(email) between 3 and 254),
  role text not null check (role in ('owner', 'admin', 'dispatcher')),
  created_at timestamptz not null,
  seq bigint generated always as identity,
  unique (tenant_id, id)
);
create unique index staff_by_email on staff (tenant_id, lower(email));

-- A sign-in link works once, for a few minutes; issuing one revokes the staff member's older unused ones.
create table staff_links (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  staff_id uuid not null,
  token_hash bytea not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null,
  seq bigint generated always as identity,
  foreign key (tenant_id, staff_id) references staff (tenant_id, id) on delete cascade
);
create index staff_links_by_staff on staff_links (tenant_id, staff_id);

-- A cookie session: the cookie's token and the CSRF token the console sends back in a header, both hashed.
create table staff_sessions (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  staff_id uuid not null,
  token_hash bytea not null unique,
  csrf_hash bytea not null,
  user_agent text check (length(user_agent) <= 300),
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  seq bigint generated always as identity,
  foreign key (tenant_id, staff_id) references staff (tenant_id, id) on delete cascade
);
create index staff_sessions_by_staff on staff_sessions (tenant_id, staff_id, created_at);

do $$
declare t text;
begin
  foreach t in array array['staff', 'staff_links', 'staff_sessions'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = porch_current_tenant())
                    with check (tenant_id = porch_current_tenant())', t);
  end loop;
end $$;

-- Invites and sign-in mails go through the outbox like login-link mails: addressed to a staff member, the link
-- minted at delivery.
alter table outbox
  add column staff_id uuid,
  drop constraint outbox_addressee,
  add constraint outbox_addressee check (ticket_id is not null or customer_id is not null or staff_id is not null),
  add foreign key (tenant_id, staff_id) references staff (tenant_id, id) on delete cascade;

-- "Email me a sign-in link" is queued like the customers' request (answered after one insert, known address or
-- not); the outbox worker resolves it by kind.
alter table login_link_requests
  add column kind text not null default 'customer' check (kind in ('customer', 'staff')),
  add column console_url text check (length(console_url) <= 500);

-- Which tenant a sign-in link's or a staff session's hash belongs to, before any tenant is known.
create function porch_staff_token_owner(hash bytea) returns table (tenant_id uuid, kind text, id uuid)
  language sql stable security definer set search_path = public, pg_temp
  as $$
    select tenant_id, 'link', id from staff_links where token_hash = hash
    union all select tenant_id, 'session', id from staff_sessions where token_hash = hash $$;
revoke execute on function porch_staff_token_owner(bytea) from public;
grant execute on function porch_staff_token_owner(bytea) to porchlight_app;

-- The maintenance sweep also drops staff sign-in links and sessions a day after they expired (a session's row is
-- only needed while it can be used; a link's only to answer "used" or "expired" for a while).
create or replace function porch_token_sweep(p_now timestamptz) returns integer
  language plpgsql volatile security definer set search_path = public, pg_temp
  as $$
  declare removed integer := 0; n integer;
  begin
    delete from identity_jtis where expires_at <= p_now; get diagnostics n = row_count; removed := removed + n;
    delete from session_revocations where expires_at <= p_now; get diagnostics n = row_count; removed := removed + n;
    delete from refresh_tokens where expires_at <= p_now - interval '30 days';
    get diagnostics n = row_count; removed := removed + n;
    delete from staff_links where expires_at <= p_now - interval '1 day';
    get diagnostics n = row_count; removed := removed + n;
    delete from staff_sessions where expires_at <= p_now - interval '1 day';
    get diagnostics n = row_count; removed := removed + n;
    return removed;
  end $$;
