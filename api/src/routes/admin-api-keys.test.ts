import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiKeyView } from '../schemas/api-keys';
import { startHarness, type Harness } from '../testing/harness';
import { STAFF_CONSOLE, staffMember } from '../testing/staff';

let h: Harness;
before(async () => (h = await startHarness({ app: { publicUrl: `${STAFF_CONSOLE}/` } })));
after(() => h.close());

const MINUTE = 60_000;
const keys = async (auth: string) => {
  const res = await h.call('GET', '/v1/admin/api-keys', { auth });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items as ApiKeyView[];
};
const works = async (key: string) => (await h.call('GET', '/v1/admin/settings', { auth: key })).status;

describe('/v1/admin/api-keys', () => {
  it('lists keys by prefix and label, marks the calling key, and never answers a secret after creation', async () => {
    const created = await h.call('POST', '/v1/admin/api-keys', {
      auth: h.a.apiKey,
      body: { label: ' Billing server ' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body.apiKey, /^porch_sk_/);
    assert.equal(created.body.key.label, 'Billing server');
    assert.equal(created.body.key.prefix, created.body.apiKey.slice(0, 14));
    assert.equal(await works(created.body.apiKey), 200);

    const listed = await keys(h.a.apiKey);
    assert.deepEqual(
      listed.map((k) => [k.prefix, k.label, k.current]),
      [
        [created.body.apiKey.slice(0, 14), 'Billing server', false],
        [h.a.apiKey.slice(0, 14), null, true],
      ],
    );
    const raw = JSON.stringify(listed) + JSON.stringify(await h.db.sql`select * from api_keys`);
    for (const secret of [h.a.apiKey, created.body.apiKey]) assert.ok(!raw.includes(secret), 'only hashes rest');
  });

  it('records the last use at most once a minute per key', async () => {
    const { apiKey } = (await h.call('POST', '/v1/admin/api-keys', { auth: h.a.apiKey, body: {} })).body;
    const lastUsed = async () => (await keys(h.a.apiKey)).find((k) => k.prefix === apiKey.slice(0, 14))!.lastUsedAt;
    assert.equal(await lastUsed(), null, 'unused');
    const first = h.clock.now().toISOString();
    await works(apiKey);
    assert.equal(await lastUsed(), first);
    h.clock.advance(MINUTE / 2);
    await works(apiKey);
    assert.equal(await lastUsed(), first, 'within the minute: not written again');
    h.clock.advance(MINUTE / 2);
    await works(apiKey);
    assert.equal(await lastUsed(), h.clock.now().toISOString(), 'a minute later: written');
  });

  it('rotates one key: the successor keeps its label, the old one works for the overlap only', async () => {
    const { apiKey, key } = (
      await h.call('POST', '/v1/admin/api-keys', { auth: h.a.apiKey, body: { label: 'Dispatch app' } })
    ).body;
    const rotated = await h.call('POST', `/v1/admin/api-keys/${key.id}/rotate`, {
      auth: h.a.apiKey,
      body: { overlapHours: 1 },
    });
    assert.equal(rotated.status, 201, JSON.stringify(rotated.body));
    assert.equal(rotated.body.key.label, 'Dispatch app');
    assert.equal(rotated.body.previousExpireAt, new Date(h.clock.now().getTime() + 60 * MINUTE).toISOString());
    assert.equal(await works(apiKey), 200, 'old key within the overlap');
    assert.equal(await works(rotated.body.apiKey), 200);
    assert.equal(await works(h.a.apiKey), 200, 'the other keys are untouched');
    h.clock.advance(60 * MINUTE + 1);
    assert.equal(await works(apiKey), 401);
    assert.equal(await works(rotated.body.apiKey), 200);
    const again = await h.call('POST', `/v1/admin/api-keys/${key.id}/rotate`, {
      auth: h.a.apiKey,
      body: { overlapHours: 0 },
    });
    assert.deepEqual([again.status, again.body.error.code], [409, 'CONFLICT'], 'an ended key has no successor');
  });

  it('rotating the calling key with no overlap answers its successor, which works (no silent lockout)', async () => {
    const { apiKey, key } = (await h.call('POST', '/v1/admin/api-keys', { auth: h.a.apiKey, body: {} })).body;
    const rotated = await h.call('POST', `/v1/admin/api-keys/${key.id}/rotate`, {
      auth: apiKey,
      body: { overlapHours: 0 },
    });
    assert.equal(rotated.status, 201);
    assert.equal(await works(apiKey), 401);
    assert.equal(await works(rotated.body.apiKey), 200);
  });

  it('revokes a key at once; a key cannot revoke itself (409 API_KEY_IN_USE, nothing changed)', async () => {
    const { apiKey, key } = (await h.call('POST', '/v1/admin/api-keys', { auth: h.a.apiKey, body: {} })).body;
    const self = await h.call('DELETE', `/v1/admin/api-keys/${key.id}`, { auth: apiKey });
    assert.deepEqual([self.status, self.body.error.code], [409, 'API_KEY_IN_USE']);
    assert.equal(await works(apiKey), 200, 'still works');
    assert.equal((await keys(h.a.apiKey)).find((k) => k.id === key.id)!.revokedAt, null);

    const revoked = await h.call('DELETE', `/v1/admin/api-keys/${key.id}`, { auth: h.a.apiKey });
    assert.equal(revoked.status, 204);
    const refused = await h.call('GET', '/v1/admin/settings', { auth: apiKey });
    assert.deepEqual([refused.status, refused.body.error.code], [401, 'API_KEY_INVALID']);
    assert.equal((await keys(h.a.apiKey)).find((k) => k.id === key.id)!.revokedAt, h.clock.now().toISOString());
    assert.equal((await h.call('DELETE', `/v1/admin/api-keys/${key.id}`, { auth: h.a.apiKey })).status, 204);
  });

  it('an owner in the console may revoke every key (the console needs none) and create a new one', async () => {
    const owner = await staffMember(h, h.b, 'olga@globex.example', 'owner');
    for (const key of (await owner.call('GET', '/v1/admin/api-keys')).body.items) {
      assert.equal((await owner.call('DELETE', `/v1/admin/api-keys/${key.id}`)).status, 204);
    }
    assert.equal(await works(h.b.apiKey), 401);
    const fresh = await owner.call('POST', '/v1/admin/api-keys', { body: { label: 'New server' } });
    assert.equal(fresh.status, 201);
    assert.equal(await works(fresh.body.apiKey), 200);
    h.b.apiKey = fresh.body.apiKey;
  });
});
