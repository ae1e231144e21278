import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bookingTicket, EVERY_DAY, newKey, setUpBooking, slotOf, type BookingSetup } from '../testing/booking';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
let a: BookingSetup;
before(async () => {
  h = await startHarness();
  // Tenant A: Berlin holidays, SLA 2–20 business days, windows 08–12 and 12–16, capacity 2, two printer engineers.
  a = await setUpBooking(h, h.a);
});
after(() => h.close());

const RECEIVED = '2026-11-23T08:00:00Z'; // a Monday; the harness clock is 09:00Z the same day

/** Pins when the ticket was received (the row's created_at), so SLA dates are fixed. */
const receivedAt = (ticketId: string, at = RECEIVED) =>
  h.db.sql`update tickets set created_at = ${at} where id = ${ticketId}`;

const admin = async (method: string, path: string, body?: unknown, tenant = h.a) => {
  const res = await h.call(method, `/v1/admin${path}`, { auth: tenant.apiKey, body });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const days = async (session: string, ticketId: string, from: string, to: string) => {
  const res = await h.call('GET', `/v1/portal/tickets/${ticketId}/availability?from=${from}&to=${to}`, {
    auth: session,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { ...res.body, byDate: Object.fromEntries(res.body.days.map((d: any) => [d.date, d])) };
};

describe('GET /v1/portal/tickets/:id/availability (the engine on fixed fixtures)', () => {
  it('gives every day state and marker of the legend', async () => {
    const { ticket, session } = await bookingTicket(h, h.a);
    await receivedAt(ticket.id);
    const [erik, farah] = a.engineers;
    await admin('PUT', '/calendar-days/2026-12-01', { kind: 'closed', note: 'Company outing' });
    await admin('PUT', '/calendar-days/2026-12-02', { kind: 'limited' });
    for (const engineer of [erik!, farah!]) {
      await admin('POST', `/engineers/${engineer.id}/absences`, {
        from: '2026-12-03T00:00:00+01:00',
        to: '2026-12-04T00:00:00+01:00',
      });
    }
    await admin('POST', `/engineers/${erik!.id}/absences`, {
      from: '2026-12-04T00:00:00+01:00',
      to: '2026-12-05T00:00:00+01:00',
    });
    await admin('POST', `/engineers/${farah!.id}/absences`, {
      from: '2026-12-04T08:00:00+01:00',
      to: '2026-12-04T12:00:00+01:00',
    });
    await admin('PUT', `/tickets/${ticket.id}/parts`, { partsFrom: '2026-11-25', partsTo: '2026-12-18' });
    const booked = await h.call('PUT', `/v1/portal/tickets/${ticket.id}/appointment`, {
      auth: session,
      headers: { 'idempotency-key': newKey() },
      body: { slotId: slotOf(a.profileId, '2026-12-08', 0) },
    });
    assert.equal(booked.status, 200, JSON.stringify(booked.body));

    const result = await days(session, ticket.id, '2026-11-20', '2026-12-31');
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

    const other = await bookingTicket(h, h.a, { skills: ['plumbing'] });
    await receivedAt(other.ticket.id);
    const unmatched = await days(other.session, other.ticket.id, '2026-11-25', '2026-11-27');
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
    for (const t of [...others.map((o) => o.ticket), ticket]) await receivedAt(t.id);
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

describe('holidays and time zones', () => {
  it('closes Berlin’s public holidays for a DE/BE tenant and the US ones for a US/CA tenant', async () => {
    await setUpBooking(h, h.b, { settings: { holidayCountry: 'US', holidayRegion: 'CA' }, sla: { latestOffset: 200 } });
    const us = await bookingTicket(h, h.b);
    const de = await bookingTicket(h, h.a);
    await receivedAt(us.ticket.id);
    await receivedAt(de.ticket.id);
    const usDays = await days(us.session, us.ticket.id, '2026-11-25', '2027-01-20');
    const deDays = await days(de.session, de.ticket.id, '2026-11-25', '2027-01-20');
    assert.equal(usDays.byDate['2026-11-26'].reason, 'holiday', 'Thanksgiving');
    assert.equal(deDays.byDate['2026-11-26'].state, 'available');
    assert.equal(usDays.byDate['2027-01-18'].reason, 'holiday', 'Martin Luther King Jr. Day');
    assert.equal(usDays.byDate['2026-12-25'].reason, 'holiday');
    assert.equal(deDays.byDate['2026-12-25'].reason, 'holiday');
    assert.equal(deDays.byDate['2027-01-01'].reason, 'holiday');
    assert.equal(usDays.byDate['2027-01-01'].reason, 'holiday');
  });

  it('puts windows at the right instants on the spring-forward and fall-back days (Europe/Berlin)', async () => {
    const profile = await admin('POST', '/profiles', { name: 'Night service', mode: 'tracking+booking' }, h.b);
    const sla = await admin(
      'POST',
      '/sla-profiles',
      { name: '24/7', earliestOffset: 0, latestOffset: 600, weekendsCount: true },
      h.b,
    );
    await admin(
      'PUT',
      `/profiles/${profile.id}/booking`,
      {
        slaProfileId: sla.id,
        windows: [
          { start: '00:00', end: '04:00' },
          { start: '08:00', end: '12:00' },
        ],
      },
      h.b,
    );
    await admin(
      'POST',
      '/engineers',
      { name: 'Nacht', skills: ['printer'], workingHours: EVERY_DAY, timezone: 'Europe/Berlin' },
      h.b,
    );
    const ticket = await h.createTicket(h.b, { skills: ['printer'], profileId: profile.id });
    const start = h.clock.now();
    h.clock.set(new Date('2027-03-20T12:00:00Z'));
    try {
      const session = await h.sessionFor(h.b, ticket.id);
      const slots = async (date: string) => {
        const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}/slots?date=${date}`, { auth: session });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body.slots.map((s: any) => [s.start, s.end]);
      };
      assert.deepEqual(await slots('2027-03-27'), [
        ['2027-03-26T23:00:00.000Z', '2027-03-27T03:00:00.000Z'],
        ['2027-03-27T07:00:00.000Z', '2027-03-27T11:00:00.000Z'],
      ]);
      // 02:00 does not exist: the night window is three hours long, the morning one is in summer time.
      assert.deepEqual(await slots('2027-03-28'), [
        ['2027-03-27T23:00:00.000Z', '2027-03-28T02:00:00.000Z'],
        ['2027-03-28T06:00:00.000Z', '2027-03-28T10:00:00.000Z'],
      ]);
      // 02:00–03:00 happens twice: the night window is five hours long.
      assert.deepEqual(await slots('2027-10-31'), [
        ['2027-10-30T22:00:00.000Z', '2027-10-31T03:00:00.000Z'],
        ['2027-10-31T07:00:00.000Z', '2027-10-31T11:00:00.000Z'],
      ]);
      const booked = await h.call('PUT', `/v1/portal/tickets/${ticket.id}/appointment`, {
        auth: session,
        headers: { 'idempotency-key': newKey() },
        body: { slotId: slotOf(profile.id, '2027-03-28', 1) },
      });
      assert.equal(booked.status, 200, JSON.stringify(booked.body));
      assert.deepEqual(booked.body.appointment, {
        id: booked.body.appointment.id,
        slotId: slotOf(profile.id, '2027-03-28', 1),
        date: '2027-03-28',
        start: '2027-03-28T06:00:00.000Z',
        end: '2027-03-28T10:00:00.000Z',
        timezone: 'Europe/Berlin',
      });
    } finally {
      h.clock.set(start);
    }
  });

  it('keeps an engineer busy in every window their visit overlaps, even at a site in another zone, and free once it has ended', async () => {
    const farah = a.engineers[1]!;
    for (const date of ['2026-12-15', '2026-12-16']) {
      await admin('POST', `/engineers/${farah.id}/absences`, {
        from: `${date}T00:00:00+01:00`,
        to: `${date}T23:59:00+01:00`,
      });
    }
    const book = async (ticket: { id: string }, session: string, slotId: string) => {
      const res = await h.call('PUT', `/v1/portal/tickets/${ticket.id}/appointment`, {
        auth: session,
        headers: { 'idempotency-key': newKey() },
        body: { slotId },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.appointment;
    };
    // A London site: its morning window, 08–12 there, is 09–13 in Berlin, and only Erik is at work.
    const london = await bookingTicket(h, h.a, {
      location: {
        line1: '1 High St',
        city: 'London',
        postalCode: 'EC1A 1BB',
        country: 'GB',
        timezone: 'Europe/London',
      },
    });
    await receivedAt(london.ticket.id);
    const visit = await book(london.ticket, london.session, slotOf(a.profileId, '2026-12-15', 0));
    assert.deepEqual([visit.start, visit.end], ['2026-12-15T08:00:00.000Z', '2026-12-15T12:00:00.000Z']);
    // The visit that ends as Berlin's afternoon window begins.
    const morning = await bookingTicket(h, h.a);
    await receivedAt(morning.ticket.id);
    await book(morning.ticket, morning.session, slotOf(a.profileId, '2026-12-16', 0));

    const { ticket, session } = await bookingTicket(h, h.a);
    await receivedAt(ticket.id);
    const slots = async (date: string) => {
      const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}/slots?date=${date}`, { auth: session });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.slots.map((s: any) => [s.start, s.available, s.reason]);
    };
    assert.deepEqual(
      await slots('2026-12-15'),
      [
        ['2026-12-15T07:00:00.000Z', false, 'full'],
        ['2026-12-15T11:00:00.000Z', false, 'full'],
      ],
      'Erik is in London 09–13 Berlin time',
    );
    assert.deepEqual(
      await slots('2026-12-16'),
      [
        ['2026-12-16T07:00:00.000Z', false, 'full'],
        ['2026-12-16T11:00:00.000Z', true, null],
      ],
      'a visit ending at 12:00 leaves 12–16 free',
    );
    const month = await days(session, ticket.id, '2026-12-14', '2026-12-17');
    assert.equal(month.byDate['2026-12-15'].state, 'full');
    assert.notEqual(month.byDate['2026-12-16'].state, 'full');

    // Booked, then marked absent over the same window: one engineer, counted once; the other one is still free.
    const booked = await bookingTicket(h, h.a);
    await receivedAt(booked.ticket.id);
    const taken = await book(booked.ticket, booked.session, slotOf(a.profileId, '2026-12-17', 0));
    const [row] = await h.db.sql<
      { engineer_id: string }[]
    >`select engineer_id from appointments where id = ${taken.id}`;
    await admin('POST', `/engineers/${row!.engineer_id}/absences`, {
      from: '2026-12-17T09:00:00+01:00',
      to: '2026-12-17T10:00:00+01:00',
    });
    assert.deepEqual((await slots('2026-12-17'))[0], ['2026-12-17T07:00:00.000Z', true, null]);
  });
});
