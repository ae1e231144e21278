-- Uploaded logos (JPEG or PNG, at most 20,480 bytes and 25 px high, metadata stripped), served from our origin by
-- their content hash. A profile's logo_url then points at /v1/logos/<tenant>/<sha256>.<ext>.
create table logos (
  tenant_id uuid not null references tenants (id) on delete cascade,
  sha256 bytea not null check (length(sha256) = 32),
  content_type text not null check (content_type in ('image/png', 'image/jpeg')),
  bytes bytea not null check (length(bytes) <= 20480),
  width integer not null,
  height integer not null check (height between 1 and 25),
  created_at timestamptz not null,
  primary key (tenant_id, sha256)
);
alter table logos enable row level security;
alter table logos force row level security;
create policy tenant_isolation on logos using (tenant_id = porch_current_tenant())
  with check (tenant_id = porch_current_tenant());
