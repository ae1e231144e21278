import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

describe('admin settings, profiles, projects: security', () => {
  it('answers 404 for another tenant’s profiles and projects, changing nothing', async () => {
    const profile = await h.call('POST', '/v1/admin/profiles', { auth: h.a.apiKey, body: { name: 'Secret A' } });
    const project = await h.call('POST', '/v1/admin/projects', { auth: h.a.apiKey, body: { name: 'Project A' } });
    const calls: [string, string, unknown?][] = [
      ['GET', `/v1/admin/profiles/${profile.body.id}`],
      ['PATCH', `/v1/admin/profiles/${profile.body.id}`, { name: 'mine now' }],
      ['DELETE', `/v1/admin/profiles/${profile.body.id}`],
      ['POST', `/v1/admin/profiles/${profile.body.id}/clone`, { name: 'stolen' }],
      ['GET', `/v1/admin/projects/${project.body.id}`],
      ['PATCH', `/v1/admin/projects/${project.body.id}`, { name: 'mine now' }],
      ['POST', '/v1/admin/projects', { name: 'steal', profileId: profile.body.id }],
    ];
    for (const [method, path, body] of calls) {
      const res = await h.call(method, path, { auth: h.b.apiKey, body });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
    assert.equal(
      (await h.call('GET', `/v1/admin/profiles/${profile.body.id}`, { auth: h.a.apiKey })).body.name,
      'Secret A',
    );
    assert.equal(
      (await h.call('GET', `/v1/admin/projects/${project.body.id}`, { auth: h.a.apiKey })).body.name,
      'Project A',
    );
    const names = async (auth: string) =>
      (await h.call('GET', '/v1/admin/profiles', { auth })).body.items.map((p: { name: string }) => p.name);
    assert.ok(!(await names(h.b.apiKey)).includes('stolen'), 'no clone in B');
    assert.ok(!(await names(h.a.apiKey)).includes('stolen'), 'no clone in A');
  });

  it('refuses hostile texts and clone bodies with 400 and writes nothing', async () => {
    const profile = await h.call('POST', '/v1/admin/profiles', { auth: h.a.apiKey, body: { name: 'Texts A' } });
    const count = async () => (await h.call('GET', '/v1/admin/profiles', { auth: h.a.apiKey })).body.items.length;
    const before = await count();
    for (const [method, path, body] of [
      ['POST', `/v1/admin/profiles/${profile.body.id}/clone`, { name: 'x'.repeat(101) }],
      ['POST', `/v1/admin/profiles/${profile.body.id}/clone`, { name: 'x', isDefault: true }],
      ['POST', `/v1/admin/profiles/${profile.body.id}/clone`, { name: { en: 'x' } }],
      ['PATCH', `/v1/admin/profiles/${profile.body.id}`, { salutation: { en: 'x'.repeat(201) } }],
      ['PATCH', `/v1/admin/profiles/${profile.body.id}`, { salutation: ['Hallo'] }],
      ['PATCH', `/v1/admin/profiles/${profile.body.id}`, { disclaimer: { de: { nested: 'x' } } }],
    ] as const) {
      const res = await h.call(method, path, { auth: h.a.apiKey, body });
      assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
    // A `__proto__` key never becomes a text (the JSON parser or the schema drops it).
    const proto = await h.call('PATCH', `/v1/admin/profiles/${profile.body.id}`, {
      auth: h.a.apiKey,
      body: '{"salutation":{"__proto__":{"en":"x"}}}',
    });
    assert.ok(proto.status === 200 || proto.status === 400, String(proto.status));
    assert.equal(await count(), before);
    const read = await h.call('GET', `/v1/admin/profiles/${profile.body.id}`, { auth: h.a.apiKey });
    assert.deepEqual([read.body.salutation, read.body.disclaimer], [null, null]);
  });

  it('lists only the caller’s own profiles and settings', async () => {
    const list = await h.call('GET', '/v1/admin/profiles', { auth: h.b.apiKey });
    assert.ok(list.body.items.every((p: { name: string }) => p.name !== 'Secret A'));
    const settings = await h.call('GET', '/v1/admin/settings', { auth: h.b.apiKey });
    assert.equal(settings.body.tenantId, h.b.tenantId);
  });

  it('needs a valid API key for every settings route', async () => {
    for (const [method, path] of [
      ['GET', '/v1/admin/settings'],
      ['PATCH', '/v1/admin/settings'],
      ['GET', '/v1/admin/profiles'],
      ['POST', '/v1/admin/projects'],
      ['POST', '/v1/admin/profiles/00000000-0000-4000-8000-000000000001/clone'],
    ] as const) {
      const res = await h.call(method, path, {
        auth: 'porch_sk_wrong',
        body: method === 'GET' ? undefined : { name: 'x' },
      });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.error.code, 'API_KEY_INVALID');
    }
    const anonymous = await h.call('POST', '/v1/admin/profiles/00000000-0000-4000-8000-000000000001/clone', {
      body: {},
    });
    assert.equal(anonymous.status, 401);
  });

  it('refuses a customer’s session on the admin routes (a session is no API key)', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const { id } = (await h.call('GET', '/v1/admin/profiles', { auth: h.a.apiKey })).body.items[0];
    const res = await h.call('POST', `/v1/admin/profiles/${id}/clone`, { auth: session, body: {} });
    assert.equal(res.status, 401);
    const res2 = await h.call('PATCH', `/v1/admin/profiles/${id}`, { auth: session, body: { salutation: 'x' } });
    assert.equal(res2.status, 401);
  });
});
