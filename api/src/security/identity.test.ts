/**
 * Company-minted identity: a tenant registers its JWKS URL (served here by a real local HTTP server that counts
 * every request) and mints JWTs for its logged-in customers. Forged tokens of every known kind are rejected with
 * IDENTITY_INVALID, and none of them makes the API fetch anything: no request reaches the attacker's key server,
 * and the registered JWKS is fetched once and then cached.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  base64url,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type GenerateKeyPairResult,
  type JWK,
  type JWTPayload,
} from 'jose';
import { sampleTicket, startHarness, type Harness, type TestTenant } from '../testing/harness';

let h: Harness;
let server: Server;
let base: string;
const hits: Record<string, number> = {};
const ISSUER = 'https://login.acme.example';
const AUDIENCE = 'porchlight:acme';

let company: GenerateKeyPairResult;
let attacker: GenerateKeyPairResult;
let companyJwk: JWK;
let attackerJwk: JWK;
let ticket: { id: string };

before(async () => {
  // The JWKS is served from 127.0.0.1 over http: allowed only through the test-only escape hatch.
  h = await startHarness({ app: { outbound: { allowLoopbackForTests: true } } });
  company = await generateKeyPair('RS256', { extractable: true });
  attacker = await generateKeyPair('RS256', { extractable: true });
  companyJwk = { ...(await exportJWK(company.publicKey)), kid: 'company-1', alg: 'RS256', use: 'sig' };
  attackerJwk = { ...(await exportJWK(attacker.publicKey)), kid: 'company-1', alg: 'RS256', use: 'sig' };
  server = createServer((req, res) => {
    hits[req.url!] = (hits[req.url!] ?? 0) + 1;
    if (req.url === '/slow.json') return; // never answers: the API must give up on its own
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [req.url === '/jwks.json' ? companyJwk : attackerJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const registered = await h.call('POST', '/v1/admin/identity-keys', {
    auth: h.a.apiKey,
    body: { issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'], jwksUrl: `${base}/jwks.json` },
  });
  assert.equal(registered.status, 201);
  ticket = await h.createTicket(h.a, { customer: { ...sampleTicket().customer, externalRef: 'crm-42' } });
});
after(async () => {
  server.closeAllConnections();
  server.close();
  await h.close();
});

const now = () => Math.floor(h.clock.now().getTime() / 1000);
const claims = (extra: JWTPayload = {}): JWTPayload => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'crm-42',
  iat: now(),
  exp: now() + 300,
  ...extra,
});
const mint = (
  payload: JWTPayload = claims(),
  header: Record<string, unknown> = {},
  key: Parameters<SignJWT['sign']>[0] = company.privateKey,
) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'company-1', ...header } as never).sign(key);
const exchange = (assertion: string, tenant: TestTenant = h.a) =>
  h.call('POST', '/v1/portal/session', { body: { assertion, tenant: tenant.publicId }, origin: tenant.origin });

describe('company-minted identity', () => {
  it('a valid assertion opens a customer-wide session; the registered JWKS is fetched once and cached', async () => {
    const first = await exchange(await mint());
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.scopes, ['track', 'book', 'feedback', 'invoices', 'pay', 'requests', 'comments']);
    const read = await h.call('GET', `/v1/portal/tickets/${ticket.id}`, {
      auth: first.body.session,
      origin: h.a.origin,
    });
    assert.equal(read.status, 200);
    const me = await h.call('GET', '/v1/portal/me', { auth: first.body.session });
    assert.equal(me.body.customer.name, 'Dana Miller');

    const narrowed = await exchange(await mint(claims({ scope: 'track invoices' })));
    assert.deepEqual(narrowed.body.scopes, ['track', 'invoices']);
    assert.equal(hits['/jwks.json'], 1);
  });

  it('rejects every forged assertion with 401 IDENTITY_INVALID and fetches nothing for any of them', async () => {
    const fetchedBefore = hits['/jwks.json'] ?? 0;
    const spki = new TextEncoder().encode(await exportSPKI(company.publicKey));
    const jwkBytes = new TextEncoder().encode(JSON.stringify(companyJwk));
    const payload = base64url.encode(JSON.stringify(claims()));
    const forged: Record<string, string> = {
      'alg none': `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`,
      'HS256 keyed with the public key (PEM)': await new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', kid: 'company-1' })
        .sign(spki),
      'HS256 keyed with the public key (JWK)': await new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', kid: 'company-1' })
        .sign(jwkBytes),
      'kid pointing elsewhere': await mint(claims(), { kid: `${base}/evil.json` }, attacker.privateKey),
      'signed by another key with the same kid': await mint(claims(), {}, attacker.privateKey),
      'jku header': await mint(claims(), { jku: `${base}/evil.json` }, attacker.privateKey),
      'embedded jwk header': await mint(claims(), { jwk: attackerJwk }, attacker.privateKey),
      'x5u header': await mint(claims(), { x5u: `${base}/evil.pem` }, attacker.privateKey),
      expired: await mint(claims({ iat: now() - 600, exp: now() - 1 })),
      'nbf in the future': await mint(claims({ nbf: now() + 120 })),
      'wrong aud': await mint(claims({ aud: 'someone-else' })),
      'wrong iss': await mint(claims({ iss: 'https://login.evil.test' })),
      'no exp': await new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'crm-42' })
        .setProtectedHeader({ alg: 'RS256', kid: 'company-1' })
        .sign(company.privateKey),
      'lives for a day': await mint(claims({ exp: now() + 86_400 })),
      'unknown customer': await mint(claims({ sub: 'crm-nobody' })),
      'unknown scope': await mint(claims({ scope: 'track admin' })),
      'not a JWT': 'garbage',
    };
    for (const [name, assertion] of Object.entries(forged)) {
      const res = await exchange(assertion);
      assert.equal(res.status, 401, name);
      assert.equal(res.body.error.code, 'IDENTITY_INVALID', name);
      assert.ok(!('session' in res.body), name);
    }
    assert.equal(hits['/evil.json'] ?? 0, 0, 'no request to a URL named by a token');
    assert.equal(hits['/evil.pem'] ?? 0, 0);
    assert.equal(hits['/jwks.json'] ?? 0, fetchedBefore, 'the registered JWKS stayed cached');
  });

  it('another tenant: tenant A’s assertion is refused for tenant B, and B’s own keys do not open A', async () => {
    const forB = await exchange(await mint(), h.b);
    assert.equal(forB.status, 401);
    assert.equal(forB.body.error.code, 'IDENTITY_INVALID');

    const bKeys = await generateKeyPair('EdDSA', { extractable: true });
    const registered = await h.call('POST', '/v1/admin/identity-keys', {
      auth: h.b.apiKey,
      body: {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['EdDSA'],
        jwks: { keys: [{ ...(await exportJWK(bKeys.publicKey)), kid: 'b-1' }] },
      },
    });
    assert.equal(registered.status, 201);
    await h.createTicket(h.b, { customer: { ...sampleTicket().customer, externalRef: 'crm-42' } });
    const bToken = await new SignJWT(claims()).setProtectedHeader({ alg: 'EdDSA', kid: 'b-1' }).sign(bKeys.privateKey);
    const own = await exchange(bToken, h.b);
    assert.equal(own.status, 200, 'registered public keys (no URL) work');
    const crossed = await exchange(bToken, h.a);
    assert.equal(crossed.status, 401);
    assert.equal(crossed.body.error.code, 'IDENTITY_INVALID');
    const cross = await h.call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: own.body.session });
    assert.equal(cross.status, 404, 'B’s customer crm-42 is not A’s customer crm-42');
  });

  it('a session without the route’s scope gets 403 SCOPE_REQUIRED', async () => {
    const res = await exchange(await mint(claims({ scope: 'invoices' })));
    assert.equal(res.status, 200);
    const read = await h.call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: res.body.session });
    assert.equal(read.status, 403);
    assert.equal(read.body.error.code, 'SCOPE_REQUIRED');
  });

  it('gives up on a JWKS URL that does not answer (timeout) with IDENTITY_INVALID', async () => {
    const issuer = 'https://slow.acme.example';
    await h.call('POST', '/v1/admin/identity-keys', {
      auth: h.a.apiKey,
      body: { issuer, audience: AUDIENCE, algorithms: ['RS256'], jwksUrl: `${base}/slow.json` },
    });
    const res = await exchange(await mint(claims({ iss: issuer })));
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'IDENTITY_INVALID');
    assert.equal(hits['/slow.json'], 1);
  });

  it('refuses an unknown tenant and malformed bodies', async () => {
    const unknown = await h.call('POST', '/v1/portal/session', {
      body: { assertion: await mint(), tenant: 't_nobody' },
    });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.error.code, 'IDENTITY_INVALID');
    for (const body of [{ assertion: 'x' }, { assertion: 'x', tenant: 'y', token: 'z' }, {}]) {
      const res = await h.call('POST', '/v1/portal/session', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
  });
});
