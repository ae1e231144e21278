import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_TTL_SECONDS } from '../services/sessions';
import { bookingTicket, newKey, setUpBooking, slotOf, type BookingSetup } from '../testing/booking';
import { ORIGIN_B, startHarness, type Harness } from '../testing/harness';

let h: Harness;
let a: BookingSetup;
before(async () => {
  h = await startHarness();
  a = await setUpBooking(h, h.a);
  await setUpBooking(h, h.b);
});
after(() => h.close());

const routes = (ticketId: string, slotId: string): [string, string, unknown?][] => [
  ['GET', `/v1/portal/tickets/${ticketId}/availability?from=2026-12-01&to=2026-12-31`],
  ['GET', `/v1/portal/tickets/${ticketId}/slots?date=2026-12-07`],
  ['PUT', `/v1/portal/tickets/${ticketId}/appointment`, { slotId }],
  ['PUT', `/v1/portal/tickets/${ticketId}/waitlist`],
  ['DELETE', `/v1/portal/tickets/${ticketId}/waitlist`],
];
const appointments = async () => Number((await h.db.sql`select count(*) from appointments`)[0]!.count);

describe('portal booking: security', () => {
  it('answers 404 for another tenant’s ticket and for another ticket of the same tenant, writing nothing', async () => {
    const mine = await bookingTicket(h, h.a);
    const sameTenant = await bookingTicket(h, h.a);
    const foreign = await bookingTicket(h, h.b);
    for (const other of [sameTenant, foreign]) {
      for (const [method, path, body] of routes(other.ticket.id, slotOf(a.profileId, '2026-12-07', 0))) {
        const res = await h.call(method, path, { auth: mine.session, body, headers: { 'idempotency-key': newKey() } });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.body.error.code, 'NOT_FOUND');
      }
    }
    assert.equal(await appointments(), 0);
  });

  it('answers 401 without a session and with an expired one', async () => {
    const { ticket, session } = await bookingTicket(h, h.a);
    for (const [method, path, body] of routes(ticket.id, slotOf(a.profileId, '2026-12-07', 0))) {
      const res = await h.call(method, path, { body, headers: { 'idempotency-key': newKey() } });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    }
    const start = h.clock.now();
    h.clock.advance(SESSION_TTL_SECONDS * 1000 + 1000);
    try {
      const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}/slots?date=2026-12-07`, { auth: session });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'SESSION_EXPIRED');
    } finally {
      h.clock.set(start);
    }
  });

  it('answers 403 SCOPE_REQUIRED without the book scope (a tracking-only link), writing nothing', async () => {
    const ticket = await h.createTicket(h.a, { skills: ['printer'] });
    const tracking = await h.sessionWithScopes(h.a, ticket, ['track']);
    for (const [method, path, body] of routes(ticket.id, slotOf(a.profileId, '2026-12-07', 0))) {
      const res = await h.call(method, path, { auth: tracking, body, headers: { 'idempotency-key': newKey() } });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'SCOPE_REQUIRED');
    }
    assert.equal(await appointments(), 0);
  });

  it('grants CORS to the tenant’s own origin only', async () => {
    const { ticket, session } = await bookingTicket(h, h.a);
    const path = `/v1/portal/tickets/${ticket.id}/slots?date=2026-12-07`;
    const own = await h.call('GET', path, { auth: session, origin: h.a.origin });
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('access-control-allow-origin'), h.a.origin);
    for (const origin of [ORIGIN_B, 'null', `${h.a.origin}.evil.example`]) {
      const res = await h.call('GET', path, { auth: session, origin });
      assert.equal(res.status, 403, origin);
      assert.equal(res.body.error.code, 'ORIGIN_NOT_ALLOWED');
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    }
    const preflight = await h.call('OPTIONS', `/v1/portal/tickets/${ticket.id}/appointment`, {
      origin: h.a.origin,
      headers: {
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), h.a.origin);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /PUT/);
    assert.match((preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase(), /idempotency-key/);
  });
});
