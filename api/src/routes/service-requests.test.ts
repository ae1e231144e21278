import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { smtpChannel, type EmailChannel } from '../services/outbox/channels';
import { startLocalSmtp, type LocalSmtp } from '../services/outbox/local-smtp';
import { OutboxWorker } from '../services/outbox/worker';
import { startHarness, type Harness, type TestTenant } from '../testing/harness';

let h: Harness;
let smtp: LocalSmtp;
let email: EmailChannel;
before(async () => {
  h = await startHarness({ poolSize: 10 });
  smtp = await startLocalSmtp();
  email = smtpChannel({ url: smtp.url, from: 'no-reply@acme.example' });
});
afterEach(async () => {
  await h.db.sql`delete from outbox`;
  await h.db.sql`delete from automated_actions`;
  await h.db.sql`update tenants set service_requests_enabled = true`;
});
after(async () => {
  email.close();
  await smtp.close();
  await h.close();
});

/** A customer with one job (and so one location), and a customer-wide session through a login link. */
async function customer(tenant: TestTenant, name: string, mail: string) {
  const ticket = await h.createTicket(tenant, { customer: { name, email: mail, externalRef: `ref-${mail}` } });
  const link = await h.call('POST', `/v1/admin/customers/${ticket.customer.id}/login-links`, { auth: tenant.apiKey });
  const res = await h.call('POST', '/v1/portal/session', { body: { token: link.body.token }, origin: tenant.origin });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { ticket, session: res.body.session as string, locationId: ticket.location.id as string };
}

const submit = (session: string, body: Record<string, unknown>) =>
  h.call('POST', '/v1/portal/service-requests', {
    auth: session,
    body: { serviceType: 'Repair', description: 'The printer smokes', urgency: 'high', ...body },
  });
const list = (session: string) => h.call('GET', '/v1/portal/service-requests', { auth: session });
const count = async (tenant: TestTenant, table: 'service_requests' | 'outbox') =>
  (
    await withTenant(
      h.db.sql,
      tenant.tenantId,
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from ${tx(table)}`,
    )
  )[0]!.n;
const setEnabled = (on: boolean) =>
  h.call('PATCH', '/v1/admin/settings', { auth: h.a.apiKey, body: { serviceRequestsEnabled: on } });

describe('service requests in the portal', () => {
  it('takes a request at an own location, lists it newest first as pending and confirms it by mail', async () => {
    const { session, locationId } = await customer(h.a, 'Ina Vogt', 'ina@example.com');
    const form = await list(session);
    assert.equal(form.status, 200, JSON.stringify(form.body));
    assert.equal(form.body.enabled, true);
    assert.deepEqual(form.body.serviceTypes, ['Repair', 'Maintenance', 'Installation', 'Inspection']);
    assert.deepEqual(
      form.body.locations.map((l: { id: string }) => l.id),
      [locationId],
    );
    const first = await submit(session, { locationId, preferredDate: '2026-11-30' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.match(first.body.reference, /^SR-[0-9A-Z]{8}$/);
    assert.equal(first.body.status, 'pending');
    assert.equal(first.body.location.city, 'Berlin');
    h.clock.advance(60_000);
    const second = await submit(session, {
      address: { line1: 'Am Hafen 3', city: 'Hamburg', postalCode: '20457', country: 'DE' },
      serviceType: 'Maintenance',
      urgency: 'low',
    });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    const listed = await list(session);
    assert.deepEqual(
      listed.body.items.map((r: { reference: string; status: string }) => [r.reference, r.status]),
      [
        [second.body.reference, 'pending'],
        [first.body.reference, 'pending'],
      ],
    );
    assert.equal(listed.body.items[0].location.city, 'Hamburg');

    const worker = new OutboxWorker(h.db.workers, h.clock, { email }, { random: () => 1, leaseMs: 10_000 });
    assert.equal(await worker.runOnce(), 2);
    const mails = smtp.mails.filter((m) => m.to.includes('ina@example.com'));
    const mail = mails.find((m) => m.subject.includes(first.body.reference));
    assert.ok(mail, mails.map((m) => m.subject).join(', '));
    assert.equal(mail.subject, `We received your service request ${first.body.reference}`);
    assert.match(mail.text, /Acme Printer Repair received your service request/);
    assert.match(mail.text, /Service: Repair/);
    assert.match(mail.text, /Location: Hauptstr\. 1, 10115 Berlin/);
    assert.match(mail.text, /Preferred date: 2026-11-30/);
    assert.match(mail.text, /Urgency: High/);
  });

  it('answers 404 for another customer’s location and another tenant’s, and writes nothing', async () => {
    const mine = await customer(h.a, 'Ola Berg', 'ola@example.com');
    const other = await customer(h.a, 'Pia Lund', 'pia@example.com');
    const foreign = await customer(h.b, 'Quinn Roe', 'quinn@example.com');
    const before = [await count(h.a, 'service_requests'), await count(h.a, 'outbox')];
    for (const locationId of [other.locationId, foreign.locationId]) {
      const res = await submit(mine.session, { locationId });
      assert.equal(res.status, 404, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
    assert.deepEqual([await count(h.a, 'service_requests'), await count(h.a, 'outbox')], before);
    // Positive control: the same probes count the request and mail of the customer's own location.
    assert.equal((await submit(mine.session, { locationId: mine.locationId })).status, 201);
    assert.deepEqual(
      [await count(h.a, 'service_requests'), await count(h.a, 'outbox')],
      [before[0]! + 1, before[1]! + 1],
    );
  });

  it('refuses an unknown service type, a past date and both or neither location with 400 and the field', async () => {
    const { session, locationId } = await customer(h.a, 'Rita Sand', 'rita@example.com');
    const cases: [Record<string, unknown>, string][] = [
      [{ locationId, serviceType: 'Teleportation' }, 'json.serviceType'],
      [{ locationId, preferredDate: '2026-11-22' }, 'json.preferredDate'],
      [{}, 'json.locationId'],
      [{ locationId, address: { line1: 'X 1', city: 'Y', country: 'DE' } }, 'json.locationId'],
      [{ locationId, description: 'x'.repeat(2001) }, 'json.description'],
      [{ locationId, urgency: 'whenever' }, 'json.urgency'],
    ];
    for (const [body, path] of cases) {
      const res = await submit(session, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.ok(
        res.body.error.issues.some((i: { path: string }) => i.path === path),
        `${path}: ${JSON.stringify(res.body.error.issues)}`,
      );
    }
    const types = await h.call('PATCH', '/v1/admin/settings', {
      auth: h.a.apiKey,
      body: { serviceTypes: ['Teleportation'] },
    });
    assert.equal(types.status, 200, JSON.stringify(types.body));
    assert.deepEqual(types.body.serviceTypes, ['Teleportation']);
    assert.equal((await submit(session, { locationId, serviceType: 'Teleportation' })).status, 201);
    await h.call('PATCH', '/v1/admin/settings', {
      auth: h.a.apiKey,
      body: { serviceTypes: ['Repair', 'Maintenance', 'Installation', 'Inspection'] },
    });
  });

  it('switched off: POST answers 403 REQUESTS_DISABLED and writes nothing, the list still shows; on again works', async () => {
    const { session, locationId } = await customer(h.a, 'Sven Ek', 'sven@example.com');
    const earlier = await submit(session, { locationId });
    assert.equal(earlier.status, 201);
    assert.equal((await setEnabled(false)).status, 200);
    const before = [await count(h.a, 'service_requests'), await count(h.a, 'outbox')];
    const refused = await submit(session, { locationId });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'REQUESTS_DISABLED');
    assert.deepEqual([await count(h.a, 'service_requests'), await count(h.a, 'outbox')], before);
    const listed = await list(session);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.enabled, false);
    assert.deepEqual(
      listed.body.items.map((r: { id: string }) => r.id),
      [earlier.body.id],
    );
    assert.equal((await setEnabled(true)).status, 200);
    assert.equal((await list(session)).body.enabled, true);
    assert.equal((await submit(session, { locationId })).status, 201);
    assert.equal(await count(h.a, 'service_requests'), before[0]! + 1);
  });
});

describe('deciding service requests', () => {
  const decide = (id: string, how: 'approve' | 'decline', body: unknown = {}) =>
    h.call('POST', `/v1/admin/service-requests/${id}/${how}`, { auth: h.a.apiKey, body });

  it('approve creates a linked ticket that shows in the customer’s active jobs, fires the action and mails', async () => {
    const { session, locationId } = await customer(h.a, 'Tom Vik', 'tom@example.com');
    const action = await h.call('POST', '/v1/admin/automated-actions', {
      auth: h.a.apiKey,
      body: {
        name: 'Decided',
        trigger: 'service_request_decided',
        channel: 'info',
        templates: { en: { body: 'We will schedule {{ticket.title}}' } },
      },
    });
    assert.equal(action.status, 201, JSON.stringify(action.body));
    const request = (await submit(session, { locationId, serviceType: 'Installation' })).body;
    const approved = await decide(request.id, 'approve', { title: 'Install the new printer' });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.request.status, 'approved');
    const { ticketId } = approved.body;
    assert.equal(approved.body.request.ticketId, ticketId);

    const jobs = await h.call('GET', '/v1/portal/jobs?view=active', { auth: session });
    const job = jobs.body.items.find((j: { id: string }) => j.id === ticketId);
    assert.ok(job, JSON.stringify(jobs.body.items));
    assert.equal(job.title, 'Install the new printer');
    assert.equal(job.reference, request.reference);
    assert.equal(job.status, 'received');
    const mine = (await list(session)).body.items.find((r: { id: string }) => r.id === request.id);
    assert.equal(mine.status, 'approved');
    assert.equal(mine.ticketId, ticketId);

    const messages = await h.call('GET', `/v1/admin/tickets/${ticketId}/messages`, { auth: h.a.apiKey });
    assert.deepEqual(
      messages.body.items.map((m: { trigger: string }) => m.trigger),
      ['service_request_decided'],
    );
    const twice = await decide(request.id, 'decline', { reason: 'Changed our mind' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, 'REQUEST_ALREADY_DECIDED');
    assert.equal((await decide(request.id, 'approve')).body.error.code, 'REQUEST_ALREADY_DECIDED');

    const worker = new OutboxWorker(h.db.workers, h.clock, { email }, { random: () => 1, leaseMs: 10_000 });
    await worker.runOnce();
    const mail = smtp.mails.find((m) => m.subject === `Your service request ${request.reference} was approved`);
    assert.ok(mail, smtp.mails.map((m) => m.subject).join(', '));
    assert.ok(mail.to.includes('tom@example.com'));
  });

  it('approving a new address makes it a location of the customer, in the zone of their latest one', async () => {
    const { session } = await customer(h.a, 'Una Falk', 'una@example.com');
    const request = (await submit(session, { address: { line1: 'Neuer Weg 9', city: 'Potsdam', country: 'DE' } })).body;
    const { body } = await decide(request.id, 'approve');
    const ticket = await h.call('GET', `/v1/admin/tickets/${body.ticketId}`, { auth: h.a.apiKey });
    assert.equal(ticket.body.location.line1, 'Neuer Weg 9');
    assert.equal(ticket.body.location.timezone, 'Europe/Berlin');
    assert.equal((await list(session)).body.locations.length, 2);
  });

  it('decline needs a reason, which the customer then reads; a second decision answers 409', async () => {
    const { session, locationId } = await customer(h.a, 'Vera Holm', 'vera@example.com');
    const request = (await submit(session, { locationId })).body;
    const empty = await decide(request.id, 'decline', { reason: '  ' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.issues[0].path, 'json.reason');
    const declined = await decide(request.id, 'decline', { reason: 'We do not service this model' });
    assert.equal(declined.status, 200, JSON.stringify(declined.body));
    const mine = (await list(session)).body.items.find((r: { id: string }) => r.id === request.id);
    assert.equal(mine.status, 'declined');
    assert.equal(mine.declineReason, 'We do not service this model');
    assert.equal(mine.ticketId, null);
    const again = await decide(request.id, 'approve');
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'REQUEST_ALREADY_DECIDED');
    const worker = new OutboxWorker(h.db.workers, h.clock, { email }, { random: () => 1, leaseMs: 10_000 });
    await worker.runOnce();
    const mail = smtp.mails.find((m) => m.subject === `Your service request ${request.reference} was declined`);
    assert.ok(mail);
    assert.match(mail.text, /Reason: We do not service this model/);
  });

  it('two dispatchers deciding at once: one wins, the other gets 409, and one ticket exists', async () => {
    const { session, locationId, ticket } = await customer(h.a, 'Xena Lind', 'xena@example.com');
    const request = (await submit(session, { locationId })).body;
    const answers = await Promise.all([
      decide(request.id, 'approve'),
      decide(request.id, 'approve'),
      decide(request.id, 'decline', { reason: 'Too late' }),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [200, 409, 409], JSON.stringify(answers.map((a) => a.body)));
    const [row] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from tickets where customer_id = ${ticket.customer.id}`,
    );
    const approved = answers.some((a) => a.status === 200 && a.body.ticketId);
    assert.equal(row!.n, approved ? 2 : 1, 'the customer’s first job, plus one only when an approval won');
  });

  it('lists by status, newest first, one page at a time', async () => {
    const { session, locationId } = await customer(h.a, 'Wim Dahl', 'wim@example.com');
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.unshift((await submit(session, { locationId })).body.id);
    await decide(made[0]!, 'decline', { reason: 'Duplicate' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `status=pending&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await h.call('GET', `/v1/admin/service-requests?${query}`, { auth: h.a.apiKey });
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.ok(page.body.items.length <= 2);
      seen.push(...page.body.items.map((r: { id: string; status: string }) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const pending = seen.filter((id) => made.includes(id));
    assert.deepEqual(pending, made.slice(1));
    const first = await h.call('GET', '/v1/admin/service-requests?status=pending&limit=1', { auth: h.a.apiKey });
    const wrong = await h.call('GET', `/v1/admin/service-requests?status=declined&cursor=${first.body.nextCursor}`, {
      auth: h.a.apiKey,
    });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'CURSOR_INVALID');
  });
});
