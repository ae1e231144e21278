-- Identity assertions seen, by `jti`, until the assertion would have expired anyway: a replay is refused in every
-- process because the row is shared.
create table identity_jtis (
  tenant_id uuid not null references tenants (id) on delete cascade,
  jti text not null,
  expires_at timestamptz not null,
  primary key (tenant_id, jti)
);

-- Revoked session chains (`sid`), links (`lid`) and remembered devices (`fam`). Session verification refuses a
-- session naming one. A row is needed only while a session could still name it (a session lives 30 minutes and
-- renewing needs a live, unrevoked session), so rows expire and are swept.
create table session_revocations (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null,
  expires_at timestamptz not null,
  primary key (tenant_id, id)
);

-- "Keep me signed in on this device": rotating refresh tokens, stored as SHA-256 hashes. Each use marks the row
-- used and issues the next one in the same family; presenting a used one revokes the whole family (a stolen copy).
create table refresh_tokens (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid primary key default gen_random_uuid(),
  family_id uuid not null,
  customer_id uuid not null,
  token_hash bytea not null unique,
  via text not null check (via in ('login', 'identity')),
  scopes text[] not null,
  auth_time timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
);
create index refresh_tokens_family on refresh_tokens (tenant_id, family_id);

do $$
declare t text;
begin
  foreach t in array array['identity_jtis', 'session_revocations', 'refresh_tokens'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = porch_current_tenant())
                    with check (tenant_id = porch_current_tenant())', t);
  end loop;
end $$;

-- Session signing secrets are sealed with AES-256-GCM under PORCHLIGHT_SECRET_KEY; rows written before this
-- migration stay plaintext (sealed = false) until the application seals them on its next start.
alter table session_keys add column sealed boolean not null default false;

-- Which tenant a refresh token's hash belongs to, before any tenant is known.
create function porch_refresh_token_owner(hash bytea) returns uuid
  language sql stable security definer set search_path = public, pg_temp
  as $$ select tenant_id from refresh_tokens where token_hash = hash $$;

-- Drops seen assertion ids and revocations no session can name any more; refresh tokens 30 days past expiry.
create function porch_token_sweep(p_now timestamptz) returns integer
  language plpgsql volatile security definer set search_path = public, pg_temp
  as $$
  declare removed integer := 0; n integer;
  begin
    delete from identity_jtis where expires_at <= p_now; get diagnostics n = row_count; removed := removed + n;
    delete from session_revocations where expires_at <= p_now; get diagnostics n = row_count; removed := removed + n;
    delete from refresh_tokens where expires_at <= p_now - interval '30 days';
    get diagnostics n = row_count; removed := removed + n;
    return removed;
  end $$;

revoke execute on function porch_refresh_token_owner(bytea), porch_token_sweep(timestamptz) from public;
grant execute on function porch_refresh_token_owner(bytea), porch_token_sweep(timestamptz) to porchlight_app;
