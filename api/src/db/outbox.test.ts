import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../testing/harness';
import { seedEmails } from '../testing/outbox';
import { OutboxWorker } from '../services/outbox/worker';
import { claimDue } from './outbox-delivery';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());
// Each test claims "any due message": none may be left from the test before.
afterEach(() => h.db.sql`delete from outbox`);

const LEASE_MS = 1_000;
const claim = async (maxAttempts: number) => [
  ...(await h.db.workers.withoutTenant((tx) => claimDue(tx, h.clock.now(), LEASE_MS, 50, maxAttempts))),
];
const messages = async (ticketId: string) =>
  (await h.call('GET', `/v1/admin/tickets/${ticketId}/messages`, { auth: h.a.apiKey })).body.items;

describe('claiming a message whose worker keeps dying', () => {
  it('reclaims an expired lease while attempts are left, then fails it WORKER_CRASHED instead of claiming it again', async () => {
    const ticket = await h.createTicket(h.a);
    await seedEmails(h.db.sql, h.a.tenantId, ticket.id, 1, h.clock.now(), 'crash@example.com');
    const [{ id }] = await messages(ticket.id);
    // Each claim is a worker that takes the message and dies before marking it: the lease simply runs out.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const claimed = await claim(3);
      assert.deepEqual(claimed, [{ tenantId: h.a.tenantId, id, attempt }]);
      assert.deepEqual(await claim(3), [], 'a live lease is not claimed twice');
      h.clock.advance(LEASE_MS);
    }
    assert.deepEqual(await claim(3), []);
    const [message] = await messages(ticket.id);
    assert.equal(message.state, 'failed');
    assert.equal(message.failureReason, 'WORKER_CRASHED');
    assert.equal(message.attempts, 3);
    assert.equal(message.nextAttemptAt, null);
    assert.match(message.lastError, /stopped while delivering it, 3 times/);
    assert.deepEqual(await claim(3), [], 'and it stays failed');
  });

  it('a lease that has not run out is never failed, even at the limit', async () => {
    const ticket = await h.createTicket(h.a);
    await seedEmails(h.db.sql, h.a.tenantId, ticket.id, 1, h.clock.now(), 'busy@example.com');
    const [{ id }] = await messages(ticket.id);
    assert.deepEqual(
      (await claim(1)).map((m) => m.id),
      [id],
    );
    h.clock.advance(LEASE_MS - 1);
    assert.deepEqual(await claim(1), []);
    assert.equal((await messages(ticket.id))[0].state, 'pending');
    h.clock.advance(1);
    assert.deepEqual(await claim(1), []);
    assert.equal((await messages(ticket.id))[0].failureReason, 'WORKER_CRASHED');
  });

  it('the worker passes its attempt limit: a crashed message at the limit is failed by its next round, unsent', async () => {
    const ticket = await h.createTicket(h.a);
    await seedEmails(h.db.sql, h.a.tenantId, ticket.id, 1, h.clock.now(), 'limit@example.com');
    await claim(2);
    h.clock.advance(LEASE_MS);
    await claim(2);
    h.clock.advance(LEASE_MS);
    const worker = new OutboxWorker(h.db.workers, h.clock, {}, { maxAttempts: 2, leaseMs: LEASE_MS });
    assert.equal(await worker.runOnce(), 0);
    const [message] = await messages(ticket.id);
    assert.deepEqual([message.state, message.failureReason, message.attempts], ['failed', 'WORKER_CRASHED', 2]);
  });
});
