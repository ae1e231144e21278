-- Least privilege. On PostgreSQL the API no longer logs in as the owner and switches role per transaction (injected
-- SQL could RESET ROLE back to the owner): its request pool logs in as porchlight_app itself, and the platform jobs
-- (outbox claims, position retention, rate-counter sweeps) log in as porchlight_worker, a member of porchlight_app
-- that alone may call the cross-tenant functions those jobs need. Neither is a superuser or BYPASSRLS. The owner
-- (DATABASE_URL) keeps migrations and the CLI. A DBA may create both roles beforehand (docs/architecture.md,
-- "Database roles"); then this only checks them. Roles are cluster-wide, so databases migrating at once may race:
-- a loser's error is ignored once the winner's change is there.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'porchlight_worker') then
    create role porchlight_worker nologin nosuperuser nobypassrls;
  end if;
exception when duplicate_object or unique_violation then null;
end $$;

do $$
declare
  role_name text;
begin
  foreach role_name in array array['porchlight_app', 'porchlight_worker'] loop
    if exists (select 1 from pg_roles where rolname = role_name and (rolsuper or rolbypassrls)) then
      raise exception '% must be neither superuser nor BYPASSRLS', role_name;
    end if;
    if not (select rolcanlogin from pg_roles where rolname = role_name) then
      begin
        execute format('alter role %I login', role_name);
      exception when others then
        if not (select rolcanlogin from pg_roles where rolname = role_name) then
          raise exception 'role % cannot log in and the owner may not change that: as a superuser run ALTER ROLE % LOGIN PASSWORD ''…'' (see docs/architecture.md, "Database roles")', role_name, role_name;
        end if;
      end;
    end if;
  end loop;
  if not pg_has_role('porchlight_worker', 'porchlight_app', 'usage') then
    begin
      grant porchlight_app to porchlight_worker;
    exception when others then
      if not pg_has_role('porchlight_worker', 'porchlight_app', 'usage') then
        raise exception 'porchlight_worker must be a member of porchlight_app: as a superuser run GRANT porchlight_app TO porchlight_worker';
      end if;
    end;
  end if;
end $$;

-- The embedded database has one user, which switches to the worker role per transaction (as the CLI may).
do $$
begin
  execute format('grant porchlight_worker to %I', current_user);
exception when others then null; -- already a member, or a superuser
end $$;

-- The platform jobs' functions take the caller's clock or act across tenants (claiming any tenant's mail, deleting
-- any tenant's positions, wiping every rate counter, listing the tenants with queued link requests), so only the
-- worker role may call them; requests cannot.
-- By name, so a later signature (e.g. a rewritten sweep) is covered the same way when this runs after it.
do $$
declare
  fn regprocedure;
begin
  for fn in select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'public'
              and p.proname in ('porch_outbox_claim', 'porch_expire_positions', 'porch_rate_sweep',
                                'porch_login_link_request_tenants', 'porch_token_sweep') loop
    execute format('revoke execute on function %s from public, porchlight_app', fn);
    execute format('grant execute on function %s to porchlight_worker', fn);
  end loop;
end $$;
