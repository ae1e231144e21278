import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PLACEHOLDERS } from '../lib/templates';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const linkMail = {
  name: 'Scheduling link',
  trigger: 'status_reached',
  status: 'scheduling',
  channel: 'email',
  portalMode: 'tracking+booking',
  templates: {
    en: {
      subject: 'Book your visit: {{ticket.title}}',
      body: 'Hello {{customer.name}},\n\nbook here: {{portal.link}}',
    },
    de: {
      subject: 'Termin buchen: {{ticket.title}}',
      body: 'Hallo {{customer.name}},\n\nhier buchen: {{portal.link}}',
    },
  },
};
const create = (body: unknown, tenant = h.a) =>
  h.call('POST', '/v1/admin/automated-actions', { auth: tenant.apiKey, body });
const move = (ticketId: string, status: string) =>
  h.call('POST', `/v1/admin/tickets/${ticketId}/events`, { auth: h.a.apiKey, body: { status } });
const messages = async (ticketId: string) =>
  (await h.call('GET', `/v1/admin/tickets/${ticketId}/messages`, { auth: h.a.apiKey })).body.items;
const countActions = async () => Number((await h.db.sql`select count(*)::int as n from automated_actions`)[0]!.n);

describe('automated actions: CRUD', () => {
  it('creates, reads, lists, patches and deletes an action', async () => {
    const created = await create(linkMail);
    assert.equal(created.status, 201);
    assert.equal(created.body.trigger, 'status_reached');
    assert.equal(created.body.status, 'scheduling');
    assert.deepEqual(created.body.condition, { projectId: null, profileId: null });
    assert.equal(created.body.enabled, true);
    const read = await h.call('GET', `/v1/admin/automated-actions/${created.body.id}`, { auth: h.a.apiKey });
    assert.deepEqual(read.body, created.body);
    const patched = await h.call('PATCH', `/v1/admin/automated-actions/${created.body.id}`, {
      auth: h.a.apiKey,
      body: { enabled: false, name: 'Off' },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.enabled, false);
    assert.equal(patched.body.templates.de.subject, linkMail.templates.de.subject);
    const list = await h.call('GET', '/v1/admin/automated-actions', { auth: h.a.apiKey });
    assert.ok(list.body.items.some((a: { id: string }) => a.id === created.body.id));
    const removed = await h.call('DELETE', `/v1/admin/automated-actions/${created.body.id}`, { auth: h.a.apiKey });
    assert.equal(removed.status, 204);
    const gone = await h.call('GET', `/v1/admin/automated-actions/${created.body.id}`, { auth: h.a.apiKey });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 'NOT_FOUND');
  });

  it('refuses unknown placeholders, missing subjects, oversized SMS and a status on the wrong trigger, with field paths, writing nothing', async () => {
    const before = await countActions();
    const cases: [unknown, string][] = [
      [{ ...linkMail, templates: { en: { subject: 'Hi', body: 'Dear {{customer.nmae}}' } } }, 'json.templates.en.body'],
      [{ ...linkMail, templates: { de: { subject: '{{ticket.colour}}', body: 'x' } } }, 'json.templates.de.subject'],
      [{ ...linkMail, templates: { en: { body: '{{portal.link}}' } } }, 'json.templates.en.subject'],
      [{ ...linkMail, channel: 'sms', templates: { en: { body: 'x'.repeat(1601) } } }, 'json.templates.en.body'],
      [{ ...linkMail, trigger: 'ticket_created' }, 'json.status'],
      [{ ...linkMail, status: undefined }, 'json.status'],
      [{ ...linkMail, templates: {} }, 'json.templates'],
      [{ ...linkMail, templates: { fr: { subject: 'x', body: 'y' } } }, 'json.templates'],
      [{ ...linkMail, channel: 'fax' }, 'json.channel'],
    ];
    for (const [body, path] of cases) {
      const res = await create(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.error.issues.some((i: { path: string }) => i.path === path),
        `expected ${path}: ${JSON.stringify(res.body.error.issues)}`,
      );
    }
    assert.equal(await countActions(), before);
  });

  it('checks a patch against the merged action', async () => {
    const created = await create(linkMail);
    const res = await h.call('PATCH', `/v1/admin/automated-actions/${created.body.id}`, {
      auth: h.a.apiKey,
      body: { templates: { en: { subject: 's', body: '{{nope}}' } } },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    assert.equal(res.body.error.issues[0].path, 'json.templates.en.body');
    const trigger = await h.call('PATCH', `/v1/admin/automated-actions/${created.body.id}`, {
      auth: h.a.apiKey,
      body: { trigger: 'ticket_created', status: null },
    });
    assert.equal(trigger.status, 200);
    assert.equal(trigger.body.status, null);
    await h.call('DELETE', `/v1/admin/automated-actions/${created.body.id}`, { auth: h.a.apiKey });
  });
});

describe('automated actions: editor options and preview', () => {
  it('offers the renderer’s own placeholders, languages, triggers, channels and statuses', async () => {
    const res = await h.call('GET', '/v1/admin/automated-actions/options', { auth: h.a.apiKey });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.placeholders, [...PLACEHOLDERS]);
    assert.deepEqual(res.body.languages, ['en', 'de']);
    assert.ok(res.body.triggers.includes('status_reached'));
    assert.deepEqual(res.body.channels, ['email', 'sms', 'info']);
    assert.ok(res.body.statuses.includes('scheduling'));
    assert.deepEqual(res.body.portalModes, ['tracking', 'tracking+booking']);
  });

  it('renders each language with sample data and the tenant’s name, markup kept as text, storing nothing', async () => {
    const before = await countActions();
    const res = await h.call('POST', '/v1/admin/automated-actions/preview', {
      auth: h.a.apiKey,
      body: {
        channel: 'email',
        templates: {
          en: { subject: '{{ticket.status}}: {{ticket.title}}', body: 'Hi {{customer.name}} <b>{{company.name}}</b>' },
          de: { subject: '{{ticket.status}}', body: 'Termin: {{appointment.window}}\n{{portal.link}}' },
        },
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.templates.en, {
      subject: 'Ticket Scheduling: HP LaserJet M404 jams on every page',
      body: 'Hi Dana Miller <b>Acme Printer Repair</b>',
    });
    assert.equal(res.body.templates.de.subject, 'Terminplanung');
    // The harness clock is 2026-11-23: tomorrow 08:00 UTC on a Berlin site's clock, in German; the tenant's page.
    assert.equal(
      res.body.templates.de.body,
      'Termin: Dienstag, 24. November 2026, 9:00–13:00 MEZ\nhttps://acme.example#porch-token=sample',
    );
    assert.equal(await countActions(), before);
  });

  it('refuses unknown placeholders and channel rules in a preview with the field’s path', async () => {
    const cases: [unknown, string][] = [
      [
        { channel: 'email', templates: { en: { subject: 'Hi', body: 'Dear {{customer.nmae}}' } } },
        'json.templates.en.body',
      ],
      [{ channel: 'sms', templates: { de: { subject: 'x', body: 'y' } } }, 'json.templates.de.subject'],
      [{ channel: 'email', templates: {} }, 'json.templates'],
      [{ channel: 'email', templates: { en: { subject: 'x', body: 'y' } }, trigger: 'ticket_created' }, 'json'],
    ];
    for (const [body, path] of cases) {
      const res = await h.call('POST', '/v1/admin/automated-actions/preview', { auth: h.a.apiKey, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.error.issues.some((i: { path: string }) => i.path === path),
        `expected ${path}: ${JSON.stringify(res.body.error.issues)}`,
      );
    }
    const unknown = await h.call('POST', '/v1/admin/automated-actions/preview', {
      auth: h.a.apiKey,
      body: { channel: 'info', templates: { en: { body: '{{ticket.colour}}' } } },
    });
    assert.match(
      unknown.body.error.issues[0].message,
      /Unknown placeholder \{\{ticket\.colour\}\}; known: customer\.name/,
    );
  });
});

describe('automated actions: firing', () => {
  it('writes one outbox message when the ticket reaches the status, in the customer’s language, and none before', async () => {
    const action = (await create(linkMail)).body;
    const ticket = await h.createTicket(h.a, {
      customer: { name: 'Jonas Becker', email: 'jonas@example.de', locale: 'de' },
    });
    assert.deepEqual(await messages(ticket.id), []);
    await move(ticket.id, 'scheduling');
    const [message, ...rest] = await messages(ticket.id);
    assert.equal(rest.length, 0);
    assert.equal(message.actionId, action.id);
    assert.equal(message.channel, 'email');
    assert.equal(message.recipient, 'jonas@example.de');
    assert.equal(message.state, 'pending');
    assert.equal(message.trigger, 'status_reached');
    const [row] = await h.db.sql`select language, template, context, portal_mode from outbox where id = ${message.id}`;
    assert.equal(row!.language, 'de');
    assert.equal(row!.portal_mode, 'tracking+booking');
    assert.equal(row!.context['customer.name'], 'Jonas Becker');
    await move(ticket.id, 'dispatched');
    assert.equal((await messages(ticket.id)).length, 1, 'another status does not fire it');
    await h.call('DELETE', `/v1/admin/automated-actions/${action.id}`, { auth: h.a.apiKey });
  });

  it('writes nothing when the change itself is refused (same transaction)', async () => {
    const action = (await create({ ...linkMail, status: 'received', trigger: 'status_reached' })).body;
    const ticket = await h.createTicket(h.a);
    await move(ticket.id, 'dispatched');
    const before = (await messages(ticket.id)).length;
    const back = await move(ticket.id, 'scheduling');
    assert.equal(back.status, 409);
    assert.equal(back.body.error.code, 'STATUS_OUT_OF_ORDER');
    assert.equal((await messages(ticket.id)).length, before);
    await h.call('DELETE', `/v1/admin/automated-actions/${action.id}`, { auth: h.a.apiKey });
  });

  it('fires on ticket creation, honouring the project condition', async () => {
    const project = await h.call('POST', '/v1/admin/projects', { auth: h.a.apiKey, body: { name: 'Schools' } });
    const action = (
      await create({
        ...linkMail,
        trigger: 'ticket_created',
        status: undefined,
        condition: { projectId: project.body.id },
      })
    ).body;
    const outside = await h.createTicket(h.a);
    const inside = await h.createTicket(h.a, { projectId: project.body.id });
    assert.equal((await messages(outside.id)).length, 0);
    assert.equal((await messages(inside.id)).length, 1);
    await h.call('DELETE', `/v1/admin/automated-actions/${action.id}`, { auth: h.a.apiKey });
  });

  it('records CUSTOMER_EMAIL_MISSING / CUSTOMER_PHONE_MISSING as failed messages, never a silent skip', async () => {
    const mail = (await create({ ...linkMail, status: 'dispatched' })).body;
    const sms = (
      await create({
        ...linkMail,
        status: 'dispatched',
        channel: 'sms',
        templates: { en: { body: 'Track: {{portal.link}}' } },
      })
    ).body;
    const ticket = await h.createTicket(h.a, { customer: { name: 'No Contact' } });
    await move(ticket.id, 'dispatched');
    const found = await messages(ticket.id);
    assert.deepEqual(
      found
        .map((m: { channel: string; state: string; failureReason: string }) => [m.channel, m.state, m.failureReason])
        .sort(),
      [
        ['email', 'failed', 'CUSTOMER_EMAIL_MISSING'],
        ['sms', 'failed', 'CUSTOMER_PHONE_MISSING'],
      ],
    );
    const national = await h.createTicket(h.a, { customer: { name: 'National', phone: '030 1234567' } });
    await move(national.id, 'dispatched');
    const invalid = (await messages(national.id)).find((m: { channel: string }) => m.channel === 'sms');
    assert.equal(invalid.state, 'failed');
    assert.equal(invalid.failureReason, 'CUSTOMER_PHONE_INVALID', 'a number without country code cannot be sent');
    for (const id of [mail.id, sms.id])
      await h.call('DELETE', `/v1/admin/automated-actions/${id}`, { auth: h.a.apiKey });
  });

  it('sends the same link type to the same address at most once per 60 s; resend answers 429 unless forced', async () => {
    const action = (await create({ ...linkMail, trigger: 'ticket_created', status: undefined })).body;
    const first = await h.createTicket(h.a, { customer: { name: 'Dana', email: 'same@example.com' } });
    const second = await h.createTicket(h.a, { customer: { name: 'Dana', email: 'same@example.com' } });
    const [sent] = await messages(first.id);
    const [throttled] = await messages(second.id);
    assert.equal(sent.state, 'pending');
    assert.equal(throttled.state, 'suppressed');
    assert.equal(throttled.failureReason, 'THROTTLED');
    const refused = await h.call('POST', `/v1/admin/outbox/${sent.id}/resend`, { auth: h.a.apiKey, body: {} });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'RATE_LIMITED');
    assert.equal(refused.headers.get('retry-after'), '60');
    const forced = await h.call('POST', `/v1/admin/outbox/${sent.id}/resend`, {
      auth: h.a.apiKey,
      body: { force: true },
    });
    assert.equal(forced.status, 201);
    assert.equal(forced.body.state, 'pending');
    assert.equal(forced.body.forced, true);
    assert.equal(forced.body.resendOf, sent.id);
    h.clock.advance(61_000);
    const later = await h.call('POST', `/v1/admin/outbox/${sent.id}/resend`, { auth: h.a.apiKey, body: {} });
    assert.equal(later.status, 201);
    assert.equal(later.body.state, 'pending');
    assert.equal((await messages(first.id)).length, 3);
    await h.call('DELETE', `/v1/admin/automated-actions/${action.id}`, { auth: h.a.apiKey });
  });

  it('a resend goes to the address the customer has now', async () => {
    const action = (await create({ ...linkMail, status: 'on_route' })).body;
    const ticket = await h.createTicket(h.a, { customer: { name: 'Later' } });
    await move(ticket.id, 'on_route');
    const [failed] = await messages(ticket.id);
    assert.equal(failed.failureReason, 'CUSTOMER_EMAIL_MISSING');
    await h.db.sql`update customers set email = 'later@example.com' where id = ${ticket.customer.id}`;
    const resent = await h.call('POST', `/v1/admin/outbox/${failed.id}/resend`, { auth: h.a.apiKey, body: {} });
    assert.equal(resent.status, 201);
    assert.equal(resent.body.recipient, 'later@example.com');
    assert.equal(resent.body.state, 'pending');
    await h.call('DELETE', `/v1/admin/automated-actions/${action.id}`, { auth: h.a.apiKey });
  });
});
