import type { Tx } from '../db/tenant-db';
import type { PortalTenant } from '../db/tenants';
import type { SessionClaims } from '../services/sessions';
import type { Actor, StaffSession } from '../services/staff';

/** Variables middleware adds to the Hono context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The tenant the request acts for (admin: from the API key; portal: from the session or link). */
    tenantId: string;
    /** Runs fn in a transaction scoped to the request's tenant (row-level security). */
    tx: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
    session: SessionClaims;
    /** The session's tenant as the portal sees it (gate and timeline settings). */
    portalTenant: PortalTenant;
    /** Admin API: the API key or a signed-in staff member (whose role the route table checks). */
    actor: Actor;
    /** Staff routes: the cookie session. */
    staffSession: StaffSession;
    /** Portal CORS: 'allow' once the tenant's list admits the Origin, 'deny' when it does not. */
    cors: 'allow' | 'deny' | undefined;
  };
}
