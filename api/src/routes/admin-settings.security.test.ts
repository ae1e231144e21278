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
    ] as const) {
      const res = await h.call(method, path, {
        auth: 'porch_sk_wrong',
        body: method === 'GET' ? undefined : { name: 'x' },
      });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.error.code, 'API_KEY_INVALID');
    }
  });
});
