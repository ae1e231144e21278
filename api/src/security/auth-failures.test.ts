import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../testing/harness';

const LIMIT = 3;
let h: Harness;
before(
  async () =>
    (h = await startHarness({ app: { rateLimits: { authFailuresPerIp: { limit: LIMIT, windowSeconds: 60 } } } })),
);
after(() => h.close());
afterEach(async () => {
  await h.db.sql`delete from rate_limits`;
  h.clock.advance(3_600_000);
});

const failureKeys = async () =>
  (await h.db.sql<{ n: number }[]>`select count(*)::int as n from rate_limits where key like 'auth-fail:%'`)[0]!.n;

describe('failed credentials are limited per client', () => {
  it('refuses an unknown API key with 429 and Retry-After after the limit, then the valid key from there too', async () => {
    const ip = '198.18.5.1';
    for (let i = 0; i < LIMIT; i++) {
      const res = await h.call('GET', '/v1/admin/settings', { auth: `porch_sk_wrong${i}`, ip });
      assert.equal(res.body.error.code, 'API_KEY_INVALID');
    }
    const refused = await h.call('GET', '/v1/admin/settings', { auth: 'porch_sk_wrong', ip });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'RATE_LIMITED');
    assert.equal(refused.headers.get('retry-after'), '60');
    const guessed = await h.call('GET', '/v1/admin/settings', { auth: h.a.apiKey, ip });
    assert.equal(guessed.status, 429, 'a right guess from a blocked client is refused as well');
    assert.equal((await h.call('GET', '/v1/admin/settings', { auth: h.a.apiKey, ip: '198.18.5.2' })).status, 200);
    h.clock.advance(60_000);
    assert.equal((await h.call('GET', '/v1/admin/settings', { auth: h.a.apiKey, ip })).status, 200, 'freed');
  });

  it('refuses forged session tokens with 429 after the limit; an IPv6 client by its /64', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const path = `/v1/portal/tickets/${ticket.id}`;
    const forged = `${session.slice(0, -4)}AAAA`;
    for (let i = 0; i < LIMIT; i++) {
      const res = await h.call('GET', path, { auth: forged, ip: `2001:db8:5:5::${i + 1}` });
      assert.equal(res.body.error.code, 'SESSION_INVALID');
    }
    const refused = await h.call('GET', path, { auth: forged, ip: '2001:db8:5:5::99' });
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.equal((await h.call('GET', path, { auth: session, ip: '2001:db8:5:6::1' })).status, 200, 'another /64');
  });

  it('counts only failures: the valid path never writes a counter', async () => {
    for (let i = 0; i < LIMIT * 3; i++) {
      assert.equal((await h.call('GET', '/v1/admin/settings', { auth: h.a.apiKey, ip: '198.18.5.3' })).status, 200);
    }
    assert.equal(await failureKeys(), 0);
    await h.call('GET', '/v1/admin/settings', { auth: 'porch_sk_wrong', ip: '198.18.5.3' });
    assert.equal(await failureKeys(), 1, 'positive control: a failure is counted');
  });
});
