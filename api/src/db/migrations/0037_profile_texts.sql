-- Customer-facing texts per language (issue 19): a profile's salutation, booking text and disclaimer, and the
-- tenant's booking policy, become {"en": "…", "de": "…"}. A text stored before moves under its profile's language
-- (the policy under the default profile's), so what a customer saw before still shows; an empty one becomes none.
update portal_profiles set language = 'en' where language not in ('en', 'de', 'fr', 'es', 'it', 'ar');
alter table portal_profiles
  drop constraint if exists portal_profiles_booking_text_check,
  drop constraint if exists portal_profiles_booking_disclaimer_check,
  alter column salutation type jsonb
    using case when salutation <> '' then jsonb_build_object(language, salutation) end,
  alter column booking_text type jsonb
    using case when booking_text <> '' then jsonb_build_object(language, booking_text) end,
  alter column booking_disclaimer type jsonb
    using case when booking_disclaimer <> '' then jsonb_build_object(language, booking_disclaimer) end,
  add constraint portal_profiles_language check (language in ('en', 'de', 'fr', 'es', 'it', 'ar')),
  add constraint portal_profiles_texts check (jsonb_typeof(salutation) = 'object'
    and jsonb_typeof(booking_text) = 'object' and jsonb_typeof(booking_disclaimer) = 'object');

-- A column's type change cannot look at another table, so the policy is copied into a new column.
alter table tenants add column booking_policy_texts jsonb check (jsonb_typeof(booking_policy_texts) = 'object');
update tenants n
  set booking_policy_texts = jsonb_build_object(
    coalesce((select p.language from portal_profiles p where p.tenant_id = n.id and p.is_default), 'en'),
    n.booking_policy)
  where n.booking_policy <> '';
alter table tenants drop column booking_policy;
alter table tenants rename column booking_policy_texts to booking_policy;
