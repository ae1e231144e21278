import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { createComment } from '../db/comments';
import { THREAD_MAIL_MS } from '../db/messages';
import type { TicketStreamMessage } from '../schemas/contract/tickets';
import { smtpChannel, type EmailChannel } from '../services/outbox/channels';
import { startLocalSmtp, type LocalSmtp } from '../services/outbox/local-smtp';
import { OutboxWorker } from '../services/outbox/worker';
import { sampleTicket, startHarness, type Harness, type TestTenant } from '../testing/harness';
import { SseReader } from '../testing/sse';

let h: Harness;
let smtp: LocalSmtp;
let email: EmailChannel;
before(async () => {
  h = await startHarness();
  smtp = await startLocalSmtp();
  email = smtpChannel({ url: smtp.url, from: 'no-reply@acme.example' });
  for (const tenant of [h.a, h.b]) await withMessages(tenant);
});
afterEach(async () => {
  await h.db.sql`delete from outbox`;
});
after(async () => {
  email.close();
  await smtp.close();
  await h.close();
});

/** Turns the messages module on in the tenant's default profile, so its ticket links grant `comments`. */
async function withMessages(tenant: TestTenant) {
  const profiles = await h.call('GET', '/v1/admin/profiles', { auth: tenant.apiKey });
  const profile = profiles.body.items.find((p: { isDefault: boolean }) => p.isDefault);
  const res = await h.call('PATCH', `/v1/admin/profiles/${profile.id}`, {
    auth: tenant.apiKey,
    body: { modules: [...new Set([...profile.modules, 'messages'])] },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

const path = (ticketId: string, rest = '') => `/v1/portal/tickets/${ticketId}/messages${rest}`;
const thread = (ticketId: string, session: string) =>
  h.call('GET', path(ticketId), { auth: session, origin: h.a.origin });
const write = (ticketId: string, session: string, body: unknown) =>
  h.call('POST', path(ticketId), { auth: session, origin: h.a.origin, body });
const reply = (ticketId: string, body: string, authorName?: string, tenant = h.a) =>
  h.call('POST', `/v1/admin/tickets/${ticketId}/thread`, { auth: tenant.apiKey, body: { body, authorName } });
const count = async (ticketId: string) =>
  Number((await h.db.sql`select count(*) from ticket_comments where ticket_id = ${ticketId}`)[0]!.count);
const worker = () => new OutboxWorker(h.db.workers, h.clock, { email }, { random: () => 1, leaseMs: 10_000 });
const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));

describe('ticket messages', () => {
  it('lists both sides oldest first with names and times; the company’s infos are part of the thread', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const empty = await thread(ticket.id, session);
    assert.equal(empty.status, 200, JSON.stringify(empty.body));
    assert.deepEqual(empty.body, { timezone: 'Europe/Berlin', items: [], unread: 0, firstUnreadId: null });

    const start = h.clock.now();
    await withTenant(h.db.sql, h.a.tenantId, (tx) =>
      createComment(tx, h.a.tenantId, { ticketId: ticket.id, author: 'company', body: 'Parts ordered', at: start }),
    );
    h.clock.advance(1000);
    const mine = await write(ticket.id, session, { body: '  When will they arrive?\n' });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    assert.equal(mine.body.body, 'When will they arrive?', 'trimmed');
    assert.equal(mine.body.authorName, 'Dana Miller');
    // Same instant: insertion order decides.
    const first = await reply(ticket.id, 'Tomorrow morning.', 'Sam');
    const second = await reply(ticket.id, 'Sam will bring them.');
    assert.equal(first.status, 201, JSON.stringify(first.body));

    const res = await thread(ticket.id, session);
    assert.deepEqual(
      res.body.items.map((m: { author: string; authorName: string; body: string }) => [m.author, m.authorName, m.body]),
      [
        ['company', 'Acme Printer Repair', 'Parts ordered'],
        ['customer', 'Dana Miller', 'When will they arrive?'],
        ['company', 'Sam', 'Tomorrow morning.'],
        ['company', 'Acme Printer Repair', 'Sam will bring them.'],
      ],
    );
    assert.equal(res.body.items[0].createdAt, start.toISOString());
    assert.equal(res.body.items[1].createdAt, new Date(start.getTime() + 1000).toISOString());
    assert.equal(res.body.unread, 2, 'the customer’s message marked everything before it read');
    assert.equal(res.body.firstUnreadId, first.body.id);

    const admin = await h.call('GET', `/v1/admin/tickets/${ticket.id}/thread`, { auth: h.a.apiKey });
    assert.deepEqual(admin.body, res.body, 'the company reads the same thread');
    const infos = await h.call('GET', `/v1/portal/tickets/${ticket.id}/comments`, {
      auth: session,
      origin: h.a.origin,
    });
    assert.deepEqual(
      infos.body.items.map((c: { body: string }) => c.body),
      ['Parts ordered'],
      'GET …/comments keeps listing only the infos',
    );
    assert.equal(second.status, 201);
  });

  it('keeps the customer’s read position: up to a message, never back', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const one = await reply(ticket.id, 'One');
    const two = await reply(ticket.id, 'Two');
    const read = (upTo: string) =>
      h.call('POST', path(ticket.id, '/read'), { auth: session, origin: h.a.origin, body: { upTo } });
    const after1 = await read(one.body.id);
    assert.equal(after1.status, 200, JSON.stringify(after1.body));
    assert.deepEqual([after1.body.unread, after1.body.firstUnreadId], [1, two.body.id]);
    assert.deepEqual([(await read(two.body.id)).body.unread, (await thread(ticket.id, session)).body.unread], [0, 0]);
    const back = await read(one.body.id);
    assert.deepEqual([back.body.unread, back.body.firstUnreadId], [0, null], 'reading an older one does not go back');
    const other = await h.createTicket(h.a);
    const foreign = await reply(other.id, 'Not yours');
    const refused = await read(foreign.body.id);
    assert.equal(refused.status, 404, 'a message of another ticket is not found');
  });

  it('another tenant’s ticket and another customer’s ticket → 404, nothing written', async () => {
    const customer = { ...sampleTicket().customer, externalRef: 'messages-cust' };
    const own = await h.createTicket(h.a, { customer });
    const stranger = await h.createTicket(h.a);
    const foreign = await h.createTicket(h.b);
    const link = await h.call('POST', `/v1/admin/customers/${own.customer.id}/login-links`, { auth: h.a.apiKey });
    const redeemed = await h.call('POST', '/v1/portal/session', {
      body: { token: link.body.token },
      origin: h.a.origin,
    });
    const session = redeemed.body.session as string;
    for (const ticket of [stranger, foreign]) {
      assert.equal((await thread(ticket.id, session)).status, 404);
      const res = await write(ticket.id, session, { body: 'Hello' });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'NOT_FOUND');
      assert.equal(await count(ticket.id), 0);
    }
    assert.equal((await reply(own.id, 'Hello', undefined, h.b)).status, 404, 'the admin API of another tenant');
    assert.equal(await count(own.id), 0);
    assert.equal((await write(own.id, session, { body: 'Mine' })).status, 201, 'positive control');
    assert.equal(await count(own.id), 1);
  });

  it('an over-long, empty or NUL-carrying body → 400 with the field, nothing written', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    for (const body of [{ body: 'x'.repeat(5001) }, { body: '   ' }, { body: 'a\u0000b' }, { body: 'a\ud800b' }, {}]) {
      const res = await write(ticket.id, session, body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 40));
      const admin = await h.call('POST', `/v1/admin/tickets/${ticket.id}/thread`, { auth: h.a.apiKey, body });
      assert.equal(admin.status, 400);
    }
    const tooLong = await write(ticket.id, session, { body: 'x'.repeat(5001) });
    assert.equal(tooLong.body.error.issues[0].path, 'json.body');
    assert.equal(await count(ticket.id), 0);
    assert.equal((await write(ticket.id, session, { body: 'x'.repeat(5000) })).status, 201, 'the limit itself');
    assert.equal(await count(ticket.id), 1);
  });

  it('a new message arrives on the ticket’s event stream as a `message` event', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const response = await h.app.request(`/v1/portal/tickets/${ticket.id}/events`, {
      headers: { authorization: `Bearer ${session}`, origin: h.a.origin },
    });
    const reader = new SseReader(response);
    assert.equal((await reader.next())!.id, ticket.events[0].id);
    await reply(ticket.id, 'On our way');
    const live = JSON.parse((await reader.next())!.data) as TicketStreamMessage;
    assert.equal(live.event.kind, 'message');
    assert.equal(live.ticket.id, ticket.id);
    await write(ticket.id, session, { body: 'Thanks' });
    assert.equal((JSON.parse((await reader.next())!.data) as TicketStreamMessage).event.kind, 'message');
    await reader.cancel();
  });

  it('mails the customer about the company’s messages, at most once per ticket per 10 minutes, folding the rest', async () => {
    const address = 'thread-mail@example.com';
    const ticket = await h.createTicket(h.a, { customer: { name: 'Lee Park', email: address } });
    const session = await h.sessionFor(h.a, ticket.id);
    await reply(ticket.id, 'First reply');
    await write(ticket.id, session, { body: 'A customer message mails no one' });
    await worker().runOnce();
    assert.equal(mailsTo(address).length, 1);
    const [firstMail] = mailsTo(address);
    assert.equal(firstMail!.subject, 'New message from Acme Printer Repair: Printer jams on every page');
    assert.match(firstMail!.text, /First reply/);
    assert.match(firstMail!.text, /https:\/\/acme\.example#porch=/, 'a link to the ticket');

    h.clock.advance(60_000);
    await reply(ticket.id, 'Second reply');
    h.clock.advance(60_000);
    await reply(ticket.id, 'Third reply');
    await worker().runOnce();
    assert.equal(mailsTo(address).length, 1, 'within the window nothing more goes out');

    h.clock.advance(THREAD_MAIL_MS);
    await worker().runOnce();
    const mails = mailsTo(address);
    assert.equal(mails.length, 2, 'one mail for both later messages');
    assert.match(mails[1]!.text, /Second reply\s+Third reply/);
    assert.doesNotMatch(mails[1]!.text, /First reply/);
    const rows = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select state from outbox where ticket_id = ${ticket.id} and trigger = 'thread_to_customer'`,
    );
    assert.deepEqual(
      rows.map((r) => r.state),
      ['sent', 'sent'],
    );
  });
});
