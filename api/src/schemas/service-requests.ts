import { z } from '@hono/zod-openapi';
import { IsoDate } from './booking';
import { TimeZone } from './common';
import { SERVICE_REQUEST_DESCRIPTION_MAX, URGENCIES } from './contract/service-requests';

const query = (name: string) => ({ param: { name, in: 'query' as const } });

export const ServiceRequestStatusSchema = z.enum(['pending', 'approved', 'declined']);

const Place = z.object({ line1: z.string(), city: z.string(), postalCode: z.string().nullable() });

export const PortalServiceRequest = z
  .object({
    id: z.uuid(),
    reference: z.string().openapi({ example: 'SR-7KQ2M9XD' }),
    status: ServiceRequestStatusSchema,
    serviceType: z.string(),
    description: z.string(),
    urgency: z.enum(URGENCIES),
    preferredDate: z.string().nullable(),
    location: Place,
    declineReason: z.string().nullable(),
    ticketId: z.uuid().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .openapi('PortalServiceRequest');

export const PortalServiceRequests = z
  .object({
    enabled: z.boolean().openapi({ description: 'Whether the company takes new requests now (else the form hides)' }),
    serviceTypes: z.array(z.string()),
    descriptionMaxLength: z.number().int(),
    locations: z.array(Place.extend({ id: z.uuid() })),
    items: z.array(PortalServiceRequest),
  })
  .openapi('PortalServiceRequests');

export const ServiceRequestCreate = z
  .strictObject({
    /** One of the customer's own locations… */
    locationId: z.uuid().optional(),
    /** …or a new address. */
    address: z
      .strictObject({
        line1: z.string().trim().min(1).max(200),
        city: z.string().trim().min(1).max(100),
        postalCode: z.string().trim().max(20).optional(),
        country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code'),
      })
      .optional(),
    /** One of the company's service types (`serviceTypes` of the list answer). */
    serviceType: z.string().min(1).max(100),
    description: z.string().trim().min(1).max(SERVICE_REQUEST_DESCRIPTION_MAX),
    /** Today or later, within a year. */
    preferredDate: IsoDate.optional(),
    urgency: z.enum(URGENCIES).default('normal'),
  })
  .refine((r) => (r.locationId === undefined) !== (r.address === undefined), {
    message: 'Give either locationId or address',
    path: ['locationId'],
  })
  .openapi('ServiceRequestCreate');
export type ServiceRequestCreateInput = z.infer<typeof ServiceRequestCreate>;

export const AdminServiceRequest = PortalServiceRequest.extend({
  customer: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() }),
  locationId: z.uuid().nullable(),
  address: z
    .object({ line1: z.string(), city: z.string(), postalCode: z.string().nullable(), country: z.string() })
    .nullable(),
}).openapi('AdminServiceRequest');
export type AdminServiceRequestView = z.infer<typeof AdminServiceRequest>;

export const AdminServiceRequestsQuery = z.object({
  status: ServiceRequestStatusSchema.optional().openapi(query('status')),
  limit: z.coerce.number().int().min(1).max(100).default(50).openapi(query('limit')),
  /** From the previous page's `nextCursor`, with the same `status`. */
  cursor: z.string().max(512).optional().openapi(query('cursor')),
});

export const AdminServiceRequestPage = z
  .object({ items: z.array(AdminServiceRequest), nextCursor: z.string().nullable() })
  .openapi('AdminServiceRequestPage');

export const ServiceRequestApprove = z
  .strictObject({
    /** The ticket's title; defaults to the service type. */
    title: z.string().trim().min(1).max(200).optional(),
    /** The ticket's reference; defaults to the request's. */
    externalRef: z.string().trim().min(1).max(100).optional(),
    /** For a new address: its IANA zone; defaults to the customer's latest location's, else UTC. */
    timezone: TimeZone.optional(),
  })
  .openapi('ServiceRequestApprove');
export type ServiceRequestApproveInput = z.infer<typeof ServiceRequestApprove>;

export const ServiceRequestDecline = z
  .strictObject({ reason: z.string().trim().min(1).max(1000) })
  .openapi('ServiceRequestDecline');

export const ServiceRequestDecided = z
  .object({ request: AdminServiceRequest, ticketId: z.uuid().nullable() })
  .openapi('ServiceRequestDecided');
