-- Invoices (issue 18). Money is integer minor units of the invoice's ISO 4217 currency; rates and discounts are
-- basis points (1/100 %), quantities thousandths. Totals are computed in code (lib/money.ts) and stored, so a sent
-- invoice reads back exactly as it was sent.

-- One row per tenant: the invoice number counter and what the PDF prints about the company. Creating an invoice
-- increments next_number in its own transaction: the row lock serialises concurrent creations and a rolled-back
-- creation rolls the counter back too, so numbers have no gaps and no duplicates.
create table invoice_settings (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  prefix text not null default 'INV-' check (length(prefix) <= 20),
  next_number integer not null default 1 check (next_number >= 1),
  address text check (length(address) <= 500),
  -- ISO 3166-1 alpha-2: US and CA print on Letter, everyone else on A4.
  country text check (country ~ '^[A-Z]{2}$'),
  -- Stripe credentials, AES-256-GCM with PORCHLIGHT_SECRET_KEY (iv ‖ tag ‖ ciphertext); never stored in plain text.
  stripe_secret_key bytea,
  stripe_webhook_secret bytea
);

create table invoices (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null,
  ticket_id uuid,
  seq integer not null,
  number text not null,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  status text not null default 'draft' check (status in ('draft', 'sent', 'partially_paid', 'paid', 'void')),
  issue_date date not null,
  due_date date not null check (due_date >= issue_date),
  subtotal bigint not null check (subtotal between 0 and 9007199254740991),
  tax_total bigint not null check (tax_total between 0 and 9007199254740991),
  total bigint not null check (total between 0 and 9007199254740991),
  amount_paid bigint not null default 0,
  amount_refunded bigint not null default 0,
  disputed boolean not null default false,
  sent_at timestamptz,
  voided_at timestamptz,
  paid_at timestamptz,
  created_at timestamptz not null,
  unique (tenant_id, id),
  unique (tenant_id, seq),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade,
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete set null (ticket_id)
);
create index invoices_by_customer on invoices (tenant_id, customer_id, issue_date desc);

create table invoice_lines (
  tenant_id uuid not null,
  invoice_id uuid not null,
  position integer not null,
  description text not null check (length(description) between 1 and 500),
  quantity_milli bigint not null check (quantity_milli > 0),
  unit_price bigint not null check (unit_price >= 0),
  discount_bp integer not null default 0 check (discount_bp between 0 and 10000),
  tax_rate_bp integer not null default 0 check (tax_rate_bp between 0 and 10000),
  net bigint not null,
  tax bigint not null,
  primary key (invoice_id, position),
  foreign key (tenant_id, invoice_id) references invoices (tenant_id, id) on delete cascade
);

-- Every Stripe event a tenant's webhook accepted, once (the primary key deduplicates replays). invoice_id is null
-- for an event that matched no invoice of the tenant: acknowledged so Stripe stops retrying, kept for the record.
create table stripe_events (
  tenant_id uuid not null references tenants (id) on delete cascade,
  event_id text not null,
  type text not null,
  invoice_id uuid,
  matched boolean not null,
  received_at timestamptz not null,
  primary key (tenant_id, event_id)
);

-- Money movements the webhook applied (payments positive, refunds negative), keyed by Stripe's object id so a
-- payment reported twice (checkout.session.completed and payment_intent.succeeded) counts once.
create table invoice_payments (
  tenant_id uuid not null,
  invoice_id uuid not null,
  stripe_ref text not null,
  kind text not null check (kind in ('payment', 'refund')),
  amount bigint not null check (amount > 0),
  created_at timestamptz not null,
  primary key (tenant_id, stripe_ref, kind),
  foreign key (tenant_id, invoice_id) references invoices (tenant_id, id) on delete cascade
);

do $$
declare t text;
begin
  foreach t in array array['invoice_settings', 'invoices', 'invoice_lines', 'stripe_events', 'invoice_payments'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = porch_current_tenant())
                    with check (tenant_id = porch_current_tenant())', t);
    execute format('grant select, insert, update, delete on %I to porchlight_app', t);
  end loop;
end $$;

-- Each "Pay" press is a new Checkout attempt with its own idempotency key; the SDK's retries of one attempt reuse it.
alter table invoices add column checkout_attempts integer not null default 0;
