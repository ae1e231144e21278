/**
 * Test-only: the real API on a fresh in-memory database, plus a small control server that the widget tests in
 * the browser use to create tickets, links and sessions and to move tickets along — through the real admin API.
 *
 * `POST /clock {offsetSeconds}` moves the API's clock (0 resets it), e.g. past a session's expiry.
 * Live events: `GET /streams/:ticketId` says how many event streams of the ticket are open and with which
 * `Last-Event-ID` each was requested; `POST /streams/drop` cuts every open stream's connection (a network drop);
 * `POST /restart` shuts the API down gracefully (open streams are told to reconnect) and serves on with a new one.
 * `POST /settings` patches the tenant's settings (e.g. `mapTileUrl`); `GET /tickets/:id` is the admin view.
 * `POST /tickets/:id/infos {body, secondsAgo?}` writes the company's info on the ticket, as a "create info" action does.
 * Access: `POST /login-links {used?}`, `GET /login-link-requests`, `POST /identity` and `POST /identity/mint {sub}`.
 *
 * Run: FIXTURE_ORIGINS=http://localhost:8765 node --import tsx api/src/testing/fixture-server.ts
 * Prints one JSON line {"api": "...", "control": "..."}, then serves until SIGTERM.
 */
import type { ServerResponse } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createApp } from '../app';
import { withTenant } from '../db/client';
import { createComment } from '../db/comments';
import { openDatabase } from '../db/open';
import { resolveLoginLinkRequests } from '../db/login-link-requests';
import { LOGIN_LINK_TRIGGER } from '../db/outbox';
import { createTenant } from '../db/tenants';
import { systemClock } from '../lib/clock';
import { sha256 } from '../lib/tokens';
import { listen } from '../server';
import { sampleTicket } from './harness';
import { TEST_SECRET_BOX } from './secret';

const origins = (process.env.FIXTURE_ORIGINS ?? 'http://localhost:8765').split(',');
const db = await openDatabase({});
// Tests move the API's time with POST /clock instead of sleeping.
let clockOffsetMs = 0;
const clock = { now: () => new Date(systemClock.now().getTime() + clockOffsetMs) };
let shutdown = new AbortController();
// The test browser redeems some thirty links a run from one address: under the default per-IP limit the run's
// timing would decide which test meets a 429. The limits themselves are tested in the API suite.
const BROWSER_LIMITS = {
  redeemPerIp: { limit: 10_000, windowSeconds: 60 },
  authFailuresPerIp: { limit: 10_000, windowSeconds: 60 },
};
let app = createApp({
  secretBox: TEST_SECRET_BOX,
  sql: db.appSql,
  clock,
  shutdown: shutdown.signal,
  rateLimits: BROWSER_LIMITS,
});
const tenant = await createTenant(db.sql, { name: 'Acme Printer Repair', origins });

/** `listen` from server.ts, plus the URL the tests need. */
const listenAt = async (fetch: Parameters<typeof listen>[0]) => {
  const { server, port } = await listen(fetch, 0);
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
};

/** Event stream requests per ticket: the responses still open, and the `Last-Event-ID` of each request. */
const streams = new Map<string, { open: Set<ServerResponse>; resumedFrom: (string | null)[] }>();
const api = await listenAt((request, env) => {
  const { outgoing } = env as HttpBindings;
  const ticketId =
    request.method === 'GET' && new URL(request.url).pathname.match(/^\/v1\/portal\/tickets\/([^/]+)\/events$/)?.[1];
  if (ticketId) {
    const seen = streams.get(ticketId) ?? { open: new Set(), resumedFrom: [] };
    streams.set(ticketId, seen);
    seen.resumedFrom.push(request.headers.get('last-event-id'));
    seen.open.add(outgoing);
    outgoing.once('close', () => seen.open.delete(outgoing));
  }
  return app.fetch(request, env);
});

async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

interface TicketSpec {
  status?: string;
  /** Coordinates of the service location. */
  location?: { lat: number; lng: number };
  /** The technician's position, posted after the status (positions count only while on route). */
  position?: { lat: number; lng: number };
  technician?: string | { firstName: string };
  eta?: { from: string; to: string };
  timezone?: string;
  language?: 'en' | 'de';
  title?: string;
  /** An existing profile for the ticket (e.g. one with booking set up through POST /admin). */
  profileId?: string;
  skills?: string[];
  /** Branding for the ticket's own profile. */
  profile?: {
    logoUrl?: string;
    redirectUrl?: string;
    salutation?: string;
    theme?: Record<string, string>;
    feedbackEnabled?: boolean;
    feedbackQuestions?: unknown[];
  };
}

async function ticketWith(spec: TicketSpec) {
  const base = sampleTicket();
  let profileId = spec.profileId;
  if (spec.language || spec.profile) {
    const profile = {
      name: `fixture-${Date.now()}`,
      ...(spec.language ? { language: spec.language } : {}),
      ...spec.profile,
    };
    profileId = (await admin('POST', '/v1/admin/profiles', profile)).id;
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

const control = new Hono();
control.use(async (c, next) => {
  await next();
  c.header('Access-Control-Allow-Origin', '*');
});
control.options('*', (c) => {
  c.header('Access-Control-Allow-Headers', 'content-type');
  return c.body(null, 204);
});
control.post('/tickets', async (c) => c.json({ ...(await ticketWith(await c.req.json())), api: api.url }, 201));
// Setup redeems count as clients of their own: the whole run's setup under one address would hit the per-IP
// redeem limit and fail unrelated tests. The browser's own redeems still come through the socket, and are limited.
let setupClients = 0;
async function redeemForSetup(token: string) {
  const env = { incoming: { socket: { remoteAddress: `fixture-setup-${++setupClients}` } } };
  const response = await app.request(
    '/v1/portal/session',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) },
    env,
  );
  if (response.status !== 200) throw new Error(`redeem answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { session: string };
}

control.post('/sessions', async (c) => {
  const { ticketId, token } = await ticketWith(await c.req.json());
  const { session } = await redeemForSetup(token);
  return c.json({ ticketId, session, api: api.url }, 201);
});
control.post('/tickets/:id/events', async (c) => {
  await admin('POST', `/v1/admin/tickets/${c.req.param('id')}/events`, await c.req.json());
  return c.json({ ok: true }, 201);
});
control.post('/tickets/:id/infos', async (c) => {
  const { body, secondsAgo = 0 } = await c.req.json();
  const at = new Date(clock.now().getTime() - secondsAgo * 1000);
  await withTenant(db.sql, tenant.tenantId, (tx) =>
    createComment(tx, tenant.tenantId, { ticketId: c.req.param('id'), author: 'company', body, at }),
  );
  return c.json({ ok: true }, 201);
});
control.post('/links/expired', async (c) => {
  const { token } = await ticketWith({});
  await withTenant(
    db.sql,
    tenant.tenantId,
    (tx) => tx`update ticket_links set expires_at = now() - interval '1 day' where token_hash = ${sha256(token)}`,
  );
  return c.json({ token }, 201);
});
/** A login link for a fresh ticket's customer (`used: true`: already redeemed once). */
// Invoices: a fresh customer with `invoices` (each created and sent; `void` voids it) and a customer-wide session.
control.post('/invoices', async (c) => {
  const {
    invoices = [],
    stripe = false,
    redeem = true,
  } = (await c.req.json()) as {
    /** false: answer the customer's unredeemed login-link token instead of a session. */
    redeem?: boolean;
    invoices?: { currency?: string; dueDate?: string; lines?: unknown[]; void?: boolean }[];
    /** Connect the tenant's Stripe account (keys only: no test here reaches Stripe), or disconnect it. */
    stripe?: boolean;
  };
  await admin('PATCH', '/v1/admin/invoice-settings', {
    stripe: stripe ? { secretKey: 'sk_test_fixtureOnly1', webhookSecret: 'whsec_fixtureOnly1' } : null,
  });
  const { ticketId } = await ticketWith({});
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
    ids.push(invoice.id);
  }
  const link = await admin('POST', `/v1/admin/customers/${customerId}/login-links`, {});
  if (!redeem) return c.json({ api: api.url, token: link.token, tenant: tenant.publicId, invoiceIds: ids }, 201);
  const { session } = await redeemForSetup(link.token);
  return c.json({ api: api.url, session, invoiceIds: ids }, 201);
});
control.post('/login-links', async (c) => {
  const { used } = await c.req.json().catch(() => ({}));
  const { ticketId } = await ticketWith({});
  const customerId = (await admin('GET', `/v1/admin/tickets/${ticketId}`)).customer.id;
  const { token } = await admin('POST', `/v1/admin/customers/${customerId}/login-links`, {});
  if (used) await redeemForSetup(token);
  return c.json({ ticketId, token, api: api.url, tenant: tenant.publicId }, 201);
});
/** How many login-link mails ("email me a new link") the outbox holds, once the worker's step resolved requests. */
control.get('/login-link-requests', async (c) => {
  const [row] = await withTenant(db.sql, tenant.tenantId, async (tx) => {
    await resolveLoginLinkRequests(tx, tenant.tenantId, 100, clock.now());
    return tx<{ n: number }[]>`select count(*)::int as n from outbox where trigger = ${LOGIN_LINK_TRIGGER}`;
  });
  return c.json({ count: row!.n });
});
// Company-minted identity: the fixture plays the company, with its own key registered as public JWKs.
const ISSUER = 'https://login.fixture.example';
const company = await generateKeyPair('ES256');
let identityRegistered = false;
/** A ticket whose customer has a company reference (`sub`), with the company's key registered. */
control.post('/identity', async (c) => {
  if (!identityRegistered) {
    const jwk = { ...(await exportJWK(company.publicKey)), kid: 'fixture-1' };
    await admin('POST', '/v1/admin/identity-keys', {
      issuer: ISSUER,
      audience: 'porchlight',
      algorithms: ['ES256'],
      jwks: { keys: [jwk] },
    });
    identityRegistered = true;
  }
  const sub = `crm-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const base = sampleTicket();
  const ticket = await admin('POST', '/v1/admin/tickets', {
    ...base,
    customer: { ...base.customer, externalRef: sub },
  });
  return c.json({ ticketId: ticket.id, sub, api: api.url, tenant: tenant.publicId }, 201);
});
/** What the company's server would answer its logged-in customer: a JWT for `sub`, valid 5 minutes on the API's clock. */
control.post('/identity/mint', async (c) => {
  const { sub } = await c.req.json();
  const now = Math.floor(clock.now().getTime() / 1000);
  const jwt = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: 'fixture-1' })
    .setIssuer(ISSUER)
    .setAudience('porchlight')
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(company.privateKey);
  return c.json({ jwt }, 201);
});
control.post('/clock', async (c) => {
  clockOffsetMs = Number((await c.req.json()).offsetSeconds ?? 0) * 1000;
  return c.json({ now: clock.now().toISOString() }, 201);
});
control.get('/tickets/:id', async (c) => c.json(await admin('GET', `/v1/admin/tickets/${c.req.param('id')}`)));
// Any admin call, e.g. to set up engineers, SLA profiles and booking windows for the booking calendar's tests.
control.post('/admin', async (c) => {
  const { method, path, body } = await c.req.json();
  return c.json((await admin(method, `/v1/admin${path}`, body)) ?? {}, 201);
});
control.post('/settings', async (c) => c.json(await admin('PATCH', '/v1/admin/settings', await c.req.json()), 201));
control.get('/streams/:ticketId', (c) => {
  const seen = streams.get(c.req.param('ticketId'));
  return c.json({ open: seen?.open.size ?? 0, resumedFrom: seen?.resumedFrom ?? [] });
});
control.post('/streams/drop', (c) => {
  const open = [...streams.values()].flatMap((seen) => [...seen.open]);
  for (const response of open) response.socket?.destroy();
  return c.json({ dropped: open.length }, 201);
});
control.post('/restart', (c) => {
  shutdown.abort();
  shutdown = new AbortController();
  app = createApp({
    secretBox: TEST_SECRET_BOX,
    sql: db.appSql,
    clock,
    shutdown: shutdown.signal,
    rateLimits: BROWSER_LIMITS,
  });
  return c.json({ ok: true }, 201);
});
control.onError((error, c) => c.json({ error: error.message }, 500));

const controlServer = await listenAt(control.fetch);
process.stdout.write(JSON.stringify({ api: api.url, control: controlServer.url }) + '\n');

const stop = async () => {
  api.close();
  controlServer.close();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
