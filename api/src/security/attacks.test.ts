/**
 * Attacks on access, each asserting the exact answer: racing a single-use link, brute force after expiry and
 * after re-issue, link scanners, plaintext tokens at rest, another tenant's ids on every route (the list comes
 * from the app itself, so new routes are covered), RLS under pooling, and CORS look-alikes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { smtpChannel } from '../services/outbox/channels';
import { startLocalSmtp } from '../services/outbox/local-smtp';
import { OutboxWorker } from '../services/outbox/worker';
import { startHarness, type Harness, type TestTenant } from '../testing/harness';
import { SAMPLE_BODIES, SAMPLE_QUERIES } from './attack-samples';
import { sample, upload } from '../testing/documents';

let h: Harness;
// A pool of 2: every request shares two connections, so a leaked tenant setting would show.
// 1,000 requests at once queue on a pool of 2 for longer than the production request deadline: these tests are
// about isolation, not latency.
before(async () => (h = await startHarness({ poolSize: 2, app: { requestDeadlineMs: 120_000 } })));
after(() => h.close());

let ipCounter = 0;
/** A distinct client address per attempt: the attacker is spread out, so the per-IP limit does not hide the result. */
const nextIp = () => `10.${(++ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
const redeem = (token: string) => h.call('POST', '/v1/portal/session', { body: { token }, ip: nextIp() });
const loginLink = async (tenant: TestTenant, customerId: string) => {
  const res = await h.call('POST', `/v1/admin/customers/${customerId}/login-links`, { auth: tenant.apiKey });
  assert.equal(res.status, 201);
  return res.body as { token: string; url: string; expiresAt: string };
};
/** Runs `count` attempts, `width` at a time, and tallies status + code. */
async function tally(count: number, attempt: () => Promise<{ status: number; body: any }>, width = 50) {
  const seen: Record<string, number> = {};
  for (let done = 0; done < count; done += width) {
    const results = await Promise.all(Array.from({ length: Math.min(width, count - done) }, attempt));
    for (const res of results) {
      const key = `${res.status} ${res.body?.error?.code ?? ''}`.trim();
      seen[key] = (seen[key] ?? 0) + 1;
    }
  }
  return seen;
}

describe('login links under attack', () => {
  it('50 parallel redeems of one link: exactly 1 × 200 and 49 × 410 LINK_USED', async () => {
    const ticket = await h.createTicket(h.a);
    const { token } = await loginLink(h.a, ticket.customer.id);
    const results = await Promise.all(Array.from({ length: 50 }, () => redeem(token)));
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.equal(results.filter((r) => r.status === 410 && r.body.error.code === 'LINK_USED').length, 49);
  });

  it('after expiry (injected clock): 0 successes in 1,000 tries', async () => {
    const ticket = await h.createTicket(h.a);
    const { token, expiresAt } = await loginLink(h.a, ticket.customer.id);
    const start = h.clock.now();
    h.clock.set(new Date(expiresAt));
    assert.deepEqual(await tally(1000, () => redeem(token)), { '410 LINK_EXPIRED': 1000 });
    h.clock.set(start);
  });

  it('issuing a new link: the old one fails 1,000 tries out of 1,000, the new one works', async () => {
    const ticket = await h.createTicket(h.a);
    const old = await loginLink(h.a, ticket.customer.id);
    const current = await loginLink(h.a, ticket.customer.id);
    assert.deepEqual(await tally(1000, () => redeem(old.token)), { '410 LINK_EXPIRED': 1000 });
    assert.equal((await redeem(current.token)).status, 200);
  });

  it('2 GETs and 1 HEAD of the link (as mail scanners do) consume nothing; the POST then succeeds', async () => {
    const ticket = await h.createTicket(h.a);
    const { token, url } = await loginLink(h.a, ticket.customer.id);
    const scanner = [
      () => h.app.request(url, { method: 'GET' }),
      () => h.app.request(`/v1/portal/session?token=${token}`, { method: 'GET' }),
      () => h.app.request(`/v1/portal/session?token=${token}`, { method: 'HEAD' }),
    ];
    for (const fetch of scanner) {
      const res = await fetch();
      assert.equal(res.status, 404);
    }
    const res = await redeem(token);
    assert.equal(res.status, 200);
    assert.ok(res.body.session);
  });

  it('the database holds no plaintext token: every text, json and bytea column is scanned for each issued token', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const tokens = [
      (await loginLink(h.a, ticket.customer.id)).token,
      (await h.linkFor(h.a, ticket.id)).token,
      (await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, { auth: session, body: {} })).body
        .token as string,
      h.a.apiKey,
      session,
    ];
    // Login links mailed through the outbox ("email me a new link", the dispatcher's ?send=email), really sent.
    const smtp = await startLocalSmtp();
    const email = smtpChannel({ url: smtp.url, from: 'no-reply@acme.example' });
    try {
      const asked = await h.call('POST', '/v1/portal/login-links/request', {
        body: { tenant: h.a.publicId, email: ticket.customer.email },
        ip: nextIp(),
      });
      assert.equal(asked.status, 202);
      const other = await h.createTicket(h.a, { customer: { name: 'Mailed', email: 'mailed@example.com' } });
      assert.equal(
        (await h.call('POST', `/v1/admin/customers/${other.customer.id}/login-links?send=email`, { auth: h.a.apiKey }))
          .status,
        202,
      );
      await new OutboxWorker(h.db.workers, h.clock, { email }).runOnce();
      const mailed = smtp.mails.map((m) => m.text.match(/#porch=([A-Za-z0-9_-]{43})/)?.[1]);
      assert.equal(mailed.filter(Boolean).length, 2, 'both login-link mails went out with a link');
      tokens.push(...(mailed as string[]));
    } finally {
      email.close();
      await smtp.close();
    }
    const columns = await h.db.sql<{ table_name: string; column_name: string; data_type: string }[]>`
      select c.table_name, c.column_name, c.data_type from information_schema.columns c
      join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'bytea', 'ARRAY')`;
    assert.ok(columns.length > 20);
    for (const token of tokens) {
      for (const { table_name, column_name, data_type } of columns) {
        const column = h.db.sql(column_name);
        const [row] =
          data_type === 'bytea'
            ? await h.db
                .sql`select count(*)::int as n from ${h.db.sql(table_name)} where position(convert_to(${token}, 'UTF8') in ${column}) > 0`
            : await h.db
                .sql`select count(*)::int as n from ${h.db.sql(table_name)} where ${column}::text like ${'%' + token + '%'}`;
        assert.equal(row!.n, 0, `${table_name}.${column_name} holds a token`);
      }
    }
  });
});

/** Every route of the app under /v1/admin and /v1/portal, from the app's own routing table. */
function appRoutes() {
  const seen = new Set<string>();
  return h.app.routes
    .filter((r) => r.method !== 'ALL' && /^\/v1\/(admin|portal)\//.test(r.path))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

describe('another tenant’s ids on every route', () => {
  it('every admin and portal route × method with tenant A’s ids, called as tenant B → 404 and nothing of A in the body', async () => {
    const ticket = await h.createTicket(h.a, {
      title: 'Secret A ticket',
      customer: { name: 'Secret A customer', email: 'secret-a@example.com' },
    });
    const aSession = await h.sessionFor(h.a, ticket.id);
    const share = (
      await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, {
        auth: aSession,
        body: { label: 'Secret A share' },
      })
    ).body;
    const profile = (
      await h.call('POST', '/v1/admin/profiles', { auth: h.a.apiKey, body: { name: 'Secret A profile' } })
    ).body;
    const project = (
      await h.call('POST', '/v1/admin/projects', { auth: h.a.apiKey, body: { name: 'Secret A project' } })
    ).body;
    const identity = (
      await h.call('POST', '/v1/admin/identity-keys', {
        auth: h.a.apiKey,
        body: {
          issuer: 'https://secret-a.example',
          audience: 'a',
          algorithms: ['RS256'],
          jwksUrl: 'https://secret-a.example/jwks',
        },
      })
    ).body;
    const engineer = (
      await h.call('POST', '/v1/admin/engineers', {
        auth: h.a.apiKey,
        body: { name: 'Secret A engineer', workingHours: { 1: ['08:00', '17:00'] }, timezone: 'Europe/Berlin' },
      })
    ).body;
    const absence = (
      await h.call('POST', `/v1/admin/engineers/${engineer.id}/absences`, {
        auth: h.a.apiKey,
        body: { from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z' },
      })
    ).body;
    const action = (
      await h.call('POST', '/v1/admin/automated-actions', {
        auth: h.a.apiKey,
        body: {
          name: 'Secret A action',
          trigger: 'ticket_created',
          channel: 'email',
          templates: { en: { subject: 'Secret A', body: '{{portal.link}}' } },
        },
      })
    ).body;
    const messaged = await h.createTicket(h.a, {
      title: 'Secret A messaged',
      customer: { name: 'Secret A customer', email: 'secret-a@example.com' },
    });
    const [message] = (await h.call('GET', `/v1/admin/tickets/${messaged.id}/messages`, { auth: h.a.apiKey })).body
      .items;
    await h.call('PATCH', `/v1/admin/automated-actions/${action.id}`, { auth: h.a.apiKey, body: { enabled: false } });
    // Feedback of A, which B's feedback list and summary must not show.
    await h.call('PATCH', `/v1/admin/profiles/${profile.id}`, { auth: h.a.apiKey, body: { feedbackEnabled: true } });
    const rated = await h.createTicket(h.a, { title: 'Secret A rated', profileId: profile.id });
    const ratedSession = await h.sessionFor(h.a, rated.id);
    await h.call('POST', `/v1/admin/tickets/${rated.id}/events`, { auth: h.a.apiKey, body: { status: 'completed' } });
    const feedback = await h.call('POST', `/v1/portal/tickets/${rated.id}/feedback`, {
      auth: ratedSession,
      origin: h.a.origin,
      body: { rating: 5, comment: 'Secret A feedback' },
    });
    assert.equal(feedback.status, 201);
    const invoice = (
      await h.call('POST', '/v1/admin/invoices', {
        auth: h.a.apiKey,
        body: {
          customerId: ticket.customer.id,
          ticketId: ticket.id,
          currency: 'EUR',
          dueDate: '2026-12-31',
          lines: [{ description: 'Secret A line', quantity: 1, unitPrice: 100 }],
        },
      })
    ).body;
    await h.call('POST', '/v1/portal/session', {
      body: { token: (await loginLink(h.a, ticket.customer.id)).token, remember: true },
      ip: nextIp(),
    });
    const [device] = (await h.call('GET', `/v1/admin/customers/${ticket.customer.id}/devices`, { auth: h.a.apiKey }))
      .body.items;
    const document = await upload(h, ticket.id, { name: 'Secret A.pdf', bytes: sample('pdf') }, { apiKey: h.a.apiKey });
    assert.equal(document.status, 201);
    const customerSession = (await redeem((await loginLink(h.a, ticket.customer.id)).token)).body.session;
    const request = await h.call('POST', '/v1/portal/service-requests', {
      auth: customerSession,
      body: {
        locationId: ticket.location.id,
        serviceType: 'Repair',
        description: 'Secret A request',
        urgency: 'normal',
      },
    });
    assert.equal(request.status, 201, JSON.stringify(request.body));
    const staff = (
      await h.call('POST', '/v1/admin/staff', {
        auth: h.a.apiKey,
        body: { email: 'secret-a@acme.example', role: 'owner' },
      })
    ).body;
    const apiKey = (await h.call('POST', '/v1/admin/api-keys', { auth: h.a.apiKey, body: { label: 'Secret A key' } }))
      .body;
    const ids: Record<string, string> = {
      staff: staff.id,
      'api-keys': apiKey.key.id,
      documents: document.body.id,
      'service-requests': request.body.id,
      invoices: invoice.id,
      engineers: engineer.id,
      absences: absence.id,
      tickets: ticket.id,
      jobs: ticket.id,
      customers: ticket.customer.id,
      profiles: profile.id,
      projects: project.id,
      'identity-keys': identity.id,
      'share-links': share.id,
      links: (await h.linkFor(h.a, ticket.id)).id,
      devices: device.id,
      'automated-actions': action.id,
      outbox: message.id,
    };
    const secrets = [...Object.values(ids), 'Secret A'];

    const bTicket = await h.createTicket(h.b);
    const bSession = (await redeem((await loginLink(h.b, bTicket.customer.id)).token)).body.session as string;

    const routes = appRoutes();
    assert.ok(routes.length >= 25, `found ${routes.length} routes`);
    let withIds = 0;
    for (const { method, path } of routes) {
      const portal = path.startsWith('/v1/portal/');
      // No ids, no tenant yet; sign-out ends the caller's own session (tenant B's, needed for the routes after it).
      if (
        [
          '/v1/portal/session',
          '/v1/portal/session/refresh',
          '/v1/portal/session/sign-out',
          '/v1/portal/login-links/request',
        ].includes(path)
      )
        continue;
      const auth = portal ? bSession : h.b.apiKey;
      // A calendar day is a date, not an id: tenant B reaches only its own calendar.
      const concrete = path.replace('/:date', '/2026-12-01').replace(/\/([a-z-]+)\/:(\w+)/g, (_, segment: string) => {
        const id = ids[segment];
        assert.ok(id, `${method} ${path}: give the attack test an id of tenant A for "${segment}"`);
        return `/${segment}/${id}`;
      });
      const key = `${method} ${path}`;
      const body = method === 'GET' || method === 'DELETE' ? undefined : (SAMPLE_BODIES[key] ?? {});
      const res = await h.call(method, concrete + (SAMPLE_QUERIES[key] ?? ''), {
        auth,
        body,
        headers: { 'idempotency-key': 'attack-test-key' },
      });
      const text = JSON.stringify(res.body);
      for (const secret of secrets) assert.ok(!text.includes(secret), `${key}: body shows tenant A’s ${secret}`);
      if (concrete.replace('/2026-12-01', '/:date') !== path) {
        withIds++;
        assert.equal(res.status, 404, `${key}: ${res.status} ${text}`);
        assert.equal(res.body.error.code, 'NOT_FOUND', key);
      }
    }
    assert.ok(withIds >= 15, `${withIds} routes with ids`);

    // Nothing of A changed.
    const still = await h.call('GET', `/v1/admin/tickets/${ticket.id}`, { auth: h.a.apiKey });
    assert.equal(still.body.title, 'Secret A ticket');
    assert.equal(still.body.status, 'received');
    const shares = await h.call('GET', `/v1/admin/tickets/${ticket.id}/share-links`, { auth: h.a.apiKey });
    assert.equal(shares.body.items.length, 1);
    assert.equal(shares.body.items[0].revokedAt, null);
  });
});

describe('RLS under pooling', () => {
  it('2 tenants × 500 interleaved requests through the app on a pool of 2 → 0 foreign rows, each its own ticket', async () => {
    const own = { [h.a.tenantId]: (await h.createTicket(h.a)).id, [h.b.tenantId]: (await h.createTicket(h.b)).id };
    // Who owns each ticket, read as the owner (no RLS), not through the probe under test.
    const owner = new Map(
      (await h.db.sql<{ id: string; tenant_id: string }[]>`select id, tenant_id from tickets`).map((r) => [
        r.id,
        r.tenant_id,
      ]),
    );
    for (const tenantId of Object.keys(own)) assert.ok([...owner.values()].filter((t) => t === tenantId).length < 100);
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        const tenant = i % 2 ? h.b : h.a;
        return h.call('GET', '/v1/admin/tickets?limit=100', { auth: tenant.apiKey }).then((res) => ({ tenant, res }));
      }),
    );
    let foreign = 0;
    let blind = 0;
    for (const { tenant, res } of results) {
      assert.equal(res.status, 200);
      const ids: string[] = res.body.items.map((item: { id: string }) => item.id);
      foreign += ids.filter((id) => owner.get(id) !== tenant.tenantId).length;
      // Positive control: the tenant's own ticket is in the list (it has fewer than 100, so they fit one page).
      if (!ids.includes(own[tenant.tenantId]!)) blind++;
    }
    assert.equal(foreign, 0);
    assert.equal(blind, 0, 'responses that missed their own tenant’s ticket');
  });
});

describe('CORS on the access routes', () => {
  it('allowed origin, other tenant’s origin, null, suffix look-alike: only the first gets Access-Control-Allow-Origin; all vary by Origin', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const probes = [
      (origin: string) => h.call('GET', `/v1/portal/tickets/${ticket.id}/share-links`, { auth: session, origin }),
      (origin: string) =>
        h.call('POST', '/v1/portal/login-links/request', {
          body: { tenant: h.a.publicId, email: 'dana@example.com' },
          origin,
          ip: nextIp(),
        }),
      async (origin: string) =>
        h.call('POST', '/v1/portal/session', {
          body: { token: (await loginLink(h.a, ticket.customer.id)).token },
          origin,
          ip: nextIp(),
        }),
    ];
    for (const probe of probes) {
      const allowed = await probe(h.a.origin);
      assert.ok(allowed.status < 300, String(allowed.status));
      assert.equal(allowed.headers.get('access-control-allow-origin'), h.a.origin);
      assert.match(allowed.headers.get('vary') ?? '', /Origin/);
      for (const origin of [h.b.origin, 'null', 'https://acme.example.evil.test']) {
        const res = await probe(origin);
        assert.equal(res.status, 403, origin);
        assert.equal(res.body.error.code, 'ORIGIN_NOT_ALLOWED');
        assert.equal(res.headers.get('access-control-allow-origin'), null, origin);
        assert.match(res.headers.get('vary') ?? '', /Origin/);
      }
    }
  });
});
