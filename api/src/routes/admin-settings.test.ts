import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

describe('/v1/admin/settings', () => {
  it('reads and changes the tenant settings', async () => {
    const read = await h.call('GET', '/v1/admin/settings', { auth: h.a.apiKey });
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.allowedOrigins, [h.a.origin]);
    assert.equal(read.body.portalEnabled, true);
    const res = await h.call('PATCH', '/v1/admin/settings', {
      auth: h.a.apiKey,
      body: { allowedOrigins: [h.a.origin, 'https://www.acme.example'], serviceRequestsEnabled: false },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.allowedOrigins, [h.a.origin, 'https://www.acme.example']);
    assert.equal(res.body.serviceRequestsEnabled, false);
    assert.equal(res.body.name, 'Acme Printer Repair');
  });

  it('stores the company’s time zone, and refuses a zone that is not one', async () => {
    assert.equal((await h.call('GET', '/v1/admin/settings', { auth: h.a.apiKey })).body.timezone, null);
    const set = await h.call('PATCH', '/v1/admin/settings', { auth: h.a.apiKey, body: { timezone: 'Asia/Tokyo' } });
    assert.equal(set.status, 200);
    assert.equal(set.body.timezone, 'Asia/Tokyo');
    const wrong = await h.call('PATCH', '/v1/admin/settings', { auth: h.a.apiKey, body: { timezone: 'Mars/Olympus' } });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'VALIDATION_FAILED');
    assert.equal((await h.call('GET', '/v1/admin/settings', { auth: h.a.apiKey })).body.timezone, 'Asia/Tokyo');
  });

  it('accepts only bare origins, never a wildcard or a path', async () => {
    for (const origin of ['*', 'https://acme.example/', 'https://acme.example/shop', 'acme.example']) {
      const res = await h.call('PATCH', '/v1/admin/settings', { auth: h.a.apiKey, body: { allowedOrigins: [origin] } });
      assert.equal(res.status, 400, origin);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
  });
});

describe('/v1/admin/profiles', () => {
  it('creates, lists, reads, updates and deletes profiles', async () => {
    const created = await h.call('POST', '/v1/admin/profiles', {
      auth: h.a.apiKey,
      body: {
        name: 'Managed print',
        mode: 'tracking+booking',
        redirectUrl: 'https://acme.example',
        salutation: 'Dear customer',
        language: 'de',
        theme: { colorPrimary: '#c2410c', radius: '12px' },
      },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.mode, 'tracking+booking');
    assert.deepEqual(created.body.theme, { colorPrimary: '#c2410c', radius: '12px' });
    const list = await h.call('GET', '/v1/admin/profiles', { auth: h.a.apiKey });
    assert.deepEqual(
      list.body.items.map((p: { name: string }) => p.name),
      ['Default', 'Managed print'],
    );
    const patched = await h.call('PATCH', `/v1/admin/profiles/${created.body.id}`, {
      auth: h.a.apiKey,
      body: { salutation: null, isDefault: true },
    });
    assert.equal(patched.body.salutation, null);
    assert.equal(patched.body.isDefault, true);
    const defaults = (await h.call('GET', '/v1/admin/profiles', { auth: h.a.apiKey })).body.items.filter(
      (p: { isDefault: boolean }) => p.isDefault,
    );
    assert.equal(defaults.length, 1, 'exactly one default profile');
    const oldDefault = list.body.items[0].id;
    assert.equal((await h.call('DELETE', `/v1/admin/profiles/${oldDefault}`, { auth: h.a.apiKey })).status, 204);
    const gone = await h.call('GET', `/v1/admin/profiles/${oldDefault}`, { auth: h.a.apiKey });
    assert.equal(gone.status, 404);
  });

  it('refuses to delete the default or a profile in use (409 CONFLICT)', async () => {
    const profile = await h.call('POST', '/v1/admin/profiles', { auth: h.a.apiKey, body: { name: 'In use' } });
    await h.createTicket(h.a, { profileId: profile.body.id });
    const res = await h.call('DELETE', `/v1/admin/profiles/${profile.body.id}`, { auth: h.a.apiKey });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'CONFLICT');
  });

  it('rejects unsafe theme values and logos by address (logos are uploaded)', async () => {
    const bad = [
      { name: 'x', theme: { colorPrimary: 'red; background: url(evil)' } },
      { name: 'x', logoUrl: 'javascript:alert(1)' },
      { name: 'x', logoUrl: 'https://acme.example/logo.svg' },
      { name: 'x', theme: { unknownToken: '1px' } },
      { name: 'x', mode: 'everything' },
    ];
    for (const body of bad) {
      const res = await h.call('POST', '/v1/admin/profiles', { auth: h.a.apiKey, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
  });

  it('keeps a theme’s mode and text-on-primary colour; refuses bad ones and changes nothing', async () => {
    const theme = { colorPrimary: '#fde047', colorOnPrimary: '#1e293b', mode: 'dark' };
    const profile = await h.call('POST', '/v1/admin/profiles', { auth: h.a.apiKey, body: { name: 'Themed', theme } });
    assert.equal(profile.status, 201);
    assert.deepEqual(profile.body.theme, theme);
    const path = `/v1/admin/profiles/${profile.body.id}`;
    for (const bad of [{ mode: 'sepia' }, { mode: 1 }, { colorOnPrimary: '#fff} body {color:red' }, { density: 'x' }]) {
      const res = await h.call('PATCH', path, { auth: h.a.apiKey, body: { theme: bad } });
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
    assert.deepEqual((await h.call('GET', path, { auth: h.a.apiKey })).body.theme, theme);
    const light = await h.call('PATCH', path, { auth: h.a.apiKey, body: { theme: { mode: 'auto' } } });
    assert.deepEqual(light.body.theme, { mode: 'auto' });
  });

  it('keeps a theme’s density; an unknown one is 400 at theme.density and changes nothing', async () => {
    const theme = { colorPrimary: '#c2410c', density: 'compact' };
    const profile = await h.call('POST', '/v1/admin/profiles', { auth: h.a.apiKey, body: { name: 'Dense', theme } });
    assert.equal(profile.status, 201);
    assert.deepEqual(profile.body.theme, theme);
    const path = `/v1/admin/profiles/${profile.body.id}`;
    for (const density of ['tight', 'Compact', 1, null]) {
      const res = await h.call('PATCH', path, { auth: h.a.apiKey, body: { theme: { density } } });
      assert.equal(res.status, 400, String(density));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.error.issues.some((i: { path: string }) => i.path.endsWith('theme.density')),
        JSON.stringify(res.body.error.issues),
      );
    }
    assert.deepEqual((await h.call('GET', path, { auth: h.a.apiKey })).body.theme, theme);
    const roomy = await h.call('PATCH', path, { auth: h.a.apiKey, body: { theme: { density: 'spacious' } } });
    assert.equal(roomy.status, 200);
    assert.deepEqual(roomy.body.theme, { density: 'spacious' });
  });
});

describe('/v1/admin/projects', () => {
  it('creates and updates projects that pick a profile', async () => {
    const profile = await h.call('POST', '/v1/admin/profiles', { auth: h.a.apiKey, body: { name: 'HVAC' } });
    const project = await h.call('POST', '/v1/admin/projects', {
      auth: h.a.apiKey,
      body: { name: 'Heating', profileId: profile.body.id },
    });
    assert.equal(project.status, 201);
    assert.equal(project.body.profileId, profile.body.id);
    const patched = await h.call('PATCH', `/v1/admin/projects/${project.body.id}`, {
      auth: h.a.apiKey,
      body: { profileId: null },
    });
    assert.equal(patched.body.profileId, null);
    const list = await h.call('GET', '/v1/admin/projects', { auth: h.a.apiKey });
    assert.ok(list.body.items.some((p: { id: string }) => p.id === project.body.id));
  });

  it('stamps projects with the app clock and lists those of one instant in the order they were made', async () => {
    const names = ['Order 1', 'Order 2', 'Order 3'];
    for (const name of names) {
      const created = await h.call('POST', '/v1/admin/projects', { auth: h.b.apiKey, body: { name } });
      assert.equal(Date.parse(created.body.createdAt), h.clock.now().getTime());
    }
    const list = await h.call('GET', '/v1/admin/projects', { auth: h.b.apiKey });
    assert.deepEqual(
      list.body.items.map((p: { name: string }) => p.name),
      names,
    );
  });
});
