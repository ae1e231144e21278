import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createApp } from '../app';
import { RATE_LIMITS } from '../middleware/auth';
import { startHarness, type Harness } from '../testing/harness';
import { freezePlatformClock, rateHit, sweepRateLimits } from './rate-limits';
import { TEST_SECRET_BOX } from '../testing/secret';

let h: Harness;
before(async () => (h = await startHarness({ poolSize: 4 })));
after(() => h.close());
afterEach(() => freezePlatformClock(h.db.sql, null));

/** One hit at `at` on the database's clock (frozen there by the owner; a request cannot choose its time). */
async function hitAt(key: string, limit: { limit: number; windowSeconds: number }, at: Date) {
  await freezePlatformClock(h.db.sql, at);
  return rateHit(h.db.sql, key, limit);
}

describe('rate limits in PostgreSQL', () => {
  it('counts concurrent hits atomically: of 40 at once with a limit of 10, exactly 10 pass', async () => {
    await freezePlatformClock(h.db.sql, new Date('2026-11-23T10:00:05Z'));
    const waits = await Promise.all(
      Array.from({ length: 40 }, () => rateHit(h.db.sql, 'test:burst', { limit: 10, windowSeconds: 60 })),
    );
    assert.equal(waits.filter((w) => w === 0).length, 10);
    assert.ok(
      waits.filter((w) => w > 0).every((w) => w === 60),
      'the rest wait until the first hits leave the window',
    );
  });

  it('lets no more than the limit through across a window boundary (no 2× at the edge)', async () => {
    const limit = { limit: 10, windowSeconds: 60 };
    const at = (iso: string) => new Date(iso);
    const burst = async (when: Date) => {
      const waits: number[] = [];
      for (let i = 0; i < 10; i++) waits.push(await hitAt('test:edge', limit, when));
      return waits;
    };
    assert.deepEqual(await burst(at('2026-11-23T10:00:59Z')), Array(10).fill(0), 'positive control: the limit passes');
    assert.deepEqual(await burst(at('2026-11-23T10:01:00Z')), Array(10).fill(59), 'one second later, past a minute');
    assert.deepEqual(await burst(at('2026-11-23T10:01:58.500Z')), Array(10).fill(1));
    assert.deepEqual(await burst(at('2026-11-23T10:01:59Z')), Array(10).fill(0), 'a window after the first burst');
  });

  it('never admits more than the limit in any window-length interval (steady hammering)', async () => {
    const limit = { limit: 5, windowSeconds: 60 };
    // Starting late in a minute: a fixed window would admit some before the minute ends and the limit again after.
    const start = Date.parse('2026-11-23T10:00:50Z');
    const passed: number[] = [];
    for (let t = 0; t < 300_000; t += 2_500) {
      if ((await hitAt('test:steady', limit, new Date(start + t))) === 0) passed.push(t);
    }
    const worst = Math.max(...passed.map((t) => passed.filter((u) => u >= t && u < t + 60_000).length));
    assert.equal(worst, limit.limit);
    assert.ok(passed.length >= 25, `the limit is reached again each window (${passed.length} passed)`);
  });

  it('starts counting afresh in the next window, and the sweep drops old windows only', async () => {
    const limit = { limit: 1, windowSeconds: 60 };
    const t0 = new Date('2026-11-23T10:00:00Z');
    assert.equal(await hitAt('test:window', limit, t0), 0);
    assert.equal(await hitAt('test:window', limit, new Date(t0.getTime() + 59_000)), 1);
    assert.equal(await hitAt('test:window', limit, new Date(t0.getTime() + 60_000)), 0);
    await hitAt('test:recent', limit, new Date('2026-11-23T12:00:00Z'));
    const removed = await h.db.workers.withoutTenant((tx) => sweepRateLimits(tx, new Date('2026-11-23T11:00:00Z')));
    assert.ok(removed >= 2);
    const keys = (await h.db.sql<{ key: string }[]>`select key from rate_limits`).map((r) => r.key);
    assert.deepEqual(keys, ['test:recent']);
  });

  it('counts by the database clock: the request role can neither move it nor trim a key with a short window', async () => {
    const limit = { limit: 3, windowSeconds: 600 };
    await freezePlatformClock(h.db.sql, new Date('2026-11-23T10:00:00Z'));
    for (let i = 0; i < 3; i++) assert.equal(await rateHit(h.db.appSql, 'test:victim', limit), 0);
    assert.ok((await rateHit(h.db.appSql, 'test:victim', limit)) > 0, 'positive control: the fourth is refused');
    // The old signature took the caller's time: a far-future one trimmed the key's history.
    const asRequest = (run: Parameters<typeof h.db.tenants.withoutTenant>[0]) =>
      h.db.tenants.withoutTenant(run).then(
        (rows) => (rows as { count?: number }).count,
        (error: { code?: string }) => error.code,
      );
    const farFuture = await asRequest(
      (tx) => tx`select porch_rate_hit('test:victim', 3, 600, now() + interval '1 year')`,
    );
    assert.equal(farFuture, '42883', 'there is no function that takes a time');
    const moved = await asRequest((tx) => tx`update platform_clock set frozen_at = now() + interval '1 year'`);
    assert.ok(moved === 0 || moved === '42501', `the request role cannot move the clock (${moved})`);
    assert.equal(await asRequest((tx) => tx`select 1`), 1, 'positive control: the request role runs statements');
    // A one-second window counts one second, but does not trim what the key's ten-minute window still holds.
    await freezePlatformClock(h.db.sql, new Date('2026-11-23T10:00:05Z'));
    assert.equal(await rateHit(h.db.appSql, 'test:victim', { limit: 3, windowSeconds: 1 }), 0);
    assert.ok((await rateHit(h.db.appSql, 'test:victim', limit)) > 0, 'the key is still over its limit');
  });

  it('is shared by separate app instances (processes) on one database', async () => {
    const other = createApp({ secretBox: TEST_SECRET_BOX, sql: h.db.appSql, clock: h.clock });
    const body = JSON.stringify({ token: 'y'.repeat(43) });
    const env = { incoming: { socket: { remoteAddress: '203.0.113.77' } } };
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMITS.redeemPerIp.limit; i++) {
      const app = i % 2 ? other : h.app;
      const res = await app.request(
        '/v1/portal/session',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body },
        env,
      );
      statuses.push(res.status);
    }
    assert.equal(statuses.filter((s) => s === 401).length, RATE_LIMITS.redeemPerIp.limit);
    assert.equal(statuses.at(-1), 429);
  });

  it('with trustProxy = 1, the hop the proxy appended is the client; without it, the header is ignored', async () => {
    const proxied = createApp({ secretBox: TEST_SECRET_BOX, sql: h.db.appSql, clock: h.clock, trustProxy: 1 });
    const env = { incoming: { socket: { remoteAddress: '10.0.0.1' } } };
    const ask = (app: typeof proxied, ip: string) =>
      app.request(
        '/v1/portal/login-links/request',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.9, ${ip}` },
          body: JSON.stringify({ tenant: h.a.publicId, email: 'someone@example.com' }),
        },
        env,
      );
    for (let i = 0; i < RATE_LIMITS.linkRequestPerIp.limit; i++)
      assert.equal((await ask(proxied, '198.18.0.1')).status, 202);
    assert.equal((await ask(proxied, '198.18.0.1')).status, 429);
    assert.equal((await ask(proxied, '198.18.0.2')).status, 202, 'another client behind the same proxy');
    assert.equal(
      (await ask(h.app, '198.18.0.3')).status,
      202,
      'untrusted: keyed on the socket address, which is still below its limit',
    );
  });

  it('limits behind a proxy by the appended hop whatever the client writes first, and IPv6 by its /64', async () => {
    const proxied = createApp({ secretBox: TEST_SECRET_BOX, sql: h.db.appSql, clock: h.clock, trustProxy: 1 });
    const ask = (forwardedFor: string) =>
      proxied.request(
        '/v1/portal/login-links/request',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
          body: JSON.stringify({ tenant: h.a.publicId, email: 'someone@example.com' }),
        },
        { incoming: { socket: { remoteAddress: '10.0.0.1' } } },
      );
    const { limit } = RATE_LIMITS.linkRequestPerIp;
    for (let i = 0; i < limit; i++) assert.equal((await ask(`203.0.113.${i}, 198.18.1.1`)).status, 202);
    assert.equal((await ask('203.0.113.200, 198.18.1.1')).status, 429, 'a new spoofed first hop is the same client');
    for (let i = 0; i < limit; i++) assert.equal((await ask(`2001:db8:7:7::${i + 1}`)).status, 202);
    assert.equal((await ask('2001:db8:7:7:ffff::9')).status, 429, 'another address of the same /64');
    assert.equal((await ask('2001:db8:7:8::1')).status, 202, 'positive control: the next /64 is another client');
  });

  it('takes overridden limits from the app options, the rest stay at their defaults', async () => {
    const strict = createApp({
      secretBox: TEST_SECRET_BOX,
      sql: h.db.appSql,
      clock: h.clock,
      rateLimits: { redeemPerIp: { limit: 2, windowSeconds: 60 } },
    });
    const env = { incoming: { socket: { remoteAddress: '203.0.113.78' } } };
    const redeem = () =>
      strict.request(
        '/v1/portal/session',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: 'z'.repeat(43) }),
        },
        env,
      );
    assert.deepEqual([(await redeem()).status, (await redeem()).status, (await redeem()).status], [401, 401, 429]);
    const askLink = () =>
      strict.request(
        '/v1/portal/login-links/request',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ tenant: h.a.publicId, email: 'someone@example.com' }),
        },
        env,
      );
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMITS.linkRequestPerIp.limit; i++) statuses.push((await askLink()).status);
    assert.deepEqual(
      statuses,
      [...Array(RATE_LIMITS.linkRequestPerIp.limit).fill(202), 429],
      'link requests keep their default limit',
    );
  });
});
