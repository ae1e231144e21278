import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../app';
import { withTenant } from '../db/client';
import { sweepTokens } from '../db/session-tokens';
import { TEST_SECRET_BOX } from '../testing/secret';
import { smtpChannel, type EmailChannel } from '../services/outbox/channels';
import { startLocalSmtp, type LocalSmtp } from '../services/outbox/local-smtp';
import { OutboxWorker } from '../services/outbox/worker';
import { sampleTicket, startHarness, type Harness, type TestTenant } from '../testing/harness';

const CONSOLE = 'https://porch.example';
let h: Harness;
let smtp: LocalSmtp;
let email: EmailChannel;
before(async () => {
  h = await startHarness({ app: { publicUrl: `${CONSOLE}/` } });
  smtp = await startLocalSmtp();
  email = smtpChannel({ url: smtp.url, from: 'no-reply@porch.example' });
});
after(async () => {
  email.close();
  await smtp.close();
  await h.close();
});

let ip = 0;
const nextIp = () => `203.0.113.${++ip}`;
const deliver = () => new OutboxWorker(h.db.workers, h.clock, { email }, { random: () => 1 }).runOnce();
const mailsTo = (to: string) => smtp.mails.filter((m) => m.to.includes(to));
const tokenIn = (text: string) => text.match(/https:\/\/porch\.example\/admin#porch-staff=([A-Za-z0-9_-]{43})/)?.[1];

interface Signed {
  cookie: string;
  csrf: string;
  sessionId: string;
  setCookies: string[];
}

/** Follows the newest mail's link to a cookie session, as the console page would. */
async function signInFromMail(to: string): Promise<Signed> {
  await deliver();
  const mail = mailsTo(to).at(-1);
  assert.ok(mail, `a mail to ${to}`);
  const token = tokenIn(mail.text);
  assert.ok(token, mail.text);
  const res = await h.call('POST', '/v1/staff/session', { body: { token }, origin: CONSOLE, ip: nextIp() });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const setCookies = res.headers.getSetCookie();
  const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: res.body.csrfToken, sessionId: res.body.sessionId, setCookies };
}

/** A request with the staff cookie; `csrf` and `origin` default to the right ones. */
const asStaff = (
  s: Signed,
  method: string,
  path: string,
  options: { body?: unknown; csrf?: string | null; origin?: string | null } = {},
) => {
  const headers: Record<string, string> = { cookie: s.cookie };
  const csrf = options.csrf === undefined ? s.csrf : options.csrf;
  if (csrf) headers['x-csrf-token'] = csrf;
  const origin = options.origin === undefined ? CONSOLE : options.origin;
  return h.call(method, path, { body: options.body, headers, ...(origin ? { origin } : {}) });
};

const invite = async (tenant: TestTenant, address: string, role: string) => {
  const res = await h.call('POST', '/v1/admin/staff', { auth: tenant.apiKey, body: { email: address, role } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string };
};
const ticketCount = async (tenantId: string) =>
  (await withTenant(h.db.sql, tenantId, (tx) => tx<{ n: number }[]>`select count(*)::int as n from tickets`))[0]!.n;

describe('staff accounts: invite, e-mail sign-in, cookie session, CSRF, roles (real SMTP)', () => {
  let owner: Signed;
  let ownerId: string;

  it('invite → mail at the SMTP server → follow the link → a __Host- cookie session; the link works once', async () => {
    ownerId = (await invite(h.a, 'olga@acme.example', 'owner')).id;
    await deliver();
    const [mail] = mailsTo('olga@acme.example');
    assert.equal(mail!.subject, 'You are invited to Acme Printer Repair on Porchlight');
    const token = tokenIn(mail!.text)!;
    assert.ok(token);
    const everything = JSON.stringify(await h.db.sql`select * from staff_links`);
    assert.ok(!everything.includes(token), 'only the hash rests');
    const res = await h.call('POST', '/v1/staff/session', { body: { token }, origin: CONSOLE, ip: nextIp() });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.staff, { id: ownerId, email: 'olga@acme.example', role: 'owner' });
    const [session, csrf] = res.headers.getSetCookie();
    assert.match(
      session!,
      /^__Host-porch_staff=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Strict$/,
    );
    assert.match(csrf!, /^__Host-porch_csrf=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; Secure; SameSite=Strict$/);
    assert.equal(csrf!.split(';')[0], `__Host-porch_csrf=${res.body.csrfToken}`);
    owner = {
      cookie: `${session!.split(';')[0]}; ${csrf!.split(';')[0]}`,
      csrf: res.body.csrfToken,
      sessionId: res.body.sessionId,
      setCookies: [],
    };
    const again = await h.call('POST', '/v1/staff/session', { body: { token }, origin: CONSOLE, ip: nextIp() });
    assert.equal(again.status, 410);
    assert.equal(again.body.error.code, 'LINK_USED');
  });

  it('signing in from another origin is refused (no login CSRF), and the link is not spent', async () => {
    await invite(h.a, 'kai@acme.example', 'admin');
    await deliver();
    const token = tokenIn(mailsTo('kai@acme.example').at(-1)!.text)!;
    const foreign = await h.call('POST', '/v1/staff/session', {
      body: { token },
      origin: 'https://evil.example',
      ip: nextIp(),
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.error.code, 'ORIGIN_NOT_ALLOWED');
    const ok = await h.call('POST', '/v1/staff/session', { body: { token }, origin: CONSOLE, ip: nextIp() });
    assert.equal(ok.status, 200);
  });

  it('the cookie session calls the admin API: GET without CSRF; a write with the CSRF header and our Origin, else 403 and nothing written', async () => {
    assert.equal((await asStaff(owner, 'GET', '/v1/admin/tickets', { csrf: null })).status, 200);
    const before = await ticketCount(h.a.tenantId);
    const body = { ...sampleTicket(), title: 'From the console' };
    const noCsrf = await asStaff(owner, 'POST', '/v1/admin/tickets', { body, csrf: null });
    assert.deepEqual([noCsrf.status, noCsrf.body.error.code], [403, 'CSRF_FAILED']);
    const wrongCsrf = await asStaff(owner, 'POST', '/v1/admin/tickets', { body, csrf: 'x'.repeat(43) });
    assert.deepEqual([wrongCsrf.status, wrongCsrf.body.error.code], [403, 'CSRF_FAILED']);
    const crossSite = await asStaff(owner, 'POST', '/v1/admin/tickets', { body, origin: 'https://evil.example' });
    assert.deepEqual([crossSite.status, crossSite.body.error.code], [403, 'ORIGIN_NOT_ALLOWED']);
    const noOrigin = await asStaff(owner, 'POST', '/v1/admin/tickets', { body, origin: null });
    assert.equal(noOrigin.status, 403);
    assert.equal(await ticketCount(h.a.tenantId), before, 'nothing written');
    const ok = await asStaff(owner, 'POST', '/v1/admin/tickets', { body });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(await ticketCount(h.a.tenantId), before + 1);
  });

  it('a dispatcher does tickets but cannot manage API keys, staff or settings (403 ROLE_FORBIDDEN)', async () => {
    const invited = await asStaff(owner, 'POST', '/v1/admin/staff', {
      body: { email: 'dee@acme.example', role: 'dispatcher' },
    });
    assert.equal(invited.status, 201);
    const dee = await signInFromMail('dee@acme.example');
    const created = await asStaff(dee, 'POST', '/v1/admin/tickets', {
      body: sampleTicket(),
    });
    assert.equal(created.status, 201, 'positive control: day-to-day work');
    const profile = (await h.call('GET', '/v1/admin/profiles', { auth: h.a.apiKey })).body.items[0];
    const forbidden: [string, string, unknown?][] = [
      ['PUT', `/v1/admin/profiles/${profile.id}/logo`, {}],
      ['PATCH', `/v1/admin/profiles/${profile.id}`, { name: 'Renamed' }],
      ['POST', '/v1/admin/api-keys/rotate', { overlapHours: 0 }],
      ['GET', '/v1/admin/staff'],
      ['POST', '/v1/admin/staff', { email: 'x@acme.example', role: 'dispatcher' }],
      ['PATCH', `/v1/admin/staff/${ownerId}`, { role: 'dispatcher' }],
      ['DELETE', `/v1/admin/staff/${ownerId}`],
      ['PATCH', '/v1/admin/settings', { name: 'Hijacked' }],
      ['POST', '/v1/admin/session-keys/rotate', {}],
    ];
    for (const [method, path, body] of forbidden) {
      const res = await asStaff(dee, method, path, { body });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'ROLE_FORBIDDEN');
    }
    const settings = await h.call('GET', '/v1/admin/settings', { auth: h.a.apiKey });
    assert.equal(settings.body.name, 'Acme Printer Repair');
    assert.equal((await h.call('GET', '/v1/admin/staff', { auth: h.a.apiKey })).body.items.length, 3);
  });

  it('an admin cannot make owners; the last owner cannot remove or demote themselves (409 LAST_OWNER)', async () => {
    const kai = await signInFromMailAgain('kai@acme.example');
    const promote = await asStaff(kai, 'POST', '/v1/admin/staff', {
      body: { email: 'o2@acme.example', role: 'owner' },
    });
    assert.deepEqual([promote.status, promote.body.error.code], [403, 'ROLE_FORBIDDEN']);
    const remove = await asStaff(owner, 'DELETE', `/v1/admin/staff/${ownerId}`);
    assert.deepEqual([remove.status, remove.body.error.code], [409, 'LAST_OWNER']);
    const demote = await asStaff(owner, 'PATCH', `/v1/admin/staff/${ownerId}`, { body: { role: 'admin' } });
    assert.deepEqual([demote.status, demote.body.error.code], [409, 'LAST_OWNER']);
    const viaKey = await h.call('DELETE', `/v1/admin/staff/${ownerId}`, { auth: h.a.apiKey });
    assert.deepEqual([viaKey.status, viaKey.body.error.code], [409, 'LAST_OWNER'], 'not with the API key either');
    const unchanged = (await h.call('GET', '/v1/admin/staff', { auth: h.a.apiKey })).body.items;
    assert.equal(unchanged.find((s: { id: string }) => s.id === ownerId)?.role, 'owner', 'nothing changed');
    // Positive control: with a second owner, the first may step down.
    const staff = (await h.call('GET', '/v1/admin/staff', { auth: h.a.apiKey })).body.items;
    const kaiId = staff.find((s: { email: string }) => s.email === 'kai@acme.example').id;
    assert.equal((await asStaff(owner, 'PATCH', `/v1/admin/staff/${kaiId}`, { body: { role: 'owner' } })).status, 200);
    const stepDown = await asStaff(owner, 'PATCH', `/v1/admin/staff/${ownerId}`, { body: { role: 'admin' } });
    assert.equal(stepDown.status, 200);
    assert.equal(stepDown.body.role, 'admin');
    assert.equal(
      (await asStaff(owner, 'GET', '/v1/staff/session')).body.staff.role,
      'admin',
      'the role applies at once',
    );
  });

  it('another tenant’s staff and sessions are 404; a removed member’s session ends at once', async () => {
    await invite(h.b, 'gus@globex.example', 'owner');
    const gus = await signInFromMail('gus@globex.example');
    const aStaff = (await h.call('GET', '/v1/admin/staff', { auth: h.a.apiKey })).body.items;
    for (const [method, body] of [
      ['PATCH', { role: 'dispatcher' }],
      ['DELETE', undefined],
    ] as const) {
      const byKey = await h.call(method, `/v1/admin/staff/${ownerId}`, { auth: h.b.apiKey, body });
      assert.equal(byKey.status, 404);
      const byCookie = await asStaff(gus, method, `/v1/admin/staff/${ownerId}`, { body });
      assert.equal(byCookie.status, 404);
    }
    const foreignSession = await asStaff(owner, 'DELETE', `/v1/staff/sessions/${gus.sessionId}`);
    assert.equal(foreignSession.status, 404);
    assert.equal((await asStaff(gus, 'GET', '/v1/staff/session')).status, 200, 'B’s session still works');
    assert.deepEqual(
      (await h.call('GET', '/v1/admin/staff', { auth: h.a.apiKey })).body.items,
      aStaff,
      'nothing changed',
    );
    // A's cookie sees A's data only, even on B's origin list.
    assert.equal((await asStaff(gus, 'GET', '/v1/admin/staff')).body.items.length, 1);

    const dee = aStaff.find((s: { email: string }) => s.email === 'dee@acme.example');
    const deeSession = await signInFromMailAgain('dee@acme.example');
    assert.equal((await asStaff(deeSession, 'GET', '/v1/admin/tickets')).status, 200);
    assert.equal((await asStaff(owner, 'DELETE', `/v1/admin/staff/${dee.id}`)).status, 204);
    const after = await asStaff(deeSession, 'GET', '/v1/admin/tickets');
    assert.equal(after.status, 401);
  });

  it('own sessions: list, revoke another device, sign out; no cookie → 401, a forged one → 401 SESSION_INVALID', async () => {
    const second = await signInFromMailAgain('olga@acme.example');
    const listed = await asStaff(owner, 'GET', '/v1/staff/sessions');
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.items.map((s: { id: string; current: boolean }) => [s.id, s.current]),
      [
        [second.sessionId, false],
        [owner.sessionId, true],
      ],
    );
    assert.equal(
      (await asStaff(owner, 'DELETE', `/v1/staff/sessions/${second.sessionId}`, { csrf: null })).status,
      403,
    );
    assert.equal((await asStaff(second, 'GET', '/v1/staff/session')).status, 200, 'the refused revoke did nothing');
    assert.equal((await asStaff(owner, 'DELETE', `/v1/staff/sessions/${second.sessionId}`)).status, 204);
    assert.equal((await asStaff(second, 'GET', '/v1/staff/session')).status, 401);

    const out = await asStaff(owner, 'DELETE', '/v1/staff/session');
    assert.equal(out.status, 204);
    assert.ok(
      out.headers.getSetCookie().every((c) => /=;/.test(c) && /Expires=Thu, 01 Jan 1970/.test(c)),
      'cookies cleared',
    );
    assert.equal((await asStaff(owner, 'GET', '/v1/staff/session')).status, 401);
    const none = await h.call('GET', '/v1/staff/session');
    assert.deepEqual([none.status, none.body.error.code], [401, 'UNAUTHENTICATED']);
    const forged = await h.call('GET', '/v1/admin/tickets', {
      headers: { cookie: `__Host-porch_staff=${'A'.repeat(43)}` },
    });
    assert.deepEqual([forged.status, forged.body.error.code], [401, 'SESSION_INVALID']);
  });

  it('the maintenance sweep drops staff links and sessions a day after they expired, and only those', async () => {
    const count = async () =>
      (
        await h.db.sql<{ links: number; sessions: number }[]>`
        select (select count(*)::int from staff_links) as links, (select count(*)::int from staff_sessions) as sessions`
      )[0]!;
    const before = await count();
    assert.ok(before.links > 0 && before.sessions > 0);
    const sweep = (at: Date) => h.db.workers.withoutTenant((tx) => sweepTokens(tx, at));
    await sweep(new Date(h.clock.now().getTime() + 3_600_000));
    assert.deepEqual(await count(), before, 'positive control: nothing live or recent goes');
    await sweep(new Date(h.clock.now().getTime() + 5 * 86_400_000));
    assert.deepEqual(await count(), { links: 0, sessions: 0 });
  });

  it('“email me a sign-in link”: 202 for known and unknown addresses alike; only the known one gets a mail', async () => {
    const ask = (address: string) =>
      h.call('POST', '/v1/staff/sign-in/request', {
        body: { tenant: h.a.publicId, email: address },
        origin: CONSOLE,
        ip: nextIp(),
      });
    const known = await ask('OLGA@acme.example');
    const unknown = await ask('nobody@acme.example');
    const noTenant = await h.call('POST', '/v1/staff/sign-in/request', {
      body: { tenant: 't_nope', email: 'olga@acme.example' },
      ip: nextIp(),
    });
    for (const res of [known, unknown, noTenant])
      assert.deepEqual([res.status, res.body], [202, { status: 'accepted' }]);
    const before = mailsTo('olga@acme.example').length;
    await deliver();
    const mail = mailsTo('olga@acme.example').at(-1)!;
    assert.equal(mailsTo('olga@acme.example').length, before + 1);
    assert.equal(mail.subject, 'Your sign-in link for Acme Printer Repair');
    assert.match(mail.text, /It works once, for 15 minutes\./);
    assert.equal(mailsTo('nobody@acme.example').length, 0);
    const again = await ask('olga@acme.example');
    assert.equal(again.status, 202);
    await deliver();
    assert.equal(mailsTo('olga@acme.example').length, before + 1, 'one mail per address per minute');
  });
});

/** Asks for a fresh sign-in link by API (as an admin would re-invite) and follows it. */
async function signInFromMailAgain(address: string): Promise<Signed> {
  const [row] = await h.db.sql<
    { tenant_id: string; id: string }[]
  >`select tenant_id, id from staff where email = ${address}`;
  const { enqueueStaffMail, STAFF_SIGN_IN_TRIGGER } = await import('../db/staff');
  await withTenant(h.db.sql, row!.tenant_id, (tx) =>
    enqueueStaffMail(
      tx,
      row!.tenant_id,
      { id: row!.id, email: address },
      STAFF_SIGN_IN_TRIGGER,
      `${CONSOLE}/admin`,
      h.clock.now(),
    ),
  );
  return signInFromMail(address);
}

describe('staff cookies over plain http and behind a proxy', () => {
  const signInOn = async (app: ReturnType<typeof createApp>, address: string, headers: Record<string, string>) => {
    await invite(h.a, address, 'dispatcher');
    await deliver();
    const token = tokenIn(mailsTo(address).at(-1)!.text)!;
    const res = await app.request(
      '/v1/staff/session',
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ token }) },
      { incoming: { socket: { remoteAddress: nextIp() } } },
    );
    return { status: res.status, cookies: res.headers.getSetCookie() };
  };

  it('a sign-in request’s Host header never decides where the mailed link points (no link poisoning)', async () => {
    const ask = (app: ReturnType<typeof createApp>, address: string, host: string) =>
      app.request(
        '/v1/staff/sign-in/request',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', host },
          body: JSON.stringify({ tenant: h.a.publicId, email: address }),
        },
        { incoming: { socket: { remoteAddress: nextIp() } } },
      );
    await invite(h.a, 'poison1@acme.example', 'dispatcher');
    await invite(h.a, 'poison2@acme.example', 'dispatcher');
    await invite(h.a, 'poison3@acme.example', 'dispatcher');
    await deliver();
    const direct = createApp({ sql: h.db.appSql, clock: h.clock, secretBox: TEST_SECRET_BOX });
    // With PUBLIC_URL (the harness's app): the link points there whatever Host says.
    assert.equal((await ask(h.app, 'poison1@acme.example', 'evil.example')).status, 202);
    // Without PUBLIC_URL: a foreign host gets the same answer and no mail; a loopback host (development) gets one.
    assert.equal((await ask(direct, 'poison2@acme.example', 'evil.example')).status, 202);
    assert.equal((await ask(direct, 'poison3@acme.example', 'localhost:8787')).status, 202);
    await deliver();
    const last = (to: string) => mailsTo(to).at(-1)!.text;
    assert.match(last('poison1@acme.example'), /https:\/\/porch\.example\/admin#porch-staff=/);
    assert.equal(mailsTo('poison2@acme.example').length, 1, 'only the invite');
    assert.match(last('poison3@acme.example'), /http:\/\/localhost:8787\/admin#porch-staff=/);
    assert.ok(!smtp.mails.some((m) => m.text.includes('evil.example')));
  });

  it('http: no Secure and no __Host- prefix; X-Forwarded-Proto counts only with TRUST_PROXY', async () => {
    const direct = createApp({ sql: h.db.appSql, clock: h.clock, secretBox: TEST_SECRET_BOX });
    const plain = await signInOn(direct, 'http1@acme.example', { origin: 'http://localhost' });
    assert.equal(plain.status, 200);
    assert.match(
      plain.cookies[0]!,
      /^porch_staff=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/,
    );
    // A client claiming https without a trusted proxy changes nothing: the cookie stays as the connection is.
    const spoofed = await signInOn(direct, 'http2@acme.example', {
      origin: 'http://localhost',
      'x-forwarded-proto': 'https',
    });
    assert.match(spoofed.cookies[0]!, /^porch_staff=/);
    const proxied = createApp({ sql: h.db.appSql, clock: h.clock, secretBox: TEST_SECRET_BOX, trustProxy: 1 });
    const behind = await signInOn(proxied, 'http3@acme.example', {
      origin: 'https://localhost',
      'x-forwarded-proto': 'https',
    });
    assert.equal(behind.status, 200);
    assert.match(
      behind.cookies[0]!,
      /^__Host-porch_staff=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Strict$/,
    );
  });
});
