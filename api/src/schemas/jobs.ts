import { z } from '@hono/zod-openapi';
import { IsoDate } from './booking';
import type { PortalJob as PortalJobType, PortalJobPage as PortalJobPageType } from './contract/jobs';
import { MODULES } from './contract/portal';
import { StatusLabelsSchema } from './profiles';
import { Hold, Status, StatusList } from './tickets';

const query = (name: string) => ({ param: { name, in: 'query' as const } });

export const JobsQuery = z.object({
  view: z.enum(['active', 'history']).default('active').openapi(query('view')),
  /** From the previous page's `nextCursor` (of the same view and query). */
  cursor: z.string().max(512).optional().openapi(query('cursor')),
  /**
   * Search over reference, title, description, location, status label and technician (3–200 characters; else 400
   * SEARCH_TERM_INVALID / SEARCH_TERM_TOO_LONG). The widget highlights the term in what it shows.
   */
  q: z.string().max(4000).optional().openapi(query('q')),
  status: StatusList.optional().openapi(query('status')),
  /** Received (active) or completed (history) on or after this day. */
  from: IsoDate.optional().openapi(query('from')),
  to: IsoDate.optional().openapi(query('to')),
  /** A fragment of the service address. */
  location: z.string().min(1).max(200).optional().openapi(query('location')),
  limit: z.coerce.number().int().min(1).max(50).default(20).openapi(query('limit')),
});

export const PortalJob = z
  .object({
    id: z.uuid(),
    reference: z.string().nullable(),
    title: z.string(),
    status: Status,
    hold: Hold.nullable(),
    labels: StatusLabelsSchema,
    location: z.object({ line1: z.string(), city: z.string(), postalCode: z.string().nullable() }),
    timezone: z.string(),
    technician: z.object({ firstName: z.string() }).nullable(),
    appointment: z.object({ start: z.string(), end: z.string() }).nullable(),
    completedAt: z.string().nullable(),
    updatedAt: z.string(),
    sections: z.array(z.enum(MODULES)),
  })
  .openapi('PortalJob');

export const PortalJobPage = z
  .object({ items: z.array(PortalJob), nextCursor: z.string().nullable() })
  .openapi('PortalJobPage');

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameJob: Same<z.infer<typeof PortalJob>, PortalJobType> = true;
const samePage: Same<z.infer<typeof PortalJobPage>, PortalJobPageType> = true;
void [sameJob, samePage];
