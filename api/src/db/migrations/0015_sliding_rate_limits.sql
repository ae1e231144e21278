-- Rate limits become a sliding log: a key keeps the times of its accepted hits within the window (at most `limit`
-- of them), so no interval of the window's length ever admits more than `limit` — the fixed windows before let 2×
-- through across a boundary. Still one security-definer call per hit, shared by every process; the row lock of the
-- key serialises concurrent hits. Refused hits are not recorded, so a client that keeps hammering is let in again
-- as soon as its oldest accepted hit leaves the window, and no sooner.
drop function porch_rate_hit(text, integer, integer, timestamptz);
drop function porch_rate_sweep(timestamptz);
drop table rate_limits;

create table rate_limits (
  key text primary key,
  hits timestamptz[] not null,
  last_hit timestamptz not null
);
alter table rate_limits enable row level security;
alter table rate_limits force row level security;
create index rate_limits_last_hit on rate_limits (last_hit);

create function porch_rate_hit(p_key text, p_limit integer, p_window_seconds integer, p_now timestamptz) returns integer
  language plpgsql volatile security definer set search_path = public, pg_temp
  as $$
declare
  v_since timestamptz := p_now - make_interval(secs => p_window_seconds);
  v_hits timestamptz[];
begin
  insert into rate_limits as r (key, hits, last_hit) values (p_key, array[p_now], p_now)
    on conflict (key) do nothing;
  if found then
    return case when p_limit >= 1 then 0 else p_window_seconds end;
  end if;
  select array(select h from unnest(r.hits) h where h > v_since order by h) into v_hits
    from rate_limits r where r.key = p_key for update;
  if cardinality(v_hits) >= p_limit then
    update rate_limits set hits = v_hits where key = p_key;
    -- The hit that has to leave the window before one more fits.
    return greatest(1, ceil(extract(epoch from
      v_hits[cardinality(v_hits) - p_limit + 1] + make_interval(secs => p_window_seconds) - p_now)))::integer;
  end if;
  update rate_limits set hits = v_hits || p_now, last_hit = greatest(last_hit, p_now) where key = p_key;
  return 0;
end $$;

create function porch_rate_sweep(p_before timestamptz) returns integer
  language sql volatile security definer set search_path = public, pg_temp
  as $$ with gone as (delete from rate_limits where last_hit < p_before returning 1) select count(*)::integer from gone $$;

revoke execute on function porch_rate_hit(text, integer, integer, timestamptz), porch_rate_sweep(timestamptz) from public;
grant execute on function porch_rate_hit(text, integer, integer, timestamptz), porch_rate_sweep(timestamptz)
  to porchlight_app;
