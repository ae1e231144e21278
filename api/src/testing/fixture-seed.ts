/**
 * Test-only: the data the fixture server's control routes (fixture-server.ts) set up, through the real admin API of
 * the fixture's API where there is one: tickets and their links, invoices, login links, staff, a company identity.
 */
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { withTenant } from '../db/client';
import { createComment } from '../db/comments';
import { resolveLoginLinkRequests } from '../db/login-link-requests';
import { LOGIN_LINK_TRIGGER } from '../db/outbox';
import { createStaff, issueStaffLink, STAFF_SIGN_IN_TRIGGER } from '../db/staff';
import { sha256 } from '../lib/tokens';
import type { StaffRole } from '../schemas/staff';
import { STRIPE_KEYS, type FixtureApi } from './fixture-api';
import { sampleTicket } from './harness';

export interface TicketSpec {
  status?: string;
  /** Coordinates of the service location. */
  location?: { lat: number; lng: number };
  /** The technician's position, posted after the status (positions count only while on route). */
  position?: { lat: number; lng: number };
  technician?: string | { firstName: string };
  eta?: { from: string; to: string };
  timezone?: string;
  language?: 'en' | 'de' | 'fr' | 'es' | 'it' | 'ar';
  title?: string;
  /** An existing profile for the ticket (e.g. one with booking set up through POST /admin). */
  profileId?: string;
  skills?: string[];
  /** Branding for the ticket's own profile. */
  profile?: {
    logoUrl?: string;
    redirectUrl?: string;
    salutation?: string | Record<string, string>;
    theme?: Record<string, string>;
    feedbackEnabled?: boolean;
    feedbackQuestions?: unknown[];
    modules?: string[];
  };
}

/** A ticket as `spec` says, and a ticket link's token for it. */
export async function ticketWith({ admin, db, tenant }: FixtureApi, spec: TicketSpec) {
  const base = sampleTicket();
  let profileId = spec.profileId;
  if (spec.language || spec.profile) {
    const { logoUrl, ...branding } = spec.profile ?? {};
    const profile = {
      name: `fixture-${Date.now()}`,
      ...(spec.language ? { language: spec.language } : {}),
      ...branding,
    };
    const id: string = (await admin('POST', '/v1/admin/profiles', profile)).id;
    profileId = id;
    // Logos are uploaded now (PNG/JPEG, ≤ 25 px high); a fixture's logo stands for one set by address before that.
    if (logoUrl) {
      await withTenant(
        db.sql,
        tenant.tenantId,
        (tx) => tx`update portal_profiles set logo_url = ${logoUrl} where id = ${id}`,
      );
    }
  }
  const technician = typeof spec.technician === 'string' ? { firstName: spec.technician } : spec.technician;
  const ticket = await admin('POST', '/v1/admin/tickets', {
    ...base,
    title: spec.title ?? base.title,
    profileId,
    ...(spec.skills ? { skills: spec.skills } : {}),
    location: { ...base.location, timezone: spec.timezone ?? base.location.timezone, ...spec.location },
  });
  if (spec.status && spec.status !== 'received') {
    await admin('POST', `/v1/admin/tickets/${ticket.id}/events`, {
      status: spec.status,
      ...(technician ? { technician } : {}),
      ...(spec.eta ? { eta: spec.eta } : {}),
    });
  }
  if (spec.position) await admin('POST', `/v1/admin/tickets/${ticket.id}/events`, { position: spec.position });
  const link = await admin('POST', `/v1/admin/tickets/${ticket.id}/links`, { kind: 'ticket' });
  return { ticketId: ticket.id as string, token: link.token as string };
}

/** The company's info on a ticket, written `secondsAgo` on the API's clock, as a "create info" action does. */
export async function companyInfo(
  { db, tenant, clock }: FixtureApi,
  ticketId: string,
  body: string,
  secondsAgo: number,
) {
  const at = new Date(clock.now().getTime() - secondsAgo * 1000);
  await withTenant(db.sql, tenant.tenantId, (tx) =>
    createComment(tx, tenant.tenantId, { ticketId, author: 'company', body, at }),
  );
}

/** A ticket link's token for a ticket as `spec` says, expired a day ago. */
export async function expiredLink(fx: FixtureApi, spec: TicketSpec) {
  const { token } = await ticketWith(fx, spec);
  await withTenant(
    fx.db.sql,
    fx.tenant.tenantId,
    (tx) => tx`update ticket_links set expires_at = now() - interval '1 day' where token_hash = ${sha256(token)}`,
  );
  return token;
}

export interface InvoicesSpec {
  /** false: answer the customer's unredeemed login-link token instead of a session. */
  redeem?: boolean;
  invoices?: {
    currency?: string;
    dueDate?: string;
    lines?: unknown[];
    void?: boolean;
    /** A credit note of this gross amount (minor units). */
    credit?: number;
    /** Paid in full through a (signed) Stripe webhook, then this much refunded. */
    refund?: number;
  }[];
  /** Connect the tenant's Stripe account (calls go to the local stand-in), or disconnect it. */
  stripe?: boolean;
}

/** A fresh customer with `invoices` (each created and sent; `void` voids it) and a customer-wide session. */
export async function customerWithInvoices(
  fx: FixtureApi,
  { invoices = [], stripe = false, redeem = true }: InvoicesSpec,
) {
  const { admin, stripeEvent, tenant } = fx;
  const needsStripe = stripe || invoices.some((spec) => spec.refund);
  await admin('PATCH', '/v1/admin/invoice-settings', { stripe: needsStripe ? STRIPE_KEYS : null });
  const { ticketId } = await ticketWith(fx, {});
  const customerId = (await admin('GET', `/v1/admin/tickets/${ticketId}`)).customer.id as string;
  const ids: string[] = [];
  for (const spec of invoices) {
    const invoice = await admin('POST', '/v1/admin/invoices', {
      customerId,
      currency: spec.currency ?? 'EUR',
      issueDate: '2026-11-02',
      dueDate: spec.dueDate ?? '2099-12-31',
      lines: spec.lines ?? [{ description: 'Repair', quantity: 1, unitPrice: 10000, taxRate: 19 }],
    });
    await admin('POST', `/v1/admin/invoices/${invoice.id}/send`, {});
    if (spec.void) await admin('POST', `/v1/admin/invoices/${invoice.id}/void`, {});
    if (spec.credit) await admin('POST', `/v1/admin/invoices/${invoice.id}/credit-notes`, { amount: spec.credit });
    if (spec.refund) {
      const pi = `pi_fixture_${invoice.id}`;
      await stripeEvent('checkout.session.completed', {
        id: `cs_${pi}`,
        object: 'checkout.session',
        payment_status: 'paid',
        amount_total: invoice.total,
        currency: 'eur',
        payment_intent: pi,
        metadata: { invoice_id: invoice.id },
      });
      await stripeEvent('charge.refunded', {
        id: `ch_${pi}`,
        object: 'charge',
        payment_intent: pi,
        amount_refunded: spec.refund,
        metadata: {},
      });
    }
    ids.push(invoice.id);
  }
  const link = await admin('POST', `/v1/admin/customers/${customerId}/login-links`, {});
  if (!redeem) return { api: fx.url, token: link.token, tenant: tenant.publicId, invoiceIds: ids };
  const { session } = await fx.redeemForSetup(link.token);
  return { api: fx.url, session, invoiceIds: ids };
}

/** A login link for a fresh ticket's customer (`used`: already redeemed once). */
export async function loginLink(fx: FixtureApi, used: boolean) {
  const { ticketId } = await ticketWith(fx, {});
  const customerId = (await fx.admin('GET', `/v1/admin/tickets/${ticketId}`)).customer.id;
  const { token } = await fx.admin('POST', `/v1/admin/customers/${customerId}/login-links`, {});
  if (used) await fx.redeemForSetup(token);
  return { ticketId, token };
}

/** How many login-link mails ("email me a new link") the outbox holds, once the worker's step resolved requests. */
export async function loginLinkMails({ db, tenant, clock }: FixtureApi) {
  const [row] = await withTenant(db.sql, tenant.tenantId, async (tx) => {
    await resolveLoginLinkRequests(tx, tenant.tenantId, 100, clock.now());
    return tx<{ n: number }[]>`select count(*)::int as n from outbox where trigger = ${LOGIN_LINK_TRIGGER}`;
  });
  return row!.n;
}

const ISSUER = 'https://login.fixture.example';

/** Company-minted identity: the fixture plays the company, with its own key registered as public JWKs. */
export async function companyIdentity({ admin, clock }: FixtureApi) {
  const company = await generateKeyPair('ES256');
  let registered = false;
  return {
    /** A ticket whose customer has a company reference (`sub`), with the company's key registered. */
    async customer() {
      if (!registered) {
        const jwk = { ...(await exportJWK(company.publicKey)), kid: 'fixture-1' };
        await admin('POST', '/v1/admin/identity-keys', {
          issuer: ISSUER,
          audience: 'porchlight',
          algorithms: ['ES256'],
          jwks: { keys: [jwk] },
        });
        registered = true;
      }
      const sub = `crm-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const base = sampleTicket();
      const ticket = await admin('POST', '/v1/admin/tickets', {
        ...base,
        customer: { ...base.customer, externalRef: sub },
      });
      return { ticketId: ticket.id, sub };
    },
    /** What the company's server would answer its logged-in customer: a JWT for `sub`, valid 5 minutes on the API's clock. */
    mint(sub: string) {
      const now = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'fixture-1' })
        .setIssuer(ISSUER)
        .setAudience('porchlight')
        .setSubject(sub)
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(company.privateKey);
    },
  };
}

/** A new staff member and a sign-in link's token for the console (`/admin#porch-staff=`). */
export async function staffWithLink({ db, tenant, clock }: FixtureApi, role: StaffRole) {
  const email = `staff-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@fixture.example`;
  const { token } = await withTenant(db.sql, tenant.tenantId, async (tx) => {
    const staff = await createStaff(tx, tenant.tenantId, email, role, clock.now());
    return issueStaffLink(tx, tenant.tenantId, staff.id, STAFF_SIGN_IN_TRIGGER, 'http://localhost/admin', clock.now());
  });
  return { email, token };
}

/** Another sign-in link's token for an existing staff member `id` (a second session of theirs). */
export async function staffLink({ db, tenant, clock }: FixtureApi, id: string) {
  const { token } = await withTenant(db.sql, tenant.tenantId, (tx) =>
    issueStaffLink(tx, tenant.tenantId, id, STAFF_SIGN_IN_TRIGGER, 'http://localhost/admin', clock.now()),
  );
  return token;
}
