import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bookingTicket, newKey, setUpBooking, slotOf, WEEKDAYS, type BookingSetup } from '../testing/booking';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
let a: BookingSetup;
before(async () => {
  h = await startHarness();
  a = await setUpBooking(h, h.a);
});
after(() => h.close());

const admin = (method: string, path: string, body?: unknown) =>
  h.call(method, `/v1/admin${path}`, { auth: h.a.apiKey, body });

describe('admin booking API', () => {
  it('keeps engineers with skills, weekly hours, home zone and service area, and changes them', async () => {
    const created = await admin('POST', '/engineers', {
      name: 'Gus',
      skills: ['hvac'],
      workingHours: { 6: ['09:00', '13:00'] },
      timezone: 'America/New_York',
      serviceArea: ['101'],
    });
    assert.equal(created.status, 201);
    assert.deepEqual(
      { ...created.body, id: undefined },
      {
        id: undefined,
        name: 'Gus',
        skills: ['hvac'],
        workingHours: { 6: ['09:00', '13:00'] },
        timezone: 'America/New_York',
        serviceArea: ['101'],
        active: true,
      },
    );
    const patched = await admin('PATCH', `/engineers/${created.body.id}`, { active: false, workingHours: WEEKDAYS });
    assert.equal(patched.body.active, false);
    assert.deepEqual(patched.body.workingHours, WEEKDAYS);
    const list = await admin('GET', '/engineers');
    assert.deepEqual(
      list.body.items.map((e: { name: string }) => e.name),
      ['Erik', 'Farah', 'Gus'],
    );
  });

  it('rejects bad engineers, SLA profiles, windows and settings with field paths, writing nothing', async () => {
    const cases: [string, string, unknown, string][] = [
      [
        'POST',
        '/engineers',
        { name: 'X', workingHours: { 8: ['08:00', '17:00'] }, timezone: 'Europe/Berlin' },
        'json.workingHours',
      ],
      [
        'POST',
        '/engineers',
        { name: 'X', workingHours: { 1: ['17:00', '08:00'] }, timezone: 'Europe/Berlin' },
        'json.workingHours',
      ],
      ['POST', '/engineers', { name: 'X', workingHours: WEEKDAYS, timezone: 'Mars/Olympus' }, 'json.timezone'],
      ['POST', '/sla-profiles', { name: 'X', earliestOffset: 5, latestOffset: 2 }, 'json.latestOffset'],
      [
        'POST',
        '/sla-profiles',
        { name: 'X', earliestOffset: 1, latestOffset: 2, businessStart: '25:00' },
        'json.businessStart',
      ],
      ['PUT', `/profiles/${a.profileId}/booking`, { windows: [{ start: '12:00', end: '08:00' }] }, 'json.windows.0'],
      ['PUT', `/profiles/${a.profileId}/booking`, { capacity: 0 }, 'json.capacity'],
      [
        'PUT',
        '/booking-settings',
        { holidayCountry: 'Germany', holidayRegion: null, cutoffHours: 24, policy: null },
        'json.holidayCountry',
      ],
      ['PUT', '/calendar-days/2026-02-30', { kind: 'closed' }, 'param.date'],
      ['PUT', '/calendar-days/2026-12-01', { kind: 'holiday' }, 'json.kind'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await admin(method, path, body);
      assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.error.issues.some((i: { path: string }) => i.path.startsWith(field)),
        JSON.stringify(res.body.error.issues),
      );
    }
    const region = await admin('PUT', '/booking-settings', {
      holidayCountry: null,
      holidayRegion: 'BE',
      cutoffHours: 24,
      policy: null,
    });
    assert.equal(region.body.error.code, 'VALIDATION_FAILED');
    assert.equal((await admin('GET', '/engineers')).body.items.length, 3);
    assert.equal((await admin('GET', '/booking-settings')).body.holidayCountry, 'DE');
  });

  it('sets windows from the SLA profile’s business hours when no custom intervals are given', async () => {
    const sla = await admin('POST', '/sla-profiles', {
      name: 'Long day',
      earliestOffset: 1,
      latestOffset: 30,
      businessStart: '07:30',
      businessEnd: '18:00',
    });
    const profile = await admin('POST', '/profiles', { name: 'SLA windows', mode: 'tracking+booking' });
    assert.equal(
      (await admin('PUT', `/profiles/${profile.body.id}/booking`, { slaProfileId: sla.body.id })).status,
      200,
    );
    const { ticket, session } = await bookingTicket(h, h.a, { profileId: profile.body.id });
    const slots = await h.call('GET', `/v1/portal/tickets/${ticket.id}/slots?date=2026-12-07`, { auth: session });
    assert.deepEqual(
      slots.body.slots.map((s: { start: string; end: string }) => [s.start, s.end]),
      [['2026-12-07T06:30:00.000Z', '2026-12-07T17:00:00.000Z']],
    );
  });

  it('lists booked visits for the dispatcher, marks days limited, sets parts windows and cancels a visit', async () => {
    const { ticket, session } = await bookingTicket(h, h.a);
    const booked = await h.call('PUT', `/v1/portal/tickets/${ticket.id}/appointment`, {
      auth: session,
      headers: { 'idempotency-key': newKey() },
      body: { slotId: slotOf(a.profileId, '2026-12-09', 1) },
    });
    assert.equal(booked.status, 200);
    const list = await admin('GET', '/appointments?from=2026-12-01&to=2026-12-31');
    assert.equal(list.status, 200);
    const row = list.body.items.find((i: { ticketId: string }) => i.ticketId === ticket.id);
    assert.equal(row.date, '2026-12-09');
    assert.equal(Date.parse(row.start), Date.parse('2026-12-09T11:00:00Z'));
    assert.equal(row.customerName, 'Dana Miller');
    assert.ok(['Erik', 'Farah'].includes(row.engineerName));

    assert.equal((await admin('PUT', '/calendar-days/2026-12-10', { kind: 'limited', note: 'Training' })).status, 200);
    assert.deepEqual((await admin('GET', '/calendar-days?from=2026-12-01&to=2026-12-31')).body.items, [
      { date: '2026-12-10', kind: 'limited', note: 'Training' },
    ]);
    const days = await h.call('GET', `/v1/portal/tickets/${ticket.id}/availability?from=2026-12-10&to=2026-12-10`, {
      auth: session,
    });
    assert.equal(days.body.days[0].state, 'limited');
    assert.equal((await admin('DELETE', '/calendar-days/2026-12-10?kind=limited')).status, 204);

    assert.deepEqual(
      (await admin('PUT', `/tickets/${ticket.id}/parts`, { partsFrom: '2026-12-14', partsTo: '2026-12-18' })).body,
      { partsFrom: '2026-12-14', partsTo: '2026-12-18' },
    );
    const bad = await admin('PUT', `/tickets/${ticket.id}/parts`, { partsFrom: '2026-12-18', partsTo: '2026-12-14' });
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');

    assert.equal((await admin('DELETE', `/tickets/${ticket.id}/appointment`)).status, 204);
    const again = await admin('DELETE', `/tickets/${ticket.id}/appointment`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'NO_APPOINTMENT');
    assert.equal(
      (await admin('GET', '/appointments?from=2026-12-01&to=2026-12-31')).body.items.some(
        (i: { ticketId: string }) => i.ticketId === ticket.id,
      ),
      false,
    );
  });

  it('reads a profile’s booking back as it was put: SLA profile, custom windows or none, capacity, texts', async () => {
    const profile = (await admin('POST', '/profiles', { name: 'Readback', language: 'de' })).body;
    const put = {
      slaProfileId: a.slaProfileId,
      windows: [{ start: '07:30', end: '10:00' }],
      capacity: 2,
      limitedThreshold: 1,
      bookingText: { de: 'Wählen Sie <b>früh</b>' },
      disclaimer: null,
    };
    assert.equal((await admin('PUT', `/profiles/${profile.id}/booking`, put)).status, 200);
    assert.deepEqual((await admin('GET', `/profiles/${profile.id}/booking`)).body, put);
    await admin('PUT', `/profiles/${profile.id}/booking`, { ...put, windows: null });
    assert.equal((await admin('GET', `/profiles/${profile.id}/booking`)).body.windows, null);
  });
});
