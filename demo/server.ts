import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { ReceivedMail } from '../api/src/services/outbox/local-smtp';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/service': 'service.html',
  '/dispatcher': 'dispatcher.html',
};
const ASSETS: Record<string, string> = { '/styles.css': 'text/css', '/dispatcher.js': 'text/javascript' };

/** The pieces every page shares (partials.html: sections after `<!-- NAME -->` markers). */
async function readPartials(): Promise<Record<string, string>> {
  const text = await readFile(PUBLIC_DIR + 'partials.html', 'utf8');
  return Object.fromEntries(
    [...text.matchAll(/<!-- (\w+) -->\n([\s\S]*?)(?=<!-- \w+ -->|$)/g)].map(([, name, body]) => [
      name!,
      body!.trimEnd(),
    ]),
  );
}

/** Calls the admin API server-side with the demo tenant's key; the key never reaches a browser. */
export type AdminCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

export interface DemoOptions {
  /** The API as the browser reaches it (script src, widget API calls). */
  apiUrl: string;
  admin: AdminCall;
  /** The local SMTP server `npm start` runs when no SMTP_URL is set: its mails show on the dispatcher page. */
  mailbox?: { mails: ReceivedMail[] };
}

/**
 * "Acme Printer Repair": a small company site on its own origin that embeds the widget exactly as a customer
 * would paste it, plus a dispatcher panel whose buttons go through this server to the admin API.
 */
export function createDemoApp({ apiUrl, admin, mailbox }: DemoOptions) {
  const app = new Hono();

  for (const [path, file] of Object.entries(PAGES)) {
    app.get(path, async (c) => {
      const partials = await readPartials();
      const html = (await readFile(PUBLIC_DIR + file, 'utf8'))
        .replace('{{HEAD}}', partials.HEAD!)
        .replace('{{HEADER}}', partials.HEADER!.replace(`<a href="${path}">`, `<a href="${path}" aria-current="page">`))
        .replace('{{FOOTER}}', partials.FOOTER!)
        .replaceAll('{{API_URL}}', apiUrl);
      c.header('Cache-Control', 'no-store');
      return c.html(html);
    });
  }
  for (const [path, type] of Object.entries(ASSETS)) {
    app.get(path, async (c) => c.body(await readFile(PUBLIC_DIR + path.slice(1)), 200, { 'content-type': type }));
  }

  const forward = async (
    c: { json: (body: unknown, status: never) => Response },
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const response = await admin(method, path, body);
    return c.json(response.body, response.status as never);
  };
  app.get('/dispatch/tickets', (c) => forward(c, 'GET', '/v1/admin/tickets?limit=20'));
  app.get('/dispatch/tickets/:id', (c) => forward(c, 'GET', `/v1/admin/tickets/${c.req.param('id')}`));
  app.post('/dispatch/tickets', async (c) => forward(c, 'POST', '/v1/admin/tickets', await c.req.json()));
  app.post('/dispatch/tickets/:id/events', async (c) =>
    forward(c, 'POST', `/v1/admin/tickets/${c.req.param('id')}/events`, await c.req.json()),
  );
  app.post('/dispatch/tickets/:id/links', async (c) =>
    forward(c, 'POST', `/v1/admin/tickets/${c.req.param('id')}/links`, { kind: 'ticket' }),
  );
  // "Resend access link": mails a single-use login link to the ticket's customer (all of their jobs) via the outbox.
  app.post('/dispatch/tickets/:id/login-link', async (c) => {
    const ticket = await admin('GET', `/v1/admin/tickets/${c.req.param('id')}`);
    if (ticket.status !== 200) return c.json(ticket.body, ticket.status as never);
    return forward(
      c,
      'POST',
      `/v1/admin/customers/${(ticket.body as { customer: { id: string } }).customer.id}/login-links?send=email`,
    );
  });
  // "Send invoice": a sample invoice for the ticket's customer, created and sent (the mail's link opens it).
  app.post('/dispatch/tickets/:id/invoice', async (c) => {
    const ticket = await admin('GET', `/v1/admin/tickets/${c.req.param('id')}`);
    if (ticket.status !== 200) return c.json(ticket.body, ticket.status as never);
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const draft = await admin('POST', '/v1/admin/invoices', {
      customerId: (ticket.body as { customer: { id: string } }).customer.id,
      ticketId: c.req.param('id'),
      currency: 'EUR',
      dueDate: due,
      lines: [
        { description: 'Call-out and diagnosis', quantity: 1, unitPrice: 6900, taxRate: 19 },
        { description: 'Labour (hours)', quantity: 1.5, unitPrice: 7800, taxRate: 19 },
        { description: 'Fuser unit', quantity: 1, unitPrice: 12450, taxRate: 19, discountPercent: 10 },
      ],
    });
    if (draft.status !== 201) return c.json(draft.body, draft.status as never);
    return forward(c, 'POST', `/v1/admin/invoices/${(draft.body as { id: string }).id}/send`);
  });
  app.get('/dispatch/tickets/:id/messages', (c) =>
    forward(c, 'GET', `/v1/admin/tickets/${c.req.param('id')}/messages`),
  );
  app.post('/dispatch/outbox/:id/resend', (c) =>
    forward(c, 'POST', `/v1/admin/outbox/${c.req.param('id')}/resend`, { force: true }),
  );
  app.get('/dispatch/mailbox', (c) =>
    c.json({
      configured: mailbox !== undefined,
      items: (mailbox?.mails ?? [])
        .slice(-20)
        .reverse()
        .map(({ messageId, to, subject, text, receivedAt }) => ({ messageId, to, subject, text, receivedAt })),
    }),
  );
  app.get('/dispatch/appointments', (c) =>
    forward(c, 'GET', `/v1/admin/appointments?from=${c.req.query('from')}&to=${c.req.query('to')}`),
  );
  app.put('/dispatch/calendar-days/:date', async (c) =>
    forward(c, 'PUT', `/v1/admin/calendar-days/${c.req.param('date')}`, await c.req.json()),
  );
  app.put('/dispatch/tickets/:id/parts', async (c) =>
    forward(c, 'PUT', `/v1/admin/tickets/${c.req.param('id')}/parts`, await c.req.json()),
  );
  app.post('/dispatch/tickets/:id/drive', async (c) => {
    const id = c.req.param('id');
    const { body, status } = await admin('GET', `/v1/admin/tickets/${id}`);
    if (status !== 200) return c.json(body, status as never);
    const site = (body as { location: { lat: number | null; lng: number | null } }).location;
    if (site.lat === null || site.lng === null)
      return c.json({ error: { code: 'VALIDATION_FAILED', message: 'This ticket’s site has no coordinates' } }, 400);
    void simulateDrive(admin, id, { lat: site.lat, lng: site.lng });
    return c.json({ started: true, steps: DRIVE_STEPS }, 202);
  });
  return app;
}

const DRIVE_STEPS = 16;
const STEP_MS = 1500;

/**
 * The technician's app, simulated: On Route to You, then a position every 1.5 s along a straight line from about
 * 8 km north-east of the site into it, with the ETA shrinking, then Arrived Onsite.
 */
async function simulateDrive(admin: AdminCall, id: string, site: { lat: number; lng: number }) {
  const start = { lat: site.lat + 0.055, lng: site.lng + 0.07 };
  const etaFor = (minutes: number) => {
    const from = new Date(Date.now() + minutes * 60_000);
    return { from: from.toISOString(), to: new Date(from.getTime() + 15 * 60_000).toISOString() };
  };
  await admin('POST', `/v1/admin/tickets/${id}/events`, { status: 'on_route', position: start, eta: etaFor(16) });
  for (let step = 1; step <= DRIVE_STEPS; step++) {
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
    const f = step / DRIVE_STEPS;
    const position = { lat: start.lat + (site.lat - start.lat) * f, lng: start.lng + (site.lng - start.lng) * f };
    await admin('POST', `/v1/admin/tickets/${id}/events`, { position, eta: etaFor(Math.round(16 * (1 - f))) });
  }
  await admin('POST', `/v1/admin/tickets/${id}/events`, { status: 'onsite' });
}
