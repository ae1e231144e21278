import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminOk, bookedVisit as bookedVisitOf, setUpBooking, type BookingSetup } from '../testing/booking';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
let a: BookingSetup;
before(async () => {
  h = await startHarness();
  a = await setUpBooking(h, h.a);
});
after(() => h.close());

const admin = (method: string, path: string, body?: unknown) => adminOk(h, method, path, body);

/** A ticket of tenant A with a visit booked on `day` (window 0): its session, id and the visit's engineer. */
async function bookedVisit(day: string) {
  const { id: ticketId, session, engineerId } = await bookedVisitOf(h, a, day);
  const problem = async () => {
    const res = await h.call('GET', `/v1/portal/tickets/${ticketId}`, { auth: session });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const calendar = await h.call('GET', `/v1/portal/tickets/${ticketId}/availability?from=${day}&to=${day}`, {
      auth: session,
    });
    assert.equal(calendar.status, 200, JSON.stringify(calendar.body));
    assert.equal(calendar.body.visitProblem, res.body.appointment.problem, 'the booking calendar says the same');
    return res.body.appointment.problem as string | null;
  };
  return { ticketId, engineerId, problem };
}

describe('GET /v1/portal/tickets/:id flags a booked visit that became impossible', () => {
  it('when the company closed its day since, until the day opens again', async () => {
    const visit = await bookedVisit('2026-12-10');
    assert.equal(await visit.problem(), null, 'booked on an open day');
    await admin('PUT', '/calendar-days/2026-12-11', { kind: 'closed', note: 'Holiday' });
    assert.equal(await visit.problem(), null, 'another closed day changes nothing');
    await admin('PUT', '/calendar-days/2026-12-10', { kind: 'limited' });
    assert.equal(await visit.problem(), null, 'a limited day still takes the visit');
    await admin('PUT', '/calendar-days/2026-12-10', { kind: 'closed', note: 'Holiday' });
    assert.equal(await visit.problem(), 'closed');
    await admin('DELETE', '/calendar-days/2026-12-10?kind=closed');
    assert.equal(await visit.problem(), null);
  });

  it('when its engineer is away over the visit or no longer active', async () => {
    const visit = await bookedVisit('2026-12-15');
    const other = a.engineers.find((engineer) => engineer.id !== visit.engineerId)!;
    await admin('POST', `/engineers/${other.id}/absences`, {
      from: '2026-12-15T00:00:00+01:00',
      to: '2026-12-16T00:00:00+01:00',
    });
    assert.equal(await visit.problem(), null, 'another engineer away changes nothing');
    await admin('POST', `/engineers/${visit.engineerId}/absences`, {
      from: '2026-12-14T00:00:00+01:00',
      to: '2026-12-15T00:00:00+01:00',
    });
    assert.equal(await visit.problem(), null, 'an absence that ends before the visit changes nothing');
    await admin('POST', `/engineers/${visit.engineerId}/absences`, {
      from: '2026-12-15T07:00:00+01:00',
      to: '2026-12-15T09:00:00+01:00',
      reason: 'Sick',
    });
    assert.equal(await visit.problem(), 'engineer');

    const second = await bookedVisit('2026-12-16');
    assert.equal(await second.problem(), null);
    await admin('PATCH', `/engineers/${second.engineerId}`, { active: false });
    try {
      assert.equal(await second.problem(), 'engineer');
    } finally {
      await admin('PATCH', `/engineers/${second.engineerId}`, { active: true });
    }
    assert.equal(await second.problem(), null);
  });

  it('a closed day comes before a parts window it also misses', async () => {
    const visit = await bookedVisit('2026-12-17');
    await admin('PUT', `/tickets/${visit.ticketId}/parts`, { partsFrom: '2026-12-21', partsTo: '2026-12-23' });
    assert.equal(await visit.problem(), 'parts');
    await admin('PUT', '/calendar-days/2026-12-17', { kind: 'closed' });
    assert.equal(await visit.problem(), 'closed');
  });

  it('another tenant’s closed day or absences change nothing', async () => {
    const visit = await bookedVisit('2026-12-18');
    const b = await setUpBooking(h, h.b);
    await h.call('PUT', '/v1/admin/calendar-days/2026-12-18', { auth: h.b.apiKey, body: { kind: 'closed' } });
    for (const engineer of b.engineers) {
      await h.call('POST', `/v1/admin/engineers/${engineer.id}/absences`, {
        auth: h.b.apiKey,
        body: { from: '2026-12-18T00:00:00+01:00', to: '2026-12-19T00:00:00+01:00' },
      });
    }
    assert.equal(await visit.problem(), null);
    // Positive control: the same day closed by tenant A is flagged.
    await admin('PUT', '/calendar-days/2026-12-18', { kind: 'closed' });
    assert.equal(await visit.problem(), 'closed');
  });
});
