-- Invoices, continued (issue 18): refunds and disputes keyed by the payment they belong to, refund states, and
-- credit notes.

-- A refund returns money the customer paid: it never makes an invoice due again. `refunded` = everything paid was
-- returned, `partially_refunded` = some of it; `credited` = credit notes cover the whole total.
alter table invoices drop constraint invoices_status_check;
alter table invoices add constraint invoices_status_check
  check (status in ('draft', 'sent', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'credited', 'void'));
alter table invoices add column amount_credited bigint not null default 0;

-- Refunds and disputes are kept by the PaymentIntent they belong to, not by invoice: Stripe may deliver them before
-- the payment itself. They count for an invoice as soon as (and whenever) that payment is recorded for it.
-- The refunded amount is Stripe's cumulative figure for the payment (greatest wins, so a late older event is moot).
create table stripe_refunds (
  tenant_id uuid not null references tenants (id) on delete cascade,
  payment_ref text not null,
  amount bigint not null check (amount > 0),
  updated_at timestamptz not null,
  primary key (tenant_id, payment_ref)
);

-- One row per dispute. A closed dispute stays closed (a late `created` cannot reopen it); `open` is whether it
-- holds the payment (needs a response, or lost).
create table stripe_disputes (
  tenant_id uuid not null references tenants (id) on delete cascade,
  dispute_id text not null,
  payment_ref text not null,
  open boolean not null,
  closed boolean not null,
  updated_at timestamptz not null,
  primary key (tenant_id, dispute_id)
);
create index stripe_disputes_by_payment on stripe_disputes (tenant_id, payment_ref);

-- The payment an event is about, so an event recorded unmatched becomes matched when its payment arrives.
alter table stripe_events add column payment_ref text;
create index stripe_events_by_payment on stripe_events (tenant_id, payment_ref) where payment_ref is not null;

insert into stripe_refunds (tenant_id, payment_ref, amount, updated_at)
  select tenant_id, stripe_ref, amount, created_at from invoice_payments where kind = 'refund';
delete from invoice_payments where kind = 'refund';
insert into stripe_disputes (tenant_id, dispute_id, payment_ref, open, closed, updated_at)
  select i.tenant_id, 'migrated-' || i.id, p.stripe_ref, true, false, i.created_at
  from invoices i
  join lateral (select stripe_ref from invoice_payments where invoice_id = i.id and kind = 'payment' limit 1) p on true
  where i.disputed;

-- Credit notes: numbered per tenant without gaps like invoices (own prefix and counter, same row lock).
alter table invoice_settings
  add column credit_note_prefix text not null default 'CN-' check (length(credit_note_prefix) <= 20),
  add column next_credit_note_number integer not null default 1 check (next_credit_note_number >= 1);

create table credit_notes (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid primary key default gen_random_uuid(),
  invoice_id uuid not null,
  seq integer not null,
  number text not null,
  reason text check (length(reason) <= 500),
  issue_date date not null,
  subtotal bigint not null check (subtotal between 0 and 9007199254740991),
  tax_total bigint not null check (tax_total between 0 and 9007199254740991),
  total bigint not null check (total between 1 and 9007199254740991),
  created_at timestamptz not null,
  unique (tenant_id, id),
  unique (tenant_id, seq),
  foreign key (tenant_id, invoice_id) references invoices (tenant_id, id) on delete cascade
);
create index credit_notes_by_invoice on credit_notes (tenant_id, invoice_id, seq);

create table credit_note_lines (
  tenant_id uuid not null,
  credit_note_id uuid not null,
  position integer not null,
  description text not null check (length(description) between 1 and 500),
  quantity_milli bigint not null check (quantity_milli > 0),
  unit_price bigint not null check (unit_price >= 0),
  discount_bp integer not null default 0 check (discount_bp between 0 and 10000),
  tax_rate_bp integer not null default 0 check (tax_rate_bp between 0 and 10000),
  net bigint not null,
  tax bigint not null,
  primary key (credit_note_id, position),
  foreign key (tenant_id, credit_note_id) references credit_notes (tenant_id, id) on delete cascade
);

-- Least privilege: credit notes are never changed or deleted by the application; refunds and disputes are upserted.
do $$
declare t text;
begin
  foreach t in array array['stripe_refunds', 'stripe_disputes', 'credit_notes', 'credit_note_lines'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = porch_current_tenant())
                    with check (tenant_id = porch_current_tenant())', t);
  end loop;
end $$;
grant select, insert, update on stripe_refunds, stripe_disputes to porchlight_app;
grant select, insert on credit_notes, credit_note_lines to porchlight_app;
