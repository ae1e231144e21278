/**
 * SSRF: a tenant-supplied JWKS URL never makes the server connect to loopback, private, link-local (metadata) or
 * other internal addresses — refused when registered (400 URL_NOT_ALLOWED) and again at connect time, where a name
 * that resolves (or rebinds) to such an address is refused inside the socket's own lookup. A local listener counts
 * every connection; the positive controls show the same listener IS reached when the guard lets it.
 */
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type LookupFunction, type Server } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { generateKeyPair, SignJWT } from 'jose';
import { withTenant } from '../db/client';
import { saveIdentityKey } from '../db/identity-keys';
import { GuardedFetch, refusedRange } from '../lib/guarded-fetch';
import { startHarness, type Harness } from '../testing/harness';

const PUBLIC = '93.184.215.14';
const AUDIENCE = 'porchlight:acme';
let h: Harness;
let listener: Server;
let port: number;
let connections = 0;
const lookups: string[] = [];
/** Names that resolve to public first and loopback from then on (a TTL-0 rebinding record). */
const rebinding = new Map<string, number>();

/** A resolver the test controls: `*.loopback.test` → 127.0.0.1, `mixed.test` → public + loopback, rebinding names. */
const resolver: LookupFunction = (hostname, options, callback) => {
  lookups.push(hostname);
  let addresses: LookupAddress[];
  if (rebinding.has(hostname)) {
    const calls = rebinding.get(hostname)!;
    rebinding.set(hostname, calls + 1);
    addresses = [{ address: calls === 0 ? PUBLIC : '127.0.0.1', family: 4 }];
  } else if (hostname === 'mixed.test') {
    addresses = [
      { address: PUBLIC, family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
  } else if (hostname.endsWith('loopback.test')) addresses = [{ address: '127.0.0.1', family: 4 }];
  else if (hostname === 'private.test') addresses = [{ address: '10.1.2.3', family: 4 }];
  else if (hostname === 'metadata.test') addresses = [{ address: '169.254.169.254', family: 4 }];
  else return callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
  if (options.all) callback(null, addresses);
  else callback(null, addresses[0]!.address, addresses[0]!.family);
};

before(async () => {
  h = await startHarness({ app: { outbound: { lookup: resolver } } });
  listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as AddressInfo).port;
});
afterEach(() => {
  connections = 0;
  lookups.length = 0;
  rebinding.clear();
});
after(async () => {
  await new Promise((resolve) => listener.close(resolve));
  await h.close();
});

const register = (jwksUrl: string, issuer = `https://issuer-${Math.random()}.example`) =>
  h.call('POST', '/v1/admin/identity-keys', {
    auth: h.a.apiKey,
    body: { issuer, audience: AUDIENCE, algorithms: ['RS256'], jwksUrl },
  });

/** Registers as a row saved before the checks existed would be, then redeems an assertion naming its issuer. */
async function redeemAgainst(jwksUrl: string) {
  const issuer = `https://issuer-${Math.random()}.example`;
  await withTenant(h.db.sql, h.a.tenantId, (tx) =>
    saveIdentityKey(tx, h.a.tenantId, { issuer, audience: AUDIENCE, algorithms: ['RS256'], jwksUrl }, h.clock.now()),
  );
  const { privateKey } = await generateKeyPair('RS256');
  const now = Math.floor(h.clock.now().getTime() / 1000);
  const assertion = await new SignJWT({ iss: issuer, aud: AUDIENCE, sub: 'crm-1', iat: now, exp: now + 300 })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .sign(privateKey);
  return h.call('POST', '/v1/portal/session', { body: { assertion, tenant: h.a.publicId }, origin: h.a.origin });
}

describe('registering a JWKS URL', () => {
  it('refuses http, local names and IP literals in internal ranges with 400 URL_NOT_ALLOWED, saving nothing', async () => {
    const before = (await h.call('GET', '/v1/admin/identity-keys', { auth: h.a.apiKey })).body.items.length;
    for (const url of [
      `http://login.acme.example/jwks.json`,
      `https://127.0.0.1:${port}/jwks.json`,
      `https://localhost:${port}/jwks.json`,
      `https://[::1]:${port}/jwks.json`,
      'https://10.0.0.8/jwks.json',
      'https://192.168.1.1/jwks.json',
      'https://172.16.0.1/jwks.json',
      'https://169.254.169.254/latest/meta-data/',
      'https://100.100.100.200/jwks.json',
      'https://0.0.0.0/jwks.json',
      'https://[::ffff:127.0.0.1]/jwks.json',
      'https://[fd00:ec2::254]/jwks.json',
      'https://[fe80::1]/jwks.json',
      'https://224.0.0.1/jwks.json',
      'https://user:pass@login.acme.example/jwks.json',
    ]) {
      const res = await register(url);
      assert.equal(res.status, 400, url);
      assert.equal(res.body.error.code, 'URL_NOT_ALLOWED', url);
      assert.equal(res.body.error.issues[0].path, 'json.jwksUrl');
    }
    const afterwards = (await h.call('GET', '/v1/admin/identity-keys', { auth: h.a.apiKey })).body.items.length;
    assert.equal(afterwards, before);
    assert.equal(connections, 0);
  });

  it('accepts an https URL on a public name (positive control)', async () => {
    const res = await register('https://login.acme.example/.well-known/jwks.json');
    assert.equal(res.status, 201);
  });
});

describe('fetching a registered JWKS', () => {
  it('refuses loopback, private and metadata addresses, by literal or by name: 401, 0 connections', async () => {
    for (const url of [
      `https://127.0.0.1:${port}/jwks.json`,
      `http://127.0.0.1:${port}/jwks.json`,
      `https://loopback.test:${port}/jwks.json`,
      `https://private.test:${port}/jwks.json`,
      `https://metadata.test:${port}/jwks.json`,
      `https://mixed.test:${port}/jwks.json`,
    ]) {
      const res = await redeemAgainst(url);
      assert.equal(res.status, 401, url);
      assert.equal(res.body.error.code, 'IDENTITY_INVALID');
    }
    assert.deepEqual(lookups, ['loopback.test', 'private.test', 'metadata.test', 'mixed.test'], 'names were resolved');
    assert.equal(connections, 0);
  });

  it('refuses a name that rebinds to loopback after answering public to an earlier check', async () => {
    rebinding.set('rebind.test', 0);
    // Whatever checked the name before (a validator, a proxy, a cache) saw a public address…
    const checked = await new Promise<string>((resolve) =>
      resolver('rebind.test', {}, (_, address) => resolve(address as string)),
    );
    assert.equal(checked, PUBLIC);
    // …but the connection's own lookup is the one that counts.
    const res = await redeemAgainst(`https://rebind.test:${port}/jwks.json`);
    assert.equal(res.status, 401);
    assert.equal(rebinding.get('rebind.test'), 2, 'the connection looked the name up itself');
    assert.equal(connections, 0);
  });

  it('positive control: the same resolver and listener are reached when loopback is allowed (tests only)', async () => {
    const open = new GuardedFetch({ lookup: resolver, allowLoopbackForTests: true });
    await assert.rejects(open.fetch(`https://loopback.test:${port}/jwks.json`, { timeoutMs: 2_000, maxBytes: 1024 }));
    assert.equal(connections, 1);
    const guarded = new GuardedFetch({ lookup: resolver });
    await assert.rejects(
      guarded.fetch(`https://loopback.test:${port}/jwks.json`, { timeoutMs: 2_000, maxBytes: 1024 }),
      /resolves to 127\.0\.0\.1/,
    );
    assert.equal(connections, 1);
  });

  it('classifies addresses: public unicast passes, every internal range is refused', () => {
    assert.equal(refusedRange(PUBLIC), null);
    assert.equal(refusedRange('2606:2800:220:1:248:1893:25c8:1946'), null);
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd00:ec2::254',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
    ]) {
      assert.notEqual(refusedRange(address), null, address);
    }
    assert.equal(refusedRange('127.0.0.1', true), null, 'loopback only through the test-only allowance');
    assert.notEqual(refusedRange('10.0.0.1', true), null, 'the allowance does not open private ranges');
  });
});

describe('guarded fetch limits', () => {
  let server: HttpServer;
  let base: string;
  before(async () => {
    server = createHttpServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `${base}/keys` });
        return res.end();
      }
      if (req.url === '/big') return res.end('x'.repeat(100_000));
      if (req.url === '/slow') return; // never answers
      res.setHeader('content-type', 'application/json');
      res.end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('follows no redirect, stops at the size limit and gives up at the time limit', async () => {
    const open = new GuardedFetch({ allowLoopbackForTests: true });
    const limits = { timeoutMs: 500, maxBytes: 1024 };
    const ok = await open.fetch(`${base}/keys`, limits);
    assert.equal(ok.status, 200, 'positive control');
    assert.deepEqual(await ok.json(), { keys: [] });
    await assert.rejects(open.fetch(`${base}/redirect`, limits), /redirects are not followed/);
    await assert.rejects(open.fetch(`${base}/big`, limits), /larger than 1024 bytes/);
    await assert.rejects(
      open.fetch(`${base}/slow`, limits),
      (error: Error) => error.name === 'TimeoutError' || /abort/i.test(error.message),
    );
  });
});
