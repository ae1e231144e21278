-- Modules per profile (issue 16): which sections a profile's links grant. `status` is always on; `appointment` also
-- needs the booking mode. Sections that do not exist yet may be chosen already and grant their scope when they come.
alter table portal_profiles add column modules text[] not null default '{status,appointment,updates,share}'
  check (modules <@ '{status,appointment,updates,share,feedback,requests,messages,invoices}'
         and 'status' = any (modules));
