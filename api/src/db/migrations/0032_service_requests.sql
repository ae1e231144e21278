-- Service requests (issue 17): a customer asks for a visit from the portal; the company approves it (a ticket is
-- created) or declines it with a reason. The tenant's switch is tenants.service_requests_enabled (0001).

-- The service types a customer chooses from; the company edits the list in its settings.
alter table tenants add column service_types text[] not null
  default '{Repair,Maintenance,Installation,Inspection}'
  check (cardinality(service_types) between 1 and 30);

create table service_requests (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  -- What the customer and the company quote: SR- and 8 random characters, unique per tenant.
  reference text not null,
  customer_id uuid not null,
  -- One of the customer's own locations, or a new address (never both).
  location_id uuid,
  address jsonb,
  service_type text not null check (length(service_type) between 1 and 100),
  description text not null check (length(description) between 1 and 2000),
  preferred_date date,
  urgency text not null check (urgency in ('low', 'normal', 'high', 'emergency')),
  status text not null default 'pending' check (status in ('pending', 'approved', 'declined')),
  decline_reason text check (length(decline_reason) between 1 and 1000),
  ticket_id uuid,
  decided_at timestamptz,
  created_at timestamptz not null,
  unique (tenant_id, id),
  unique (tenant_id, reference),
  check ((location_id is null) <> (address is null)),
  check ((status = 'declined') = (decline_reason is not null)),
  check ((status = 'pending') = (decided_at is null)),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade,
  foreign key (tenant_id, location_id) references locations (tenant_id, id),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete set null (ticket_id)
);
create index service_requests_by_customer on service_requests (tenant_id, customer_id, created_at desc, seq desc);
create index service_requests_by_status on service_requests (tenant_id, status, created_at desc, seq desc);

alter table service_requests enable row level security;
alter table service_requests force row level security;
create policy tenant_isolation on service_requests using (tenant_id = porch_current_tenant())
  with check (tenant_id = porch_current_tenant());
