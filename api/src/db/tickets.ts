import { ApiError, notFound } from '../lib/errors';
import { STATUSES, type PortalTicket, type StatusKey } from '../schemas/contract';
import type { AdminTicketView, TicketCreateInput, TicketEventInput, TicketPatchInput } from '../schemas/tickets';
import type { Tx } from './client';
import { toColumns } from './columns';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());
const window = (from: Date | null, to: Date | null) => (from && to ? { from: iso(from)!, to: iso(to)! } : null);
const rank = (status: StatusKey) => STATUSES.indexOf(status);

/** Statuses from which an ETA no longer makes sense: the technician is there or done. */
const ARRIVED = rank('onsite');

async function assertVisible(tx: Tx, table: 'portal_profiles' | 'projects', id: string | null | undefined, what: string) {
  if (!id) return;
  const [row] = table === 'projects' ? await tx`select 1 from projects where id = ${id}` : await tx`select 1 from portal_profiles where id = ${id}`;
  if (!row) throw notFound(what);
}

export async function createTicket(tx: Tx, tenantId: string, input: TicketCreateInput): Promise<string> {
  await assertVisible(tx, 'projects', input.projectId, 'Project');
  await assertVisible(tx, 'portal_profiles', input.profileId, 'Profile');
  const { customer, location } = input;
  const [row] = await tx<{ id: string }[]>`
    with c as (
      insert into customers (tenant_id, name, email, phone, locale)
      values (${tenantId}, ${customer.name}, ${customer.email ?? null}, ${customer.phone ?? null}, ${customer.locale ?? null})
      returning id
    ), l as (
      insert into locations (tenant_id, customer_id, line1, city, postal_code, country, timezone)
      select ${tenantId}, c.id, ${location.line1}, ${location.city}, ${location.postalCode ?? null}, ${location.country},
             ${location.timezone}
      from c returning id, customer_id
    ), t as (
      insert into tickets (tenant_id, external_ref, project_id, profile_id, customer_id, location_id, title, description,
                           internal_notes, skills, status_reached)
      select ${tenantId}, ${input.externalRef ?? null}, ${input.projectId ?? null}, ${input.profileId ?? null},
             l.customer_id, l.id, ${input.title}, ${input.description ?? null}, ${input.internalNotes ?? null},
             ${input.skills ?? []}, jsonb_build_object('received', now())
      from l returning id, created_at
    )
    insert into ticket_events (tenant_id, ticket_id, status, occurred_at)
    select ${tenantId}, t.id, 'received', t.created_at from t
    returning ticket_id as id`;
  return row!.id;
}

export async function getAdminTicket(tx: Tx, id: string): Promise<AdminTicketView | undefined> {
  const [row] = await tx`
    select t.*, c.name as customer_name, c.email as customer_email, c.phone as customer_phone,
           l.line1, l.city, l.postal_code, l.country, l.timezone,
           coalesce((select json_agg(json_build_object('id', e.id::text, 'status', e.status,
                       'technician', e.technician_first_name, 'etaFrom', e.eta_from, 'etaTo', e.eta_to,
                       'occurredAt', e.occurred_at) order by e.id)
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
    },
    technician: row.technician_first_name ? { firstName: row.technician_first_name } : null,
    eta: window(row.eta_from, row.eta_to),
    events: (row.events as { id: string; status: StatusKey; technician: string | null; etaFrom: string | null; etaTo: string | null; occurredAt: string }[]).map((e) => ({
      id: e.id,
      status: e.status,
      technician: e.technician ? { firstName: e.technician } : null,
      eta: e.etaFrom && e.etaTo ? { from: iso(e.etaFrom)!, to: iso(e.etaTo)! } : null,
      occurredAt: iso(e.occurredAt)!,
    })),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export async function updateTicket(tx: Tx, id: string, patch: TicketPatchInput): Promise<void> {
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
  const rows = await tx`update tickets set ${tx(columns)}, updated_at = now() where id = ${id} returning id`;
  if (rows.length === 0) throw notFound('Ticket');
}

/**
 * Appends a status event. Statuses only move forward (repeating the current one updates technician or ETA);
 * the row lock serialises concurrent appends so the order check cannot race.
 */
export async function appendStatusEvent(tx: Tx, tenantId: string, id: string, input: TicketEventInput, now: Date): Promise<void> {
  const [ticket] = await tx<{ status: StatusKey }[]>`select status from tickets where id = ${id} for update`;
  if (!ticket) throw notFound('Ticket');
  if (ticket.status === 'closed') throw new ApiError(409, 'TICKET_CLOSED', 'The ticket is closed');
  if (rank(input.status) < rank(ticket.status)) {
    throw new ApiError(409, 'STATUS_OUT_OF_ORDER', `The ticket is already past ${input.status} (it is ${ticket.status})`);
  }
  const arrived = rank(input.status) >= ARRIVED;
  if (input.eta && arrived) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'An ETA only applies before the technician arrives', {
      issues: [{ path: 'eta', message: `Not allowed with status ${input.status}` }],
    });
  }
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  const technician = input.technician?.firstName ?? null;
  await tx`
    update tickets set
      status = ${input.status},
      technician_first_name = coalesce(${technician}, technician_first_name),
      eta_from = case when ${arrived} then null else coalesce(${input.eta?.from ?? null}::timestamptz, eta_from) end,
      eta_to = case when ${arrived} then null else coalesce(${input.eta?.to ?? null}::timestamptz, eta_to) end,
      closed_at = case when ${input.status} = 'closed' then ${occurredAt} else closed_at end,
      status_reached = case when status_reached ? ${input.status} then status_reached
                            else status_reached || jsonb_build_object(${input.status}::text, ${occurredAt}::timestamptz) end,
      updated_at = ${now}
    where id = ${id}`;
  await tx`
    insert into ticket_events (tenant_id, ticket_id, status, technician_first_name, eta_from, eta_to, occurred_at)
    values (${tenantId}, ${id}, ${input.status}, ${technician}, ${input.eta?.from ?? null}, ${input.eta?.to ?? null}, ${occurredAt})`;
}

/** What the customer's timeline needs — and nothing else: no notes, no contact data, no address. */
export const portalTicketQuery = (tx: Tx, id: string) => tx`
  select t.id, t.external_ref, t.title, t.status, l.timezone, t.technician_first_name, t.eta_from, t.eta_to,
         t.updated_at, t.status_reached as reached
  from tickets t join locations l on l.id = t.location_id
  where t.id = ${id}`;

export function toPortalTicket(row: Record<string, any>): PortalTicket {
  const current = rank(row.status);
  const reached = row.reached as Record<string, string>;
  return {
    id: row.id,
    reference: row.external_ref,
    title: row.title,
    status: row.status,
    timezone: row.timezone,
    technician: row.technician_first_name ? { firstName: row.technician_first_name } : null,
    eta: window(row.eta_from, row.eta_to),
    steps: STATUSES.map((status, index) => ({
      status,
      state: index < current ? 'done' : index === current ? 'current' : 'upcoming',
      at: index <= current ? iso(reached[status] ?? null) : null,
    })),
    updatedAt: iso(row.updated_at)!,
  };
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
}

/** Newest first, for the dispatcher's list. */
export function listTickets(tx: Tx, limit: number): Promise<TicketSummary[]> {
  return tx<TicketSummary[]>`
    select t.id, t.external_ref as "externalRef", t.title, t.status, c.name as "customerName", l.city,
           t.technician_first_name as technician, to_json(t.updated_at)#>>'{}' as "updatedAt"
    from tickets t join customers c on c.id = t.customer_id join locations l on l.id = t.location_id
    order by t.created_at desc, t.id
    limit ${limit}`;
}
