import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expirePositions } from '../services/maintenance';
import { feedQuery } from './ticket-events';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const BERLIN = {
  line1: 'Alexanderplatz 1',
  city: 'Berlin',
  country: 'DE',
  timezone: 'Europe/Berlin',
  lat: 52.5219,
  lng: 13.4132,
};
/** ~20 km and ~2 km from BERLIN. */
const FAR = { lat: 52.7, lng: 13.4132 };
const NEAR = { lat: 52.54, lng: 13.4132 };

const post = (id: string, body: object) => h.call('POST', `/v1/admin/tickets/${id}/events`, { auth: h.a.apiKey, body });
const view = async (id: string) =>
  (await h.call('GET', `/v1/portal/tickets/${id}`, { auth: await h.sessionFor(h.a, id) })).body;

describe('technician position, staged', () => {
  it('shows nothing before the technician is on the way, "on the way" when far, the position only in the last stretch, nothing after arrival', async () => {
    const ticket = await h.createTicket(h.a, { location: BERLIN });
    await post(ticket.id, { status: 'dispatched', position: FAR });
    assert.equal((await view(ticket.id)).approach, null, 'dispatched: no position shown');
    await post(ticket.id, { status: 'on_route' });
    assert.deepEqual((await view(ticket.id)).approach, { precision: 'coarse' });
    await post(ticket.id, { position: NEAR });
    const near = (await view(ticket.id)).approach;
    assert.equal(near.precision, 'precise');
    assert.deepEqual([near.lat, near.lng], [NEAR.lat, NEAR.lng]);
    assert.ok(near.distanceKm > 1.5 && near.distanceKm < 2.5, String(near.distanceKm));
    assert.equal(near.minutesAway, Math.max(1, Math.round((near.distanceKm / 30) * 60)));
    assert.equal(near.mapTileUrl, null, 'no map unless the tenant configures tiles');
    await post(ticket.id, { status: 'onsite' });
    assert.equal((await view(ticket.id)).approach, null);
  });

  it('uses the tenant’s last-stretch distance, ETA for minutes away, and its tile server when set', async () => {
    await h.call('PATCH', '/v1/admin/settings', {
      auth: h.a.apiKey,
      body: { precisePositionKm: 25, mapTileUrl: 'https://tiles.example/{z}/{x}/{y}.png' },
    });
    const ticket = await h.createTicket(h.a, { location: BERLIN });
    const from = new Date(h.clock.now().getTime() + 42 * 60_000).toISOString();
    const to = new Date(h.clock.now().getTime() + 72 * 60_000).toISOString();
    await post(ticket.id, { status: 'on_route', position: FAR, eta: { from, to } });
    const approach = (await view(ticket.id)).approach;
    assert.equal(approach.precision, 'precise');
    assert.equal(approach.minutesAway, 42);
    assert.equal(approach.mapTileUrl, 'https://tiles.example/{z}/{x}/{y}.png');
    await h.call('PATCH', '/v1/admin/settings', { auth: h.a.apiKey, body: { precisePositionKm: 5, mapTileUrl: null } });
  });

  it('is coarse when the site has no coordinates', async () => {
    const ticket = await h.createTicket(h.a);
    await post(ticket.id, { status: 'on_route', position: NEAR });
    assert.deepEqual((await view(ticket.id)).approach, { precision: 'coarse' });
  });
});

describe('bad input on ticket events', () => {
  it('refuses positions after arrival (409 POSITION_NOT_APPLICABLE) and on a closed ticket (409 TICKET_CLOSED)', async () => {
    const ticket = await h.createTicket(h.a, { location: BERLIN });
    await post(ticket.id, { status: 'onsite' });
    const late = await post(ticket.id, { position: NEAR });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'POSITION_NOT_APPLICABLE');
    await post(ticket.id, { status: 'closed' });
    for (const event of [{ position: NEAR }, { eta: { from: '2026-11-23T10:00:00Z', to: '2026-11-23T11:00:00Z' } }]) {
      const res = await post(ticket.id, event);
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'TICKET_CLOSED');
    }
  });

  it('rejects positions out of range and empty events with field paths', async () => {
    const ticket = await h.createTicket(h.a);
    for (const [event, path] of [
      [{ position: { lat: 91, lng: 0 } }, 'json.position.lat'],
      [{ position: { lat: 0, lng: -181 } }, 'json.position.lng'],
      [{ eventId: 'x' }, 'json'],
    ] as const) {
      const res = await post(ticket.id, event);
      assert.equal(res.status, 400);
      assert.ok(
        res.body.error.issues.some((i: { path: string }) => i.path === path),
        JSON.stringify(res.body.error.issues),
      );
    }
  });

  it('treats a repeated event id as a no-op (200, nothing recorded) and an older position as a no-op', async () => {
    const ticket = await h.createTicket(h.a, { location: BERLIN });
    const first = await post(ticket.id, { status: 'on_route', eventId: 'fsm-991' });
    assert.equal(first.status, 201);
    const again = await post(ticket.id, { status: 'onsite', eventId: 'fsm-991' });
    assert.equal(again.status, 200);
    assert.equal(again.body.status, 'on_route', 'the duplicate changed nothing');
    assert.equal(again.body.events.length, first.body.events.length);

    await post(ticket.id, { position: NEAR, occurredAt: '2026-11-23T09:10:00Z' });
    const older = await post(ticket.id, { position: FAR, occurredAt: '2026-11-23T09:05:00Z' });
    assert.equal(older.status, 200);
    assert.deepEqual([older.body.position.lat, older.body.position.lng], [NEAR.lat, NEAR.lng]);
  });

  it('maps internal statuses through the tenant’s status map, and rejects unmapped ones', async () => {
    await h.call('PATCH', '/v1/admin/settings', {
      auth: h.a.apiKey,
      body: { statusMap: { EN_ROUTE: 'on_route', WORKING: 'onsite' } },
    });
    const ticket = await h.createTicket(h.a);
    const mapped = await post(ticket.id, { internalStatus: 'EN_ROUTE' });
    assert.equal(mapped.status, 201);
    assert.equal(mapped.body.status, 'on_route');
    const unknown = await post(ticket.id, { internalStatus: 'TEA_BREAK' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.issues[0].path, 'json.internalStatus');
  });
});

describe('holds and labels', () => {
  it('shows a cancelled or on-hold ticket as such, with no position', async () => {
    const ticket = await h.createTicket(h.a, { location: BERLIN });
    await post(ticket.id, { status: 'on_route', position: NEAR });
    await post(ticket.id, { hold: 'on_hold' });
    const held = await view(ticket.id);
    assert.equal(held.hold, 'on_hold');
    assert.equal(held.approach, null);
    await post(ticket.id, { hold: null });
    assert.equal((await view(ticket.id)).hold, null);
    await post(ticket.id, { hold: 'cancelled' });
    assert.equal((await view(ticket.id)).hold, 'cancelled');
    const admin = await h.call('GET', `/v1/admin/tickets/${ticket.id}`, { auth: h.a.apiKey });
    assert.deepEqual(
      admin.body.events.map((e: { kind: string }) => e.kind),
      ['created', 'status', 'hold', 'hold', 'hold'],
    );
  });

  it('gives the profile’s own status labels per language', async () => {
    const profile = await h.call('POST', '/v1/admin/profiles', {
      auth: h.a.apiKey,
      body: {
        name: 'Friendly',
        statusLabels: { en: { on_route: 'On the way', onsite: 'Technician arrived' }, de: { on_route: 'Unterwegs' } },
      },
    });
    assert.equal(profile.status, 201);
    const ticket = await h.createTicket(h.a, { profileId: profile.body.id });
    assert.deepEqual((await view(ticket.id)).labels, {
      en: { on_route: 'On the way', onsite: 'Technician arrived' },
      de: { on_route: 'Unterwegs' },
    });
    const bad = await h.call('POST', '/v1/admin/profiles', {
      auth: h.a.apiKey,
      body: { name: 'Bad', statusLabels: { en: { teleporting: 'x' } } },
    });
    assert.equal(bad.status, 400);
  });
});

describe('position retention', () => {
  it('deletes positions once the visit is over plus the tenant’s retention, and not before', async () => {
    await h.call('PATCH', '/v1/admin/settings', { auth: h.a.apiKey, body: { positionRetentionHours: 2 } });
    const ticket = await h.createTicket(h.a, { location: BERLIN });
    await post(ticket.id, { status: 'on_route', position: FAR });
    await post(ticket.id, { position: NEAR });
    await post(ticket.id, { status: 'completed' });
    const positions = async () =>
      (
        await h.db
          .sql`select count(*)::int as n from ticket_events where ticket_id = ${ticket.id} and (kind = 'position' or lat is not null)`
      )[0]!.n;
    const start = h.clock.now();
    h.clock.advance(60 * 60_000);
    await expirePositions(h.db.workers, h.clock);
    assert.ok((await positions()) > 0, 'kept within the retention');
    h.clock.advance(61 * 60_000);
    await expirePositions(h.db.workers, h.clock);
    assert.equal(await positions(), 0);
    const admin = await h.call('GET', `/v1/admin/tickets/${ticket.id}`, { auth: h.a.apiKey });
    assert.equal(admin.body.position, null);
    assert.deepEqual(
      admin.body.events.map((e: { status: string }) => e.status),
      ['received', 'on_route', 'completed'],
      'the status history stays',
    );
    h.clock.set(start);
  });
});

describe('feedQuery: what a woken stream reads', () => {
  it('gives the newest event alone for a fresh stream, the events after an id oldest first and capped, and nothing for another tenant', async () => {
    const ticket = await h.createTicket(h.a);
    for (const status of ['scheduling', 'dispatched', 'on_route']) await post(ticket.id, { status });
    const ids: string[] = (await h.call('GET', `/v1/admin/tickets/${ticket.id}`, { auth: h.a.apiKey })).body.events.map(
      (e: { id: string }) => e.id,
    );
    assert.equal(ids.length, 4);

    const [fresh] = await feedQuery(h.db.sql, h.a.tenantId, ticket.id, null, 500);
    assert.deepEqual(
      fresh!.events.map((e) => [e.id, e.status]),
      [[ids[3], 'on_route']],
    );
    assert.equal(fresh!.status, 'on_route');
    assert.match(fresh!.events[0]!.occurredAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const [after] = await feedQuery(h.db.sql, h.a.tenantId, ticket.id, ids[0]!, 2);
    assert.deepEqual(
      after!.events.map((e) => e.id),
      [ids[1], ids[2]],
    );

    const [caughtUp] = await feedQuery(h.db.sql, h.a.tenantId, ticket.id, ids[3]!, 500);
    assert.deepEqual(caughtUp!.events, []);

    assert.equal(
      (await feedQuery(h.db.sql, h.b.tenantId, ticket.id, null, 500)).length,
      0,
      'tenant B names A’s ticket: no row',
    );
    assert.equal((await feedQuery(h.db.sql, h.b.tenantId, ticket.id, '0', 500)).length, 0);
  });
});
