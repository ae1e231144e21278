import assert from 'node:assert/strict';
import type { Harness, TestTenant } from './harness';

/** Monday to Friday, 08:00–17:00. */
export const WEEKDAYS = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, ['08:00', '17:00']]));
export const EVERY_DAY = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, ['00:00', '23:59']]));

export interface BookingSetup {
  profileId: string;
  slaProfileId: string;
  engineers: { id: string; name: string }[];
}

export interface BookingSetupOptions {
  sla?: Record<string, unknown>;
  windows?: { start: string; end: string }[] | null;
  capacity?: number;
  limitedThreshold?: number;
  engineers?: { name: string; skills: string[]; workingHours?: Record<string, string[]>; timezone?: string }[];
  settings?: Record<string, unknown>;
  bookingText?: string;
  disclaimer?: string;
}

async function admin(h: Harness, tenant: TestTenant, method: string, path: string, body?: unknown) {
  const res = await h.call(method, `/v1/admin${path}`, { auth: tenant.apiKey, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Gives a tenant's default profile a booking calendar through the admin API: an SLA profile, windows, capacity,
 * engineers and the tenant's holiday calendar and cut-off.
 */
export async function setUpBooking(
  h: Harness,
  tenant: TestTenant,
  options: BookingSetupOptions = {},
): Promise<BookingSetup> {
  const { items } = await admin(h, tenant, 'GET', '/profiles');
  const profile = items.find((p: { isDefault: boolean }) => p.isDefault);
  await admin(h, tenant, 'PATCH', `/profiles/${profile.id}`, { mode: 'tracking+booking' });
  const sla = await admin(h, tenant, 'POST', '/sla-profiles', {
    name: 'Standard',
    earliestOffset: 2,
    latestOffset: 20,
    ...options.sla,
  });
  await admin(h, tenant, 'PUT', `/profiles/${profile.id}/booking`, {
    slaProfileId: sla.id,
    windows:
      options.windows === undefined
        ? [
            { start: '08:00', end: '12:00' },
            { start: '12:00', end: '16:00' },
          ]
        : options.windows,
    capacity: options.capacity ?? 2,
    limitedThreshold: options.limitedThreshold ?? 1,
    bookingText: options.bookingText ?? null,
    disclaimer: options.disclaimer ?? null,
  });
  await admin(h, tenant, 'PUT', '/booking-settings', {
    holidayCountry: 'DE',
    holidayRegion: 'BE',
    cutoffHours: 24,
    policy: 'Free changes up to 24 hours before the visit.',
    ...options.settings,
  });
  const engineers = [];
  for (const engineer of options.engineers ?? [
    { name: 'Erik', skills: ['printer'] },
    { name: 'Farah', skills: ['printer'] },
  ]) {
    engineers.push(
      await admin(h, tenant, 'POST', '/engineers', { workingHours: WEEKDAYS, timezone: 'Europe/Berlin', ...engineer }),
    );
  }
  return { profileId: profile.id, slaProfileId: sla.id, engineers };
}

/** A session with the `book` scope for a new ticket of the tenant (its profile in tracking+booking mode). */
export async function bookingTicket(h: Harness, tenant: TestTenant, overrides: Record<string, unknown> = {}) {
  const ticket = await h.createTicket(tenant, { skills: ['printer'], ...overrides });
  const session = await h.sessionFor(tenant, ticket.id);
  return { ticket, session };
}

/** The slot id of window `no` on `date` for a profile (the API's format, which clients treat as opaque). */
export const slotOf = (profileId: string, date: string, no: number) => `${date}.${no}.${profileId}`;

let keys = 0;
export const newKey = () => `test-key-${process.pid}-${++keys}-${Math.random().toString(36).slice(2)}`;

/**
 * Pins when the ticket was received (the row's created_at), so SLA dates are fixed; by default 08:00Z on a Monday,
 * the harness clock's day (09:00Z).
 */
export const receivedAt = (h: Harness, ticketId: string, at = '2026-11-23T08:00:00Z') =>
  h.db.sql`update tickets set created_at = ${at} where id = ${ticketId}`;

/** An admin API call of the tenant that must succeed: its answer's body. */
export async function adminOk(h: Harness, method: string, path: string, body?: unknown, tenant = h.a) {
  const res = await h.call(method, `/v1/admin${path}`, { auth: tenant.apiKey, body });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The ticket's booking calendar from `from` to `to`, with its days also by date. */
export async function availability(h: Harness, session: string, ticketId: string, from: string, to: string) {
  const res = await h.call('GET', `/v1/portal/tickets/${ticketId}/availability?from=${from}&to=${to}`, {
    auth: session,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { ...res.body, byDate: Object.fromEntries(res.body.days.map((d: any) => [d.date, d])) };
}

/**
 * A ticket of `h.a` (received 2026-11-23) with window 0 of `day` booked through the portal: its id, session and the
 * visit's engineer.
 */
export async function bookedVisit(h: Harness, setup: BookingSetup, day: string) {
  const { ticket, session } = await bookingTicket(h, h.a);
  await h.db.sql`update tickets set created_at = '2026-11-23T08:00:00Z' where id = ${ticket.id}`;
  const booked = await h.call('PUT', `/v1/portal/tickets/${ticket.id}/appointment`, {
    auth: session,
    headers: { 'idempotency-key': newKey() },
    body: { slotId: slotOf(setup.profileId, day, 0) },
  });
  assert.equal(booked.status, 200, JSON.stringify(booked.body));
  const [row] = await h.db.sql<{ engineer_id: string }[]>`
    select engineer_id from appointments where ticket_id = ${ticket.id} and cancelled_at is null`;
  return { id: ticket.id, session, engineerId: row!.engineer_id };
}
