import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { isUuid } from '../api/src/lib/ids';
import type { ReceivedMail } from '../api/src/services/outbox/local-smtp';
import { readElements, renderDocs, type LiveSession } from './docs';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/service': 'service.html',
  '/dispatcher': 'dispatcher.html',
};
const ASSETS: Record<string, string> = {
  '/styles.css': 'text/css',
  '/dispatcher.js': 'text/javascript',
  '/docs.js': 'text/javascript',
};

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
  /** Which of these outbox ids (a mail's X-Porchlight-Message) the demo tenant sent: only those mails are shown. */
  ownMail?: (outboxIds: string[]) => Promise<Set<string>>;
  /** The demo site's own origins: the only ones its dispatcher calls are accepted from. */
  origins: string[];
  /** Mints a single-use console sign-in link for the demo's owner ("Open the console"). */
  consoleLink: () => Promise<string>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

class Refused extends Error {
  constructor(
    readonly status: 400 | 403,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The dispatcher's calls are an allow-list: each builds its one admin path from validated parts, so a crafted id
 * (`..%2Fapi-keys%2Frotate`) cannot reach another route.
 */
const id = (c: Context) => {
  const value = c.req.param('id') ?? '';
  if (!isUuid(value)) throw new Refused(400, 'VALIDATION_FAILED', 'Invalid id');
  return value;
};
const date = (c: Context) => {
  const value = c.req.param('date') ?? '';
  if (!ISO_DATE.test(value)) throw new Refused(400, 'VALIDATION_FAILED', 'Invalid date');
  return value;
};

/** The page's policy: scripts and calls only to this site and the API, never framed by another site. */
function contentSecurityPolicy(apiUrl: string) {
  const api = new URL(apiUrl).origin;
  return [
    "default-src 'self'",
    `script-src 'self' ${api}`,
    `connect-src 'self' ${api}`,
    // Map tiles come from whatever server the tenant configured.
    "img-src 'self' data: https:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * "Acme Printer Repair": a small company site on its own origin that embeds the widget exactly as a customer
 * would paste it, plus a dispatcher panel whose buttons go through this server to the admin API.
 */
export function createDemoApp({ apiUrl, admin, mailbox, ownMail, origins, consoleLink }: DemoOptions) {
  const app = new Hono();
  // The dispatcher page carries this token; every /dispatch call must send it back (a header another site's page
  // cannot set without a CORS preflight, which this server never grants) and, when it writes, come from our origin.
  const csrfToken = randomBytes(24).toString('base64url');
  const csp = contentSecurityPolicy(apiUrl);

  for (const [path, file] of Object.entries(PAGES)) {
    app.get(path, async (c) => {
      const partials = await readPartials();
      const html = (await readFile(PUBLIC_DIR + file, 'utf8'))
        .replace('{{HEAD}}', partials.HEAD!)
        .replace('{{HEADER}}', partials.HEADER!.replace(`<a href="${path}">`, `<a href="${path}" aria-current="page">`))
        .replace('{{FOOTER}}', partials.FOOTER!)
        .replaceAll('{{API_URL}}', apiUrl)
        .replaceAll('{{CSRF_TOKEN}}', csrfToken);
      c.header('Cache-Control', 'no-store');
      c.header('Content-Security-Policy', csp);
      c.header('X-Frame-Options', 'DENY');
      return c.html(html);
    });
  }
  for (const [path, type] of Object.entries(ASSETS)) {
    app.get(path, async (c) => c.body(await readFile(PUBLIC_DIR + path.slice(1)), 200, { 'content-type': type }));
  }

  // The integrator docs, generated from widget/custom-elements.json on each request.
  app.get('/docs', async (c) => {
    const partials = await readPartials();
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', csp);
    c.header('X-Frame-Options', 'DENY');
    return c.html(renderDocs(await readElements(), apiUrl, await liveSession(admin, apiUrl), partials));
  });

  app.use('/dispatch/*', async (c, next) => {
    const sent = Buffer.from(c.req.header('x-csrf-token') ?? '');
    const expected = Buffer.from(csrfToken);
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected))
      throw new Refused(403, 'CSRF_REFUSED', 'Missing or wrong CSRF token');
    const site = c.req.header('sec-fetch-site');
    const writes = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    if ((site && site !== 'same-origin') || (writes && !origins.includes(c.req.header('origin') ?? '')))
      throw new Refused(403, 'CSRF_REFUSED', 'Only this site’s own pages may call the dispatcher');
    await next();
  });
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'No such page' } }, 404));
  app.onError((error, c) =>
    error instanceof Refused
      ? c.json({ error: { code: error.code, message: error.message } }, error.status)
      : error instanceof SyntaxError
        ? c.json({ error: { code: 'VALIDATION_FAILED', message: 'The body is not JSON' } }, 400)
        : c.json({ error: { code: 'INTERNAL', message: 'Something went wrong' } }, 500),
  );

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
  app.get('/dispatch/tickets/:id', (c) => forward(c, 'GET', `/v1/admin/tickets/${id(c)}`));
  app.post('/dispatch/tickets', async (c) => forward(c, 'POST', '/v1/admin/tickets', await c.req.json()));
  app.post('/dispatch/tickets/:id/events', async (c) =>
    forward(c, 'POST', `/v1/admin/tickets/${id(c)}/events`, await c.req.json()),
  );
  app.post('/dispatch/tickets/:id/links', async (c) =>
    forward(c, 'POST', `/v1/admin/tickets/${id(c)}/links`, { kind: 'ticket' }),
  );
  // "Resend access link": mails a single-use login link to the ticket's customer (all of their jobs) via the outbox.
  app.post('/dispatch/tickets/:id/login-link', async (c) => {
    const ticket = await admin('GET', `/v1/admin/tickets/${id(c)}`);
    if (ticket.status !== 200) return c.json(ticket.body, ticket.status as never);
    return forward(
      c,
      'POST',
      `/v1/admin/customers/${(ticket.body as { customer: { id: string } }).customer.id}/login-links?send=email`,
    );
  });
  // "Send invoice": a sample invoice for the ticket's customer, created and sent (the mail's link opens it).
  app.post('/dispatch/tickets/:id/invoice', async (c) => {
    const ticket = await admin('GET', `/v1/admin/tickets/${id(c)}`);
    if (ticket.status !== 200) return c.json(ticket.body, ticket.status as never);
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const draft = await admin('POST', '/v1/admin/invoices', {
      customerId: (ticket.body as { customer: { id: string } }).customer.id,
      ticketId: id(c),
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
  // Service requests the customers sent from the portal: the pending ones, approved (a ticket) or declined (a reason).
  app.get('/dispatch/service-requests', (c) => forward(c, 'GET', '/v1/admin/service-requests?status=pending&limit=20'));
  app.post('/dispatch/service-requests/:id/approve', (c) =>
    forward(c, 'POST', `/v1/admin/service-requests/${id(c)}/approve`, {}),
  );
  app.post('/dispatch/service-requests/:id/decline', async (c) => {
    const { reason } = (await c.req.json()) as { reason?: unknown };
    return forward(c, 'POST', `/v1/admin/service-requests/${id(c)}/decline`, { reason });
  });
  app.get('/dispatch/tickets/:id/messages', (c) => forward(c, 'GET', `/v1/admin/tickets/${id(c)}/messages`));
  // The company's reply on the ticket's thread: only the text goes through.
  app.post('/dispatch/tickets/:id/thread', async (c) => {
    const { body } = (await c.req.json()) as { body?: unknown };
    return forward(c, 'POST', `/v1/admin/tickets/${id(c)}/thread`, { body });
  });
  app.post('/dispatch/outbox/:id/resend', (c) =>
    forward(c, 'POST', `/v1/admin/outbox/${id(c)}/resend`, { force: true }),
  );
  // The local mail server receives every tenant's mail; the page shows only what the demo tenant sent.
  app.get('/dispatch/mailbox', async (c) => {
    const mails = mailbox?.mails ?? [];
    const outboxId = (mail: ReceivedMail) => mail.headers['x-porchlight-message'] ?? '';
    const ids = mails.map(outboxId).filter(isUuid);
    const own = ownMail && ids.length ? await ownMail(ids) : new Set<string>();
    return c.json({
      configured: mailbox !== undefined,
      items: mails
        .filter((mail) => own.has(outboxId(mail)))
        .slice(-20)
        .reverse()
        .map(({ messageId, to, subject, text, receivedAt }) => ({ messageId, to, subject, text, receivedAt })),
    });
  });
  // "Open the console" signs the page's user in as the demo's owner: this page already acts with the demo tenant's
  // API key, and the demo site runs only under `porchlight start`, never `porchlight serve`.
  app.post('/dispatch/console-link', async (c) => c.json({ url: await consoleLink() }, 201));
  app.get('/dispatch/appointments', (c) => {
    const { from = '', to = '' } = c.req.query();
    if (!ISO_DATE.test(from) || !ISO_DATE.test(to)) throw new Refused(400, 'VALIDATION_FAILED', 'from and to: dates');
    return forward(c, 'GET', `/v1/admin/appointments?from=${from}&to=${to}`);
  });
  app.put('/dispatch/calendar-days/:date', async (c) =>
    forward(c, 'PUT', `/v1/admin/calendar-days/${date(c)}`, await c.req.json()),
  );
  app.put('/dispatch/tickets/:id/parts', async (c) =>
    forward(c, 'PUT', `/v1/admin/tickets/${id(c)}/parts`, await c.req.json()),
  );
  app.post('/dispatch/tickets/:id/drive', async (c) => {
    const ticketId = id(c);
    const { body, status } = await admin('GET', `/v1/admin/tickets/${ticketId}`);
    if (status !== 200) return c.json(body, status as never);
    const site = (body as { location: { lat: number | null; lng: number | null } }).location;
    if (site.lat === null || site.lng === null)
      return c.json({ error: { code: 'VALIDATION_FAILED', message: 'This ticket’s site has no coordinates' } }, 400);
    void simulateDrive(admin, ticketId, { lat: site.lat, lng: site.lng });
    return c.json({ started: true, steps: DRIVE_STEPS }, 202);
  });
  return app;
}

/**
 * A session on the newest demo ticket for the docs page's live examples: a ticket link minted through the admin API,
 * redeemed as the widget would. Null when there is no ticket or the API says no: the examples then show why.
 */
async function liveSession(admin: AdminCall, apiUrl: string): Promise<LiveSession | null> {
  const list = await admin('GET', '/v1/admin/tickets?limit=1');
  const ticketId = (list.body as { items?: { id: string }[] }).items?.[0]?.id;
  if (list.status !== 200 || !ticketId) return null;
  const link = await admin('POST', `/v1/admin/tickets/${ticketId}/links`, { kind: 'ticket', mode: 'tracking+booking' });
  if (link.status !== 201) return null;
  const redeemed = await fetch(`${apiUrl}/v1/portal/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: (link.body as { token: string }).token }),
  });
  if (!redeemed.ok) return null;
  return { api: apiUrl, session: ((await redeemed.json()) as { session: string }).session, ticketId };
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
