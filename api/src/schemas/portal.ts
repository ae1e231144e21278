import { z } from '@hono/zod-openapi';
import { LoginLinkRequested, ShareLink, ShareLinkCreated } from './access';
import {
  SCOPES,
  type LoginLinkRequested as LoginLinkRequestedType,
  type PortalSession as PortalSessionType,
  type PortalShareLink,
  type PortalShareLinkCreated,
} from './contract/access';
import { VISIT_PROBLEMS } from './contract/booking';
import { MODULES, type PortalMe as PortalMeType } from './contract/portal';
import type { PortalTicket as PortalTicketType } from './contract/tickets';
import { Profile, StatusLabelsSchema } from './profiles';
import { Hold, Status } from './tickets';

export const SessionRedeem = z
  .union([
    z.strictObject({ token: z.string().min(1).max(200), remember: z.boolean().optional() }),
    /** A JWT the company minted for its logged-in customer, and the company's public tenant id. */
    z.strictObject({
      assertion: z.string().min(1).max(8192),
      tenant: z.string().min(1).max(64),
      remember: z.boolean().optional(),
    }),
  ])
  .openapi('SessionRedeem');

export const SessionRenew = z
  .strictObject({ remember: z.boolean().optional() })
  .openapi('SessionRenew', { description: '`remember`: keep a customer-wide session signed in on this device' });

export const SessionRefresh = z.strictObject({ refreshToken: z.string().min(1).max(200) }).openapi('SessionRefresh');

export const SignOut = z.strictObject({ everywhere: z.boolean().optional() }).openapi('SignOut', {
  description:
    '`everywhere`: also end every other session (in any browser) and every remembered device of the customer',
});

export const Device = z
  .object({ id: z.uuid(), signedInAt: z.string(), lastUsedAt: z.string(), expiresAt: z.string() })
  .openapi('Device');

export const AdminDevice = Device.extend({ customerId: z.uuid() }).openapi('AdminDevice');

export const PortalTicket = z
  .object({
    id: z.uuid(),
    reference: z.string().nullable(),
    title: z.string(),
    status: Status,
    hold: Hold.nullable(),
    timezone: z.string(),
    technician: z.object({ firstName: z.string() }).nullable(),
    eta: z.object({ from: z.string(), to: z.string() }).nullable(),
    approach: z
      .discriminatedUnion('precision', [
        z.object({ precision: z.literal('coarse') }),
        z.object({
          precision: z.literal('precise'),
          lat: z.number(),
          lng: z.number(),
          distanceKm: z.number(),
          minutesAway: z.number(),
          mapTileUrl: z.string().nullable(),
        }),
      ])
      .nullable(),
    appointment: z
      .object({ date: z.string(), start: z.string(), end: z.string(), problem: z.enum(VISIT_PROBLEMS).nullable() })
      .nullable()
      .describe(
        'The booked visit; `problem`: why it cannot take place as booked — `closed` (the company closed its day), ' +
          '`parts` (its day is outside the parts window now), `engineer` (its engineer is away then)',
      ),
    labels: StatusLabelsSchema,
    steps: z.array(
      z.object({ status: Status, state: z.enum(['done', 'current', 'upcoming']), at: z.string().nullable() }),
    ),
    updatedAt: z.string(),
  })
  .openapi('PortalTicket');

export const PortalMe = z
  .object({
    company: z.object({ name: z.string() }),
    profile: Profile.pick({
      name: true,
      mode: true,
      logoUrl: true,
      redirectUrl: true,
      language: true,
      theme: true,
    }).extend({
      salutation: z.string().nullable().describe('In the `lang` asked for, else the profile’s language, else any'),
    }),
    customer: z.object({ name: z.string() }),
    scopes: z.array(z.enum(SCOPES)),
    ticketId: z.uuid().nullable(),
    latestTicketId: z.uuid().nullable(),
    canShare: z.boolean(),
    sections: z
      .array(z.enum(MODULES))
      .describe(
        'The sections this session may open: its scopes met with the profile’s modules (a job view has its own)',
      ),
    ticket: PortalTicket.optional(),
  })
  .openapi('PortalMe');

export const PortalSession = z
  .object({
    session: z.string(),
    expiresAt: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    ticketId: z.uuid().optional(),
    refreshToken: z.string().optional(),
    refreshExpiresAt: z.string().optional(),
    me: PortalMe.optional(),
    ticket: PortalTicket.optional(),
  })
  .openapi('PortalSession');

// The widget reads the hand-written contract types; these lines fail to compile if the schemas drift from them.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameSession: Same<z.infer<typeof PortalSession>, PortalSessionType> = true;
const sameMe: Same<z.infer<typeof PortalMe>, PortalMeType> = true;
const sameTicket: Same<z.infer<typeof PortalTicket>, PortalTicketType> = true;
const sameShareLink: Same<z.infer<typeof ShareLink>, PortalShareLink> = true;
const sameShareLinkCreated: Same<z.infer<typeof ShareLinkCreated>, PortalShareLinkCreated> = true;
const sameLoginLinkRequested: Same<z.infer<typeof LoginLinkRequested>, LoginLinkRequestedType> = true;
void [sameSession, sameMe, sameTicket, sameShareLink, sameShareLinkCreated, sameLoginLinkRequested];
