import { z } from '@hono/zod-openapi';
import { AdminDevice } from './portal';
import { Status } from './tickets';

const query = (name: string) => ({ param: { name, in: 'query' as const } });

export const CustomerListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).openapi(query('limit')),
  /** From the previous page's `nextCursor` (of the same query). */
  cursor: z.string().max(512).optional().openapi(query('cursor')),
  /** Search over name, e-mail and phone (3–200 characters; else 400 SEARCH_TERM_INVALID / SEARCH_TERM_TOO_LONG). */
  q: z.string().max(4000).optional().openapi(query('q')),
});

/** Who the customer is: the same fields in the list and in the detail. */
const contact = {
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  externalRef: z.string().nullable(),
};

const lastSignInAt = z.string().nullable().openapi({
  description: 'Last login link redeemed, device remembered or ticket link opened; null if never',
});

export const CustomerSummary = z
  .object({
    ...contact,
    tickets: z.number().int(),
    openTickets: z.number().int(),
    signedInDevices: z.number().int().openapi({ description: 'Remembered devices still signed in' }),
    lastSignInAt,
  })
  .openapi('CustomerSummary');

export const CustomerPage = z
  .object({ items: z.array(CustomerSummary), nextCursor: z.string().nullable() })
  .openapi('CustomerPage');

export const CustomerLocation = z
  .object({
    id: z.uuid(),
    line1: z.string(),
    postalCode: z.string().nullable(),
    city: z.string(),
    country: z.string(),
    timezone: z.string(),
  })
  .openapi('CustomerLocation');

export const CustomerTicket = z
  .object({
    id: z.uuid(),
    externalRef: z.string().nullable(),
    title: z.string(),
    status: Status,
    locationId: z.uuid(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CustomerTicket');

export const CustomerDetail = z
  .object({
    ...contact,
    locale: z.string().nullable(),
    createdAt: z.string(),
    locations: z.array(CustomerLocation),
    tickets: z.array(CustomerTicket).openapi({ description: 'Newest first, at most 100' }),
    lastSignInAt,
    devices: z.array(AdminDevice).openapi({ description: 'Remembered devices still signed in' }),
  })
  .openapi('CustomerDetail');
