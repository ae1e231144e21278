import { sectionsFor } from '../lib/modules';
import type { PortalMode, Scope } from '../schemas/contract/access';
import type { PortalJob } from '../schemas/contract/jobs';
import type { Module } from '../schemas/contract/portal';
import type { StatusKey, StatusLabels } from '../schemas/contract/tickets';
import type { Tx } from './client';
import { iso } from './tickets';

/** Whose jobs a query sees: a customer-wide session all of its customer's, a ticket-link session its one ticket. */
export interface JobViewer {
  tenantId: string;
  customerId: string;
  ticketId: string | null;
  scopes: Scope[];
  canShare: boolean;
}

export interface JobQuery {
  view: 'active' | 'history';
  /** A LIKE pattern over lowercased text and the statuses whose label matches (see `searchPattern`). */
  search?: { pattern: string; statuses: StatusKey[] };
  statuses?: StatusKey[];
  /** Inclusive calendar dates (UTC) on the received date (active) or the completion date (history). */
  from?: string;
  to?: string;
  /** A fragment of the service address (street, postal code or city). */
  location?: string;
  /** The last row of the previous page: by completion (history), or by status rank and last change (active). */
  after?: JobAfter;
  limit: number;
}

/** Where a page continues: after this row in the view's order. */
export type JobAfter = { completedAt: string; id: string } | { rank: number; updatedAt: string; id: string };

/** Active jobs by how far along they are: in progress, on the way, scheduled, received. */
export const ACTIVE_ORDER: StatusKey[] = ['onsite', 'on_route', 'dispatched', 'scheduling', 'received'];

interface JobRow {
  id: string;
  external_ref: string | null;
  title: string;
  status: StatusKey;
  hold: 'on_hold' | 'cancelled' | null;
  technician_first_name: string | null;
  updated_at: Date;
  completed_at: Date | null;
  line1: string;
  city: string;
  postal_code: string | null;
  timezone: string;
  starts_at: Date | null;
  ends_at: Date | null;
  mode: PortalMode;
  feedback_enabled: boolean;
  modules: Module[];
  status_labels: StatusLabels;
}

/** Escapes LIKE's wildcards so a term matches itself: `100%` finds "100%", not everything. */
export const likeContaining = (term: string) => `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of a customer's jobs. Active: in progress first, then on the way, then scheduled, then received (newest
 * change first within each). History: newest completion first, keyset-paginated on (completed_at, id), so jobs
 * completed while the customer pages only ever appear before the first page, never shift later pages.
 */
export async function listJobs(tx: Tx, viewer: JobViewer, query: JobQuery): Promise<PortalJob[]> {
  const history = query.view === 'history';
  const { search, after } = query;
  // Active: by rank, then the last change to the millisecond (what a cursor carries), newest first.
  const rank = tx`array_position(${ACTIVE_ORDER}::text[], t.status::text)`;
  const changed = tx`date_trunc('milliseconds', t.updated_at)`;
  const order = history ? tx`t.completed_at desc, t.id desc` : tx`${rank}, ${changed} desc, t.id desc`;
  const continues = !after
    ? tx``
    : 'completedAt' in after
      ? tx`and (t.completed_at, t.id) < (${after.completedAt}::timestamptz, ${after.id}::uuid)`
      : tx`and (${rank} > ${after.rank}
                or (${rank} = ${after.rank} and (${changed}, t.id) < (${after.updatedAt}::timestamptz, ${after.id}::uuid)))`;
  // The page is chosen on tickets alone (an ordered walk of the history index that stops at the limit); only its
  // rows are then joined with their location, profile and visit.
  const rows = await tx<JobRow[]>`
    with page as (
      select t.* from tickets t
      where t.customer_id = ${viewer.customerId}
        ${viewer.ticketId ? tx`and t.id = ${viewer.ticketId}` : tx``}
        ${history ? tx`and t.completed_at is not null` : tx`and t.completed_at is null`}
        ${
          search
            ? tx`and t.id in (select porch_ticket_search(${viewer.tenantId}, ${viewer.customerId}, ${search.pattern},
                                                         ${search.statuses}))`
            : tx``
        }
        ${query.statuses ? tx`and t.status = any (${query.statuses})` : tx``}
        ${query.from ? tx`and ${history ? tx`t.completed_at` : tx`t.created_at`} >= ${query.from}::date` : tx``}
        ${query.to ? tx`and ${history ? tx`t.completed_at` : tx`t.created_at`} < ${query.to}::date + 1` : tx``}
        ${
          query.location
            ? tx`and t.location_id in (select id from locations where search_text like ${likeContaining(query.location)})`
            : tx``
        }
        ${continues}
      order by ${order}
      limit ${query.limit}
    )
    select t.id, t.external_ref, t.title, t.status, t.hold, t.technician_first_name, t.updated_at, t.completed_at,
           l.line1, l.city, l.postal_code, l.timezone, a.starts_at, a.ends_at,
           p.mode, p.feedback_enabled, p.modules, p.status_labels
    from page t
    join locations l on l.id = t.location_id
    left join projects pr on pr.id = t.project_id
    join portal_profiles p on p.id = coalesce(t.profile_id, pr.profile_id,
                                              (select id from portal_profiles where is_default))
    left join appointments a on a.ticket_id = t.id and a.cancelled_at is null
    order by ${order}`;
  return rows.map((row) => toJob(row, viewer));
}

/** One job of the viewer, or undefined when it is not theirs (another customer's, another tenant's). */
export async function getJob(tx: Tx, viewer: JobViewer, id: string): Promise<PortalJob | undefined> {
  if (viewer.ticketId && viewer.ticketId !== id) return undefined;
  const scoped = { ...viewer, ticketId: id };
  const [active] = await listJobs(tx, scoped, { view: 'active', limit: 1 });
  if (active) return active;
  const [done] = await listJobs(tx, scoped, { view: 'history', limit: 1 });
  return done;
}

function toJob(row: JobRow, viewer: JobViewer): PortalJob {
  return {
    id: row.id,
    reference: row.external_ref,
    title: row.title,
    status: row.status,
    hold: row.hold,
    labels: row.status_labels ?? {},
    location: { line1: row.line1, city: row.city, postalCode: row.postal_code },
    timezone: row.timezone,
    technician: row.technician_first_name ? { firstName: row.technician_first_name } : null,
    appointment: row.starts_at && row.ends_at ? { start: iso(row.starts_at)!, end: iso(row.ends_at)! } : null,
    completedAt: iso(row.completed_at),
    updatedAt: iso(row.updated_at)!,
    sections: sectionsFor(
      { mode: row.mode, feedbackEnabled: row.feedback_enabled, modules: row.modules },
      viewer.scopes,
      viewer.canShare,
    ),
  };
}

/** Every profile's status labels of the tenant: a search matches a status by any of them. */
export async function tenantStatusLabels(tx: Tx): Promise<StatusLabels[]> {
  const rows = await tx<{ labels: StatusLabels }[]>`select status_labels as labels from portal_profiles`;
  return rows.map((row) => row.labels ?? {});
}
