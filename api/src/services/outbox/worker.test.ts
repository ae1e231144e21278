import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../../testing/harness';
import { seedEmails, startSmsPeer } from '../../testing/outbox';
import { httpSmsChannel, smsSegments, smtpChannel, type EmailChannel } from './channels';
import { startLocalSmtp, type LocalSmtp } from './local-smtp';
import { OutboxWorker, type WorkerOptions } from './worker';

let h: Harness;
let smtp: LocalSmtp;
/** What the SMTP peer answers for the next mails: a code refuses, undefined accepts. */
let refuseWith: (messageId: string) => number | void = () => {};
const channels: EmailChannel[] = [];
before(async () => {
  h = await startHarness();
  smtp = await startLocalSmtp({ onData: (id) => refuseWith(id) });
});
/** Per-test peers and servers, closed after the test whether it passed or not. */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  refuseWith = () => {};
  // No message or automated action of one test is left for the next test's worker to pick up.
  await h.db.sql`delete from automated_actions`;
  await h.db.sql`delete from outbox`;
});
after(async () => {
  channels.forEach((c) => c.close());
  await smtp.close();
  await h.close();
});

const emailTo = (url: string) => {
  const channel = smtpChannel({ url, from: 'no-reply@acme.example' });
  channels.push(channel);
  return channel;
};
const workerFor = (options: WorkerOptions = {}, url = smtp.url) =>
  new OutboxWorker(h.db.workers, h.clock, { email: emailTo(url) }, { random: () => 1, ...options });
const action = (body: Record<string, unknown>) =>
  h.call('POST', '/v1/admin/automated-actions', {
    auth: h.a.apiKey,
    body: { name: 'a', trigger: 'ticket_created', ...body },
  });
const messages = async (ticketId: string) =>
  (await h.call('GET', `/v1/admin/tickets/${ticketId}/messages`, { auth: h.a.apiKey })).body.items;
const mailFor = (messageId: string) => smtp.mails.filter((m) => m.messageId === `<${messageId}@porchlight>`);

describe('outbox worker: email over real SMTP', () => {
  it('delivers multipart text + HTML with the tenant’s name, a stable Message-ID and a portal link that redeems', async () => {
    // The profile's uploaded logo (a 1×1 PNG), served from the API's origin.
    const uploaded = await h.app.request(
      `/v1/admin/profiles/${(await h.call('GET', '/v1/admin/profiles', { auth: h.a.apiKey })).body.items[0].id}/logo`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${h.a.apiKey}`, 'content-type': 'image/png' },
        body: Buffer.from(
          'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
          'base64',
        ),
      },
    );
    const { logoUrl } = (await uploaded.json()) as { logoUrl: string };
    assert.match(logoUrl, /^http:\/\/localhost\/v1\/logos\/t_[\w-]+\/[0-9a-f]{64}\.png$/);
    await action({
      channel: 'email',
      portalMode: 'tracking+booking',
      templates: {
        en: {
          subject: 'Your repair: {{ticket.title}}',
          body: 'Hello {{customer.name}} <3,\n\nfollow it here: {{portal.link}}',
        },
      },
    });
    const ticket = await h.createTicket(h.a, { customer: { name: 'Dana Miller', email: 'dana@example.com' } });
    const [message] = await messages(ticket.id);
    assert.equal(await workerFor().runOnce(), 1);

    const [mail, ...others] = mailFor(message.id);
    assert.equal(others.length, 0);
    assert.deepEqual(mail!.to, ['dana@example.com']);
    assert.equal(mail!.subject, `Your repair: ${ticket.title}`);
    assert.match(mail!.from, /^"?Acme Printer Repair"? <no-reply@acme\.example>$/);
    assert.match(mail!.headers['list-unsubscribe']!, /^<mailto:no-reply@acme\.example\?subject=unsubscribe>$/);
    const link = mail!.text.match(/https:\/\/acme\.example#porch=([A-Za-z0-9_-]{43})/);
    assert.ok(link, mail!.text);
    assert.ok(mail!.html.includes(`<img src="${logoUrl}"`), mail!.html);
    assert.ok(mail!.html.includes(`<a href="${link[0]}">`), 'the link is a link in the HTML part');
    assert.ok(mail!.html.includes('Dana Miller &lt;3'), 'text is escaped in HTML');

    const session = await h.call('POST', '/v1/portal/session', { body: { token: link[1] }, origin: h.a.origin });
    assert.equal(session.status, 200);
    assert.equal(session.body.ticketId, ticket.id);
    assert.deepEqual(session.body.scopes, ['track', 'book']);

    const [sent] = await messages(ticket.id);
    assert.equal(sent.state, 'sent');
    assert.equal(sent.attempts, 1);
    assert.ok(sent.sentAt);
    const everything = JSON.stringify(
      await h.db.sql`select o.*, l.* from outbox o left join ticket_links l on l.id = o.link_id`,
    );
    assert.ok(!everything.includes(link[1]!), 'the token is nowhere in the database');
  });

  it('retries after 451 with exponential backoff and the same Message-ID, then delivers', async () => {
    await action({ channel: 'email', templates: { en: { subject: 'Hi', body: 'Link: {{portal.link}}' } } });
    const ticket = await h.createTicket(h.a, { customer: { name: 'R', email: 'retry@example.com' } });
    const [message] = await messages(ticket.id);
    const seen: string[] = [];
    refuseWith = (id) => (seen.push(id), seen.length <= 2 ? 451 : undefined);
    const worker = workerFor({ baseDelayMs: 30_000 });
    await worker.runOnce();
    let [state] = await messages(ticket.id);
    assert.equal(state.state, 'pending');
    assert.match(state.lastError, /^SMTP 451/);
    assert.equal(Date.parse(state.nextAttemptAt) - h.clock.now().getTime(), 30_000);
    assert.equal(await worker.runOnce(), 0, 'not due before the backoff');
    h.clock.advance(30_000);
    await worker.runOnce();
    [state] = await messages(ticket.id);
    assert.equal(Date.parse(state.nextAttemptAt) - h.clock.now().getTime(), 60_000, 'the delay doubles');
    h.clock.advance(60_000);
    await worker.runOnce();
    [state] = await messages(ticket.id);
    assert.equal(state.state, 'sent');
    assert.equal(state.attempts, 3);
    assert.deepEqual(seen, Array(3).fill(`<${message.id}@porchlight>`));
    assert.equal(mailFor(message.id).length, 1);
  });

  it('fails at once with REJECTED on a permanent 550, and with MAX_ATTEMPTS when 4xx never ends', async () => {
    const ticket = await h.createTicket(h.a);
    await seedEmails(h.db.sql, h.a.tenantId, ticket.id, 2, h.clock.now());
    const [first, second] = (await messages(ticket.id)).map((m: { id: string }) => m.id);
    refuseWith = (id) => (id === `<${first}@porchlight>` ? 550 : 451);
    const worker = workerFor({ maxAttempts: 3, baseDelayMs: 1000 });
    for (let round = 0; round < 3; round++) {
      await worker.runOnce();
      h.clock.advance(10_000);
    }
    const byId = Object.fromEntries((await messages(ticket.id)).map((m: { id: string }) => [m.id, m]));
    assert.equal(byId[first].state, 'failed');
    assert.equal(byId[first].failureReason, 'REJECTED');
    assert.equal(byId[first].attempts, 1);
    assert.equal(byId[second].state, 'failed');
    assert.equal(byId[second].failureReason, 'MAX_ATTEMPTS');
    assert.equal(byId[second].attempts, 3);
    assert.match(byId[second].lastError, /^SMTP 451/);
  });

  it('keeps retrying through an hour of SMTP outage, loses nothing, and delivers once the server is back', async () => {
    const down = await startLocalSmtp();
    const { port } = down;
    await down.close();
    const ticket = await h.createTicket(h.a);
    await seedEmails(h.db.sql, h.a.tenantId, ticket.id, 5, h.clock.now());
    const worker = workerFor({ baseDelayMs: 30_000 }, `smtp://127.0.0.1:${port}`);
    const end = h.clock.now().getTime() + 3_600_000;
    while (h.clock.now().getTime() < end) {
      await worker.runOnce();
      h.clock.advance(60_000);
    }
    const during = await messages(ticket.id);
    assert.ok(
      during.every(
        (m: { state: string; attempts: number; lastError: string }) =>
          m.state === 'pending' && m.attempts >= 6 && /ECONNREFUSED/.test(m.lastError),
      ),
      JSON.stringify(during[0]),
    );
    const back = await startLocalSmtp({ port });
    cleanups.push(() => back.close());
    h.clock.advance(3_600_000);
    await worker.runOnce();
    const afterwards = await messages(ticket.id);
    assert.ok(afterwards.every((m: { state: string }) => m.state === 'sent'));
    assert.equal(back.received.size, 5);
  });

  it('two workers never deliver the same message at once, and each message arrives once', async () => {
    const ticket = await h.createTicket(h.a);
    await seedEmails(h.db.sql, h.a.tenantId, ticket.id, 120, h.clock.now(), 'pair@example.com');
    const inFlight = new Set<string>();
    let overlaps = 0;
    const peer = await startLocalSmtp({
      parse: false,
      async onData(id) {
        if (inFlight.has(id)) overlaps++;
        inFlight.add(id);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight.delete(id);
      },
    });
    cleanups.push(() => peer.close());
    const drain = async (worker: OutboxWorker) => {
      while ((await worker.runOnce()) > 0);
    };
    const [one, two] = [workerFor({ batchSize: 8 }, peer.url), workerFor({ batchSize: 8 }, peer.url)];
    await Promise.all([drain(one), drain(two)]);
    assert.equal(overlaps, 0);
    assert.equal(peer.received.size, 120);
    assert.ok([...peer.received.values()].every((n) => n === 1));
    assert.ok(
      one.stats.delivered > 0 && two.stats.delivered > 0,
      `both worked: ${one.stats.delivered} + ${two.stats.delivered}`,
    );
  });
});

describe('outbox worker: SMS and infos', () => {
  it('posts a Twilio-shaped form with basic auth and an idempotency key, and records the segments', async () => {
    const peer = await startSmsPeer(() => ({ status: 201, body: { sid: 'SM42' } }));
    cleanups.push(() => peer.close());
    await action({
      channel: 'sms',
      templates: { en: { body: 'Hi {{customer.name}}, track your repair: {{portal.link}}' } },
    });
    const ticket = await h.createTicket(h.a, { customer: { name: 'Sam', phone: '+49 (30) 123-4567' } });
    const [message] = await messages(ticket.id);
    assert.equal(message.recipient, '+49301234567');
    const worker = new OutboxWorker(h.db.workers, h.clock, {
      sms: httpSmsChannel({ url: peer.url, from: 'ACME', accountSid: 'AC123', authToken: 'secret' }),
    });
    await worker.runOnce();
    const [request] = peer.requests;
    assert.equal(request!.form.get('To'), '+49301234567');
    assert.equal(request!.form.get('From'), 'ACME');
    assert.match(
      request!.form.get('Body')!,
      /^Hi Sam, track your repair: https:\/\/acme\.example#porch=[A-Za-z0-9_-]{43}$/,
    );
    assert.equal(request!.headers.authorization, `Basic ${Buffer.from('AC123:secret').toString('base64')}`);
    assert.equal(request!.headers['idempotency-key'], message.id);
    assert.equal(request!.headers['content-type'], 'application/x-www-form-urlencoded');
    const [sent] = await messages(ticket.id);
    assert.equal(sent.state, 'sent');
    assert.equal(sent.smsSegments, 1);
    const token = request!.form.get('Body')!.split('#porch=')[1]!;
    const session = await h.call('POST', '/v1/portal/session', { body: { token } });
    assert.equal(session.status, 200);
  });

  it('fails REJECTED on a provider 4xx, retries on 5xx, and refuses SMS_NOT_CONFIGURED clearly', async () => {
    let status = 503;
    const peer = await startSmsPeer(() => ({ status, body: { message: 'nope' } }));
    cleanups.push(() => peer.close());
    await action({ channel: 'sms', templates: { en: { body: 'Hello {{customer.name}}' } } });
    const ticket = await h.createTicket(h.a, { customer: { name: 'X', phone: '+4915112345678' } });
    const worker = new OutboxWorker(
      h.db.workers,
      h.clock,
      { sms: httpSmsChannel({ url: peer.url, from: 'ACME', accountSid: 'a', authToken: 'b' }) },
      { random: () => 1 },
    );
    await worker.runOnce();
    let [message] = await messages(ticket.id);
    assert.equal(message.state, 'pending');
    assert.match(message.lastError, /^HTTP 503/);
    status = 400;
    h.clock.advance(60_000);
    await worker.runOnce();
    [message] = await messages(ticket.id);
    assert.equal(message.state, 'failed');
    assert.equal(message.failureReason, 'REJECTED');

    await h.db.sql`delete from automated_actions`;
    await action({ channel: 'sms', templates: { en: { body: 'a'.repeat(1600) } } });
    const long = await h.createTicket(h.a, { customer: { name: 'L', phone: '+4915112345670' } });
    const requestsBefore = peer.requests.length;
    await worker.runOnce();
    const [tooLong] = await messages(long.id);
    assert.equal(tooLong.state, 'failed');
    assert.equal(tooLong.failureReason, 'SMS_TOO_LONG');
    assert.equal(tooLong.smsSegments, 11);
    assert.equal(peer.requests.length, requestsBefore, 'nothing was sent');

    const unconfigured = await h.createTicket(h.a, { customer: { name: 'Y', phone: '+4915112345679' } });
    await new OutboxWorker(h.db.workers, h.clock, {}).runOnce();
    const [none] = await messages(unconfigured.id);
    assert.equal(none.state, 'failed');
    assert.equal(none.failureReason, 'SMS_NOT_CONFIGURED');
  });

  it('counts GSM-7 and UCS-2 segments', () => {
    assert.deepEqual(smsSegments('a'.repeat(160)), { encoding: 'GSM-7', segments: 1 });
    assert.deepEqual(smsSegments('a'.repeat(161)), { encoding: 'GSM-7', segments: 2 });
    assert.deepEqual(smsSegments('Grüße aus Köln'), { encoding: 'GSM-7', segments: 1 });
    assert.deepEqual(smsSegments('ł'.repeat(70)), { encoding: 'UCS-2', segments: 1 });
    assert.deepEqual(smsSegments('ł'.repeat(71)), { encoding: 'UCS-2', segments: 2 });
    assert.deepEqual(smsSegments('Your repair 🛠'), { encoding: 'UCS-2', segments: 1 });
  });

  it('writes an info as a ticket comment the portal shows, with no token in it', async () => {
    await action({
      channel: 'info',
      templates: { en: { body: 'We received “{{ticket.title}}”. Follow it at {{portal.link}}' } },
    });
    const ticket = await h.createTicket(h.a);
    await new OutboxWorker(h.db.workers, h.clock, {}).runOnce();
    const [message] = await messages(ticket.id);
    assert.equal(message.state, 'sent');
    assert.equal(message.channel, 'info');
    const session = await h.sessionFor(h.a, ticket.id);
    const comments = await h.call('GET', `/v1/portal/tickets/${ticket.id}/comments`, {
      auth: session,
      origin: h.a.origin,
    });
    assert.equal(comments.status, 200);
    assert.deepEqual(
      comments.body.items.map((c: { author: string; body: string }) => [c.author, c.body]),
      [['company', `We received “${ticket.title}”. Follow it at ${h.a.origin}`]],
    );
  });
});
