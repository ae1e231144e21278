/**
 * Headers and logs: every admin and portal answer (errors included) says `Cache-Control: no-store`; a client's
 * X-Request-Id is kept only when short and plain; and no log line of a redeem or login-link flow carries the link
 * token, the session, the API key or a full e-mail address — even when a client puts them in its request id.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { jsonLogger } from '../lib/log';
import { smtpChannel } from '../services/outbox/channels';
import { startLocalSmtp } from '../services/outbox/local-smtp';
import { OutboxWorker } from '../services/outbox/worker';
import { startHarness, type Harness } from '../testing/harness';

const lines: string[] = [];
let h: Harness;
before(async () => {
  h = await startHarness({ app: { log: jsonLogger((line) => lines.push(line)) } });
});
afterEach(() => {
  lines.length = 0;
});
after(() => h.close());

describe('Cache-Control: no-store', () => {
  it('is on admin and portal answers, successes and errors alike', async () => {
    const ticket = await h.createTicket(h.a);
    const { token } = await h.linkFor(h.a, ticket.id);
    const redeem = await h.call('POST', '/v1/portal/session', { body: { token }, origin: h.a.origin });
    assert.equal(redeem.status, 200);
    const session = redeem.body.session;
    const answers = {
      redeem,
      adminRead: await h.call('GET', `/v1/admin/tickets/${ticket.id}`, { auth: h.a.apiKey }),
      adminNotFound: await h.call('GET', `/v1/admin/tickets/${crypto.randomUUID()}`, { auth: h.a.apiKey }),
      adminBadKey: await h.call('GET', '/v1/admin/tickets', { auth: 'porch_sk_nope' }),
      adminInvalid: await h.call('POST', '/v1/admin/tickets', { auth: h.a.apiKey, body: { title: 1 } }),
      adminWrongType: await h.call('POST', '/v1/admin/tickets', {
        auth: h.a.apiKey,
        body: 'x',
        headers: { 'content-type': 'text/plain' },
      }),
      portalRead: await h.call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: session, origin: h.a.origin }),
      portalNoSession: await h.call('GET', `/v1/portal/tickets/${ticket.id}`, { origin: h.a.origin }),
      portalMe: await h.call('GET', '/v1/portal/me', { auth: session, origin: h.a.origin }),
    };
    assert.equal(answers.adminRead.status, 200, 'positive control: real answers are among them');
    assert.equal(answers.portalRead.status, 200);
    for (const [name, res] of Object.entries(answers)) {
      assert.equal(res.headers.get('cache-control'), 'no-store', `${name} (${res.status})`);
    }
  });
});

describe('X-Request-Id', () => {
  it('keeps a short plain id and replaces a long or unusual one', async () => {
    const kept = await h.call('GET', '/healthz', { headers: { 'x-request-id': 'edge-7f3a_01' } });
    assert.equal(kept.headers.get('x-request-id'), 'edge-7f3a_01');
    for (const id of ['a'.repeat(65), 'dana@example.com', 'x y', '<script>', 'id;drop']) {
      const res = await h.call('GET', '/v1/admin/tickets', { auth: h.a.apiKey, headers: { 'x-request-id': id } });
      const answered = res.headers.get('x-request-id');
      assert.notEqual(answered, id);
      assert.match(answered ?? '', /^[0-9a-f-]{36}$/, 'a generated one instead');
      assert.equal(res.status, 200);
    }
  });
});

describe('logs', () => {
  it('carry no token, session, API key or full e-mail address through a redeem and a login-link request', async () => {
    const email = 'dana.miller@example.com';
    const ticket = await h.createTicket(h.a, {
      customer: { name: 'Dana Miller', email, phone: '+49 30 1234567' },
    });
    const { token } = await h.linkFor(h.a, ticket.id);
    // A client (or a careless proxy) that puts secrets where ids go: plain enough to be kept as a request id.
    const redeem = await h.call('POST', '/v1/portal/session', {
      body: { token },
      origin: h.a.origin,
      headers: { 'x-request-id': token },
    });
    assert.equal(redeem.status, 200);
    const session: string = redeem.body.session;
    await h.call('GET', `/v1/portal/tickets/${ticket.id}`, {
      auth: session,
      origin: h.a.origin,
      headers: { 'x-request-id': session.slice(0, 64) },
    });
    const requested = await h.call('POST', '/v1/portal/login-links/request', {
      body: { email, tenant: h.a.publicId },
      origin: h.a.origin,
      headers: { 'x-request-id': email },
    });
    assert.equal(requested.status, 202);
    await h.call('GET', '/v1/admin/tickets', { auth: h.a.apiKey, headers: { 'x-request-id': h.a.apiKey } });

    // Positive control: the capture sees every request, and the fields that matter.
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = events.filter((event) => event.event === 'request');
    assert.ok(requests.some((event) => event.path === '/v1/portal/session' && event.status === 200));
    assert.ok(requests.some((event) => event.path === '/v1/portal/login-links/request' && event.status === 202));
    assert.ok(requests.length >= 4, `${requests.length} request lines`);

    const all = lines.join('\n');
    for (const [what, secret] of Object.entries({
      token,
      session,
      sessionStart: session.slice(0, 64),
      apiKey: h.a.apiKey,
      apiKeyBody: h.a.apiKey.replace(/^porch_sk_/, ''),
      email,
    })) {
      assert.ok(!all.includes(secret), `the ${what} appears in the logs:\n${all}`);
    }
  });

  it('carry no token or e-mail address through the outbox worker sending a login link, refused once, then redeemed', async (t) => {
    const address = 'kim.ode@example.com';
    let refusals = 1;
    const smtp = await startLocalSmtp({
      onData: (_id, raw) => (raw.toString().includes(address) && refusals-- > 0 ? 451 : undefined),
    });
    const email = smtpChannel({ url: smtp.url, from: 'no-reply@acme.example' });
    t.after(async () => {
      email.close();
      await smtp.close();
    });
    await h.createTicket(h.a, { customer: { name: 'Kim Ode', email: address } });
    const log = jsonLogger((line) => lines.push(line));
    const worker = new OutboxWorker(h.db.workers, h.clock, { email }, { random: () => 1, log, baseDelayMs: 1_000 });
    const asked = await h.call('POST', '/v1/portal/login-links/request', {
      body: { tenant: h.a.publicId, email: address },
      origin: h.a.origin,
      ip: '198.51.100.77',
    });
    assert.equal(asked.status, 202);
    assert.ok((await worker.runOnce()) >= 1);
    assert.equal(refusals, 0, 'the first attempt was refused');
    h.clock.advance(60_000);
    assert.ok((await worker.runOnce()) >= 1);
    const mail = smtp.mails.find((m) => m.to.includes(address));
    const token = mail?.text.match(/#porch=([A-Za-z0-9_-]{43})/)?.[1];
    assert.ok(token, 'the mail carries a link');
    const redeemed = await h.call('POST', '/v1/portal/session', { body: { token }, origin: h.a.origin });
    assert.equal(redeemed.status, 200);

    // Positive control: the worker's refused attempt and the requests are in the capture.
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(
      events.some((event) => event.event === 'outbox_attempt_failed'),
      lines.join('\n'),
    );
    assert.ok(events.some((event) => event.path === '/v1/portal/session' && event.status === 200));
    const all = lines.join('\n');
    for (const secret of [token, redeemed.body.session as string, address]) {
      assert.ok(!all.includes(secret), `${secret} appears in the logs:\n${all}`);
    }
  });

  it('mask e-mail addresses and redact token-shaped strings in any field, keeping UUIDs', () => {
    const captured: string[] = [];
    const log = jsonLogger((line) => captured.push(line));
    const uuid = crypto.randomUUID();
    const token = 'Q2hhbmdlIHRoaXMgdG9rZW4gdG8gc29tZXRoaW5nIHJhbmRvbQ';
    log.error('unhandled', {
      requestId: uuid,
      message: `550 <j.doe@example.com> rejected; token ${token}`,
      nested: { to: ['x@acme.example'] },
    });
    const [line] = captured;
    assert.ok(line);
    const event = JSON.parse(line);
    assert.equal(event.requestId, uuid);
    assert.equal(event.message, '550 <j***@example.com> rejected; token [redacted]');
    assert.deepEqual(event.nested, { to: ['x***@acme.example'] });
  });
});
