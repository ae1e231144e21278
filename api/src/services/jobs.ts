import { createHash } from 'node:crypto';
import type { z } from '@hono/zod-openapi';
import { getJob, likeContaining, listJobs, tenantStatusLabels, type JobQuery, type JobViewer } from '../db/jobs';
import type { TenantDb, Tx } from '../db/tenant-db';
import { ApiError } from '../lib/errors';
import { notFound } from '../lib/outcomes';
import { STATUSES, type PortalJob, type StatusKey, type StatusLabels } from '../schemas/contract';
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

/** What a history cursor is bound to: who asks and exactly what they asked (minus the cursor). */
export interface CursorBinding {
  customerId: string;
  ticketId: string | null;
  query: Record<string, string | undefined>;
}

const bindingOf = ({ customerId, ticketId, query }: CursorBinding) =>
  createHash('sha256')
    .update(JSON.stringify([customerId, ticketId, Object.entries(query).sort()]))
    .digest('base64url')
    .slice(0, 22);

/**
 * An opaque cursor: the last row's (completed_at, id) and a digest of the customer and the query. It only says
 * where to continue — the rows always come from the session's own customer — so the digest is there to refuse a
 * cursor reused with another customer or query (400 CURSOR_INVALID) rather than to keep a secret.
 */
export function encodeCursor(after: NonNullable<JobQuery['after']>, binding: CursorBinding): string {
  return Buffer.from(JSON.stringify([after.completedAt, after.id, bindingOf(binding)])).toString('base64url');
}

const invalidCursor = () => new ApiError(400, 'CURSOR_INVALID', 'The cursor does not belong to this list');

export function decodeCursor(cursor: string, binding: CursorBinding): NonNullable<JobQuery['after']> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalidCursor();
  const [completedAt, id, digest] = parsed as unknown[];
  if (
    typeof completedAt !== 'string' ||
    Number.isNaN(Date.parse(completedAt)) ||
    typeof id !== 'string' ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) ||
    digest !== bindingOf(binding)
  ) {
    throw invalidCursor();
  }
  return { completedAt, id };
}

/**
 * One page of the viewer's jobs: the active ones (all of them), or the history newest-completed first, continued
 * by a cursor bound to the viewer and the query.
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
  const after = cursor === undefined ? undefined : decodeCursor(cursor, binding);
  const rows = await db.withTenant(viewer.tenantId, async (tx) =>
    listJobs(tx, viewer, {
      view: filters.view,
      search: term === undefined ? undefined : await searchFor(tx, term),
      statuses: filters.status?.split(',') as StatusKey[] | undefined,
      from: filters.from,
      to: filters.to,
      location: filters.location,
      after,
      limit: filters.view === 'history' ? limit + 1 : 100,
    }),
  );
  const more = filters.view === 'history' && rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  const nextCursor = more && last ? encodeCursor({ completedAt: last.completedAt!, id: last.id }, binding) : null;
  return { items, nextCursor };
}

/** One of the viewer's jobs; any other answers 404. */
export async function portalJob(db: TenantDb, viewer: JobViewer, id: string): Promise<PortalJob> {
  const job = await db.withTenant(viewer.tenantId, (tx) => getJob(tx, viewer, id));
  if (!job) throw notFound('Job');
  return job;
}
