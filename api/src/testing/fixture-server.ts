/**
 * Test-only: the real API on a fresh in-memory database, plus a small control server that the widget tests in
 * the browser use to create tickets, links and sessions and to move tickets along — through the real admin API.
 *
 * `POST /clock {offsetSeconds}` moves the API's clock (0 resets it), e.g. past a session's expiry.
 *
 * Run: FIXTURE_ORIGINS=http://localhost:8765 node --import tsx api/src/testing/fixture-server.ts
 * Prints one JSON line {"api": "...", "control": "..."}, then serves until SIGTERM.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../app';
import { withTenant } from '../db/client';
import { openDatabase } from '../db/open';
import { createTenant } from '../db/tenants';
import { systemClock } from '../lib/clock';
import { sha256 } from '../lib/tokens';
import { sampleTicket } from './harness';

const origins = (process.env.FIXTURE_ORIGINS ?? 'http://localhost:8765').split(',');
const db = await openDatabase({});
// Tests move the API's time with POST /clock instead of sleeping.
let clockOffsetMs = 0;
const clock = { now: () => new Date(systemClock.now().getTime() + clockOffsetMs) };
const app = createApp({ sql: db.sql, clock });
const tenant = await createTenant(db.sql, { name: 'Acme Printer Repair', origins });

const listen = (fetch: (request: Request) => Response | Promise<Response>) =>
  new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    );
  });

const api = await listen(app.fetch);

async function admin(method: string, path: string, body?: unknown) {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

interface TicketSpec {
  status?: string;
  technician?: string | { firstName: string };
  eta?: { from: string; to: string };
  timezone?: string;
  language?: 'en' | 'de';
  title?: string;
  /** Branding for the ticket's own profile. */
  profile?: { logoUrl?: string; redirectUrl?: string; salutation?: string; theme?: Record<string, string> };
}

async function ticketWith(spec: TicketSpec) {
  const base = sampleTicket();
  let profileId: string | undefined;
  if (spec.language || spec.profile) {
    const profile = { name: `fixture-${Date.now()}`, ...(spec.language ? { language: spec.language } : {}), ...spec.profile };
    profileId = (await admin('POST', '/v1/admin/profiles', profile)).id;
  }
  const technician = typeof spec.technician === 'string' ? { firstName: spec.technician } : spec.technician;
  const ticket = await admin('POST', '/v1/admin/tickets', {
    ...base,
    title: spec.title ?? base.title,
    profileId,
    location: { ...base.location, timezone: spec.timezone ?? base.location.timezone },
  });
  if (spec.status && spec.status !== 'received') {
    await admin('POST', `/v1/admin/tickets/${ticket.id}/events`, {
      status: spec.status,
      ...(technician ? { technician } : {}),
      ...(spec.eta ? { eta: spec.eta } : {}),
    });
  }
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
control.post('/sessions', async (c) => {
  const { ticketId, token } = await ticketWith(await c.req.json());
  const redeemed = await app.request('/v1/portal/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  const { session } = await redeemed.json();
  return c.json({ ticketId, session, api: api.url }, 201);
});
control.post('/tickets/:id/events', async (c) => {
  await admin('POST', `/v1/admin/tickets/${c.req.param('id')}/events`, await c.req.json());
  return c.json({ ok: true }, 201);
});
control.post('/links/expired', async (c) => {
  const { token } = await ticketWith({});
  await withTenant(db.sql, tenant.tenantId, (tx) => tx`update ticket_links set expires_at = now() - interval '1 day' where token_hash = ${sha256(token)}`);
  return c.json({ token }, 201);
});
control.post('/clock', async (c) => {
  clockOffsetMs = Number((await c.req.json()).offsetSeconds ?? 0) * 1000;
  return c.json({ now: clock.now().toISOString() }, 201);
});
control.onError((error, c) => c.json({ error: error.message }, 500));

const controlServer = await listen(control.fetch);
process.stdout.write(JSON.stringify({ api: api.url, control: controlServer.url }) + '\n');

const stop = async () => {
  api.close();
  controlServer.close();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
