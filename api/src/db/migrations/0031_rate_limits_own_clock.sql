-- A request could pass any time and any window to porch_rate_hit: a far-future time or a one-second window trimmed
-- a key's history, so injected SQL in the request role could wipe anyone's counter. The function now reads the
-- database's own clock (or the time frozen in `platform_clock`, which only the owner can set — tests and drills set
-- it, requests cannot), and a key remembers the longest window it was counted under, so a shorter one never trims it.
create table platform_clock (
  singleton boolean primary key default true check (singleton),
  frozen_at timestamptz
);
alter table platform_clock enable row level security;
alter table platform_clock force row level security;

create function porch_now() returns timestamptz
  language sql stable security definer set search_path = public, pg_temp
  as $$ select coalesce((select frozen_at from platform_clock), clock_timestamp()) $$;
revoke execute on function porch_now() from public;

alter table rate_limits add column window_seconds integer not null default 0;

drop function porch_rate_hit(text, integer, integer, timestamptz);
create function porch_rate_hit(p_key text, p_limit integer, p_window_seconds integer) returns integer
  language plpgsql volatile security definer set search_path = public, pg_temp
  as $$
declare
  v_now timestamptz := porch_now();
  -- A sane range: at most the hour the maintenance sweep keeps a key, at least a second.
  v_limit integer := least(greatest(p_limit, 0), 10000);
  v_window integer := least(greatest(p_window_seconds, 1), 3600);
  v_kept integer;
  v_hits timestamptz[];
begin
  insert into rate_limits as r (key, hits, last_hit, window_seconds) values (p_key, array[v_now], v_now, v_window)
    on conflict (key) do nothing;
  if found then
    return case when v_limit >= 1 then 0 else v_window end;
  end if;
  select greatest(r.window_seconds, v_window), array(select h from unnest(r.hits) h order by h)
    into v_kept, v_hits from rate_limits r where r.key = p_key for update;
  -- History is trimmed by the longest window the key has known, and counted by this one.
  v_hits := array(select h from unnest(v_hits) h where h > v_now - make_interval(secs => v_kept) order by h);
  if (select count(*) from unnest(v_hits) h where h > v_now - make_interval(secs => v_window)) >= v_limit then
    update rate_limits set hits = v_hits, window_seconds = v_kept where key = p_key;
    -- The hit that has to leave the window before one more fits.
    return greatest(1, ceil(extract(epoch from
      v_hits[cardinality(v_hits) - v_limit + 1] + make_interval(secs => v_window) - v_now)))::integer;
  end if;
  update rate_limits set hits = v_hits || v_now, last_hit = greatest(last_hit, v_now), window_seconds = v_kept
    where key = p_key;
  return 0;
end $$;

revoke execute on function porch_rate_hit(text, integer, integer) from public;
grant execute on function porch_rate_hit(text, integer, integer) to porchlight_app;
