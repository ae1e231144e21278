import { OpenAPIHono } from '@hono/zod-openapi';
import type { PreTenantLookups } from '../db/pre-tenant';
import type { TenantDb } from '../db/tenant-db';
import type { Clock } from '../lib/clock';
import { ApiError } from '../lib/errors';
import type { PortalGates, RateLimits } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import type { EventBus } from '../services/event-bus';
import type { IdentityVerifier } from '../services/identity';
import type { SessionService } from '../services/sessions';
import type { StreamCaps } from '../services/stream-caps';
import type { TicketFeeds } from '../services/ticket-feeds';

/** Everything a route needs from outside, passed in once when the app is built. */
export interface AppDeps {
  /** Tenant-scoped transactions; routes never hold the pool. */
  db: TenantDb;
  /** Lookups before the tenant is known (public id, link owner, rate counters). */
  preTenant: PreTenantLookups;
  clock: Clock;
  sessions: SessionService;
  /** Portal tenants (gate and timeline settings), cached; admin writes that change them call `forget`. */
  gates: PortalGates;
  /** Verifies identities companies mint for their own logged-in customers. */
  identity: IdentityVerifier;
  /** Proxies in front that append to X-Forwarded-For (0: the socket's peer is the client). */
  trustProxy: number;
  rateLimits: RateLimits;
  bus: EventBus;
  /** One reader per ticket for all of this process's streams of it. */
  feeds: TicketFeeds;
  /** Open event streams per session and client, in this process. */
  streams: StreamCaps;
  /** Aborted when the server shuts down: open streams tell their clients to reconnect elsewhere. */
  shutdown: AbortSignal;
  /** How often an idle stream sends a heartbeat comment. */
  heartbeatMs: number;
}

/** A router whose validation failures become 400 VALIDATION_FAILED with field paths. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((issue) => ({
          path: [result.target, ...issue.path].join('.'),
          message: issue.message,
        }));
        throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', { issues });
      }
    },
  });
}
