-- The customer's job list (issue 16): service history pages by a keyset on (completed_at, id), and search runs over a
-- trigram index (pg_trgm; PGlite loads it as a contrib extension).
create extension if not exists pg_trgm;

-- When the job was completed (else closed): the history's sort key. Kept from status_reached by a trigger, because
-- a text → timestamptz cast is not immutable and so cannot be a generated column.
alter table tickets add column completed_at timestamptz;

create function porch_ticket_completed_at() returns trigger
  language plpgsql
  as $$
begin
  new.completed_at := coalesce((new.status_reached ->> 'completed')::timestamptz,
                               (new.status_reached ->> 'closed')::timestamptz);
  return new;
end $$;

create trigger tickets_completed_at before insert or update of status_reached on tickets
  for each row execute function porch_ticket_completed_at();

update tickets set completed_at = coalesce((status_reached ->> 'completed')::timestamptz,
                                           (status_reached ->> 'closed')::timestamptz);

create index tickets_history on tickets (tenant_id, customer_id, completed_at desc, id desc)
  where completed_at is not null;
create index tickets_active on tickets (tenant_id, customer_id) where completed_at is null;

-- What a search matches on the ticket itself (the location and status labels are matched through their own rows).
alter table tickets add column search_text text generated always as (
  lower(coalesce(external_ref, '') || ' ' || title || ' ' || coalesce(description, '') || ' ' ||
        coalesce(technician_first_name, ''))) stored;
create index tickets_search on tickets using gin (search_text gin_trgm_ops);

alter table locations add column search_text text generated always as (
  lower(line1 || ' ' || coalesce(postal_code, '') || ' ' || city)) stored;
create index locations_search on locations using gin (search_text gin_trgm_ops);
create index tickets_by_location on tickets (tenant_id, location_id);
create index tickets_by_status on tickets (tenant_id, status);

-- The tickets whose text, location or status (`statuses`: those whose label matches, decided by the caller) match
-- `pattern` (a LIKE pattern over lowercased text). Row-level security lets an index serve only leakproof operators,
-- and LIKE is not one, so under RLS every search would read the whole tenant's tickets. This function runs as the
-- owner instead, answers only for the tenant the calling transaction has set (`p_tenant` must equal it) and returns
-- ids only; the caller reads the rows under RLS as usual. EXECUTE plans each search with its own pattern, so the
-- trigram indexes are chosen for a selective term (a generic plan cannot know the pattern).
create function porch_ticket_search(p_tenant uuid, p_customer uuid, p_pattern text, p_statuses text[])
  returns setof uuid
  language plpgsql stable security definer set search_path = public, pg_temp
  as $$
begin
  if p_tenant is distinct from porch_current_tenant() then
    return;
  end if;
  return query execute
    'select t.id from tickets t
     where t.tenant_id = $1 and t.search_text like $3 and ($2::uuid is null or t.customer_id = $2)
     union
     select t.id from locations l join tickets t on t.tenant_id = l.tenant_id and t.location_id = l.id
     where l.tenant_id = $1 and l.search_text like $3 and ($2::uuid is null or t.customer_id = $2)'
    || case when cardinality(p_statuses) > 0 then
    ' union
     select t.id from tickets t
     where t.tenant_id = $1 and t.status = any ($4) and ($2::uuid is null or t.customer_id = $2)' else '' end
    using p_tenant, p_customer, p_pattern, p_statuses;
end $$;
revoke execute on function porch_ticket_search(uuid, uuid, text, text[]) from public;
grant execute on function porch_ticket_search(uuid, uuid, text, text[]) to porchlight_app;
