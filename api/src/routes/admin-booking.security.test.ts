import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bookingTicket, newKey, setUpBooking, slotOf } from '../testing/booking';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

describe('admin booking: security', () => {
  it('needs an API key', async () => {
    for (const path of [
      '/v1/admin/engineers',
      '/v1/admin/sla-profiles',
      '/v1/admin/booking-settings',
      `/v1/admin/profiles/${crypto.randomUUID()}/booking`,
      '/v1/admin/appointments?from=2026-12-01&to=2026-12-31',
    ]) {
      const res = await h.call('GET', path);
      assert.equal(res.status, 401, path);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    }
  });

  it('answers 404 for another tenant’s engineer, profile, SLA profile and ticket, and changes nothing', async () => {
    const a = await setUpBooking(h, h.a);
    const { ticket, session } = await bookingTicket(h, h.a);
    assert.equal(
      (
        await h.call('PUT', `/v1/portal/tickets/${ticket.id}/appointment`, {
          auth: session,
          headers: { 'idempotency-key': newKey() },
          body: { slotId: slotOf(a.profileId, '2026-12-07', 0) },
        })
      ).status,
      200,
    );
    const calls: [string, string, unknown?][] = [
      ['PATCH', `/v1/admin/engineers/${a.engineers[0]!.id}`, { active: false }],
      [
        'POST',
        `/v1/admin/engineers/${a.engineers[0]!.id}/absences`,
        { from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z' },
      ],
      ['PUT', `/v1/admin/profiles/${a.profileId}/booking`, { capacity: 9 }],
      ['PUT', `/v1/admin/tickets/${ticket.id}/parts`, { partsFrom: '2026-12-01', partsTo: '2026-12-02' }],
      ['DELETE', `/v1/admin/tickets/${ticket.id}/appointment`],
    ];
    for (const [method, path, body] of calls) {
      const res = await h.call(method, path, { auth: h.b.apiKey, body });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
    const profileB = (await h.call('GET', '/v1/admin/profiles', { auth: h.b.apiKey })).body.items[0].id;
    const foreignSla = await h.call('PUT', `/v1/admin/profiles/${profileB}/booking`, {
      auth: h.b.apiKey,
      body: { slaProfileId: a.slaProfileId },
    });
    assert.equal(foreignSla.status, 404);
    const foreignRead = await h.call('GET', `/v1/admin/profiles/${a.profileId}/booking`, { auth: h.b.apiKey });
    assert.equal(foreignRead.status, 404);
    assert.equal(foreignRead.body.error.code, 'NOT_FOUND');
    // Positive control: its own tenant reads it.
    assert.equal((await h.call('GET', `/v1/admin/profiles/${a.profileId}/booking`, { auth: h.a.apiKey })).status, 200);
    for (const path of [
      '/v1/admin/engineers',
      '/v1/admin/sla-profiles',
      '/v1/admin/appointments?from=2026-12-01&to=2026-12-31',
    ]) {
      assert.deepEqual((await h.call('GET', path, { auth: h.b.apiKey })).body.items, [], path);
    }
    const [engineer] = await h.db.sql`select active from engineers where id = ${a.engineers[0]!.id}`;
    assert.equal(engineer!.active, true);
    assert.equal(Number((await h.db.sql`select count(*) from appointments where cancelled_at is null`)[0]!.count), 1);
    assert.equal(Number((await h.db.sql`select count(*) from engineer_absences`)[0]!.count), 0);
  });
});
