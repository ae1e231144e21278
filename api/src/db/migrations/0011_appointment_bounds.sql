-- Month availability asks, per window, which engineers have a visit overlapping it. Under row-level security the
-- GiST index on `during` cannot serve that (`&&` is not leakproof), so each window used to meet every visit of three
-- site days in a nested loop. Visits now carry their bounds as plain columns, and a visit is never longer than a
-- day (windows are times of one day; 25 hours covers the autumn clock change), so "overlaps the window" becomes a
-- btree range on the start — `starts_at` after the window's start minus 25 hours and before its end — plus one
-- comparison on the end. Timestamp comparisons are leakproof, so RLS keeps the index usable.
alter table appointments
  add column starts_at timestamptz generated always as (lower(during)) stored,
  add column ends_at timestamptz generated always as (upper(during)) stored,
  add constraint appointments_at_most_a_day check (upper(during) - lower(during) <= interval '25 hours');
create index appointments_by_start on appointments (tenant_id, starts_at) include (engineer_id, ends_at) where cancelled_at is null;
