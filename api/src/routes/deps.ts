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
import type { StaffAccounts } from '../services/staff';
import type { ServedAt } from '../middleware/staff-auth';
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
  /** Staff accounts and their sign-in. */
  staff: StaffAccounts;
  /** The API's own origin and scheme (cookies, Origin checks, the console's URL in sign-in links). */
  servedAt: ServedAt;
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

type Issue = { code: string; path: PropertyKey[]; message: string; errors?: Issue[][] };

/**
 * An issue with its field path. A union none of whose branches matched names the one branch of the input's type
 * (a text given as a map: the map's own issue, e.g. `json.salutation.xx`), not just the union.
 */
function issuesOf(issue: Issue, prefix: PropertyKey[]): { path: string; message: string }[] {
  const path = [...prefix, ...issue.path];
  const ofType = (issue.errors ?? []).filter(
    (branch) => !branch.some((i) => i.code === 'invalid_type' && !i.path.length),
  );
  if (issue.code === 'invalid_union' && ofType.length === 1)
    return ofType[0]!.flatMap((inner) => issuesOf(inner, path));
  return [{ path: path.map(String).join('.'), message: issue.message }];
}

/** A router whose validation failures become 400 VALIDATION_FAILED with field paths. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.flatMap((issue) => issuesOf(issue, [result.target]));
        throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', { issues });
      }
    },
  });
}
