import type { Server } from 'node:http';
import { withTenant, type Sql } from '../api/src/db/client';
import { createStaff, issueStaffLink, listStaff, STAFF_INVITE_TRIGGER } from '../api/src/db/staff';
import { systemClock } from '../api/src/lib/clock';
import { listen } from '../api/src/server';
import type { ReceivedMail } from '../api/src/services/outbox/local-smtp';
import { createDemoApp, type AdminCall } from './server';
import { ensureDemoTenant } from './seed';

/** Starts the demo company site next to a running API, seeded, and returns a customer link that works. */
export async function startDemo(
  api: { url: string; sql: Sql },
  options: { port: number; publicApiUrl: string; mailbox?: { mails: ReceivedMail[] } },
) {
  // Bind first so the tenant's allowed origins name the real port (0 picks one in tests).
  let handler: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const { server, port } = await listen((request) => handler(request), options.port);
  const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const siteUrl = `${origins[0]}/`;
  const { tenantId, apiKey, created } = await ensureDemoTenant(api.sql, origins, `${siteUrl}service`);

  const admin: AdminCall = async (method, path, body) => {
    const response = await fetch(api.url + path, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  // Row-level security answers for the demo tenant only: another tenant's outbox ids are simply not found.
  const ownMail = async (ids: string[]) => {
    const rows = await withTenant(
      api.sql,
      tenantId,
      (tx) => tx<{ id: string }[]>`select id from outbox where id = any(${ids}::uuid[])`,
    );
    return new Set(rows.map((row) => row.id));
  };
  const consoleUrl = `${new URL(options.publicApiUrl).origin}/admin`;
  handler = createDemoApp({
    apiUrl: options.publicApiUrl,
    admin,
    mailbox: options.mailbox,
    ownMail,
    origins,
    consoleLink: () => consoleLink(api.sql, tenantId, consoleUrl),
  }).fetch;

  if (created) {
    await seedActions(admin);
    await seedFirstTicket(admin);
  }
  await ensureBooking(admin);
  const { body: list } = await admin('GET', '/v1/admin/tickets?limit=1');
  const newest = (list as { items: { id: string }[] }).items[0]!;
  const { body: link } = await admin('POST', `/v1/admin/tickets/${newest.id}/links`, { kind: 'ticket' });

  return {
    siteUrl,
    dispatcherUrl: `${siteUrl}dispatcher`,
    customerLink: (link as { url: string }).url,
    consoleLink: await consoleLink(api.sql, tenantId, consoleUrl),
    apiKey,
    // Browsers keep idle connections to the demo pages open; the demo waits for none of them.
    stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      (server as Server).closeAllConnections();
      return closed;
    },
  };
}

/** The demo company's automated actions: a tracking link when a ticket comes in, an info once it is dispatched. */
async function seedActions(admin: AdminCall) {
  await admin('POST', '/v1/admin/automated-actions', {
    name: 'Tracking link on a new ticket',
    trigger: 'ticket_created',
    channel: 'email',
    portalMode: 'tracking',
    templates: {
      en: {
        subject: 'We are on it: {{ticket.title}}',
        body: 'Hello {{customer.name}},\n\nwe received your request “{{ticket.title}}”. Follow it live here:\n{{portal.link}}\n\n{{company.name}}',
      },
      de: {
        subject: 'Wir kümmern uns: {{ticket.title}}',
        body: 'Hallo {{customer.name}},\n\nwir haben Ihre Anfrage „{{ticket.title}}“ erhalten. Hier sehen Sie den Stand:\n{{portal.link}}\n\n{{company.name}}',
      },
    },
  });
  await admin('POST', '/v1/admin/automated-actions', {
    name: 'Info when dispatched',
    trigger: 'status_reached',
    status: 'dispatched',
    channel: 'info',
    templates: { en: { body: '{{technician.name}} will do the repair. We will tell you when they are on the way.' } },
  });
}

async function seedFirstTicket(admin: AdminCall) {
  const { body } = await admin('POST', '/v1/admin/tickets', {
    externalRef: 'ACME-1042',
    title: 'HP LaserJet M404 jams on every page',
    description: 'Second floor, next to the kitchen.',
    customer: { name: 'Dana Miller', email: 'dana@example.com' },
    location: {
      line1: 'Friedrichstr. 68',
      city: 'Berlin',
      postalCode: '10117',
      country: 'DE',
      timezone: 'Europe/Berlin',
      lat: 52.5128,
      lng: 13.3892,
    },
  });
  const id = (body as { id: string }).id;
  await admin('POST', `/v1/admin/tickets/${id}/events`, { status: 'scheduling' });
  await admin('POST', `/v1/admin/tickets/${id}/events`, { status: 'dispatched', technician: { firstName: 'Sam' } });
}

/**
 * Booking for the demo (also on data seeded before booking existed): the default profile books (tracking +
 * booking), an SLA of 1–30 business days, morning and afternoon windows with three seats, Berlin's holidays and
 * three printer technicians.
 */
async function ensureBooking(admin: AdminCall) {
  const { body: engineers } = await admin('GET', '/v1/admin/engineers');
  if ((engineers as { items: unknown[] }).items.length) return;
  const { body: profiles } = await admin('GET', '/v1/admin/profiles');
  const profile = (profiles as { items: { id: string; isDefault: boolean }[] }).items.find((p) => p.isDefault)!;
  await admin('PATCH', `/v1/admin/profiles/${profile.id}`, { mode: 'tracking+booking' });
  const { body: sla } = await admin('POST', '/v1/admin/sla-profiles', {
    name: 'Standard repair',
    earliestOffset: 1,
    latestOffset: 30,
  });
  await admin('PUT', `/v1/admin/profiles/${profile.id}/booking`, {
    slaProfileId: (sla as { id: string }).id,
    windows: [
      { start: '08:00', end: '12:00' },
      { start: '12:00', end: '16:00' },
    ],
    capacity: 3,
    limitedThreshold: 1,
    bookingText: {
      en: 'Choose a day and a window that suits you; our technician brings the usual spare parts.',
      de: 'Wählen Sie einen Tag und ein Zeitfenster, das Ihnen passt; unser Techniker bringt die üblichen Ersatzteile mit.',
    },
    disclaimer: {
      en: 'The technician may arrive up to 30 minutes into the window.',
      de: 'Der Techniker kann bis zu 30 Minuten nach Beginn des Zeitfensters eintreffen.',
    },
  });
  await admin('PUT', '/v1/admin/booking-settings', {
    holidayCountry: 'DE',
    holidayRegion: 'BE',
    cutoffHours: 24,
    policy: {
      en: 'Moving or cancelling your visit costs nothing. If nobody is home when the technician arrives, we charge the €49 call-out fee.',
      de: 'Verschieben oder Absagen kostet nichts. Ist bei Ankunft des Technikers niemand zu Hause, berechnen wir die Anfahrtspauschale von 49 €.',
    },
    phone: '030 123 456',
  });
  const weekdays = Object.fromEntries(['1', '2', '3', '4', '5'].map((day) => [day, ['08:00', '17:00']]));
  for (const name of ['Sam', 'Lea', 'Omar']) {
    await admin('POST', '/v1/admin/engineers', {
      name,
      skills: ['printer'],
      workingHours: weekdays,
      timezone: 'Europe/Berlin',
    });
  }
}

const DEMO_OWNER = 'owner@demo.example';

/**
 * A console sign-in link for the demo's owner: works once, for 72 hours; each start prints a new one, and each
 * "Open the console" on the dispatcher page mints another (a newer link revokes the unused one before it).
 */
async function consoleLink(sql: Sql, tenantId: string, consoleUrl: string) {
  const now = systemClock.now();
  return withTenant(sql, tenantId, async (tx) => {
    const owner =
      (await listStaff(tx)).find((staff) => staff.email === DEMO_OWNER) ??
      (await createStaff(tx, tenantId, DEMO_OWNER, 'owner', now));
    return (await issueStaffLink(tx, tenantId, owner.id, STAFF_INVITE_TRIGGER, consoleUrl, now)).url;
  });
}
