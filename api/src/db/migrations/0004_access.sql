-- Access: login links (magic links), delegated share links, company-minted identity, scheduled session-key
-- retirement and rate limits kept in the database so every API process sees the same counters.
alter table tenants
  add column login_link_ttl_minutes integer not null default 10 check (login_link_ttl_minutes between 1 and 10),
  -- What a customer-wide session (login link, company-minted identity) may do.
  add column customer_scopes text[] not null default '{track,book,feedback,invoices,pay,requests,comments}'
    check (customer_scopes <@ array['track', 'book', 'feedback', 'invoices', 'pay', 'requests', 'comments']);

-- A company-minted identity's `sub` names the customer by the company's own reference.
create unique index customers_external_ref on customers (tenant_id, external_ref) where external_ref is not null;
create index customers_email on customers (tenant_id, lower(email)) where email is not null;

create table login_links (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null,
  token_hash bytea not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
);
create index login_links_open on login_links (tenant_id, customer_id) where used_at is null and revoked_at is null;

-- "Email me a new link" requests waiting for the mail outbox (issue #7). The link itself is issued when the mail is
-- sent, so no plaintext token ever rests in the database.
create table login_link_requests (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null,
  email text not null,
  requested_at timestamptz not null default now(),
  processed_at timestamptz,
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
);
create index login_link_requests_pending on login_link_requests (requested_at) where processed_at is null;

-- View-only links a customer hands to a colleague or family member for one ticket.
create table share_links (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  ticket_id uuid not null,
  customer_id uuid not null,
  token_hash bytea not null unique,
  label text,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade
);
create index share_links_by_ticket on share_links (tenant_id, ticket_id);

-- Keys a company registered to mint identities for its own logged-in customers.
create table identity_keys (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  issuer text not null,
  audience text not null,
  algorithms text[] not null check (algorithms <@ array['RS256', 'ES256', 'EdDSA'] and cardinality(algorithms) > 0),
  jwks_url text,
  jwks jsonb,
  created_at timestamptz not null default now(),
  check ((jwks_url is null) <> (jwks is null))
);
create unique index identity_keys_issuer on identity_keys (tenant_id, issuer);

do $$
declare t text;
begin
  foreach t in array array['login_links', 'login_link_requests', 'share_links', 'identity_keys'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = porch_current_tenant())
                    with check (tenant_id = porch_current_tenant())', t);
  end loop;
end $$;

-- Which tenant and kind of link a token hash belongs to, before any tenant is known.
create function porch_token_owner(hash bytea) returns table (tenant_id uuid, kind text, link_id uuid)
  language sql stable security definer set search_path = public, pg_temp
  as $$
    select tenant_id, 'ticket', id from ticket_links where token_hash = hash
    union all select tenant_id, 'login', id from login_links where token_hash = hash
    union all select tenant_id, 'share', id from share_links where token_hash = hash $$;

-- API keys expire by the application's clock (rotation overlaps are decided there, and tests move that clock).
create function porch_tenant_by_api_key(hash bytea, at timestamptz) returns uuid
  language sql stable security definer set search_path = public, pg_temp
  as $$ select tenant_id from api_keys where key_hash = hash and (expires_at is null or expires_at > at) $$;

create function porch_tenant_by_public_id(p_public_id text) returns uuid
  language sql stable security definer set search_path = public, pg_temp
  as $$ select id from tenants where public_id = p_public_id $$;

-- Rate limits are not tenant data (a limit per IP spans tenants): one fixed-window counter per key, taken and
-- counted in a single upsert, so concurrent requests in any number of processes share it. Answers the seconds to
-- wait when the key is over its limit, else 0.
create table rate_limits (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);
alter table rate_limits enable row level security;
alter table rate_limits force row level security;

create function porch_rate_hit(p_key text, p_limit integer, p_window_seconds integer, p_now timestamptz) returns integer
  language sql volatile security definer set search_path = public, pg_temp
  as $$
    with bucket as (
      select to_timestamp(floor(extract(epoch from p_now) / p_window_seconds) * p_window_seconds) as start
    ), hit as (
      insert into rate_limits as r (key, window_start, hits)
      select p_key, start, 1 from bucket
      on conflict (key) do update
        set hits = case when r.window_start = excluded.window_start then r.hits + 1 else 1 end,
            window_start = excluded.window_start
      returning hits, window_start
    )
    select case when hits > p_limit
                then greatest(1, ceil(extract(epoch from window_start + make_interval(secs => p_window_seconds) - p_now)))::integer
                else 0 end
    from hit $$;

create function porch_rate_sweep(p_before timestamptz) returns integer
  language sql volatile security definer set search_path = public, pg_temp
  as $$ with gone as (delete from rate_limits where window_start < p_before returning 1) select count(*)::integer from gone $$;

revoke execute on function porch_token_owner(bytea), porch_tenant_by_public_id(text), porch_tenant_by_api_key(bytea, timestamptz),
  porch_rate_hit(text, integer, integer, timestamptz), porch_rate_sweep(timestamptz) from public;
grant execute on function porch_token_owner(bytea), porch_tenant_by_public_id(text), porch_tenant_by_api_key(bytea, timestamptz),
  porch_rate_hit(text, integer, integer, timestamptz), porch_rate_sweep(timestamptz) to porchlight_app;

-- Superseded: porch_token_owner answers for every kind of link, porch_tenant_by_api_key(hash, at) uses the app's clock.
drop function porch_link_by_token_hash(bytea);
drop function porch_tenant_by_api_key(bytea);
