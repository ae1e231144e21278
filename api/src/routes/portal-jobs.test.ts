import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StatusKey } from '../schemas/contract/tickets';
import { newKey, setUpBooking, slotOf, type BookingSetup } from '../testing/booking';
import { sampleTicket, startHarness, type Harness, type TestTenant } from '../testing/harness';

let h: Harness;
let booking: BookingSetup;
before(async () => {
  h = await startHarness();
  booking = await setUpBooking(h, h.a);
});
after(() => h.close());

let customers = 0;
/** A customer of its own (by company reference) with the given jobs. */
async function customerWith(tenant: TestTenant, jobs: Record<string, unknown>[], externalRef = `cust-${++customers}`) {
  const customer = { ...sampleTicket().customer, externalRef };
  const tickets = [];
  for (const job of jobs) tickets.push(await h.createTicket(tenant, { customer, skills: ['printer'], ...job }));
  return tickets;
}

async function reach(tenant: TestTenant, ticketId: string, status: StatusKey, extra: Record<string, unknown> = {}) {
  h.clock.advance(60_000);
  const res = await h.call('POST', `/v1/admin/tickets/${ticketId}/events`, {
    auth: tenant.apiKey,
    body: { status, ...extra },
  });
  assert.ok(res.status < 300, JSON.stringify(res.body));
}

/** A customer-wide session, through a login link as the customer gets it. */
async function customerSession(tenant: TestTenant, customerId: string) {
  const link = await h.call('POST', `/v1/admin/customers/${customerId}/login-links`, { auth: tenant.apiKey });
  const res = await h.call('POST', '/v1/portal/session', { body: { token: link.body.token }, origin: tenant.origin });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.session as string;
}

const jobs = (session: string, query: string) => h.call('GET', `/v1/portal/jobs?${query}`, { auth: session });

describe('GET /v1/portal/jobs', () => {
  it('lists a customer’s active jobs in progress first and the completed one in the history', async () => {
    const [received, onsite, done] = await customerWith(h.a, [
      { title: 'Toner smears', externalRef: 'JOB-1001' },
      { title: 'Paper jam', externalRef: 'JOB-1002' },
      { title: 'Fuser noise', externalRef: 'JOB-1003' },
    ]);
    await reach(h.a, onsite.id, 'onsite', { technician: { firstName: 'Erik' } });
    await reach(h.a, done.id, 'completed');
    const session = await customerSession(h.a, received.customer.id);

    const active = await jobs(session, 'view=active');
    assert.equal(active.status, 200);
    assert.deepEqual(
      active.body.items.map((j: { id: string }) => j.id),
      [onsite.id, received.id],
    );
    assert.equal(active.body.items[0].technician.firstName, 'Erik');
    assert.deepEqual(active.body.items[0].sections, ['status', 'appointment', 'updates', 'share']);
    const history = await jobs(session, 'view=history');
    assert.deepEqual(
      history.body.items.map((j: { id: string; completedAt: string }) => [j.id, Boolean(j.completedAt)]),
      [[done.id, true]],
    );
    assert.equal(history.body.nextCursor, null);

    // A ticket-link session sees only its own ticket.
    const ticketSession = await h.sessionFor(h.a, received.id);
    const own = await jobs(ticketSession, 'view=active');
    assert.deepEqual(
      own.body.items.map((j: { id: string }) => j.id),
      [received.id],
    );
  });

  it('answers 404 for another customer’s and another tenant’s job id, 200 for its own', async () => {
    const [mine] = await customerWith(h.a, [{}]);
    const [theirs] = await customerWith(h.a, [{}]);
    const [foreign] = await customerWith(h.b, [{}]);
    const session = await customerSession(h.a, mine.customer.id);
    assert.equal((await h.call('GET', `/v1/portal/jobs/${mine.id}`, { auth: session })).status, 200);
    for (const id of [theirs.id, foreign.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await h.call('GET', `/v1/portal/jobs/${id}`, { auth: session });
      assert.equal(res.status, 404, id);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
    const tampered = await h.call('GET', `/v1/portal/jobs/${mine.id.slice(0, -1)}x`, { auth: session });
    assert.equal(tampered.status, 400);
  });

  it('keeps history pages stable while newer jobs are completed between them', async () => {
    const tickets = await customerWith(
      h.a,
      Array.from({ length: 5 }, (_, i) => ({ title: `Old job ${i}` })),
    );
    const ref = `cust-${customers}`;
    for (const t of tickets) await reach(h.a, t.id, 'completed');
    const session = await customerSession(h.a, tickets[0].customer.id);
    const first = await jobs(session, 'view=history&limit=2');
    assert.equal(first.body.items.length, 2);

    // Three more jobs complete after the first page was read: all are newer than every listed one.
    const newer = await customerWith(h.a, [{}, {}, {}], ref);
    for (const t of newer) await reach(h.a, t.id, 'completed');

    const seen = first.body.items.map((j: { id: string }) => j.id);
    let cursor = first.body.nextCursor as string | null;
    while (cursor) {
      const page = await jobs(session, `view=history&limit=2&cursor=${encodeURIComponent(cursor)}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      seen.push(...page.body.items.map((j: { id: string }) => j.id));
      cursor = page.body.nextCursor;
    }
    assert.deepEqual(seen, tickets.map((t) => t.id).reverse());
  });

  it('pages the active jobs too, in their order, with a cursor that refuses the history', async () => {
    const tickets = await customerWith(
      h.a,
      Array.from({ length: 7 }, (_, i) => ({ title: `Active job ${i}` })),
    );
    await reach(h.a, tickets[2]!.id, 'onsite');
    await reach(h.a, tickets[5]!.id, 'on_route');
    await reach(h.a, tickets[0]!.id, 'dispatched');
    const session = await customerSession(h.a, tickets[0]!.customer.id);
    const all = await jobs(session, 'view=active&limit=50');
    assert.equal(all.body.nextCursor, null, 'positive control: one page holds them all');
    const order = all.body.items.map((j: { id: string }) => j.id);
    assert.deepEqual(order.slice(0, 3), [tickets[2]!.id, tickets[5]!.id, tickets[0]!.id], 'furthest along first');

    const seen: string[] = [];
    let page = await jobs(session, 'view=active&limit=3');
    for (;;) {
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.ok(page.body.items.length <= 3);
      seen.push(...page.body.items.map((j: { id: string }) => j.id));
      if (!page.body.nextCursor) break;
      const cursor = encodeURIComponent(page.body.nextCursor);
      const asHistory = await jobs(session, `view=history&limit=3&cursor=${cursor}`);
      assert.equal(asHistory.body.error?.code, 'CURSOR_INVALID', 'an active cursor does not continue the history');
      page = await jobs(session, `view=active&limit=3&cursor=${cursor}`);
    }
    assert.deepEqual(seen, order, 'the pages together are the list, each job once');
  });

  it('refuses a cursor from another customer, another query or made up with 400 CURSOR_INVALID', async () => {
    const mine = await customerWith(h.a, [{ title: 'Drum unit' }, { title: 'Drum unit' }]);
    const theirs = await customerWith(h.a, [{}, {}]);
    for (const t of [...mine, ...theirs]) await reach(h.a, t.id, 'completed');
    const session = await customerSession(h.a, mine[0].customer.id);
    const other = await customerSession(h.a, theirs[0].customer.id);
    const page = await jobs(session, 'view=history&limit=1');
    const cursor = encodeURIComponent(page.body.nextCursor);
    assert.equal((await jobs(session, `view=history&limit=1&cursor=${cursor}`)).status, 200);
    for (const [who, query] of [
      [other, `view=history&limit=1&cursor=${cursor}`],
      [session, `view=history&limit=1&q=drum&cursor=${cursor}`],
      [session, `view=history&limit=2&cursor=${cursor}`],
      [session, `view=active&limit=1&cursor=${cursor}`],
      [session, 'view=history&cursor=bm90LWEtY3Vyc29y'],
      [session, 'view=history&cursor=%E2%9C%93'],
    ] as const) {
      const res = await jobs(who, query);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.code, 'CURSOR_INVALID', query);
    }
  });

  it('finds jobs by partial reference, by technician and by location; refuses oversized and malformed terms', async () => {
    const [byRef, byTech, neither] = await customerWith(h.a, [
      { title: 'Scanner', externalRef: 'RX-778812' },
      { title: 'Copier', location: { ...sampleTicket().location, line1: 'Lindenallee 7', city: 'Potsdam' } },
      { title: 'Plotter' },
    ]);
    await reach(h.a, byTech.id, 'dispatched', { technician: { firstName: 'Gwendolyn' } });
    const session = await customerSession(h.a, byRef.customer.id);
    const ids = async (query: string) => {
      const res = await jobs(session, query);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.items.map((j: { id: string }) => j.id).sort();
    };
    assert.deepEqual(await ids('q=778'), [byRef.id]);
    assert.deepEqual(await ids('q=gwendo'), [byTech.id]);
    assert.deepEqual(await ids('q=potsdam'), [byTech.id]);
    assert.deepEqual(await ids('location=Lindenallee'), [byTech.id]);
    assert.deepEqual(await ids('q=beauftragt'), [byTech.id]); // the German label of "dispatched"
    assert.deepEqual(await ids('status=received'), [byRef.id, neither.id].sort());
    assert.deepEqual(await ids('q=100%25'), []);
    for (const [query, code] of [
      [`q=${'a'.repeat(201)}`, 'SEARCH_TERM_TOO_LONG'],
      ['q=ab', 'SEARCH_TERM_INVALID'],
      ['q=ab%00cd', 'VALIDATION_FAILED'], // every query string refuses NUL before a route runs
      ['q=ab%0Acd', 'SEARCH_TERM_INVALID'],
      ['status=nonsense', 'VALIDATION_FAILED'],
      ['from=2026-02-30', 'VALIDATION_FAILED'],
    ] as const) {
      const res = await jobs(session, query);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.code, code, query);
    }
  });

  it('searches all of a tenant’s tickets in the admin API, never another tenant’s', async () => {
    const [own] = await customerWith(h.a, [{ title: 'Laminator', externalRef: 'ADM-55501' }]);
    const [other] = await customerWith(h.a, [{ title: 'Laminator two', externalRef: 'ADM-55502' }]);
    await customerWith(h.b, [{ title: 'Laminator', externalRef: 'ADM-55503' }]);
    const res = await h.call('GET', '/v1/admin/tickets?q=ADM-555', { auth: h.a.apiKey });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((t: { id: string }) => t.id).sort(), [own.id, other.id].sort());
    const long = await h.call('GET', `/v1/admin/tickets?q=${'x'.repeat(201)}`, { auth: h.a.apiKey });
    assert.equal(long.body.error.code, 'SEARCH_TERM_TOO_LONG');
  });
});

describe('customer-wide booking', () => {
  it('books the second job’s visit with a login-link session; a profile without the appointment module refuses', async () => {
    const [, second] = await customerWith(h.a, [{}, {}]);
    const session = await customerSession(h.a, second.customer.id);
    const res = await h.call('PUT', `/v1/portal/tickets/${second.id}/appointment`, {
      auth: session,
      headers: { 'idempotency-key': newKey() },
      body: { slotId: slotOf(booking.profileId, '2026-12-07', 0) },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const job = await h.call('GET', `/v1/portal/jobs/${second.id}`, { auth: session });
    assert.equal(job.body.appointment.start, res.body.appointment.start);
    const shared = await h.call('POST', `/v1/portal/tickets/${second.id}/share-links`, { auth: session, body: {} });
    assert.equal(shared.status, 201, 'with the share module, the customer-wide session shares');

    const patch = await h.call('PATCH', `/v1/admin/profiles/${booking.profileId}`, {
      auth: h.a.apiKey,
      body: { modules: ['status', 'updates'] },
    });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    try {
      const refused = await h.call('GET', `/v1/portal/tickets/${second.id}/slots?date=2026-12-08`, { auth: session });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'SCOPE_REQUIRED');
      const narrowed = await h.call('GET', `/v1/portal/jobs/${second.id}`, { auth: session });
      assert.deepEqual(narrowed.body.sections, ['status', 'updates']);
      // A ticket link made now grants no `book`, and one made before is narrowed when redeemed.
      const link = await h.sessionFor(h.a, second.id);
      const me = await h.call('GET', '/v1/portal/me', { auth: link });
      assert.deepEqual(me.body.scopes, ['track']);
      assert.equal(me.body.canShare, false);
      const share = await h.call('POST', `/v1/portal/tickets/${second.id}/share-links`, { auth: session, body: {} });
      assert.equal(share.status, 403);
      assert.equal(share.body.error.code, 'SCOPE_REQUIRED');
    } finally {
      await h.call('PATCH', `/v1/admin/profiles/${booking.profileId}`, {
        auth: h.a.apiKey,
        body: { modules: ['status', 'appointment', 'updates', 'share'] },
      });
    }
    const missingStatus = await h.call('PATCH', `/v1/admin/profiles/${booking.profileId}`, {
      auth: h.a.apiKey,
      body: { modules: ['updates'] },
    });
    assert.equal(missingStatus.status, 400);
  });
});
