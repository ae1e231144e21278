/**
 * Test-only: the real API of the fixture server (fixture-server.ts) on a fresh in-memory database with one tenant,
 * and the handles its control routes use: admin calls, setup redeems, the clock, open event streams, a restart.
 */
import type { ServerResponse } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { createApp } from '../app';
import { openDatabase } from '../db/open';
import { createTenant } from '../db/tenants';
import { systemClock } from '../lib/clock';
import { listen } from '../server';
import { TEST_SECRET_BOX } from './secret';
import { signed, startStripeServer } from './stripe';

// The test browser redeems some thirty links a run from one address: under the default per-IP limit the run's
// timing would decide which test meets a 429. The limits themselves are tested in the API suite.
const BROWSER_LIMITS = {
  redeemPerIp: { limit: 10_000, windowSeconds: 60 },
  authFailuresPerIp: { limit: 10_000, windowSeconds: 60 },
};
export const STRIPE_KEYS = { secretKey: 'sk_test_fixtureOnly1', webhookSecret: 'whsec_fixtureOnly1' };

/** `listen` from server.ts, plus the URL the tests need. */
export const listenAt = async (fetch: Parameters<typeof listen>[0]) => {
  const { server, port } = await listen(fetch, 0);
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
};

/** `checkoutPage`: the URL of a Checkout Session's page, for the Stripe stand-in to answer. */
export async function startFixtureApi(origins: string[], checkoutPage: (id: string) => string) {
  const db = await openDatabase({});
  // Tests move the API's time with POST /clock instead of sleeping.
  let clockOffsetMs = 0;
  const clock = { now: () => new Date(systemClock.now().getTime() + clockOffsetMs) };
  let shutdown = new AbortController();
  // Stands in for api.stripe.com.
  const stripe = await startStripeServer(checkoutPage);
  const appOptions = () => ({
    secretBox: TEST_SECRET_BOX,
    sql: db.appSql,
    clock,
    shutdown: shutdown.signal,
    rateLimits: BROWSER_LIMITS,
    payments: { stripeApi: stripe.api },
  });
  let app = createApp(appOptions());
  const tenant = await createTenant(db.sql, { name: 'Acme Printer Repair', origins });

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

  /** Delivers a Stripe event to the tenant's webhook, signed with its webhook secret. */
  async function stripeEvent(type: string, object: Record<string, unknown>) {
    const { payload, header } = signed(type, object, { secret: STRIPE_KEYS.webhookSecret });
    const response = await app.request(`/v1/webhooks/stripe/${tenant.publicId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: payload,
    });
    if (!response.ok) throw new Error(`webhook ${type}: ${response.status} ${await response.text()}`);
  }

  return {
    db,
    tenant,
    clock,
    url: api.url,
    stripe,
    streams,
    admin,
    redeemForSetup,
    stripeEvent,
    setClockOffset(seconds: number) {
      clockOffsetMs = seconds * 1000;
    },
    /** Shuts the API down gracefully (open streams are told to reconnect) and serves on with a new one. */
    restart() {
      shutdown.abort();
      shutdown = new AbortController();
      app = createApp(appOptions());
    },
    async close() {
      api.close();
      await stripe.close();
      await db.close();
    },
  };
}

export type FixtureApi = Awaited<ReturnType<typeof startFixtureApi>>;
