import { z } from '@hono/zod-openapi';
import { SCOPES } from './contract/access';
import { STATUSES, TICKET_EVENT_KINDS } from './contract/tickets';
import { TimeZone } from './common';

export const Status = z.enum(STATUSES).openapi('Status');
/** A query's comma-separated statuses, e.g. `received,scheduling`: any of them. */
export const StatusList = z
  .string()
  .max(200)
  .regex(new RegExp(`^(${STATUSES.join('|')})(,(${STATUSES.join('|')}))*$`), 'Comma-separated statuses');
export const PortalModeSchema = z.enum(['tracking', 'tracking+booking']);
/** A ticket paused or called off; null when it runs normally. */
export const Hold = z.enum(['on_hold', 'cancelled']);

const EtaWindow = z
  .strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .refine((eta) => Date.parse(eta.from) <= Date.parse(eta.to), {
    message: 'eta.from must not be after eta.to',
    path: ['to'],
  });

export const TicketCreate = z
  .strictObject({
    externalRef: z.string().min(1).max(100).optional(),
    title: z.string().min(1).max(200),
    description: z.string().max(5000).optional(),
    internalNotes: z.string().max(5000).optional(),
    customer: z.strictObject({
      /** The company's own reference: tickets with the same one share a customer (and its login links). */
      externalRef: z.string().min(1).max(200).optional(),
      name: z.string().min(1).max(200),
      email: z.email().max(254).optional(),
      phone: z
        .string()
        .regex(/^\+?[0-9 ()-]{5,20}$/)
        .optional(),
      locale: z
        .string()
        .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
        .optional(),
    }),
    location: z
      .strictObject({
        line1: z.string().min(1).max(200),
        city: z.string().min(1).max(100),
        postalCode: z.string().max(20).optional(),
        country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code'),
        timezone: TimeZone,
        lat: z.number().min(-90).max(90).optional(),
        lng: z.number().min(-180).max(180).optional(),
      })
      .refine((l) => (l.lat === undefined) === (l.lng === undefined), {
        message: 'Give both lat and lng, or neither',
        path: ['lng'],
      }),
    projectId: z.uuid().optional(),
    profileId: z.uuid().optional(),
    skills: z.array(z.string().min(1).max(50)).max(20).optional(),
  })
  .openapi('TicketCreate');

export const TicketPatch = z
  .strictObject({
    externalRef: z.string().min(1).max(100).nullable(),
    title: z.string().min(1).max(200),
    description: z.string().max(5000).nullable(),
    internalNotes: z.string().max(5000).nullable(),
    projectId: z.uuid().nullable(),
    profileId: z.uuid().nullable(),
    skills: z.array(z.string().min(1).max(50)).max(20),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change' })
  .openapi('TicketPatch');

export const Position = z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

export const TicketEventCreate = z
  .strictObject({
    status: Status.optional(),
    /** The tenant's own status name, mapped to a portal status through the tenant's status map. */
    internalStatus: z.string().min(1).max(100).optional(),
    technician: z.strictObject({ firstName: z.string().min(1).max(50) }).optional(),
    eta: EtaWindow.optional(),
    position: Position.optional(),
    hold: Hold.nullable().optional(),
    /** The tenant's id for this event: sending it again is a no-op. */
    eventId: z.string().min(1).max(100).optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((e) => !(e.status && e.internalStatus), {
    message: 'Send status or internalStatus, not both',
    path: ['internalStatus'],
  })
  .refine((e) => Object.keys(e).some((k) => !['eventId', 'occurredAt'].includes(k)), { message: 'Nothing to record' })
  .openapi('TicketEventCreate');

export const TicketLinkCreate = z
  .strictObject({ kind: z.literal('ticket'), mode: PortalModeSchema.optional() })
  .openapi('TicketLinkCreate');

export const TicketLink = z
  .object({ id: z.uuid(), url: z.string(), token: z.string(), expiresAt: z.string() })
  .openapi('TicketLink');

export const TicketLinkInfo = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid(),
    mode: PortalModeSchema,
    scopes: z.array(z.enum(SCOPES)),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('TicketLinkInfo');

export const AdminTicket = z
  .object({
    id: z.uuid(),
    externalRef: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    internalNotes: z.string().nullable(),
    status: Status,
    hold: Hold.nullable(),
    position: z.object({ lat: z.number(), lng: z.number(), at: z.string() }).nullable(),
    projectId: z.uuid().nullable(),
    profileId: z.uuid().nullable(),
    skills: z.array(z.string()),
    customer: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
    location: z.object({
      id: z.uuid(),
      line1: z.string(),
      city: z.string(),
      postalCode: z.string().nullable(),
      country: z.string(),
      timezone: z.string(),
      lat: z.number().nullable(),
      lng: z.number().nullable(),
    }),
    technician: z.object({ firstName: z.string() }).nullable(),
    eta: z.object({ from: z.string(), to: z.string() }).nullable(),
    events: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(TICKET_EVENT_KINDS),
        status: Status,
        technician: z.object({ firstName: z.string() }).nullable(),
        eta: z.object({ from: z.string(), to: z.string() }).nullable(),
        occurredAt: z.string(),
      }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AdminTicket');

export type TicketCreateInput = z.infer<typeof TicketCreate>;
export type TicketPatchInput = z.infer<typeof TicketPatch>;
export type TicketEventInput = z.infer<typeof TicketEventCreate>;
export type AdminTicketView = z.infer<typeof AdminTicket>;

export const TicketSummary = z
  .object({
    id: z.uuid(),
    externalRef: z.string().nullable(),
    title: z.string(),
    status: Status,
    customerName: z.string(),
    city: z.string(),
    technician: z.string().nullable(),
    updatedAt: z.string(),
    createdAt: z.string(),
  })
  .openapi('TicketSummary');

export const TicketListQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' } }),
  /**
   * Search over reference, title, description, location, status label and technician (3–200 characters; else 400
   * SEARCH_TERM_INVALID / SEARCH_TERM_TOO_LONG).
   */
  q: z
    .string()
    .max(4000)
    .optional()
    .openapi({ param: { name: 'q', in: 'query' } }),
  status: StatusList.optional().openapi({ param: { name: 'status', in: 'query' } }),
  /** From the previous page's `nextCursor` (of the same query); else 400 CURSOR_INVALID. */
  cursor: z
    .string()
    .max(512)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' } }),
});
export type TicketListQueryInput = z.infer<typeof TicketListQuery>;
