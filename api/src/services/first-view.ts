import { portalMe } from '../db/access';
import { portalTicketQuery, toPortalTicket } from '../db/portal-ticket';
import type { Tx } from '../db/tenant-db';
import type { PortalTenant } from '../db/tenants';
import { sectionsFor } from '../lib/modules';
import { pickText } from '../lib/texts';
import { DEFAULT_MODULES, type PortalMe, type ThemeTokens } from '../schemas/contract/portal';
import type { PortalTicket } from '../schemas/contract/tickets';
import type { SessionClaims } from './sessions';

type Viewer = Pick<SessionClaims, 'customerId' | 'ticketId' | 'scopes' | 'via'>;

/** What the portal opens with, in the session's transaction: branding, scopes and, for a ticket link, the ticket. */
export interface FirstView {
  me: PortalMe;
  ticket?: PortalTicket;
}

/**
 * The portal's first view for a session: what `GET /v1/portal/me` answers, and the ticket's timeline when the session
 * is bound to one ticket and may track it — so the redeem's (or a restore's) one answer is enough to show the status.
 * Undefined when the customer is gone. Texts come in `lang`, else the profile's language, else any.
 */
export async function firstView(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  tenant: PortalTenant,
  now: Date,
  lang?: string,
): Promise<FirstView | undefined> {
  const found = await portalMe(tx, viewer.customerId, viewer.ticketId);
  if (!found) return undefined;
  const { profile } = found;
  const canShare = viewer.via !== 'share' && (profile?.modules ?? ['share']).includes('share');
  const grant = profile ?? { mode: 'tracking' as const, feedbackEnabled: false, modules: [...DEFAULT_MODULES] };
  const me: PortalMe = {
    company: { name: found.companyName },
    profile: {
      name: profile?.name ?? 'Default',
      mode: profile?.mode ?? 'tracking',
      logoUrl: profile?.logoUrl ?? null,
      redirectUrl: profile?.redirectUrl ?? null,
      salutation: pickText(profile?.salutation ?? null, lang, profile?.language ?? 'en'),
      language: profile?.language ?? 'en',
      theme: (profile?.theme ?? {}) as ThemeTokens,
    },
    customer: { name: found.customerName },
    scopes: viewer.scopes,
    ticketId: viewer.ticketId,
    latestTicketId: found.latestTicketId,
    canShare,
    sections: sectionsFor(grant, viewer.scopes, canShare),
  };
  if (!viewer.ticketId || !viewer.scopes.includes('track')) return { me };
  const [row] = await portalTicketQuery(tx, tenantId, viewer.ticketId);
  return { me, ...(row && { ticket: toPortalTicket(row, tenant, now) }) };
}
