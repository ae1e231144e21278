/**
 * Token rules (issue 14.5, 16.1, 16.5): identity scopes and replay, session chains with an absolute lifetime,
 * revocable links whose sessions end, sign-out, remembered devices with rotating refresh tokens, and session
 * secrets sealed at rest.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type GenerateKeyPairResult, type JWTPayload } from 'jose';
import { createApp } from '../app';
import { withTenant } from '../db/client';
import { sealAllSessionKeys } from '../db/session-keys';
import { readEnv } from '../env';
import { SecretBox } from '../lib/secret-box';
import { secretBoxFor } from '../secret-key';
import { startApiServer } from '../server';
import { sampleTicket, startHarness, type Harness } from '../testing/harness';
import { TEST_SECRET_BOX } from '../testing/secret';

let h: Harness;
let company: GenerateKeyPairResult;
const ISSUER = 'https://login.acme.example';
const AUDIENCE = 'porchlight:acme';
let ticket: { id: string; customer: { id: string } };

before(async () => {
  h = await startHarness();
  company = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(company.publicKey)), kid: 'c1', alg: 'ES256' };
  const registered = await h.call('POST', '/v1/admin/identity-keys', {
    auth: h.a.apiKey,
    body: { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'], jwks: { keys: [jwk] } },
  });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  ticket = await h.createTicket(h.a, { customer: { ...sampleTicket().customer, externalRef: 'crm-7' } });
});
after(() => h.close());

const HOUR = 3_600_000;
const MINUTE = 60_000;
const nowSeconds = () => Math.floor(h.clock.now().getTime() / 1000);
const mint = (extra: JWTPayload = {}) =>
  new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'crm-7', iat: nowSeconds(), exp: nowSeconds() + 300, ...extra })
    .setProtectedHeader({ alg: 'ES256', kid: 'c1' })
    .sign(company.privateKey);
const exchange = async (assertion: string, extra: Record<string, unknown> = {}) =>
  h.call('POST', '/v1/portal/session', { body: { assertion, tenant: h.a.publicId, ...extra }, origin: h.a.origin });
const redeem = (token: string, extra: Record<string, unknown> = {}) =>
  h.call('POST', '/v1/portal/session', { body: { token, ...extra }, origin: h.a.origin });
const me = (session: string) => h.call('GET', '/v1/portal/me', { auth: session, origin: h.a.origin });
const loginLink = async () =>
  (await h.call('POST', `/v1/admin/customers/${ticket.customer.id}/login-links`, { auth: h.a.apiKey })).body
    .token as string;

describe('identity assertions', () => {
  beforeEach(() =>
    h.call('PATCH', '/v1/admin/settings', {
      auth: h.a.apiKey,
      body: { customerScopes: ['track', 'book', 'comments'] },
    }),
  );

  it('scope must be a space-separated string: an array, a number or an unknown name answers 401 IDENTITY_INVALID', async () => {
    for (const scope of [['track', 'book'], 42, 'track bogus', '']) {
      const res = await exchange(await mint({ scope }));
      assert.equal(res.status, 401, JSON.stringify(scope));
      assert.equal(res.body.error.code, 'IDENTITY_INVALID');
    }
    // Positive control: the same assertion with a string scope opens a session.
    assert.equal((await exchange(await mint({ scope: 'track' }))).status, 200);
  });

  it('the session gets at most the intersection of the asked scopes and the tenant’s customer scopes', async () => {
    const asked = await exchange(await mint({ scope: 'track pay comments' }));
    assert.equal(asked.status, 200);
    assert.deepEqual(asked.body.scopes.sort(), ['comments', 'track']);
    const none = await exchange(await mint());
    assert.deepEqual(none.body.scopes.sort(), ['book', 'comments', 'track']);
  });

  it('an iat more than 60 s ahead is refused; within the skew it is accepted', async () => {
    const future = await exchange(await mint({ iat: nowSeconds() + 120 }));
    assert.equal(future.status, 401);
    assert.match(future.body.error.message, /future/);
    assert.equal((await exchange(await mint({ iat: nowSeconds() + 30 }))).status, 200);
  });

  it('a jti is accepted once while the assertion lives: a replay answers 401, in another process too', async () => {
    const jti = `jti-${randomBytes(6).toString('hex')}`;
    const assertion = await mint({ jti });
    assert.equal((await exchange(assertion)).status, 200);
    const replay = await exchange(assertion);
    assert.equal(replay.status, 401);
    assert.match(replay.body.error.message, /replayed/);
    const other = createApp({ sql: h.db.sql, clock: h.clock, secretBox: TEST_SECRET_BOX });
    const elsewhere = await other.request('/v1/portal/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: h.a.origin },
      body: JSON.stringify({ assertion, tenant: h.a.publicId }),
    });
    assert.equal(elsewhere.status, 401);
    assert.equal((await exchange(await mint({ jti: `${jti}-2` }))).status, 200);
  });
});

describe('session chains', () => {
  it('renewing keeps the chain alive in 30-minute steps and ends 12 hours after the link was opened', async () => {
    const { token } = await h.linkFor(h.a, ticket.id);
    const opened = h.clock.now().getTime();
    let session = (await redeem(token)).body.session as string;
    let latest = 0;
    let refused: { status: number; body: any } | undefined;
    for (let step = 0; step < 40 && !refused; step++) {
      h.clock.advance(25 * MINUTE);
      const renewed = await h.call('POST', '/v1/portal/session/renew', { auth: session, body: {}, origin: h.a.origin });
      if (renewed.status === 200) {
        session = renewed.body.session;
        latest = Date.parse(renewed.body.expiresAt);
      } else refused = renewed;
    }
    assert.equal(latest, opened + 12 * HOUR, 'the last renewal ends exactly at the absolute lifetime');
    assert.equal(refused?.status, 401);
    assert.equal((await me(session)).status, 401, 'and nothing lives past it');
  });

  it('sign-out ends the session and its renewals server-side: 401 SESSION_REVOKED', async () => {
    const session = await h.sessionFor(h.a, ticket.id);
    const renewed = (await h.call('POST', '/v1/portal/session/renew', { auth: session, body: {}, origin: h.a.origin }))
      .body.session;
    const other = await h.sessionFor(h.a, ticket.id);
    assert.equal((await me(session)).status, 200);
    const out = await h.call('POST', '/v1/portal/session/sign-out', { auth: session, body: {}, origin: h.a.origin });
    assert.equal(out.status, 204);
    for (const gone of [session, renewed]) {
      const res = await me(gone);
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'SESSION_REVOKED');
    }
    assert.equal((await me(other)).status, 200, 'another session of the same link lives on');
  });
});

describe('revoking links', () => {
  it('the company lists and revokes a ticket link; its sessions end at once here and in a fresh process', async () => {
    const link = await h.linkFor(h.a, ticket.id);
    const keep = await h.linkFor(h.a, ticket.id);
    const session = (await redeem(link.token)).body.session;
    const kept = (await redeem(keep.token)).body.session;
    const other = createApp({ sql: h.db.sql, clock: h.clock, secretBox: TEST_SECRET_BOX });
    const meThere = (s: string) =>
      other.request('/v1/portal/me', { headers: { authorization: `Bearer ${s}`, origin: h.a.origin } });
    assert.equal((await meThere(session)).status, 200);

    const listed = await h.call('GET', `/v1/admin/tickets/${ticket.id}/links`, { auth: h.a.apiKey });
    assert.equal(listed.status, 200);
    assert.ok(listed.body.items.some((item: { id: string }) => item.id === link.id));
    assert.ok(!JSON.stringify(listed.body).includes(link.token));
    const revoked = await h.call('DELETE', `/v1/admin/tickets/${ticket.id}/links/${link.id}`, { auth: h.a.apiKey });
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.revokedAt);

    assert.equal((await me(session)).body.error.code, 'SESSION_REVOKED');
    // The other app cached "nothing revoked" a moment ago; a process started now sees the revocation at once.
    const fresh = createApp({ sql: h.db.sql, clock: h.clock, secretBox: TEST_SECRET_BOX });
    const there = await fresh.request('/v1/portal/me', {
      headers: { authorization: `Bearer ${session}`, origin: h.a.origin },
    });
    assert.equal(there.status, 401);
    assert.equal((await redeem(link.token)).status, 410);
    assert.equal((await me(kept)).status, 200, 'a session of another link is untouched');
    // Another tenant's key cannot see or revoke it.
    const foreign = await h.call('DELETE', `/v1/admin/tickets/${ticket.id}/links/${keep.id}`, { auth: h.b.apiKey });
    assert.equal(foreign.status, 404);
  });

  it('a customer revoking a share link ends the shared view’s session', async () => {
    const session = await h.sessionFor(h.a, ticket.id);
    const share = (
      await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, {
        auth: session,
        body: {},
        origin: h.a.origin,
      })
    ).body;
    const shared = (await redeem(share.token)).body.session;
    assert.equal((await me(shared)).status, 200);
    await h.call('DELETE', `/v1/portal/tickets/${ticket.id}/share-links/${share.id}`, {
      auth: session,
      origin: h.a.origin,
    });
    assert.equal((await me(shared)).body.error.code, 'SESSION_REVOKED');
  });
});

describe('remembered devices', () => {
  it('a refresh token rotates; reusing an old one signs the device out with every session it made', async () => {
    const first = await redeem(await loginLink(), { remember: true });
    assert.equal(first.status, 200);
    assert.ok(first.body.refreshToken);
    const refresh = (refreshToken: string) =>
      h.call('POST', '/v1/portal/session/refresh', { body: { refreshToken }, origin: h.a.origin });
    const second = await refresh(first.body.refreshToken);
    assert.equal(second.status, 200);
    assert.notEqual(second.body.refreshToken, first.body.refreshToken);
    assert.equal((await me(second.body.session)).status, 200);

    const devices = await h.call('GET', '/v1/portal/devices', { auth: second.body.session, origin: h.a.origin });
    assert.equal(devices.body.items.length >= 1, true);

    const reused = await refresh(first.body.refreshToken);
    assert.equal(reused.status, 401);
    assert.equal(reused.body.error.code, 'REFRESH_INVALID');
    assert.equal((await refresh(second.body.refreshToken)).status, 401, 'the newest token of the family is dead too');
    assert.equal((await me(second.body.session)).body.error.code, 'SESSION_REVOKED');
    assert.equal((await me(first.body.session)).body.error.code, 'SESSION_REVOKED');
  });

  it('a customer-wide session opts in later by renewing with remember; the device then refreshes', async () => {
    const session = (await redeem(await loginLink())).body.session;
    const kept = await h.call('POST', '/v1/portal/session/renew', {
      auth: session,
      body: { remember: true },
      origin: h.a.origin,
    });
    assert.equal(kept.status, 200);
    assert.ok(kept.body.refreshToken);
    const refreshed = await h.call('POST', '/v1/portal/session/refresh', {
      body: { refreshToken: kept.body.refreshToken },
      origin: h.a.origin,
    });
    assert.equal(refreshed.status, 200);
    const ticketSession = await h.sessionFor(h.a, ticket.id);
    const notKept = await h.call('POST', '/v1/portal/session/renew', {
      auth: ticketSession,
      body: { remember: true },
      origin: h.a.origin,
    });
    assert.equal(notKept.status, 200);
    assert.equal(notKept.body.refreshToken, undefined, 'a ticket link is never remembered');
  });

  it('without opting in nothing is remembered; a ticket link never gets a refresh token', async () => {
    assert.equal((await redeem(await loginLink())).body.refreshToken, undefined);
    const { token } = await h.linkFor(h.a, ticket.id);
    assert.equal((await redeem(token, { remember: true })).body.refreshToken, undefined);
  });

  it('the customer and the company list and sign out devices; refresh then fails', async () => {
    h.clock.advance(1000); // the newest device, listed first
    const opened = (await redeem(await loginLink(), { remember: true })).body;
    const listed = await h.call('GET', `/v1/admin/customers/${ticket.customer.id}/devices`, { auth: h.a.apiKey });
    const device = listed.body.items[0];
    assert.ok(device);
    const foreign = await h.call('GET', `/v1/admin/customers/${ticket.customer.id}/devices`, { auth: h.b.apiKey });
    assert.equal(foreign.status, 404, 'another tenant’s customer is not found');
    const gone = await h.call('DELETE', `/v1/admin/customers/${ticket.customer.id}/devices/${device.id}`, {
      auth: h.a.apiKey,
    });
    assert.equal(gone.status, 204);
    const refused = await h.call('POST', '/v1/portal/session/refresh', {
      body: { refreshToken: opened.refreshToken },
      origin: h.a.origin,
    });
    assert.equal(refused.status, 401);

    h.clock.advance(1000);
    const mine = (await redeem(await loginLink(), { remember: true })).body;
    const own = await h.call('GET', '/v1/portal/devices', { auth: mine.session, origin: h.a.origin });
    const signOut = await h.call('DELETE', `/v1/portal/devices/${own.body.items[0].id}`, {
      auth: mine.session,
      origin: h.a.origin,
    });
    assert.equal(signOut.status, 204);
    assert.equal((await me(mine.session)).body.error.code, 'SESSION_REVOKED');
  });

  it('sign out everywhere signs out every remembered device of the customer', async () => {
    const one = (await redeem(await loginLink(), { remember: true })).body;
    const two = (await redeem(await loginLink(), { remember: true })).body;
    const out = await h.call('POST', '/v1/portal/session/sign-out', {
      auth: one.session,
      body: { everywhere: true },
      origin: h.a.origin,
    });
    assert.equal(out.status, 204);
    assert.equal((await me(two.session)).body.error.code, 'SESSION_REVOKED');
    const refused = await h.call('POST', '/v1/portal/session/refresh', {
      body: { refreshToken: two.refreshToken },
      origin: h.a.origin,
    });
    assert.equal(refused.status, 401);
  });

  it('sign out everywhere also ends plain login-link sessions in other browsers, not a sign-in after it', async () => {
    const here = (await redeem(await loginLink())).body.session;
    const elsewhere = (await redeem(await loginLink())).body.session;
    const { token } = await h.linkFor(h.a, ticket.id);
    const ticketView = (await redeem(token)).body.session;
    const shared = await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, {
      auth: ticketView,
      body: {},
      origin: h.a.origin,
    });
    const thirdParty = (await redeem(shared.body.token)).body.session;
    assert.equal((await me(elsewhere)).status, 200, 'positive control: the other browser is signed in');
    h.clock.advance(1);
    const out = await h.call('POST', '/v1/portal/session/sign-out', {
      auth: here,
      body: { everywhere: true },
      origin: h.a.origin,
    });
    assert.equal(out.status, 204);
    assert.equal((await me(elsewhere)).body.error.code, 'SESSION_REVOKED', 'the other browser');
    assert.equal((await me(ticketView)).body.error.code, 'SESSION_REVOKED', 'the customer’s ticket link too');
    assert.equal((await me(thirdParty)).status, 200, 'a shared view is not the customer’s to end');
    const renewed = await h.call('POST', '/v1/portal/session/renew', { auth: elsewhere, origin: h.a.origin });
    assert.equal(renewed.status, 401, 'nor can it be renewed');
    h.clock.advance(1);
    const again = (await redeem(await loginLink())).body.session;
    assert.equal((await me(again)).status, 200, 'signing in again afterwards works');
  });

  it('a refresh token from another tenant’s page is refused by origin; junk answers 401 REFRESH_INVALID', async () => {
    const opened = (await redeem(await loginLink(), { remember: true })).body;
    const foreign = await h.call('POST', '/v1/portal/session/refresh', {
      body: { refreshToken: opened.refreshToken },
      origin: h.b.origin,
    });
    assert.equal(foreign.status, 403);
    const junk = await h.call('POST', '/v1/portal/session/refresh', {
      body: { refreshToken: 'x'.repeat(43) },
      origin: h.a.origin,
    });
    assert.equal(junk.status, 401);
    assert.equal(junk.body.error.code, 'REFRESH_INVALID');
  });
});

describe('session secrets at rest', () => {
  it('no session_keys row holds the secret that signs sessions; the sealing key opens them', async () => {
    const session = await h.sessionFor(h.a, ticket.id);
    const rows = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx<{ kid: string; secret: Buffer; sealed: boolean }[]>`
      select kid, secret, sealed from session_keys`,
    );
    assert.ok(rows.length > 0);
    for (const row of rows) {
      assert.equal(row.sealed, true);
      await assert.rejects(jwtVerify(session, row.secret, { currentDate: h.clock.now() }));
    }
    const opened = TEST_SECRET_BOX.open(rows[0]!.secret, `session-key ${h.a.tenantId} ${rows[0]!.kid}`);
    await jwtVerify(session, opened, { currentDate: h.clock.now() });
  });

  it('plaintext rows from before are sealed at start; a wrong key fails with a clear message', async () => {
    const plain = randomBytes(32);
    await withTenant(
      h.db.sql,
      h.b.tenantId,
      (tx) => tx`
      insert into session_keys (tenant_id, kid, secret, retired_at) values (${h.b.tenantId}, 'legacy-kid', ${plain}, now())`,
    );
    await assert.rejects(sealAllSessionKeys(h.db.sql, new SecretBox(randomBytes(32))), /PORCHLIGHT_SECRET_KEY/);
    assert.ok((await sealAllSessionKeys(h.db.sql, TEST_SECRET_BOX)) >= 1);
    const [row] = await withTenant(
      h.db.sql,
      h.b.tenantId,
      (tx) => tx<{ secret: Buffer; sealed: boolean }[]>`
      select secret, sealed from session_keys where kid = 'legacy-kid'`,
    );
    assert.equal(row!.sealed, true);
    assert.equal(row!.secret.includes(plain), false);
    assert.deepEqual(TEST_SECRET_BOX.open(row!.secret, `session-key ${h.b.tenantId} legacy-kid`), plain);
  });

  it('PostgreSQL without PORCHLIGHT_SECRET_KEY stops the server before it opens the database, with a clear message', async () => {
    const postgres = { DATABASE_URL: 'postgres://x@127.0.0.1:1/y', PORT: '0', LOG_LEVEL: 'silent' };
    await assert.rejects(startApiServer(readEnv(postgres)), /PORCHLIGHT_SECRET_KEY: required with DATABASE_URL/);
    assert.throws(() => readEnv({ ...postgres, PORCHLIGHT_SECRET_KEY: 'short' }), /32 bytes/);
    const key = randomBytes(32).toString('base64');
    const box = await secretBoxFor(readEnv({ ...postgres, PORCHLIGHT_SECRET_KEY: key }));
    assert.deepEqual(box.open(box.seal(Buffer.from('x'), 'c'), 'c'), Buffer.from('x'));
  });
});
