import { TEST_SECRET_BOX } from '../api/src/testing/secret';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../api/src/app';
import type { Database } from '../api/src/db/open';
import { createTenant } from '../api/src/db/tenants';
import { systemClock } from '../api/src/lib/clock';
import { listen } from '../api/src/server';
import { smtpChannel } from '../api/src/services/outbox/channels';
import { startLocalSmtp, type LocalSmtp } from '../api/src/services/outbox/local-smtp';
import { OutboxWorker } from '../api/src/services/outbox/worker';
import { freshDatabase } from '../api/src/testing/database';
import { sampleTicket } from '../api/src/testing/harness';
import { startDemo } from './start';

/**
 * The demo next to a second tenant on the same API, database and local mail server: its mailbox and dispatcher show
 * the demo tenant only, refuse cross-site calls, and reach no admin route beyond their allow-list.
 */
describe('demo isolation', () => {
  let database: Database;
  let smtp: LocalSmtp;
  let api: Awaited<ReturnType<typeof listen>>;
  let worker: OutboxWorker;
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let site: string;
  let token: string;
  let other: { apiKey: string; ticketId: string };

  before(async () => {
    database = await freshDatabase();
    smtp = await startLocalSmtp();
    api = await listen(createApp({ secretBox: TEST_SECRET_BOX, sql: database.sql, clock: systemClock }).fetch, 0);
    const apiUrl = `http://127.0.0.1:${api.port}`;
    const email = smtpChannel({ url: smtp.url, from: 'no-reply@porchlight.localhost' });
    worker = new OutboxWorker(database.workers, systemClock, { email }, { idleMs: 100 }).start();
    demo = await startDemo({ url: apiUrl, sql: database.sql }, { port: 0, publicApiUrl: apiUrl, mailbox: smtp });
    site = new URL(demo.siteUrl).origin;
    const page = await (await fetch(`${site}/dispatcher`)).text();
    token = page.match(/name="csrf-token" content="([^"]+)"/)?.[1] ?? '';

    // A second tenant whose ticket mails its customer through the same local mail server.
    const globex = await createTenant(database.sql, { name: 'Globex HVAC', origins: ['https://globex.example'] });
    const adminB = (method: string, path: string, body: unknown) =>
      fetch(apiUrl + path, {
        method,
        headers: { authorization: `Bearer ${globex.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
    const action = await adminB('POST', '/v1/admin/automated-actions', {
      name: 'Tracking link',
      trigger: 'ticket_created',
      channel: 'email',
      portalMode: 'tracking',
      templates: { en: { subject: 'Globex secret job', body: 'Hello {{customer.name}}: {{portal.link}}' } },
    });
    assert.equal(action.status, 201, JSON.stringify(action.body));
    const ticket = await adminB('POST', '/v1/admin/tickets', {
      ...sampleTicket(),
      title: 'Globex secret job',
      customer: { name: 'Gina Globex', email: 'gina@globex.example' },
    });
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
    other = { apiKey: globex.apiKey, ticketId: ticket.body.id };
    // Both tenants' mails have arrived, so the mailbox's answer below is not just "too early".
    const deadline = Date.now() + 20_000;
    const arrived = (to: string) => smtp.mails.some((mail) => mail.to.includes(to));
    while (!(arrived('gina@globex.example') && arrived('dana@example.com'))) {
      assert.ok(Date.now() < deadline, 'both mails reached the local mail server');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  after(async () => {
    await demo?.stop();
    await worker?.stop();
    await new Promise((resolve) => api?.server.close(resolve));
    await smtp?.close();
    await database?.close();
  });

  const dispatch = async (
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: unknown } = {},
  ) => {
    const response = await fetch(site + path, {
      method,
      headers: {
        'x-csrf-token': token,
        origin: site,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('the mailbox shows the demo tenant’s mail and none of the other tenant’s', async () => {
    const { status, body } = await dispatch('GET', '/dispatch/mailbox');
    assert.equal(status, 200);
    const recipients = body.items.flatMap((mail: { to: string[] }) => mail.to);
    assert.ok(recipients.includes('dana@example.com'), `demo mail visible: ${recipients}`);
    assert.ok(!recipients.includes('gina@globex.example'), 'the other tenant’s mail is not');
    assert.doesNotMatch(JSON.stringify(body), /Globex/);
  });

  it('the dispatcher lists and reaches only the demo tenant’s tickets', async () => {
    const list = await dispatch('GET', '/dispatch/tickets');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.length >= 1, 'positive control: the demo ticket is listed');
    assert.doesNotMatch(JSON.stringify(list.body), /Globex/);
    assert.equal((await dispatch('GET', `/dispatch/tickets/${other.ticketId}`)).status, 404);
    const moved = await dispatch('POST', `/dispatch/tickets/${other.ticketId}/events`, {
      body: { status: 'scheduling' },
    });
    assert.equal(moved.status, 404);
    const [ticket] = await database.sql`select status from tickets where id = ${other.ticketId}`;
    assert.equal(ticket!.status, 'received');
    const replied = await dispatch('POST', `/dispatch/tickets/${other.ticketId}/thread`, { body: { body: 'Hi' } });
    assert.equal(replied.status, 404);
    const own = await dispatch('POST', `/dispatch/tickets/${list.body.items[0].id}/thread`, { body: { body: 'Hi' } });
    assert.equal(own.status, 201, 'positive control: the demo ticket takes a reply');
  });

  it('refuses cross-site calls and calls without the page’s token; the same call from the page works', async () => {
    const body = { ...sampleTicket(), title: 'Made by the dispatcher' };
    const refused = [
      await dispatch('POST', '/dispatch/tickets', { body, headers: { origin: 'https://evil.example' } }),
      await dispatch('POST', '/dispatch/tickets', { body, headers: { 'sec-fetch-site': 'cross-site' } }),
      await dispatch('POST', '/dispatch/tickets', { body, headers: { 'x-csrf-token': 'guess' } }),
      await dispatch('GET', '/dispatch/tickets', { headers: { 'x-csrf-token': '' } }),
    ];
    assert.deepEqual(
      refused.map((r) => `${r.status} ${r.body.error?.code}`),
      Array(4).fill('403 CSRF_REFUSED'),
    );
    const [row] = await database.sql`select count(*)::int as n from tickets where title = 'Made by the dispatcher'`;
    assert.equal(row!.n, 0, 'nothing was written');
    assert.equal((await dispatch('POST', '/dispatch/tickets', { body })).status, 201);
  });

  /** A service request from the customer of `ticketId`, as the portal on `origin` sends it. */
  async function serviceRequest(apiKey: string, ticketId: string, origin: string) {
    const apiUrl = `http://127.0.0.1:${api.port}`;
    const admin = (method: string, path: string) =>
      fetch(apiUrl + path, { method, headers: { authorization: `Bearer ${apiKey}` } }).then(
        (r) => r.json() as Promise<any>,
      );
    const { customer } = await admin('GET', `/v1/admin/tickets/${ticketId}`);
    const link = await admin('POST', `/v1/admin/customers/${customer.id}/login-links`);
    const session = await fetch(`${apiUrl}/v1/portal/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ token: link.token }),
    }).then((r) => r.json() as Promise<{ session: string }>);
    const made = await fetch(`${apiUrl}/v1/portal/service-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, authorization: `Bearer ${session.session}` },
      body: JSON.stringify({
        address: { line1: 'Request Way 1', city: 'Springfield', country: 'US' },
        serviceType: 'Repair',
        description: 'A request',
        urgency: 'normal',
      }),
    });
    assert.equal(made.status, 201);
    return ((await made.json()) as { id: string }).id;
  }

  it('lists and decides only the demo tenant’s service requests', async () => {
    const foreign = await serviceRequest(other.apiKey, other.ticketId, 'https://globex.example');
    const tickets = await dispatch('GET', '/dispatch/tickets');
    const own = await serviceRequest(demo.apiKey, tickets.body.items[0].id, site);
    const list = await dispatch('GET', '/dispatch/service-requests');
    assert.equal(list.status, 200);
    const ids = list.body.items.map((r: { id: string }) => r.id);
    assert.ok(ids.includes(own), 'positive control: the demo tenant’s request is listed');
    assert.ok(!ids.includes(foreign));
    assert.equal((await dispatch('POST', `/dispatch/service-requests/${foreign}/approve`)).status, 404);
    const declined = await dispatch('POST', `/dispatch/service-requests/${foreign}/decline`, { body: { reason: 'x' } });
    assert.equal(declined.status, 404);
    // Positive control: the same calls decide the demo tenant's own.
    assert.equal(
      (await dispatch('POST', `/dispatch/service-requests/${own}/decline`, { body: { reason: 'x' } })).status,
      200,
    );
  });

  it('reaches no admin route beyond its allow-list (crafted ids and dates)', async () => {
    const keys = () => database.sql`select count(*)::int as n from api_keys`.then((rows) => rows[0]!.n as number);
    const before = await keys();
    assert.ok(before >= 2, 'positive control: the keys are counted');
    const tricks: [string, string][] = [
      ['POST', '/dispatch/tickets/..%2Fapi-keys%2Frotate%3Fx=/links'],
      ['POST', '/dispatch/tickets/..%2F..%2Fadmin%2Fapi-keys%2Frotate%23/login-link'],
      ['POST', '/dispatch/outbox/..%2Fapi-keys%2Frotate%3F/resend'],
      ['POST', '/dispatch/tickets/..%2Fapi-keys%2Frotate%3F/thread'],
      ['PUT', '/dispatch/calendar-days/..%2Fapi-keys%2Frotate%3F'],
      ['GET', '/dispatch/tickets/..%2Fsettings'],
      ['GET', '/dispatch/appointments?from=2026-01-01&to=2026-01-02%26limit%3D1'],
      ['POST', '/dispatch/api-keys/rotate'],
      ['POST', '/dispatch/service-requests/..%2F..%2Fapi-keys%2Frotate%3F/approve'],
      ['POST', '/dispatch/service-requests/..%2F..%2Fapi-keys%2Frotate%3F/decline'],
    ];
    for (const [method, path] of tricks) {
      const { status } = await dispatch(method, path, method === 'GET' ? {} : { body: { overlapHours: 0 } });
      assert.ok(status === 400 || status === 404, `${method} ${path}: ${status}`);
    }
    assert.equal(await keys(), before, 'no API key was minted');
  });

  it('“Open the console” mints a single-use owner sign-in for the demo tenant, and only for the page’s own calls', async () => {
    const apiUrl = `http://127.0.0.1:${api.port}`;
    const links = () => database.sql`select count(*)::int as n from staff_links`.then((rows) => rows[0]!.n as number);
    const before = await links();
    const refused = [
      await dispatch('POST', '/dispatch/console-link', { headers: { origin: 'https://evil.example' } }),
      await dispatch('POST', '/dispatch/console-link', { headers: { 'x-csrf-token': 'guess' } }),
    ];
    assert.deepEqual(
      refused.map((r) => `${r.status} ${r.body.error?.code}`),
      Array(2).fill('403 CSRF_REFUSED'),
    );
    assert.equal(await links(), before, 'no link was minted');
    const minted = await dispatch('POST', '/dispatch/console-link');
    assert.equal(minted.status, 201);
    const token = (minted.body.url as string).match(/^http:\/\/127\.0\.0\.1:\d+\/admin#porch-staff=(.+)$/)?.[1];
    assert.ok(token, minted.body.url);
    const redeem = () =>
      fetch(`${apiUrl}/v1/staff/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: apiUrl },
        body: JSON.stringify({ token }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
    const session = await redeem();
    assert.equal(session.status, 200, JSON.stringify(session.body));
    assert.deepEqual(session.body.staff, { ...session.body.staff, email: 'owner@demo.example', role: 'owner' });
    const [tenant] = await database.sql`select id from tenants where public_id = 'acme-demo'`;
    assert.equal(session.body.tenant.id, tenant!.id);
    assert.equal((await redeem()).status, 410, 'the link works once');
  });

  it('sends a CSP with frame-ancestors on every page', async () => {
    for (const path of ['/', '/service', '/dispatcher']) {
      const response = await fetch(site + path);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
    }
  });
});
