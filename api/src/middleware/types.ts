import type { Tx } from '../db/tenant-db';
import type { PortalTenant } from '../db/tenants';
import type { SessionClaims } from '../services/sessions';

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
    /** Portal CORS: 'allow' once the tenant's list admits the Origin, 'deny' when it does not. */
    cors: 'allow' | 'deny' | undefined;
  };
}
