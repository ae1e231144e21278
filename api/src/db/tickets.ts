import { notFound } from '../lib/outcomes';
import type { StatusKey, TicketEventKind } from '../schemas/contract/tickets';
import type { AdminTicketView, TicketCreateInput, TicketPatchInput } from '../schemas/tickets';
import type { Tx } from './client';
import { toColumns } from './columns';

export const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();
export const etaWindow = (from: Date | null, to: Date | null) =>
  from && to ? { from: iso(from)!, to: iso(to)! } : null;

async function assertVisible(
  tx: Tx,
  table: 'portal_profiles' | 'projects',
  id: string | null | undefined,
  what: string,
) {
  if (!id) return;
  const [row] =
    table === 'projects'
      ? await tx`select 1 from projects where id = ${id}`
      : await tx`select 1 from portal_profiles where id = ${id}`;
  if (!row) throw notFound(what);
}

/** `now` is the app clock's: the ticket is received, created and first updated at that instant, as its event says. */
export async function createTicket(tx: Tx, tenantId: string, input: TicketCreateInput, now: Date): Promise<string> {
  await assertVisible(tx, 'projects', input.projectId, 'Project');
  await assertVisible(tx, 'portal_profiles', input.profileId, 'Profile');
  const { customer, location } = input;
  const [row] = await tx<{ id: string }[]>`
    with c as (
      insert into customers (tenant_id, external_ref, name, email, phone, locale, created_at)
      values (${tenantId}, ${customer.externalRef ?? null}, ${customer.name}, ${customer.email ?? null},
              ${customer.phone ?? null}, ${customer.locale ?? null}, ${now})
      -- The company's own customer reference names one customer: their tickets, login links and identity meet there.
      on conflict (tenant_id, external_ref) where external_ref is not null do update
        set name = excluded.name, email = coalesce(excluded.email, customers.email),
            phone = coalesce(excluded.phone, customers.phone), locale = coalesce(excluded.locale, customers.locale)
      returning id
    ), l as (
      insert into locations (tenant_id, customer_id, line1, city, postal_code, country, timezone, lat, lng)
      select ${tenantId}, c.id, ${location.line1}, ${location.city}, ${location.postalCode ?? null}, ${location.country},
             ${location.timezone}, ${location.lat ?? null}, ${location.lng ?? null}
      from c returning id, customer_id
    ), t as (
      insert into tickets (tenant_id, external_ref, project_id, profile_id, customer_id, location_id, title, description,
                           internal_notes, skills, status_reached, created_at, updated_at)
      select ${tenantId}, ${input.externalRef ?? null}, ${input.projectId ?? null}, ${input.profileId ?? null},
             l.customer_id, l.id, ${input.title}, ${input.description ?? null}, ${input.internalNotes ?? null},
             ${input.skills ?? []}, jsonb_build_object('received', ${now}::timestamptz), ${now}, ${now}
      from l returning id, created_at
    )
    insert into ticket_events (tenant_id, ticket_id, kind, status, occurred_at)
    select ${tenantId}, t.id, 'created', 'received', t.created_at from t
    returning ticket_id as id`;
  return row!.id;
}

export async function ticketExists(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx`select 1 from tickets where id = ${id}`;
  return Boolean(row);
}

export async function getAdminTicket(tx: Tx, id: string): Promise<AdminTicketView | undefined> {
  const [row] = await tx`
    select t.*, c.name as customer_name, c.email as customer_email, c.phone as customer_phone,
           l.line1, l.city, l.postal_code, l.country, l.timezone, l.lat, l.lng,
           coalesce((select json_agg(json_build_object('id', e.seq::text, 'kind', e.kind, 'status', e.status,
                       'technician', e.technician_first_name, 'etaFrom', e.eta_from, 'etaTo', e.eta_to,
                       'occurredAt', e.occurred_at) order by e.seq)
                     from ticket_events e where e.ticket_id = t.id), '[]') as events
    from tickets t
    join customers c on c.id = t.customer_id
    join locations l on l.id = t.location_id
    where t.id = ${id}`;
  if (!row) return undefined;
  return {
    id: row.id,
    externalRef: row.external_ref,
    title: row.title,
    description: row.description,
    internalNotes: row.internal_notes,
    status: row.status,
    hold: row.hold,
    position: row.position_at ? { lat: row.position_lat, lng: row.position_lng, at: iso(row.position_at)! } : null,
    projectId: row.project_id,
    profileId: row.profile_id,
    skills: row.skills,
    customer: { id: row.customer_id, name: row.customer_name, email: row.customer_email, phone: row.customer_phone },
    location: {
      id: row.location_id,
      line1: row.line1,
      city: row.city,
      postalCode: row.postal_code,
      country: row.country,
      timezone: row.timezone,
      lat: row.lat,
      lng: row.lng,
    },
    technician: row.technician_first_name ? { firstName: row.technician_first_name } : null,
    eta: etaWindow(row.eta_from, row.eta_to),
    events: (
      row.events as {
        id: string;
        kind: TicketEventKind;
        status: StatusKey;
        technician: string | null;
        etaFrom: string | null;
        etaTo: string | null;
        occurredAt: string;
      }[]
    ).map((e) => ({
      id: e.id,
      kind: e.kind,
      status: e.status,
      technician: e.technician ? { firstName: e.technician } : null,
      eta: e.etaFrom && e.etaTo ? { from: iso(e.etaFrom)!, to: iso(e.etaTo)! } : null,
      occurredAt: iso(e.occurredAt)!,
    })),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export async function updateTicket(tx: Tx, id: string, patch: TicketPatchInput, now: Date): Promise<void> {
  await assertVisible(tx, 'projects', patch.projectId, 'Project');
  await assertVisible(tx, 'portal_profiles', patch.profileId, 'Profile');
  const columns = toColumns(patch, {
    externalRef: 'external_ref',
    title: 'title',
    description: 'description',
    internalNotes: 'internal_notes',
    projectId: 'project_id',
    profileId: 'profile_id',
    skills: 'skills',
  });
  const rows = await tx`update tickets set ${tx(columns)}, updated_at = ${now} where id = ${id} returning id`;
  if (rows.length === 0) throw notFound('Ticket');
}

export interface TicketSummary {
  id: string;
  externalRef: string | null;
  title: string;
  status: StatusKey;
  customerName: string;
  city: string;
  technician: string | null;
  updatedAt: string;
  /** To the microsecond: the place a list cursor holds. */
  createdAt: string;
}

export interface TicketListFilter {
  /** A LIKE pattern over lowercased text and the statuses whose label matches (see `searchFor`). */
  search?: { pattern: string; statuses: StatusKey[] };
  statuses?: StatusKey[];
  /** Continue after this ticket in the list's order. */
  after?: { createdAt: string; id: string };
  limit: number;
}

/** The tenant's tickets for the dispatcher's list, newest first (keyset order: created_at, id, both descending). */
export function listTickets(tx: Tx, tenantId: string, filter: TicketListFilter): Promise<TicketSummary[]> {
  const { search, statuses, after } = filter;
  return tx<TicketSummary[]>`
    select t.id, t.external_ref as "externalRef", t.title, t.status, c.name as "customerName", l.city,
           t.technician_first_name as technician, to_json(t.updated_at)#>>'{}' as "updatedAt",
           to_json(t.created_at)#>>'{}' as "createdAt"
    from tickets t join customers c on c.id = t.customer_id join locations l on l.id = t.location_id
    where true
      ${
        search
          ? tx`and t.id in (select porch_ticket_search(${tenantId}, null, ${search.pattern}, ${search.statuses}))`
          : tx``
      }
      ${statuses ? tx`and t.status = any (${statuses})` : tx``}
      ${after ? tx`and (t.created_at, t.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : tx``}
    order by t.created_at desc, t.id desc
    limit ${filter.limit}`;
}
