-- created_at comes from the application's clock, so rows created at the same instant (one request, or a fixed test
-- clock) share it. Lists that sort by created_at break the tie with seq, which keeps insertion order.
alter table tenants add column seq bigint generated always as identity;
alter table customers add column seq bigint generated always as identity;
alter table session_keys add column seq bigint generated always as identity;
alter table portal_profiles add column seq bigint generated always as identity;
alter table projects add column seq bigint generated always as identity;
alter table login_links add column seq bigint generated always as identity;
alter table share_links add column seq bigint generated always as identity;
alter table identity_keys add column seq bigint generated always as identity;
alter table sla_profiles add column seq bigint generated always as identity;
alter table booking_waitlist add column seq bigint generated always as identity;
alter table automated_actions add column seq bigint generated always as identity;
