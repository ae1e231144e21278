import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  adminOk,
  availability,
  bookingTicket,
  newKey,
  receivedAt,
  setUpBooking,
  slotOf,
  type BookingSetup,
} from '../testing/booking';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
let a: BookingSetup;
before(async () => {
  h = await startHarness();
  // Tenant A: Berlin holidays, SLA 2–20 business days, windows 08–12 and 12–16, capacity 2, two printer engineers.
  a = await setUpBooking(h, h.a);
});
after(() => h.close());

describe('GET /v1/portal/tickets/:id/availability (the engine on fixed fixtures)', () => {
  it('flags a booked day that can no longer take the visit, and names the company, its phone and the ticket', async () => {
    const { ticket, session } = await bookingTicket(h, h.a);
    await receivedAt(h, ticket.id);
    await h.db.sql`update tickets set external_ref = 'T-4711' where id = ${ticket.id}`;
    const booked = await h.call('PUT', `/v1/portal/tickets/${ticket.id}/appointment`, {
      auth: session,
      headers: { 'idempotency-key': newKey() },
      body: { slotId: slotOf(a.profileId, '2026-12-09', 1) },
    });
    assert.equal(booked.status, 200, JSON.stringify(booked.body));
    const settings = await adminOk(h, 'GET', '/booking-settings');
    assert.equal(settings.phone, null);
    await adminOk(h, 'PUT', '/booking-settings', { ...settings, phone: '+49 30 555 0100' });
    try {
      const timeline = async () => (await h.call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: session })).body;
      assert.deepEqual((await timeline()).appointment, {
        date: '2026-12-09',
        start: booked.body.appointment.start,
        end: booked.body.appointment.end,
        problem: null,
      });
      const before = await availability(h, session, ticket.id, '2026-12-01', '2026-12-31');
      assert.equal(before.currentProblem, null);
      assert.deepEqual(before.visit, {
        company: 'Acme Printer Repair',
        phone: '+49 30 555 0100',
        reference: 'T-4711',
        title: 'Printer jams on every page',
        address: 'Hauptstr. 1, 10115 Berlin',
      });
      await adminOk(h, 'PUT', `/tickets/${ticket.id}/parts`, { partsFrom: '2026-12-14', partsTo: '2026-12-18' });
      const after = await availability(h, session, ticket.id, '2026-12-01', '2026-12-31');
      assert.equal(after.current.date, '2026-12-09', 'still booked');
      assert.equal(after.currentProblem, 'parts');
      assert.equal((await timeline()).appointment.problem, 'parts', 'the Status tab says so too');
      const bad = await h.call('PUT', '/v1/admin/booking-settings', {
        auth: h.a.apiKey,
        body: { ...settings, phone: 'x'.repeat(41) },
      });
      assert.equal(bad.status, 400);
    } finally {
      await adminOk(h, 'PUT', '/booking-settings', settings);
    }
  });

  it('gives every day state and marker of the legend', async () => {
    const { ticket, session } = await bookingTicket(h, h.a);
    await receivedAt(h, ticket.id);
    const [erik, farah] = a.engineers;
    await adminOk(h, 'PUT', '/calendar-days/2026-12-01', { kind: 'closed', note: 'Company outing' });
    await adminOk(h, 'PUT', '/calendar-days/2026-12-02', { kind: 'limited' });
    for (const engineer of [erik!, farah!]) {
      await adminOk(h, 'POST', `/engineers/${engineer.id}/absences`, {
        from: '2026-12-03T00:00:00+01:00',
        to: '2026-12-04T00:00:00+01:00',
      });
    }
    await adminOk(h, 'POST', `/engineers/${erik!.id}/absences`, {
      from: '2026-12-04T00:00:00+01:00',
      to: '2026-12-05T00:00:00+01:00',
    });
    await adminOk(h, 'POST', `/engineers/${farah!.id}/absences`, {
      from: '2026-12-04T08:00:00+01:00',
      to: '2026-12-04T12:00:00+01:00',
    });
    await adminOk(h, 'PUT', `/tickets/${ticket.id}/parts`, { partsFrom: '2026-11-25', partsTo: '2026-12-18' });
    const booked = await h.call('PUT', `/v1/portal/tickets/${ticket.id}/appointment`, {
      auth: session,
      headers: { 'idempotency-key': newKey() },
      body: { slotId: slotOf(a.profileId, '2026-12-08', 0) },
    });
    assert.equal(booked.status, 200, JSON.stringify(booked.body));

    const result = await availability(h, session, ticket.id, '2026-11-20', '2026-12-31');
    const day = (date: string) => result.byDate[date];
    assert.equal(result.timezone, 'Europe/Berlin');
    assert.equal(result.earliest, '2026-11-25');
    assert.equal(result.latest, '2026-12-22', '20 business days: the closed 1 December does not count');
    assert.equal(result.days.length, 42);
    assert.deepEqual(day('2026-11-20'), { date: '2026-11-20', state: 'closed', reason: 'past', markers: [] });
    assert.deepEqual(day('2026-11-24'), { date: '2026-11-24', state: 'closed', reason: 'sla', markers: [] });
    assert.deepEqual(day('2026-11-25'), {
      date: '2026-11-25',
      state: 'available',
      reason: null,
      markers: ['sla-earliest', 'parts-begin'],
    });
    assert.deepEqual(day('2026-11-28'), { date: '2026-11-28', state: 'closed', reason: 'weekend', markers: [] });
    assert.deepEqual(day('2026-12-01'), { date: '2026-12-01', state: 'closed', reason: 'closed', markers: [] });
    assert.deepEqual(day('2026-12-02'), { date: '2026-12-02', state: 'limited', reason: null, markers: [] });
    assert.deepEqual(
      day('2026-12-03'),
      { date: '2026-12-03', state: 'full', reason: null, markers: [] },
      'everyone absent: no free window',
    );
    assert.deepEqual(
      day('2026-12-04'),
      { date: '2026-12-04', state: 'limited', reason: null, markers: [] },
      'one seat left',
    );
    assert.deepEqual(day('2026-12-08'), { date: '2026-12-08', state: 'available', reason: null, markers: ['current'] });
    assert.deepEqual(day('2026-12-18'), {
      date: '2026-12-18',
      state: 'available',
      reason: null,
      markers: ['parts-end'],
    });
    assert.deepEqual(day('2026-12-21'), { date: '2026-12-21', state: 'unmatched', reason: 'parts', markers: [] });
    assert.deepEqual(day('2026-12-22'), {
      date: '2026-12-22',
      state: 'unmatched',
      reason: 'parts',
      markers: ['sla-latest'],
    });
    assert.deepEqual(day('2026-12-23'), { date: '2026-12-23', state: 'closed', reason: 'sla', markers: [] });
    assert.deepEqual(day('2026-12-25'), { date: '2026-12-25', state: 'closed', reason: 'holiday', markers: [] });
    assert.equal(result.current.date, '2026-12-08');
    assert.equal(result.policy, 'Free changes up to 24 hours before the visit.');
    assert.equal(result.cutoffHours, 24);
    assert.equal(result.currentProblem, null, 'the booked day can still take the visit');
    assert.deepEqual(result.visit, {
      company: 'Acme Printer Repair',
      phone: null,
      reference: null,
      title: 'Printer jams on every page',
      address: 'Hauptstr. 1, 10115 Berlin',
    });

    const other = await bookingTicket(h, h.a, { skills: ['plumbing'] });
    await receivedAt(h, other.ticket.id);
    const unmatched = await availability(h, other.session, other.ticket.id, '2026-11-25', '2026-11-27');
    assert.deepEqual(
      unmatched.days.map((d: any) => [d.state, d.reason]),
      [
        ['unmatched', 'skills'],
        ['unmatched', 'skills'],
        ['unmatched', 'skills'],
      ],
    );
  });

  it('counts a window full once its seats are taken, and says so per window', async () => {
    const others = [];
    for (let i = 0; i < 2; i++) others.push(await bookingTicket(h, h.a));
    const { ticket, session } = await bookingTicket(h, h.a);
    for (const t of [...others.map((o) => o.ticket), ticket]) await receivedAt(h, t.id);
    for (const other of others) {
      const res = await h.call('PUT', `/v1/portal/tickets/${other.ticket.id}/appointment`, {
        auth: other.session,
        headers: { 'idempotency-key': newKey() },
        body: { slotId: slotOf(a.profileId, '2026-12-10', 0) },
      });
      assert.equal(res.status, 200);
    }
    const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}/slots?date=2026-12-10`, { auth: session });
    assert.equal(res.status, 200);
    assert.equal(res.body.state, 'available', 'the afternoon still has both seats');
    assert.deepEqual(
      res.body.slots.map((s: any) => [s.start, s.end, s.available, s.reason]),
      [
        ['2026-12-10T07:00:00.000Z', '2026-12-10T11:00:00.000Z', false, 'full'],
        ['2026-12-10T11:00:00.000Z', '2026-12-10T15:00:00.000Z', true, null],
      ],
    );
    assert.equal(res.body.slots[1].id, slotOf(a.profileId, '2026-12-10', 1));

    const weekend = await h.call('GET', `/v1/portal/tickets/${ticket.id}/slots?date=2026-12-12`, { auth: session });
    assert.equal(weekend.body.state, 'closed');
    assert.deepEqual(
      weekend.body.slots.map((s: any) => [s.available, s.reason]),
      [
        [false, 'weekend'],
        [false, 'weekend'],
      ],
    );
  });

  it('rejects malformed and out-of-range dates with a clear code', async () => {
    const { ticket, session } = await bookingTicket(h, h.a);
    const path = `/v1/portal/tickets/${ticket.id}`;
    for (const query of [
      'from=2026-13-01&to=2026-12-31',
      'from=2026-02-30&to=2026-03-01',
      'from=yesterday&to=2026-12-01',
      'to=2026-12-01',
    ]) {
      const res = await h.call('GET', `${path}/availability?${query}`, { auth: session });
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED', query);
    }
    for (const query of [
      'from=2026-12-31&to=2026-12-01',
      'from=2026-12-01&to=2027-03-01',
      'from=2030-01-01&to=2030-01-31',
      'from=2020-01-01&to=2020-01-31',
    ]) {
      const res = await h.call('GET', `${path}/availability?${query}`, { auth: session });
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.code, 'DATE_RANGE_INVALID', query);
    }
    const slots = await h.call('GET', `${path}/slots?date=2026-1-1`, { auth: session });
    assert.equal(slots.body.error.code, 'VALIDATION_FAILED');
  });
});
