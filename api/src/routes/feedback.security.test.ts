import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_TTL_SECONDS } from '../services/sessions';
import { ORIGIN_B, startHarness, type Harness, type TestTenant } from '../testing/harness';

let h: Harness;
before(async () => {
  h = await startHarness();
  for (const tenant of [h.a, h.b]) {
    const profiles = await h.call('GET', '/v1/admin/profiles', { auth: tenant.apiKey });
    const res = await h.call('PATCH', `/v1/admin/profiles/${profiles.body.items[0].id}`, {
      auth: tenant.apiKey,
      body: { feedbackEnabled: true },
    });
    assert.equal(res.status, 200);
  }
});
after(() => h.close());

async function completed(tenant: TestTenant) {
  const ticket = await h.createTicket(tenant);
  const session = await h.sessionFor(tenant, ticket.id);
  const moved = await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, {
    auth: tenant.apiKey,
    body: { status: 'completed' },
  });
  assert.equal(moved.status, 201);
  return { ticket, session };
}
const routes = (ticketId: string): [string, string, unknown?][] => [
  ['GET', `/v1/portal/tickets/${ticketId}/feedback`],
  ['POST', `/v1/portal/tickets/${ticketId}/feedback`, { rating: 5 }],
];
const rows = async () => Number((await h.db.sql`select count(*) from ticket_feedback`)[0]!.count);

describe('feedback: security', () => {
  it('answers 404 for another tenant’s ticket and another ticket of the same tenant, writing nothing', async () => {
    const mine = await completed(h.a);
    const sameTenant = await completed(h.a);
    const foreign = await completed(h.b);
    for (const other of [sameTenant, foreign]) {
      for (const [method, path, body] of routes(other.ticket.id)) {
        const res = await h.call(method, path, { auth: mine.session, body, origin: h.a.origin });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.body.error.code, 'NOT_FOUND');
      }
    }
    assert.equal(await rows(), 0);
    // Positive control: the same session on its own ticket writes.
    const own = await h.call('POST', `/v1/portal/tickets/${mine.ticket.id}/feedback`, {
      auth: mine.session,
      body: { rating: 5 },
      origin: h.a.origin,
    });
    assert.equal(own.status, 201);
    assert.equal(await rows(), 1);
    await h.db.sql`delete from ticket_feedback`;
  });

  it('answers 404 to a customer-wide session for another customer’s ticket', async () => {
    const mine = await completed(h.a);
    const stranger = await completed(h.a);
    const link = await h.call('POST', `/v1/admin/customers/${mine.ticket.customer.id}/login-links`, {
      auth: h.a.apiKey,
    });
    const redeemed = await h.call('POST', '/v1/portal/session', {
      body: { token: link.body.token },
      origin: h.a.origin,
    });
    const session = redeemed.body.session;
    assert.equal(
      (await h.call('GET', `/v1/portal/tickets/${mine.ticket.id}/feedback`, { auth: session, origin: h.a.origin }))
        .status,
      200,
    );
    const res = await h.call('POST', `/v1/portal/tickets/${stranger.ticket.id}/feedback`, {
      auth: session,
      body: { rating: 1 },
      origin: h.a.origin,
    });
    assert.equal(res.status, 404);
    assert.equal(await rows(), 0);
  });

  it('answers 401 without a session and with an expired one', async () => {
    const { ticket, session } = await completed(h.a);
    for (const [method, path, body] of routes(ticket.id)) {
      const res = await h.call(method, path, { body, origin: h.a.origin });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    }
    const start = h.clock.now();
    h.clock.advance(SESSION_TTL_SECONDS * 1000 + 1000);
    try {
      const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}/feedback`, {
        auth: session,
        origin: h.a.origin,
      });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'SESSION_EXPIRED');
    } finally {
      h.clock.set(start);
    }
  });

  it('answers 403 SCOPE_REQUIRED without the feedback scope, writing nothing', async () => {
    const { ticket } = await completed(h.a);
    const tracking = await h.sessionWithScopes(h.a, ticket, ['track']);
    for (const [method, path, body] of routes(ticket.id)) {
      const res = await h.call(method, path, { auth: tracking, body, origin: h.a.origin });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'SCOPE_REQUIRED');
    }
    assert.equal(await rows(), 0);
  });

  it('grants CORS to the tenant’s own origin only', async () => {
    const { ticket, session } = await completed(h.a);
    const path = `/v1/portal/tickets/${ticket.id}/feedback`;
    const own = await h.call('GET', path, { auth: session, origin: h.a.origin });
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('access-control-allow-origin'), h.a.origin);
    for (const origin of [ORIGIN_B, 'null', `${h.a.origin}.evil.example`]) {
      const res = await h.call('GET', path, { auth: session, origin });
      assert.equal(res.status, 403, origin);
      assert.equal(res.body.error.code, 'ORIGIN_NOT_ALLOWED');
    }
  });

  it('admin: lists and aggregates only the key’s own tenant; 401 without a key', async () => {
    const a = await completed(h.a);
    const b = await completed(h.b);
    for (const [tenant, { ticket, session }] of [
      [h.a, a],
      [h.b, b],
    ] as const) {
      const res = await h.call('POST', `/v1/portal/tickets/${ticket.id}/feedback`, {
        auth: session,
        body: { rating: tenant === h.a ? 5 : 1 },
        origin: tenant.origin,
      });
      assert.equal(res.status, 201);
    }
    const list = await h.call('GET', '/v1/admin/feedback', { auth: h.a.apiKey });
    assert.deepEqual(
      list.body.items.map((f: { ticketId: string }) => f.ticketId),
      [a.ticket.id],
    );
    const summary = await h.call('GET', '/v1/admin/feedback/summary', { auth: h.a.apiKey });
    assert.equal(summary.body.count, 1);
    assert.equal(summary.body.average, 5);
    for (const path of ['/v1/admin/feedback', '/v1/admin/feedback/summary']) {
      const res = await h.call('GET', path);
      assert.equal(res.status, 401, path);
    }
    await h.db.sql`delete from ticket_feedback`;
  });
});
