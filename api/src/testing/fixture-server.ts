/**
 * Test-only: the real API on a fresh in-memory database (fixture-api.ts), plus a small control server that the widget
 * tests in the browser use to create tickets, links and sessions and to move tickets along — through the real admin
 * API (fixture-seed.ts).
 *
 * `POST /clock {offsetSeconds}` moves the API's clock (0 resets it), e.g. past a session's expiry.
 * Live events: `GET /streams/:ticketId` says how many event streams of the ticket are open and with which
 * `Last-Event-ID` each was requested; `POST /streams/drop` cuts every open stream's connection (a network drop);
 * `POST /restart` shuts the API down gracefully (open streams are told to reconnect) and serves on with a new one.
 * `POST /settings` patches the tenant's settings (e.g. `mapTileUrl`); `GET /tickets/:id` is the admin view.
 * `POST /tickets/:id/infos {body, secondsAgo?}` writes the company's info on the ticket, as a "create info" action does.
 * Console: `POST /staff {role?}` makes a staff member and answers a sign-in token (the console's tests proxy
 * /v1/staff and /v1/admin through the test page's origin, as /admin is served on the API's).
 * Access: `POST /login-links {used?}`, `GET /login-link-requests`, `POST /identity` and `POST /identity/mint {sub}`.
 *
 * Run: FIXTURE_ORIGINS=http://localhost:8765 node --import tsx api/src/testing/fixture-server.ts
 * Prints one JSON line {"api": "...", "control": "..."}, then serves until SIGTERM.
 */
import { Hono } from 'hono';
import { listenAt, startFixtureApi } from './fixture-api';
import {
  companyIdentity,
  companyInfo,
  customerWithInvoices,
  expiredLink,
  loginLink,
  loginLinkMails,
  staffLink,
  staffWithLink,
  ticketWith,
  type TicketSpec,
} from './fixture-seed';

const origins = (process.env.FIXTURE_ORIGINS ?? 'http://localhost:8765').split(',');
// A Checkout Session's page is the control server's /stripe/checkout/:id, which records the visit and sends the
// browser back to the session's success_url, as paying on Stripe would.
const fx = await startFixtureApi(origins, (id) => `${controlServer.url}/stripe/checkout/${id}`);
const { admin, stripe, streams, tenant } = fx;
const checkoutVisits: string[] = [];
const identity = await companyIdentity(fx);

const control = new Hono();
control.use(async (c, next) => {
  await next();
  c.header('Access-Control-Allow-Origin', '*');
});
control.options('*', (c) => {
  c.header('Access-Control-Allow-Headers', 'content-type');
  return c.body(null, 204);
});
control.post('/tickets', async (c) => c.json({ ...(await ticketWith(fx, await c.req.json())), api: fx.url }, 201));
control.post('/sessions', async (c) => {
  const { ticketId, token } = await ticketWith(fx, await c.req.json());
  const { session } = await fx.redeemForSetup(token);
  return c.json({ ticketId, session, api: fx.url }, 201);
});
control.post('/tickets/:id/events', async (c) => {
  await admin('POST', `/v1/admin/tickets/${c.req.param('id')}/events`, await c.req.json());
  return c.json({ ok: true }, 201);
});
control.post('/tickets/:id/infos', async (c) => {
  const { body, secondsAgo = 0 } = await c.req.json();
  await companyInfo(fx, c.req.param('id'), body, secondsAgo);
  return c.json({ ok: true }, 201);
});
control.post('/links/expired', async (c) => {
  const token = await expiredLink(fx, await c.req.json<TicketSpec>().catch(() => ({})));
  return c.json({ token }, 201);
});
control.post('/invoices', async (c) => c.json(await customerWithInvoices(fx, await c.req.json()), 201));
/** The Checkout page of a session: records the visit, then goes back to the success_url, as a paid checkout does. */
control.get('/stripe/checkout/:id', (c) => {
  const id = c.req.param('id');
  checkoutVisits.push(id);
  const call = stripe.calls[Number(id.replace('cs_test_', '')) - 1];
  const back = call?.form.get('success_url');
  return back ? c.redirect(back, 303) : c.text('no such session', 404);
});
/** What the API asked the Stripe stand-in, and which Checkout pages the browser opened. */
control.get('/stripe', (c) =>
  c.json({
    sessions: stripe.calls.map((call, i) => ({
      id: `cs_test_${i + 1}`,
      path: call.path,
      amount: Number(call.form.get('line_items[0][price_data][unit_amount]')),
      successUrl: call.form.get('success_url'),
      cancelUrl: call.form.get('cancel_url'),
    })),
    visits: checkoutVisits,
  }),
);
control.post('/login-links', async (c) => {
  const { used } = await c.req.json().catch(() => ({}));
  const { ticketId, token } = await loginLink(fx, used);
  return c.json({ ticketId, token, api: fx.url, tenant: tenant.publicId }, 201);
});
control.get('/login-link-requests', async (c) => c.json({ count: await loginLinkMails(fx) }));
control.post('/identity', async (c) =>
  c.json({ ...(await identity.customer()), api: fx.url, tenant: tenant.publicId }, 201),
);
control.post('/identity/mint', async (c) => {
  const { sub } = await c.req.json();
  return c.json({ jwt: await identity.mint(sub) }, 201);
});
control.post('/staff', async (c) => {
  const { role = 'owner' } = await c.req.json().catch(() => ({}));
  const { email, token } = await staffWithLink(fx, role);
  return c.json({ email, role, token, tenant: tenant.publicId }, 201);
});
control.post('/staff-link', async (c) => {
  const { id } = await c.req.json();
  return c.json({ token: await staffLink(fx, id) }, 201);
});
control.post('/clock', async (c) => {
  fx.setClockOffset(Number((await c.req.json()).offsetSeconds ?? 0));
  return c.json({ now: fx.clock.now().toISOString() }, 201);
});
control.get('/tickets/:id', async (c) => c.json(await admin('GET', `/v1/admin/tickets/${c.req.param('id')}`)));
// Any admin call, e.g. to set up engineers, SLA profiles and booking windows for the booking calendar's tests.
control.post('/admin', async (c) => {
  const { method, path, body } = await c.req.json();
  return c.json((await admin(method, `/v1/admin${path}`, body)) ?? {}, 201);
});
control.post('/settings', async (c) => c.json(await admin('PATCH', '/v1/admin/settings', await c.req.json()), 201));
control.get('/streams/:ticketId', (c) => {
  const seen = streams.get(c.req.param('ticketId'));
  return c.json({ open: seen?.open.size ?? 0, resumedFrom: seen?.resumedFrom ?? [] });
});
control.post('/streams/drop', (c) => {
  const open = [...streams.values()].flatMap((seen) => [...seen.open]);
  for (const response of open) response.socket?.destroy();
  return c.json({ dropped: open.length }, 201);
});
control.post('/restart', (c) => {
  fx.restart();
  return c.json({ ok: true }, 201);
});
control.onError((error, c) => c.json({ error: error.message }, 500));

const controlServer = await listenAt(control.fetch);
process.stdout.write(JSON.stringify({ api: fx.url, control: controlServer.url }) + '\n');

const stop = async () => {
  controlServer.close();
  await fx.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
