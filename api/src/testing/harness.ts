import { createApp, type App, type AppOptions } from '../app';
import { withTenant } from '../db/client';
import type { Database } from '../db/open';
import { createTenant } from '../db/tenants';
import { fixedClock } from '../lib/clock';
import type { Scope } from '../schemas/contract/access';
import type { TicketCreateInput } from '../schemas/tickets';
import { SessionService } from '../services/sessions';
import { listen } from '../server';
import { freshDatabase } from './database';
import { TEST_SECRET_BOX } from './secret';

let addresses = 0;
/** A distinct private address per call. */
const nextAddress = () => {
  const n = ++addresses;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

export const ORIGIN_A = 'https://acme.example';
export const ORIGIN_B = 'https://globex.example';

export interface TestTenant {
  tenantId: string;
  publicId: string;
  apiKey: string;
  origin: string;
}

export interface Harness {
  db: Database;
  app: App;
  clock: ReturnType<typeof fixedClock>;
  a: TestTenant;
  b: TestTenant;
  /**
   * Calls the app in-process with JSON in and out; `ip` is the client address the app sees (rate limits), else a
   * fresh one per call.
   */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; auth?: string; origin?: string; headers?: Record<string, string>; ip?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  createTicket(tenant: TestTenant, overrides?: Partial<TicketCreateInput>): Promise<any>;
  linkFor(
    tenant: TestTenant,
    ticketId: string,
    mode?: 'tracking' | 'tracking+booking',
  ): Promise<{ id: string; token: string; url: string; expiresAt: string }>;
  sessionFor(tenant: TestTenant, ticketId: string): Promise<string>;
  /** A real session for the ticket with exactly these scopes (e.g. one that lacks the route's scope). */
  sessionWithScopes(
    tenant: TestTenant,
    ticket: { id: string; customer: { id: string } },
    scopes: Scope[],
  ): Promise<string>;
  /** Runs `fn` with the app served by the production adapter on a loopback port (real sockets, real HTTP). */
  overHttp<T>(fn: (baseUrl: string) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const sampleTicket = (): TicketCreateInput => ({
  title: 'Printer jams on every page',
  description: 'HP LaserJet M404, 2nd floor',
  internalNotes: 'Customer was rude last time',
  customer: { name: 'Dana Miller', email: 'dana@example.com', phone: '+49 30 1234567' },
  location: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE', timezone: 'Europe/Berlin' },
});

/** A real app on a fresh database with two tenants, A and B, and a clock the test controls. */
export async function startHarness(
  options: { poolSize?: number; app?: Omit<AppOptions, 'sql' | 'clock' | 'secretBox'> } = {},
): Promise<Harness> {
  const db = await freshDatabase({ poolSize: options.poolSize });
  const clock = fixedClock(new Date('2026-11-23T09:00:00Z'));
  const app = createApp({ secretBox: TEST_SECRET_BOX, sql: db.appSql, clock, ...options.app });
  const tenant = (name: string, origin: string) => createTenant(db.sql, { name, origins: [origin], now: clock.now() });
  const a = { ...(await tenant('Acme Printer Repair', ORIGIN_A)), origin: ORIGIN_A };
  const b = { ...(await tenant('Globex HVAC', ORIGIN_B)), origin: ORIGIN_B };

  const call: Harness['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth) headers.authorization = `Bearer ${options.auth}`;
    if (options.origin) headers.origin = options.origin;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    // Per-IP limits count by the database's real clock, which the test clock does not move: without an `ip` each
    // call comes from an address of its own, so only tests about limits (which name their client) meet them.
    const env = { incoming: { socket: { remoteAddress: options.ip ?? nextAddress() } } };
    const response = await app.request(path, { method, headers, body }, env);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };

  const createTicket: Harness['createTicket'] = async (tenant, overrides = {}) => {
    const response = await call('POST', '/v1/admin/tickets', {
      auth: tenant.apiKey,
      body: { ...sampleTicket(), ...overrides },
    });
    if (response.status !== 201) throw new Error(`createTicket: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  const linkFor: Harness['linkFor'] = async (tenant, ticketId, mode) => {
    const response = await call('POST', `/v1/admin/tickets/${ticketId}/links`, {
      auth: tenant.apiKey,
      body: { kind: 'ticket', ...(mode ? { mode } : {}) },
    });
    if (response.status !== 201) throw new Error(`linkFor: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  const sessionFor: Harness['sessionFor'] = async (tenant, ticketId) => {
    const { token } = await linkFor(tenant, ticketId);
    const response = await call('POST', '/v1/portal/session', { body: { token }, origin: tenant.origin });
    if (response.status !== 200) throw new Error(`sessionFor: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.session;
  };

  const sessions = new SessionService(db.tenants, clock, TEST_SECRET_BOX);
  const sessionWithScopes: Harness['sessionWithScopes'] = async (tenant, ticket, scopes) => {
    const issued = await withTenant(db.sql, tenant.tenantId, (tx) =>
      sessions.issue(tx, {
        tenantId: tenant.tenantId,
        customerId: ticket.customer.id,
        ticketId: ticket.id,
        scopes,
        via: 'ticket',
      }),
    );
    return issued.session;
  };

  const overHttp: Harness['overHttp'] = async (fn) => {
    const { server, port } = await listen(app.fetch, 0);
    try {
      return await fn(`http://127.0.0.1:${port}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  };

  return {
    db,
    app,
    clock,
    a,
    b,
    call,
    createTicket,
    linkFor,
    sessionFor,
    sessionWithScopes,
    overHttp,
    close: () => db.close(),
  };
}
