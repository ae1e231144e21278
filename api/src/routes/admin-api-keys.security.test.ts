import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../testing/harness';
import { STAFF_CONSOLE, staffMember } from '../testing/staff';

let h: Harness;
before(async () => (h = await startHarness({ app: { publicUrl: `${STAFF_CONSOLE}/` } })));
after(() => h.close());

const keyRows = async () =>
  JSON.stringify(await h.db.sql`select id, label, revoked_at, expires_at from api_keys order by id`);
const keyOf = async (auth: string) =>
  (await h.call('GET', '/v1/admin/api-keys', { auth })).body.items.find((k: { current: boolean }) => k.current);

describe('API keys: security', () => {
  it('another tenant’s key is 404 to revoke or rotate, and nothing changes', async () => {
    const bKey = await keyOf(h.b.apiKey);
    const before = await keyRows();
    const revoke = await h.call('DELETE', `/v1/admin/api-keys/${bKey.id}`, { auth: h.a.apiKey });
    assert.deepEqual([revoke.status, revoke.body.error.code], [404, 'NOT_FOUND']);
    const rotate = await h.call('POST', `/v1/admin/api-keys/${bKey.id}/rotate`, {
      auth: h.a.apiKey,
      body: { overlapHours: 0 },
    });
    assert.deepEqual([rotate.status, rotate.body.error.code], [404, 'NOT_FOUND']);
    assert.equal(await keyRows(), before);
    assert.equal((await h.call('GET', '/v1/admin/settings', { auth: h.b.apiKey })).status, 200);
    const listed = (await h.call('GET', '/v1/admin/api-keys', { auth: h.a.apiKey })).body.items;
    assert.ok(listed.length > 0 && listed.every((k: { id: string }) => k.id !== bKey.id), 'A lists only its own');
  });

  it('a dispatcher gets 403 ROLE_FORBIDDEN on every key route; an admin may (positive control)', async () => {
    const dispatcher = await staffMember(h, h.a, 'dee@acme.example', 'dispatcher');
    const admin = await staffMember(h, h.a, 'ada@acme.example', 'admin');
    const aKey = await keyOf(h.a.apiKey);
    const before = await keyRows();
    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/admin/api-keys'],
      ['POST', '/v1/admin/api-keys', { label: 'Mine' }],
      ['POST', `/v1/admin/api-keys/${aKey.id}/rotate`, { overlapHours: 0 }],
      ['DELETE', `/v1/admin/api-keys/${aKey.id}`],
    ];
    for (const [method, path, body] of routes) {
      const res = await dispatcher.call(method, path, { body });
      assert.deepEqual([res.status, res.body?.error?.code], [403, 'ROLE_FORBIDDEN'], `${method} ${path}`);
    }
    assert.equal(await keyRows(), before, 'nothing changed');
    assert.equal((await admin.call('GET', '/v1/admin/api-keys')).status, 200);
    const made = await admin.call('POST', '/v1/admin/api-keys', { body: { label: 'Admin made' } });
    assert.equal(made.status, 201);
    assert.equal((await admin.call('DELETE', `/v1/admin/api-keys/${made.body.key.id}`)).status, 204);
  });

  it('a console write without the CSRF token or from another origin is 403 and creates nothing', async () => {
    const admin = await staffMember(h, h.a, 'csrf@acme.example', 'admin');
    const before = await keyRows();
    const noCsrf = await admin.call('POST', '/v1/admin/api-keys', { body: {}, csrf: null });
    assert.deepEqual([noCsrf.status, noCsrf.body.error.code], [403, 'CSRF_FAILED']);
    const elsewhere = await admin.call('POST', '/v1/admin/api-keys', { body: {}, origin: 'https://evil.example' });
    assert.deepEqual([elsewhere.status, elsewhere.body.error.code], [403, 'ORIGIN_NOT_ALLOWED']);
    const noOrigin = await admin.call('POST', '/v1/admin/api-keys', { body: {}, origin: null });
    assert.deepEqual([noOrigin.status, noOrigin.body.error.code], [403, 'ORIGIN_NOT_ALLOWED']);
    assert.equal(await keyRows(), before);
    assert.equal((await admin.call('POST', '/v1/admin/api-keys', { body: {} })).status, 201, 'positive control');
  });

  it('bad input is 400 VALIDATION_FAILED and changes nothing', async () => {
    const aKey = await keyOf(h.a.apiKey);
    const before = await keyRows();
    const bad: [string, string, unknown?][] = [
      ['POST', '/v1/admin/api-keys', { label: 'x'.repeat(81) }],
      ['POST', '/v1/admin/api-keys', { label: '   ' }],
      ['POST', '/v1/admin/api-keys', { label: 'ok', secret: 'porch_sk_mine' }],
      ['POST', `/v1/admin/api-keys/${aKey.id}/rotate`, { overlapHours: 721 }],
      ['POST', `/v1/admin/api-keys/${aKey.id}/rotate`, {}],
      ['POST', '/v1/admin/api-keys/not-a-uuid/rotate', { overlapHours: 0 }],
      ['DELETE', '/v1/admin/api-keys/not-a-uuid'],
    ];
    for (const [method, path, body] of bad) {
      const res = await h.call(method, path, { auth: h.a.apiKey, body });
      assert.deepEqual([res.status, res.body.error.code], [400, 'VALIDATION_FAILED'], `${method} ${path}`);
    }
    assert.equal(await keyRows(), before);
  });

  it('needs credentials: none, a portal session or a revoked key is 401', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const made = (await h.call('POST', '/v1/admin/api-keys', { auth: h.a.apiKey, body: {} })).body;
    assert.equal((await h.call('GET', '/v1/admin/api-keys', { auth: made.apiKey })).status, 200, 'positive control');
    assert.equal((await h.call('DELETE', `/v1/admin/api-keys/${made.key.id}`, { auth: h.a.apiKey })).status, 204);
    for (const auth of [undefined, session, made.apiKey]) {
      const res = await h.call('GET', '/v1/admin/api-keys', { auth });
      assert.equal(res.status, 401, String(auth));
    }
  });
});
