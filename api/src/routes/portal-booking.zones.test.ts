import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  adminOk,
  availability,
  bookingTicket,
  EVERY_DAY,
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

describe('holidays and time zones', () => {
  it('closes Berlin’s public holidays for a DE/BE tenant and the US ones for a US/CA tenant', async () => {
    await setUpBooking(h, h.b, { settings: { holidayCountry: 'US', holidayRegion: 'CA' }, sla: { latestOffset: 200 } });
    const us = await bookingTicket(h, h.b);
    const de = await bookingTicket(h, h.a);
    await receivedAt(h, us.ticket.id);
    await receivedAt(h, de.ticket.id);
    const usDays = await availability(h, us.session, us.ticket.id, '2026-11-25', '2027-01-20');
    const deDays = await availability(h, de.session, de.ticket.id, '2026-11-25', '2027-01-20');
    assert.equal(usDays.byDate['2026-11-26'].reason, 'holiday', 'Thanksgiving');
    assert.equal(deDays.byDate['2026-11-26'].state, 'available');
    assert.equal(usDays.byDate['2027-01-18'].reason, 'holiday', 'Martin Luther King Jr. Day');
    assert.equal(usDays.byDate['2026-12-25'].reason, 'holiday');
    assert.equal(deDays.byDate['2026-12-25'].reason, 'holiday');
    assert.equal(deDays.byDate['2027-01-01'].reason, 'holiday');
    assert.equal(usDays.byDate['2027-01-01'].reason, 'holiday');
  });

  it('puts windows at the right instants on the spring-forward and fall-back days (Europe/Berlin)', async () => {
    const profile = await adminOk(h, 'POST', '/profiles', { name: 'Night service', mode: 'tracking+booking' }, h.b);
    const sla = await adminOk(
      h,
      'POST',
      '/sla-profiles',
      { name: '24/7', earliestOffset: 0, latestOffset: 600, weekendsCount: true },
      h.b,
    );
    await adminOk(
      h,
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
    await adminOk(
      h,
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
      await adminOk(h, 'POST', `/engineers/${farah.id}/absences`, {
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
    await receivedAt(h, london.ticket.id);
    const visit = await book(london.ticket, london.session, slotOf(a.profileId, '2026-12-15', 0));
    assert.deepEqual([visit.start, visit.end], ['2026-12-15T08:00:00.000Z', '2026-12-15T12:00:00.000Z']);
    // The visit that ends as Berlin's afternoon window begins.
    const morning = await bookingTicket(h, h.a);
    await receivedAt(h, morning.ticket.id);
    await book(morning.ticket, morning.session, slotOf(a.profileId, '2026-12-16', 0));

    const { ticket, session } = await bookingTicket(h, h.a);
    await receivedAt(h, ticket.id);
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
    const month = await availability(h, session, ticket.id, '2026-12-14', '2026-12-17');
    assert.equal(month.byDate['2026-12-15'].state, 'full');
    assert.notEqual(month.byDate['2026-12-16'].state, 'full');

    // Booked, then marked absent over the same window: one engineer, counted once; the other one is still free.
    const booked = await bookingTicket(h, h.a);
    await receivedAt(h, booked.ticket.id);
    const taken = await book(booked.ticket, booked.session, slotOf(a.profileId, '2026-12-17', 0));
    const [row] = await h.db.sql<
      { engineer_id: string }[]
    >`select engineer_id from appointments where id = ${taken.id}`;
    await adminOk(h, 'POST', `/engineers/${row!.engineer_id}/absences`, {
      from: '2026-12-17T09:00:00+01:00',
      to: '2026-12-17T10:00:00+01:00',
    });
    assert.deepEqual((await slots('2026-12-17'))[0], ['2026-12-17T07:00:00.000Z', true, null]);
  });
});
