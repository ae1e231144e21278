import type { Tx } from './client';
import { requestLoginLinkMail } from './outbox';
import { requestStaffSignInMail } from './staff';

/**
 * "Email me a new link", as the route does it: one insert, the same for a known and an unknown address. Whether a
 * customer has the address is decided later by the outbox worker (`resolveLoginLinkRequests`), so the answer's
 * timing cannot tell.
 */
export async function queueLoginLinkRequest(tx: Tx, tenantId: string, email: string, now: Date): Promise<void> {
  await tx`insert into login_link_requests (tenant_id, email, requested_at) values (${tenantId}, ${email}, ${now})`;
}

/** Tenants with requests waiting (no-tenant transaction: a security-definer function). */
export async function tenantsWithLoginLinkRequests(tx: Tx, limit: number): Promise<string[]> {
  const rows = await tx<{ id: string }[]>`select porch_login_link_request_tenants(${limit}) as id`;
  return rows.map((r) => r.id);
}

/**
 * Takes up to `limit` of the tenant's requests (skipping those another worker holds) and queues a login-link mail
 * for each address a customer has (a staff sign-in mail for a staff request and a staff address); the rest vanish. In the tenant's transaction, so a request is either resolved
 * or still waiting, never lost.
 */
export async function resolveLoginLinkRequests(tx: Tx, tenantId: string, limit: number, now: Date): Promise<number> {
  const taken = await tx<{ email: string; kind: 'customer' | 'staff'; consoleUrl: string | null }[]>`
    delete from login_link_requests where id in (
      select id from login_link_requests where tenant_id = ${tenantId} order by id limit ${limit} for update skip locked)
    returning email, kind, console_url as "consoleUrl"`;
  for (const { email, kind, consoleUrl } of taken) {
    if (kind === 'staff') await requestStaffSignInMail(tx, tenantId, email, consoleUrl ?? '', now);
    else await requestLoginLinkMail(tx, tenantId, email, now);
  }
  return taken.length;
}
