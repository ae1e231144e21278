import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bookingTicket, newKey, setUpBooking, slotOf, type BookingSetup } from '../testing/booking';
import { startHarness, type Harness } from '../testing/harness';
import { SseReader } from '../testing/sse';

let h: Harness;
let a: BookingSetup;
before(async () => {
  h = await startHarness();
  a = await setUpBooking(h, h.a, { capacity: 1 });
});
after(() => h.close());

const slot = (date: string, no = 0) => slotOf(a.profileId, date, no);
const put = (t: { ticket: { id: string }; session: string }, slotId: unknown, key: string | null = newKey()) =>
  h.call('PUT', `/v1/portal/tickets/${t.ticket.id}/appointment`, {
    auth: t.session,
    headers: key ? { 'idempotency-key': key } : {},
    body: { slotId },
  });
const activeAppointments = async (ticketId?: string) =>
  Number(
    (
      await h.db
        .sql`select count(*) from appointments where cancelled_at is null and (${ticketId ?? null}::uuid is null or ticket_id = ${ticketId ?? null})`
    )[0]!.count,
  );
const events = async (ticketId: string) =>
  (await h.call('GET', `/v1/admin/tickets/${ticketId}`, { auth: h.a.apiKey })).body.events.map(
    (e: { kind: string }) => e.kind,
  );

describe('PUT /v1/portal/tickets/:id/appointment', () => {
  it('books a window, writes a "booked" ticket event and shows the visit as current', async () => {
    const t = await bookingTicket(h, h.a);
    const res = await put(t, slot('2026-12-07'));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.rescheduled, false);
    assert.deepEqual(
      { ...res.body.appointment, id: undefined },
      {
        id: undefined,
        slotId: slot('2026-12-07'),
        date: '2026-12-07',
        start: '2026-12-07T07:00:00.000Z',
        end: '2026-12-07T11:00:00.000Z',
        timezone: 'Europe/Berlin',
      },
    );
    assert.deepEqual(await events(t.ticket.id), ['created', 'booked']);
    const availability = await h.call(
      'GET',
      `/v1/portal/tickets/${t.ticket.id}/availability?from=2026-12-07&to=2026-12-07`,
      { auth: t.session },
    );
    assert.deepEqual(availability.body.current, res.body.appointment);
  });

  it('pushes the booking on the ticket’s live stream', async () => {
    const t = await bookingTicket(h, h.a);
    const response = await h.app.request(`/v1/portal/tickets/${t.ticket.id}/events`, {
      headers: { authorization: `Bearer ${t.session}` },
    });
    const reader = new SseReader(response);
    await reader.next();
    assert.equal((await put(t, slot('2026-12-07', 1))).status, 200);
    const live = (await reader.next())!;
    assert.equal(JSON.parse(live.data).event.kind, 'booked');
    await reader.cancel();
  });

  it('answers the same appointment for a repeated Idempotency-Key and books once; another window with that key is refused', async () => {
    const t = await bookingTicket(h, h.a);
    const key = newKey();
    const first = await put(t, slot('2026-12-08'), key);
    const again = await Promise.all([put(t, slot('2026-12-08'), key), put(t, slot('2026-12-08'), key)]);
    assert.equal(first.status, 200);
    for (const res of again) assert.deepEqual([res.status, res.body], [200, first.body]);
    assert.equal(await activeAppointments(t.ticket.id), 1);
    assert.deepEqual(await events(t.ticket.id), ['created', 'booked']);
    const reused = await put(t, slot('2026-12-09'), key);
    assert.equal(reused.status, 422);
    assert.equal(reused.body.error.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('requires an Idempotency-Key', async () => {
    const t = await bookingTicket(h, h.a);
    for (const key of [null, 'short']) {
      const res = await put(t, slot('2026-12-08', 1), key);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'IDEMPOTENCY_KEY_REQUIRED');
    }
    assert.equal(await activeAppointments(t.ticket.id), 0);
  });

  it('reschedules: the old window is free again in the same transaction, and a "rescheduled" event is written', async () => {
    const t = await bookingTicket(h, h.a);
    await put(t, slot('2026-12-10'));
    const moved = await put(t, slot('2026-12-11'));
    assert.equal(moved.status, 200);
    assert.equal(moved.body.rescheduled, true);
    assert.equal(await activeAppointments(t.ticket.id), 1);
    assert.deepEqual(await events(t.ticket.id), ['created', 'booked', 'rescheduled']);
    const other = await bookingTicket(h, h.a);
    assert.equal((await put(other, slot('2026-12-10'))).status, 200, 'the freed window (capacity 1) can be taken');
  });

  it('answers 409 SLOT_TAKEN when moving into a full window, and keeps the old appointment', async () => {
    const holder = await bookingTicket(h, h.a);
    assert.equal((await put(holder, slot('2026-12-14'))).status, 200);
    const t = await bookingTicket(h, h.a);
    const before = await put(t, slot('2026-12-15'));
    const res = await put(t, slot('2026-12-14'));
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'SLOT_TAKEN');
    const availability = await h.call(
      'GET',
      `/v1/portal/tickets/${t.ticket.id}/availability?from=2026-12-14&to=2026-12-15`,
      { auth: t.session },
    );
    assert.deepEqual(availability.body.current, before.body.appointment);
  });

  it('refuses a change within the tenant’s cut-off (CHANGE_CUTOFF_PASSED) and tells the cut-off and policy beforehand', async () => {
    const t = await bookingTicket(h, h.a);
    const booked = await put(t, slot('2026-12-16'));
    const start = h.clock.now();
    h.clock.set(new Date(Date.parse(booked.body.appointment.start) - 23 * 3_600_000));
    try {
      const session = await h.sessionFor(h.a, t.ticket.id);
      const res = await put({ ticket: t.ticket, session }, slot('2026-12-17'));
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'CHANGE_CUTOFF_PASSED');
      const availability = await h.call(
        'GET',
        `/v1/portal/tickets/${t.ticket.id}/availability?from=2026-12-16&to=2026-12-16`,
        { auth: session },
      );
      assert.equal(availability.body.cutoffHours, 24);
      assert.equal(availability.body.policy, 'Free changes up to 24 hours before the visit.');
    } finally {
      h.clock.set(start);
    }
    assert.equal(await activeAppointments(t.ticket.id), 1);
  });

  it('rejects past windows, windows outside the SLA, closed days and other profiles’ or tenants’ windows, writing nothing', async () => {
    const t = await bookingTicket(h, h.a);
    const b = await setUpBooking(h, h.b);
    const cases: [unknown, number, string][] = [
      [slot('2026-11-20'), 422, 'SLOT_IN_PAST'],
      [slot('2026-11-23'), 422, 'SLOT_IN_PAST'],
      [slot('2026-11-24'), 422, 'SLOT_OUTSIDE_SLA'],
      [slot('2027-02-01'), 422, 'SLOT_OUTSIDE_SLA'],
      [slot('2026-12-12'), 422, 'SLOT_UNAVAILABLE'],
      [slot('2026-12-25'), 422, 'SLOT_UNAVAILABLE'],
      [slot('2026-12-07', 5), 404, 'NOT_FOUND'],
      [slotOf(b.profileId, '2026-12-07', 0), 404, 'NOT_FOUND'],
      ['2026-12-07.0', 404, 'NOT_FOUND'],
      ['not a slot', 404, 'NOT_FOUND'],
      [42, 400, 'VALIDATION_FAILED'],
    ];
    for (const [slotId, status, code] of cases) {
      const res = await put(t, slotId);
      assert.equal(res.status, status, String(slotId));
      assert.equal(res.body.error.code, code, String(slotId));
    }
    assert.equal(await activeAppointments(t.ticket.id), 0);
    assert.deepEqual(await events(t.ticket.id), ['created']);
  });
});

describe('earlier-slot waitlist', () => {
  it('tells the customer who waited longest when an earlier window frees up (earlier_slot_available event)', async () => {
    const early = await bookingTicket(h, h.a);
    const waiting = await bookingTicket(h, h.a);
    const later = await bookingTicket(h, h.a);
    assert.equal((await put(early, slot('2026-12-02', 1))).status, 200);
    assert.equal((await put(waiting, slot('2026-12-18', 1))).status, 200);
    assert.equal((await put(later, slot('2026-12-18', 0))).status, 200);

    const noAppointment = await bookingTicket(h, h.a);
    const refused = await h.call('PUT', `/v1/portal/tickets/${noAppointment.ticket.id}/waitlist`, {
      auth: noAppointment.session,
    });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'NO_APPOINTMENT');

    for (const t of [waiting, later]) {
      const res = await h.call('PUT', `/v1/portal/tickets/${t.ticket.id}/waitlist`, { auth: t.session });
      assert.deepEqual([res.status, res.body], [200, { waitlisted: true }]);
    }
    const mine = await h.call(
      'GET',
      `/v1/portal/tickets/${waiting.ticket.id}/availability?from=2026-12-18&to=2026-12-18`,
      { auth: waiting.session },
    );
    assert.equal(mine.body.waitlisted, true);

    assert.equal((await put(early, slot('2026-12-03', 1))).status, 200, 'moving frees 2 December');
    assert.deepEqual(await events(waiting.ticket.id), ['created', 'booked', 'earlier_slot_available']);
    assert.deepEqual(await events(later.ticket.id), ['created', 'booked'], 'only the first in line hears of it');

    const cancelled = await h.call('DELETE', `/v1/admin/tickets/${early.ticket.id}/appointment`, { auth: h.a.apiKey });
    assert.equal(cancelled.status, 204);
    assert.deepEqual(
      await events(later.ticket.id),
      ['created', 'booked', 'earlier_slot_available'],
      'the next one hears of the cancellation',
    );
  });
});

describe('automated actions on bookings', () => {
  it('booking, moving and a freed earlier window each fire their trigger in the booking’s transaction', async () => {
    const info = (trigger: string) => ({
      name: trigger,
      trigger,
      channel: 'info',
      portalMode: 'tracking+booking',
      templates: { en: { body: `${trigger}: {{appointment.window}}` } },
    });
    const actions = [];
    for (const trigger of ['appointment_booked', 'appointment_moved', 'earlier_window_freed']) {
      const created = await h.call('POST', '/v1/admin/automated-actions', { auth: h.a.apiKey, body: info(trigger) });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      actions.push(created.body.id);
    }
    const fired = async (ticketId: string) =>
      (await h.call('GET', `/v1/admin/tickets/${ticketId}/messages`, { auth: h.a.apiKey })).body.items.map(
        (m: { trigger: string }) => m.trigger,
      );
    try {
      const mover = await bookingTicket(h, h.a);
      const waiting = await bookingTicket(h, h.a);
      const first = await put(mover, slot('2026-12-14', 1));
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(await fired(mover.ticket.id), ['appointment_booked']);
      const [booked] = await h.db.sql`select context from outbox where ticket_id = ${mover.ticket.id}`;
      assert.match(
        booked!.context['appointment.window'],
        /December 14, 2026, 12:00 PM–4:00 PM Germany Time/,
        'the booked window fills {{appointment.window}}',
      );

      assert.equal((await put(waiting, slot('2026-12-16', 1))).status, 200);
      assert.equal(
        (await h.call('PUT', `/v1/portal/tickets/${waiting.ticket.id}/waitlist`, { auth: waiting.session })).status,
        200,
      );
      assert.equal((await put(mover, slot('2026-12-15', 1))).status, 200);
      assert.deepEqual((await fired(mover.ticket.id)).sort(), ['appointment_booked', 'appointment_moved']);
      assert.deepEqual((await fired(waiting.ticket.id)).sort(), ['appointment_booked', 'earlier_window_freed']);

      const before = await fired(mover.ticket.id);
      const taken = await put(waiting, slot('2026-12-15', 1));
      assert.equal(taken.body.error?.code, 'SLOT_TAKEN', 'capacity 1: the window is the mover’s');
      assert.deepEqual(await fired(mover.ticket.id), before);
      assert.deepEqual((await fired(waiting.ticket.id)).length, 2, 'a refused booking fires nothing');
    } finally {
      for (const id of actions) await h.call('DELETE', `/v1/admin/automated-actions/${id}`, { auth: h.a.apiKey });
    }
  });
});
