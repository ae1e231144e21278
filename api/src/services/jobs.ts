import type { z } from '@hono/zod-openapi';
import {
  ACTIVE_ORDER,
  getJob,
  likeContaining,
  listJobs,
  tenantStatusLabels,
  type JobAfter,
  type JobQuery,
  type JobViewer,
} from '../db/jobs';
import type { TenantDb, Tx } from '../db/tenant-db';
import { decodeCursor, encodeCursor, isTimestamp } from '../lib/cursor';
import { ApiError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { notFound } from '../lib/outcomes';
import type { PortalJob } from '../schemas/contract/jobs';
import { STATUSES, type StatusKey, type StatusLabels } from '../schemas/contract/tickets';
import type { JobsQuery } from '../schemas/jobs';

/** Longest search term, in characters. */
export const MAX_SEARCH_CHARS = 200;
/** Shortest: a trigram index needs three characters to narrow anything down. */
export const MIN_SEARCH_CHARS = 3;

/**
 * The widget's own status words (en, de), which a profile may override: a search for "unterwegs" or "on route"
 * finds the jobs in that status. Kept here because the API never imports the widget.
 */
const DEFAULT_LABELS: StatusLabels = {
  en: {
    received: 'Ticket Received',
    scheduling: 'Ticket Scheduling',
    dispatched: 'Ticket Dispatched',
    on_route: 'On Route to You',
    onsite: 'Arrived Onsite',
    completed: 'Visit Completed',
    closed: 'Closed',
  },
  de: {
    received: 'Auftrag eingegangen',
    scheduling: 'Terminplanung',
    dispatched: 'Techniker beauftragt',
    on_route: 'Auf dem Weg zu Ihnen',
    onsite: 'Vor Ort eingetroffen',
    completed: 'Einsatz beendet',
    closed: 'Auftrag abgeschlossen',
  },
};

/** Checks a search term (400 SEARCH_TERM_TOO_LONG / SEARCH_TERM_INVALID) and returns it trimmed. */
export function checkSearchTerm(raw: string): string {
  if (raw.length > MAX_SEARCH_CHARS) {
    throw new ApiError(400, 'SEARCH_TERM_TOO_LONG', `Search for at most ${MAX_SEARCH_CHARS} characters`);
  }
  const term = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (term.length < MIN_SEARCH_CHARS || /[\u0000-\u001f\u007f\u2028\u2029]/.test(term)) {
    throw new ApiError(
      400,
      'SEARCH_TERM_INVALID',
      `Search for ${MIN_SEARCH_CHARS} to ${MAX_SEARCH_CHARS} characters without control characters`,
    );
  }
  return term;
}

/** The search as the database runs it: a LIKE pattern and the statuses whose label (any profile's, or ours) match. */
export async function searchFor(tx: Tx, term: string): Promise<{ pattern: string; statuses: StatusKey[] }> {
  const needle = term.toLowerCase();
  const labelSets = [DEFAULT_LABELS, ...(await tenantStatusLabels(tx))];
  const statuses = STATUSES.filter((status) =>
    labelSets.some((labels) => Object.values(labels).some((words) => words?.[status]?.toLowerCase().includes(needle))),
  );
  return { pattern: likeContaining(term), statuses };
}

/** What a jobs cursor is bound to: who asks and exactly what they asked (minus the cursor). */
export interface CursorBinding {
  customerId: string;
  ticketId: string | null;
  query: Record<string, string | undefined>;
}

const bindingOf = ({ customerId, ticketId, query }: CursorBinding) => [
  customerId,
  ticketId,
  Object.entries(query).sort(),
];

/** The place of a job in its view's order: (completed_at, id) in the history, (rank, last change, id) if active. */
const placeOf = (after: JobAfter) =>
  'completedAt' in after ? [after.completedAt, after.id] : [after.rank, after.updatedAt, after.id];

function readPlace(view: JobQuery['view']) {
  return (place: unknown[]): JobAfter | undefined => {
    if (view === 'history' && place.length === 2) {
      const [completedAt, id] = place;
      if (isTimestamp(completedAt) && isUuid(id)) return { completedAt, id };
    }
    if (view === 'active' && place.length === 3) {
      const [rank, updatedAt, id] = place;
      if (Number.isInteger(rank) && isTimestamp(updatedAt) && isUuid(id))
        return { rank: rank as number, updatedAt, id };
    }
    return undefined;
  };
}

/**
 * One page of the viewer's jobs: the active ones furthest along first, or the history newest-completed first, each
 * continued by a cursor bound to the viewer and the query.
 */
export async function jobPage(
  db: TenantDb,
  viewer: JobViewer,
  { cursor, limit, ...filters }: z.infer<typeof JobsQuery>,
): Promise<{ items: PortalJob[]; nextCursor: string | null }> {
  const term = filters.q === undefined ? undefined : checkSearchTerm(filters.q);
  const binding = {
    customerId: viewer.customerId,
    ticketId: viewer.ticketId,
    query: { ...filters, q: term, limit: String(limit) },
  };
  const after = cursor === undefined ? undefined : decodeCursor(cursor, bindingOf(binding), readPlace(filters.view));
  const rows = await db.withTenant(viewer.tenantId, async (tx) =>
    listJobs(tx, viewer, {
      view: filters.view,
      search: term === undefined ? undefined : await searchFor(tx, term),
      statuses: filters.status?.split(',') as StatusKey[] | undefined,
      from: filters.from,
      to: filters.to,
      location: filters.location,
      after,
      limit: limit + 1,
    }),
  );
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  const place: JobAfter | undefined =
    last &&
    (filters.view === 'history'
      ? { completedAt: last.completedAt!, id: last.id }
      : { rank: ACTIVE_ORDER.indexOf(last.status) + 1, updatedAt: last.updatedAt, id: last.id });
  const nextCursor = more && place ? encodeCursor(placeOf(place), bindingOf(binding)) : null;
  return { items, nextCursor };
}

/** One of the viewer's jobs; any other answers 404. */
export async function portalJob(db: TenantDb, viewer: JobViewer, id: string): Promise<PortalJob> {
  const job = await db.withTenant(viewer.tenantId, (tx) => getJob(tx, viewer, id));
  if (!job) throw notFound('Job');
  return job;
}
