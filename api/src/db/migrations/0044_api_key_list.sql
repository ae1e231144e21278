-- API keys get what the console's key list shows: a label, a revocation (the key stops at once) and the last use.
-- The last use is written by the lookup itself, at most once a minute per key: it runs on every API-key request.
alter table api_keys add column label text check (length(label) <= 80),
  add column revoked_at timestamptz,
  add column last_used_at timestamptz,
  add column seq bigint generated always as identity;

-- Which tenant and key an API key's hash is (live at the app's clock), recording the use.
create function porch_api_key_use(hash bytea, at timestamptz) returns table (tenant_id uuid, key_id uuid)
  language sql volatile security definer set search_path = public, pg_temp
  as $$
    with hit as (
      select id, tenant_id, last_used_at from api_keys
      where key_hash = hash and revoked_at is null and (expires_at is null or expires_at > at)
    ), touched as (
      update api_keys k set last_used_at = at from hit
      where k.id = hit.id and (hit.last_used_at is null or hit.last_used_at <= at - interval '1 minute')
    )
    select tenant_id, id from hit $$;

revoke execute on function porch_api_key_use(bytea, timestamptz) from public;
grant execute on function porch_api_key_use(bytea, timestamptz) to porchlight_app;

-- Superseded: porch_api_key_use also refuses revoked keys and names the key.
drop function porch_tenant_by_api_key(bytea, timestamptz);
